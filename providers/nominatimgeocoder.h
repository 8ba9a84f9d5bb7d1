#pragma once

#include "geocoder.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPromise>
#include <QQueue>
#include <QTimer>
#include <QUrl>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class Store;

// Geocodes delivery addresses with a Nominatim server (OpenStreetMap's or the
// restaurant's own) under its usage policy: an identifying User-Agent, at most
// one request a second (queued, one at a time), and every answer cached in
// PostgreSQL (geocode_cache), so a known address costs no request. Network
// calls run on the thread that created the geocoder; the cache through Store.
class NominatimGeocoder final : public QObject, public Geocoder
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NominatimGeocoder)

public:
    static constexpr int DEFAULT_INTERVAL_MS = 1000;
    static constexpr int DEFAULT_TIMEOUT_MS = 10000;
    // Cached places older than this are asked for again.
    static constexpr int CACHE_DAYS = 180;

    // `baseUrl`: the server's root, e.g. https://nominatim.openstreetmap.org.
    NominatimGeocoder(Store& store, qint64 restaurantId, const QUrl& baseUrl, QObject* parent = nullptr);
    ~NominatimGeocoder() override;

    // "Maitre/<version> (+https://maitre.example)" unless set.
    void setUserAgent(const QString& userAgent);
    QString userAgent() const { return m_userAgent; }
    // How long a request may go without an answer before it is Unavailable.
    void setTimeout(int milliseconds);
    // The least time between two requests (the public server's policy: 1 s).
    void setMinimumInterval(int milliseconds);

    QString name() const override;
    QFuture<Result<Place>> geocode(const DeliveryAddress& address) override;

private:
    using PlacePromise = std::shared_ptr<QPromise<Result<Place>>>;

    struct Lookup
    {
        QString key; // the cache key (folded address)
        QString query; // what is sent as q=
        QList<PlacePromise> promises; // everybody asking for this address
    };

    // On the geocoder's thread from here on.
    void lookUp(const QString& key, const QString& query, PlacePromise promise);
    void cacheAnswered(const QString& key, const Result<std::optional<Place>>& cached);
    void sendNext();
    void finished(QNetworkReply* reply);
    void resolve(const QString& key, const Result<Place>& result);
    Result<Place> toPlace(QNetworkReply* reply, const QString& query) const;

    Store& m_store;
    qint64 m_restaurantId = 0;
    QUrl m_baseUrl;
    QString m_userAgent;
    int m_timeoutMs = DEFAULT_TIMEOUT_MS;
    int m_intervalMs = DEFAULT_INTERVAL_MS;
    QNetworkAccessManager* m_network = nullptr;
    QTimer m_pace; // fires when the next request may go
    QElapsedTimer m_lastSent;
    QQueue<QString> m_queue; // keys waiting for a request
    QHash<QString, Lookup> m_lookups; // by key: in the cache, queued or in flight
    QNetworkReply* m_inFlight = nullptr;
    QString m_inFlightKey;
};
