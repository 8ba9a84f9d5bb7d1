// The event stream for BI tools (GET /api/v1/events) under a steady flood of
// domain events: a writer commits events in small transactions as fast as
// the cluster takes them, EventListener announces them to the real
// DinerServer on its own thread, and one consumer on a raw socket counts
// what arrives. Prints the events per second delivered live, the commit →
// client latency, and how fast a client that resumes with Last-Event-ID
// from the start catches up from the log. See bench/README.md.

#include "apitokenservice.h"
#include "benchcluster.h"
#include "benchloop.h"
#include "benchserver.h"
#include "latencystats.h"
#include "menuservice.h"
#include "queueservice.h"
#include "store/eventlistener.h"
#include "store/eventlog.h"
#include "store/sql.h"
#include "store/store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QThread>
#include <atomic>
#include <thread>

namespace
{

using BenchLoop::say;
using BenchLoop::waitFor;

constexpr double GOAL_EVENTS_PER_SECOND = 1000.0;

// An SSE client on a plain socket: counts frames and, from each event's
// payload, the time since it was committed.
class Consumer final : public QObject
{
public:
    Consumer(quint16 port, const QByteArray& token, const QByteArray& lastEventId)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, this, [this] { read(); });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.waitForConnected(5000);
        QByteArray request =
            "GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n";
        if (!lastEventId.isEmpty()) {
            request += "Last-Event-ID: " + lastEventId + "\r\n";
        }
        m_socket.write(request + "\r\n");
    }
    qint64 events() const { return m_events; }
    qint64 firstUs() const { return m_firstUs; }
    qint64 lastUs() const { return m_lastUs; }
    const LatencyStats& latency() const { return m_latency; }
    bool open() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

private:
    void read()
    {
        m_buffer += m_socket.readAll();
        const qint64 now = LatencyStats::nowUs();
        qsizetype end;
        while ((end = m_buffer.indexOf("\n\n")) >= 0) {
            const QByteArray frame = m_buffer.left(end);
            m_buffer.remove(0, end + 2);
            const qsizetype data = frame.indexOf("\ndata: ");
            if (!frame.contains("id: ") || data < 0) {
                continue;
            }
            ++m_events;
            m_firstUs = m_firstUs == 0 ? now : m_firstUs;
            m_lastUs = now;
            // The writer stamps each event with its commit time on the shared steady clock.
            const qsizetype at = frame.indexOf("\"sent_us\":", data);
            if (at > 0) {
                const qint64 sent = frame.mid(at + 10, 20).split(',').first().split('}').first().toLongLong();
                if (sent > 0) {
                    m_latency.add(now - sent);
                }
            }
        }
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    qint64 m_events = 0;
    qint64 m_firstUs = 0;
    qint64 m_lastUs = 0;
    LatencyStats m_latency;
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Events per second through GET /api/v1/events."));
    parser.addHelpOption();
    const QCommandLineOption eventsOption(
        QStringLiteral("events"), QStringLiteral("events to write"), QStringLiteral("N"), QStringLiteral("30000"));
    const QCommandLineOption batchOption(
        QStringLiteral("batch"), QStringLiteral("events per transaction"), QStringLiteral("B"), QStringLiteral("10"));
    parser.addOptions({eventsOption, batchOption});
    parser.process(app);
    const int total = parser.value(eventsOption).toInt();
    const int batch = std::max(1, parser.value(batchOption).toInt());

    say(QStringLiteral("[events] starting a durable PostgreSQL cluster (fsync and synchronous_commit on)"));
    BenchCluster cluster(true);
    if (const QString error = cluster.start(); !error.isEmpty()) {
        say(QStringLiteral("[events] cannot start: %1").arg(error));
        return 1;
    }
    const qint64 restaurant = cluster.restaurantId();
    Store store(cluster.settings(), 4);
    MenuService menu(store);
    QueueService queue(store);
    ApiTokenService tokens(store);
    const auto token =
        tokens.create(restaurant, Actor::system(), QStringLiteral("bench"), {QStringLiteral("events")}).result();
    if (!token) {
        say(QStringLiteral("[events] no token: %1").arg(token.error().message));
        return 1;
    }
    BenchServer server(store, menu, queue, restaurant);
    const auto port = server.start(1000);
    if (!port) {
        say(QStringLiteral("[events] no server: %1").arg(port.error().message));
        return 1;
    }
    QThread listenerThread;
    EventListener listener(cluster.settings());
    listener.moveToThread(&listenerThread);
    QObject::connect(&listener, &EventListener::eventReceived, server.server(), &DinerServer::handleEvent);
    listenerThread.start();
    QMetaObject::invokeMethod(&listener, &EventListener::start);
    waitFor([&listener] { return listener.isConnected(); }, 30'000);

    Consumer live(*port, token->secret.toLatin1(), {});
    waitFor([&live] { return live.open(); }, 5000);
    QThread::msleep(300); // the stream is open and at the head of the log

    // The writer: its own connection, transactions of `batch` events, as fast as commits go.
    std::atomic<bool> writing = true;
    std::atomic<qint64> written = 0;
    qint64 firstId = 0;
    const ConnectionSettings settings = cluster.settings();
    QElapsedTimer wall;
    wall.start();
    std::thread writer([&] {
        {
            QSqlDatabase db = settings.addDatabase(QStringLiteral("bench-writer"));
            db.open();
            for (int done = 0; done < total; done += batch) {
                QList<EventLog::Entry> entries;
                for (int i = 0; i < batch && done + i < total; ++i) {
                    entries.append({QStringLiteral("order.created"),
                                    {{QStringLiteral("order_id"), done + i},
                                     {QStringLiteral("total_cents"), 2850},
                                     {QStringLiteral("sent_us"), LatencyStats::nowUs()}}});
                }
                db.transaction();
                (void)EventLog::appendAll(db, restaurant, entries);
                db.commit();
                written += entries.size();
                if (firstId == 0) {
                    auto q = Sql::exec(db, QStringLiteral("SELECT min(id) FROM events WHERE type = 'order.created'"));
                    if (q && q->next()) {
                        firstId = q->value(0).toLongLong();
                    }
                }
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("bench-writer"));
        writing = false;
    });
    waitFor([&] { return !writing && live.events() >= total; }, 300'000);
    writer.join();
    const double writeSeconds = wall.elapsed() / 1000.0;
    const double liveSeconds = std::max<qint64>(1, live.lastUs() - live.firstUs()) / 1e6;
    say(QStringLiteral("[events] written: %1 events in %2 s (%3 a second, %4 per transaction)")
            .arg(written.load())
            .arg(writeSeconds, 0, 'f', 2)
            .arg(written.load() / writeSeconds, 0, 'f', 0)
            .arg(batch));
    say(QStringLiteral("[events] live: %1 of %2 events delivered, %3 events/s; commit → client %4")
            .arg(live.events())
            .arg(total)
            .arg(live.events() / liveSeconds, 0, 'f', 0)
            .arg(live.latency().summary()));

    // A client that was away: everything from the first event, from the log.
    Consumer resumed(*port, token->secret.toLatin1(), QByteArray::number(firstId - 1 > 0 ? firstId - 1 : firstId));
    waitFor([&] { return resumed.events() >= total - 1; }, 300'000);
    const double replaySeconds = std::max<qint64>(1, resumed.lastUs() - resumed.firstUs()) / 1e6;
    say(QStringLiteral("[events] resume with Last-Event-ID: %1 events replayed from the log at %2 events/s")
            .arg(resumed.events())
            .arg(resumed.events() / replaySeconds, 0, 'f', 0));

    const double rate = live.events() / liveSeconds;
    const bool met = rate >= GOAL_EVENTS_PER_SECOND && live.events() == total;
    say(QStringLiteral("GOAL|events: SSE to one consumer, live|%1 events/s, %2 lost, p99 %3 ms|>= %4 events/s|%5")
            .arg(rate, 0, 'f', 0)
            .arg(total - live.events())
            .arg(live.latency().percentileMs(99), 0, 'f', 1)
            .arg(GOAL_EVENTS_PER_SECOND)
            .arg(met ? QStringLiteral("met") : QStringLiteral("NOT MET")));
    say(QStringLiteral("GOAL|events: resume from the log (Last-Event-ID)|%1 events/s|-|-")
            .arg(resumed.events() / replaySeconds, 0, 'f', 0));

    QMetaObject::invokeMethod(&listener, &EventListener::stop, Qt::BlockingQueuedConnection);
    listenerThread.quit();
    listenerThread.wait();
    server.stop();
    store.shutdown();
    return 0;
}
