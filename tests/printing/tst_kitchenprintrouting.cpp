#include "chitlistener.h"
#include "kitchenprintrouter.h"
#include "kitchenservice.h"
#include "printerroutes.h"
#include "printqueue.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

// Routing by station on a real database: a routed order's station tickets
// reach the printers this console routes those stations to, and only those.
class TestKitchenPrintRouting final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void routesFromSettings();
    void stationTicketsGoToTheirPrinters();
    void badPrinterAddressIsReported();

private:
    // A received order with (dish, quantity, note, modifiers JSON) lines,
    // routed to the kitchen; answers the kitchen.routed event it committed.
    DomainEvent placeAndRoute(const QList<std::tuple<QString, int, QString, QString>>& lines);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<KitchenService> m_kitchen;
    qint64 m_restaurant = 0;
    int m_orders = 0;
};

void TestKitchenPrintRouting::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    const QString migrated = m_db->migrate(true);
    QVERIFY2(migrated.isEmpty(), qPrintable(migrated));
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    // One worker: ticket loads finish in the order they were asked for.
    m_store = std::make_unique<Store>(m_db->settings(), 1);
    m_kitchen = std::make_unique<KitchenService>(*m_store);
    m_orders = 0;
}

void TestKitchenPrintRouting::cleanup()
{
    m_kitchen.reset();
    m_store.reset();
    m_db.reset();
}

DomainEvent TestKitchenPrintRouting::placeAndRoute(const QList<std::tuple<QString, int, QString, QString>>& lines)
{
    const qint64 orderId = m_db->scalar(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code,"
                                                       " customer_name) VALUES (?, 'takeout', 'received', ?, ?, ?)"
                                                       " RETURNING id"),
                                        {m_restaurant,
                                         QUuid::createUuid().toString(QUuid::WithoutBraces),
                                         QString::number(4100 + ++m_orders),
                                         QStringLiteral("Guest %1").arg(m_orders)})
                               .toLongLong();
    for (const auto& [dish, quantity, note, modifiers] : lines) {
        m_db->exec(QStringLiteral("INSERT INTO order_items (restaurant_id, order_id, menu_item_id, name, quantity,"
                                  " unit_price_cents, note, modifiers)"
                                  " SELECT ?, ?, id, name, ?, price_cents, ?, ?::jsonb FROM menu_items WHERE name = ?"),
                   {m_restaurant, orderId, quantity, note.isNull() ? QStringLiteral("") : note, modifiers, dish});
    }
    QSqlDatabase db = m_db->connection();
    db.transaction();
    if (auto routed = KitchenService::routeOrder(db, orderId); !routed) {
        db.rollback();
        qWarning() << "routing failed:" << routed.error().message;
        return {};
    }
    db.commit();
    DomainEvent event;
    event.id = m_db->scalar(QStringLiteral("SELECT max(id) FROM events WHERE type = 'kitchen.routed'")).toLongLong();
    event.restaurantId = m_restaurant;
    event.type = QStringLiteral("kitchen.routed");
    event.payload = QJsonDocument::fromJson(
                        m_db->scalar(QStringLiteral("SELECT payload::text FROM events WHERE id = ?"), {event.id})
                            .toString()
                            .toUtf8())
                        .object();
    return event;
}

void TestKitchenPrintRouting::routesFromSettings()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("maitre.conf")), QSettings::IniFormat);
    PrinterRoutes written;
    written.setRoute(QStringLiteral("grill"), QStringLiteral("tcp://10.0.0.20:9100"));
    written.setRoute(QStringLiteral("*"), QStringLiteral("pdf:/srv/chits"));
    written.save(settings);
    settings.sync();

    QSettings reread(dir.filePath(QStringLiteral("maitre.conf")), QSettings::IniFormat);
    const PrinterRoutes routes = PrinterRoutes::fromSettings(reread);
    QCOMPARE(routes.printerFor(QStringLiteral("grill")), QStringLiteral("tcp://10.0.0.20:9100"));
    QCOMPARE(routes.printerFor(QStringLiteral("pastry")), QStringLiteral("pdf:/srv/chits"));
    QVERIFY(routes.printerForExpo().isEmpty()); // "*" does not print the pass's ticket
}

void TestKitchenPrintRouting::stationTicketsGoToTheirPrinters()
{
    ChitListener grill;
    ChitListener fry;
    QVERIFY(grill.listen());
    QVERIFY(fry.listen());
    QTemporaryDir pdfDir;
    QVERIFY(pdfDir.isValid());

    PrinterRoutes routes;
    routes.setRoute(QStringLiteral("grill"), grill.uri());
    routes.setRoute(QStringLiteral("fry"), fry.uri());
    routes.setRoute(QStringLiteral("pastry"), QStringLiteral("pdf:") + pdfDir.path());
    // bar is not routed: this console does not print it.
    KitchenPrintRouter router(*m_kitchen, routes);
    QVERIFY(router.configurationErrors().isEmpty());
    QCOMPARE(router.queues().size(), 3);
    QSignalSpy state(&router, &KitchenPrintRouter::printerStateChanged);

    const DomainEvent routed =
        placeAndRoute({{QStringLiteral("Bistecca alla griglia"), 1, QStringLiteral("rare"), QStringLiteral("[]")},
                       {QStringLiteral("Fritto misto"),
                        2,
                        QStringLiteral("sauce apart"),
                        QStringLiteral(R"(["no lemon", {"name": "extra aioli", "price_cents": 100}])")},
                       {QStringLiteral("Tiramisù"), 3, QString(), QStringLiteral("[]")},
                       {QStringLiteral("Espresso"), 2, QString(), QStringLiteral("[]")}});
    QCOMPARE(routed.payload.value(QLatin1String("tickets")).toArray().size(), 4);
    router.handleEvent(routed);

    QTRY_COMPARE(grill.chits().size(), 1);
    QTRY_COMPARE(fry.chits().size(), 1);
    QTRY_COMPARE(QDir(pdfDir.path()).entryList({QStringLiteral("*.pdf")}, QDir::Files).size(), 1);

    const QByteArray grillChit = grill.chits().first();
    QVERIFY(grillChit.contains("GRILL"));
    QVERIFY(grillChit.contains("Order 4101"));
    QVERIFY(grillChit.contains("1 x Bistecca alla griglia"));
    QVERIFY(grillChit.contains("Note: rare"));
    QVERIFY(!grillChit.contains("Fritto"));
    QVERIFY(!grillChit.contains("Espresso"));

    const QByteArray fryChit = fry.chits().first();
    QVERIFY(fryChit.contains("FRY"));
    QVERIFY(fryChit.contains("2 x Fritto misto"));
    QVERIFY(fryChit.contains("+ no lemon"));
    QVERIFY(fryChit.contains("+ extra aioli"));
    QVERIFY(fryChit.contains("Note: sauce apart"));
    QVERIFY(fryChit.contains("Takeout - Guest 1"));
    QVERIFY(!fryChit.contains("Bistecca"));
    QVERIFY(!fryChit.contains("Tiramisu"));

    const QString pdf = QDir(pdfDir.path()).entryList({QStringLiteral("*.pdf")}, QDir::Files).first();
    QVERIFY2(pdf.contains(QStringLiteral("-4101-pastry-")), qPrintable(pdf));

    // The same event again (a replay) prints nothing more; the next order
    // is the only new chit on the grill.
    router.handleEvent(routed);
    const DomainEvent next = placeAndRoute({{QStringLiteral("Pizza Margherita"), 1, QString(), QStringLiteral("[]")}});
    router.handleEvent(next);
    QTRY_COMPARE(grill.chits().size(), 2);
    QVERIFY(grill.chits().at(1).contains("Order 4102"));
    QVERIFY(grill.chits().at(1).contains("1 x Pizza Margherita"));
    for (PrintQueue* queue : router.queues()) {
        QTRY_COMPARE(queue->pendingCount(), 0);
    }
    QCOMPARE(fry.chits().size(), 1);
    QCOMPARE(QDir(pdfDir.path()).entryList({QStringLiteral("*.pdf")}, QDir::Files).size(), 1);
    QVERIFY(std::none_of(
        state.cbegin(), state.cend(), [](const QList<QVariant>& args) { return !args.at(2).toString().isEmpty(); }));
}

void TestKitchenPrintRouting::badPrinterAddressIsReported()
{
    PrinterRoutes routes;
    routes.setRoute(QStringLiteral("grill"), QStringLiteral("10.0.0.20"));
    KitchenPrintRouter router(*m_kitchen, routes);
    QCOMPARE(router.configurationErrors().size(), 1);
    QVERIFY(router.configurationErrors().first().contains(QStringLiteral("10.0.0.20")));
    QVERIFY(router.queues().isEmpty());
}

QTEST_MAIN(TestKitchenPrintRouting)
#include "tst_kitchenprintrouting.moc"
