#include "openaichatmodel.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <utility>

namespace
{

Q_LOGGING_CATEGORY(lcLlm, "maitre.providers.llm")

// An error body of a few kilobytes is plenty to explain itself.
constexpr qsizetype MAX_BODY = 4 * 1024 * 1024;

QString roleName(ChatMessage::Role role)
{
    switch (role) {
    case ChatMessage::Role::System:
        return QStringLiteral("system");
    case ChatMessage::Role::User:
        return QStringLiteral("user");
    case ChatMessage::Role::Assistant:
        return QStringLiteral("assistant");
    case ChatMessage::Role::Tool:
        return QStringLiteral("tool");
    }
    return QStringLiteral("user");
}

// Seconds or an HTTP date (RFC 9110 §10.2.3); -1 when there is none.
qint64 retryAfterMs(const QByteArray& value)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty()) {
        return -1;
    }
    bool isNumber = false;
    const double seconds = text.toDouble(&isNumber);
    if (isNumber) {
        return seconds < 0 ? -1 : qint64(seconds * 1000);
    }
    const QDateTime when = QDateTime::fromString(QString::fromLatin1(text), Qt::RFC2822Date);
    if (!when.isValid()) {
        return -1;
    }
    return std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(when));
}

// Arguments as a string: some servers (Ollama) send an object.
QString argumentsText(const QJsonValue& value)
{
    if (value.isString()) {
        return value.toString();
    }
    if (value.isObject()) {
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

QString errorMessage(const QByteArray& body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonValue error = doc.object().value(QStringLiteral("error"));
    if (error.isObject()) {
        return error.toObject().value(QStringLiteral("message")).toString();
    }
    if (error.isString()) {
        return error.toString();
    }
    return QString::fromUtf8(body.left(200)).simplified();
}

} // namespace

OpenAiChatModel::OpenAiChatModel(Options options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_endpoint(endpointFor(m_options.baseUrl))
    , m_network(new QNetworkAccessManager(this))
{
    m_options.maxAttempts = std::max(1, m_options.maxAttempts);
}

OpenAiChatModel::~OpenAiChatModel()
{
    // Nobody waits forever on a model that is gone.
    const auto calls = std::exchange(m_calls, {});
    for (const std::shared_ptr<Call>& call : calls) {
        dropReply(call);
        const Callbacks callbacks = call->callbacks;
        if (call->context) {
            QMetaObject::invokeMethod(call->context, [callbacks] {
                callbacks.finished(unexpected(Error::unavailable(
                    QCoreApplication::translate("OpenAiChatModel", "The language model connection was closed."))));
            });
        }
    }
}

QUrl OpenAiChatModel::endpointFor(const QUrl& baseUrl)
{
    QUrl url = baseUrl;
    QString path = url.path();
    while (path.endsWith(u'/')) {
        path.chop(1);
    }
    if (path.endsWith(QLatin1String("/chat/completions"))) {
        // Already the endpoint.
    } else if (path.isEmpty()) {
        path = QStringLiteral("/v1/chat/completions");
    } else {
        path += QStringLiteral("/chat/completions");
    }
    url.setPath(path);
    return url;
}

QString OpenAiChatModel::name() const
{
    return QStringLiteral("openai-compatible");
}

QString OpenAiChatModel::describe() const
{
    return QStringLiteral("%1 at %2").arg(m_options.model, m_options.baseUrl.toString(QUrl::RemoveUserInfo));
}

QByteArray OpenAiChatModel::requestBody(const ChatRequest& request) const
{
    QJsonArray messages;
    for (const ChatMessage& message : request.messages) {
        QJsonObject m{{QStringLiteral("role"), roleName(message.role)}};
        if (message.role == ChatMessage::Role::Assistant && !message.toolCalls.isEmpty()) {
            QJsonArray calls;
            for (const ChatToolCall& call : message.toolCalls) {
                calls.append(QJsonObject{
                    {QStringLiteral("id"), call.id},
                    {QStringLiteral("type"), QStringLiteral("function")},
                    {QStringLiteral("function"),
                     QJsonObject{{QStringLiteral("name"), call.name}, {QStringLiteral("arguments"), call.arguments}}}});
            }
            m.insert(QStringLiteral("tool_calls"), calls);
            m.insert(QStringLiteral("content"),
                     message.content.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(message.content));
        } else {
            m.insert(QStringLiteral("content"), message.content);
        }
        if (message.role == ChatMessage::Role::Tool) {
            m.insert(QStringLiteral("tool_call_id"), message.toolCallId);
        }
        messages.append(m);
    }
    QJsonObject body{{QStringLiteral("model"), m_options.model},
                     {QStringLiteral("messages"), messages},
                     {QStringLiteral("stream"), request.stream},
                     {QStringLiteral("temperature"), request.temperature},
                     {QStringLiteral("max_tokens"), request.maxTokens}};
    if (!request.tools.isEmpty()) {
        QJsonArray tools;
        for (const ChatTool& tool : request.tools) {
            tools.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                     {QStringLiteral("function"),
                                      QJsonObject{{QStringLiteral("name"), tool.name},
                                                  {QStringLiteral("description"), tool.description},
                                                  {QStringLiteral("parameters"), tool.parameters}}}});
        }
        body.insert(QStringLiteral("tools"), tools);
        body.insert(QStringLiteral("tool_choice"), QStringLiteral("auto"));
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

quint64 OpenAiChatModel::complete(const ChatRequest& request, QObject* context, Callbacks callbacks)
{
    auto call = std::make_shared<Call>();
    call->id = m_nextId.fetch_add(1);
    call->request = request;
    call->context = context;
    call->callbacks = std::move(callbacks);
    // QNetworkAccessManager is used only on the thread that owns it.
    QMetaObject::invokeMethod(this, [this, call] { start(call); });
    return call->id;
}

void OpenAiChatModel::cancel(quint64 id)
{
    QMetaObject::invokeMethod(this, [this, id] {
        if (const std::shared_ptr<Call> call = m_calls.value(id)) {
            finish(call,
                   unexpected(LanguageModel::cancellation(
                       QCoreApplication::translate("OpenAiChatModel", "The answer was stopped."))));
        }
    });
}

void OpenAiChatModel::start(std::shared_ptr<Call> call)
{
    if (!call->context) {
        return; // the caller left before the call began
    }
    if (!m_endpoint.isValid() || m_endpoint.host().isEmpty()
        || (m_endpoint.scheme() != u"http" && m_endpoint.scheme() != u"https")) {
        m_calls.insert(call->id, call);
        finish(call,
               unexpected(Error::invalid(QStringLiteral("llm_base_url"),
                                         QCoreApplication::translate("OpenAiChatModel",
                                                                     "The language model's address “%1” is not an "
                                                                     "http(s) URL.")
                                             .arg(m_options.baseUrl.toString()))));
        return;
    }
    m_calls.insert(call->id, call);
    call->idle = new QTimer(this);
    call->idle->setSingleShot(true);
    call->total = new QTimer(this);
    call->total->setSingleShot(true);
    connect(call->idle, &QTimer::timeout, this, [this, call] { timedOut(call); });
    connect(call->total, &QTimer::timeout, this, [this, call] { timedOut(call); });
    call->total->start(m_options.totalTimeoutMs);
    send(call);
}

void OpenAiChatModel::send(const std::shared_ptr<Call>& call)
{
    ++call->attempt;
    call->timedOut = false;
    call->body.clear();
    call->sse = SseReader();
    call->streaming = false;
    call->sawDone = false;
    QNetworkRequest request(m_endpoint);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(QByteArrayLiteral("Accept"),
                         call->request.stream ? QByteArrayLiteral("text/event-stream, application/json")
                                              : QByteArrayLiteral("application/json"));
    if (!m_options.apiKey.isEmpty()) {
        request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + m_options.apiKey.toUtf8());
    }
    request.setRawHeader(QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Maitre/" MAITRE_VERSION));
    // A redirected POST would arrive as a GET: a redirect is reported, not followed.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    call->reply = m_network->post(request, requestBody(call->request));
    QNetworkReply* reply = call->reply;
    connect(reply, &QNetworkReply::readyRead, this, [this, call, reply] {
        if (call->reply == reply) {
            readyRead(call);
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, call, reply] {
        if (call->reply == reply) {
            replyFinished(call);
        }
    });
    call->idle->start(m_options.firstAnswerTimeoutMs);
    qCDebug(lcLlm) << "POST" << m_endpoint.toString(QUrl::RemoveUserInfo) << "attempt" << call->attempt;
}

void OpenAiChatModel::readyRead(const std::shared_ptr<Call>& call)
{
    QNetworkReply* reply = call->reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200) {
        // An error's body is read whole when the reply finishes.
        if (call->body.size() < MAX_BODY) {
            call->body += reply->readAll();
        } else {
            reply->readAll();
        }
        return;
    }
    call->idle->start(m_options.idleTimeoutMs);
    if (!call->streaming && call->body.isEmpty()) {
        // Some servers ignore "stream": a JSON answer is read whole instead.
        const QByteArray type = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().toLower();
        call->streaming = type.startsWith("text/event-stream");
    }
    if (!call->streaming) {
        call->body += reply->readAll();
        if (call->body.size() > MAX_BODY) {
            finish(call,
                   unexpected(Error::internal(QCoreApplication::translate(
                       "OpenAiChatModel", "The language model's answer is too large to read."))));
        }
        return;
    }
    const QList<SseReader::Event> events = call->sse.feed(reply->readAll());
    if (call->sse.overflowed()) {
        finish(call,
               unexpected(Error::internal(QCoreApplication::translate(
                   "OpenAiChatModel", "The language model sent a stream Maitre cannot read (a line without end)."))));
        return;
    }
    for (const SseReader::Event& event : events) {
        if (!m_calls.contains(call->id)) {
            return; // finished by an earlier chunk (an error, or cancelled)
        }
        if (event.data.trimmed() == u"[DONE]") {
            call->sawDone = true;
            continue;
        }
        if (VoidResult read = chunk(call, event.data); !read) {
            finish(call, unexpected(read.error()));
            return;
        }
    }
}

VoidResult OpenAiChatModel::chunk(const std::shared_ptr<Call>& call, const QString& data)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        qCWarning(lcLlm) << "unreadable stream chunk:" << parseError.errorString();
        return unexpected(Error::internal(
            QCoreApplication::translate("OpenAiChatModel", "The language model sent a stream Maitre cannot read: %1.")
                .arg(parseError.errorString())));
    }
    const QJsonObject object = doc.object();
    if (object.contains(QStringLiteral("error"))) {
        // An error in the middle of a stream (a server that started answering, then failed).
        return unexpected(Error::unavailable(
            QCoreApplication::translate("OpenAiChatModel", "The language model stopped with an error: %1")
                .arg(errorMessage(data.toUtf8()))));
    }
    if (call->model.isEmpty()) {
        call->model = object.value(QStringLiteral("model")).toString();
    }
    for (const QJsonValue& choiceValue : object.value(QStringLiteral("choices")).toArray()) {
        const QJsonObject choice = choiceValue.toObject();
        if (choice.value(QStringLiteral("index")).toInt(0) != 0) {
            continue; // only the first choice is asked for
        }
        const QJsonObject delta = choice.value(QStringLiteral("delta")).toObject();
        const QString content = delta.value(QStringLiteral("content")).toString();
        if (!content.isEmpty()) {
            call->text += content;
            deliver(call, [content](const Callbacks& c) {
                if (c.text) {
                    c.text(content);
                }
            });
        }
        for (const QJsonValue& toolValue : delta.value(QStringLiteral("tool_calls")).toArray()) {
            const QJsonObject tool = toolValue.toObject();
            const QJsonObject function = tool.value(QStringLiteral("function")).toObject();
            toolDelta(call,
                      tool.value(QStringLiteral("index")).toInt(int(call->tools.size())),
                      tool.value(QStringLiteral("id")).toString(),
                      function.value(QStringLiteral("name")).toString(),
                      argumentsText(function.value(QStringLiteral("arguments"))));
        }
        const QJsonValue reason = choice.value(QStringLiteral("finish_reason"));
        if (reason.isString()) {
            call->finishReason = reason.toString();
        }
    }
    return {};
}

void OpenAiChatModel::toolDelta(
    const std::shared_ptr<Call>& call, int index, const QString& id, const QString& name, const QString& arguments)
{
    ChatToolCall& tool = call->tools[index];
    if (tool.id.isEmpty() && !id.isEmpty()) {
        tool.id = id;
    }
    if (tool.name.isEmpty() && !name.isEmpty()) {
        tool.name = name;
    }
    if (!call->started.contains(index) && !tool.name.isEmpty()) {
        if (tool.id.isEmpty()) {
            tool.id = QStringLiteral("call_%1_%2").arg(call->id).arg(index); // some servers send none
        }
        call->started.insert(index);
        deliver(call, [index, id = tool.id, toolName = tool.name](const Callbacks& c) {
            if (c.toolCallStarted) {
                c.toolCallStarted(index, id, toolName);
            }
        });
        const QString held = call->pendingArguments.take(index);
        if (!held.isEmpty()) {
            deliver(call, [index, held](const Callbacks& c) {
                if (c.toolCallArguments) {
                    c.toolCallArguments(index, held);
                }
            });
        }
    }
    if (arguments.isEmpty()) {
        return;
    }
    tool.arguments += arguments;
    if (!call->started.contains(index)) {
        call->pendingArguments[index] += arguments; // the name has not come yet
        return;
    }
    deliver(call, [index, arguments](const Callbacks& c) {
        if (c.toolCallArguments) {
            c.toolCallArguments(index, arguments);
        }
    });
}

VoidResult OpenAiChatModel::wholeAnswer(const std::shared_ptr<Call>& call, const QByteArray& body)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        return unexpected(Error::internal(
            QCoreApplication::translate("OpenAiChatModel", "The language model sent an answer Maitre cannot read: %1.")
                .arg(parseError.errorString())));
    }
    const QJsonObject object = doc.object();
    const QJsonArray choices = object.value(QStringLiteral("choices")).toArray();
    if (choices.isEmpty()) {
        return unexpected(Error::internal(
            QCoreApplication::translate("OpenAiChatModel", "The language model's answer had no choices in it.")));
    }
    call->model = object.value(QStringLiteral("model")).toString();
    const QJsonObject choice = choices.first().toObject();
    const QJsonObject message = choice.value(QStringLiteral("message")).toObject();
    const QString content = message.value(QStringLiteral("content")).toString();
    if (!content.isEmpty()) {
        call->text = content;
        deliver(call, [content](const Callbacks& c) {
            if (c.text) {
                c.text(content);
            }
        });
    }
    int index = 0;
    for (const QJsonValue& toolValue : message.value(QStringLiteral("tool_calls")).toArray()) {
        const QJsonObject tool = toolValue.toObject();
        const QJsonObject function = tool.value(QStringLiteral("function")).toObject();
        toolDelta(call,
                  index++,
                  tool.value(QStringLiteral("id")).toString(),
                  function.value(QStringLiteral("name")).toString(),
                  argumentsText(function.value(QStringLiteral("arguments"))));
    }
    call->finishReason = choice.value(QStringLiteral("finish_reason")).toString();
    return {};
}

void OpenAiChatModel::replyFinished(const std::shared_ptr<Call>& call)
{
    QNetworkReply* reply = call->reply;
    if (reply == nullptr || !m_calls.contains(call->id)) {
        return;
    }
    const QVariant statusValue = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusValue.isValid() ? statusValue.toInt() : 0;
    const QByteArray retryAfter = reply->rawHeader(QByteArrayLiteral("Retry-After"));
    const QNetworkReply::NetworkError networkError = reply->error();
    const QString networkText = reply->errorString();
    if (status == 200) {
        readyRead(call); // whatever is left
        if (!m_calls.contains(call->id)) {
            return;
        }
    } else if (status != 0) {
        call->body += reply->readAll();
    }
    dropReply(call);

    if (status == 200 && networkError == QNetworkReply::NoError) {
        if (!call->streaming) {
            if (VoidResult read = wholeAnswer(call, call->body); !read) {
                finish(call, unexpected(read.error()));
                return;
            }
        } else if (!call->sawDone && call->finishReason.isEmpty()) {
            finish(call,
                   unexpected(Error::internal(QCoreApplication::translate(
                       "OpenAiChatModel", "The language model's answer ended before it was complete."))));
            return;
        }
        ChatCompletion completion;
        completion.text = call->text;
        for (auto it = call->tools.cbegin(); it != call->tools.cend(); ++it) {
            if (!it->name.isEmpty()) {
                completion.toolCalls.append(*it);
            }
        }
        completion.finishReason = call->finishReason;
        completion.model = call->model;
        finish(call, completion);
        return;
    }
    if (status == 200) {
        // Broken off in the middle of the answer.
        if (!call->delivered && retryLater(call, 0, {})) {
            return;
        }
        finish(call,
               unexpected(Error::unavailable(
                   QCoreApplication::translate("OpenAiChatModel", "The language model's answer broke off: %1")
                       .arg(networkText))));
        return;
    }
    if (status == 0) {
        if (call->timedOut) {
            return; // timedOut() has decided already
        }
        if (retryLater(call, 0, {})) {
            return;
        }
        qCWarning(lcLlm) << "no answer from the language model:" << networkText;
        finish(call,
               unexpected(Error::unavailable(
                   QCoreApplication::translate("OpenAiChatModel", "The language model at %1 cannot be reached: %2")
                       .arg(m_endpoint.host(), networkText))));
        return;
    }
    if (retryLater(call, status, retryAfter)) {
        return;
    }
    finish(call, unexpected(httpError(status, call->body)));
}

void OpenAiChatModel::timedOut(const std::shared_ptr<Call>& call)
{
    if (!m_calls.contains(call->id)) {
        return;
    }
    const bool wholeCall = call->total && !call->total->isActive();
    call->timedOut = true;
    dropReply(call);
    if (!wholeCall && retryLater(call, 0, {})) {
        return;
    }
    const int seconds = (wholeCall             ? m_options.totalTimeoutMs
                             : call->delivered ? m_options.idleTimeoutMs
                                               : m_options.firstAnswerTimeoutMs)
        / 1000;
    finish(call,
           unexpected(Error::unavailable(
               QCoreApplication::translate("OpenAiChatModel", "The language model at %1 did not answer within %2 s.")
                   .arg(m_endpoint.host())
                   .arg(std::max(1, seconds)))));
}

bool OpenAiChatModel::retryLater(const std::shared_ptr<Call>& call, int status, const QByteArray& retryAfter)
{
    const bool retryable = status == 0 || status == 408 || status == 429 || status >= 500;
    if (!retryable || call->delivered || call->attempt >= m_options.maxAttempts) {
        return false;
    }
    qint64 delay = qint64(m_options.retryDelayMs) << (call->attempt - 1);
    const qint64 asked = retryAfterMs(retryAfter);
    if (asked >= 0) {
        if (asked > m_options.maxRetryDelayMs) {
            return false; // too long to keep a diner waiting
        }
        delay = asked;
    }
    delay = std::min<qint64>(delay, m_options.maxRetryDelayMs);
    qCDebug(lcLlm) << "retrying in" << delay << "ms after"
                   << (status == 0 ? QStringLiteral("no answer") : QString::number(status));
    call->idle->stop();
    call->retry = new QTimer(this);
    call->retry->setSingleShot(true);
    connect(call->retry, &QTimer::timeout, this, [this, call] {
        call->retry->deleteLater();
        call->retry = nullptr;
        if (m_calls.contains(call->id)) {
            send(call);
        }
    });
    call->retry->start(int(delay));
    return true;
}

Error OpenAiChatModel::httpError(int status, const QByteArray& body) const
{
    const QString message = errorMessage(body);
    const QString host = m_endpoint.host();
    if (status == 401 || status == 403) {
        qCWarning(lcLlm) << "the language model refused the key, HTTP" << status;
        return Error::internal(QCoreApplication::translate("OpenAiChatModel",
                                                           "The language model at %1 refused the API key (HTTP %2). "
                                                           "Check the key in Settings → Providers.")
                                   .arg(host)
                                   .arg(status));
    }
    if (status == 404) {
        return Error::invalid(QStringLiteral("llm_model"),
                              QCoreApplication::translate("OpenAiChatModel",
                                                          "The language model at %1 does not know the model “%2” or "
                                                          "the address (HTTP 404): %3")
                                  .arg(host, m_options.model, message));
    }
    if (status == 429) {
        return Error::unavailable(
            QCoreApplication::translate("OpenAiChatModel",
                                        "The language model at %1 is limiting requests (HTTP 429). Try again in a "
                                        "moment.")
                .arg(host));
    }
    if (status >= 500 || status == 408) {
        return Error::unavailable(
            QCoreApplication::translate("OpenAiChatModel", "The language model at %1 has a problem (HTTP %2): %3")
                .arg(host)
                .arg(status)
                .arg(message));
    }
    return Error::invalid(
        QStringLiteral("llm"),
        QCoreApplication::translate("OpenAiChatModel", "The language model at %1 refused the request (HTTP %2): %3")
            .arg(host)
            .arg(status)
            .arg(message));
}

void OpenAiChatModel::deliver(const std::shared_ptr<Call>& call, std::function<void(const Callbacks&)> what)
{
    if (!call->context) {
        return;
    }
    call->delivered = true;
    // Queued to the caller's thread; dropped if the context is destroyed first.
    QMetaObject::invokeMethod(
        call->context.data(),
        [callbacks = call->callbacks, what = std::move(what)] { what(callbacks); },
        Qt::QueuedConnection);
}

void OpenAiChatModel::finish(const std::shared_ptr<Call>& call, const Result<ChatCompletion>& result)
{
    if (!m_calls.remove(call->id)) {
        return;
    }
    dropReply(call);
    for (QTimer* timer : {call->idle, call->total, call->retry}) {
        if (timer) {
            timer->stop();
            timer->deleteLater();
        }
    }
    call->idle = call->total = call->retry = nullptr;
    if (!result) {
        qCDebug(lcLlm) << "completion" << call->id << "failed:" << result.error().message;
    }
    if (!call->context) {
        return;
    }
    QMetaObject::invokeMethod(
        call->context.data(),
        [callbacks = call->callbacks, result] {
            if (callbacks.finished) {
                callbacks.finished(result);
            }
        },
        Qt::QueuedConnection);
}

void OpenAiChatModel::dropReply(const std::shared_ptr<Call>& call)
{
    if (call->reply == nullptr) {
        return;
    }
    QNetworkReply* reply = std::exchange(call->reply, nullptr);
    reply->disconnect(this);
    if (reply->isRunning()) {
        reply->abort();
    }
    reply->deleteLater();
}
