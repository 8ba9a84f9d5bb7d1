#pragma once

#include <QDate>

// A manager's reporting period in the restaurant's local dates, both ends
// included, with the period just before it for comparison.
struct AnalyticsPeriod
{
    QDate from;
    QDate to;

    bool isValid() const { return from.isValid() && to.isValid() && from <= to; }
    int days() const { return int(from.daysTo(to)) + 1; }
    // The same number of days, ending the day before `from`.
    AnalyticsPeriod previous() const { return {from.addDays(-days()), from.addDays(-1)}; }
    // Days per point of the time charts: single days up to two months, weeks beyond.
    int bucketDays() const { return days() <= 62 ? 1 : 7; }
    int bucketCount() const { return (days() + bucketDays() - 1) / bucketDays(); }
    bool contains(const QDate& day) const { return day >= from && day <= to; }
};
