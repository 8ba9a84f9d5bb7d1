#include "fakeopenaiserver.h"
#include "openaichatmodel.h"
#include "providerfactory.h"
#include "ssereader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <optional>

namespace
{

const QString KEY = QStringLiteral("sk-test-maitre-0123456789");

// What one completion delivered, in order.
struct Outcome
{
    QStringList texts;
    QList<std::pair<int, QString>> started; // index, id|name
    QHash<int, QString> arguments;
    QStringList order; // "text", "start", "args" as they came
    std::optional<Result<ChatCompletion>> finished;
    int finishedCount = 0;
};

LanguageModel::Callbacks record(Outcome& out)
{
    LanguageModel::Callbacks callbacks;
    callbacks.text = [&out](const QString& delta) {
        out.texts << delta;
        out.order << QStringLiteral("text");
    };
    callbacks.toolCallStarted = [&out](int index, const QString& id, const QString& name) {
        out.started.append({index, id + u'|' + name});
        out.order << QStringLiteral("start");
    };
    callbacks.toolCallArguments = [&out](int index, const QString& fragment) {
        out.arguments[index] += fragment;
        out.order << QStringLiteral("args");
    };
    callbacks.finished = [&out](const Result<ChatCompletion>& completion) {
        out.finished = completion;
        ++out.finishedCount;
    };
    return callbacks;
}

// The error's message, for a failed QVERIFY2 (empty when there is none).
QString problem(const Result<ChatCompletion>& result)
{
    return result ? QString() : result.error().message;
}

ChatRequest menuQuestion(bool stream = true)
{
    ChatRequest request;
    request.stream = stream;
    request.messages = {ChatMessage::system(QStringLiteral("You help diners order.")),
                        ChatMessage::user(QStringLiteral("Something spicy under 15?"))};
    request.tools = {
        ChatTool{QStringLiteral("search_menu"),
                 QStringLiteral("Searches the menu."),
                 QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                             {QStringLiteral("properties"),
                              QJsonObject{{QStringLiteral("query"),
                                           QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}}}}};
    return request;
}

OpenAiChatModel::Options optionsFor(const FakeOpenAiServer& server)
{
    OpenAiChatModel::Options options;
    options.baseUrl = QUrl(server.baseUrl());
    options.model = QStringLiteral("test-model");
    options.apiKey = KEY;
    options.retryDelayMs = 50;
    options.firstAnswerTimeoutMs = 2000;
    options.idleTimeoutMs = 2000;
    return options;
}

QJsonObject errorBody(const QString& message)
{
    return {{QStringLiteral("error"),
             QJsonObject{{QStringLiteral("message"), message}, {QStringLiteral("type"), QStringLiteral("test")}}}};
}

} // namespace

// The OpenAI-compatible chat client against a local server speaking the
// protocol: plain and streamed answers, streamed tool calls put together from
// fragments, HTTP errors, retries and Retry-After, malformed streams, timeouts
// and stopping. Also the event-stream reader on its own and the factory.
class TestCopilotLlmClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sseReaderHandlesLineEndingsAndSplits();
    void sseReaderJoinsDataAndSkipsComments();
    void endpointFromBaseUrl_data();
    void endpointFromBaseUrl();
    void plainCompletionSendsTheProtocol();
    void plainCompletionWithToolCalls();
    void streamedTextArrivesInOrder();
    void streamedToolCallsAreAssembled();
    void jsonAnswerToAStreamedRequest();
    void httpErrors_data();
    void httpErrors();
    void serverErrorsAreRetriedWithBackoff();
    void rateLimitedHonoursRetryAfter();
    void retryAfterTooLongIsNotWaitedFor();
    void malformedStream_data();
    void malformedStream();
    void noAnswerTimesOutAfterRetries();
    void silenceMidStreamTimesOutWithoutRetry();
    void unreachableServer();
    void cancelStopsTheAnswer();
    void completeFromAnotherThread();
    void factoryFollowsTheSettings();
};

void TestCopilotLlmClient::sseReaderHandlesLineEndingsAndSplits()
{
    const QByteArray stream = "data: one\r\n\r\ndata: tw\xc3\xa9\r\rdata: three\n\n";
    // Fed one byte at a time, the same events come out as fed whole.
    SseReader whole;
    const QList<SseReader::Event> all = whole.feed(stream);
    QCOMPARE(all.size(), 3);
    SseReader bytewise;
    QList<SseReader::Event> pieces;
    for (char c : stream) {
        pieces += bytewise.feed(QByteArray(1, c));
    }
    QCOMPARE(pieces.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(pieces.at(i).data, all.at(i).data);
    }
    QCOMPARE(all.at(0).data, QStringLiteral("one"));
    QCOMPARE(all.at(1).data, QStringLiteral("twé")); // a character split across pieces
    QCOMPARE(all.at(2).data, QStringLiteral("three"));
    QVERIFY(!bytewise.hasPartialEvent());
}

void TestCopilotLlmClient::sseReaderJoinsDataAndSkipsComments()
{
    SseReader reader;
    const auto events = reader.feed(": keep-alive\n\nevent: ping\nid: 7\ndata: a\ndata:b\nretry: 10\n\ndata: tail");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).type, QStringLiteral("ping"));
    QCOMPARE(events.at(0).id, QStringLiteral("7"));
    QCOMPARE(events.at(0).data, QStringLiteral("a\nb"));
    QVERIFY(reader.hasPartialEvent()); // "data: tail" has not ended yet
    QCOMPARE(reader.feed("\n\n").value(0).data, QStringLiteral("tail"));
}

void TestCopilotLlmClient::endpointFromBaseUrl_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("endpoint");
    QTest::newRow("openai") << "https://api.openai.com/v1" << "https://api.openai.com/v1/chat/completions";
    QTest::newRow("trailing slash") << "http://localhost:11434/v1/" << "http://localhost:11434/v1/chat/completions";
    QTest::newRow("bare host (llama.cpp)") << "http://10.0.0.5:8080" << "http://10.0.0.5:8080/v1/chat/completions";
    QTest::newRow("groq") << "https://api.groq.com/openai/v1" << "https://api.groq.com/openai/v1/chat/completions";
    QTest::newRow("full endpoint") << "http://vllm:8000/v1/chat/completions" << "http://vllm:8000/v1/chat/completions";
}

void TestCopilotLlmClient::endpointFromBaseUrl()
{
    QFETCH(QString, base);
    QFETCH(QString, endpoint);
    QCOMPARE(OpenAiChatModel::endpointFor(QUrl(base)).toString(), endpoint);
}

void TestCopilotLlmClient::plainCompletionSendsTheProtocol()
{
    FakeOpenAiServer server([](const FakeOpenAiServer::Request&, int) {
        return FakeOpenAiServer::completion(QStringLiteral("Try the Pizza Diavola."));
    });
    OpenAiChatModel model(optionsFor(server));
    Outcome out;
    model.complete(menuQuestion(false), this, record(out));
    QTRY_VERIFY(out.finished.has_value());
    QVERIFY2(out.finished->has_value(), qPrintable(problem(*out.finished)));
    QCOMPARE((*out.finished)->text, QStringLiteral("Try the Pizza Diavola."));
    QCOMPARE((*out.finished)->finishReason, QStringLiteral("stop"));
    QCOMPARE((*out.finished)->model, QStringLiteral("test-model"));
    QCOMPARE(out.texts, QStringList{QStringLiteral("Try the Pizza Diavola.")});

    QCOMPARE(server.requests().size(), 1);
    const FakeOpenAiServer::Request& sent = server.requests().first();
    QCOMPARE(sent.method, QByteArray("POST"));
    QCOMPARE(sent.path, QStringLiteral("/v1/chat/completions"));
    QCOMPARE(sent.header("Authorization"), "Bearer " + KEY.toUtf8());
    QCOMPARE(sent.header("Content-Type"), QByteArray("application/json"));
    const QJsonObject body = sent.json();
    QCOMPARE(body.value(QStringLiteral("model")).toString(), QStringLiteral("test-model"));
    QCOMPARE(body.value(QStringLiteral("stream")).toBool(true), false);
    const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0)[QStringLiteral("role")].toString(), QStringLiteral("system"));
    QCOMPARE(messages.at(1)[QStringLiteral("role")].toString(), QStringLiteral("user"));
    QCOMPARE(messages.at(1)[QStringLiteral("content")].toString(), QStringLiteral("Something spicy under 15?"));
    const QJsonObject tool = body.value(QStringLiteral("tools")).toArray().at(0).toObject();
    QCOMPARE(tool.value(QStringLiteral("type")).toString(), QStringLiteral("function"));
    QCOMPARE(tool.value(QStringLiteral("function"))[QStringLiteral("name")].toString(), QStringLiteral("search_menu"));
    QVERIFY(tool.value(QStringLiteral("function"))[QStringLiteral("parameters")].isObject());
    QCOMPARE(body.value(QStringLiteral("tool_choice")).toString(), QStringLiteral("auto"));
}

void TestCopilotLlmClient::plainCompletionWithToolCalls()
{
    // Tool results go back as the protocol has them: the assistant's calls, then role "tool" with its id.
    FakeOpenAiServer server([](const FakeOpenAiServer::Request&, int) {
        const QJsonArray calls{
            QJsonObject{{QStringLiteral("id"), QStringLiteral("call_9")},
                        {QStringLiteral("type"), QStringLiteral("function")},
                        {QStringLiteral("function"),
                         // Ollama sends the arguments as an object, not as a string.
                         QJsonObject{{QStringLiteral("name"), QStringLiteral("search_menu")},
                                     {QStringLiteral("arguments"),
                                      QJsonObject{{QStringLiteral("query"), QStringLiteral("spicy")}}}}}}};
        return FakeOpenAiServer::completion({}, calls);
    });
    OpenAiChatModel model(optionsFor(server));
    ChatRequest request = menuQuestion(false);
    request.messages.append(ChatMessage::assistant(
        {}, {ChatToolCall{QStringLiteral("call_1"), QStringLiteral("show_cart"), QStringLiteral("{}")}}));
    request.messages.append(ChatMessage::toolResult(QStringLiteral("call_1"), QStringLiteral("{\"lines\":[]}")));
    Outcome out;
    model.complete(request, this, record(out));
    QTRY_VERIFY(out.finished.has_value());
    QVERIFY(out.finished->has_value());
    const ChatCompletion completion = **out.finished;
    QCOMPARE(completion.toolCalls.size(), 1);
    QCOMPARE(completion.toolCalls.first().id, QStringLiteral("call_9"));
    QCOMPARE(completion.toolCalls.first().name, QStringLiteral("search_menu"));
    QCOMPARE(
        QJsonDocument::fromJson(completion.toolCalls.first().arguments.toUtf8())[QStringLiteral("query")].toString(),
        QStringLiteral("spicy"));
    QCOMPARE(completion.finishReason, QStringLiteral("tool_calls"));

    const QJsonArray messages = server.requests().first().json().value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 4);
    const QJsonObject assistant = messages.at(2).toObject();
    QCOMPARE(assistant.value(QStringLiteral("role")).toString(), QStringLiteral("assistant"));
    QVERIFY(assistant.value(QStringLiteral("content")).isNull());
    QCOMPARE(assistant.value(QStringLiteral("tool_calls"))[0][QStringLiteral("id")].toString(),
             QStringLiteral("call_1"));
    QCOMPARE(messages.at(3)[QStringLiteral("role")].toString(), QStringLiteral("tool"));
    QCOMPARE(messages.at(3)[QStringLiteral("tool_call_id")].toString(), QStringLiteral("call_1"));
}

void TestCopilotLlmClient::streamedTextArrivesInOrder()
{
    // Written 7 bytes at a time, 5 ms apart: lines, JSON and "é" all split.
    FakeOpenAiServer server([](const FakeOpenAiServer::Request&, int) {
        auto reply = FakeOpenAiServer::stream({FakeOpenAiServer::textChunk(QStringLiteral("Hola, ")),
                                               FakeOpenAiServer::textChunk(QStringLiteral("¿qué ")),
                                               FakeOpenAiServer::textChunk(QStringLiteral("te apetece?")),
                                               FakeOpenAiServer::finishChunk(QStringLiteral("stop"))},
                                              true,
                                              7);
        reply.pieceDelayMs = 5;
        return reply;
    });
    OpenAiChatModel model(optionsFor(server));
    Outcome out;
    model.complete(menuQuestion(), this, record(out));
    QTRY_VERIFY_WITH_TIMEOUT(out.finished.has_value(), 15000);
    QVERIFY2(out.finished->has_value(), qPrintable(problem(*out.finished)));
    QCOMPARE(out.texts,
             (QStringList{QStringLiteral("Hola, "), QStringLiteral("¿qué "), QStringLiteral("te apetece?")}));
    QCOMPARE((*out.finished)->text, QStringLiteral("Hola, ¿qué te apetece?"));
    QCOMPARE((*out.finished)->finishReason, QStringLiteral("stop"));
    QCOMPARE(out.finishedCount, 1);
    QCOMPARE(server.requests().first().json().value(QStringLiteral("stream")).toBool(), true);
    QVERIFY(server.requests().first().header("Accept").contains("text/event-stream"));
}

void TestCopilotLlmClient::streamedToolCallsAreAssembled()
{
    // Two calls whose argument fragments interleave, the second's name arriving
    // after its first fragment, and a third without an id (as some servers send).
    FakeOpenAiServer server([](const FakeOpenAiServer::Request&, int) {
        return FakeOpenAiServer::stream(
            {FakeOpenAiServer::textChunk(QStringLiteral("Let me look.")),
             FakeOpenAiServer::toolChunk(0, QStringLiteral("call_a"), QStringLiteral("search_menu"), {}),
             FakeOpenAiServer::toolChunk(0, {}, {}, QStringLiteral("{\"query\":")),
             FakeOpenAiServer::toolChunk(1, QStringLiteral("call_b"), {}, QStringLiteral("{\"menu_item_id\"")),
             FakeOpenAiServer::toolChunk(0, {}, {}, QStringLiteral("\"spicy\"}")),
             FakeOpenAiServer::toolChunk(1, {}, QStringLiteral("add_to_cart"), QStringLiteral(": 8, \"quantity\": 2}")),
             FakeOpenAiServer::toolChunk(2, {}, QStringLiteral("show_cart"), QStringLiteral("{}")),
             FakeOpenAiServer::finishChunk(QStringLiteral("tool_calls"))},
            true,
            11);
    });
    OpenAiChatModel model(optionsFor(server));
    Outcome out;
    model.complete(menuQuestion(), this, record(out));
    QTRY_VERIFY(out.finished.has_value());
    QVERIFY2(out.finished->has_value(), qPrintable(problem(*out.finished)));
    const ChatCompletion completion = **out.finished;
    QCOMPARE(completion.text, QStringLiteral("Let me look."));
    QCOMPARE(completion.finishReason, QStringLiteral("tool_calls"));
    QCOMPARE(completion.toolCalls.size(), 3);
    QCOMPARE(completion.toolCalls.at(0).id, QStringLiteral("call_a"));
    QCOMPARE(completion.toolCalls.at(0).arguments, QStringLiteral("{\"query\":\"spicy\"}"));
    QCOMPARE(completion.toolCalls.at(1).name, QStringLiteral("add_to_cart"));
    const QJsonObject add = QJsonDocument::fromJson(completion.toolCalls.at(1).arguments.toUtf8()).object();
    QCOMPARE(add.value(QStringLiteral("menu_item_id")).toInt(), 8);
    QCOMPARE(add.value(QStringLiteral("quantity")).toInt(), 2);
    QVERIFY(!completion.toolCalls.at(2).id.isEmpty());
    // The callbacks: each call started once, before its arguments, which add up to the whole.
    QCOMPARE(out.started.size(), 3);
    QCOMPARE(out.started.at(0), (std::pair<int, QString>{0, QStringLiteral("call_a|search_menu")}));
    QCOMPARE(out.started.at(1), (std::pair<int, QString>{1, QStringLiteral("call_b|add_to_cart")}));
    QCOMPARE(out.arguments.value(0), completion.toolCalls.at(0).arguments);
    QCOMPARE(out.arguments.value(1), completion.toolCalls.at(1).arguments);
    QCOMPARE(out.order.first(), QStringLiteral("text"));
    QCOMPARE(out.order.at(1), QStringLiteral("start"));
}

void TestCopilotLlmClient::jsonAnswerToAStreamedRequest()
{
    // A server that ignores "stream": true answers with one JSON completion.
    FakeOpenAiServer server([](const FakeOpenAiServer::Request&, int) {
        return FakeOpenAiServer::completion(QStringLiteral("Whole answer."));
    });
    OpenAiChatModel model(optionsFor(server));
    Outcome out;
    model.complete(menuQuestion(true), this, record(out));
    QTRY_VERIFY(out.finished.has_value());
    QVERIFY(out.finished->has_value());
    QCOMPARE((*out.finished)->text, QStringLiteral("Whole answer."));
}

void TestCopilotLlmClient::httpErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("mentions");
    QTest::addColumn<int>("attempts");
    QTest::newRow("401 bad key") << 401 << int(Error::Kind::Internal) << "API key" << 1;
    QTest::newRow("403") << 403 << int(Error::Kind::Internal) << "API key" << 1;
    QTest::newRow("404 unknown model") << 404 << int(Error::Kind::Invalid) << "test-model" << 1;
    QTest::newRow("400 bad request") << 400 << int(Error::Kind::Invalid) << "context length exceeded" << 1;
    QTest::newRow("500 after retries") << 500 << int(Error::Kind::Unavailable) << "HTTP 500" << 3;
    QTest::newRow("503 after retries") << 503 << int(Error::Kind::Unavailable) << "HTTP 503" << 3;
    QTest::newRow("429 after retries") << 429 << int(Error::Kind::Unavailable) << "429" << 3;
}

void TestCopilotLlmClient::httpErrors()
{
    QFETCH(int, status);
    QFETCH(int, kind);
    QFETCH(QString, mentions);
    QFETCH(int, attempts);
    FakeOpenAiServer server([status](const FakeOpenAiServer::Request&, int) {
        return FakeOpenAiServer::json(status, errorBody(QStringLiteral("context length exceeded")));
    });
    OpenAiChatModel model(optionsFor(server));
    Outcome out;
    model.complete(menuQuestion(), this, record(out));
    QTRY_VERIFY(out.finished.has_value());
    QVERIFY(!out.finished->has_value());
    QCOMPARE(int(out.finished->error().kind), kind);
    QVERIFY2(out.finished->error().message.contains(mentions), qPrintable(problem(*out.finished)));
    QVERIFY(!out.finished->error().message.contains(KEY)); // the key is never in a message
    QCOMPARE(server.requests().size(), attempts);
    QVERIFY(out.texts.isEmpty());
}

void TestCopilotLlmClient::serverErrorsAreRetriedWithBackoff()
{
    // Two 502s, then an answer: the caller sees only the answer.
    FakeOpenAiServer server([](const FakeOpenAiServer::Request&, int index) {
        if (index < 2) {
            return FakeOpenAiServer::json(502, errorBody(QStringLiteral("bad gateway")));
        }
        return FakeOpenAiServer::stream({FakeOpenAiServer::textChunk(QStringLiteral("Back.")),
                                         FakeOpenAiServer::finishChunk(QStringLiteral("stop"))});
    });
    OpenAiChatModel model(optionsFor(server));
    Outcome out;
    model.complete(menuQuestion(), this, record(out));
    QTRY_VERIFY(out.finished.has_value());
    QVERIFY2(out.finished->has_value(), qPrintable(problem(*out.finished)));
    QCOMPARE((*out.finished)->text, QStringLiteral("Back."));
    QCOMPARE(server.requests().size(), 3);
    // Exponential backoff: the second wait is not shorter than the first (50 ms, then 100 ms).
    const auto& r = server.requests();
    QVERIFY(r.at(1).receivedMs - r.at(0).receivedMs >= 45);
    QVERIFY(r.at(2).receivedMs - r.at(1).receivedMs >= 95);
}

void TestCopilotLlmClient::rateLimitedHonoursRetryAfter()
{
    FakeOpenAiServer server([](const FakeOpenAiServer::Request&, int index) {
        if (index == 0) {
            return FakeOpenAiServer::json(429, errorBody(QStringLiteral("slow down")), {{"Retry-After", "1"}});
        }
        return FakeOpenAiServer::completion(QStringLiteral("Now then."));
    });
    OpenAiChatModel model(optionsFor(server));
    Outcome out;
    model.complete(menuQuestion(false), this, record(out));
    QTRY_VERIFY_WITH_TIMEOUT(out.finished.has_value(), 10000);
    QVERIFY2(out.finished->has_value(), qPrintable(problem(*out.finished)));
    QCOMPARE(server.requests().size(), 2);
    // It waited as long as it was asked to (1 s), not its own 50 ms.
    QVERIFY(server.requests().at(1).receivedMs - server.requests().at(0).receivedMs >= 950);
}

void TestCopilotLlmClient::retryAfterTooLongIsNotWaitedFor()
{
    FakeOpenAiServer server([](const FakeOpenAiServer::Request&, int) {
        return FakeOpenAiServer::json(429, errorBody(QStringLiteral("quota")), {{"Retry-After", "3600"}});
    });
    OpenAiChatModel model(optionsFor(server));
    Outcome out;
    model.complete(menuQuestion(), this, record(out));
    QTRY_VERIFY(out.finished.has_value());
    QVERIFY(!out.finished->has_value());
    QCOMPARE(out.finished->error().kind, Error::Kind::Unavailable);
    QCOMPARE(server.requests().size(), 1);
}

void TestCopilotLlmClient::malformedStream_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("textsBefore");
    QTest::newRow("not json") << QByteArray("data: {\"choices\": [\n\n") << int(Error::Kind::Internal) << 0;
    QTest::newRow("ends early") << QByteArray(
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Half\"}}]}\n\n")
                                << int(Error::Kind::Internal) << 1;
    QTest::newRow("error mid-stream") << QByteArray(
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"
        "data: {\"error\":{\"message\":\"model overloaded\"}}\n\n")
                                      << int(Error::Kind::Unavailable) << 1;
    QTest::newRow("garbage line") << QByteArray("data: hello there\n\ndata: [DONE]\n\n") << int(Error::Kind::Internal)
                                  << 0;
}

void TestCopilotLlmClient::malformedStream()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, kind);
    QFETCH(int, textsBefore);
    FakeOpenAiServer server([stream](const FakeOpenAiServer::Request&, int) {
        FakeOpenAiServer::Reply reply;
        reply.stream = true;
        reply.contentType = "text/event-stream";
        reply.pieces = {stream};
        return reply;
    });
    OpenAiChatModel model(optionsFor(server));
    Outcome out;
    model.complete(menuQuestion(), this, record(out));
    QTRY_VERIFY(out.finished.has_value());
    QVERIFY(!out.finished->has_value());
    QCOMPARE(int(out.finished->error().kind), kind);
    QCOMPARE(out.texts.size(), textsBefore);
    QCOMPARE(out.finishedCount, 1);
}

void TestCopilotLlmClient::noAnswerTimesOutAfterRetries()
{
    FakeOpenAiServer server([](const FakeOpenAiServer::Request&, int) {
        FakeOpenAiServer::Reply reply;
        reply.answer = false;
        return reply;
    });
    OpenAiChatModel::Options options = optionsFor(server);
    options.firstAnswerTimeoutMs = 300;
    options.maxAttempts = 2;
    OpenAiChatModel model(options);
    Outcome out;
    model.complete(menuQuestion(), this, record(out));
    QTRY_VERIFY_WITH_TIMEOUT(out.finished.has_value(), 10000);
    QVERIFY(!out.finished->has_value());
    QCOMPARE(out.finished->error().kind, Error::Kind::Unavailable);
    QVERIFY2(out.finished->error().message.contains(QStringLiteral("did not answer")),
             qPrintable(problem(*out.finished)));
    QCOMPARE(server.requests().size(), 2);
}

void TestCopilotLlmClient::silenceMidStreamTimesOutWithoutRetry()
{
    // Once text reached the caller a retry would repeat it: the stall is an error.
    FakeOpenAiServer server([](const FakeOpenAiServer::Request&, int) {
        auto reply = FakeOpenAiServer::stream({FakeOpenAiServer::textChunk(QStringLiteral("Let me th"))}, false);
        reply.closeAtEnd = false;
        return reply;
    });
    OpenAiChatModel::Options options = optionsFor(server);
    options.idleTimeoutMs = 300;
    OpenAiChatModel model(options);
    Outcome out;
    model.complete(menuQuestion(), this, record(out));
    QTRY_VERIFY_WITH_TIMEOUT(out.finished.has_value(), 10000);
    QVERIFY(!out.finished->has_value());
    QCOMPARE(out.finished->error().kind, Error::Kind::Unavailable);
    QCOMPARE(out.texts, QStringList{QStringLiteral("Let me th")});
    QCOMPARE(server.requests().size(), 1);
}

void TestCopilotLlmClient::unreachableServer()
{
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    OpenAiChatModel::Options options;
    options.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(closedPort));
    options.model = QStringLiteral("m");
    options.retryDelayMs = 10;
    OpenAiChatModel model(options);
    Outcome out;
    model.complete(menuQuestion(), this, record(out));
    QTRY_VERIFY(out.finished.has_value());
    QVERIFY(!out.finished->has_value());
    QCOMPARE(out.finished->error().kind, Error::Kind::Unavailable);
    QVERIFY(out.finished->error().message.contains(QStringLiteral("cannot be reached")));
}

void TestCopilotLlmClient::cancelStopsTheAnswer()
{
    FakeOpenAiServer server([](const FakeOpenAiServer::Request&, int) {
        auto reply = FakeOpenAiServer::stream({FakeOpenAiServer::textChunk(QStringLiteral("Thinking"))}, false);
        reply.closeAtEnd = false;
        return reply;
    });
    OpenAiChatModel model(optionsFor(server));
    Outcome out;
    const quint64 id = model.complete(menuQuestion(), this, record(out));
    QTRY_COMPARE(out.texts.size(), 1);
    model.cancel(id);
    QTRY_VERIFY(out.finished.has_value());
    QVERIFY(!out.finished->has_value());
    QVERIFY(LanguageModel::isCancellation(out.finished->error()));
    QTest::qWait(50);
    QCOMPARE(out.finishedCount, 1);
}

void TestCopilotLlmClient::completeFromAnotherThread()
{
    // The model on its own thread, as the app runs it; callbacks come on the caller's.
    FakeOpenAiServer server([](const FakeOpenAiServer::Request&, int) {
        return FakeOpenAiServer::stream({FakeOpenAiServer::textChunk(QStringLiteral("Threaded.")),
                                         FakeOpenAiServer::finishChunk(QStringLiteral("stop"))});
    });
    QThread thread;
    auto* model = new OpenAiChatModel(optionsFor(server));
    model->moveToThread(&thread);
    thread.start();
    Outcome out;
    QThread* callbackThread = nullptr;
    LanguageModel::Callbacks callbacks = record(out);
    callbacks.text = [&out, &callbackThread](const QString& delta) {
        callbackThread = QThread::currentThread();
        out.texts << delta;
    };
    model->complete(menuQuestion(), this, callbacks);
    QTRY_VERIFY(out.finished.has_value());
    QVERIFY(out.finished->has_value());
    QCOMPARE(callbackThread, QThread::currentThread());
    QMetaObject::invokeMethod(model, [model] { delete model; }, Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
}

void TestCopilotLlmClient::factoryFollowsTheSettings()
{
    RestaurantSettings settings;
    settings.llmBaseUrl = QStringLiteral("http://localhost:11434/v1");
    settings.llmModel = QStringLiteral("llama3.1");
    auto off = ProviderFactory::makeLanguageModel(settings, KEY);
    QVERIFY(off);
    QVERIFY(*off == nullptr); // switched off: offline
    settings.llmEnabled = true;
    auto on = ProviderFactory::makeLanguageModel(settings, {});
    QVERIFY(on);
    QVERIFY(*on != nullptr);
    QCOMPARE((*on)->name(), QStringLiteral("openai-compatible"));
    QCOMPARE((*on)->describe(), QStringLiteral("llama3.1 at http://localhost:11434/v1"));
    settings.llmBaseUrl = QStringLiteral("localhost:11434");
    auto bad = ProviderFactory::makeLanguageModel(settings, {});
    QVERIFY(!bad);
    QCOMPARE(bad.error().field, QStringLiteral("llm_base_url"));
}

QTEST_GUILESS_MAIN(TestCopilotLlmClient)
#include "tst_copilot_llmclient.moc"
