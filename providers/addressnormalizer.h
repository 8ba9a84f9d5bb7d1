#pragma once

#include "order.h"

#include <QString>
#include <QStringList>

// Folds addresses as people type them ("C/ Mayor, 12", "calle mayor 12") to
// one comparable form: the offline gazetteer's match and the geocode cache's key.
class AddressNormalizer final
{
public:
    struct StreetAndNumber
    {
        QString street; // folded, without the street type ("calle", "c/", "avda") or articles
        int number = 0; // 0: none given
    };

    // Lower case, accents and punctuation gone, single spaces.
    static QString fold(const QString& text);
    // The whole address folded: the geocode cache's key.
    static QString cacheKey(const DeliveryAddress& address);
    // The address in one line as a person writes it ("Calle Mayor 12, 28013 Madrid").
    static QString oneLine(const DeliveryAddress& address);
    // The street name and the first house number of a first address line.
    static StreetAndNumber streetAndNumber(const QString& line1);
};
