#include "offlinegeocoder.h"
#include "testdatabase.h"

#include <QTest>
#include <cmath>

namespace
{

// The demo restaurant (Plaza Mayor, Madrid).
constexpr double RESTAURANT_LAT = 40.4153;
constexpr double RESTAURANT_LON = -3.7074;
constexpr double ZONE_METERS = 3000;

double metersBetween(double lat1, double lon1, double lat2, double lon2)
{
    constexpr double EARTH_RADIUS = 6371000;
    const double toRadians = M_PI / 180;
    const double dLat = (lat2 - lat1) * toRadians;
    const double dLon = (lon2 - lon1) * toRadians;
    const double a = std::sin(dLat / 2) * std::sin(dLat / 2)
        + std::cos(lat1 * toRadians) * std::cos(lat2 * toRadians) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * EARTH_RADIUS * std::asin(std::sqrt(a));
}

DeliveryAddress address(const QString& line1, const QString& city = {}, const QString& postcode = {})
{
    DeliveryAddress result;
    result.line1 = line1;
    result.city = city;
    result.postcode = postcode;
    return result;
}

} // namespace

// The offline gazetteer: forgiving matches, house numbers placed along the
// street, most streets inside a 3 km zone round the demo restaurant and two
// well outside, and a readable Invalid "address" for what it does not know.
class TestOfflineGeocoder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void forgivingMatch_data();
    void forgivingMatch();
    void numbersRunAlongTheStreet();
    void zones();
    void unknown_data();
    void unknown();

private:
    OfflineGeocoder m_geocoder;
};

void TestOfflineGeocoder::forgivingMatch_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("city");
    QTest::addColumn<QString>("canonical");

    QTest::newRow("calle") << QStringLiteral("calle mayor 12") << QString() << QStringLiteral("Calle Mayor 12");
    QTest::newRow("c/") << QStringLiteral("C/ Mayor, 12, 2º B") << QStringLiteral("Madrid")
                        << QStringLiteral("Calle Mayor 12");
    QTest::newRow("no type") << QStringLiteral("MAYOR 12") << QStringLiteral("madrid")
                             << QStringLiteral("Calle Mayor 12");
    QTest::newRow("no accent") << QStringLiteral("Calle de Alcala 20") << QString()
                               << QStringLiteral("Calle de Alcalá 20");
    QTest::newRow("accent and nº") << QStringLiteral("c/ alcalá nº 20") << QStringLiteral("MADRID")
                                   << QStringLiteral("Calle de Alcalá 20");
    QTest::newRow("articles") << QStringLiteral("c/ cava baja 10") << QString()
                              << QStringLiteral("Calle de la Cava Baja 10");
    QTest::newRow("gran via") << QStringLiteral("Gran Via 30") << QStringLiteral("Madrid")
                              << QStringLiteral("Gran Vía 30");
    QTest::newRow("letter after number") << QStringLiteral("Calle de Toledo 40b") << QString()
                                         << QStringLiteral("Calle de Toledo 40");
    QTest::newRow("avenida") << QStringLiteral("Avda. España 15") << QStringLiteral("Alcobendas")
                             << QStringLiteral("Avenida de España 15");
}

void TestOfflineGeocoder::forgivingMatch()
{
    QFETCH(QString, typed);
    QFETCH(QString, city);
    QFETCH(QString, canonical);
    const auto typedPlace = awaitFuture(m_geocoder.geocode(address(typed, city)));
    const auto canonicalPlace = m_geocoder.lookUp(address(canonical));
    QVERIFY2(typedPlace, qPrintable(typedPlace ? QString() : typedPlace.error().message));
    QVERIFY(canonicalPlace);
    QCOMPARE(typedPlace->latitude, canonicalPlace->latitude);
    QCOMPARE(typedPlace->longitude, canonicalPlace->longitude);
    QVERIFY(typedPlace->displayName.startsWith(canonical));
}

void TestOfflineGeocoder::numbersRunAlongTheStreet()
{
    // Calle Mayor runs west from Puerta del Sol: higher numbers lie further west.
    const auto low = m_geocoder.lookUp(address(QStringLiteral("Calle Mayor 2")));
    const auto mid = m_geocoder.lookUp(address(QStringLiteral("Calle Mayor 45")));
    const auto high = m_geocoder.lookUp(address(QStringLiteral("Calle Mayor 88")));
    QVERIFY(low && mid && high);
    QVERIFY(low->longitude > mid->longitude);
    QVERIFY(mid->longitude > high->longitude);
    QCOMPARE(mid->displayName, QStringLiteral("Calle Mayor 45, 28013 Madrid"));
}

void TestOfflineGeocoder::zones()
{
    int inside = 0;
    int outside = 0;
    for (const OfflineGeocoder::Street& street : OfflineGeocoder::streets()) {
        for (int number : {street.firstNumber, street.lastNumber}) {
            const auto place = m_geocoder.lookUp(address(street.name + u' ' + QString::number(number), street.city));
            QVERIFY2(place, qPrintable(street.name));
            const double meters = metersBetween(RESTAURANT_LAT, RESTAURANT_LON, place->latitude, place->longitude);
            if (street.city == QLatin1String("Madrid")) {
                QVERIFY2(meters < ZONE_METERS, qPrintable(street.name));
                ++inside;
            } else {
                QVERIFY2(meters > 3 * ZONE_METERS, qPrintable(street.name));
                ++outside;
            }
        }
    }
    QVERIFY(inside >= 2 * 12);
    QCOMPARE(outside, 2 * 2);
}

void TestOfflineGeocoder::unknown_data()
{
    QTest::addColumn<QString>("line1");
    QTest::addColumn<QString>("city");
    QTest::newRow("unknown street") << QStringLiteral("Calle Inventada 3") << QStringLiteral("Madrid");
    QTest::newRow("no number") << QStringLiteral("Calle Mayor") << QString();
    QTest::newRow("number past the end") << QStringLiteral("Calle Mayor 400") << QString();
    QTest::newRow("other city") << QStringLiteral("Calle Mayor 12") << QStringLiteral("Getafe");
    QTest::newRow("empty") << QStringLiteral("  ") << QString();
}

void TestOfflineGeocoder::unknown()
{
    QFETCH(QString, line1);
    QFETCH(QString, city);
    const auto place = awaitFuture(m_geocoder.geocode(address(line1, city)));
    QVERIFY(!place);
    QCOMPARE(place.error().kind, Error::Kind::Invalid);
    QCOMPARE(place.error().field, QStringLiteral("address"));
    QVERIFY(!place.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestOfflineGeocoder)
#include "tst_offlinegeocoder.moc"
