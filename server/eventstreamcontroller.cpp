#include "eventstreamcontroller.h"

#include "httpjson.h"
#include "limitingtcpserver.h"
#include "problem.h"
#include "routetable.h"
#include "servercontext.h"
#include "staffauth.h"
#include "staffjson.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QHttpHeaders>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QUrlQuery>
#include <algorithm>

namespace
{

// When committed events wait behind a transaction that is still running.
constexpr int HELD_BACK_RETRY_MS = 50;

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

bool EventStreamController::TypeFilter::matches(const QString& type) const
{
    if (exact.isEmpty() && prefixes.isEmpty()) {
        return true;
    }
    return exact.contains(type)
        || std::any_of(prefixes.cbegin(), prefixes.cend(), [&type](const QString& p) { return type.startsWith(p); });
}

Result<EventStreamController::TypeFilter> EventStreamController::TypeFilter::parse(const QString& text)
{
    static const QRegularExpression exactType(QStringLiteral("^[a-z_]+\\.[a-z_]+$"));
    static const QRegularExpression prefix(QStringLiteral("^[a-z_]+\\.\\*$"));
    TypeFilter filter;
    const QStringList entries = text.split(u',', Qt::SkipEmptyParts);
    for (const QString& raw : entries) {
        const QString entry = raw.trimmed();
        if (entry == u"*") {
            return TypeFilter{};
        }
        if (exactType.match(entry).hasMatch()) {
            filter.exact.append(entry);
        } else if (prefix.match(entry).hasMatch()) {
            filter.prefixes.append(entry.chopped(1));
        } else {
            return unexpected(Error::invalid(
                QStringLiteral("types"),
                QCoreApplication::translate("EventStreamController",
                                            "\"%1\" is not an event type: use names like order.created or party.*.")
                    .arg(entry.left(60))));
        }
    }
    return filter;
}

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

void EventStreamController::setMaxBufferedBytes(qint64 bytes)
{
    m_maxBuffered = bytes;
}

Result<EventStreamController::Start> EventStreamController::parseStart(const QHttpServerRequest& request)
{
    Start start;
    const QUrlQuery query(request.url());
    // EventSource sends the header when it reconnects; a first connection can only say it in the URL.
    QString last = QString::fromLatin1(request.value("Last-Event-ID")).trimmed();
    if (last.isEmpty()) {
        last = query.queryItemValue(QStringLiteral("last_event_id")).trimmed();
    }
    if (!last.isEmpty()) {
        bool ok = false;
        const qint64 id = last.toLongLong(&ok);
        if (!ok || id < 0) {
            return unexpected(Error::invalid(
                QStringLiteral("Last-Event-ID"),
                QCoreApplication::translate("EventStreamController",
                                            "Last-Event-ID must be the id of an event from this stream.")));
        }
        start.lastEventId = id;
    }
    auto filter = TypeFilter::parse(query.queryItemValue(QStringLiteral("types"), QUrl::FullyDecoded));
    if (!filter) {
        return unexpected(filter.error());
    }
    start.filter = *filter;
    return start;
}

void EventStreamController::registerRoutes(RouteTable& routes)
{
    // GET /api/v1/events[?types=a.b,c.*][&last_event_id=N] (Authorization: Bearer <token with
    // "events">; Last-Event-ID: N) → 200 text/event-stream, chunked, open until the client leaves.
    // A bad filter or Last-Event-ID → 400, an id this log does not hold → 400.
    routes.add(QStringLiteral("/api/v1/events"),
               QHttpServerRequest::Method::Get,
               this,
               [this](const QHttpServerRequest& request, QHttpServerResponder& responder) {
                   // Found now: the request is gone by the time the token is verified.
                   QPointer<QTcpSocket> socket =
                       m_context.transport ? m_context.transport->connectionOf(request) : nullptr;
                   Result<Start> start = parseStart(request);
                   m_auth->authorize(
                       request,
                       responder,
                       QString::fromLatin1(SCOPE),
                       [this, socket, start](const ApiTokenService::Verified& token, QHttpServerResponder& granted) {
                           if (!start) {
                               QHttpServerResponse response = Problem::response(
                                   QHttpServerResponse::StatusCode::BadRequest,
                                   QCoreApplication::translate("EventStreamController", "Bad stream request"),
                                   start.error().message,
                                   start.error().field);
                               HttpJson::addStandardHeaders(response);
                               granted.sendResponse(response);
                               return;
                           }
                           open(granted, socket, token.restaurantId, token.token.id, *start);
                       });
               });
}

void EventStreamController::open(
    QHttpServerResponder& responder, QTcpSocket* socket, qint64 restaurantId, qint64 tokenId, Start start)
{
    if (socket == nullptr || socket->state() != QAbstractSocket::ConnectedState) {
        return; // left while the token was checked
    }
    // Where to begin: after the client's last event, or at what is being committed now.
    auto pending = std::make_shared<QHttpServerResponder>(std::move(responder));
    auto* watcher = new QFutureWatcher<Result<std::optional<EventLog::Cursor>>>(this);
    QPointer<QTcpSocket> connection = socket;
    connect(
        watcher,
        &QFutureWatcherBase::finished,
        this,
        [this, watcher, pending, connection, restaurantId, tokenId, filter = start.filter, last = start.lastEventId] {
            watcher->deleteLater();
            const auto cursor = watcher->result();
            if (!connection || connection->state() != QAbstractSocket::ConnectedState) {
                return;
            }
            if (!cursor) {
                QHttpServerResponse response = Problem::fromError(cursor.error());
                HttpJson::addStandardHeaders(response);
                pending->sendResponse(response);
                return;
            }
            if (!cursor->has_value()) {
                QHttpServerResponse response = Problem::response(
                    QHttpServerResponse::StatusCode::BadRequest,
                    QCoreApplication::translate("EventStreamController", "Unknown Last-Event-ID"),
                    QCoreApplication::translate(
                        "EventStreamController",
                        "Event %1 is not in this restaurant's log; start again without Last-Event-ID.")
                        .arg(last.value_or(0)),
                    QStringLiteral("Last-Event-ID"));
                HttpJson::addStandardHeaders(response);
                pending->sendResponse(response);
                return;
            }
            QHttpHeaders headers;
            headers.append(QHttpHeaders::WellKnownHeader::ContentType, "text/event-stream; charset=utf-8");
            headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-store");
            headers.append(QHttpHeaders::WellKnownHeader::XContentTypeOptions, "nosniff");
            headers.append("X-Accel-Buffering", "no"); // a reverse proxy must not hold events back
            pending->writeBeginChunked(headers);

            Stream stream;
            stream.serial = m_nextSerial++;
            stream.responder = std::make_unique<QHttpServerResponder>(std::move(*pending));
            stream.socket = connection;
            stream.restaurantId = restaurantId;
            stream.tokenId = tokenId;
            stream.filter = filter;
            stream.cursor = **cursor;
            const quint64 serial = stream.serial;
            // Queued: never erased from under a loop that is writing to the streams.
            connect(
                connection, &QTcpSocket::disconnected, this, [this, serial] { drop(serial); }, Qt::QueuedConnection);
            // A client that has taken what it was sent gets the next page of its catch-up.
            connect(connection, &QTcpSocket::bytesWritten, this, [this, serial] {
                Stream* s = find(serial);
                if (s != nullptr && !s->live && !s->reading && s->socket
                    && s->socket->bytesToWrite() <= CATCH_UP_BUFFERED_BYTES) {
                    catchUp(serial);
                }
            });
            m_streams.push_back(std::move(stream));
            // A first comment, so the client sees the stream open before any event;
            // "retry" tells it how soon to reconnect.
            write(m_streams.back(), QByteArrayLiteral(": maitre event stream\nretry: 5000\n\n"));
            if (!m_heartbeat.isActive()) {
                m_heartbeat.start();
            }
            catchUp(serial);
        });
    const std::optional<qint64> last = start.lastEventId;
    watcher->setFuture(m_context.store.run<std::optional<EventLog::Cursor>>(
        [restaurantId, last](QSqlDatabase& db) -> Result<std::optional<EventLog::Cursor>> {
            if (last) {
                return EventLog::cursorAfter(db, restaurantId, *last);
            }
            auto live = EventLog::liveStart(db);
            if (!live) {
                return unexpected(live.error());
            }
            return std::optional<EventLog::Cursor>(*live);
        }));
}

EventStreamController::Stream* EventStreamController::find(quint64 serial)
{
    const auto it = std::find_if(
        m_streams.begin(), m_streams.end(), [serial](const Stream& stream) { return stream.serial == serial; });
    return it == m_streams.end() ? nullptr : &*it;
}

void EventStreamController::catchUp(quint64 serial)
{
    Stream* stream = find(serial);
    if (stream == nullptr || stream->live || stream->reading || !stream->socket) {
        return;
    }
    if (stream->socket->bytesToWrite() > CATCH_UP_BUFFERED_BYTES) {
        return; // bytesWritten brings it back
    }
    stream->reading = true;
    auto* watcher = new QFutureWatcher<Result<EventLog::Read>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, serial] {
        watcher->deleteLater();
        caughtUp(serial, watcher->result());
    });
    const qint64 restaurantId = stream->restaurantId;
    const EventLog::Cursor after = stream->cursor;
    watcher->setFuture(m_context.store.run<EventLog::Read>(
        [restaurantId, after](QSqlDatabase& db) { return EventLog::readAfter(db, restaurantId, after, PAGE); }));
}

void EventStreamController::caughtUp(quint64 serial, const Result<EventLog::Read>& read)
{
    Stream* stream = find(serial);
    if (stream == nullptr) {
        return;
    }
    stream->reading = false;
    if (!read) {
        // The database is away: try again shortly; the heartbeat keeps the stream open meanwhile.
        QTimer::singleShot(1000, this, [this, serial] { catchUp(serial); });
        return;
    }
    if (!write(*stream, framesFor(*stream, *read))) {
        dropGone();
        return;
    }
    if (read->more) {
        catchUp(serial);
        return;
    }
    if (read->heldBack) {
        QTimer::singleShot(HELD_BACK_RETRY_MS, this, [this, serial] { catchUp(serial); });
        return;
    }
    // At the end of the log as it was read: join the tail, or read on if the tail is further.
    const auto tail = m_tails.find(stream->restaurantId);
    if (tail == m_tails.end()) {
        const qint64 restaurantId = stream->restaurantId;
        m_tails.insert(restaurantId, Tail{stream->cursor, false, false});
        stream->live = true;
        // Announcements that came while nothing followed this log went unread: read once now.
        readTail(restaurantId);
        return;
    }
    if (stream->cursor < tail->head) {
        catchUp(serial);
        return;
    }
    stream->live = true;
}

void EventStreamController::handleEvent(const DomainEvent& event)
{
    if (event.type == u"staff.token_revoked") {
        endStreamsOf(event.payload.value(QStringLiteral("token_id")).toInteger());
    }
    if (m_tails.contains(event.restaurantId)) {
        readTail(event.restaurantId);
    }
}

void EventStreamController::readTail(qint64 restaurantId)
{
    const auto tail = m_tails.find(restaurantId);
    if (tail == m_tails.end()) {
        return;
    }
    if (tail->reading) {
        tail->again = true; // announced while reading: read on once this read is in
        return;
    }
    tail->reading = true;
    tail->again = false;
    auto* watcher = new QFutureWatcher<Result<EventLog::Read>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, restaurantId] {
        watcher->deleteLater();
        tailRead(restaurantId, watcher->result());
    });
    const EventLog::Cursor after = tail->head;
    watcher->setFuture(m_context.store.run<EventLog::Read>(
        [restaurantId, after](QSqlDatabase& db) { return EventLog::readAfter(db, restaurantId, after, PAGE); }));
}

void EventStreamController::tailRead(qint64 restaurantId, const Result<EventLog::Read>& read)
{
    const auto tail = m_tails.find(restaurantId);
    if (tail == m_tails.end()) {
        return; // its last stream went meanwhile
    }
    tail->reading = false;
    if (!read) {
        QTimer::singleShot(1000, this, [this, restaurantId] { readTail(restaurantId); });
        return;
    }
    tail->head = std::max(tail->head, read->end);
    bool gone = false;
    for (Stream& stream : m_streams) {
        if (!stream.live || stream.restaurantId != restaurantId) {
            continue;
        }
        if (stream.socket && stream.socket->bytesToWrite() > m_maxBuffered) {
            // Too slow for the live stream: let it go, with what it has not
            // taken yet; it can resume from the last event it got.
            stream.socket->abort();
            gone = true;
            continue;
        }
        gone = !write(stream, framesFor(stream, *read)) || gone;
    }
    if (gone) {
        dropGone();
    }
    if (read->more || tail->again) {
        readTail(restaurantId);
    } else if (read->heldBack) {
        QTimer::singleShot(HELD_BACK_RETRY_MS, this, [this, restaurantId] { readTail(restaurantId); });
    }
}

QByteArray EventStreamController::framesFor(Stream& stream, const EventLog::Read& read)
{
    QByteArray frames;
    for (qsizetype i = 0; i < read.events.size(); ++i) {
        // A stream that joined the tail ahead of it has sent these already.
        if (!(stream.cursor < read.positions.at(i))) {
            continue;
        }
        if (stream.filter.matches(read.events.at(i).type)) {
            frames += eventFrame(read.events.at(i));
        }
    }
    stream.cursor = std::max(stream.cursor, read.end);
    return frames;
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
    forgetIdleTails();
}

bool EventStreamController::write(Stream& stream, const QByteArray& frames)
{
    if (!stream.socket || stream.socket->state() != QAbstractSocket::ConnectedState) {
        return false;
    }
    if (!frames.isEmpty()) {
        stream.responder->writeChunk(frames);
    }
    return true;
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
    forgetIdleTails();
}

void EventStreamController::dropGone()
{
    std::erase_if(m_streams, [](const Stream& stream) {
        return !stream.socket || stream.socket->state() != QAbstractSocket::ConnectedState;
    });
    forgetIdleTails();
}

void EventStreamController::forgetIdleTails()
{
    // A tail with no stream left costs a read per event for nobody.
    for (auto it = m_tails.begin(); it != m_tails.end();) {
        const qint64 restaurantId = it.key();
        const bool used = std::any_of(m_streams.cbegin(), m_streams.cend(), [restaurantId](const Stream& s) {
            return s.restaurantId == restaurantId;
        });
        it = used ? std::next(it) : m_tails.erase(it);
    }
}
