#pragma once

#include "domainevent.h"
#include "partystatus.h"
#include "queuesnapshot.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <memory>
#include <optional>
#include <vector>

class QWebSocket;
class QueueCache;
class QueueService;
struct ServerContext;

// The diners' live connections (/ws?token=…, on the HTTP port). Each gets a
// snapshot of its party on connect, then an update whenever a committed change
// alters what it would see (the queue cache's snapshots). Messages carry a sequence number so a client can
// tell it missed one and resync. Unknown tokens are closed with code 4404.
// A connection with ?session=… instead of a token is the diner's chat with
// the ordering assistant alone (before joining); every text message a diner
// sends is passed on (messageReceived) for the assistant.
class WebSocketHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebSocketHub)

public:
    static constexpr int CLOSE_UNKNOWN_TOKEN = 4404;
    static constexpr int PING_INTERVAL_MS = 20'000;
    // Phones updated per event-loop turn after a change (status changes go first, at once).
    static constexpr size_t DRAIN_SLICE = 128;

    WebSocketHub(ServerContext& context, QueueCache& cache, QObject* parent = nullptr);
    ~WebSocketHub() override;

    void addConnection(std::unique_ptr<QWebSocket> socket);
    int connectionCount() const { return int(m_connections.size()); }
    // A party's status changed ("come in now", seated, cancelled): its phones
    // hear it at once from that one party's row, before the queue's snapshot.
    void handleEvent(const DomainEvent& event);

Q_SIGNALS:
    void connectionCountChanged(int count);
    void messageReceived(QWebSocket* socket, const QString& message);

private:
    struct Connection
    {
        std::unique_ptr<QWebSocket> socket;
        QString token;
        qint64 partyId = 0;
        qint64 seq = 0;
        QByteArray lastParty; // what was last sent, to push only changes
        qint64 lastPong = 0;
        std::optional<PartyStatus> lastStatus; // of what was last sent
    };

    void removeConnection(QWebSocket* socket);
    Connection* find(QWebSocket* socket);
    void applySnapshot(const QueueSnapshot& snapshot, const QSet<qint64>& leftParties);
    void send(Connection& connection, const char* type, const QByteArray& partyJson);
    void sendFinalState(Connection& connection);
    void sendIfChanged(Connection& connection, const Party& party);
    void drain();
    void pingAll();

    ServerContext& m_context;
    QueueCache& m_cache;
    std::vector<Connection> m_connections;
    QTimer m_ping;
    // The latest snapshot while its updates are being sent.
    std::optional<QueueSnapshot> m_pending;
    QHash<qint64, qsizetype> m_pendingById;
    QHash<qint64, QByteArray> m_pendingJson;
    size_t m_cursor = 0;
    QTimer m_drain;
};
