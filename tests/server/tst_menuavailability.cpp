#include "dinerserver.h"
#include "httpclient.h"
#include "menuservice.h"
#include "queueservice.h"
#include "store/eventlistener.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QTest>

// 86'ing an item takes it off GET /api/v1/menu at once: the change travels as
// a committed "menu.changed" event (NOTIFY → EventListener → DinerServer), the
// cached menu is dropped, and the new one has another ETag.
class TestMenuAvailability final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void eightySixedItemLeavesTheDinerMenu();
    void emptyCategoryIsLeftOut();

private:
    // Item names in GET /api/v1/menu's answer.
    static QStringList itemNames(const HttpClient::Reply& reply);
    static QStringList categoryNames(const HttpClient::Reply& reply);
    qint64 itemId(const QString& name);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<MenuService> m_menu;
    std::unique_ptr<QueueService> m_queue;
    std::unique_ptr<DinerServer> m_server;
    std::unique_ptr<EventListener> m_listener;
    std::unique_ptr<HttpClient> m_http;
    qint64 m_restaurant = 0;
    std::optional<Actor> m_manager;
};

void TestMenuAvailability::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    const qint64 staffId =
        m_db->scalar(QStringLiteral("INSERT INTO staff (restaurant_id, name, role, pin_hash)"
                                    " VALUES (?, 'Marco', 'manager', '$argon2id$test') RETURNING id"),
                     {m_restaurant})
            .toLongLong();
    m_manager = Actor::staff(staffId, QStringLiteral("Marco"), Role::Manager);
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_menu = std::make_unique<MenuService>(*m_store);
    m_queue = std::make_unique<QueueService>(*m_store);
    m_server = std::make_unique<DinerServer>(*m_store, *m_menu, *m_queue);
    m_server->setRestaurantId(m_restaurant);
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    const auto port = m_server->listen(options);
    QVERIFY(port);
    m_http = std::make_unique<HttpClient>(*port);
    // As the application wires it, on this thread.
    m_listener = std::make_unique<EventListener>(m_db->settings());
    connect(m_listener.get(), &EventListener::eventReceived, m_server.get(), &DinerServer::handleEvent);
    m_listener->start();
    QTRY_VERIFY(m_listener->isConnected());
}

void TestMenuAvailability::cleanup()
{
    if (m_listener) {
        m_listener->stop();
    }
    m_listener.reset();
    m_http.reset();
    m_server.reset();
    m_queue.reset();
    m_menu.reset();
    m_store.reset();
    m_db.reset();
}

QStringList TestMenuAvailability::itemNames(const HttpClient::Reply& reply)
{
    QStringList names;
    for (const QJsonValue& category : reply.json().value(QStringLiteral("categories")).toArray()) {
        for (const QJsonValue& item : category.toObject().value(QStringLiteral("items")).toArray()) {
            names << item.toObject().value(QStringLiteral("name")).toString();
        }
    }
    return names;
}

QStringList TestMenuAvailability::categoryNames(const HttpClient::Reply& reply)
{
    QStringList names;
    for (const QJsonValue& category : reply.json().value(QStringLiteral("categories")).toArray()) {
        names << category.toObject().value(QStringLiteral("name")).toString();
    }
    return names;
}

qint64 TestMenuAvailability::itemId(const QString& name)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE name = ?"), {name}).toLongLong();
}

void TestMenuAvailability::eightySixedItemLeavesTheDinerMenu()
{
    const QString tiramisu = QStringLiteral("Tiramisù");
    const auto before = m_http->get(QStringLiteral("/api/v1/menu"));
    QCOMPARE(before.status, 200);
    QVERIFY(itemNames(before).contains(tiramisu));
    const int itemsBefore = int(itemNames(before).size());
    const QByteArray etagBefore = before.header("etag");
    QVERIFY(!etagBefore.isEmpty());
    // Cached: the same ETag revalidates.
    QCOMPARE(m_http->get(QStringLiteral("/api/v1/menu"), {{"If-None-Match", etagBefore}}).status, 304);

    const auto off = awaitFuture(m_menu->setAvailable(m_restaurant, *m_manager, itemId(tiramisu), false));
    QVERIFY2(off, off ? "" : qPrintable(off.error().message));

    // Off the diner menu as soon as the event arrives, under a new ETag.
    QTRY_VERIFY(!itemNames(m_http->get(QStringLiteral("/api/v1/menu"))).contains(tiramisu));
    const auto after = m_http->get(QStringLiteral("/api/v1/menu"));
    QCOMPARE(after.status, 200);
    QCOMPARE(itemNames(after).size(), itemsBefore - 1);
    for (const QJsonValue& category : after.json().value(QStringLiteral("categories")).toArray()) {
        for (const QJsonValue& item : category.toObject().value(QStringLiteral("items")).toArray()) {
            QVERIFY(item.toObject().value(QStringLiteral("available")).toBool());
        }
    }
    const QByteArray etagAfter = after.header("etag");
    QVERIFY(!etagAfter.isEmpty());
    QVERIFY(etagAfter != etagBefore);
    // A phone holding the old menu gets the new one, not 304.
    const auto stale = m_http->get(QStringLiteral("/api/v1/menu"), {{"If-None-Match", etagBefore}});
    QCOMPARE(stale.status, 200);
    QCOMPARE(stale.header("etag"), etagAfter);
    QVERIFY(!itemNames(stale).contains(tiramisu));
    QCOMPARE(m_http->get(QStringLiteral("/api/v1/menu"), {{"If-None-Match", etagAfter}}).status, 304);

    // The kitchen's and the console's menu still lists it, as 86'd.
    const auto console = awaitFuture(m_menu->menu(m_restaurant));
    QVERIFY(console);
    bool listed = false;
    for (const MenuCategory& category : console->categories) {
        for (const MenuItem& item : category.items) {
            listed = listed || (item.name == tiramisu && !item.available);
        }
    }
    QVERIFY(listed);

    // Restored: back on the diner menu, and the 86'd menu's ETag no longer matches.
    QVERIFY(awaitFuture(m_menu->setAvailable(m_restaurant, *m_manager, itemId(tiramisu), true)));
    QTRY_VERIFY(itemNames(m_http->get(QStringLiteral("/api/v1/menu"))).contains(tiramisu));
    const auto restored = m_http->get(QStringLiteral("/api/v1/menu"), {{"If-None-Match", etagAfter}});
    QCOMPARE(restored.status, 200);
    QVERIFY(restored.header("etag") != etagAfter);
    QCOMPARE(itemNames(restored).size(), itemsBefore);
}

void TestMenuAvailability::emptyCategoryIsLeftOut()
{
    const QStringList drinks = {QStringLiteral("Espresso"),
                                QStringLiteral("Limonata"),
                                QStringLiteral("Negroni"),
                                QStringLiteral("Chianti (glass)"),
                                QStringLiteral("Acqua frizzante")};
    QVERIFY(categoryNames(m_http->get(QStringLiteral("/api/v1/menu"))).contains(QStringLiteral("Drinks")));
    for (const QString& name : drinks) {
        QVERIFY(awaitFuture(m_menu->setAvailable(m_restaurant, *m_manager, itemId(name), false)));
    }
    QTRY_VERIFY(!categoryNames(m_http->get(QStringLiteral("/api/v1/menu"))).contains(QStringLiteral("Drinks")));
    const QStringList names = categoryNames(m_http->get(QStringLiteral("/api/v1/menu")));
    QCOMPARE(names,
             (QStringList{QStringLiteral("Starters"),
                          QStringLiteral("Pizza & Pasta"),
                          QStringLiteral("Mains"),
                          QStringLiteral("Desserts")}));
    // Bringing one back brings the category back.
    QVERIFY(awaitFuture(m_menu->setAvailable(m_restaurant, *m_manager, itemId(QStringLiteral("Negroni")), true)));
    QTRY_VERIFY(categoryNames(m_http->get(QStringLiteral("/api/v1/menu"))).contains(QStringLiteral("Drinks")));
    QCOMPARE(itemNames(m_http->get(QStringLiteral("/api/v1/menu"))).filter(QStringLiteral("Negroni")).size(), 1);
}

QTEST_GUILESS_MAIN(TestMenuAvailability)
#include "tst_menuavailability.moc"
