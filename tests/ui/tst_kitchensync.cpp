#include "kitchenservice.h"
#include "kitchenticketmodel.h"
#include "kitchenview.h"
#include "store/eventlistener.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QLabel>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>
#include <QVBoxLayout>

// Screens in sync: a kitchen view in this process, fed by its own store and
// event listener, follows bumps made by another process (kitchensyncpeer) on
// the same database; when the listener's connection is killed it says it is
// offline, and on reconnect it catches up and says so.
class TestKitchenSync final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void bumpInAnotherProcessShowsWithinASecond();
    void offlineThenCatchesUpAfterReconnect();

private:
    qint64 placeOrder(const QString& dish);
    qint64 ticketOf(qint64 orderId);
    QString databaseUrl() const;
    // Runs the peer to bump `ticketId`; returns when it committed (ms since the epoch), 0 on failure.
    qint64 bumpInPeer(qint64 ticketId);
    // Kills the listener's connection from the server side; returns how many backends went.
    int killListenerConnection();
    QLabel* connectionBanner() const;

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<KitchenService> m_kitchen;
    std::unique_ptr<EventListener> m_listener;
    std::unique_ptr<QWidget> m_window;
    KitchenView* m_view = nullptr;
    // The listener logs in as a role of its own, so its connection, and only
    // it, can be found in pg_stat_activity (every maitre connection is
    // application_name=maitre).
    QString m_listenerRole;
    qint64 m_restaurant = 0;
    int m_orders = 0;
};

void TestKitchenSync::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().remove(QStringLiteral("kitchen"));
}

void TestKitchenSync::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_kitchen = std::make_unique<KitchenService>(*m_store);
    m_orders = 0;

    m_listenerRole = QStringLiteral("ksync_listener_%1_%2")
                         .arg(QCoreApplication::applicationPid())
                         .arg(QRandomGenerator::global()->generate64(), 0, 36);
    QVERIFY(m_db->exec(QStringLiteral("CREATE ROLE %1 LOGIN SUPERUSER").arg(m_listenerRole)));
}

void TestKitchenSync::cleanup()
{
    m_window.reset();
    m_view = nullptr;
    if (m_listener) {
        m_listener->stop();
        m_listener.reset();
    }
    m_kitchen.reset();
    m_store.reset();
    if (m_db && !m_listenerRole.isEmpty()) {
        m_db->exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?"),
                   {m_listenerRole});
        m_db->exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(m_listenerRole));
    }
    m_listenerRole.clear();
    m_db.reset();
}

qint64 TestKitchenSync::placeOrder(const QString& dish)
{
    ++m_orders;
    const qint64 orderId =
        m_db->scalar(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code, customer_name)"
                                    " VALUES (?, 'dine_in', 'received', ?, ?, ?) RETURNING id"),
                     {m_restaurant,
                      QUuid::createUuid().toString(QUuid::WithoutBraces),
                      QString::number(5100 + m_orders),
                      QStringLiteral("Guest %1").arg(m_orders)})
            .toLongLong();
    m_db->exec(QStringLiteral("INSERT INTO order_items (restaurant_id, order_id, menu_item_id, name, quantity,"
                              " unit_price_cents, note, modifiers)"
                              " SELECT ?, ?, id, name, 1, price_cents, '', '[]'::jsonb FROM menu_items WHERE name = ?"),
               {m_restaurant, orderId, dish});
    QSqlDatabase db = m_db->connection();
    db.transaction();
    if (auto routed = KitchenService::routeOrder(db, orderId); routed) {
        db.commit();
    } else {
        db.rollback();
        qWarning() << "routing failed:" << routed.error().message;
    }
    return orderId;
}

qint64 TestKitchenSync::ticketOf(qint64 orderId)
{
    return m_db->scalar(QStringLiteral("SELECT min(id) FROM tickets WHERE order_id = ?"), {orderId}).toLongLong();
}

QString TestKitchenSync::databaseUrl() const
{
    // As `maitre --database-url` takes it: the socket directory goes in ?host=.
    const ConnectionSettings& settings = m_db->settings();
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(settings.user);
    url.setPassword(settings.password);
    url.setPort(settings.port);
    url.setPath(u'/' + settings.database);
    if (settings.host.startsWith(u'/')) {
        url.setHost(QStringLiteral("localhost"));
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("host"), settings.host);
        url.setQuery(query);
    } else {
        url.setHost(settings.host);
    }
    return url.toString();
}

qint64 TestKitchenSync::bumpInPeer(qint64 ticketId)
{
    // Started and waited for without blocking: this process's view goes on
    // receiving while the peer runs.
    QProcess peer;
    QSignalSpy finished(&peer, &QProcess::finished);
    peer.start(QStringLiteral(MAITRE_KITCHEN_SYNC_PEER),
               {databaseUrl(), QString::number(m_restaurant), QString::number(ticketId)});
    if (!peer.waitForStarted(10'000)) {
        qWarning() << "kitchensyncpeer did not start:" << peer.errorString();
        return 0;
    }
    if (!QTest::qWaitFor([&finished] { return !finished.isEmpty(); }, 30'000)) {
        qWarning() << "kitchensyncpeer did not finish";
        peer.kill();
        peer.waitForFinished();
        return 0;
    }
    const QString out = QString::fromUtf8(peer.readAllStandardOutput()).trimmed();
    if (peer.exitStatus() != QProcess::NormalExit || peer.exitCode() != 0) {
        qWarning() << "kitchensyncpeer failed:" << peer.exitCode() << peer.readAllStandardError();
        return 0;
    }
    return out.section(u' ', 1).toLongLong();
}

int TestKitchenSync::killListenerConnection()
{
    return m_db
        ->scalar(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                " WHERE usename = ? AND pid <> pg_backend_pid()"),
                 {m_listenerRole})
        .toInt();
}

QLabel* TestKitchenSync::connectionBanner() const
{
    return m_view->findChild<QLabel*>(QStringLiteral("kitchenConnectionLabel"));
}

void TestKitchenSync::bumpInAnotherProcessShowsWithinASecond()
{
    const qint64 order = placeOrder(QStringLiteral("Branzino"));
    const qint64 ticket = ticketOf(order);
    QVERIFY(ticket > 0);

    m_window = std::make_unique<QWidget>();
    m_window->resize(1280, 800);
    m_view = new KitchenView(*m_kitchen, m_restaurant, m_window.get());
    QSignalSpy loaded(m_view, &KitchenView::loaded);
    auto* layout = new QVBoxLayout(m_window.get());
    layout->addWidget(m_view);
    m_window->show();
    QVERIFY(loaded.wait());
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    const KitchenTicketModel* model = m_view->model();
    QVERIFY(model->rowOf(ticket) >= 0);

    ConnectionSettings listenerSettings = m_db->settings();
    listenerSettings.user = m_listenerRole;
    m_listener = std::make_unique<EventListener>(listenerSettings);
    connect(m_listener.get(), &EventListener::eventReceived, m_view, &KitchenView::handleEvent);
    connect(m_listener.get(), &EventListener::connectionStateChanged, m_view, &KitchenView::setDatabaseConnected);
    m_listener->start();
    QTRY_VERIFY(m_listener->isConnected());

    // When the card left this screen, by this process's clock (the peer's is the same machine's).
    qint64 shownAt = 0;
    const QMetaObject::Connection watch =
        connect(model, &QAbstractItemModel::rowsRemoved, this, [&shownAt, model, ticket] {
            if (shownAt == 0 && model->rowOf(ticket) < 0) {
                shownAt = QDateTime::currentMSecsSinceEpoch();
            }
        });
    const auto unwatch = qScopeGuard([&watch] { QObject::disconnect(watch); });
    const qint64 committedAt = bumpInPeer(ticket);
    QVERIFY(committedAt > 0);
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(ticket) < 0, 1000);
    QVERIFY(shownAt > 0);
    const qint64 latency = shownAt - committedAt;
    qInfo("kitchen sync: bump committed in another process shown here after %lld ms", latency);
    QVERIFY2(latency < 1000, qPrintable(QStringLiteral("%1 ms").arg(latency)));
}

void TestKitchenSync::offlineThenCatchesUpAfterReconnect()
{
    const qint64 firstTicket = ticketOf(placeOrder(QStringLiteral("Branzino")));
    const qint64 secondTicket = ticketOf(placeOrder(QStringLiteral("Pizza Diavola")));
    QVERIFY(firstTicket > 0 && secondTicket > 0);

    m_window = std::make_unique<QWidget>();
    m_window->resize(1280, 800);
    m_view = new KitchenView(*m_kitchen, m_restaurant, m_window.get());
    QSignalSpy loaded(m_view, &KitchenView::loaded);
    auto* layout = new QVBoxLayout(m_window.get());
    layout->addWidget(m_view);
    m_window->show();
    QVERIFY(loaded.wait());
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    const KitchenTicketModel* model = m_view->model();
    QLabel* banner = connectionBanner();
    QVERIFY(banner != nullptr);
    QVERIFY(!banner->isVisible());

    ConnectionSettings listenerSettings = m_db->settings();
    listenerSettings.user = m_listenerRole;
    m_listener = std::make_unique<EventListener>(listenerSettings);
    // Notices a lost connection quickly, and stays away long enough for a bump to land meanwhile.
    m_listener->setHeartbeatInterval(200);
    m_listener->setReconnectDelays(4000, 4000);
    connect(m_listener.get(), &EventListener::eventReceived, m_view, &KitchenView::handleEvent);
    connect(m_listener.get(), &EventListener::connectionStateChanged, m_view, &KitchenView::setDatabaseConnected);
    m_listener->start();
    QTRY_VERIFY(m_listener->isConnected());

    // Online: another screen's bump shows.
    QVERIFY(bumpInPeer(firstTicket) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(firstTicket) < 0, 1000);

    // The listener's connection is killed on the server: the screen says it is offline.
    QElapsedTimer offline;
    offline.start();
    QCOMPARE(killListenerConnection(), 1);
    QTRY_VERIFY(!m_listener->isConnected());
    QTRY_VERIFY(banner->isVisible());
    QVERIFY2(banner->text().startsWith(QStringLiteral("Offline since ")), qPrintable(banner->text()));
    QCOMPARE(banner->property("kind").toString(), QStringLiteral("offline"));
    QVERIFY(!m_view->isDatabaseConnected());

    // Meanwhile, the other screen bumps: this one cannot hear it yet.
    QVERIFY(bumpInPeer(secondTicket) > 0);
    QVERIFY2(!m_listener->isConnected(), "the listener came back before the bump: the test proves nothing");
    QVERIFY(model->rowOf(secondTicket) >= 0);
    QVERIFY(banner->isVisible());

    // Back: the board is read again, the missed bump shows and the banner says so.
    loaded.clear();
    QTRY_VERIFY_WITH_TIMEOUT(m_listener->isConnected(), 15'000);
    QTRY_VERIFY(m_view->isDatabaseConnected());
    QTRY_VERIFY(!loaded.isEmpty());
    QTRY_VERIFY(model->rowOf(secondTicket) < 0);
    QTRY_VERIFY2(banner->text().startsWith(QStringLiteral("Back online — caught up on changes since ")),
                 qPrintable(banner->text()));
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->property("kind").toString(), QStringLiteral("online"));
    qInfo("kitchen sync: offline for %lld ms, caught up", offline.elapsed());
    // And it goes after a few seconds.
    QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 10'000);
}

QTEST_MAIN(TestKitchenSync)
#include "tst_kitchensync.moc"
