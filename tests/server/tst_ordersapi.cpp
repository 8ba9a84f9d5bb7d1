#include "dinerserver.h"
#include "geocoder.h"
#include "httpclient.h"
#include "menuservice.h"
#include "orderservice.h"
#include "paymentprovider.h"
#include "queueservice.h"
#include "store/store.h"
#include "testdatabase.h"
#include "tokengenerator.h"

#include <QJsonArray>
#include <QMutex>
#include <QTest>

namespace
{

// Approves, declines or times out on demand; counts the charges it was asked for.
class TestPayments final : public PaymentProvider
{
public:
    enum class Mode
    {
        Approve,
        Decline,
        Timeout
    };

    QString name() const override { return QStringLiteral("test"); }
    QFuture<Result<Charge>> charge(int, const QString&, const QString&, const QString& key, const QString&) override
    {
        QMutexLocker lock(&m_mutex);
        ++m_calls;
        if (m_mode == Mode::Decline) {
            return QtFuture::makeReadyValueFuture(
                Result<Charge>(unexpected(Error::declined(QStringLiteral("The card was declined.")))));
        }
        if (m_mode == Mode::Timeout) {
            return QtFuture::makeReadyValueFuture(
                Result<Charge>(unexpected(Error::unavailable(QStringLiteral("The card provider timed out.")))));
        }
        return QtFuture::makeReadyValueFuture(
            Result<Charge>(Charge{QStringLiteral("ch_") + key, QStringLiteral("captured")}));
    }
    QFuture<VoidResult> refund(const QString&, const QString&) override
    {
        return QtFuture::makeReadyValueFuture(VoidResult());
    }
    void setMode(Mode mode)
    {
        QMutexLocker lock(&m_mutex);
        m_mode = mode;
    }
    int calls()
    {
        QMutexLocker lock(&m_mutex);
        return m_calls;
    }

private:
    QMutex m_mutex;
    Mode m_mode = Mode::Approve;
    int m_calls = 0;
};

// Two streets: one in the demo restaurant's zone (central Madrid), one 15 km out.
class TestGeocoder final : public Geocoder
{
public:
    QString name() const override { return QStringLiteral("test"); }
    QFuture<Result<Place>> geocode(const DeliveryAddress& address) override
    {
        if (address.line1 == u"Calle Mayor 10") {
            return QtFuture::makeReadyValueFuture(Result<Place>(Place{40.4160, -3.7080, address.line1}));
        }
        if (address.line1 == u"Plaza de Alcobendas 1") {
            return QtFuture::makeReadyValueFuture(Result<Place>(Place{40.5400, -3.6400, address.line1}));
        }
        return QtFuture::makeReadyValueFuture(
            Result<Place>(unexpected(Error::invalid(QStringLiteral("address"), QStringLiteral("No such street.")))));
    }
};

} // namespace

// POST /api/v1/orders and GET /api/v1/orders/{token} over a real socket, on
// the demo restaurant in a real database: every refusal is problem+json and
// writes nothing.
class TestOrdersApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void createdWithServerPrices();
    void readByToken();
    void deliveryFeeAndZone();
    void refusalsNameTheField_data();
    void refusalsNameTheField();
    void malformedAndOversizeBodies();
    void idempotentRetry();
    void declinedCardIs402AndNotChargedAgain();
    void providerTimeoutIs503();
    void rateLimitedWrites();
    void databaseDownIs503();
    void withoutAnOrderServiceIs503();

private:
    void startServer(int burst = 1000, int perMinute = 1000);
    QJsonObject body(const QString& kind = QStringLiteral("takeout")) const;
    HttpClient::Reply post(const QJsonObject& json, const QByteArray& key);
    void verifyProblem(const HttpClient::Reply& reply, int status);
    void verifyNothingWritten();
    int count(const QString& table);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<MenuService> m_menu;
    std::unique_ptr<QueueService> m_queue;
    std::unique_ptr<TestPayments> m_payments;
    TestGeocoder m_geocoder;
    std::unique_ptr<OrderService> m_orders;
    std::unique_ptr<DinerServer> m_server;
    std::unique_ptr<HttpClient> m_http;
    qint64 m_restaurantId = 0;
    qint64 m_burrata = 0;
    qint64 m_espresso = 0;
};

void TestOrdersApi::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurantId = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_burrata = m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE name = 'Burrata'")).toLongLong();
    m_espresso = m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE name = 'Espresso'")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 4);
    m_menu = std::make_unique<MenuService>(*m_store);
    m_queue = std::make_unique<QueueService>(*m_store);
    m_payments = std::make_unique<TestPayments>(); // counts start at 0 for each test
    m_orders = std::make_unique<OrderService>(*m_store, *m_payments, m_geocoder);
    startServer();
}

void TestOrdersApi::startServer(int burst, int perMinute)
{
    m_http.reset();
    m_server = std::make_unique<DinerServer>(*m_store, *m_menu, *m_queue);
    m_server->setRestaurantId(m_restaurantId);
    m_server->setOrderService(m_orders.get());
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.writeBurst = burst;
    options.writesPerMinute = perMinute;
    const auto port = m_server->listen(options);
    QVERIFY(port);
    m_http = std::make_unique<HttpClient>(*port);
}

void TestOrdersApi::cleanup()
{
    m_http.reset();
    m_server.reset();
    m_orders.reset();
    m_payments.reset();
    m_queue.reset();
    m_menu.reset();
    m_store.reset();
    m_db.reset();
}

QJsonObject TestOrdersApi::body(const QString& kind) const
{
    QJsonObject json{
        {QStringLiteral("kind"), kind},
        {QStringLiteral("customer"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("Ana")},
                     {QStringLiteral("phone"), QStringLiteral("600123456")}}},
        {QStringLiteral("items"),
         QJsonArray{QJsonObject{{QStringLiteral("menu_item_id"), m_burrata},
                                {QStringLiteral("quantity"), 2},
                                {QStringLiteral("note"), QStringLiteral("extra basil")},
                                {QStringLiteral("price_cents"), 1}, // ignored
                                {QStringLiteral("modifiers"), QJsonArray{QStringLiteral("no tomato")}}},
                    QJsonObject{{QStringLiteral("menu_item_id"), m_espresso}, {QStringLiteral("quantity"), 1}}}},
        {QStringLiteral("total_cents"), 5}, // ignored
        {QStringLiteral("payment"), QJsonObject{{QStringLiteral("method"), QStringLiteral("counter")}}}};
    if (kind == u"delivery") {
        json.insert(QStringLiteral("address"),
                    QJsonObject{{QStringLiteral("line1"), QStringLiteral("Calle Mayor 10")},
                                {QStringLiteral("city"), QStringLiteral("Madrid")},
                                {QStringLiteral("postcode"), QStringLiteral("28013")}});
    }
    return json;
}

HttpClient::Reply TestOrdersApi::post(const QJsonObject& json, const QByteArray& key)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!key.isEmpty()) {
        headers.append({"Idempotency-Key", key});
    }
    return m_http->post(QStringLiteral("/api/v1/orders"), json, headers);
}

int TestOrdersApi::count(const QString& table)
{
    return m_db->scalar(QStringLiteral("SELECT count(*) FROM ") + table).toInt();
}

void TestOrdersApi::verifyProblem(const HttpClient::Reply& reply, int status)
{
    QVERIFY2(reply.status == status,
             qPrintable(QStringLiteral("%1 %2").arg(reply.status).arg(QString::fromUtf8(reply.body))));
    QCOMPARE(reply.header("content-type"), QByteArrayLiteral("application/problem+json"));
    QCOMPARE(reply.json().value(QStringLiteral("status")).toInt(), status);
    QVERIFY(!reply.json().value(QStringLiteral("title")).toString().isEmpty());
    QVERIFY(!reply.json().value(QStringLiteral("detail")).toString().isEmpty());
}

void TestOrdersApi::verifyNothingWritten()
{
    for (const QString& table : {QStringLiteral("orders"),
                                 QStringLiteral("order_items"),
                                 QStringLiteral("payments"),
                                 QStringLiteral("deliveries"),
                                 QStringLiteral("tickets"),
                                 QStringLiteral("events WHERE type LIKE 'order.%'")}) {
        QVERIFY2(count(table) == 0, qPrintable(table));
    }
}

void TestOrdersApi::createdWithServerPrices()
{
    const auto created = post(body(), "o-1");
    QVERIFY2(created.status == 201, created.body.constData());
    QCOMPARE(created.header("content-type"), QByteArrayLiteral("application/json"));
    const QJsonObject order = created.json();
    for (const char* key : {"token",
                            "code",
                            "kind",
                            "status",
                            "customer",
                            "address",
                            "items",
                            "subtotal_cents",
                            "tax_cents",
                            "delivery_fee_cents",
                            "total_cents",
                            "payment",
                            "eta",
                            "created_at"}) {
        QVERIFY2(order.contains(QLatin1String(key)), key);
    }
    QVERIFY(order.value(QStringLiteral("token")).toString().size() >= 22);
    QCOMPARE(order.value(QStringLiteral("status")).toString(), QStringLiteral("received"));
    QCOMPARE(order.value(QStringLiteral("kind")).toString(), QStringLiteral("takeout"));
    const QJsonArray items = order.value(QStringLiteral("items")).toArray();
    QCOMPARE(items.size(), 2);
    QCOMPARE(items.at(0).toObject().value(QStringLiteral("unit_price_cents")).toInt(), 1150);
    QCOMPARE(items.at(0).toObject().value(QStringLiteral("line_total_cents")).toInt(), 2300);
    QCOMPARE(items.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Burrata"));
    QCOMPARE(items.at(0).toObject().value(QStringLiteral("modifiers")).toArray(),
             QJsonArray{QStringLiteral("no tomato")});
    QCOMPARE(items.at(1).toObject().value(QStringLiteral("unit_price_cents")).toInt(), 220);
    QCOMPARE(order.value(QStringLiteral("subtotal_cents")).toInt(), 2520);
    QCOMPARE(order.value(QStringLiteral("tax_cents")).toInt(), 252);
    QCOMPARE(order.value(QStringLiteral("delivery_fee_cents")).toInt(), 0);
    QCOMPARE(order.value(QStringLiteral("total_cents")).toInt(), 2772);
    QCOMPARE(order.value(QStringLiteral("payment")).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("pending"));
    const QDateTime eta = QDateTime::fromString(order.value(QStringLiteral("eta")).toString(), Qt::ISODateWithMs);
    const QDateTime at = QDateTime::fromString(order.value(QStringLiteral("created_at")).toString(), Qt::ISODateWithMs);
    QVERIFY(eta.isValid() && at.isValid());
    QCOMPARE(at.secsTo(eta), 5 * 60); // burrata's 5 minutes, nothing ahead in the kitchen
    QVERIFY(order.value(QStringLiteral("address")).isNull());
    // Committed before it was acknowledged.
    QCOMPARE(count(QStringLiteral("orders WHERE total_cents = 2772")), 1);
    QCOMPARE(count(QStringLiteral("events WHERE type = 'order.created'")), 1);
}

void TestOrdersApi::readByToken()
{
    const auto created = post(body(), "o-read");
    QCOMPARE(created.status, 201);
    const QString token = created.json().value(QStringLiteral("token")).toString();
    const auto read = m_http->get(QStringLiteral("/api/v1/orders/") + token);
    QCOMPARE(read.status, 200);
    QCOMPARE(read.json().value(QStringLiteral("code")), created.json().value(QStringLiteral("code")));
    QCOMPARE(read.json().value(QStringLiteral("total_cents")).toInt(), 2772);
    QCOMPARE(read.json().value(QStringLiteral("items")).toArray().size(), 2);
    QCOMPARE(read.json().value(QStringLiteral("status")).toString(), QStringLiteral("received"));
    for (const QString& unknown : {TokenGenerator::token(), QStringLiteral("short"), QStringLiteral("..%2F..%2Fetc")}) {
        verifyProblem(m_http->get(QStringLiteral("/api/v1/orders/") + unknown), 404);
    }
}

void TestOrdersApi::deliveryFeeAndZone()
{
    const auto inside = post(body(QStringLiteral("delivery")), "o-deliver");
    QVERIFY2(inside.status == 201, inside.body.constData());
    QCOMPARE(inside.json().value(QStringLiteral("delivery_fee_cents")).toInt(), 350);
    QCOMPARE(inside.json().value(QStringLiteral("total_cents")).toInt(), 2520 + 252 + 350);
    const QJsonObject address = inside.json().value(QStringLiteral("address")).toObject();
    QCOMPARE(address.value(QStringLiteral("line1")).toString(), QStringLiteral("Calle Mayor 10"));
    QCOMPARE(address.value(QStringLiteral("latitude")).toDouble(), 40.416);
    QCOMPARE(count(QStringLiteral("deliveries WHERE status = 'pending'")), 1);

    QJsonObject far = body(QStringLiteral("delivery"));
    far.insert(QStringLiteral("address"),
               QJsonObject{{QStringLiteral("line1"), QStringLiteral("Plaza de Alcobendas 1")},
                           {QStringLiteral("city"), QStringLiteral("Alcobendas")}});
    const auto outside = post(far, "o-far");
    verifyProblem(outside, 422);
    QCOMPARE(outside.json().value(QStringLiteral("field")).toString(), QStringLiteral("address"));
    QVERIFY(outside.json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("km")));
    QCOMPARE(count(QStringLiteral("orders")), 1);
    QCOMPARE(count(QStringLiteral("deliveries")), 1);
}

void TestOrdersApi::refusalsNameTheField_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("field");
    const QByteArray customer = R"("customer": {"name": "Ana", "phone": "600123456"})";
    const auto with = [&](const QByteArray& rest) -> QByteArray {
        return "{\"kind\": \"takeout\", " + customer + ", " + rest + "}";
    };
    const QByteArray item = R"("items": [{"menu_item_id": %1, "quantity": 1}])";
    QTest::newRow("no key") << with(item) << QByteArray() << "Idempotency-Key";
    QTest::newRow("bad kind") << QByteArray("{\"kind\": \"drive\", " + customer + ", " + item + "}") << QByteArray("k")
                              << "kind";
    QTest::newRow("kind not text") << QByteArray("{\"kind\": 3, " + customer + ", " + item + "}") << QByteArray("k")
                                   << "kind";
    QTest::newRow("no customer") << QByteArray("{\"kind\": \"takeout\", " + item + "}") << QByteArray("k")
                                 << "customer";
    QTest::newRow("empty name") << QByteArray(R"({"kind": "takeout", "customer": {"name": " "}, )" + item + "}")
                                << QByteArray("k") << "customer.name";
    QTest::newRow("long name") << QByteArray(R"({"kind": "takeout", "customer": {"name": ")" + QByteArray(81, 'a')
                                             + "\"}, " + item + "}")
                               << QByteArray("k") << "customer.name";
    QTest::newRow("control in name") << QByteArray(R"({"kind": "takeout", "customer": {"name": "A\u0007na"}, )" + item
                                                   + "}")
                                     << QByteArray("k") << "customer.name";
    QTest::newRow("bad phone") << QByteArray(R"({"kind": "takeout", "customer": {"name": "Ana", "phone": "call me"}, )"
                                             + item + "}")
                               << QByteArray("k") << "customer.phone";
    QTest::newRow("no address") << QByteArray("{\"kind\": \"delivery\", " + customer + ", " + item + "}")
                                << QByteArray("k") << "address";
    QTest::newRow("address not object") << QByteArray("{\"kind\": \"delivery\", " + customer + ", \"address\": \"x\", "
                                                      + item + "}")
                                        << QByteArray("k") << "address";
    QTest::newRow("empty items") << with(R"("items": [])") << QByteArray("k") << "items";
    QTest::newRow("items missing") << with(R"("note": "x")") << QByteArray("k") << "items";
    QTest::newRow("quantity 0") << with(R"("items": [{"menu_item_id": %1, "quantity": 0}])") << QByteArray("k")
                                << "items[0].quantity";
    QTest::newRow("quantity 100") << with(R"("items": [{"menu_item_id": %1, "quantity": 100}])") << QByteArray("k")
                                  << "items[0].quantity";
    QTest::newRow("quantity fractional") << with(R"("items": [{"menu_item_id": %1, "quantity": 1.5}])")
                                         << QByteArray("k") << "items[0].quantity";
    QTest::newRow("unknown item") << with(R"("items": [{"menu_item_id": 999999, "quantity": 1}])") << QByteArray("k")
                                  << "items[0].menu_item_id";
    QTest::newRow("unavailable item") << with(R"("items": [{"menu_item_id": %2, "quantity": 1}])") << QByteArray("k")
                                      << "items[0].menu_item_id";
    QTest::newRow("bad payment") << with(QByteArray(item) + R"(, "payment": {"method": "iou"})") << QByteArray("k")
                                 << "payment.method";
    QTest::newRow("card without token") << with(QByteArray(item) + R"(, "payment": {"method": "card"})")
                                        << QByteArray("k") << "payment.token";
}

void TestOrdersApi::refusalsNameTheField()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, key);
    QFETCH(QString, field);
    const qint64 tiramisu =
        m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE name = 'Tiramisù'")).toLongLong();
    QVERIFY(m_db->exec(QStringLiteral("UPDATE menu_items SET available = false WHERE id = ?"), {tiramisu}));
    const QByteArray filled =
        QByteArray(json).replace("%1", QByteArray::number(m_espresso)).replace("%2", QByteArray::number(tiramisu));
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!key.isEmpty()) {
        headers.append({"Idempotency-Key", key});
    }
    const auto reply = m_http->request("POST", QStringLiteral("/api/v1/orders"), filled, headers);
    verifyProblem(reply, 422);
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), field);
    QCOMPARE(m_payments->calls(), 0);
    verifyNothingWritten();
}

void TestOrdersApi::malformedAndOversizeBodies()
{
    verifyProblem(m_http->request("POST", QStringLiteral("/api/v1/orders"), "{\"kind\": ", {{"Idempotency-Key", "m"}}),
                  400);
    verifyProblem(m_http->request("POST", QStringLiteral("/api/v1/orders"), "[1, 2]", {{"Idempotency-Key", "m"}}), 400);
    const QByteArray huge = "{\"kind\": \"takeout\", \"note\": \"" + QByteArray(70 * 1024, 'a') + "\"}";
    verifyProblem(m_http->request("POST", QStringLiteral("/api/v1/orders"), huge, {{"Idempotency-Key", "m"}}), 413);
    verifyNothingWritten();
}

void TestOrdersApi::idempotentRetry()
{
    const auto first = post(body(), "same-key");
    QCOMPARE(first.status, 201);
    // The same body again: the first order, as it is now (201 again).
    const auto retry = post(body(), "same-key");
    QCOMPARE(retry.status, 201);
    QCOMPARE(retry.json().value(QStringLiteral("token")), first.json().value(QStringLiteral("token")));
    QCOMPARE(count(QStringLiteral("orders")), 1);
    // Another body with the same key is refused.
    QJsonObject other = body();
    other.insert(QStringLiteral("kind"), QStringLiteral("dine_in"));
    const auto clash = post(other, "same-key");
    verifyProblem(clash, 422);
    QCOMPARE(clash.json().value(QStringLiteral("field")).toString(), QStringLiteral("Idempotency-Key"));
    QCOMPARE(count(QStringLiteral("orders")), 1);
}

void TestOrdersApi::declinedCardIs402AndNotChargedAgain()
{
    m_payments->setMode(TestPayments::Mode::Decline);
    QJsonObject card = body();
    card.insert(QStringLiteral("payment"),
                QJsonObject{{QStringLiteral("method"), QStringLiteral("card")},
                            {QStringLiteral("token"), QStringLiteral("pm_card_chargeDeclined")}});
    const auto declined = post(card, "card-1");
    verifyProblem(declined, 402);
    QCOMPARE(declined.json().value(QStringLiteral("detail")).toString(), QStringLiteral("The card was declined."));
    verifyNothingWritten();
    QCOMPARE(m_payments->calls(), 1);
    m_payments->setMode(TestPayments::Mode::Approve);
    verifyProblem(post(card, "card-1"), 402);
    QCOMPARE(m_payments->calls(), 1);
    verifyNothingWritten();
}

void TestOrdersApi::providerTimeoutIs503()
{
    m_payments->setMode(TestPayments::Mode::Timeout);
    QJsonObject card = body();
    card.insert(QStringLiteral("payment"),
                QJsonObject{{QStringLiteral("method"), QStringLiteral("card")},
                            {QStringLiteral("token"), QStringLiteral("pm_card_visa")}});
    verifyProblem(post(card, "card-2"), 503);
    verifyNothingWritten();
    // Safe to retry: the same key pays once the provider answers.
    m_payments->setMode(TestPayments::Mode::Approve);
    const auto retried = post(card, "card-2");
    QCOMPARE(retried.status, 201);
    QCOMPARE(retried.json().value(QStringLiteral("payment")).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("captured"));
}

void TestOrdersApi::rateLimitedWrites()
{
    startServer(2, 1);
    QCOMPARE(post(body(), "r1").status, 201);
    QCOMPARE(post(body(), "r2").status, 201);
    const auto limited = post(body(), "r3");
    verifyProblem(limited, 429);
    QVERIFY(limited.header("retry-after").toInt() >= 1);
    QCOMPARE(count(QStringLiteral("orders")), 2);
    // Reading an order is not limited.
    const QString token = m_db->scalar(QStringLiteral("SELECT token FROM orders LIMIT 1")).toString();
    QCOMPARE(m_http->get(QStringLiteral("/api/v1/orders/") + token).status, 200);
}

void TestOrdersApi::databaseDownIs503()
{
    ConnectionSettings gone = m_db->settings();
    gone.host = QStringLiteral("/nonexistent/socket/dir");
    Store deadStore(gone, 1);
    MenuService menu(deadStore);
    QueueService queue(deadStore);
    OrderService orders(deadStore, *m_payments, m_geocoder);
    DinerServer server(deadStore, menu, queue);
    server.setRestaurantId(m_restaurantId);
    server.setOrderService(&orders);
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    const auto port = server.listen(options);
    QVERIFY(port);
    HttpClient http(*port);
    verifyProblem(http.post(QStringLiteral("/api/v1/orders"), body(), {{"Idempotency-Key", "down"}}), 503);
    verifyProblem(http.get(QStringLiteral("/api/v1/orders/") + TokenGenerator::token()), 503);
    QCOMPARE(m_payments->calls(), 0);
    verifyNothingWritten();
}

void TestOrdersApi::withoutAnOrderServiceIs503()
{
    m_server->setOrderService(nullptr);
    verifyProblem(post(body(), "no-service"), 503);
    verifyNothingWritten();
}

QTEST_GUILESS_MAIN(TestOrdersApi)
#include "tst_ordersapi.moc"
