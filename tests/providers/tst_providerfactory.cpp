#include "providerfactory.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QTest>

// The factory the app uses: the providers the settings name, and a readable
// Invalid for an unknown name, a missing Stripe key or a bad Nominatim URL.
class TestProviderFactory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void paymentProviders_data();
    void paymentProviders();
    void geocoders_data();
    void geocoders();

private:
    // Never asked to run anything here: the geocoders are only made.
    Store m_store{ConnectionSettings{}, 1};
};

void TestProviderFactory::paymentProviders_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("made"); // empty: refused
    QTest::newRow("offline") << QStringLiteral("offline") << QString() << QStringLiteral("offline");
    QTest::newRow("default") << QString() << QString() << QStringLiteral("offline");
    QTest::newRow("stripe") << QStringLiteral("stripe") << QStringLiteral("sk_test_123") << QStringLiteral("stripe");
    QTest::newRow("Stripe, any case") << QStringLiteral(" Stripe ") << QStringLiteral("sk_test_123")
                                      << QStringLiteral("stripe");
    QTest::newRow("stripe without key") << QStringLiteral("stripe") << QStringLiteral("  ") << QString();
    QTest::newRow("unknown") << QStringLiteral("paypal") << QStringLiteral("sk_test_123") << QString();
}

void TestProviderFactory::paymentProviders()
{
    QFETCH(QString, setting);
    QFETCH(QString, key);
    QFETCH(QString, made);
    RestaurantSettings settings;
    settings.paymentProvider = setting;
    const auto provider = ProviderFactory::makePaymentProvider(settings, key);
    if (made.isEmpty()) {
        QVERIFY(!provider);
        QCOMPARE(provider.error().kind, Error::Kind::Invalid);
        QCOMPARE(provider.error().field, QStringLiteral("payment_provider"));
        QVERIFY(!provider.error().message.isEmpty());
    } else {
        QVERIFY(provider);
        QCOMPARE((*provider)->name(), made);
    }
}

void TestProviderFactory::geocoders_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("made"); // empty: refused
    QTest::newRow("offline") << QStringLiteral("offline") << QString() << QStringLiteral("offline");
    QTest::newRow("nominatim") << QStringLiteral("nominatim") << QStringLiteral("https://nominatim.openstreetmap.org")
                               << QStringLiteral("nominatim");
    QTest::newRow("own server") << QStringLiteral("nominatim") << QStringLiteral("http://10.0.0.5:8088/")
                                << QStringLiteral("nominatim");
    QTest::newRow("bad url") << QStringLiteral("nominatim") << QStringLiteral("nominatim.local") << QString();
    QTest::newRow("ftp url") << QStringLiteral("nominatim") << QStringLiteral("ftp://example.org") << QString();
    QTest::newRow("unknown") << QStringLiteral("google") << QString() << QString();
}

void TestProviderFactory::geocoders()
{
    QFETCH(QString, setting);
    QFETCH(QString, url);
    QFETCH(QString, made);
    RestaurantSettings settings;
    settings.geocoder = setting;
    settings.nominatimUrl = url;
    const auto geocoder = ProviderFactory::makeGeocoder(settings, m_store, 1);
    if (made.isEmpty()) {
        QVERIFY(!geocoder);
        QCOMPARE(geocoder.error().kind, Error::Kind::Invalid);
        QCOMPARE(geocoder.error().field, QStringLiteral("geocoder"));
    } else {
        QVERIFY(geocoder);
        QCOMPARE((*geocoder)->name(), made);
    }
}

QTEST_GUILESS_MAIN(TestProviderFactory)
#include "tst_providerfactory.moc"
