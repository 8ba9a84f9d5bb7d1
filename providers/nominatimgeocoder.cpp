#include "nominatimgeocoder.h"

#include "addressnormalizer.h"
#include "store/sql.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>
#include <cmath>
#include <optional>

namespace
{

Q_LOGGING_CATEGORY(lcNominatim, "maitre.providers.nominatim")

using Place = Geocoder::Place;

Result<std::optional<Place>> readCache(QSqlDatabase& db, qint64 restaurantId, const QString& key)
{
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT lat, lon, display_name FROM geocode_cache"
                                          " WHERE restaurant_id = ? AND query = ?"
                                          " AND fetched_at > now() - make_interval(days => ?)"),
                           {restaurantId, key, NominatimGeocoder::CACHE_DAYS});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return std::optional<Place>();
    }
    return std::optional<Place>(
        Place{query->value(0).toDouble(), query->value(1).toDouble(), query->value(2).toString()});
}

VoidResult writeCache(QSqlDatabase& db, qint64 restaurantId, const QString& key, const Place& place)
{
    auto query = Sql::exec(db,
                           QStringLiteral("INSERT INTO geocode_cache (restaurant_id, query, lat, lon, display_name)"
                                          " VALUES (?, ?, ?, ?, ?)"
                                          " ON CONFLICT (restaurant_id, query) DO UPDATE"
                                          " SET lat = EXCLUDED.lat, lon = EXCLUDED.lon,"
                                          " display_name = EXCLUDED.display_name, fetched_at = now()"),
                           {restaurantId, key, place.latitude, place.longitude, place.displayName});
    if (!query) {
        return unexpected(query.error());
    }
    return {};
}

} // namespace

NominatimGeocoder::NominatimGeocoder(Store& store, qint64 restaurantId, const QUrl& baseUrl, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_restaurantId(restaurantId)
    , m_baseUrl(baseUrl)
    , m_userAgent(QStringLiteral("Maitre/" MAITRE_VERSION " (+https://maitre.example)"))
    , m_network(new QNetworkAccessManager(this))
{
    m_pace.setSingleShot(true);
    connect(&m_pace, &QTimer::timeout, this, &NominatimGeocoder::sendNext);
    connect(m_network, &QNetworkAccessManager::finished, this, &NominatimGeocoder::finished);
}

NominatimGeocoder::~NominatimGeocoder()
{
    m_network->disconnect(this);
    if (m_inFlight != nullptr) {
        m_inFlight->abort();
    }
    const Result<Place> gone = unexpected(Error::unavailable(tr("The geocoder was shut down.")));
    for (const Lookup& lookup : std::as_const(m_lookups)) {
        for (const PlacePromise& promise : lookup.promises) {
            promise->addResult(gone);
            promise->finish();
        }
    }
}

void NominatimGeocoder::setUserAgent(const QString& userAgent)
{
    m_userAgent = userAgent;
}

void NominatimGeocoder::setTimeout(int milliseconds)
{
    m_timeoutMs = qMax(1, milliseconds);
}

void NominatimGeocoder::setMinimumInterval(int milliseconds)
{
    m_intervalMs = qMax(0, milliseconds);
}

QString NominatimGeocoder::name() const
{
    return QStringLiteral("nominatim");
}

QFuture<Result<Geocoder::Place>> NominatimGeocoder::geocode(const DeliveryAddress& address)
{
    if (address.line1.trimmed().isEmpty()) {
        return QtFuture::makeReadyValueFuture(Result<Place>(
            unexpected(Error::invalid(QStringLiteral("address"), tr("The delivery address has no street.")))));
    }
    const QString key = AddressNormalizer::cacheKey(address);
    const QString query = AddressNormalizer::oneLine(address);
    auto promise = std::make_shared<QPromise<Result<Place>>>();
    QFuture<Result<Place>> future = promise->future();
    promise->start();
    // The queue, the pacing timer and the network live on this object's thread.
    QMetaObject::invokeMethod(this, [this, key, query, promise] { lookUp(key, query, promise); });
    return future;
}

void NominatimGeocoder::lookUp(const QString& key, const QString& query, PlacePromise promise)
{
    if (auto known = m_lookups.find(key); known != m_lookups.end()) {
        known->promises.append(std::move(promise)); // the same address is already on its way
        return;
    }
    m_lookups.insert(key, Lookup{key, query, {std::move(promise)}});
    const qint64 restaurantId = m_restaurantId;
    m_store
        .run<std::optional<Place>>([restaurantId, key](QSqlDatabase& db) { return readCache(db, restaurantId, key); })
        .then(this, [this, key](const Result<std::optional<Place>>& cached) { cacheAnswered(key, cached); });
}

void NominatimGeocoder::cacheAnswered(const QString& key, const Result<std::optional<Place>>& cached)
{
    if (cached && cached->has_value()) {
        resolve(key, **cached);
        return;
    }
    if (!cached) {
        // Without the cache the answer is still worth having.
        qCWarning(lcNominatim) << "the geocode cache could not be read:" << cached.error().message;
    }
    m_queue.enqueue(key);
    sendNext();
}

void NominatimGeocoder::sendNext()
{
    if (m_inFlight != nullptr || m_queue.isEmpty()) {
        return;
    }
    if (m_lastSent.isValid() && m_lastSent.elapsed() < m_intervalMs) {
        if (!m_pace.isActive()) {
            m_pace.start(int(m_intervalMs - m_lastSent.elapsed()));
        }
        return;
    }
    const QString key = m_queue.dequeue();
    const auto lookup = m_lookups.constFind(key);
    if (lookup == m_lookups.constEnd()) {
        sendNext();
        return;
    }

    QUrl url = m_baseUrl;
    url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) + QStringLiteral("/search"));
    QUrlQuery params;
    params.addQueryItem(QStringLiteral("format"), QStringLiteral("jsonv2"));
    params.addQueryItem(QStringLiteral("q"), lookup->query);
    params.addQueryItem(QStringLiteral("limit"), QStringLiteral("1"));
    url.setQuery(params);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader, m_userAgent);
    request.setTransferTimeout(m_timeoutMs);
    m_lastSent.start();
    m_inFlightKey = key;
    m_inFlight = m_network->get(request);
    qCDebug(lcNominatim) << "looking up" << lookup->query;
}

void NominatimGeocoder::finished(QNetworkReply* reply)
{
    reply->deleteLater();
    if (reply != m_inFlight) {
        return;
    }
    m_inFlight = nullptr;
    const QString key = std::exchange(m_inFlightKey, {});
    const auto lookup = m_lookups.constFind(key);
    const Result<Place> place = toPlace(reply, lookup == m_lookups.constEnd() ? QString() : lookup->query);
    if (!place) {
        resolve(key, place);
    } else {
        // Answer once the cache has it, so the next lookup of it finds it there.
        const qint64 restaurantId = m_restaurantId;
        const Place found = *place;
        m_store
            .run<bool>([restaurantId, key, found](QSqlDatabase& db) -> Result<bool> {
                if (auto written = writeCache(db, restaurantId, key, found); !written) {
                    return unexpected(written.error());
                }
                return true;
            })
            .then(this, [this, key, found](const Result<bool>& written) {
                if (!written) {
                    qCWarning(lcNominatim) << "the geocode cache could not be written:" << written.error().message;
                }
                resolve(key, found);
            });
    }
    sendNext();
}

void NominatimGeocoder::resolve(const QString& key, const Result<Place>& result)
{
    const Lookup lookup = m_lookups.take(key);
    for (const PlacePromise& promise : lookup.promises) {
        promise->addResult(result);
        promise->finish();
    }
}

Result<Geocoder::Place> NominatimGeocoder::toPlace(QNetworkReply* reply, const QString& query) const
{
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid()) {
        const bool timedOut =
            reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError;
        qCWarning(lcNominatim) << "no answer from the geocoder:" << reply->errorString();
        return unexpected(Error::unavailable(timedOut ? tr("The address lookup did not answer in time. Try again.")
                                                      : tr("The address lookup cannot be reached. Try again.")));
    }
    if (status.toInt() != 200) {
        qCWarning(lcNominatim) << "the geocoder answered HTTP" << status.toInt();
        return unexpected(Error::unavailable(
            tr("The address lookup is not working right now (HTTP %1). Try again.").arg(status.toInt())));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(reply->readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isArray()) {
        return unexpected(Error::unavailable(tr("The address lookup gave an answer Maitre does not understand.")));
    }
    const QJsonArray results = document.array();
    if (results.isEmpty()) {
        return unexpected(Error::invalid(
            QStringLiteral("address"),
            tr("No place was found for “%1”. Check the street, the number and the postcode.").arg(query)));
    }
    const QJsonObject first = results.first().toObject();
    // jsonv2 gives the coordinates as strings.
    bool latOk = false;
    bool lonOk = false;
    const double latitude = first.value(QStringLiteral("lat")).toString().toDouble(&latOk);
    const double longitude = first.value(QStringLiteral("lon")).toString().toDouble(&lonOk);
    if (!latOk || !lonOk || std::abs(latitude) > 90 || std::abs(longitude) > 180) {
        return unexpected(Error::unavailable(tr("The address lookup gave an answer Maitre does not understand.")));
    }
    return Place{latitude, longitude, first.value(QStringLiteral("display_name")).toString()};
}
