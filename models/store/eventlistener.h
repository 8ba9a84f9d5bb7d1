#pragma once

#include "connectionsettings.h"
#include "domainevent.h"

#include <QObject>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QTimer>
#include <deque>

// Turns the database's NOTIFY messages into Qt signals. Lives on its own
// thread with its own connection; when the connection drops it reconnects
// with backoff, subscribes again (QPSQL does not) and replays from the events
// table what was committed meanwhile, so listeners miss nothing.
class EventListener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventListener)

public:
    explicit EventListener(ConnectionSettings settings, QObject* parent = nullptr);
    ~EventListener() override;

    // Tunables for tests; call before start().
    void setHeartbeatInterval(int milliseconds);
    void setReconnectDelays(int firstMilliseconds, int maxMilliseconds);

    bool isConnected() const { return m_connected; }

public Q_SLOTS:
    // Call in the listener's thread (after moveToThread), e.g. via invokeMethod.
    void start();
    void stop();

Q_SIGNALS:
    void eventReceived(const DomainEvent& event);
    void connectionStateChanged(bool connected);

private:
    void connectNow();
    void disconnectNow();
    void scheduleReconnect();
    void checkConnection();
    void catchUp();
    void handleNotification(const QString& channel, QSqlDriver::NotificationSource source, const QVariant& payload);
    void deliver(const DomainEvent& event);
    void setConnected(bool connected);

    ConnectionSettings m_settings;
    QString m_connectionName;
    QTimer* m_heartbeat = nullptr;
    QTimer* m_reconnect = nullptr;
    int m_heartbeatMs = 2000;
    int m_firstDelayMs = 250;
    int m_maxDelayMs = 10000;
    int m_delayMs = 250;
    bool m_connected = false;
    bool m_running = false;
    bool m_everConnected = false;
    qint64 m_highestId = 0;
    // Ids delivered recently: catch-up starts a little before the highest id
    // (sequence values can commit out of order) and skips what was seen.
    QSet<qint64> m_recent;
    std::deque<qint64> m_recentOrder;
};
