#include "assistantcontroller.h"

#include "aguievents.h"
#include "dinerjson.h"
#include "httpjson.h"
#include "limitingtcpserver.h"
#include "problem.h"
#include "routetable.h"
#include "servercontext.h"
#include "tokengenerator.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFutureWatcher>
#include <QHttpHeaders>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QUuid>
#include <QWebSocket>
#include <algorithm>

using nlohmann::json;

namespace
{

std::string text(const QString& s)
{
    return s.toStdString();
}

void send(QHttpServerResponder& responder, QHttpServerResponse&& response)
{
    HttpJson::addStandardHeaders(response);
    responder.sendResponse(response);
}

QHttpServerResponse tooManyRequests(int retryAfterSeconds)
{
    QHttpServerResponse response = Problem::response(
        QHttpServerResponse::StatusCode::TooManyRequests,
        QCoreApplication::translate("AssistantController", "Too many messages"),
        QCoreApplication::translate("AssistantController", "Please wait %1 s before asking the assistant again.")
            .arg(retryAfterSeconds));
    QHttpHeaders headers = response.headers();
    headers.append(QHttpHeaders::WellKnownHeader::RetryAfter, QByteArray::number(retryAfterSeconds));
    response.setHeaders(std::move(headers));
    return response;
}

QHttpServerResponse tooLarge(qint64 limit)
{
    return Problem::response(
        QHttpServerResponse::StatusCode::PayloadTooLarge,
        QCoreApplication::translate("AssistantController", "Message too large"),
        QCoreApplication::translate("AssistantController", "A request to the assistant can have at most %1 KiB.")
            .arg(limit / 1024));
}

QHttpServerResponse malformed(const Error& error)
{
    return Problem::response(QHttpServerResponse::StatusCode::BadRequest,
                             QCoreApplication::translate("AssistantController", "Malformed request"),
                             error.message);
}

bool wantsEventStream(const QHttpServerRequest& request)
{
    return request.value("Accept").contains("text/event-stream");
}

} // namespace

AssistantController::AssistantController(ServerContext& context, DinerAssistant& assistant, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_assistant(assistant)
    , m_limiter(20, 20)
{ }

AssistantController::~AssistantController()
{
    for (Stream& stream : m_streams) {
        if (stream.run) {
            stream.run->disconnect(this);
            stream.run->cancel();
        }
        if (stream.answer == Answer::EventStream && stream.socket
            && stream.socket->state() == QAbstractSocket::ConnectedState) {
            stream.socket->disconnect(this);
            stream.responder->writeEndChunked(QByteArrayLiteral(": the server is stopping\n\n"));
        }
    }
    m_streams.clear();
}

void AssistantController::configure(int burst, int perMinute, qint64 maxBodyBytes)
{
    m_limiter.configure(burst, perMinute);
    m_maxBodyBytes = maxBodyBytes;
}

AssistantController::Stream* AssistantController::find(quint64 serial)
{
    const auto it = std::ranges::find_if(m_streams, [serial](const Stream& s) { return s.serial == serial; });
    return it == m_streams.end() ? nullptr : &*it;
}

void AssistantController::registerRoutes(RouteTable& routes)
{
    // POST /api/v1/agent  RunAgentInput {"threadId", "runId", "messages": [...], "tools", "context",
    //   "state": {"cart": [{"menu_item_id", "quantity"}]}?, "forwardedProps": {"language"?, "diner_name"?}}
    // → 200 text/event-stream of AG-UI events (data: {...}\n\n), from RUN_STARTED to RUN_FINISHED or RUN_ERROR.
    routes.add(
        QStringLiteral("/api/v1/agent"),
        QHttpServerRequest::Method::Post,
        this,
        [this](const QHttpServerRequest& request, QHttpServerResponder& responder) {
            if (refusedUpFront(request, responder)) {
                return;
            }
            const Result<AssistantTurn> turn = AgUiEvents::runAgentInput(request.body());
            if (!turn) {
                send(responder,
                     DinerJson::isMalformed(turn.error()) ? malformed(turn.error()) : Problem::fromError(turn.error()));
                return;
            }
            AssistantTurn withLanguage = *turn;
            if (withLanguage.language.isEmpty()) {
                withLanguage.language = QString::fromLatin1(request.value("Accept-Language")).section(u',', 0, 0);
            }
            QTcpSocket* socket = m_context.transport ? m_context.transport->connectionOf(request) : nullptr;
            start(withLanguage, Answer::EventStream, &responder, socket, nullptr, {});
        });

    // GET /api/v1/assistant → 200 {"name", "tone", "greeting" (in the Accept-Language), "model": bool}
    routes.add(QStringLiteral("/api/v1/assistant"),
               QHttpServerRequest::Method::Get,
               this,
               [this](const QHttpServerRequest& request, QHttpServerResponder& responder) {
                   if (m_context.restaurantId == 0) {
                       send(responder, ServerContext::notReady());
                       return;
                   }
                   const QString language =
                       QString::fromLatin1(request.value("Accept-Language")).section(u',', 0, 0).trimmed();
                   auto pending = std::make_shared<QHttpServerResponder>(std::move(responder));
                   auto* watcher = new QFutureWatcher<Result<DinerAssistant::Persona>>(this);
                   connect(watcher, &QFutureWatcherBase::finished, this, [watcher, pending] {
                       watcher->deleteLater();
                       const Result<DinerAssistant::Persona> persona = watcher->result();
                       if (!persona) {
                           send(*pending, Problem::fromError(persona.error()));
                           return;
                       }
                       send(*pending,
                            HttpJson::response({{"name", text(persona->name)},
                                                {"tone", text(persona->tone)},
                                                {"greeting", text(persona->greeting)},
                                                {"model", persona->usesModel}}));
                   });
                   watcher->setFuture(m_assistant.persona(m_context.restaurantId, language));
               });

    // POST /api/v1/chat {"session"?, "message", "language"?, "cart"?: [{"menu_item_id", "quantity"}]}
    // → 200 {"session", "run_id", "mode", "text", "cards": [dishes], "cart": {...} | null,
    //        "confirm_needed", "events": [AG-UI events]}; with Accept: text/event-stream the events as a stream.
    routes.add(QStringLiteral("/api/v1/chat"),
               QHttpServerRequest::Method::Post,
               this,
               [this](const QHttpServerRequest& request, QHttpServerResponder& responder) {
                   if (refusedUpFront(request, responder)) {
                       return;
                   }
                   QString session;
                   Result<AssistantTurn> turn = chatTurn(request.body(), session);
                   if (!turn) {
                       send(responder,
                            DinerJson::isMalformed(turn.error()) ? malformed(turn.error())
                                                                 : Problem::fromError(turn.error()));
                       return;
                   }
                   if (turn->language.isEmpty()) {
                       turn->language = QString::fromLatin1(request.value("Accept-Language")).section(u',', 0, 0);
                   }
                   QTcpSocket* socket = m_context.transport ? m_context.transport->connectionOf(request) : nullptr;
                   start(*turn,
                         wantsEventStream(request) ? Answer::EventStream : Answer::Json,
                         &responder,
                         socket,
                         nullptr,
                         session);
               });
}

bool AssistantController::refusedUpFront(const QHttpServerRequest& request, QHttpServerResponder& responder)
{
    if (const auto wait = m_limiter.take(request.remoteAddress())) {
        send(responder, tooManyRequests(*wait));
        return true;
    }
    if (m_context.restaurantId == 0) {
        send(responder, ServerContext::notReady());
        return true;
    }
    if (request.body().size() > m_maxBodyBytes) {
        send(responder, tooLarge(m_maxBodyBytes));
        return true;
    }
    return false;
}

Result<AssistantTurn>
AssistantController::chatTurn(const QByteArray& body, QString& session, const QString& defaultSession) const
{
    const json doc = json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return unexpected(
            Error{Error::Kind::Internal,
                  QCoreApplication::translate("AssistantController", "The request body is not a JSON object."),
                  QStringLiteral("body")});
    }
    AssistantTurn turn;
    if (!doc.contains("message") || !doc["message"].is_string()) {
        return unexpected(Error::invalid(
            QStringLiteral("message"),
            QCoreApplication::translate("AssistantController", "message must be a text: what the diner says.")));
    }
    turn.message = QString::fromStdString(doc["message"].get<std::string>());
    if (turn.message.trimmed().isEmpty()) {
        return unexpected(Error::invalid(QStringLiteral("message"),
                                         QCoreApplication::translate("AssistantController", "The message is empty.")));
    }
    if (turn.message.trimmed().size() > DinerAssistant::MAX_MESSAGE) {
        return unexpected(
            Error::invalid(QStringLiteral("message"),
                           QCoreApplication::translate("AssistantController",
                                                       "A message to the assistant can have at most %1 characters.")
                               .arg(DinerAssistant::MAX_MESSAGE)));
    }
    if (doc.contains("session") && !doc["session"].is_null()) {
        if (!doc["session"].is_string()
            || !AgUiEvents::isValidThreadId(QString::fromStdString(doc["session"].get<std::string>()))) {
            return unexpected(
                Error::invalid(QStringLiteral("session"),
                               QCoreApplication::translate("AssistantController",
                                                           "session must be 8 to 128 letters, digits "
                                                           "or . _ : - (or leave it out to start one).")));
        }
        session = QString::fromStdString(doc["session"].get<std::string>());
    } else if (AgUiEvents::isValidThreadId(defaultSession)) {
        session = defaultSession; // the WebSocket's own (/ws?session=…)
    } else {
        session = TokenGenerator::token(); // a new conversation: its id is a secret like a queue token
    }
    turn.threadId = session;
    turn.runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    turn.language.clear();
    if (doc.contains("language") && doc["language"].is_string()) {
        turn.language = QString::fromStdString(doc["language"].get<std::string>()).left(16);
    }
    if (doc.contains("cart") && !doc["cart"].is_null()) {
        if (!doc["cart"].is_array()) {
            return unexpected(Error::invalid(
                QStringLiteral("cart"), QCoreApplication::translate("AssistantController", "cart must be a list.")));
        }
        const std::string dumped = doc["cart"].dump(-1, ' ', false, json::error_handler_t::replace);
        turn.pageCart = QJsonDocument::fromJson(QByteArray(dumped.data(), qsizetype(dumped.size()))).array();
    }
    return turn;
}

void AssistantController::start(const AssistantTurn& turn,
                                Answer answer,
                                QHttpServerResponder* responder,
                                QTcpSocket* socket,
                                QWebSocket* webSocket,
                                const QString& session)
{
    const Result<AssistantRun*> started = m_assistant.start(m_context.restaurantId, turn);
    if (!started) {
        if (webSocket) {
            sendSocketError(webSocket,
                            session,
                            started.error(),
                            started.error().kind == Error::Kind::Conflict ? QStringLiteral("busy")
                                                                          : QStringLiteral("invalid"));
        } else {
            send(*responder, Problem::fromError(started.error()));
        }
        return;
    }
    AssistantRun* run = *started;
    Stream stream;
    stream.serial = m_nextSerial++;
    stream.answer = answer;
    if (responder) {
        stream.responder = std::make_unique<QHttpServerResponder>(std::move(*responder));
    }
    stream.socket = socket;
    stream.webSocket = webSocket;
    stream.run = run;
    stream.threadId = turn.threadId;
    stream.runId = turn.runId;
    stream.session = session;
    const quint64 serial = stream.serial;
    if (answer == Answer::EventStream) {
        QHttpHeaders headers;
        headers.append(QHttpHeaders::WellKnownHeader::ContentType, "text/event-stream; charset=utf-8");
        headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-store");
        headers.append(QHttpHeaders::WellKnownHeader::XContentTypeOptions, "nosniff");
        headers.append("X-Accel-Buffering", "no");
        stream.responder->writeBeginChunked(headers);
        stream.heartbeat = std::make_unique<QTimer>();
        stream.heartbeat->setInterval(HEARTBEAT_MS);
        connect(stream.heartbeat.get(), &QTimer::timeout, this, [this, serial] {
            Stream* s = find(serial);
            if (s && s->socket && s->socket->state() == QAbstractSocket::ConnectedState) {
                s->responder->writeChunk(QByteArrayLiteral(": keep-alive\n\n"));
            }
        });
        stream.heartbeat->start();
    }
    // The client that leaves takes its run with it (a model call is stopped too).
    if (socket) {
        connect(socket, &QTcpSocket::disconnected, this, [this, serial] { drop(serial); }, Qt::QueuedConnection);
    }
    if (webSocket) {
        connect(webSocket, &QWebSocket::disconnected, this, [this, serial] { drop(serial); }, Qt::QueuedConnection);
    }
    connect(run, &AssistantRun::eventReady, this, [this, serial](const AssistantRunEvent& e) { event(serial, e); });
    connect(run, &AssistantRun::finished, this, [this, serial] { finished(serial); });
    m_streams.push_back(std::move(stream));
}

void AssistantController::event(quint64 serial, const AssistantRunEvent& e)
{
    Stream* stream = find(serial);
    if (stream == nullptr) {
        return;
    }
    const json event = AgUiEvents::toJson(e, stream->threadId, stream->runId);
    switch (stream->answer) {
    case Answer::EventStream:
        if (stream->socket && stream->socket->state() == QAbstractSocket::ConnectedState) {
            stream->responder->writeChunk(AgUiEvents::frame(event));
        }
        break;
    case Answer::Json:
        stream->events.push_back(event);
        break;
    case Answer::Socket:
        if (stream->webSocket) {
            // {"type": "agent", "session", "event": {AG-UI event}}
            const json message = {{"type", "agent"}, {"session", text(stream->session)}, {"event", event}};
            stream->webSocket->sendTextMessage(
                QString::fromStdString(message.dump(-1, ' ', false, json::error_handler_t::replace)));
        }
        break;
    }
}

void AssistantController::finished(quint64 serial)
{
    Stream* stream = find(serial);
    if (stream == nullptr) {
        return;
    }
    if (stream->answer == Answer::EventStream) {
        if (stream->socket && stream->socket->state() == QAbstractSocket::ConnectedState) {
            stream->responder->writeEndChunked(QByteArrayLiteral(": end of the run\n\n"));
        }
    } else if (stream->answer == Answer::Json && stream->run) {
        const AssistantRun* run = stream->run;
        const bool failed = !run->events().isEmpty() && run->events().last().type == AssistantRunEvent::Type::RunError;
        if (failed) {
            send(*stream->responder,
                 Problem::response(QHttpServerResponse::StatusCode::ServiceUnavailable,
                                   QCoreApplication::translate("AssistantController", "Assistant unavailable"),
                                   run->text()));
        } else {
            const QJsonObject cart = run->cart();
            const QByteArray cards = QJsonDocument(run->cards()).toJson(QJsonDocument::Compact);
            const QByteArray cartBytes = QJsonDocument(cart).toJson(QJsonDocument::Compact);
            const json body = {
                {"session", text(stream->session)},
                {"run_id", text(stream->runId)},
                {"mode", text(run->mode())},
                {"text", text(run->text())},
                {"cards", json::parse(cards.constBegin(), cards.constEnd(), nullptr, false)},
                {"cart",
                 cart.isEmpty() ? json(nullptr)
                                : json::parse(cartBytes.constBegin(), cartBytes.constEnd(), nullptr, false)},
                {"confirm_needed",
                 run->confirmNeeded() || (!cart.isEmpty() && cart.value(QStringLiteral("item_count")).toInt() > 0)},
                {"events", stream->events}};
            send(*stream->responder, HttpJson::response(body));
        }
    }
    drop(serial);
}

void AssistantController::drop(quint64 serial)
{
    const auto it = std::ranges::find_if(m_streams, [serial](const Stream& s) { return s.serial == serial; });
    if (it == m_streams.end()) {
        return;
    }
    if (it->run && !it->run->isFinished()) {
        it->run->disconnect(this);
        it->run->cancel();
    }
    // Destroying the responder hands the connection back to the HTTP server.
    m_streams.erase(it);
}

void AssistantController::sendSocketError(QWebSocket* socket,
                                          const QString& session,
                                          const Error& error,
                                          const QString& code)
{
    // The same shape as a run's events, so a client has one thing to read.
    const json message = {{"type", "agent"},
                          {"session", text(session)},
                          {"event",
                           {{"type", "RUN_ERROR"},
                            {"message", text(error.message)},
                            {"code", text(code)},
                            {"timestamp", QDateTime::currentMSecsSinceEpoch()}}},
                          {"problem",
                           {{"status", int(Problem::statusFor(error.kind))},
                            {"detail", text(error.message)},
                            {"field", text(error.field)}}}};
    socket->sendTextMessage(QString::fromStdString(message.dump(-1, ' ', false, json::error_handler_t::replace)));
}

void AssistantController::socketMessage(QWebSocket* socket, const QString& message)
{
    // {"type": "chat", "session"?, "message", "language"?, "cart"?}
    const QByteArray bytes = message.toUtf8();
    const json doc = json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || doc.value("type", std::string()) != "chat") {
        return; // not the assistant's
    }
    if (const auto wait = m_limiter.take(socket->peerAddress())) {
        sendSocketError(
            socket,
            {},
            Error::unavailable(QCoreApplication::translate("AssistantController",
                                                           "Please wait %1 s before asking the assistant again.")
                                   .arg(*wait)),
            QStringLiteral("rate_limited"));
        return;
    }
    if (bytes.size() > m_maxBodyBytes) {
        sendSocketError(socket,
                        {},
                        Error::invalid(QStringLiteral("message"),
                                       QCoreApplication::translate(
                                           "AssistantController", "A request to the assistant can have at most %1 KiB.")
                                           .arg(m_maxBodyBytes / 1024)),
                        QStringLiteral("too_large"));
        return;
    }
    if (m_context.restaurantId == 0) {
        sendSocketError(socket,
                        {},
                        Error::unavailable(QCoreApplication::translate(
                            "AssistantController", "The restaurant is not set up yet. Please try again soon.")),
                        QStringLiteral("unavailable"));
        return;
    }
    QString session;
    Result<AssistantTurn> turn =
        chatTurn(bytes, session, QUrlQuery(socket->requestUrl()).queryItemValue(QStringLiteral("session")));
    if (!turn) {
        sendSocketError(socket, session, turn.error(), QStringLiteral("invalid"));
        return;
    }
    start(*turn, Answer::Socket, nullptr, nullptr, socket, session);
}
