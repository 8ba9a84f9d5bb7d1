#include "analyticsservice.h"

#include "store/sql.h"
#include "store/store.h"

#include <algorithm>

using namespace AnalyticsReport;

namespace
{

QString day(const QDate& date)
{
    return date.toString(Qt::ISODate);
}

std::optional<double> ratio(double numerator, double denominator)
{
    return denominator > 0 ? std::optional<double>(numerator / denominator) : std::nullopt;
}

// Fills the buckets of `period` with zeros, then adds what the query found.
QList<SalesPoint> emptyBuckets(const AnalyticsPeriod& period)
{
    QList<SalesPoint> points;
    for (int i = 0; i < period.bucketCount(); ++i) {
        points.append({period.from.addDays(qint64(i) * period.bucketDays()), 0, 0, 0});
    }
    return points;
}

} // namespace

AnalyticsService::AnalyticsService(Store& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{ }

template <typename T, typename Load>
QFuture<Result<T>> AnalyticsService::read(Load load)
{
    return m_store.run<T>(std::move(load));
}

QFuture<Result<Kpis>> AnalyticsService::kpis(qint64 restaurantId, const AnalyticsPeriod& period)
{
    return read<Kpis>([=](QSqlDatabase& db) { return loadKpis(db, restaurantId, period); });
}

QFuture<Result<SalesSeries>> AnalyticsService::sales(qint64 restaurantId, const AnalyticsPeriod& period)
{
    return read<SalesSeries>([=](QSqlDatabase& db) { return loadSales(db, restaurantId, period); });
}

QFuture<Result<QList<HourOfWeekCell>>> AnalyticsService::hourOfWeek(qint64 restaurantId, const AnalyticsPeriod& period)
{
    return read<QList<HourOfWeekCell>>([=](QSqlDatabase& db) { return loadHourOfWeek(db, restaurantId, period); });
}

QFuture<Result<DishRanking>> AnalyticsService::dishes(qint64 restaurantId, const AnalyticsPeriod& period, int count)
{
    return read<DishRanking>([=](QSqlDatabase& db) { return loadDishes(db, restaurantId, period, count); });
}

QFuture<Result<QList<WaitBand>>> AnalyticsService::waits(qint64 restaurantId, const AnalyticsPeriod& period)
{
    return read<QList<WaitBand>>([=](QSqlDatabase& db) { return loadWaits(db, restaurantId, period); });
}

QFuture<Result<QList<ChannelShare>>> AnalyticsService::channels(qint64 restaurantId, const AnalyticsPeriod& period)
{
    return read<QList<ChannelShare>>([=](QSqlDatabase& db) { return loadChannels(db, restaurantId, period); });
}

QFuture<Result<QList<RatingPoint>>> AnalyticsService::ratings(qint64 restaurantId, const AnalyticsPeriod& period)
{
    return read<QList<RatingPoint>>([=](QSqlDatabase& db) { return loadRatings(db, restaurantId, period); });
}

QFuture<Result<QList<Comment>>>
AnalyticsService::comments(qint64 restaurantId, const AnalyticsPeriod& period, int limit)
{
    return read<QList<Comment>>([=](QSqlDatabase& db) { return loadComments(db, restaurantId, period, limit); });
}

Result<Kpis> AnalyticsService::loadKpis(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period)
{
    const AnalyticsPeriod before = period.previous();
    // Both periods in one pass over each view: FILTER splits them.
    auto query = Sql::exec(
        db,
        QStringLiteral(
            "WITH s AS (SELECT hour >= ?::timestamp AS current, sum(net_cents) AS net, sum(orders) AS orders,"
            " sum(covers) AS covers FROM analytics.sales_hourly"
            " WHERE restaurant_id = ? AND hour >= ?::timestamp AND hour < ?::timestamp GROUP BY 1),"
            " q AS (SELECT hour >= ?::timestamp AS current, sum(parties) AS parties, sum(seated) AS seated,"
            " sum(no_shows) AS no_shows, sum(walk_aways) AS walk_aways, sum(waited_minutes) AS waited,"
            " sum(quoted_and_seated) AS quoted, sum(quote_error_minutes) AS error, sum(within_range) AS within"
            " FROM analytics.queue_hourly"
            " WHERE restaurant_id = ? AND hour >= ?::timestamp AND hour < ?::timestamp GROUP BY 1),"
            " f AS (SELECT day >= ?::date AS current, sum(ratings) AS ratings, sum(rating_sum) AS rating_sum"
            " FROM analytics.feedback_daily WHERE restaurant_id = ? AND day >= ?::date AND day <= ?::date GROUP BY 1)"
            " SELECT c.current, s.net, s.orders, s.covers, q.parties, q.seated, q.no_shows, q.walk_aways, q.waited,"
            " q.quoted, q.error, q.within, f.ratings, f.rating_sum"
            " FROM (VALUES (true), (false)) AS c(current)"
            " LEFT JOIN s ON s.current = c.current LEFT JOIN q ON q.current = c.current"
            " LEFT JOIN f ON f.current = c.current"),
        {day(period.from),
         restaurantId,
         day(before.from),
         day(period.to.addDays(1)),
         day(period.from),
         restaurantId,
         day(before.from),
         day(period.to.addDays(1)),
         day(period.from),
         restaurantId,
         day(before.from),
         day(period.to)});
    if (!query) {
        return unexpected(query.error());
    }
    Kpis kpis;
    while (query->next()) {
        Figures& f = query->value(0).toBool() ? kpis.current : kpis.previous;
        f.netCents = query->value(1).toLongLong();
        f.orders = query->value(2).toLongLong();
        f.covers = query->value(3).toLongLong();
        f.parties = query->value(4).toLongLong();
        f.seated = query->value(5).toLongLong();
        f.noShows = query->value(6).toLongLong();
        f.walkAways = query->value(7).toLongLong();
        const double waited = query->value(8).toDouble();
        const double quoted = query->value(9).toDouble();
        f.ratings = query->value(12).toLongLong();
        f.averageOrderCents = ratio(double(f.netCents), double(f.orders));
        f.averageWaitMinutes = ratio(waited, double(f.seated));
        f.quoteErrorMinutes = ratio(query->value(10).toDouble(), quoted);
        f.withinRangeShare = ratio(query->value(11).toDouble(), quoted);
        f.noShowRate = ratio(double(f.noShows), double(f.parties));
        f.walkAwayRate = ratio(double(f.walkAways), double(f.parties));
        f.averageRating = ratio(query->value(13).toDouble(), double(f.ratings));
    }
    return kpis;
}

Result<SalesSeries> AnalyticsService::loadSales(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period)
{
    const AnalyticsPeriod before = period.previous();
    // The bucket is the number of whole buckets from the start of its own
    // period, so the period before lines up point by point.
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT current, bucket, sum(net_cents), sum(orders), sum(covers) FROM"
                                          " (SELECT hour >= ?::timestamp AS current,"
                                          " (day - CASE WHEN hour >= ?::timestamp THEN ?::date ELSE ?::date END) / ?"
                                          " AS bucket, net_cents, orders, covers FROM analytics.sales_hourly"
                                          " WHERE restaurant_id = ? AND hour >= ?::timestamp AND hour < ?::timestamp) s"
                                          " GROUP BY 1, 2"),
                           {day(period.from),
                            day(period.from),
                            day(period.from),
                            day(before.from),
                            period.bucketDays(),
                            restaurantId,
                            day(before.from),
                            day(period.to.addDays(1))});
    if (!query) {
        return unexpected(query.error());
    }
    SalesSeries series;
    series.bucketDays = period.bucketDays();
    series.current = emptyBuckets(period);
    series.previous = emptyBuckets(before);
    while (query->next()) {
        QList<SalesPoint>& points = query->value(0).toBool() ? series.current : series.previous;
        const qsizetype bucket = query->value(1).toLongLong();
        if (bucket < 0 || bucket >= points.size()) {
            continue;
        }
        points[bucket].netCents = query->value(2).toLongLong();
        points[bucket].orders = query->value(3).toLongLong();
        points[bucket].covers = query->value(4).toLongLong();
    }
    return series;
}

Result<QList<HourOfWeekCell>>
AnalyticsService::loadHourOfWeek(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period)
{
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT iso_weekday, hour_of_day, sum(net_cents), sum(orders)"
                                          " FROM analytics.sales_hourly"
                                          " WHERE restaurant_id = ? AND hour >= ?::timestamp AND hour < ?::timestamp"
                                          " GROUP BY 1, 2"),
                           {restaurantId, day(period.from), day(period.to.addDays(1))});
    if (!query) {
        return unexpected(query.error());
    }
    // How many Mondays, Tuesdays, … the period holds.
    std::array<int, 8> weeks{};
    for (QDate d = period.from; d <= period.to; d = d.addDays(1)) {
        ++weeks[size_t(d.dayOfWeek())];
    }
    QList<HourOfWeekCell> cells;
    cells.reserve(7 * 24);
    for (int weekday = 1; weekday <= 7; ++weekday) {
        for (int hour = 0; hour < 24; ++hour) {
            cells.append({weekday, hour, 0, 0, weeks[size_t(weekday)]});
        }
    }
    while (query->next()) {
        const int weekday = query->value(0).toInt();
        const int hour = query->value(1).toInt();
        if (weekday < 1 || weekday > 7 || hour < 0 || hour > 23) {
            continue;
        }
        HourOfWeekCell& cell = cells[(weekday - 1) * 24 + hour];
        cell.netCents = query->value(2).toLongLong();
        cell.orders = query->value(3).toLongLong();
    }
    return cells;
}

Result<DishRanking>
AnalyticsService::loadDishes(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period, int count)
{
    const AnalyticsPeriod before = period.previous();
    auto query = Sql::exec(
        db,
        QStringLiteral("SELECT d.menu_item_id, d.name, d.category, d.available,"
                       " coalesce(s.quantity, 0), coalesce(s.net, 0), coalesce(s.previous_quantity, 0),"
                       " coalesce(s.previous_net, 0)"
                       " FROM analytics.dishes d LEFT JOIN"
                       " (SELECT menu_item_id, sum(quantity) FILTER (WHERE day >= ?::date) AS quantity,"
                       " sum(net_cents) FILTER (WHERE day >= ?::date) AS net,"
                       " sum(quantity) FILTER (WHERE day < ?::date) AS previous_quantity,"
                       " sum(net_cents) FILTER (WHERE day < ?::date) AS previous_net"
                       " FROM analytics.menu_daily"
                       " WHERE restaurant_id = ? AND day >= ?::date AND day <= ?::date GROUP BY menu_item_id) s"
                       " ON s.menu_item_id = d.menu_item_id"
                       " WHERE d.restaurant_id = ? ORDER BY 6 DESC, 5 DESC, d.name"),
        {day(period.from),
         day(period.from),
         day(period.from),
         day(period.from),
         restaurantId,
         day(before.from),
         day(period.to),
         restaurantId});
    if (!query) {
        return unexpected(query.error());
    }
    QList<Dish> all;
    DishRanking ranking;
    while (query->next()) {
        Dish dish;
        dish.menuItemId = query->value(0).toLongLong();
        dish.name = query->value(1).toString();
        dish.category = query->value(2).toString();
        dish.available = query->value(3).toBool();
        dish.quantity = query->value(4).toLongLong();
        dish.netCents = query->value(5).toLongLong();
        dish.previousQuantity = query->value(6).toLongLong();
        dish.previousNetCents = query->value(7).toLongLong();
        ranking.totalNetCents += dish.netCents;
        // A dish off the menu that sold nothing is not worth a line.
        if (dish.available || dish.quantity > 0) {
            all.append(dish);
        }
    }
    for (Dish& dish : all) {
        dish.share = ranking.totalNetCents > 0 ? double(dish.netCents) / double(ranking.totalNetCents) : 0.0;
    }
    const qsizetype n = std::min<qsizetype>(count, all.size());
    ranking.top = all.mid(0, n);
    // The worst are those the top list does not already show.
    const qsizetype worst = std::min<qsizetype>(count, all.size() - n);
    for (qsizetype i = 0; i < worst; ++i) {
        ranking.bottom.append(all.at(all.size() - 1 - i));
    }
    return ranking;
}

Result<QList<WaitBand>>
AnalyticsService::loadWaits(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period)
{
    auto query = Sql::exec(
        db,
        QStringLiteral("SELECT CASE WHEN party_size <= 2 THEN 0 WHEN party_size <= 4 THEN 1"
                       " WHEN party_size <= 6 THEN 2 ELSE 3 END AS band,"
                       " sum(parties), sum(seated), sum(quoted_and_seated), sum(quoted_minutes),"
                       " sum(quoted_parties_waited_minutes), sum(quote_error_minutes), sum(within_range),"
                       " sum(no_shows), sum(walk_aways), sum(waited_minutes)"
                       " FROM analytics.queue_hourly"
                       " WHERE restaurant_id = ? AND hour >= ?::timestamp AND hour < ?::timestamp GROUP BY 1"),
        {restaurantId, day(period.from), day(period.to.addDays(1))});
    if (!query) {
        return unexpected(query.error());
    }
    QList<WaitBand> bands;
    for (const auto& [low, high] : {std::pair{1, 2}, std::pair{3, 4}, std::pair{5, 6}, std::pair{7, 0}}) {
        WaitBand band;
        band.minSize = low;
        band.maxSize = high;
        bands.append(band);
    }
    while (query->next()) {
        const int index = query->value(0).toInt();
        if (index < 0 || index >= bands.size()) {
            continue;
        }
        WaitBand& band = bands[index];
        band.parties = query->value(1).toLongLong();
        band.seated = query->value(2).toLongLong();
        band.quoted = query->value(3).toLongLong();
        band.averageQuoted = ratio(query->value(4).toDouble(), double(band.quoted));
        band.averageActual = ratio(query->value(10).toDouble(), double(band.seated));
        band.meanAbsoluteError = ratio(query->value(6).toDouble(), double(band.quoted));
        band.withinRangeShare = ratio(query->value(7).toDouble(), double(band.quoted));
        band.noShows = query->value(8).toLongLong();
        band.walkAways = query->value(9).toLongLong();
    }
    return bands;
}

Result<QList<ChannelShare>>
AnalyticsService::loadChannels(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period)
{
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT channel, sum(orders), sum(net_cents) FROM analytics.sales_hourly"
                                          " WHERE restaurant_id = ? AND hour >= ?::timestamp AND hour < ?::timestamp"
                                          " GROUP BY 1 HAVING sum(orders) > 0 ORDER BY 3 DESC, 1"),
                           {restaurantId, day(period.from), day(period.to.addDays(1))});
    if (!query) {
        return unexpected(query.error());
    }
    QList<ChannelShare> channels;
    while (query->next()) {
        channels.append({query->value(0).toString(), query->value(1).toLongLong(), query->value(2).toLongLong()});
    }
    return channels;
}

Result<QList<RatingPoint>>
AnalyticsService::loadRatings(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period)
{
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT (day - ?::date) / ? AS bucket, sum(ratings), sum(rating_sum),"
                                          " sum(stars_1), sum(stars_2), sum(stars_3), sum(stars_4), sum(stars_5)"
                                          " FROM analytics.feedback_daily"
                                          " WHERE restaurant_id = ? AND day >= ?::date AND day <= ?::date GROUP BY 1"),
                           {day(period.from), period.bucketDays(), restaurantId, day(period.from), day(period.to)});
    if (!query) {
        return unexpected(query.error());
    }
    QList<RatingPoint> points;
    for (int i = 0; i < period.bucketCount(); ++i) {
        points.append({period.from.addDays(qint64(i) * period.bucketDays()), 0, std::nullopt, {}});
    }
    while (query->next()) {
        const qsizetype bucket = query->value(0).toLongLong();
        if (bucket < 0 || bucket >= points.size()) {
            continue;
        }
        RatingPoint& point = points[bucket];
        point.ratings = query->value(1).toLongLong();
        point.average = ratio(query->value(2).toDouble(), double(point.ratings));
        for (int star = 0; star < 5; ++star) {
            point.stars[size_t(star)] = query->value(3 + star).toLongLong();
        }
    }
    return points;
}

Result<QList<Comment>>
AnalyticsService::loadComments(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period, int limit)
{
    auto query =
        Sql::exec(db,
                  // `at` bounds the scan (no local day is more than a day from UTC's).
                  QStringLiteral("SELECT day, rating, channel, comment FROM analytics.feedback_entries"
                                 " WHERE restaurant_id = ? AND at >= (?::date - 1)::timestamp AT TIME ZONE 'UTC'"
                                 " AND at < (?::date + 2)::timestamp AT TIME ZONE 'UTC'"
                                 " AND day >= ?::date AND day <= ?::date AND comment <> ''"
                                 " ORDER BY at DESC LIMIT ?"),
                  {restaurantId, day(period.from), day(period.to), day(period.from), day(period.to), limit});
    if (!query) {
        return unexpected(query.error());
    }
    QList<Comment> comments;
    while (query->next()) {
        comments.append({query->value(0).toDate(),
                         query->value(1).toInt(),
                         query->value(2).toString(),
                         query->value(3).toString()});
    }
    return comments;
}

VoidResult AnalyticsService::refreshRollups(QSqlDatabase& db)
{
    for (const char* rollup :
         {"sales_hourly_rollup", "menu_daily_rollup", "queue_hourly_rollup", "feedback_daily_rollup"}) {
        // Then fresh statistics: the views' plans depend on how big the rollups are.
        const QString name = QStringLiteral("analytics.") + QLatin1String(rollup);
        if (auto refreshed =
                Sql::execScript(db, QStringLiteral("REFRESH MATERIALIZED VIEW CONCURRENTLY %1; ANALYZE %1").arg(name));
            !refreshed) {
            return unexpected(refreshed.error());
        }
    }
    return {};
}
