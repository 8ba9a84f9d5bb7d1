#pragma once

#include <QString>

// Which tickets a kitchen screen works on: every station's, one station's, or
// the expo's (whole orders at the pass).
struct KitchenScope
{
    enum class Kind
    {
        AllStations,
        Station,
        Expo
    };

    Kind kind = Kind::AllStations;
    QString station; // with Kind::Station

    static KitchenScope allStations() { return {}; }
    static KitchenScope forStation(const QString& name) { return {Kind::Station, name}; }
    static KitchenScope expo() { return {Kind::Expo, {}}; }
};
