#include "offlinepaymentprovider.h"
#include "testdatabase.h"

#include <QTest>

// The offline stand-in for drills: approvals, declines and timeouts at the
// configured rates, repeatable with a seed; idempotency keys remembered like
// Stripe's; refunds.
class TestOfflinePayment final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void approvesByDefault();
    void sameKeyIsOneCharge();
    void sameKeyDifferentAmountConflicts();
    void declineIsRemembered();
    void timeoutIsNotRemembered();
    void ratesAreRepeatableWithASeed();
    void badInputIsInvalid();
    void refund();

private:
    static Result<PaymentProvider::Charge>
    charge(OfflinePaymentProvider& provider, const QString& key, int amount = 1500);
    // One letter per outcome of `count` charges: a(pproved), d(eclined), t(imed out).
    static QString outcomes(OfflinePaymentProvider& provider, int count);
};

Result<PaymentProvider::Charge>
TestOfflinePayment::charge(OfflinePaymentProvider& provider, const QString& key, int amount)
{
    return awaitFuture(
        provider.charge(amount, QStringLiteral("EUR"), QStringLiteral("pm_card_visa"), key, QStringLiteral("drill")));
}

QString TestOfflinePayment::outcomes(OfflinePaymentProvider& provider, int count)
{
    QString letters;
    for (int i = 0; i < count; ++i) {
        const auto charged = charge(provider, QStringLiteral("key-%1").arg(i));
        if (charged) {
            letters += u'a';
        } else if (charged.error().kind == Error::Kind::Declined) {
            letters += u'd';
        } else if (charged.error().kind == Error::Kind::Unavailable) {
            letters += u't';
        } else {
            letters += u'?';
        }
    }
    return letters;
}

void TestOfflinePayment::approvesByDefault()
{
    OfflinePaymentProvider provider;
    QCOMPARE(provider.name(), QStringLiteral("offline"));
    const auto charged = charge(provider, QStringLiteral("a"));
    QVERIFY(charged);
    QCOMPARE(charged->status, QStringLiteral("captured"));
    QVERIFY(!charged->reference.isEmpty());
    QCOMPARE(provider.chargeCount(), 1);
}

void TestOfflinePayment::sameKeyIsOneCharge()
{
    OfflinePaymentProvider provider;
    const auto first = charge(provider, QStringLiteral("order-1"));
    const auto again = charge(provider, QStringLiteral("order-1"));
    QVERIFY(first);
    QVERIFY(again);
    QCOMPARE(again->reference, first->reference);
    QCOMPARE(provider.chargeCount(), 1);
    const auto other = charge(provider, QStringLiteral("order-2"));
    QVERIFY(other);
    QVERIFY(other->reference != first->reference);
    QCOMPARE(provider.chargeCount(), 2);
}

void TestOfflinePayment::sameKeyDifferentAmountConflicts()
{
    OfflinePaymentProvider provider;
    QVERIFY(charge(provider, QStringLiteral("order-1"), 1500));
    const auto changed = charge(provider, QStringLiteral("order-1"), 1600);
    QVERIFY(!changed);
    QCOMPARE(changed.error().kind, Error::Kind::Conflict);
    QCOMPARE(provider.chargeCount(), 1);
}

void TestOfflinePayment::declineIsRemembered()
{
    OfflinePaymentProvider::Options options;
    options.declineRate = 1;
    OfflinePaymentProvider provider(options);
    const auto charged = charge(provider, QStringLiteral("order-1"));
    QVERIFY(!charged);
    QCOMPARE(charged.error().kind, Error::Kind::Declined);
    QVERIFY(!charged.error().message.isEmpty());
    QCOMPARE(charge(provider, QStringLiteral("order-1")).error().kind, Error::Kind::Declined);
    QCOMPARE(provider.chargeCount(), 0);
}

void TestOfflinePayment::timeoutIsNotRemembered()
{
    OfflinePaymentProvider::Options options;
    options.timeoutRate = 0.5;
    options.seed = 7;
    OfflinePaymentProvider provider(options);
    QString timedOut;
    for (int i = 0; i < 50 && timedOut.isEmpty(); ++i) {
        const QString key = QStringLiteral("order-%1").arg(i);
        if (const auto charged = charge(provider, key); !charged) {
            QCOMPARE(charged.error().kind, Error::Kind::Unavailable);
            timedOut = key;
        }
    }
    QVERIFY(!timedOut.isEmpty());
    // Nothing was charged, so a retry with the same key may go through, once.
    const int before = provider.chargeCount();
    Result<PaymentProvider::Charge> retried = charge(provider, timedOut);
    for (int attempt = 0; attempt < 50 && !retried; ++attempt) {
        retried = charge(provider, timedOut);
    }
    QVERIFY(retried);
    QCOMPARE(provider.chargeCount(), before + 1);
    QCOMPARE(charge(provider, timedOut)->reference, retried->reference);
    QCOMPARE(provider.chargeCount(), before + 1);
}

void TestOfflinePayment::ratesAreRepeatableWithASeed()
{
    OfflinePaymentProvider::Options options;
    options.declineRate = 0.3;
    options.timeoutRate = 0.2;
    options.seed = 42;
    OfflinePaymentProvider first(options);
    OfflinePaymentProvider second(options);
    const QString a = outcomes(first, 100);
    QCOMPARE(outcomes(second, 100), a);
    QVERIFY(a.contains(u'a'));
    QVERIFY(a.contains(u'd'));
    QVERIFY(a.contains(u't'));
    QVERIFY(!a.contains(u'?'));

    options.seed = 43;
    OfflinePaymentProvider reseeded(options);
    QVERIFY(outcomes(reseeded, 100) != a);
}

void TestOfflinePayment::badInputIsInvalid()
{
    OfflinePaymentProvider provider;
    const auto zero = charge(provider, QStringLiteral("k"), 0);
    QVERIFY(!zero);
    QCOMPARE(zero.error().kind, Error::Kind::Invalid);
    QCOMPARE(zero.error().field, QStringLiteral("amount"));
    const auto noToken = awaitFuture(provider.charge(100, QStringLiteral("eur"), {}, QStringLiteral("k2"), {}));
    QVERIFY(!noToken);
    QCOMPARE(noToken.error().field, QStringLiteral("payment_token"));
    QCOMPARE(provider.chargeCount(), 0);
}

void TestOfflinePayment::refund()
{
    OfflinePaymentProvider provider;
    const auto charged = charge(provider, QStringLiteral("order-1"));
    QVERIFY(charged);
    QVERIFY(!provider.isRefunded(charged->reference));
    QVERIFY(awaitFuture(provider.refund(charged->reference, QStringLiteral("refund-1"))));
    QVERIFY(provider.isRefunded(charged->reference));
    // The same refund retried is fine; a second, different refund is not.
    QVERIFY(awaitFuture(provider.refund(charged->reference, QStringLiteral("refund-1"))));
    const auto twice = awaitFuture(provider.refund(charged->reference, QStringLiteral("refund-2")));
    QVERIFY(!twice);
    QCOMPARE(twice.error().kind, Error::Kind::Conflict);
    const auto unknown = awaitFuture(provider.refund(QStringLiteral("off_999999"), QStringLiteral("refund-3")));
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().kind, Error::Kind::NotFound);
}

QTEST_GUILESS_MAIN(TestOfflinePayment)
#include "tst_offlinepayment.moc"
