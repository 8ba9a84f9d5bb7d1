#pragma once

#include "domainevent.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <memory>
#include <vector>

class QWebSocket;
class QueueService;
struct QueueSnapshot;
struct ServerContext;

// The diners' live connections (/ws?token=…, on the HTTP port). Each gets a
// snapshot of its party on connect, then an update whenever a committed change
// alters what it would see. Messages carry a sequence number so a client can
// tell it missed one and resync. Unknown tokens are closed with code 4404.
class WebSocketHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebSocketHub)

public:
    static constexpr int CLOSE_UNKNOWN_TOKEN = 4404;
    static constexpr int PING_INTERVAL_MS = 20'000;

    WebSocketHub(ServerContext& context, QObject* parent = nullptr);
    ~WebSocketHub() override;

    void addConnection(std::unique_ptr<QWebSocket> socket);
    int connectionCount() const { return int(m_connections.size()); }
    // Queue, table and order events make every connected diner's view current.
    void handleEvent(const DomainEvent& event);

Q_SIGNALS:
    void connectionCountChanged(int count);

private:
    struct Connection
    {
        std::unique_ptr<QWebSocket> socket;
        QString token;
        qint64 partyId = 0;
        qint64 seq = 0;
        QByteArray lastParty; // what was last sent, to push only changes
        qint64 lastPong = 0;
    };

    void removeConnection(QWebSocket* socket);
    Connection* find(QWebSocket* socket);
    void refresh();
    void applySnapshot(const QueueSnapshot& snapshot, const QSet<qint64>& leftParties);
    void send(Connection& connection, const char* type, const QByteArray& partyJson);
    void pingAll();

    ServerContext& m_context;
    std::vector<Connection> m_connections;
    QTimer m_debounce;
    QTimer m_ping;
    bool m_refreshing = false;
    bool m_refreshAgain = false;
    QSet<qint64> m_leftParties; // parties that left the queue since the last refresh
};
