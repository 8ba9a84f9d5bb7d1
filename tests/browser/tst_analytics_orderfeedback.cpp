#include "dinerserver.h"
#include "geocoder.h"
#include "menuservice.h"
#include "orderservice.h"
#include "paymentprovider.h"
#include "queueservice.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

// The diner page on an order's link in real headless Chromium (tests/browser/
// order.mjs): the order's status, and once it has been picked up, a rating
// that lands in the database (issue 6: the page asks after the pickup).
class TestAnalyticsOrderFeedback final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aPickedUpOrderIsRatedOnItsPage();
};

void TestAnalyticsOrderFeedback::aPickedUpOrderIsRatedOnItsPage()
{
    TestDatabase db;
    QVERIFY(db.migrate(true).isEmpty());
    const qint64 restaurant = db.scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    const QString token = QUuid::createUuid().toString(QUuid::Id128);
    const qint64 order = db.scalar(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code,"
                                                  " customer_name, subtotal_cents, tax_cents, total_cents, eta)"
                                                  " VALUES (?, 'takeout', 'ready', ?, 'PK7Q', 'Ana', 2200, 220, 2420,"
                                                  " now() + interval '5 minutes') RETURNING id"),
                                   {restaurant, token})
                             .toLongLong();
    QVERIFY(db.exec(QStringLiteral("INSERT INTO order_items (restaurant_id, order_id, menu_item_id, name, quantity,"
                                   " unit_price_cents) SELECT ?, ?, id, name, 2, price_cents FROM menu_items"
                                   " WHERE name = 'Pizza Margherita'"),
                    {restaurant, order}));

    Store store(db.settings(), 2);
    MenuService menu(store);
    QueueService queue(store);
    DinerServer server(store, menu, queue);
    server.setRestaurantId(restaurant);
    // GET /api/v1/orders/{token} needs an OrderService; these never take money or look up addresses.
    class NoPayments final : public PaymentProvider
    {
    public:
        QString name() const override { return QStringLiteral("none"); }
        QFuture<Result<Charge>> charge(int, const QString&, const QString&, const QString&, const QString&) override
        {
            return QtFuture::makeReadyValueFuture(
                Result<Charge>(unexpected(Error::unavailable(QStringLiteral("none")))));
        }
        QFuture<VoidResult> refund(const QString&, const QString&) override
        {
            return QtFuture::makeReadyValueFuture(VoidResult(unexpected(Error::unavailable(QStringLiteral("none")))));
        }
    } payments;
    class NoGeocoder final : public Geocoder
    {
    public:
        QString name() const override { return QStringLiteral("none"); }
        QFuture<Result<Place>> geocode(const DeliveryAddress&) override
        {
            return QtFuture::makeReadyValueFuture(
                Result<Place>(unexpected(Error::unavailable(QStringLiteral("none")))));
        }
    } geocoder;
    OrderService orders(store, payments, geocoder);
    server.setOrderService(&orders);
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    const auto port = server.listen(options);
    QVERIFY(port);

    QTemporaryDir temporary;
    const QString shots = qEnvironmentVariable("MAITRE_TEST_SCREENSHOT_DIR", temporary.path());
    QProcess driver;
    driver.setWorkingDirectory(QStringLiteral(MAITRE_BROWSER_TEST_DIR));
    driver.start(
        QStringLiteral("node"),
        {QStringLiteral("order.mjs"), QStringLiteral("http://127.0.0.1:%1/#o=%2").arg(*port).arg(token), shots});
    QVERIFY2(driver.waitForStarted(10000), qPrintable(driver.errorString()));
    QString out;
    const auto read = [&] {
        out += QString::fromUtf8(driver.readAllStandardOutput());
        return out;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(
        read().contains(QStringLiteral("SHOWN")) || driver.state() == QProcess::NotRunning, qPrintable(out), 60000);
    QVERIFY2(out.contains(QStringLiteral("SHOWN")), qPrintable(out + QString::fromUtf8(driver.readAllStandardError())));
    // Handed over at the counter: the page's next look shows it and asks how it was.
    QVERIFY(db.exec(QStringLiteral("UPDATE orders SET status = 'picked_up' WHERE id = ?"), {order}));
    QTRY_VERIFY2_WITH_TIMEOUT(driver.state() == QProcess::NotRunning, qPrintable(read()), 90000);
    read();
    QVERIFY2(out.contains(QStringLiteral("RATED")), qPrintable(out + QString::fromUtf8(driver.readAllStandardError())));
    QCOMPARE(driver.exitCode(), 0);
    QCOMPARE(db.scalar(QStringLiteral("SELECT rating FROM feedback WHERE order_id = ?"), {order}).toInt(), 5);
    QCOMPARE(db.scalar(QStringLiteral("SELECT comment FROM feedback WHERE order_id = ?"), {order}).toString(),
             QStringLiteral("Still hot when we got home"));
}

QTEST_GUILESS_MAIN(TestAnalyticsOrderFeedback)
#include "tst_analytics_orderfeedback.moc"
