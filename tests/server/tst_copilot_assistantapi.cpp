#include "dinerassistant.h"
#include "dinerserver.h"
#include "httpclient.h"
#include "menuservice.h"
#include "queueservice.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

namespace
{

// The AG-UI events of a text/event-stream body.
QList<QJsonObject> sseEvents(const QByteArray& body)
{
    QList<QJsonObject> out;
    for (const QByteArray& frame : body.split('\n')) {
        if (frame.startsWith("data: ")) {
            out << QJsonDocument::fromJson(frame.mid(6)).object();
        }
    }
    return out;
}

QStringList types(const QList<QJsonObject>& events)
{
    QStringList out;
    for (const QJsonObject& e : events) {
        const QString type = e.value(QStringLiteral("type")).toString();
        out << (type == u"CUSTOM" ? type + u':' + e.value(QStringLiteral("name")).toString() : type);
    }
    return out;
}

QList<QJsonObject> objects(const QJsonArray& array)
{
    QList<QJsonObject> out;
    for (const QJsonValue& v : array) {
        out << v.toObject();
    }
    return out;
}

QJsonObject runAgentInput(const QString& thread, const QString& message, const QJsonObject& state = {})
{
    return {{QStringLiteral("threadId"), thread},
            {QStringLiteral("runId"), QString(QStringLiteral("run-") + thread)},
            {QStringLiteral("messages"),
             QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("m1")},
                                    {QStringLiteral("role"), QStringLiteral("user")},
                                    {QStringLiteral("content"), message}}}},
            {QStringLiteral("tools"), QJsonArray{}},
            {QStringLiteral("context"), QJsonArray{}},
            {QStringLiteral("state"), state},
            {QStringLiteral("forwardedProps"), QJsonObject{}}};
}

} // namespace

// The ordering assistant's endpoints over a real socket with the demo menu in
// a real database: POST /api/v1/chat (JSON and streamed), POST /api/v1/agent
// (AG-UI over Server-Sent Events) and chat on the diner WebSocket; their
// limits and errors, every one problem+json.
class TestCopilotAssistantApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void chatAnswersFromTheMenuWithNoModel();
    void chatKeepsTheConversation();
    void chatCanStream();
    void agentSpeaksAgUi();
    void agentTakesThePageCartAsState();
    void refusals_data();
    void refusals();
    void oversizeBodies();
    void rateLimitedPerClient();
    void webSocketChatStreamsEvents();
    void notReadyIs503();

private:
    void startServer(int burst = 1000);
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<MenuService> m_menu;
    std::unique_ptr<QueueService> m_queue;
    std::unique_ptr<DinerServer> m_server;
    std::unique_ptr<HttpClient> m_http;
    qint64 m_restaurant = 0;
    quint16 m_port = 0;
};

void TestCopilotAssistantApi::initTestCase()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_menu = std::make_unique<MenuService>(*m_store);
    m_queue = std::make_unique<QueueService>(*m_store);
    startServer();
}

void TestCopilotAssistantApi::startServer(int burst)
{
    m_http.reset();
    m_server = std::make_unique<DinerServer>(*m_store, *m_menu, *m_queue);
    m_server->setRestaurantId(m_restaurant);
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.assistantBurst = burst;
    options.assistantPerMinute = burst;
    options.maxAssistantBodyBytes = 8 * 1024;
    const auto port = m_server->listen(options);
    QVERIFY(port);
    m_port = *port;
    m_http = std::make_unique<HttpClient>(m_port);
}

void TestCopilotAssistantApi::cleanupTestCase()
{
    m_http.reset();
    m_server.reset();
    m_queue.reset();
    m_menu.reset();
    m_store.reset();
    m_db.reset();
}

void TestCopilotAssistantApi::chatAnswersFromTheMenuWithNoModel()
{
    // The "done when": no model configured, and the answer comes from the menu.
    const HttpClient::Reply reply = m_http->post(QStringLiteral("/api/v1/chat"),
                                                 {{QStringLiteral("message"), QStringLiteral("what is vegetarian?")}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("content-type"), QByteArray("application/json"));
    const QJsonObject body = reply.json();
    QCOMPARE(body.value(QStringLiteral("mode")).toString(), QStringLiteral("offline"));
    QVERIFY2(body.value(QStringLiteral("text")).toString().contains(QStringLiteral("dishes that are vegetarian")),
             qPrintable(body.value(QStringLiteral("text")).toString()));
    const QJsonArray cards = body.value(QStringLiteral("cards")).toArray();
    QCOMPARE(cards.size(), 6);
    for (const QJsonValue& card : cards) {
        const QJsonArray tags = card[QStringLiteral("tags")].toArray();
        QVERIFY(tags.contains(QStringLiteral("vegetarian")) || tags.contains(QStringLiteral("vegan")));
        QVERIFY(card[QStringLiteral("price_cents")].toInt() > 0);
        QVERIFY(card[QStringLiteral("id")].toInteger() > 0);
    }
    QVERIFY(body.value(QStringLiteral("session")).toString().size() >= 32); // a new conversation, with a secret id
    QCOMPARE(types(objects(body.value(QStringLiteral("events")).toArray())),
             (QStringList{QStringLiteral("RUN_STARTED"),
                          QStringLiteral("TOOL_CALL_START"),
                          QStringLiteral("TOOL_CALL_ARGS"),
                          QStringLiteral("TOOL_CALL_END"),
                          QStringLiteral("TOOL_CALL_RESULT"),
                          QStringLiteral("CUSTOM:maitre.menu_cards"),
                          QStringLiteral("TEXT_MESSAGE_START"),
                          QStringLiteral("TEXT_MESSAGE_CONTENT"),
                          QStringLiteral("TEXT_MESSAGE_END"),
                          QStringLiteral("RUN_FINISHED")}));
    QVERIFY(body.value(QStringLiteral("cart")).isNull());
    QCOMPARE(body.value(QStringLiteral("confirm_needed")).toBool(true), false);
}

void TestCopilotAssistantApi::chatKeepsTheConversation()
{
    const QString session = QStringLiteral("chat-session-0001");
    HttpClient::Reply reply = m_http->post(QStringLiteral("/api/v1/chat"),
                                           {{QStringLiteral("session"), session},
                                            {QStringLiteral("message"), QStringLiteral("have you got panna cotta?")}});
    QCOMPARE(reply.status, 200);
    reply = m_http->post(
        QStringLiteral("/api/v1/chat"),
        {{QStringLiteral("session"), session}, {QStringLiteral("message"), QStringLiteral("add two of those")}});
    QCOMPARE(reply.status, 200);
    const QJsonObject cart = reply.json().value(QStringLiteral("cart")).toObject();
    QCOMPARE(cart[QStringLiteral("lines")][0][QStringLiteral("name")].toString(), QStringLiteral("Panna cotta"));
    QCOMPARE(cart[QStringLiteral("lines")][0][QStringLiteral("quantity")].toInt(), 2);
    QCOMPARE(cart[QStringLiteral("subtotal_cents")].toInt(), 1400);
    QVERIFY(reply.json().value(QStringLiteral("confirm_needed")).toBool());
    QCOMPARE(reply.json().value(QStringLiteral("session")).toString(), session);
    // Another conversation does not see it.
    reply = m_http->post(QStringLiteral("/api/v1/chat"),
                         {{QStringLiteral("session"), QStringLiteral("chat-session-0002")},
                          {QStringLiteral("message"), QStringLiteral("what's in my order?")}});
    QCOMPARE(reply.json().value(QStringLiteral("cart"))[QStringLiteral("item_count")].toInt(), 0);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM orders")).toInt(), 0);
}

void TestCopilotAssistantApi::chatCanStream()
{
    const HttpClient::Reply reply =
        m_http->post(QStringLiteral("/api/v1/chat"),
                     {{QStringLiteral("message"), QStringLiteral("something spicy under $15")}},
                     {{"Accept", "text/event-stream"}});
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.header("content-type").startsWith("text/event-stream"));
    const QList<QJsonObject> events = sseEvents(reply.body);
    QCOMPARE(types(events).first(), QStringLiteral("RUN_STARTED"));
    QCOMPARE(types(events).last(), QStringLiteral("RUN_FINISHED"));
    QVERIFY(types(events).contains(QStringLiteral("CUSTOM:maitre.menu_cards")));
}

void TestCopilotAssistantApi::agentSpeaksAgUi()
{
    const QString thread = QStringLiteral("3f0c2b9e-agent-thread-1");
    const HttpClient::Reply reply = m_http->post(QStringLiteral("/api/v1/agent"),
                                                 runAgentInput(thread, QStringLiteral("add a cannoli please")),
                                                 {{"Accept", "text/event-stream"}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("content-type"), QByteArray("text/event-stream; charset=utf-8"));
    const QList<QJsonObject> events = sseEvents(reply.body);
    QCOMPARE(types(events),
             (QStringList{QStringLiteral("RUN_STARTED"),
                          QStringLiteral("TOOL_CALL_START"),
                          QStringLiteral("TOOL_CALL_ARGS"),
                          QStringLiteral("TOOL_CALL_END"),
                          QStringLiteral("TOOL_CALL_RESULT"),
                          QStringLiteral("CUSTOM:maitre.cart"),
                          QStringLiteral("TEXT_MESSAGE_START"),
                          QStringLiteral("TEXT_MESSAGE_CONTENT"),
                          QStringLiteral("TEXT_MESSAGE_END"),
                          QStringLiteral("STATE_SNAPSHOT"),
                          QStringLiteral("RUN_FINISHED")}));
    // AG-UI's field names, and ids that tie the events together.
    QCOMPARE(events.first()[QStringLiteral("threadId")].toString(), thread);
    QCOMPARE(events.first()[QStringLiteral("runId")].toString(), QStringLiteral("run-") + thread);
    const QString callId = events.at(1)[QStringLiteral("toolCallId")].toString();
    QCOMPARE(events.at(1)[QStringLiteral("toolCallName")].toString(), QStringLiteral("add_to_cart"));
    QCOMPARE(events.at(2)[QStringLiteral("toolCallId")].toString(), callId);
    QCOMPARE(events.at(4)[QStringLiteral("toolCallId")].toString(), callId);
    QCOMPARE(events.at(4)[QStringLiteral("role")].toString(), QStringLiteral("tool"));
    QCOMPARE(events.at(1)[QStringLiteral("parentMessageId")].toString(),
             events.at(6)[QStringLiteral("messageId")].toString());
    QCOMPARE(events.at(6)[QStringLiteral("role")].toString(), QStringLiteral("assistant"));
    QVERIFY(!events.at(7)[QStringLiteral("delta")].toString().isEmpty());
    const QJsonObject cart = events.at(5)[QStringLiteral("value")].toObject();
    QCOMPARE(cart[QStringLiteral("lines")][0][QStringLiteral("name")].toString(), QStringLiteral("Cannoli"));
    QVERIFY(cart[QStringLiteral("confirm_needed")].toBool());
    QCOMPARE(events.at(9)[QStringLiteral("snapshot")][QStringLiteral("cart")][0][QStringLiteral("quantity")].toInt(),
             1);
    QCOMPARE(events.last()[QStringLiteral("threadId")].toString(), thread);
    for (const QJsonObject& e : events) {
        QVERIFY(e.value(QStringLiteral("timestamp")).isDouble());
    }
}

void TestCopilotAssistantApi::agentTakesThePageCartAsState()
{
    // The diner tapped Add on the page: the page's cart (AG-UI state) is the cart.
    const qint64 espresso =
        m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE name = 'Espresso'")).toLongLong();
    const QJsonObject state{
        {QStringLiteral("cart"),
         QJsonArray{QJsonObject{{QStringLiteral("menu_item_id"), espresso}, {QStringLiteral("quantity"), 3}}}}};
    const HttpClient::Reply reply =
        m_http->post(QStringLiteral("/api/v1/agent"),
                     runAgentInput(QStringLiteral("agent-state-thread"), QStringLiteral("what's in my cart?"), state));
    QCOMPARE(reply.status, 200);
    const QList<QJsonObject> events = sseEvents(reply.body);
    const auto cart = std::find_if(events.cbegin(), events.cend(), [](const QJsonObject& e) {
        return e[QStringLiteral("name")].toString() == u"maitre.cart";
    });
    QVERIFY(cart != events.cend());
    QCOMPARE((*cart)[QStringLiteral("value")][QStringLiteral("lines")][0][QStringLiteral("quantity")].toInt(), 3);
    QCOMPARE((*cart)[QStringLiteral("value")][QStringLiteral("subtotal_cents")].toInt(), 660);
}

void TestCopilotAssistantApi::refusals_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    const QByteArray longMessage =
        QJsonDocument(QJsonObject{{QStringLiteral("message"), QString(1001, u'a')}}).toJson();
    QTest::newRow("chat: not json") << "/api/v1/chat" << QByteArray("{message: hi") << 400 << "";
    QTest::newRow("chat: no message") << "/api/v1/chat" << QByteArray("{}") << 422 << "message";
    QTest::newRow("chat: message not text") << "/api/v1/chat" << QByteArray("{\"message\": 42}") << 422 << "message";
    QTest::newRow("chat: empty message") << "/api/v1/chat" << QByteArray("{\"message\": \"  \"}") << 422 << "message";
    QTest::newRow("chat: too long") << "/api/v1/chat" << longMessage << 422 << "message";
    QTest::newRow("chat: bad session") << "/api/v1/chat" << QByteArray("{\"message\": \"hi\", \"session\": \"a b\"}")
                                       << 422 << "session";
    QTest::newRow("agent: not json") << "/api/v1/agent" << QByteArray("[1, 2") << 400 << "";
    QTest::newRow("agent: no threadId") << "/api/v1/agent" << QByteArray("{\"runId\": \"r\", \"messages\": []}") << 422
                                        << "threadId";
    QTest::newRow("agent: no runId") << "/api/v1/agent"
                                     << QByteArray("{\"threadId\": \"thread-0001\", \"messages\": []}") << 422
                                     << "runId";
    QTest::newRow("agent: no user message")
        << "/api/v1/agent"
        << QByteArray("{\"threadId\": \"thread-0001\", \"runId\": \"r1\", \"messages\": [{\"id\": \"1\", \"role\": "
                      "\"assistant\", \"content\": \"Hi\"}]}")
        << 422 << "messages";
    QTest::newRow("agent: too long")
        << "/api/v1/agent" << QJsonDocument(runAgentInput(QStringLiteral("thread-0001"), QString(1001, u'x'))).toJson()
        << 422 << "messages[0].content";
    QTest::newRow("agent: bad state cart")
        << "/api/v1/agent"
        << QByteArray("{\"threadId\": \"thread-0001\", \"runId\": \"r1\", \"state\": {\"cart\": 5}, \"messages\": "
                      "[{\"id\": \"1\", \"role\": \"user\", \"content\": \"Hi\"}]}")
        << 422 << "state.cart";
}

void TestCopilotAssistantApi::refusals()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    const HttpClient::Reply reply = m_http->request("POST", path, body, {{"Content-Type", "application/json"}});
    QCOMPARE(reply.status, status);
    QVERIFY2(reply.isProblem(), reply.body.constData());
    if (!field.isEmpty()) {
        QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), field);
    }
    QCOMPARE(m_server->assistant()->activeRuns(), 0);
}

void TestCopilotAssistantApi::oversizeBodies()
{
    // Over the assistant's own limit (8 KiB here), and over the server's (64 KiB).
    for (const int size : {9 * 1024, 100 * 1024}) {
        const QByteArray body = "{\"message\": \"" + QByteArray(size, 'a') + "\"}";
        const HttpClient::Reply reply = m_http->request("POST", QStringLiteral("/api/v1/chat"), body);
        QCOMPARE(reply.status, 413);
        QVERIFY(reply.isProblem() || reply.header("content-type") == "application/problem+json");
    }
}

void TestCopilotAssistantApi::rateLimitedPerClient()
{
    startServer(3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(
            m_http->post(QStringLiteral("/api/v1/chat"), {{QStringLiteral("message"), QStringLiteral("hi")}}).status,
            200);
    }
    const HttpClient::Reply limited = m_http->post(
        QStringLiteral("/api/v1/agent"), runAgentInput(QStringLiteral("thread-limited"), QStringLiteral("hi")));
    QCOMPARE(limited.status, 429);
    QVERIFY(limited.isProblem());
    QVERIFY(limited.header("retry-after").toInt() >= 1);
    startServer();
}

void TestCopilotAssistantApi::webSocketChatStreamsEvents()
{
    // Before joining, a diner's page can chat on the WebSocket with a session instead of a token.
    QWebSocket ws;
    QSignalSpy messages(&ws, &QWebSocket::textMessageReceived);
    QSignalSpy connected(&ws, &QWebSocket::connected);
    ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?session=ws-session-0001").arg(m_port)));
    QVERIFY(connected.wait(10000));
    ws.sendTextMessage(QStringLiteral("{\"type\": \"hello\"}")); // not the assistant's: ignored
    ws.sendTextMessage(QStringLiteral("{\"type\": \"chat\", \"session\": \"ws-session-0001\", \"message\": \"add two "
                                      "negroni\"}"));
    QTRY_VERIFY_WITH_TIMEOUT(
        !messages.isEmpty()
            && QJsonDocument::fromJson(
                   messages.last().first().toString().toUtf8())[QStringLiteral("event")][QStringLiteral("type")]
                    .toString()
                == u"RUN_FINISHED",
        15000);
    QList<QJsonObject> events;
    for (const QList<QVariant>& message : std::as_const(messages)) {
        const QJsonObject m = QJsonDocument::fromJson(message.first().toString().toUtf8()).object();
        QCOMPARE(m[QStringLiteral("type")].toString(), QStringLiteral("agent"));
        QCOMPARE(m[QStringLiteral("session")].toString(), QStringLiteral("ws-session-0001"));
        events << m[QStringLiteral("event")].toObject();
    }
    QCOMPARE(types(events).first(), QStringLiteral("RUN_STARTED"));
    QVERIFY(types(events).contains(QStringLiteral("CUSTOM:maitre.cart")));
    QVERIFY(types(events).contains(QStringLiteral("STATE_SNAPSHOT")));
    // A refused message gets a RUN_ERROR in the same shape, with the problem.
    messages.clear();
    ws.sendTextMessage(QStringLiteral("{\"type\": \"chat\", \"session\": \"ws-session-0001\", \"message\": \"\"}"));
    QTRY_COMPARE(messages.size(), 1);
    const QJsonObject refused = QJsonDocument::fromJson(messages.first().first().toString().toUtf8()).object();
    QCOMPARE(refused[QStringLiteral("event")][QStringLiteral("type")].toString(), QStringLiteral("RUN_ERROR"));
    QCOMPARE(refused[QStringLiteral("problem")][QStringLiteral("status")].toInt(), 422);
    QCOMPARE(refused[QStringLiteral("problem")][QStringLiteral("field")].toString(), QStringLiteral("message"));
    // Without a session in the message, the connection's own: the same conversation.
    messages.clear();
    ws.sendTextMessage(QStringLiteral("{\"type\": \"chat\", \"message\": \"what's in my order?\"}"));
    QTRY_VERIFY_WITH_TIMEOUT(
        !messages.isEmpty()
            && QJsonDocument::fromJson(
                   messages.last().first().toString().toUtf8())[QStringLiteral("event")][QStringLiteral("type")]
                    .toString()
                == u"RUN_FINISHED",
        15000);
    bool sawCart = false;
    for (const QList<QVariant>& message : std::as_const(messages)) {
        const QJsonObject m = QJsonDocument::fromJson(message.first().toString().toUtf8()).object();
        QCOMPARE(m[QStringLiteral("session")].toString(), QStringLiteral("ws-session-0001"));
        if (m[QStringLiteral("event")][QStringLiteral("name")].toString() == u"maitre.cart") {
            sawCart = true;
            QCOMPARE(m[QStringLiteral("event")][QStringLiteral("value")][QStringLiteral("item_count")].toInt(), 2);
        }
    }
    QVERIFY(sawCart);
    ws.close();
}

void TestCopilotAssistantApi::notReadyIs503()
{
    m_server->setRestaurantId(0);
    const HttpClient::Reply reply =
        m_http->post(QStringLiteral("/api/v1/chat"), {{QStringLiteral("message"), QStringLiteral("hi")}});
    QCOMPARE(reply.status, 503);
    QVERIFY(reply.isProblem());
    m_server->setRestaurantId(m_restaurant);
}

QTEST_GUILESS_MAIN(TestCopilotAssistantApi)
#include "tst_copilot_assistantapi.moc"
