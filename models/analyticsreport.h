#pragma once

#include "analyticsperiod.h"

#include <QDate>
#include <QList>
#include <QString>
#include <array>
#include <optional>

// What the dashboard and the co-pilot read from the analytics schema, one
// struct per chart. Money is integer cents net of tax; waits are minutes.
namespace AnalyticsReport
{

// The headline figures of one period.
struct Figures
{
    qint64 netCents = 0;
    qint64 orders = 0;
    qint64 covers = 0;
    qint64 parties = 0; // joined the queue
    qint64 seated = 0;
    qint64 noShows = 0;
    qint64 walkAways = 0;
    qint64 ratings = 0;
    std::optional<double> averageOrderCents;
    std::optional<double> averageWaitMinutes;
    std::optional<double> quoteErrorMinutes; // mean absolute error of the quotes
    std::optional<double> withinRangeShare; // actual waits inside the quoted range
    std::optional<double> noShowRate;
    std::optional<double> walkAwayRate;
    std::optional<double> averageRating;
};

struct Kpis
{
    Figures current;
    Figures previous;
};

// One point of a time chart: `days` days from `start`.
struct SalesPoint
{
    QDate start;
    qint64 netCents = 0;
    qint64 orders = 0;
    qint64 covers = 0;
};

struct SalesSeries
{
    int bucketDays = 1;
    QList<SalesPoint> current; // one per bucket of the period, zeros included
    QList<SalesPoint> previous; // the same buckets of the period before
};

// Totals of one hour of one weekday over the period.
struct HourOfWeekCell
{
    int isoWeekday = 1; // Monday 1 … Sunday 7
    int hour = 0; // local, 0–23
    qint64 netCents = 0;
    qint64 orders = 0;
    int weeks = 0; // how many of this weekday the period holds, for averages
};

struct Dish
{
    qint64 menuItemId = 0;
    QString name;
    QString category;
    bool available = true;
    qint64 quantity = 0;
    qint64 netCents = 0;
    double share = 0; // of the period's food revenue
    qint64 previousQuantity = 0;
    qint64 previousNetCents = 0;
};

struct DishRanking
{
    qint64 totalNetCents = 0;
    QList<Dish> top; // best first
    QList<Dish> bottom; // worst first, dishes that sold nothing included
};

// Quoted against actual waits of one band of party sizes.
struct WaitBand
{
    int minSize = 1;
    int maxSize = 2; // 0: and larger
    qint64 parties = 0;
    qint64 seated = 0;
    qint64 quoted = 0; // seated parties that had a quote
    std::optional<double> averageQuoted;
    std::optional<double> averageActual;
    std::optional<double> meanAbsoluteError;
    std::optional<double> withinRangeShare;
    qint64 noShows = 0;
    qint64 walkAways = 0;
};

struct ChannelShare
{
    QString channel; // dine_in, takeout, delivery, phone
    qint64 orders = 0;
    qint64 netCents = 0;
};

struct RatingPoint
{
    QDate start;
    qint64 ratings = 0;
    std::optional<double> average;
    std::array<qint64, 5> stars{}; // 1 … 5
};

struct Comment
{
    QDate day;
    int rating = 0;
    QString channel; // visit, or the order's channel
    QString text;
};

} // namespace AnalyticsReport
