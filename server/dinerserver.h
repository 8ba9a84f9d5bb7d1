#pragma once

#include "result.h"

#include <QHostAddress>
#include <QObject>
#include <memory>

class HealthController;
class LimitingTcpServer;
class QHttpServer;
class RouteTable;
class Store;
class WebSocketHub;

// The embedded server diners' phones talk to: HTTP routes and the WebSocket
// hub on one port. Create it, move it to its own thread, then call listen()
// in that thread; everything it makes lives there.
class DinerServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DinerServer)

public:
    struct Options
    {
        QHostAddress address = QHostAddress::Any;
        quint16 port = 8080; // 0: any free port
        qint64 maxBodyBytes = 64 * 1024;
        int idleTimeoutMs = 30'000;
    };

    explicit DinerServer(Store& store, QObject* parent = nullptr);
    ~DinerServer() override;

    // Binds and starts serving; the port actually bound, or why not.
    Result<quint16> listen(const Options& options);
    // Stops listening and closes every connection.
    void close();
    quint16 port() const { return m_port; }

Q_SIGNALS:
    void connectedDinersChanged(int count);

private:
    void registerRoutes();

    Store& m_store;
    std::unique_ptr<QHttpServer> m_http;
    std::unique_ptr<RouteTable> m_routes;
    LimitingTcpServer* m_tcp = nullptr; // owned by m_http once bound
    HealthController* m_health = nullptr;
    WebSocketHub* m_hub = nullptr;
    quint16 m_port = 0;
};
