#include "apitokenservice.h"
#include "dinerserver.h"
#include "httpclient.h"
#include "menuservice.h"
#include "queueservice.h"
#include "store/eventlog.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

// GET /api/v1/events for BI tools, over a real socket: the token, resuming
// from Last-Event-ID with no gap and no repeat (also past a transaction that
// commits late), the type filter, heartbeats, and a client too slow to keep up.
class TestAnalyticsSse final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void needsATokenWithTheEventsScope();
    void resumesAfterTheLastEventId();
    void resumesFromTheQueryToo();
    void unknownOrBadLastEventIdIsRefused_data();
    void unknownOrBadLastEventIdIsRefused();
    void filtersByType();
    void badFilterIsRefused();
    void heartbeatsWhileQuiet();
    void aLateCommitIsNeitherLostNorRepeated();
    void aClientTooSlowIsDropped();

private:
    // Appends events in one transaction and announces them as EventListener would.
    QList<qint64> append(const QStringList& types, int payloadBytes = 0);
    void announce(qint64 id);
    struct Stream
    {
        QNetworkReply* reply = nullptr;
        QByteArray received;
        QList<qint64> ids() const;
        QStringList types() const;
    };
    std::unique_ptr<Stream> open(const QString& path, const QList<QPair<QByteArray, QByteArray>>& headers = {});
    QList<QPair<QByteArray, QByteArray>> bearer(const QString& scope = QStringLiteral("events"));

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<MenuService> m_menu;
    std::unique_ptr<QueueService> m_queue;
    std::unique_ptr<ApiTokenService> m_tokens;
    std::unique_ptr<DinerServer> m_server;
    std::unique_ptr<HttpClient> m_http;
    qint64 m_restaurant = 0;
    QHash<QString, QString> m_secrets;
};

void TestAnalyticsSse::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 4);
    m_menu = std::make_unique<MenuService>(*m_store);
    m_queue = std::make_unique<QueueService>(*m_store);
    m_tokens = std::make_unique<ApiTokenService>(*m_store);
    m_server = std::make_unique<DinerServer>(*m_store, *m_menu, *m_queue);
    m_server->setRestaurantId(m_restaurant);
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.eventHeartbeatMs = 300;
    options.eventMaxBufferedBytes = 256 * 1024;
    const auto port = m_server->listen(options);
    QVERIFY2(port, port ? "" : qPrintable(port.error().message));
    m_http = std::make_unique<HttpClient>(*port);
    m_secrets.clear();
}

void TestAnalyticsSse::cleanup()
{
    m_http.reset();
    m_server.reset();
    m_tokens.reset();
    m_queue.reset();
    m_menu.reset();
    m_store.reset();
    m_db.reset();
}

QList<QPair<QByteArray, QByteArray>> TestAnalyticsSse::bearer(const QString& scope)
{
    if (!m_secrets.contains(scope)) {
        const auto created =
            awaitFuture(m_tokens->create(m_restaurant, Actor::system(), QStringLiteral("bi-") + scope, {scope}));
        if (!created) {
            qFatal("no token: %s", qPrintable(created.error().message));
        }
        m_secrets.insert(scope, created->secret);
    }
    return {{"Authorization", "Bearer " + m_secrets.value(scope).toLatin1()}};
}

QList<qint64> TestAnalyticsSse::append(const QStringList& types, int payloadBytes)
{
    QSqlDatabase db = m_db->connection();
    db.transaction();
    QList<EventLog::Entry> entries;
    for (const QString& type : types) {
        entries.append({type, {{QStringLiteral("padding"), QString(payloadBytes, u'x')}}});
    }
    const VoidResult appended = EventLog::appendAll(db, m_restaurant, entries);
    if (!appended) {
        qFatal("append: %s", qPrintable(appended.error().message));
    }
    db.commit();
    QSqlQuery query(db);
    query.exec(QStringLiteral("SELECT id FROM events ORDER BY id DESC LIMIT %1").arg(types.size()));
    QList<qint64> ids;
    while (query.next()) {
        ids.prepend(query.value(0).toLongLong());
    }
    announce(ids.last());
    return ids;
}

void TestAnalyticsSse::announce(qint64 id)
{
    // EventListener's signal carries the notification; the stream reads the log itself.
    DomainEvent event;
    event.id = id;
    event.restaurantId = m_restaurant;
    event.type = QStringLiteral("party.joined");
    m_server->handleEvent(event);
}

std::unique_ptr<TestAnalyticsSse::Stream> TestAnalyticsSse::open(const QString& path,
                                                                 const QList<QPair<QByteArray, QByteArray>>& headers)
{
    auto stream = std::make_unique<Stream>();
    stream->reply = m_http->start("GET", path, {}, headers);
    Stream* s = stream.get();
    connect(s->reply, &QNetworkReply::readyRead, this, [s] { s->received += s->reply->readAll(); });
    if (!QTest::qWaitFor([s] { return s->received.contains(": maitre event stream\n") || s->reply->isFinished(); },
                         30000)) {
        qWarning("the stream did not open");
    }
    return stream;
}

QList<qint64> TestAnalyticsSse::Stream::ids() const
{
    QList<qint64> ids;
    static const QRegularExpression line(QStringLiteral("(?:^|\n)id: (\\d+)\n"));
    for (auto it = line.globalMatch(QString::fromUtf8(received)); it.hasNext();) {
        ids.append(it.next().captured(1).toLongLong());
    }
    return ids;
}

QStringList TestAnalyticsSse::Stream::types() const
{
    QStringList types;
    static const QRegularExpression line(QStringLiteral("\nevent: ([^\n]+)\n"));
    for (auto it = line.globalMatch(QString::fromUtf8(received)); it.hasNext();) {
        types.append(it.next().captured(1));
    }
    return types;
}

void TestAnalyticsSse::needsATokenWithTheEventsScope()
{
    const auto none = m_http->get(QStringLiteral("/api/v1/events"));
    QCOMPARE(none.status, 401);
    QVERIFY(none.isProblem());
    const auto wrong = m_http->get(QStringLiteral("/api/v1/events"), bearer(QStringLiteral("staff")));
    QCOMPARE(wrong.status, 403);
    QVERIFY(wrong.isProblem());
}

void TestAnalyticsSse::resumesAfterTheLastEventId()
{
    QStringList types;
    for (int i = 0; i < 30; ++i) {
        types.append(i % 2 ? QStringLiteral("order.created") : QStringLiteral("party.joined"));
    }
    const QList<qint64> earlier = append(types);
    auto headers = bearer();
    headers.append({"Last-Event-ID", QByteArray::number(earlier.at(9))});
    auto stream = open(QStringLiteral("/api/v1/events"), headers);
    QCOMPARE(stream->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    // Everything after the 10th, in order, once; then what comes next, live.
    QTRY_COMPARE_WITH_TIMEOUT(stream->ids(), earlier.mid(10), 30000);
    const QList<qint64> later = append({QStringLiteral("party.seated"), QStringLiteral("party.done")});
    QTRY_COMPARE_WITH_TIMEOUT(stream->ids(), earlier.mid(10) + later, 30000);
    QVERIFY(stream->received.contains("data: {"));
    stream->reply->abort();
}

void TestAnalyticsSse::resumesFromTheQueryToo()
{
    // EventSource cannot set the header on its first connection.
    const QList<qint64> earlier = append({QStringLiteral("party.joined"), QStringLiteral("party.seated")});
    auto stream = open(QStringLiteral("/api/v1/events?last_event_id=%1").arg(earlier.first()), bearer());
    QTRY_COMPARE_WITH_TIMEOUT(stream->ids(), earlier.mid(1), 30000);
    // Without either, the stream starts at what is committed from now on.
    auto fresh = open(QStringLiteral("/api/v1/events"), bearer());
    const QList<qint64> next = append({QStringLiteral("order.created")});
    QTRY_COMPARE_WITH_TIMEOUT(fresh->ids(), next, 30000);
    stream->reply->abort();
    fresh->reply->abort();
}

void TestAnalyticsSse::unknownOrBadLastEventIdIsRefused_data()
{
    QTest::addColumn<QByteArray>("lastEventId");
    QTest::newRow("not a number") << QByteArray("yesterday");
    QTest::newRow("negative") << QByteArray("-4");
    QTest::newRow("not in this log") << QByteArray("987654321");
}

void TestAnalyticsSse::unknownOrBadLastEventIdIsRefused()
{
    QFETCH(QByteArray, lastEventId);
    auto headers = bearer();
    headers.append({"Last-Event-ID", lastEventId});
    const auto reply = m_http->get(QStringLiteral("/api/v1/events"), headers);
    QCOMPARE(reply.status, 400);
    QVERIFY(reply.isProblem());
    QVERIFY2(reply.json().value(u"detail").toString().contains(u"Last-Event-ID")
                 || reply.json().value(u"detail").toString().contains(u"log"),
             reply.body.constData());
}

void TestAnalyticsSse::filtersByType()
{
    auto stream = open(QStringLiteral("/api/v1/events?types=party.*,order.cancelled"), bearer());
    append({QStringLiteral("party.joined"),
            QStringLiteral("order.created"),
            QStringLiteral("order.cancelled"),
            QStringLiteral("kitchen.routed"),
            QStringLiteral("party.seated")});
    QTRY_COMPARE_WITH_TIMEOUT(
        stream->types(),
        QStringList(
            {QStringLiteral("party.joined"), QStringLiteral("order.cancelled"), QStringLiteral("party.seated")}),
        30000);
    // What the filter skipped is behind the stream, not waiting: the next match comes alone.
    append({QStringLiteral("order.created"), QStringLiteral("party.done")});
    QTRY_COMPARE_WITH_TIMEOUT(stream->types().size(), 4, 30000);
    QCOMPARE(stream->types().last(), QStringLiteral("party.done"));
    stream->reply->abort();
}

void TestAnalyticsSse::badFilterIsRefused()
{
    const auto reply = m_http->get(QStringLiteral("/api/v1/events?types=party.*,DROP%20TABLE"), bearer());
    QCOMPARE(reply.status, 400);
    QVERIFY(reply.isProblem());
    QCOMPARE(reply.json().value(u"field").toString(), QStringLiteral("types"));
}

void TestAnalyticsSse::heartbeatsWhileQuiet()
{
    auto stream = open(QStringLiteral("/api/v1/events"), bearer());
    stream->received.clear();
    QTRY_VERIFY_WITH_TIMEOUT(stream->received.contains(": heartbeat\n\n"), 10000);
    QVERIFY(stream->ids().isEmpty());
    stream->reply->abort();
}

void TestAnalyticsSse::aLateCommitIsNeitherLostNorRepeated()
{
    auto stream = open(QStringLiteral("/api/v1/events"), bearer());
    // A takes its transaction id first, then B writes an event and commits
    // while A is still open; A's event, with the higher id, commits last.
    QSqlDatabase a = m_db->connection();
    const QString bName = QStringLiteral("late-commit-b");
    {
        QSqlDatabase b = m_db->settings().addDatabase(bName);
        QVERIFY(b.open());
        QVERIFY(a.transaction());
        QSqlQuery first(a);
        QVERIFY(first.exec(QStringLiteral("SELECT pg_current_xact_id()")));
        QVERIFY(b.transaction());
        QVERIFY(EventLog::append(b, m_restaurant, QStringLiteral("order.created"), {}));
        QVERIFY(b.commit());
        const qint64 bId = m_db->scalar(QStringLiteral("SELECT max(id) FROM events")).toLongLong();
        announce(bId);
        // B is committed but waits behind A: not sent yet, so it cannot be passed over later.
        QTest::qWait(600);
        QVERIFY2(stream->ids().isEmpty(), stream->received.constData());
        const auto aId = EventLog::append(a, m_restaurant, QStringLiteral("party.joined"), {});
        QVERIFY(aId);
        QVERIFY(*aId > bId);
        QVERIFY(a.commit());
        announce(*aId);
        // A's transaction is the older: its event comes first, then B's, each once.
        QTRY_COMPARE_WITH_TIMEOUT(stream->ids(), QList<qint64>({*aId, bId}), 30000);

        // A client that resumes after A's event gets B's, not A's again.
        auto headers = bearer();
        headers.append({"Last-Event-ID", QByteArray::number(*aId)});
        auto resumed = open(QStringLiteral("/api/v1/events"), headers);
        QTRY_COMPARE_WITH_TIMEOUT(resumed->ids(), QList<qint64>({bId}), 30000);
        resumed->reply->abort();
    }
    QSqlDatabase::removeDatabase(bName);
    stream->reply->abort();
}

void TestAnalyticsSse::aClientTooSlowIsDropped()
{
    auto keeping = open(QStringLiteral("/api/v1/events"), bearer());
    // A client that asks and then never reads.
    QTcpSocket slow;
    slow.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    slow.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(slow.waitForConnected(5000));
    slow.write("GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\n" + bearer().first().first + ": "
               + bearer().first().second + "\r\n\r\n");
    QVERIFY(slow.waitForBytesWritten(5000));
    QTRY_VERIFY_WITH_TIMEOUT(slow.bytesAvailable() > 0, 30000);
    slow.setReadBufferSize(1); // Qt stops reading from the kernel: the server's buffer fills

    // Far more than the limit (256 KiB here) and the kernel's buffers (4 MiB) together, in a few commits.
    QList<qint64> sent;
    for (int batch = 0; batch < 10; ++batch) {
        QStringList types(200, QStringLiteral("order.created"));
        sent += append(types, 5000);
    }
    // The client that reads got everything, in order.
    QTRY_COMPARE_WITH_TIMEOUT(keeping->ids(), sent, 60000);
    // The one that did not was let go, without what it had not taken yet.
    slow.setReadBufferSize(0);
    QByteArray got;
    QTRY_VERIFY_WITH_TIMEOUT((got += slow.readAll(), slow.state() == QAbstractSocket::UnconnectedState), 30000);
    got += slow.readAll();
    QVERIFY(got.startsWith("HTTP/1.1 200"));
    QVERIFY2(got.count("\nid: ") < sent.size() / 2, qPrintable(QString::number(got.count("\nid: "))));
    keeping->reply->abort();
}

QTEST_GUILESS_MAIN(TestAnalyticsSse)
#include "tst_analytics_sse.moc"
