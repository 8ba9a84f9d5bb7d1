#pragma once

#include "domainevent.h"
#include "result.h"
#include "store/eventlog.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <memory>
#include <vector>

class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;
class RouteTable;
class StaffAuth;
struct ServerContext;

// GET /api/v1/events: the domain-event log as Server-Sent Events, for
// integrations (a BI tool), behind an API token with the "events" scope.
// Frames are "id: <event id>", "event: <type>", "data: <StaffJson::event>".
// A client that sends Last-Event-ID (or ?last_event_id=) gets every event
// after that one from the log, then the live ones, with no gap and no repeat;
// without it, the events committed from the moment it connected. ?types=
// filters by type ("order.created,party.*"). A comment line every heartbeat
// keeps proxies and the idle timeout from closing the stream. A client too
// slow to take the live stream is dropped (it can resume) rather than
// buffered without limit.
class EventStreamController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventStreamController)

public:
    static constexpr const char* SCOPE = "events";
    // Well under LimitingTcpServer's idle timeout (30 s by default).
    static constexpr int HEARTBEAT_MS = 15'000;
    // Events read from the log at a time.
    static constexpr int PAGE = 500;
    // A client this far behind the live stream is dropped (by default).
    static constexpr qint64 MAX_BUFFERED_BYTES = 4 << 20;
    // While catching up from the log, the next page waits until the client
    // has taken all but this much.
    static constexpr qint64 CATCH_UP_BUFFERED_BYTES = 256 << 10;

    // Which event types a stream wants: exact types and "prefix.*".
    struct TypeFilter
    {
        QStringList exact;
        QStringList prefixes; // "order." for "order.*"
        bool matches(const QString& type) const;
        // "a.b,c.*" (empty or "*": everything); an error names the bad entry.
        static Result<TypeFilter> parse(const QString& text);
    };

    EventStreamController(ServerContext& context, QObject* parent = nullptr);
    // Ends every stream; delete before the QHttpServer, which owns the connections.
    ~EventStreamController() override;

    void registerRoutes(RouteTable& routes);
    void handleEvent(const DomainEvent& event);
    int streamCount() const { return int(m_streams.size()); }
    void setHeartbeatInterval(int milliseconds);
    void setMaxBufferedBytes(qint64 bytes);

private:
    struct Stream
    {
        quint64 serial = 0;
        std::unique_ptr<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket;
        qint64 restaurantId = 0;
        qint64 tokenId = 0;
        TypeFilter filter;
        EventLog::Cursor cursor; // every event up to here has been sent (or filtered out)
        bool live = false; // fed by the restaurant's tail; false while catching up from the log
        bool reading = false;
    };
    // The live end of one restaurant's log, read once for all its live streams.
    struct Tail
    {
        EventLog::Cursor head;
        bool reading = false;
        bool again = false; // more was announced while reading
    };
    struct Start
    {
        std::optional<qint64> lastEventId;
        TypeFilter filter;
    };

    static Result<Start> parseStart(const QHttpServerRequest& request);
    void open(QHttpServerResponder& responder, QTcpSocket* socket, qint64 restaurantId, qint64 tokenId, Start start);
    Stream* find(quint64 serial);
    // Reads the log from the stream's cursor until it reaches the tail, then makes it live.
    void catchUp(quint64 serial);
    void caughtUp(quint64 serial, const Result<EventLog::Read>& read);
    void readTail(qint64 restaurantId);
    void tailRead(qint64 restaurantId, const Result<EventLog::Read>& read);
    // Frames of the events after the stream's cursor that it wants.
    static QByteArray framesFor(Stream& stream, const EventLog::Read& read);
    // Ends the streams opened with a token that has just been revoked.
    void endStreamsOf(qint64 tokenId);
    // Writes frames; false when the client has gone.
    bool write(Stream& stream, const QByteArray& frames);
    void heartbeat();
    void drop(quint64 serial);
    void dropGone();
    void forgetIdleTails();

    ServerContext& m_context;
    StaffAuth* m_auth = nullptr;
    std::vector<Stream> m_streams;
    QHash<qint64, Tail> m_tails; // by restaurant, while it has streams
    quint64 m_nextSerial = 1;
    qint64 m_maxBuffered = MAX_BUFFERED_BYTES;
    QTimer m_heartbeat;
};
