#pragma once

#include "geocoder.h"

#include <QCoreApplication>
#include <QList>

// Geocodes without the internet, from a small gazetteer of demo streets around
// the demo restaurant in central Madrid (Plaza Mayor, 40.4153 −3.7074): house
// numbers are placed along each street between its two ends. Most streets lie
// within 3 km; two (in Getafe and Alcobendas) lie well outside, so delivery
// zone checks can be shown. Matching forgives case, accents and "calle"/"c/".
class OfflineGeocoder final : public Geocoder
{
    Q_DECLARE_TR_FUNCTIONS(OfflineGeocoder)

public:
    struct Street
    {
        QString name; // as displayed: "Calle Mayor"
        QString postcode;
        QString city;
        int firstNumber = 1;
        int lastNumber = 1;
        double firstLatitude = 0; // where firstNumber stands
        double firstLongitude = 0;
        double lastLatitude = 0; // where lastNumber stands
        double lastLongitude = 0;
    };

    OfflineGeocoder();

    QString name() const override;
    QFuture<Result<Place>> geocode(const DeliveryAddress& address) override;
    // The same, answered at once (the gazetteer is in memory).
    Result<Place> lookUp(const DeliveryAddress& address) const;

    static const QList<Street>& streets();
};
