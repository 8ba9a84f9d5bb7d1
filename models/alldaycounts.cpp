#include "alldaycounts.h"

int AllDayCounts::total() const
{
    int sum = 0;
    for (const AllDayCount& c : items) {
        sum += c.quantity;
    }
    return sum;
}

int AllDayCounts::stationTotal(const QString& station) const
{
    int sum = 0;
    for (const AllDayCount& c : items) {
        if (c.station == station) {
            sum += c.quantity;
        }
    }
    return sum;
}

int AllDayCounts::quantityOf(qint64 menuItemId) const
{
    int sum = 0;
    for (const AllDayCount& c : items) {
        if (c.menuItemId == menuItemId) {
            sum += c.quantity;
        }
    }
    return sum;
}

QStringList AllDayCounts::stations() const
{
    QStringList result;
    for (const AllDayCount& c : items) {
        if (!result.contains(c.station)) {
            result.append(c.station);
        }
    }
    return result;
}
