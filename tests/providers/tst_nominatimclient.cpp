#include "fakehttpserver.h"
#include "nominatimgeocoder.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace
{

DeliveryAddress address(const QString& line1, const QString& postcode = QStringLiteral("28013"))
{
    DeliveryAddress result;
    result.line1 = line1;
    result.postcode = postcode;
    result.city = QStringLiteral("Madrid");
    return result;
}

} // namespace

// NominatimGeocoder against a local server that answers like Nominatim
// (jsonv2: an array, lat/lon as strings), on a real database for the cache:
// the User-Agent it sends, no request for a cached address, at most one
// request a second, and not found / server error / no answer as domain errors.
class TestNominatimClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void findsAndSendsItsName();
    void cachedAddressCostsNoRequest();
    void sameAddressAtOnceIsOneRequest();
    void requestsAreOneSecondApart();
    void notFoundIsInvalid();
    void serverErrorIsUnavailable();
    void noAnswerIsUnavailable();
    void emptyAddressSendsNothing();

private:
    std::optional<FakeHttpServer::Response> nominatim(const FakeHttpServer::Request& request);
    std::unique_ptr<NominatimGeocoder> makeGeocoder();

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<NominatimGeocoder> m_geocoder;
    qint64 m_restaurant = 0;
};

void TestNominatimClient::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->isValid());
    QVERIFY(m_db->migrate().isEmpty());
    m_restaurant =
        m_db->scalar(QStringLiteral("INSERT INTO restaurants (slug, name) VALUES ('casa', 'Casa') RETURNING id"))
            .toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_server =
        std::make_unique<FakeHttpServer>([this](const FakeHttpServer::Request& request) { return nominatim(request); });
    QVERIFY(m_server->isListening());
    m_geocoder = makeGeocoder();
}

void TestNominatimClient::cleanup()
{
    m_geocoder.reset();
    m_server.reset();
    m_store.reset();
    m_db.reset();
}

std::unique_ptr<NominatimGeocoder> TestNominatimClient::makeGeocoder()
{
    auto geocoder = std::make_unique<NominatimGeocoder>(*m_store, m_restaurant, QUrl(m_server->baseUrl()));
    geocoder->setMinimumInterval(0); // the pacing has its own test
    return geocoder;
}

std::optional<FakeHttpServer::Response> TestNominatimClient::nominatim(const FakeHttpServer::Request& request)
{
    if (request.path != QLatin1String("/search")
        || request.query.queryItemValue(QStringLiteral("format")) != QLatin1String("jsonv2")
        || request.query.queryItemValue(QStringLiteral("limit")) != QLatin1String("1")) {
        return FakeHttpServer::Response{400, "{\"error\":\"bad request\"}"};
    }
    const QString q = request.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded);
    if (q.contains(QStringLiteral("Silent"))) {
        return std::nullopt;
    }
    if (q.contains(QStringLiteral("Broken"))) {
        return FakeHttpServer::Response{503, "<html>Service Unavailable</html>", "text/html"};
    }
    if (q.contains(QStringLiteral("Nowhere"))) {
        return FakeHttpServer::Response{200, "[]"};
    }
    // A made-up place per street number, like Nominatim's answer.
    const int number = q.section(u',', 0, 0).section(u' ', -1).toInt();
    const QJsonObject place{
        {QStringLiteral("place_id"), 1000 + number},
        {QStringLiteral("lat"), QString::number(40.4 + number / 10000.0, 'f', 7)},
        {QStringLiteral("lon"), QString::number(-3.7 - number / 10000.0, 'f', 7)},
        {QStringLiteral("category"), QStringLiteral("place")},
        {QStringLiteral("type"), QStringLiteral("house")},
        {QStringLiteral("display_name"), QString(q + QStringLiteral(", Comunidad de Madrid, España"))}};
    return FakeHttpServer::Response{200, QJsonDocument(QJsonArray{place}).toJson(QJsonDocument::Compact)};
}

void TestNominatimClient::findsAndSendsItsName()
{
    const auto place = awaitFuture(m_geocoder->geocode(address(QStringLiteral("Calle Mayor 12"))));
    QVERIFY2(place, qPrintable(place ? QString() : place.error().message));
    QCOMPARE(place->latitude, 40.4012);
    QCOMPARE(place->longitude, -3.7012);
    QCOMPARE(place->displayName, QStringLiteral("Calle Mayor 12, 28013 Madrid, Comunidad de Madrid, España"));

    QCOMPARE(m_server->requests().size(), 1);
    const FakeHttpServer::Request& sent = m_server->requests().first();
    QCOMPARE(sent.method, QByteArray("GET"));
    QCOMPARE(sent.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded),
             QStringLiteral("Calle Mayor 12, 28013 Madrid"));
    // The usage policy asks for an application that names itself.
    const QByteArray agent = sent.header("User-Agent");
    QVERIFY2(agent.startsWith("Maitre/" MAITRE_VERSION " (+"), agent.constData());
}

void TestNominatimClient::cachedAddressCostsNoRequest()
{
    const auto first = awaitFuture(m_geocoder->geocode(address(QStringLiteral("Calle de Toledo 40"))));
    QVERIFY(first);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM geocode_cache WHERE restaurant_id = ?"), {m_restaurant})
                 .toInt(),
             1);
    // Typed differently, the same address: answered from the cache.
    const auto again = awaitFuture(m_geocoder->geocode(address(QStringLiteral("calle de TOLEDO, 40"))));
    QVERIFY(again);
    QCOMPARE(again->latitude, first->latitude);
    QCOMPARE(again->longitude, first->longitude);
    QCOMPARE(again->displayName, first->displayName);
    QCOMPARE(m_server->requests().size(), 1);

    // The cache is in the database: another geocoder (a restart) uses it too.
    m_geocoder = makeGeocoder();
    QVERIFY(awaitFuture(m_geocoder->geocode(address(QStringLiteral("Calle de Toledo 40")))));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestNominatimClient::sameAddressAtOnceIsOneRequest()
{
    auto first = m_geocoder->geocode(address(QStringLiteral("Calle de Atocha 7")));
    auto second = m_geocoder->geocode(address(QStringLiteral("Calle de Atocha 7")));
    const auto a = awaitFuture(first);
    const auto b = awaitFuture(second);
    QVERIFY(a && b);
    QCOMPARE(b->latitude, a->latitude);
    QCOMPARE(m_server->requests().size(), 1);
}

void TestNominatimClient::requestsAreOneSecondApart()
{
    m_geocoder->setMinimumInterval(NominatimGeocoder::DEFAULT_INTERVAL_MS);
    QList<QFuture<Result<Geocoder::Place>>> lookups;
    for (int number : {1, 2, 3}) {
        lookups << m_geocoder->geocode(address(QStringLiteral("Calle del Arenal %1").arg(number)));
    }
    for (const auto& lookup : std::as_const(lookups)) {
        QVERIFY(awaitFuture(lookup));
    }
    const QList<FakeHttpServer::Request>& requests = m_server->requests();
    QCOMPARE(requests.size(), 3);
    // Behaviour, not speed: the server never sees two requests within a second
    // (a little tolerance for the clocks of two sockets).
    for (qsizetype i = 1; i < requests.size(); ++i) {
        const qint64 gap = requests.at(i).receivedMs - requests.at(i - 1).receivedMs;
        QVERIFY2(gap >= 900, qPrintable(QStringLiteral("requests %1 ms apart").arg(gap)));
    }
}

void TestNominatimClient::notFoundIsInvalid()
{
    const auto place = awaitFuture(m_geocoder->geocode(address(QStringLiteral("Calle Nowhere 5"))));
    QVERIFY(!place);
    QCOMPARE(place.error().kind, Error::Kind::Invalid);
    QCOMPARE(place.error().field, QStringLiteral("address"));
    QVERIFY(place.error().message.contains(QStringLiteral("Calle Nowhere 5")));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM geocode_cache")).toInt(), 0);
}

void TestNominatimClient::serverErrorIsUnavailable()
{
    const auto place = awaitFuture(m_geocoder->geocode(address(QStringLiteral("Calle Broken 5"))));
    QVERIFY(!place);
    QCOMPARE(place.error().kind, Error::Kind::Unavailable);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM geocode_cache")).toInt(), 0);
    // The geocoder carries on with the next address.
    QVERIFY(awaitFuture(m_geocoder->geocode(address(QStringLiteral("Calle Mayor 3")))));
}

void TestNominatimClient::noAnswerIsUnavailable()
{
    m_geocoder->setTimeout(300);
    const auto place = awaitFuture(m_geocoder->geocode(address(QStringLiteral("Calle Silent 5"))));
    QVERIFY(!place);
    QCOMPARE(place.error().kind, Error::Kind::Unavailable);
}

void TestNominatimClient::emptyAddressSendsNothing()
{
    const auto place = awaitFuture(m_geocoder->geocode(address(QStringLiteral("   "), {})));
    QVERIFY(!place);
    QCOMPARE(place.error().kind, Error::Kind::Invalid);
    QCOMPARE(place.error().field, QStringLiteral("address"));
    QVERIFY(m_server->requests().isEmpty());
}

QTEST_GUILESS_MAIN(TestNominatimClient)
#include "tst_nominatimclient.moc"
