#include "eventlistener.h"

#include "sql.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

Q_LOGGING_CATEGORY(lcEvents, "maitre.events")

namespace
{
const QString CHANNEL = QStringLiteral("maitre");
constexpr qsizetype RECENT_WINDOW = 2000;
} // namespace

EventListener::EventListener(ConnectionSettings settings, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_connectionName(QStringLiteral("maitre-listener-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)))
{ }

EventListener::~EventListener()
{
    // The connection belongs to the listener's thread; stop() there releases it.
    if (QThread::currentThread() == thread()) {
        disconnectNow();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

void EventListener::setHeartbeatInterval(int milliseconds)
{
    m_heartbeatMs = milliseconds;
}

void EventListener::setReconnectDelays(int firstMilliseconds, int maxMilliseconds)
{
    m_firstDelayMs = firstMilliseconds;
    m_maxDelayMs = maxMilliseconds;
    m_delayMs = firstMilliseconds;
}

void EventListener::start()
{
    if (m_running) {
        return;
    }
    m_running = true;
    // Timers are made here so they belong to the listener's thread.
    m_heartbeat = new QTimer(this);
    m_heartbeat->setInterval(m_heartbeatMs);
    connect(m_heartbeat, &QTimer::timeout, this, &EventListener::checkConnection);
    m_reconnect = new QTimer(this);
    m_reconnect->setSingleShot(true);
    connect(m_reconnect, &QTimer::timeout, this, &EventListener::connectNow);
    connectNow();
}

void EventListener::stop()
{
    m_running = false;
    if (m_heartbeat) {
        m_heartbeat->stop();
    }
    if (m_reconnect) {
        m_reconnect->stop();
    }
    disconnectNow();
    QSqlDatabase::removeDatabase(m_connectionName);
    setConnected(false);
}

void EventListener::connectNow()
{
    if (!m_running) {
        return;
    }
    QSqlDatabase db = QSqlDatabase::contains(m_connectionName) ? QSqlDatabase::database(m_connectionName, false)
                                                               : m_settings.addDatabase(m_connectionName);
    if (!db.open()) {
        qCDebug(lcEvents) << "listener cannot connect:" << db.lastError().text();
        db.close();
        setConnected(false);
        scheduleReconnect();
        return;
    }
    QSqlDriver* driver = db.driver();
    connect(driver, &QSqlDriver::notification, this, &EventListener::handleNotification, Qt::UniqueConnection);
    if (!driver->subscribeToNotification(CHANNEL)) {
        qCWarning(lcEvents) << "cannot subscribe to notifications:" << driver->lastError().text();
        db.close();
        setConnected(false);
        scheduleReconnect();
        return;
    }
    m_delayMs = m_firstDelayMs;
    if (m_everConnected) {
        catchUp();
    } else {
        // The first connection starts from now: history is for analytics.
        QSqlQuery query(db);
        if (query.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM events")) && query.next()) {
            m_highestId = query.value(0).toLongLong();
        }
        m_everConnected = true;
    }
    setConnected(true);
    m_heartbeat->start();
}

void EventListener::disconnectNow()
{
    if (!QSqlDatabase::contains(m_connectionName)) {
        return;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (db.isOpen()) {
        db.driver()->unsubscribeFromNotification(CHANNEL);
    }
    disconnect(db.driver(), &QSqlDriver::notification, this, &EventListener::handleNotification);
    db.close();
}

void EventListener::scheduleReconnect()
{
    if (!m_running) {
        return;
    }
    m_heartbeat->stop();
    m_reconnect->start(m_delayMs);
    m_delayMs = std::min(m_delayMs * 2, m_maxDelayMs);
}

void EventListener::checkConnection()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery query(db);
    if (db.isOpen() && query.exec(QStringLiteral("SELECT 1"))) {
        return;
    }
    qCInfo(lcEvents) << "database connection lost; reconnecting";
    disconnectNow();
    setConnected(false);
    scheduleReconnect();
}

void EventListener::catchUp()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const qint64 from = m_recentOrder.empty() ? m_highestId : std::min(m_recentOrder.front(), m_highestId);
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT id, restaurant_id, type,"
                                          " to_char(occurred_at AT TIME ZONE 'UTC', "
                                          "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), payload::text"
                                          " FROM events WHERE id >= ? ORDER BY id"),
                           {from});
    if (!query) {
        qCWarning(lcEvents) << "catch-up failed:" << query.error().message;
        return;
    }
    int replayed = 0;
    while (query->next()) {
        DomainEvent event;
        event.id = query->value(0).toLongLong();
        event.restaurantId = query->value(1).toLongLong();
        event.type = query->value(2).toString();
        event.occurredAt = QDateTime::fromString(query->value(3).toString(), Qt::ISODateWithMs);
        event.payload = QJsonDocument::fromJson(query->value(4).toString().toUtf8()).object();
        if (!m_recent.contains(event.id)) {
            deliver(event);
            ++replayed;
        }
    }
    qCInfo(lcEvents) << "caught up" << replayed << "events after reconnecting";
}

void EventListener::handleNotification(const QString& channel,
                                       QSqlDriver::NotificationSource /*source*/,
                                       const QVariant& payload)
{
    if (channel != CHANNEL) {
        return;
    }
    auto event = DomainEvent::fromJson(payload.toString().toUtf8());
    if (!event) {
        qCWarning(lcEvents) << "ignoring malformed notification" << payload.toString().left(200);
        return;
    }
    if (m_recent.contains(event->id)) {
        return;
    }
    if (payload.toString().contains(QLatin1String("\"payload_omitted\""))) {
        // Too large for NOTIFY: read it from the log.
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        auto query = Sql::exec(db, QStringLiteral("SELECT payload::text FROM events WHERE id = ?"), {event->id});
        if (query && query->next()) {
            event->payload = QJsonDocument::fromJson(query->value(0).toString().toUtf8()).object();
        }
    }
    deliver(*event);
}

void EventListener::deliver(const DomainEvent& event)
{
    m_recent.insert(event.id);
    m_recentOrder.push_back(event.id);
    if (std::ssize(m_recentOrder) > RECENT_WINDOW) {
        m_recent.remove(m_recentOrder.front());
        m_recentOrder.pop_front();
    }
    m_highestId = std::max(m_highestId, event.id);
    Q_EMIT eventReceived(event);
}

void EventListener::setConnected(bool connected)
{
    if (m_connected == connected) {
        return;
    }
    m_connected = connected;
    Q_EMIT connectionStateChanged(connected);
}
