#include "fakehttpserver.h"
#include "stripepaymentprovider.h"
#include "testdatabase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QtConcurrent>

namespace
{

const QString SECRET_KEY = QStringLiteral("sk_test_maitre_4eC39HqLyjWDarjtT1zdp7dc");

QByteArray json(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray
stripeError(const QString& type, const QString& code, const QString& message, const QString& declineCode = {})
{
    QJsonObject error{
        {QStringLiteral("type"), type}, {QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!declineCode.isEmpty()) {
        error.insert(QStringLiteral("decline_code"), declineCode);
    }
    return json(QJsonObject{{QStringLiteral("error"), error}});
}

} // namespace

// StripePaymentProvider against a local server that speaks Stripe's protocol:
// the form it posts, the key and idempotency headers, and how each of Stripe's
// answers (success, manual capture, decline, rate limit, outage, bad key, no
// answer at all) becomes a Charge or a domain error.
class TestStripeClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void chargeSendsStripesForm();
    void manualCaptureIsAuthorized();
    void sameKeyChargesOnce();
    void declinedCard();
    void rateLimitedIsRetriedOnceThenUnavailable();
    void rateLimitedOnceThenCharged();
    void noAnswerTimesOut();
    void serverErrorIsUnavailable();
    void unreachableIsUnavailable();
    void rejectedKeyIsInternalAndNotLogged();
    void badInputSendsNothing_data();
    void badInputSendsNothing();
    void chargeFromAnotherThread();
    void refund();
    void refundUnknownPayment();

private:
    // Plays Stripe: remembers each idempotency key's answer and replays it.
    std::optional<FakeHttpServer::Response> stripe(const FakeHttpServer::Request& request);
    FakeHttpServer::Response paymentIntent(const FakeHttpServer::Request& request);
    Result<PaymentProvider::Charge> charge(const QString& token, const QString& key, int amount = 1250);

    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<StripePaymentProvider> m_provider;
    QHash<QByteArray, FakeHttpServer::Response> m_replies; // by Idempotency-Key
    QHash<QString, int> m_seen; // payment_method → requests seen
    QStringList m_intents; // created, succeeded or not
    QStringList m_refunded;
};

void TestStripeClient::init()
{
    m_replies.clear();
    m_seen.clear();
    m_intents.clear();
    m_refunded.clear();
    m_server =
        std::make_unique<FakeHttpServer>([this](const FakeHttpServer::Request& request) { return stripe(request); });
    QVERIFY(m_server->isListening());
    m_provider = std::make_unique<StripePaymentProvider>(SECRET_KEY);
    m_provider->setBaseUrl(QUrl(m_server->baseUrl()));
    m_provider->setRetryDelay(20);
}

void TestStripeClient::cleanup()
{
    m_provider.reset();
    m_server.reset();
}

std::optional<FakeHttpServer::Response> TestStripeClient::stripe(const FakeHttpServer::Request& request)
{
    if (request.header("Authorization") != "Bearer " + SECRET_KEY.toUtf8()) {
        return FakeHttpServer::Response{
            401,
            stripeError(QStringLiteral("invalid_request_error"),
                        {},
                        QStringLiteral("Invalid API Key provided: sk_test_****************************p7dc"))};
    }
    if (request.method != "POST" || request.header("Content-Type") != "application/x-www-form-urlencoded") {
        return FakeHttpServer::Response{
            400, stripeError(QStringLiteral("invalid_request_error"), {}, QStringLiteral("bad request"))};
    }
    const QByteArray key = request.header("Idempotency-Key");
    if (!key.isEmpty() && m_replies.contains(key)) {
        return m_replies.value(key); // Stripe replays the first answer, errors included
    }
    const QHash<QString, QString> form = request.form();
    const QString token = form.value(QStringLiteral("payment_method"));
    const int seen = ++m_seen[token];

    FakeHttpServer::Response response;
    if (request.path == QLatin1String("/v1/refunds")) {
        const QString intent = form.value(QStringLiteral("payment_intent"));
        if (!m_intents.contains(intent)) {
            response = {404,
                        stripeError(QStringLiteral("invalid_request_error"),
                                    QStringLiteral("resource_missing"),
                                    QStringLiteral("No such payment_intent: '%1'").arg(intent))};
        } else {
            m_refunded << intent;
            response = {200,
                        json({{QStringLiteral("id"), QStringLiteral("re_%1").arg(m_refunded.size())},
                              {QStringLiteral("object"), QStringLiteral("refund")},
                              {QStringLiteral("payment_intent"), intent},
                              {QStringLiteral("status"), QStringLiteral("succeeded")}})};
        }
    } else if (request.path != QLatin1String("/v1/payment_intents")) {
        response = {
            404, stripeError(QStringLiteral("invalid_request_error"), {}, QStringLiteral("Unrecognized request URL"))};
    } else if (token == QLatin1String("pm_card_slow")) {
        return std::nullopt;
    } else if (token == QLatin1String("pm_card_busy") || (token == QLatin1String("pm_card_busy_once") && seen == 1)) {
        // A rate limit is not stored under the key: the retry is answered afresh.
        return FakeHttpServer::Response{429,
                                        stripeError(QStringLiteral("invalid_request_error"),
                                                    QStringLiteral("rate_limit"),
                                                    QStringLiteral("Too many requests hit the API too quickly."))};
    } else if (token == QLatin1String("pm_card_broken")) {
        return FakeHttpServer::Response{
            500, stripeError(QStringLiteral("api_error"), {}, QStringLiteral("Something went wrong on Stripe's end."))};
    } else {
        response = paymentIntent(request);
    }
    if (!key.isEmpty()) {
        m_replies.insert(key, response);
    }
    return response;
}

FakeHttpServer::Response TestStripeClient::paymentIntent(const FakeHttpServer::Request& request)
{
    const QHash<QString, QString> form = request.form();
    // The fields Stripe needs to confirm a card payment here and now.
    bool amountOk = false;
    const int amount = form.value(QStringLiteral("amount")).toInt(&amountOk);
    if (!amountOk || amount <= 0
        || form.value(QStringLiteral("currency")) != form.value(QStringLiteral("currency")).toLower()
        || form.value(QStringLiteral("confirm")) != QLatin1String("true")
        || form.value(QStringLiteral("automatic_payment_methods[enabled]")) != QLatin1String("true")
        || form.value(QStringLiteral("automatic_payment_methods[allow_redirects]")) != QLatin1String("never")) {
        return {400,
                stripeError(QStringLiteral("invalid_request_error"),
                            QStringLiteral("parameter_invalid"),
                            QStringLiteral("bad form"))};
    }
    const QString token = form.value(QStringLiteral("payment_method"));
    const QString id = QStringLiteral("pi_3Maitre%1").arg(m_intents.size() + 1);
    m_intents << id;
    if (token == QLatin1String("pm_card_chargeDeclinedInsufficientFunds")) {
        return {402,
                stripeError(QStringLiteral("card_error"),
                            QStringLiteral("card_declined"),
                            QStringLiteral("Your card was declined."),
                            QStringLiteral("insufficient_funds"))};
    }
    const QString status =
        token == QLatin1String("pm_card_manual") ? QStringLiteral("requires_capture") : QStringLiteral("succeeded");
    return {200,
            json({{QStringLiteral("id"), id},
                  {QStringLiteral("object"), QStringLiteral("payment_intent")},
                  {QStringLiteral("amount"), amount},
                  {QStringLiteral("currency"), form.value(QStringLiteral("currency"))},
                  {QStringLiteral("status"), status}})};
}

Result<PaymentProvider::Charge> TestStripeClient::charge(const QString& token, const QString& key, int amount)
{
    return awaitFuture(
        m_provider->charge(amount, QStringLiteral("EUR"), token, key, QStringLiteral("Order K4 + extras")));
}

void TestStripeClient::chargeSendsStripesForm()
{
    const auto charged = charge(QStringLiteral("pm_card_visa"), QStringLiteral("order-1"));
    QVERIFY2(charged, qPrintable(charged ? QString() : charged.error().message));
    QCOMPARE(charged->reference, QStringLiteral("pi_3Maitre1"));
    QCOMPARE(charged->status, QStringLiteral("captured"));

    QCOMPARE(m_server->requests().size(), 1);
    const FakeHttpServer::Request& sent = m_server->requests().first();
    QCOMPARE(sent.method, QByteArray("POST"));
    QCOMPARE(sent.path, QStringLiteral("/v1/payment_intents"));
    QCOMPARE(sent.header("Authorization"), "Bearer " + SECRET_KEY.toUtf8());
    QCOMPARE(sent.header("Idempotency-Key"), QByteArray("order-1"));
    const QHash<QString, QString> form = sent.form();
    QCOMPARE(form.value(QStringLiteral("amount")), QStringLiteral("1250"));
    QCOMPARE(form.value(QStringLiteral("currency")), QStringLiteral("eur"));
    QCOMPARE(form.value(QStringLiteral("payment_method")), QStringLiteral("pm_card_visa"));
    QCOMPARE(form.value(QStringLiteral("confirm")), QStringLiteral("true"));
    QCOMPARE(form.value(QStringLiteral("automatic_payment_methods[enabled]")), QStringLiteral("true"));
    QCOMPARE(form.value(QStringLiteral("automatic_payment_methods[allow_redirects]")), QStringLiteral("never"));
    // A '+' in the description must not turn into a space on the way.
    QCOMPARE(form.value(QStringLiteral("description")), QStringLiteral("Order K4 + extras"));
}

void TestStripeClient::manualCaptureIsAuthorized()
{
    const auto charged = charge(QStringLiteral("pm_card_manual"), QStringLiteral("order-2"));
    QVERIFY(charged);
    QCOMPARE(charged->status, QStringLiteral("authorized"));
}

void TestStripeClient::sameKeyChargesOnce()
{
    const auto first = charge(QStringLiteral("pm_card_visa"), QStringLiteral("order-3"));
    const auto again = charge(QStringLiteral("pm_card_visa"), QStringLiteral("order-3"));
    QVERIFY(first);
    QVERIFY(again);
    QCOMPARE(again->reference, first->reference);
    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(m_server->requests().at(1).header("Idempotency-Key"), QByteArray("order-3"));
    QCOMPARE(m_intents.size(), 1);

    const auto other = charge(QStringLiteral("pm_card_visa"), QStringLiteral("order-4"));
    QVERIFY(other);
    QVERIFY(other->reference != first->reference);
}

void TestStripeClient::declinedCard()
{
    const auto charged = charge(QStringLiteral("pm_card_chargeDeclinedInsufficientFunds"), QStringLiteral("order-5"));
    QVERIFY(!charged);
    QCOMPARE(charged.error().kind, Error::Kind::Declined);
    QCOMPARE(charged.error().message, QStringLiteral("Your card was declined."));
    // The retry gets the same decline, not a second attempt at the card.
    const auto again = charge(QStringLiteral("pm_card_chargeDeclinedInsufficientFunds"), QStringLiteral("order-5"));
    QVERIFY(!again);
    QCOMPARE(again.error().kind, Error::Kind::Declined);
    QCOMPARE(m_intents.size(), 1);
}

void TestStripeClient::rateLimitedIsRetriedOnceThenUnavailable()
{
    const auto charged = charge(QStringLiteral("pm_card_busy"), QStringLiteral("order-6"));
    QVERIFY(!charged);
    QCOMPARE(charged.error().kind, Error::Kind::Unavailable);
    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(m_server->requests().at(0).header("Idempotency-Key"), QByteArray("order-6"));
    QCOMPARE(m_server->requests().at(1).header("Idempotency-Key"), QByteArray("order-6"));
}

void TestStripeClient::rateLimitedOnceThenCharged()
{
    const auto charged = charge(QStringLiteral("pm_card_busy_once"), QStringLiteral("order-7"));
    QVERIFY2(charged, qPrintable(charged ? QString() : charged.error().message));
    QCOMPARE(charged->status, QStringLiteral("captured"));
    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(m_intents.size(), 1);
}

void TestStripeClient::noAnswerTimesOut()
{
    m_provider->setTimeout(300);
    const auto charged = charge(QStringLiteral("pm_card_slow"), QStringLiteral("order-8"));
    QVERIFY(!charged);
    QCOMPARE(charged.error().kind, Error::Kind::Unavailable);
    QCOMPARE(m_server->requests().size(), 1);
}

void TestStripeClient::serverErrorIsUnavailable()
{
    const auto charged = charge(QStringLiteral("pm_card_broken"), QStringLiteral("order-9"));
    QVERIFY(!charged);
    QCOMPARE(charged.error().kind, Error::Kind::Unavailable);
}

void TestStripeClient::unreachableIsUnavailable()
{
    const QString closed = m_server->baseUrl();
    m_server.reset(); // nobody listens on that port any more
    m_provider->setBaseUrl(QUrl(closed));
    const auto charged = charge(QStringLiteral("pm_card_visa"), QStringLiteral("order-10"));
    QVERIFY(!charged);
    QCOMPARE(charged.error().kind, Error::Kind::Unavailable);
}

namespace
{
QStringList* g_messages = nullptr;
void collectMessage(QtMsgType, const QMessageLogContext&, const QString& message)
{
    g_messages->append(message);
}
} // namespace

void TestStripeClient::rejectedKeyIsInternalAndNotLogged()
{
    const QString wrongKey = QStringLiteral("sk_test_wrong_51H8xyzKEY");
    StripePaymentProvider provider(wrongKey);
    provider.setBaseUrl(QUrl(m_server->baseUrl()));

    QStringList messages;
    g_messages = &messages;
    const QtMessageHandler previous = qInstallMessageHandler(collectMessage);
    const auto charged = awaitFuture(
        provider.charge(900, QStringLiteral("eur"), QStringLiteral("pm_card_visa"), QStringLiteral("k"), {}));
    qInstallMessageHandler(previous);
    g_messages = nullptr;

    QVERIFY(!charged);
    QCOMPARE(charged.error().kind, Error::Kind::Internal);
    QVERIFY(charged.error().message.contains(QStringLiteral("rejected the key")));
    QVERIFY(!charged.error().message.contains(wrongKey));
    QVERIFY(!messages.isEmpty()); // it did log, without the key
    for (const QString& message : std::as_const(messages)) {
        QVERIFY2(!message.contains(QStringLiteral("51H8xyz")), qPrintable(message));
    }
}

void TestStripeClient::badInputSendsNothing_data()
{
    QTest::addColumn<int>("amount");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("field");
    QTest::newRow("zero amount") << 0 << QStringLiteral("eur") << QStringLiteral("pm_card_visa")
                                 << QStringLiteral("amount");
    QTest::newRow("negative amount") << -5 << QStringLiteral("eur") << QStringLiteral("pm_card_visa")
                                     << QStringLiteral("amount");
    QTest::newRow("bad currency") << 100 << QStringLiteral("euro") << QStringLiteral("pm_card_visa")
                                  << QStringLiteral("currency");
    QTest::newRow("no token") << 100 << QStringLiteral("eur") << QStringLiteral(" ") << QStringLiteral("payment_token");
}

void TestStripeClient::badInputSendsNothing()
{
    QFETCH(int, amount);
    QFETCH(QString, currency);
    QFETCH(QString, token);
    QFETCH(QString, field);
    const auto charged = awaitFuture(m_provider->charge(amount, currency, token, QStringLiteral("k"), {}));
    QVERIFY(!charged);
    QCOMPARE(charged.error().kind, Error::Kind::Invalid);
    QCOMPARE(charged.error().field, field);
    QVERIFY(m_server->requests().isEmpty());
}

void TestStripeClient::chargeFromAnotherThread()
{
    // A store worker or the server's thread pays; the network stays on this thread.
    QFuture<Result<PaymentProvider::Charge>> charged =
        QtConcurrent::run([this] {
            return m_provider->charge(
                700, QStringLiteral("eur"), QStringLiteral("pm_card_visa"), QStringLiteral("order-11"), {});
        }).unwrap();
    const auto result = awaitFuture(charged);
    QVERIFY(result);
    QCOMPARE(result->status, QStringLiteral("captured"));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestStripeClient::refund()
{
    const auto charged = charge(QStringLiteral("pm_card_visa"), QStringLiteral("order-12"));
    QVERIFY(charged);
    const auto refunded = awaitFuture(m_provider->refund(charged->reference, QStringLiteral("refund-12")));
    QVERIFY2(refunded, qPrintable(refunded ? QString() : refunded.error().message));
    const FakeHttpServer::Request& sent = m_server->requests().last();
    QCOMPARE(sent.path, QStringLiteral("/v1/refunds"));
    QCOMPARE(sent.form().value(QStringLiteral("payment_intent")), charged->reference);
    QCOMPARE(sent.header("Idempotency-Key"), QByteArray("refund-12"));
    // Retried with the same key: one refund.
    QVERIFY(awaitFuture(m_provider->refund(charged->reference, QStringLiteral("refund-12"))));
    QCOMPARE(m_refunded, QStringList{charged->reference});
}

void TestStripeClient::refundUnknownPayment()
{
    const auto refunded = awaitFuture(m_provider->refund(QStringLiteral("pi_unknown"), QStringLiteral("refund-13")));
    QVERIFY(!refunded);
    QCOMPARE(refunded.error().kind, Error::Kind::NotFound);
}

QTEST_GUILESS_MAIN(TestStripeClient)
#include "tst_stripeclient.moc"
