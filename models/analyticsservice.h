#pragma once

#include "analyticsreport.h"
#include "result.h"

#include <QFuture>
#include <QObject>
#include <QSqlDatabase>

class Store;

// Reads the analytics schema for the dashboard and the co-pilot, one query
// per chart, on a store that may connect as the read-only maitre_analytics
// role (it reads nothing but the analytics views). Each load* function runs
// the query on a connection the caller has, so a benchmark or a tool can time
// or reuse it; the member functions run them on the store's workers.
class AnalyticsService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnalyticsService)

public:
    static constexpr int DEFAULT_DISHES = 8;

    explicit AnalyticsService(Store& store, QObject* parent = nullptr);

    QFuture<Result<AnalyticsReport::Kpis>> kpis(qint64 restaurantId, const AnalyticsPeriod& period);
    QFuture<Result<AnalyticsReport::SalesSeries>> sales(qint64 restaurantId, const AnalyticsPeriod& period);
    QFuture<Result<QList<AnalyticsReport::HourOfWeekCell>>> hourOfWeek(qint64 restaurantId,
                                                                       const AnalyticsPeriod& period);
    QFuture<Result<AnalyticsReport::DishRanking>>
    dishes(qint64 restaurantId, const AnalyticsPeriod& period, int count = DEFAULT_DISHES);
    QFuture<Result<QList<AnalyticsReport::WaitBand>>> waits(qint64 restaurantId, const AnalyticsPeriod& period);
    QFuture<Result<QList<AnalyticsReport::ChannelShare>>> channels(qint64 restaurantId, const AnalyticsPeriod& period);
    QFuture<Result<QList<AnalyticsReport::RatingPoint>>> ratings(qint64 restaurantId, const AnalyticsPeriod& period);
    QFuture<Result<QList<AnalyticsReport::Comment>>>
    comments(qint64 restaurantId, const AnalyticsPeriod& period, int limit = 20);

    static Result<AnalyticsReport::Kpis> loadKpis(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period);
    static Result<AnalyticsReport::SalesSeries>
    loadSales(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period);
    static Result<QList<AnalyticsReport::HourOfWeekCell>>
    loadHourOfWeek(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period);
    static Result<AnalyticsReport::DishRanking>
    loadDishes(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period, int count);
    static Result<QList<AnalyticsReport::WaitBand>>
    loadWaits(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period);
    static Result<QList<AnalyticsReport::ChannelShare>>
    loadChannels(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period);
    static Result<QList<AnalyticsReport::RatingPoint>>
    loadRatings(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period);
    static Result<QList<AnalyticsReport::Comment>>
    loadComments(QSqlDatabase& db, qint64 restaurantId, const AnalyticsPeriod& period, int limit);

    // Recomputes the rollups behind the views (REFRESH … CONCURRENTLY:
    // readers go on reading the old rows meanwhile). Needs the owner of the
    // schema, i.e. Maitre's own connection, not the analytics role.
    static VoidResult refreshRollups(QSqlDatabase& db);

private:
    template <typename T, typename Load>
    QFuture<Result<T>> read(Load load);

    Store& m_store;
};
