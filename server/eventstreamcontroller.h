#pragma once

#include "domainevent.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <memory>
#include <vector>

class QHttpServerResponder;
class QTcpSocket;
class RouteTable;
class StaffAuth;
struct ServerContext;

// GET /api/v1/events: the domain-event stream for integrations (a BI tool),
// as Server-Sent Events behind an API token with the "events" scope. Every
// event committed after the client connected, for the token's restaurant:
// "id: <event id>", "event: <type>", "data: <StaffJson::event>", and a comment
// line every heartbeat so proxies and the idle timeout keep the stream open.
class EventStreamController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventStreamController)

public:
    static constexpr const char* SCOPE = "events";
    // Well under LimitingTcpServer's idle timeout (30 s by default).
    static constexpr int HEARTBEAT_MS = 15'000;

    EventStreamController(ServerContext& context, QObject* parent = nullptr);
    // Ends every stream; delete before the QHttpServer, which owns the connections.
    ~EventStreamController() override;

    void registerRoutes(RouteTable& routes);
    void handleEvent(const DomainEvent& event);
    int streamCount() const { return int(m_streams.size()); }
    void setHeartbeatInterval(int milliseconds);

private:
    struct Stream
    {
        quint64 serial = 0;
        std::unique_ptr<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket;
        qint64 restaurantId = 0;
        qint64 tokenId = 0;
    };

    void open(QHttpServerResponder& responder, QTcpSocket* socket, qint64 restaurantId, qint64 tokenId);
    // Ends the streams opened with a token that has just been revoked.
    void endStreamsOf(qint64 tokenId);
    // Writes one SSE frame; false when the client has gone.
    bool write(Stream& stream, const QByteArray& frame);
    void heartbeat();
    void drop(quint64 serial);
    void dropGone();

    ServerContext& m_context;
    StaffAuth* m_auth = nullptr;
    std::vector<Stream> m_streams;
    quint64 m_nextSerial = 1;
    QTimer m_heartbeat;
};
