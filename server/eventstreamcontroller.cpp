#include "eventstreamcontroller.h"

#include "limitingtcpserver.h"
#include "routetable.h"
#include "servercontext.h"
#include "staffauth.h"
#include "staffjson.h"

#include <QHttpHeaders>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpSocket>
#include <algorithm>

namespace
{

QByteArray eventFrame(const DomainEvent& event)
{
    const std::string data = StaffJson::event(event).dump();
    // Types are ours ("party.joined"); a line break would end the field early.
    QByteArray type = event.type.toUtf8();
    type.replace('\n', ' ').replace('\r', ' ');
    return "id: " + QByteArray::number(event.id) + "\nevent: " + type
        + "\ndata: " + QByteArray(data.data(), qsizetype(data.size())) + "\n\n";
}

} // namespace

EventStreamController::EventStreamController(ServerContext& context, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_auth(new StaffAuth(context.store, this))
{
    m_heartbeat.setInterval(HEARTBEAT_MS);
    connect(&m_heartbeat, &QTimer::timeout, this, &EventStreamController::heartbeat);
}

EventStreamController::~EventStreamController()
{
    for (Stream& stream : m_streams) {
        if (stream.socket && stream.socket->state() == QAbstractSocket::ConnectedState) {
            stream.socket->disconnect(this);
            stream.responder->writeEndChunked(QByteArrayLiteral(": the server is stopping\n\n"));
        }
    }
    m_streams.clear();
}

void EventStreamController::setHeartbeatInterval(int milliseconds)
{
    m_heartbeat.setInterval(milliseconds);
}

void EventStreamController::registerRoutes(RouteTable& routes)
{
    // GET /api/v1/events (Authorization: Bearer <token with "events">)
    // → 200 text/event-stream, chunked, open until the client leaves.
    routes.add(
        QStringLiteral("/api/v1/events"),
        QHttpServerRequest::Method::Get,
        this,
        [this](const QHttpServerRequest& request, QHttpServerResponder& responder) {
            // Found now: the request is gone by the time the token is verified.
            QPointer<QTcpSocket> socket = m_context.transport ? m_context.transport->connectionOf(request) : nullptr;
            m_auth->authorize(request,
                              responder,
                              QString::fromLatin1(SCOPE),
                              [this, socket](const ApiTokenService::Verified& token, QHttpServerResponder& granted) {
                                  open(granted, socket, token.restaurantId, token.token.id);
                              });
        });
}

void EventStreamController::open(QHttpServerResponder& responder,
                                 QTcpSocket* socket,
                                 qint64 restaurantId,
                                 qint64 tokenId)
{
    if (socket == nullptr || socket->state() != QAbstractSocket::ConnectedState) {
        return; // left while the token was checked
    }
    QHttpHeaders headers;
    headers.append(QHttpHeaders::WellKnownHeader::ContentType, "text/event-stream; charset=utf-8");
    headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-store");
    headers.append(QHttpHeaders::WellKnownHeader::XContentTypeOptions, "nosniff");
    headers.append("X-Accel-Buffering", "no"); // a reverse proxy must not hold events back
    responder.writeBeginChunked(headers);

    Stream stream;
    stream.serial = m_nextSerial++;
    stream.responder = std::make_unique<QHttpServerResponder>(std::move(responder));
    stream.socket = socket;
    stream.restaurantId = restaurantId;
    stream.tokenId = tokenId;
    const quint64 serial = stream.serial;
    // Queued: never erased from under a loop that is writing to the streams.
    connect(socket, &QTcpSocket::disconnected, this, [this, serial] { drop(serial); }, Qt::QueuedConnection);
    m_streams.push_back(std::move(stream));
    // A first comment, so the client sees the stream open before any event;
    // "retry" tells it how soon to reconnect.
    write(m_streams.back(), QByteArrayLiteral(": maitre event stream\nretry: 5000\n\n"));
    if (!m_heartbeat.isActive()) {
        m_heartbeat.start();
    }
}

bool EventStreamController::write(Stream& stream, const QByteArray& frame)
{
    if (!stream.socket || stream.socket->state() != QAbstractSocket::ConnectedState) {
        return false;
    }
    stream.responder->writeChunk(frame);
    return true;
}

void EventStreamController::handleEvent(const DomainEvent& event)
{
    if (m_streams.empty()) {
        return;
    }
    const QByteArray frame = eventFrame(event);
    bool gone = false;
    for (Stream& stream : m_streams) {
        if (stream.restaurantId == event.restaurantId) {
            gone = !write(stream, frame) || gone;
        }
    }
    if (gone) {
        dropGone();
    }
    if (event.type == u"staff.token_revoked") {
        endStreamsOf(event.payload.value(QStringLiteral("token_id")).toInteger());
    }
}

void EventStreamController::endStreamsOf(qint64 tokenId)
{
    for (Stream& stream : m_streams) {
        if (stream.tokenId == tokenId && stream.socket && stream.socket->state() == QAbstractSocket::ConnectedState) {
            // The last chunk, so the client sees a clean end rather than a broken connection.
            stream.responder->writeEndChunked(QByteArrayLiteral(": token revoked\n\n"));
            stream.socket->disconnectFromHost();
        }
    }
    std::erase_if(m_streams, [tokenId](const Stream& stream) { return stream.tokenId == tokenId; });
}

void EventStreamController::heartbeat()
{
    bool gone = false;
    for (Stream& stream : m_streams) {
        gone = !write(stream, QByteArrayLiteral(": heartbeat\n\n")) || gone;
    }
    if (gone) {
        dropGone();
    }
    if (m_streams.empty()) {
        m_heartbeat.stop();
    }
}

void EventStreamController::drop(quint64 serial)
{
    // Destroying the responder hands the connection back to the HTTP server,
    // which then lets go of the closed socket.
    std::erase_if(m_streams, [serial](const Stream& stream) { return stream.serial == serial; });
}

void EventStreamController::dropGone()
{
    std::erase_if(m_streams, [](const Stream& stream) {
        return !stream.socket || stream.socket->state() != QAbstractSocket::ConnectedState;
    });
}
