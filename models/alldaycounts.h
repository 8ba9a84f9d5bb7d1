#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// How many of one dish are still to cook at one station.
struct AllDayCount
{
    qint64 menuItemId = 0;
    QString name;
    QString station;
    int quantity = 0;
};

// All-day counts: the open quantity of each dish across open tickets, by
// station and in total, so a cook can fire six steaks at once.
struct AllDayCounts
{
    QList<AllDayCount> items; // by station, then the most wanted first

    int total() const;
    int stationTotal(const QString& station) const;
    // Across stations (a dish is normally at one).
    int quantityOf(qint64 menuItemId) const;
    QStringList stations() const;
};
