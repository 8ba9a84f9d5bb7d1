#pragma once

#include "order.h"
#include "result.h"

#include <QFuture>
#include <QString>

// Turns a delivery address into coordinates. Implementations: a Nominatim
// client (providers/nominatimgeocoder, cached in PostgreSQL, one request a
// second) and an offline gazetteer of demo streets (providers/offlinegeocoder).
// An address it cannot find is Invalid on "address"; an outage is Unavailable.
class Geocoder
{
public:
    struct Place
    {
        double latitude = 0;
        double longitude = 0;
        QString displayName;
    };

    virtual ~Geocoder() = default;
    virtual QString name() const = 0;
    // Callable from any thread; the future may finish on another thread.
    virtual QFuture<Result<Place>> geocode(const DeliveryAddress& address) = 0;
};
