#include "geocoder.h"
#include "kitchenservice.h"
#include "orderpricing.h"
#include "orderservice.h"
#include "paymentprovider.h"
#include "restaurantsettings.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QHash>
#include <QJsonDocument>
#include <QMutex>
#include <QSet>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>
#include <cmath>
#include <functional>

// Changes a valid request into one that must be refused (the unavailable dish's id given).
using RequestChange = std::function<void(OrderRequest&, qint64 unavailable)>;
Q_DECLARE_METATYPE(RequestChange)

namespace
{

// A card provider on demand: approves, declines with a reason or times out.
// The same idempotency key is one charge, as with a real provider.
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

    QFuture<Result<Charge>> charge(int amountCents,
                                   const QString& currency,
                                   const QString& paymentToken,
                                   const QString& idempotencyKey,
                                   const QString&) override
    {
        QMutexLocker lock(&m_mutex);
        ++m_calls;
        m_lastAmount = amountCents;
        m_lastCurrency = currency;
        m_lastToken = paymentToken;
        switch (m_mode) {
        case Mode::Decline:
            return ready(
                Result<Charge>(unexpected(Error::declined(QStringLiteral("Your card has insufficient funds.")))));
        case Mode::Timeout:
            return ready(
                Result<Charge>(unexpected(Error::unavailable(QStringLiteral("The card provider timed out.")))));
        case Mode::Approve:
            break;
        }
        if (!m_charges.contains(idempotencyKey)) {
            m_charges.insert(idempotencyKey, QStringLiteral("ch_%1").arg(m_charges.size() + 1));
        }
        return ready(Result<Charge>(Charge{m_charges.value(idempotencyKey), QStringLiteral("captured")}));
    }

    QFuture<VoidResult> refund(const QString& reference, const QString& idempotencyKey) override
    {
        QMutexLocker lock(&m_mutex);
        m_refunds.insert(idempotencyKey, reference);
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
    int distinctCharges()
    {
        QMutexLocker lock(&m_mutex);
        return int(m_charges.size());
    }
    QList<QString> refunded()
    {
        QMutexLocker lock(&m_mutex);
        return m_refunds.values();
    }
    int lastAmount()
    {
        QMutexLocker lock(&m_mutex);
        return m_lastAmount;
    }

private:
    template <typename T>
    static QFuture<T> ready(T value)
    {
        return QtFuture::makeReadyValueFuture(std::move(value));
    }

    QMutex m_mutex;
    Mode m_mode = Mode::Approve;
    int m_calls = 0;
    int m_lastAmount = 0;
    QString m_lastCurrency;
    QString m_lastToken;
    QHash<QString, QString> m_charges; // idempotency key → reference
    QHash<QString, QString> m_refunds; // idempotency key → reference
};

// A gazetteer of three streets: one near the demo restaurant (central
// Madrid), one 2.5 km away and one far outside the 5 km zone.
class TestGeocoder final : public Geocoder
{
public:
    QString name() const override { return QStringLiteral("test"); }
    QFuture<Result<Place>> geocode(const DeliveryAddress& address) override
    {
        static const QHash<QString, Place> places{
            {QStringLiteral("Calle Mayor 10"), {40.4160, -3.7080, QStringLiteral("Calle Mayor 10, Madrid")}},
            {QStringLiteral("Calle de Alcalá 200"), {40.4300, -3.6800, QStringLiteral("Calle de Alcalá 200, Madrid")}},
            {QStringLiteral("Plaza de Alcobendas 1"), {40.5400, -3.6400, QStringLiteral("Alcobendas")}}};
        const auto place = places.constFind(address.line1.trimmed());
        if (place == places.cend()) {
            return QtFuture::makeReadyValueFuture(Result<Place>(
                unexpected(Error::invalid(QStringLiteral("address"), QStringLiteral("No such street.")))));
        }
        return QtFuture::makeReadyValueFuture(Result<Place>(*place));
    }
};

} // namespace

// Orders through OrderService on a real database, with the demo restaurant
// (tax 10 %, delivery fee 3.50, 5 km around central Madrid).
class TestOrderService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void pricesComeFromTheDatabase();
    void taxIsRoundedHalfUpPerOrder();
    void deliveryInsideTheZone();
    void deliveryOutsideTheZoneWritesNothing();
    void sameKeySameBodyIsTheSameOrder();
    void concurrentRetriesMakeOneOrder();
    void declineIsRememberedWithoutChargingAgain();
    void timeoutWritesNothingAndMayBeRetried();
    void invalidRequestsNameTheField_data();
    void invalidRequestsNameTheField();
    void staffMovesFollowTheStateMachine();
    void cancelNeedsPermissionAndRefunds();
    void ordersOfADay();
    void pricingArithmetic();
    void restaurantLocationIsValidated();

private:
    OrderRequest takeout(const QString& key) const;
    OrderRequest delivery(const QString& key, const QString& street) const;
    qint64 itemId(const QString& name);
    int count(const QString& table);
    void verifyNothingWritten();
    Actor staff(const QString& name, const QString& role);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<TestPayments> m_payments;
    std::unique_ptr<TestGeocoder> m_geocoder;
    std::unique_ptr<OrderService> m_orders;
    qint64 m_restaurant = 0;
    qint64 m_burrata = 0;
    qint64 m_bistecca = 0;
    qint64 m_espresso = 0;
};

void TestOrderService::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 4);
    m_payments = std::make_unique<TestPayments>();
    m_geocoder = std::make_unique<TestGeocoder>();
    m_orders = std::make_unique<OrderService>(*m_store, *m_payments, *m_geocoder);
    m_burrata = itemId(QStringLiteral("Burrata"));
    m_bistecca = itemId(QStringLiteral("Bistecca alla griglia"));
    m_espresso = itemId(QStringLiteral("Espresso"));
}

void TestOrderService::cleanup()
{
    m_orders.reset();
    m_store.reset();
    m_geocoder.reset();
    m_payments.reset();
    m_db.reset();
}

qint64 TestOrderService::itemId(const QString& name)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE name = ?"), {name}).toLongLong();
}

int TestOrderService::count(const QString& table)
{
    return m_db->scalar(QStringLiteral("SELECT count(*) FROM ") + table).toInt();
}

void TestOrderService::verifyNothingWritten()
{
    for (const QString& table : {QStringLiteral("orders"),
                                 QStringLiteral("order_items"),
                                 QStringLiteral("payments"),
                                 QStringLiteral("deliveries"),
                                 QStringLiteral("tickets"),
                                 QStringLiteral("events WHERE type LIKE 'order.%' OR type LIKE 'kitchen.%'")}) {
        QVERIFY2(count(table) == 0, qPrintable(table));
    }
}

Actor TestOrderService::staff(const QString& name, const QString& role)
{
    const qint64 id = m_db->scalar(QStringLiteral("INSERT INTO staff (restaurant_id, name, role, pin_hash)"
                                                  " VALUES (?, ?, ?, '$argon2id$test') RETURNING id"),
                                   {m_restaurant, name, role})
                          .toLongLong();
    return Actor::staff(id, name, role == u"kitchen" ? Role::Kitchen : (role == u"host" ? Role::Host : Role::Manager));
}

OrderRequest TestOrderService::takeout(const QString& key) const
{
    OrderRequest request;
    request.kind = QStringLiteral("takeout");
    request.customerName = QStringLiteral("Ana");
    request.customerPhone = QStringLiteral("+34 600 123 456");
    request.items = {{m_burrata, 2, QStringLiteral("extra basil"), QJsonArray{QStringLiteral("no tomato")}},
                     {m_bistecca, 1, {}, {}}};
    request.idempotencyKey = key;
    return request;
}

OrderRequest TestOrderService::delivery(const QString& key, const QString& street) const
{
    OrderRequest request = takeout(key);
    request.kind = QStringLiteral("delivery");
    request.address = DeliveryAddress{street, QStringLiteral("Madrid"), QStringLiteral("28013"), {}, {}};
    return request;
}

void TestOrderService::pricesComeFromTheDatabase()
{
    // The menu's prices at the moment of the order, not any a client had.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE menu_items SET price_cents = 1200 WHERE id = ?"), {m_burrata}));
    const auto order = awaitFuture(m_orders->create(m_restaurant, takeout(QStringLiteral("k1"))));
    QVERIFY2(order, qPrintable(order ? QString() : order.error().message));
    QCOMPARE(order->items.size(), 2);
    QCOMPARE(order->items.at(0).unitPriceCents, 1200);
    QCOMPARE(order->items.at(0).name, QStringLiteral("Burrata"));
    QCOMPARE(order->items.at(0).note, QStringLiteral("extra basil"));
    QCOMPARE(order->items.at(0).modifiers, QJsonArray{QStringLiteral("no tomato")});
    QCOMPARE(order->items.at(1).unitPriceCents, 2900);
    QCOMPARE(order->subtotalCents, 2 * 1200 + 2900);
    QCOMPARE(order->taxCents, 530); // 10 % of 53.00
    QCOMPARE(order->deliveryFeeCents, 0); // takeout
    QCOMPARE(order->totalCents, 5300 + 530);
    QCOMPARE(order->status, OrderStatus::Received);
    QCOMPARE(order->paymentMethod, QStringLiteral("counter"));
    QCOMPARE(order->paymentStatus, QStringLiteral("pending"));
    QVERIFY(order->token.size() >= 22);
    QVERIFY(order->code.size() >= 4);
    // The longest prep (bistecca, 20 min) and an empty kitchen: ready in 20 minutes.
    QCOMPARE(order->createdAt.secsTo(order->eta), 20 * 60);
    QCOMPARE(m_payments->calls(), 0); // paid at the counter

    // Written together: order, lines, payment, kitchen tickets, event.
    QCOMPARE(count(QStringLiteral("orders")), 1);
    QCOMPARE(count(QStringLiteral("order_items")), 2);
    QCOMPARE(count(QStringLiteral("payments WHERE method = 'counter' AND status = 'pending' AND amount_cents = 5830")),
             1);
    QCOMPARE(count(QStringLiteral("tickets WHERE kind = 'station'")), 2); // cold and grill
    QCOMPARE(count(QStringLiteral("events WHERE type = 'order.created'")), 1);
    QCOMPARE(count(QStringLiteral("events WHERE type = 'kitchen.routed'")), 1);

    const auto byToken = awaitFuture(m_orders->orderByToken(m_restaurant, order->token));
    QVERIFY(byToken);
    QCOMPARE(byToken->id, order->id);
    QCOMPARE(byToken->totalCents, order->totalCents);
    const auto unknown = awaitFuture(m_orders->orderByToken(m_restaurant, QStringLiteral("x").repeated(32)));
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().kind, Error::Kind::NotFound);
}

void TestOrderService::taxIsRoundedHalfUpPerOrder()
{
    // 7.5 % of 2.20 is 16.5 cents: 17. Of 4.40 (two espressos) 33 exactly.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE restaurants SET settings = settings || '{\"tax_rate_bp\": 750}'")));
    OrderRequest one = takeout(QStringLiteral("tax-1"));
    one.items = {{m_espresso, 1, {}, {}}};
    const auto a = awaitFuture(m_orders->create(m_restaurant, one));
    QVERIFY(a);
    QCOMPARE(a->subtotalCents, 220);
    QCOMPARE(a->taxCents, 17);
    QCOMPARE(a->totalCents, 237);
    // Per order, not per line: 3 × 2.20 = 6.60 → 49.5 → 50 (per line would be 3 × 17 = 51).
    OrderRequest three = takeout(QStringLiteral("tax-3"));
    three.items = {{m_espresso, 1, {}, {}}, {m_espresso, 1, {}, {}}, {m_espresso, 1, {}, {}}};
    const auto b = awaitFuture(m_orders->create(m_restaurant, three));
    QVERIFY(b);
    QCOMPARE(b->subtotalCents, 660);
    QCOMPARE(b->taxCents, 50);
}

void TestOrderService::deliveryInsideTheZone()
{
    OrderRequest request = delivery(QStringLiteral("d1"), QStringLiteral("Calle de Alcalá 200"));
    request.paymentMethod = QStringLiteral("card");
    request.paymentToken = QStringLiteral("pm_card_visa");
    const auto order = awaitFuture(m_orders->create(m_restaurant, request));
    QVERIFY2(order, qPrintable(order ? QString() : order.error().message));
    QCOMPARE(order->kind, QStringLiteral("delivery"));
    QCOMPARE(order->deliveryFeeCents, 350);
    QCOMPARE(order->totalCents, order->subtotalCents + order->taxCents + 350);
    QCOMPARE(m_payments->lastAmount(), order->totalCents); // charged what the order says
    QCOMPARE(order->paymentMethod, QStringLiteral("card"));
    QCOMPARE(order->paymentStatus, QStringLiteral("captured"));
    QVERIFY(order->address);
    QCOMPARE(order->address->line1, QStringLiteral("Calle de Alcalá 200"));
    QVERIFY(order->address->latitude);
    QCOMPARE(*order->address->latitude, 40.43);
    QCOMPARE(count(QStringLiteral("deliveries WHERE status = 'pending' AND lat = 40.43 AND lon = -3.68"
                                  " AND address->>'city' = 'Madrid'")),
             1);
    QCOMPARE(count(QStringLiteral("payments WHERE provider = 'test' AND provider_ref = 'ch_1'")), 1);
    // Ready after the longest prep, then the ride: the ETA is later than a takeout's.
    const double meters = OrderPricing::distanceMeters(40.4153, -3.7074, 40.43, -3.68);
    QVERIFY(meters > 2000 && meters < 3500);
    QCOMPARE(order->createdAt.secsTo(order->eta), 60 * (20 + OrderPricing::travelMinutes(meters)));
}

void TestOrderService::deliveryOutsideTheZoneWritesNothing()
{
    OrderRequest request = delivery(QStringLiteral("d2"), QStringLiteral("Plaza de Alcobendas 1"));
    request.paymentMethod = QStringLiteral("card");
    request.paymentToken = QStringLiteral("pm_card_visa");
    const auto outside = awaitFuture(m_orders->create(m_restaurant, request));
    QVERIFY(!outside);
    QCOMPARE(outside.error().kind, Error::Kind::Invalid);
    QCOMPARE(outside.error().field, QStringLiteral("address"));
    QVERIFY2(outside.error().message.contains(QStringLiteral("km")), qPrintable(outside.error().message));
    QCOMPARE(m_payments->calls(), 0); // refused before paying

    const auto unknown =
        awaitFuture(m_orders->create(m_restaurant, delivery(QStringLiteral("d3"), QStringLiteral("Nowhere 1"))));
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().field, QStringLiteral("address"));

    // A restaurant without a location takes no deliveries.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE restaurants SET settings = settings - 'latitude' - 'longitude'")));
    const auto nowhere =
        awaitFuture(m_orders->create(m_restaurant, delivery(QStringLiteral("d4"), QStringLiteral("Calle Mayor 10"))));
    QVERIFY(!nowhere);
    QCOMPARE(nowhere.error().field, QStringLiteral("kind"));
    verifyNothingWritten();
}

void TestOrderService::sameKeySameBodyIsTheSameOrder()
{
    const auto first = awaitFuture(m_orders->create(m_restaurant, takeout(QStringLiteral("same"))));
    QVERIFY(first);
    const auto again = awaitFuture(m_orders->create(m_restaurant, takeout(QStringLiteral("same"))));
    QVERIFY(again);
    QCOMPARE(again->token, first->token);
    QCOMPARE(again->id, first->id);
    QCOMPARE(count(QStringLiteral("orders")), 1);
    QCOMPARE(count(QStringLiteral("events WHERE type = 'order.created'")), 1);

    OrderRequest other = takeout(QStringLiteral("same"));
    other.items = {{m_espresso, 1, {}, {}}};
    const auto clash = awaitFuture(m_orders->create(m_restaurant, other));
    QVERIFY(!clash);
    QCOMPARE(clash.error().kind, Error::Kind::Invalid);
    QCOMPARE(clash.error().field, QStringLiteral("Idempotency-Key"));
    QCOMPARE(count(QStringLiteral("orders")), 1);

    // The controller's fingerprint (the body's hash) decides when it is set.
    OrderRequest hashed = takeout(QStringLiteral("hashed"));
    hashed.fingerprint = QByteArrayLiteral("body-one");
    QVERIFY(awaitFuture(m_orders->create(m_restaurant, hashed)));
    hashed.fingerprint = QByteArrayLiteral("body-two");
    const auto otherBody = awaitFuture(m_orders->create(m_restaurant, hashed));
    QVERIFY(!otherBody);
    QCOMPARE(otherBody.error().field, QStringLiteral("Idempotency-Key"));
}

void TestOrderService::concurrentRetriesMakeOneOrder()
{
    constexpr int RETRIES = 20;
    OrderRequest request = takeout(QStringLiteral("rush"));
    request.paymentMethod = QStringLiteral("card");
    request.paymentToken = QStringLiteral("pm_card_visa");
    QList<QFuture<Result<Order>>> futures;
    for (int i = 0; i < RETRIES; ++i) {
        futures.append(m_orders->create(m_restaurant, request));
    }
    QSet<QString> tokens;
    for (auto& future : futures) {
        const auto order = awaitFuture(future);
        QVERIFY2(order, qPrintable(order ? QString() : order.error().message));
        tokens.insert(order->token);
    }
    QCOMPARE(tokens.size(), 1);
    QCOMPARE(count(QStringLiteral("orders")), 1);
    QCOMPARE(count(QStringLiteral("payments")), 1);
    QCOMPARE(count(QStringLiteral("tickets WHERE kind = 'expo'")), 1);
    QCOMPARE(count(QStringLiteral("events WHERE type = 'order.created'")), 1);
    // Every retry asked with the same provider key: one charge, nothing refunded.
    QCOMPARE(m_payments->distinctCharges(), 1);
    QVERIFY(m_payments->refunded().isEmpty());
}

void TestOrderService::declineIsRememberedWithoutChargingAgain()
{
    m_payments->setMode(TestPayments::Mode::Decline);
    OrderRequest request = takeout(QStringLiteral("declined"));
    request.paymentMethod = QStringLiteral("card");
    request.paymentToken = QStringLiteral("pm_card_chargeDeclined");
    const auto declined = awaitFuture(m_orders->create(m_restaurant, request));
    QVERIFY(!declined);
    QCOMPARE(declined.error().kind, Error::Kind::Declined);
    QCOMPARE(declined.error().message, QStringLiteral("Your card has insufficient funds."));
    QCOMPARE(m_payments->calls(), 1);
    verifyNothingWritten();
    QCOMPARE(count(QStringLiteral("order_attempts WHERE outcome = 'declined'")), 1);

    // The retry gets the same answer, and the card is not tried again (even
    // when it would now be accepted).
    m_payments->setMode(TestPayments::Mode::Approve);
    const auto retry = awaitFuture(m_orders->create(m_restaurant, request));
    QVERIFY(!retry);
    QCOMPARE(retry.error().kind, Error::Kind::Declined);
    QCOMPARE(retry.error().message, declined.error().message);
    QCOMPARE(m_payments->calls(), 1);
    verifyNothingWritten();

    // The same key with another body is refused; a new key pays.
    OrderRequest other = request;
    other.paymentToken = QStringLiteral("pm_card_visa");
    const auto clash = awaitFuture(m_orders->create(m_restaurant, other));
    QVERIFY(!clash);
    QCOMPARE(clash.error().field, QStringLiteral("Idempotency-Key"));
    other.idempotencyKey = QStringLiteral("declined-then-other-card");
    QVERIFY(awaitFuture(m_orders->create(m_restaurant, other)));
    QCOMPARE(count(QStringLiteral("orders")), 1);
}

void TestOrderService::timeoutWritesNothingAndMayBeRetried()
{
    m_payments->setMode(TestPayments::Mode::Timeout);
    OrderRequest request = takeout(QStringLiteral("slow"));
    request.paymentMethod = QStringLiteral("card");
    request.paymentToken = QStringLiteral("pm_card_visa");
    const auto timedOut = awaitFuture(m_orders->create(m_restaurant, request));
    QVERIFY(!timedOut);
    QCOMPARE(timedOut.error().kind, Error::Kind::Unavailable);
    verifyNothingWritten();
    QCOMPARE(count(QStringLiteral("order_attempts")), 0);

    m_payments->setMode(TestPayments::Mode::Approve);
    const auto retried = awaitFuture(m_orders->create(m_restaurant, request));
    QVERIFY(retried);
    QCOMPARE(retried->paymentStatus, QStringLiteral("captured"));
    QCOMPARE(count(QStringLiteral("orders")), 1);
}

void TestOrderService::invalidRequestsNameTheField_data()
{
    using Change = RequestChange;
    QTest::addColumn<Change>("change");
    QTest::addColumn<QString>("field");
    QTest::newRow("no key") << Change([](OrderRequest& r, qint64) { r.idempotencyKey.clear(); }) << "Idempotency-Key";
    QTest::newRow("key too long") << Change([](OrderRequest& r, qint64) { r.idempotencyKey = QString(201, u'k'); })
                                  << "Idempotency-Key";
    QTest::newRow("bad kind") << Change([](OrderRequest& r, qint64) { r.kind = QStringLiteral("drive_through"); })
                              << "kind";
    QTest::newRow("no name") << Change([](OrderRequest& r, qint64) { r.customerName = QStringLiteral("  "); })
                             << "customer.name";
    QTest::newRow("long name") << Change([](OrderRequest& r, qint64) { r.customerName = QString(81, u'a'); })
                               << "customer.name";
    QTest::newRow("control in name") << Change([](OrderRequest& r, qint64) {
        r.customerName = QStringLiteral("A\x01na");
    }) << "customer.name";
    QTest::newRow("bad phone") << Change([](OrderRequest& r, qint64) { r.customerPhone = QStringLiteral("call me"); })
                               << "customer.phone";
    QTest::newRow("delivery without address")
        << Change([](OrderRequest& r, qint64) { r.kind = QStringLiteral("delivery"); }) << "address";
    QTest::newRow("delivery without street") << Change([](OrderRequest& r, qint64) {
        r.kind = QStringLiteral("delivery");
        r.address = DeliveryAddress{QString(), QStringLiteral("Madrid"), QString(), {}, {}};
    }) << "address.line1";
    QTest::newRow("no items") << Change([](OrderRequest& r, qint64) { r.items.clear(); }) << "items";
    QTest::newRow("quantity 0") << Change([](OrderRequest& r, qint64) { r.items[1].quantity = 0; })
                                << "items[1].quantity";
    QTest::newRow("quantity 100") << Change([](OrderRequest& r, qint64) { r.items[0].quantity = 100; })
                                  << "items[0].quantity";
    QTest::newRow("long note") << Change([](OrderRequest& r, qint64) { r.items[0].note = QString(201, u'n'); })
                               << "items[0].note";
    QTest::newRow("unknown dish") << Change([](OrderRequest& r, qint64) { r.items[1].menuItemId = 999999; })
                                  << "items[1].menu_item_id";
    QTest::newRow("unavailable dish") << Change([](OrderRequest& r, qint64 unavailable) {
        r.items[0].menuItemId = unavailable;
    }) << "items[0].menu_item_id";
    QTest::newRow("bad payment method") << Change([](OrderRequest& r, qint64) {
        r.paymentMethod = QStringLiteral("iou");
    }) << "payment.method";
    QTest::newRow("card without token") << Change([](OrderRequest& r, qint64) {
        r.paymentMethod = QStringLiteral("card");
    }) << "payment.token";
}

void TestOrderService::invalidRequestsNameTheField()
{
    using Change = RequestChange;
    QFETCH(Change, change);
    QFETCH(QString, field);
    const qint64 tiramisu = itemId(QStringLiteral("Tiramisù"));
    QVERIFY(m_db->exec(QStringLiteral("UPDATE menu_items SET available = false WHERE id = ?"), {tiramisu}));
    OrderRequest request = takeout(QStringLiteral("bad"));
    change(request, tiramisu);
    const auto refused = awaitFuture(m_orders->create(m_restaurant, request));
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, Error::Kind::Invalid);
    QCOMPARE(refused.error().field, field);
    QVERIFY(!refused.error().message.isEmpty());
    QCOMPARE(m_payments->calls(), 0);
    verifyNothingWritten();
}

void TestOrderService::staffMovesFollowTheStateMachine()
{
    const Actor host = staff(QStringLiteral("Hana"), QStringLiteral("host"));
    const auto order = awaitFuture(m_orders->create(m_restaurant, takeout(QStringLiteral("moves"))));
    QVERIFY(order);

    // Accepting it is fine; calling it ready while stations still cook is not.
    const auto preparing = awaitFuture(m_orders->advance(m_restaurant, host, order->id, OrderStatus::Preparing));
    QVERIFY(preparing);
    QCOMPARE(preparing->status, OrderStatus::Preparing);
    const auto early = awaitFuture(m_orders->advance(m_restaurant, host, order->id, OrderStatus::Ready));
    QVERIFY(!early);
    QCOMPARE(early.error().kind, Error::Kind::Conflict);
    const auto skip = awaitFuture(m_orders->advance(m_restaurant, host, order->id, OrderStatus::PickedUp));
    QVERIFY(!skip);
    QCOMPARE(skip.error().kind, Error::Kind::Conflict);

    // The kitchen's bumps make it ready (KitchenService moves the order).
    KitchenService kitchen(*m_store);
    QSqlDatabase db = m_db->connection();
    const QList<QVariant> tickets = [&] {
        QList<QVariant> ids;
        QSqlQuery q(db);
        q.exec(QStringLiteral("SELECT id FROM tickets WHERE kind = 'station' ORDER BY id"));
        while (q.next()) {
            ids.append(q.value(0));
        }
        return ids;
    }();
    QCOMPARE(tickets.size(), 2);
    for (const QVariant& ticket : tickets) {
        QVERIFY(awaitFuture(kitchen.bumpTicket(m_restaurant, Actor::kitchenDisplay(), ticket.toLongLong())));
    }
    QCOMPARE(awaitFuture(m_orders->order(m_restaurant, order->id))->status, OrderStatus::Ready);

    // A takeout is picked up, never sent out for delivery.
    const auto outForDelivery =
        awaitFuture(m_orders->advance(m_restaurant, host, order->id, OrderStatus::OutForDelivery));
    QVERIFY(!outForDelivery);
    QCOMPARE(outForDelivery.error().kind, Error::Kind::Conflict);
    const auto pickedUp = awaitFuture(m_orders->advance(m_restaurant, host, order->id, OrderStatus::PickedUp));
    QVERIFY(pickedUp);
    QCOMPARE(pickedUp->status, OrderStatus::PickedUp);
    QCOMPARE(count(QStringLiteral("events WHERE type = 'order.picked_up'")), 1);
    QCOMPARE(count(QStringLiteral("audit_log WHERE action = 'order.picked_up' AND actor_name = 'Hana'")), 1);
    QCOMPARE(count(QStringLiteral("audit_log WHERE action = 'order.preparing'")), 1);

    // Closed orders stay closed; nobody signed in may do nothing.
    const auto cancelled = awaitFuture(m_orders->cancel(m_restaurant, host, order->id, QStringLiteral("changed mind")));
    QVERIFY(!cancelled);
    QCOMPARE(cancelled.error().kind, Error::Kind::Conflict);
    const auto nobody = awaitFuture(m_orders->advance(m_restaurant, Actor::nobody(), order->id, OrderStatus::Ready));
    QVERIFY(!nobody);
    QCOMPARE(nobody.error().kind, Error::Kind::Forbidden);

    // A delivery goes out and arrives, and its delivery row follows.
    OrderRequest far = delivery(QStringLiteral("moves-delivery"), QStringLiteral("Calle Mayor 10"));
    far.items = {{m_espresso, 1, {}, {}}};
    const auto sent = awaitFuture(m_orders->create(m_restaurant, far));
    QVERIFY(sent);
    const qint64 barTicket =
        m_db->scalar(QStringLiteral("SELECT id FROM tickets WHERE order_id = ? AND kind = 'station'"), {sent->id})
            .toLongLong();
    QVERIFY(awaitFuture(kitchen.bumpTicket(m_restaurant, Actor::kitchenDisplay(), barTicket)));
    QVERIFY(awaitFuture(m_orders->advance(m_restaurant, host, sent->id, OrderStatus::OutForDelivery)));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM deliveries WHERE order_id = ?"), {sent->id}).toString(),
             QStringLiteral("out_for_delivery"));
    const auto delivered = awaitFuture(m_orders->advance(m_restaurant, host, sent->id, OrderStatus::Delivered));
    QVERIFY(delivered);
    QCOMPARE(delivered->status, OrderStatus::Delivered);
    QCOMPARE(
        m_db->scalar(QStringLiteral("SELECT status FROM deliveries WHERE order_id = ? AND delivered_at IS NOT NULL"),
                     {sent->id})
            .toString(),
        QStringLiteral("delivered"));
}

void TestOrderService::cancelNeedsPermissionAndRefunds()
{
    OrderRequest request = takeout(QStringLiteral("to-cancel"));
    request.paymentMethod = QStringLiteral("card");
    request.paymentToken = QStringLiteral("pm_card_visa");
    const auto order = awaitFuture(m_orders->create(m_restaurant, request));
    QVERIFY(order);

    // The kitchen may not cancel; nothing changes and nothing is refunded.
    const Actor cook = staff(QStringLiteral("Kai"), QStringLiteral("kitchen"));
    for (const Actor& refused : {cook, Actor::kitchenDisplay()}) {
        const auto denied = awaitFuture(m_orders->cancel(m_restaurant, refused, order->id, QStringLiteral("burnt")));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, Error::Kind::Forbidden);
    }
    const Actor manager = staff(QStringLiteral("Mara"), QStringLiteral("manager"));
    const auto noReason = awaitFuture(m_orders->cancel(m_restaurant, manager, order->id, QStringLiteral("  ")));
    QVERIFY(!noReason);
    QCOMPARE(noReason.error().field, QStringLiteral("reason"));
    QVERIFY(m_payments->refunded().isEmpty());
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM orders")).toString(), QStringLiteral("received"));

    const auto cancelled =
        awaitFuture(m_orders->cancel(m_restaurant, manager, order->id, QStringLiteral("Customer called to cancel")));
    QVERIFY2(cancelled, qPrintable(cancelled ? QString() : cancelled.error().message));
    QCOMPARE(cancelled->status, OrderStatus::Cancelled);
    QCOMPARE(cancelled->cancelReason, QStringLiteral("Customer called to cancel"));
    QCOMPARE(cancelled->paymentStatus, QStringLiteral("refunded"));
    QCOMPARE(m_payments->refunded(), QList<QString>{QStringLiteral("ch_1")});
    QCOMPARE(count(QStringLiteral("audit_log WHERE action = 'order.cancelled' AND actor_name = 'Mara'"
                                  " AND details->>'reason' = 'Customer called to cancel'"
                                  " AND (details->>'refunded_cents')::int = ")
                   + QString::number(order->totalCents)),
             1);
    QCOMPARE(count(QStringLiteral("events WHERE type = 'order.cancelled'")), 1);
    // Off the kitchen's screens with it (the board shows only orders in the kitchen).
    const auto again = awaitFuture(m_orders->cancel(m_restaurant, manager, order->id, QStringLiteral("twice")));
    QVERIFY(!again);
    QCOMPARE(again.error().kind, Error::Kind::Conflict);
    QCOMPARE(m_payments->refunded().size(), 1);

    // A host may cancel a counter order: nothing to refund.
    const auto counter = awaitFuture(m_orders->create(m_restaurant, takeout(QStringLiteral("counter"))));
    QVERIFY(counter);
    const auto hostCancel = awaitFuture(m_orders->cancel(
        m_restaurant, staff(QStringLiteral("Hana"), QStringLiteral("host")), counter->id, QStringLiteral("no show")));
    QVERIFY(hostCancel);
    QCOMPARE(hostCancel->paymentStatus, QStringLiteral("pending"));
    QCOMPARE(m_payments->refunded().size(), 1);
}

void TestOrderService::ordersOfADay()
{
    QVERIFY(awaitFuture(m_orders->create(m_restaurant, takeout(QStringLiteral("day-1")))));
    QVERIFY(awaitFuture(m_orders->create(m_restaurant, takeout(QStringLiteral("day-2")))));
    // One from two days ago, in the restaurant's time zone.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE orders SET created_at = now() - interval '2 days'"
                                      " WHERE idempotency_key = 'day-1'")));
    const QDate today = QDateTime::currentDateTime(QTimeZone(QByteArrayLiteral("Europe/Madrid"))).date();
    const auto todays = awaitFuture(m_orders->ordersOn(m_restaurant, today));
    QVERIFY(todays);
    QCOMPARE(todays->size(), 1);
    QCOMPARE(todays->at(0).items.size(), 2);
    const auto earlier = awaitFuture(m_orders->ordersOn(m_restaurant, today.addDays(-2)));
    QVERIFY(earlier);
    QCOMPARE(earlier->size(), 1);
    QVERIFY(earlier->at(0).id != todays->at(0).id);
}

void TestOrderService::pricingArithmetic()
{
    QCOMPARE(OrderPricing::taxCents(220, 750), 17); // 16.5 → 17
    QCOMPARE(OrderPricing::taxCents(1000, 1000), 100);
    QCOMPARE(OrderPricing::taxCents(0, 1000), 0);
    QCOMPARE(OrderPricing::taxCents(99 * 99 * 100000, 5000), 99 * 99 * 50000); // no overflow
    // Puerta del Sol to Plaza Mayor is about 430 m; one degree of latitude about 111 km.
    const double sol = OrderPricing::distanceMeters(40.4169, -3.7035, 40.4155, -3.7074);
    QVERIFY2(sol > 330 && sol < 450, qPrintable(QString::number(sol)));
    const double degree = OrderPricing::distanceMeters(40, -3, 41, -3);
    QVERIFY(degree > 111000 && degree < 111400);
    QCOMPARE(OrderPricing::queueMinutes(0), 0);
    QCOMPARE(OrderPricing::queueMinutes(3), 6);
    QCOMPARE(OrderPricing::queueMinutes(1000), OrderPricing::MAX_QUEUE_MINUTES);
    QCOMPARE(OrderPricing::travelMinutes(0), OrderPricing::HANDOVER_MINUTES);
    QCOMPARE(OrderPricing::travelMinutes(5000), 15 + OrderPricing::HANDOVER_MINUTES); // 5 km at 20 km/h
}

void TestOrderService::restaurantLocationIsValidated()
{
    RestaurantSettings settings;
    settings.name = QStringLiteral("Trattoria");
    QVERIFY(settings.validate()); // no location: valid, no deliveries
    settings.latitude = 40.4153;
    QCOMPARE(settings.validate().error().field, QStringLiteral("longitude")); // both or neither
    settings.longitude = -3.7074;
    QVERIFY(settings.validate());
    // Kept in the settings JSON under "latitude" and "longitude".
    const RestaurantSettings back = RestaurantSettings::fromJson(settings.name, settings.timezone, settings.toJson());
    QCOMPARE(back.latitude, settings.latitude);
    QCOMPARE(back.longitude, settings.longitude);
    QCOMPARE(back, settings);
    settings.latitude = 91;
    QCOMPARE(settings.validate().error().field, QStringLiteral("latitude"));
    settings.latitude = 40;
    settings.longitude = -181;
    QCOMPARE(settings.validate().error().field, QStringLiteral("longitude"));
    settings.longitude = std::nan("");
    QCOMPARE(settings.validate().error().field, QStringLiteral("longitude"));
    // The demo restaurant sits in central Madrid.
    const QString json = m_db->scalar(QStringLiteral("SELECT settings::text FROM restaurants")).toString();
    const RestaurantSettings demo = RestaurantSettings::fromJson(
        QStringLiteral("Demo"), QStringLiteral("Europe/Madrid"), QJsonDocument::fromJson(json.toUtf8()).object());
    QCOMPARE(demo.latitude, std::optional<double>(40.4153));
    QCOMPARE(demo.longitude, std::optional<double>(-3.7074));
    QVERIFY(demo.validate());
}

QTEST_GUILESS_MAIN(TestOrderService)
#include "tst_orderservice.moc"
