#include "dinerserver.h"
#include "geocoder.h"
#include "httpclient.h"
#include "menuservice.h"
#include "orderservice.h"
#include "paymentprovider.h"
#include "queueservice.h"
#include "store/store.h"
#include "testdatabase.h"
#include "voicewebhookcontroller.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace
{

const QByteArray SECRET = QByteArrayLiteral("whsec_test_voice_secret");

// Voice orders are paid at the counter or to the driver: the card provider must never be asked.
class NoPayments final : public PaymentProvider
{
public:
    QString name() const override { return QStringLiteral("none"); }
    QFuture<Result<Charge>> charge(int, const QString&, const QString&, const QString&, const QString&) override
    {
        ++charges;
        return QtFuture::makeReadyValueFuture(
            Result<Charge>(unexpected(Error::internal(QStringLiteral("voice orders take no card")))));
    }
    QFuture<VoidResult> refund(const QString&, const QString&) override
    {
        return QtFuture::makeReadyValueFuture(VoidResult());
    }
    int charges = 0;
};

// Every address is next door to the demo restaurant.
class NextDoor final : public Geocoder
{
public:
    QString name() const override { return QStringLiteral("next-door"); }
    QFuture<Result<Place>> geocode(const DeliveryAddress& address) override
    {
        return QtFuture::makeReadyValueFuture(Result<Place>(Place{40.4155, -3.7070, address.line1}));
    }
};

} // namespace

// POST /api/v1/webhooks/voice over a real socket, on the demo restaurant in a real database.
class TestVoiceWebhook final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void signatureRoundTrip();
    void validCallPlacesOneOrder();
    void retryReturnsTheSameSentence();
    void argumentsAsAJsonString();
    void withAnAddressItIsADelivery();
    void badSignaturesChangeNothing_data();
    void badSignaturesChangeNothing();
    void dishesToAskAbout_data();
    void dishesToAskAbout();
    void unknownTool();
    void otherMessagesAreIgnored();
    void malformedBody();
    void noSecretMeansNotSetUp();

private:
    void startServer(const QByteArray& secret);
    static QJsonObject toolCall(const QString& id, const QJsonValue& arguments, const QString& function = {});
    static QByteArray body(const QJsonArray& calls);
    static QJsonObject arguments(const QJsonArray& items);
    HttpClient::Reply post(const QByteArray& payload, const QByteArray& signature);
    HttpClient::Reply postSigned(const QByteArray& payload);
    int orderCount();

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<MenuService> m_menu;
    std::unique_ptr<QueueService> m_queue;
    NoPayments m_payments;
    NextDoor m_geocoder;
    std::unique_ptr<OrderService> m_orders;
    std::unique_ptr<DinerServer> m_server;
    std::unique_ptr<HttpClient> m_http;
    qint64 m_restaurantId = 0;
};

void TestVoiceWebhook::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurantId = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 4);
    m_menu = std::make_unique<MenuService>(*m_store);
    m_queue = std::make_unique<QueueService>(*m_store);
    m_orders = std::make_unique<OrderService>(*m_store, m_payments, m_geocoder);
    m_payments.charges = 0;
    startServer(SECRET);
}

void TestVoiceWebhook::startServer(const QByteArray& secret)
{
    m_http.reset();
    m_server = std::make_unique<DinerServer>(*m_store, *m_menu, *m_queue);
    m_server->setRestaurantId(m_restaurantId);
    m_server->setOrderService(m_orders.get());
    m_server->setVoiceWebhookSecret(secret);
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    const auto port = m_server->listen(options);
    QVERIFY(port);
    m_http = std::make_unique<HttpClient>(*port);
}

void TestVoiceWebhook::cleanup()
{
    m_http.reset();
    m_server.reset();
    m_orders.reset();
    m_queue.reset();
    m_menu.reset();
    m_store.reset();
    m_db.reset();
    QCOMPARE(m_payments.charges, 0);
}

QJsonObject TestVoiceWebhook::toolCall(const QString& id, const QJsonValue& arguments, const QString& function)
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("type"), QStringLiteral("function")},
        {QStringLiteral("function"),
         QJsonObject{{QStringLiteral("name"), function.isEmpty() ? QStringLiteral("place_order") : function},
                     {QStringLiteral("arguments"), arguments}}},
    };
}

QByteArray TestVoiceWebhook::body(const QJsonArray& calls)
{
    const QJsonObject message{{QStringLiteral("type"), QStringLiteral("tool-calls")},
                              {QStringLiteral("toolCalls"), calls}};
    return QJsonDocument(QJsonObject{{QStringLiteral("message"), message}}).toJson(QJsonDocument::Compact);
}

QJsonObject TestVoiceWebhook::arguments(const QJsonArray& items)
{
    return QJsonObject{{QStringLiteral("customer_name"), QStringLiteral("Ana")},
                       {QStringLiteral("phone"), QStringLiteral("+34 600 111 222")},
                       {QStringLiteral("items"), items}};
}

HttpClient::Reply TestVoiceWebhook::post(const QByteArray& payload, const QByteArray& signature)
{
    QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", "application/json"}};
    if (!signature.isNull()) {
        headers.append({VoiceWebhookController::SIGNATURE_HEADER, signature});
    }
    return m_http->request("POST", QStringLiteral("/api/v1/webhooks/voice"), payload, headers);
}

HttpClient::Reply TestVoiceWebhook::postSigned(const QByteArray& payload)
{
    return post(payload, VoiceWebhookController::sign(SECRET, payload, QDateTime::currentSecsSinceEpoch()));
}

int TestVoiceWebhook::orderCount()
{
    return m_db->scalar(QStringLiteral("SELECT count(*) FROM orders")).toInt();
}

void TestVoiceWebhook::signatureRoundTrip()
{
    using V = VoiceWebhookController::Verdict;
    const QByteArray payload = "{\"a\":1}";
    const qint64 now = 1'800'000'000;
    const QByteArray header = VoiceWebhookController::sign(SECRET, payload, now);
    QVERIFY(header.startsWith("t=1800000000,v1="));
    QCOMPARE(header.size(), qsizetype(16 + 64));
    QCOMPARE(VoiceWebhookController::verify(SECRET, header, payload, now), V::Valid);
    QCOMPARE(VoiceWebhookController::verify(SECRET, header, payload, now + 300), V::Valid);
    QCOMPARE(VoiceWebhookController::verify(SECRET, header, payload, now + 301), V::Stale);
    QCOMPARE(VoiceWebhookController::verify(SECRET, header, payload, now - 301), V::Stale);
    QCOMPARE(VoiceWebhookController::verify(SECRET, header, "{\"a\":2}", now), V::Wrong);
    QCOMPARE(VoiceWebhookController::verify("other", header, payload, now), V::Wrong);
    QCOMPARE(VoiceWebhookController::verify(SECRET, {}, payload, now), V::Missing);
    // The timestamp is signed too: moving it breaks the signature.
    QByteArray moved = header;
    moved.replace("t=1800000000", "t=1800000100");
    QCOMPARE(VoiceWebhookController::verify(SECRET, moved, payload, now), V::Wrong);
    // A second v1 (while a secret is being changed) is accepted.
    const QByteArray rotated =
        VoiceWebhookController::sign("old", payload, now) + ',' + header.mid(header.indexOf(",v1=") + 1);
    QCOMPARE(VoiceWebhookController::verify(SECRET, rotated, payload, now), V::Valid);
}

void TestVoiceWebhook::validCallPlacesOneOrder()
{
    const QJsonArray items{
        QJsonObject{{QStringLiteral("name"), QStringLiteral("margherita pizzas")}, {QStringLiteral("quantity"), 2}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("tiramisu")}},
    };
    const auto reply = postSigned(body({toolCall(QStringLiteral("call_123"), arguments(items))}));
    QVERIFY2(reply.status == 200, reply.body.constData());
    const QJsonArray results = reply.json().value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.at(0).toObject().value(QStringLiteral("toolCallId")).toString(), QStringLiteral("call_123"));
    const QString sentence = results.at(0).toObject().value(QStringLiteral("result")).toString();

    // Exactly one order, a voice order paid at the counter, priced from the menu.
    QCOMPARE(orderCount(), 1);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT kind || '/' || source FROM orders")).toString(),
             QStringLiteral("voice/voice"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT idempotency_key FROM orders")).toString(),
             QStringLiteral("voice:call_123"));
    const QString code = m_db->scalar(QStringLiteral("SELECT code FROM orders")).toString();
    const int total = m_db->scalar(QStringLiteral("SELECT total_cents FROM orders")).toInt();
    const int subtotal = m_db->scalar(QStringLiteral("SELECT subtotal_cents FROM orders")).toInt();
    QCOMPARE(subtotal,
             m_db->scalar(QStringLiteral("SELECT sum(CASE name WHEN 'Pizza Margherita' THEN 2 * price_cents ELSE "
                                         "price_cents END) FROM menu_items WHERE name IN ('Pizza Margherita', "
                                         "'Tiramisù')"))
                 .toInt());
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT string_agg(name || ' x' || quantity, ', ' ORDER BY id) "
                                         "FROM order_items"))
                 .toString(),
             QStringLiteral("Pizza Margherita x2, Tiramisù x1"));

    // The sentence: the code letter by letter, the total in euros, when to collect it.
    QStringList letters;
    for (QChar c : code) {
        letters.append(QString(c));
    }
    QVERIFY2(sentence.contains(letters.join(u' ')), qPrintable(sentence));
    const QString euros = QStringLiteral("%1.%2 euros").arg(total / 100).arg(total % 100, 2, 10, QLatin1Char('0'));
    QVERIFY2(sentence.contains(euros), qPrintable(sentence + u" / " + euros));
    // Ready at the order's eta, told in the restaurant's time zone (Europe/Madrid).
    const QString readyAt = m_db->scalar(QStringLiteral("SELECT to_char(o.eta AT TIME ZONE r.timezone, 'HH24:MI') "
                                                        "FROM orders o JOIN restaurants r ON r.id = o.restaurant_id"))
                                .toString();
    QVERIFY(!readyAt.isEmpty());
    QVERIFY2(sentence.contains(QStringLiteral("ready for pickup at ") + readyAt), qPrintable(sentence));
    QVERIFY2(sentence.contains(QStringLiteral("Ana")), qPrintable(sentence));
}

void TestVoiceWebhook::retryReturnsTheSameSentence()
{
    const QJsonArray items{QJsonObject{{QStringLiteral("name"), QStringLiteral("Burrata")}}};
    const QByteArray payload = body({toolCall(QStringLiteral("call_retry"), arguments(items))});
    const auto first = postSigned(payload);
    QVERIFY2(first.status == 200, first.body.constData());
    QCOMPARE(orderCount(), 1);
    const auto again = postSigned(payload);
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json(), first.json());
    QCOMPARE(orderCount(), 1);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM order_items")).toInt(), 1);

    // The same id with other arguments is not a retry: refused, still one order.
    const QJsonArray other{QJsonObject{{QStringLiteral("name"), QStringLiteral("Arancini")}}};
    const auto reused = postSigned(body({toolCall(QStringLiteral("call_retry"), arguments(other))}));
    QCOMPARE(reused.status, 200);
    const QString sentence = reused.json()
                                 .value(QStringLiteral("results"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QStringLiteral("result"))
                                 .toString();
    QVERIFY2(sentence.contains(QStringLiteral("already used for a different order")), qPrintable(sentence));
    QCOMPARE(orderCount(), 1);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT name FROM order_items")).toString(), QStringLiteral("Burrata"));
}

void TestVoiceWebhook::argumentsAsAJsonString()
{
    const QJsonArray items{
        QJsonObject{{QStringLiteral("name"), QStringLiteral("Espressos")}, {QStringLiteral("quantity"), 3}}};
    const QJsonObject args = arguments(items);
    const auto asObject = postSigned(body({toolCall(QStringLiteral("call_s"), args)}));
    QVERIFY2(asObject.status == 200, asObject.body.constData());
    // The same call with its arguments as a JSON string (keys in another
    // order): the same arguments, so the same order and sentence.
    const QString text = QStringLiteral("{\"items\":[{\"quantity\":3,\"name\":\"Espressos\"}],\"phone\":\"+34 600 111 "
                                        "222\",\"customer_name\":\"Ana\"}");
    const auto asString = postSigned(body({toolCall(QStringLiteral("call_s"), text)}));
    QCOMPARE(asString.status, 200);
    QCOMPARE(asString.json(), asObject.json());
    QCOMPARE(orderCount(), 1);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT quantity FROM order_items")).toInt(), 3);
}

void TestVoiceWebhook::withAnAddressItIsADelivery()
{
    QJsonObject args = arguments({QJsonObject{{QStringLiteral("name"), QStringLiteral("lasagne")},
                                              {QStringLiteral("quantity"), QStringLiteral("2")}}});
    args.insert(QStringLiteral("address"),
                QJsonObject{{QStringLiteral("line1"), QStringLiteral("Calle Mayor 10")},
                            {QStringLiteral("city"), QStringLiteral("Madrid")},
                            {QStringLiteral("postcode"), QStringLiteral("28013")}});
    args.insert(QStringLiteral("notes"), QStringLiteral("ring twice"));
    const auto reply = postSigned(body({toolCall(QStringLiteral("call_delivery"), args)}));
    QVERIFY2(reply.status == 200, reply.body.constData());
    const QString sentence = reply.json()
                                 .value(QStringLiteral("results"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QStringLiteral("result"))
                                 .toString();
    QCOMPARE(orderCount(), 1);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT kind || '/' || source FROM orders")).toString(),
             QStringLiteral("delivery/voice"));
    QVERIFY(m_db->scalar(QStringLiteral("SELECT delivery_fee_cents FROM orders")).toInt() > 0);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT note FROM order_items")).toString(), QStringLiteral("ring twice"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT quantity FROM order_items")).toInt(), 2); // sent as "2"
    const int total = m_db->scalar(QStringLiteral("SELECT total_cents FROM orders")).toInt();
    const QString euros = QStringLiteral("%1.%2 euros").arg(total / 100).arg(total % 100, 2, 10, QLatin1Char('0'));
    QVERIFY2(sentence.contains(euros) && sentence.contains(QStringLiteral("including delivery")), qPrintable(sentence));
}

void TestVoiceWebhook::badSignaturesChangeNothing_data()
{
    QTest::addColumn<QByteArray>("signature"); // "" for none at all
    QTest::addColumn<QByteArray>("tamper"); // appended to the body after signing
    const QByteArray payload = body({toolCall(
        QStringLiteral("call_bad"), arguments({QJsonObject{{QStringLiteral("name"), QStringLiteral("Burrata")}}}))});
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QTest::newRow("missing header") << QByteArray() << QByteArray();
    QTest::newRow("wrong secret") << VoiceWebhookController::sign("not-the-secret", payload, now) << QByteArray();
    QTest::newRow("body changed after signing")
        << VoiceWebhookController::sign(SECRET, payload, now) << QByteArray(" ");
    QTest::newRow("six minutes old") << VoiceWebhookController::sign(SECRET, payload, now - 6 * 60) << QByteArray();
    QTest::newRow("six minutes ahead") << VoiceWebhookController::sign(SECRET, payload, now + 6 * 60) << QByteArray();
    QTest::newRow("no timestamp")
        << VoiceWebhookController::sign(SECRET, payload, now).mid(QByteArray("t=").size() + 11) << QByteArray();
    QTest::newRow("garbage") << QByteArray("sha256=deadbeef") << QByteArray();
}

void TestVoiceWebhook::badSignaturesChangeNothing()
{
    QFETCH(QByteArray, signature);
    QFETCH(QByteArray, tamper);
    const QByteArray payload = body({toolCall(
        QStringLiteral("call_bad"), arguments({QJsonObject{{QStringLiteral("name"), QStringLiteral("Burrata")}}}))});
    const auto reply = post(payload + tamper, signature.isEmpty() ? QByteArray() : signature);
    QCOMPARE(reply.status, 401);
    QVERIFY(reply.isProblem());
    QCOMPARE(reply.json().value(QStringLiteral("status")).toInt(), 401);
    QVERIFY(!reply.json().value(QStringLiteral("detail")).toString().isEmpty());
    QCOMPARE(orderCount(), 0);
}

void TestVoiceWebhook::dishesToAskAbout_data()
{
    QTest::addColumn<QString>("dish");
    QTest::addColumn<QStringList>("said");
    QTest::newRow("unknown") << QStringLiteral("pizza hawaiana")
                             << QStringList{QStringLiteral("We don't have \"pizza hawaiana\". Did you mean Pizza ")};
    QTest::newRow("unknown, nothing like it")
        << QStringLiteral("sushi") << QStringList{QStringLiteral("We don't have \"sushi\" on the menu.")};
    QTest::newRow("ambiguous") << QStringLiteral("pizza")
                               << QStringList{QStringLiteral(
                                      "By \"pizza\", do you mean Pizza Margherita, Pizza Diavola or Pizza Ortolana?")};
    QTest::newRow("sold out") << QStringLiteral("panna cottas")
                              << QStringList{QStringLiteral("Sorry, Panna cotta is sold out today.")};
}

void TestVoiceWebhook::dishesToAskAbout()
{
    QFETCH(QString, dish);
    QFETCH(QStringList, said);
    QVERIFY(m_db->exec(QStringLiteral("UPDATE menu_items SET available = false WHERE name = 'Panna cotta'")));
    // One good dish beside the problem one: still no order, nothing half-placed.
    const QJsonArray items{QJsonObject{{QStringLiteral("name"), QStringLiteral("Burrata")}},
                           QJsonObject{{QStringLiteral("name"), dish}, {QStringLiteral("quantity"), 2}}};
    const auto reply = postSigned(body({toolCall(QStringLiteral("call_ask"), arguments(items))}));
    QVERIFY2(reply.status == 200, reply.body.constData());
    const QString sentence = reply.json()
                                 .value(QStringLiteral("results"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QStringLiteral("result"))
                                 .toString();
    for (const QString& part : said) {
        QVERIFY2(sentence.contains(part), qPrintable(sentence));
    }
    QVERIFY2(sentence.contains(QStringLiteral("Nothing has been ordered yet.")), qPrintable(sentence));
    QCOMPARE(orderCount(), 0);
}

void TestVoiceWebhook::unknownTool()
{
    const auto reply =
        postSigned(body({toolCall(QStringLiteral("call_hours"), QJsonObject(), QStringLiteral("opening_hours"))}));
    QVERIFY2(reply.status == 200, reply.body.constData());
    const QJsonObject result = reply.json().value(QStringLiteral("results")).toArray().at(0).toObject();
    QCOMPARE(result.value(QStringLiteral("toolCallId")).toString(), QStringLiteral("call_hours"));
    QVERIFY2(
        result.value(QStringLiteral("result")).toString().contains(QStringLiteral("no tool called \"opening_hours\"")),
        qPrintable(result.value(QStringLiteral("result")).toString()));
    QCOMPARE(orderCount(), 0);
}

void TestVoiceWebhook::otherMessagesAreIgnored()
{
    const QByteArray payload =
        QJsonDocument(QJsonObject{{QStringLiteral("message"),
                                   QJsonObject{{QStringLiteral("type"), QStringLiteral("status-update")}}}})
            .toJson(QJsonDocument::Compact);
    const auto reply = postSigned(payload);
    QCOMPARE(reply.status, 200);
    QCOMPARE(orderCount(), 0);
}

void TestVoiceWebhook::malformedBody()
{
    for (const QByteArray& payload : {QByteArray("{not json"),
                                      QByteArray("[]"),
                                      QByteArray("{\"message\": 3}"),
                                      QByteArray("{\"message\": {\"type\": \"tool-calls\", \"toolCalls\": {}}}")}) {
        const auto reply = postSigned(payload);
        QVERIFY2(reply.status == 400, payload.constData());
        QVERIFY(reply.isProblem());
    }
    const auto noId = postSigned(body({QJsonObject{
        {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), QStringLiteral("place_order")}}}}}));
    QCOMPARE(noId.status, 422);
    QCOMPARE(noId.json().value(QStringLiteral("field")).toString(), QStringLiteral("message.toolCalls[0].id"));
    QCOMPARE(orderCount(), 0);
}

void TestVoiceWebhook::noSecretMeansNotSetUp()
{
    startServer({});
    const QJsonArray items{QJsonObject{{QStringLiteral("name"), QStringLiteral("Burrata")}}};
    const auto reply = postSigned(body({toolCall(QStringLiteral("call_503"), arguments(items))}));
    QCOMPARE(reply.status, 503);
    QVERIFY(reply.isProblem());
    QVERIFY2(reply.json().value(QStringLiteral("title")).toString().contains(QStringLiteral("not set up")),
             reply.body.constData());
    QCOMPARE(orderCount(), 0);
    // Set later (as the app does once the keychain answers): orders flow.
    m_server->setVoiceWebhookSecret(SECRET);
    QCOMPARE(postSigned(body({toolCall(QStringLiteral("call_503"), arguments(items))})).status, 200);
    QCOMPARE(orderCount(), 1);
}

QTEST_GUILESS_MAIN(TestVoiceWebhook)
#include "tst_voicewebhook.moc"
