// The analytics dashboard over a big history: a cluster of its own filled by
// HistoryGenerator (1 million orders over a year by default), then each of
// the dashboard's queries timed on its own, as the read-only maitre_analytics
// role runs them, for a month and for a year; then the real AnalyticsView
// refreshed again and again while a 5 ms timer measures how long its GUI
// thread ever waits. See bench/README.md.

#include "analyticsrole.h"
#include "analyticsservice.h"
#include "analyticsview.h"
#include "benchcluster.h"
#include "benchloop.h"
#include "historygenerator.h"
#include "latencystats.h"
#include "stallmeter.h"
#include "store/sql.h"
#include "store/store.h"
#include "timedapplication.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTimeZone>
#include <algorithm>
#include <cstdio>
#include <functional>

namespace
{

using BenchLoop::say;
using BenchLoop::waitFor;

constexpr double GOAL_CHART_MS = 150.0;
constexpr double GOAL_DASHBOARD_MS = 1000.0;
constexpr double GOAL_STALL_MS = 50.0;

struct Query
{
    QString name;
    std::function<bool(QSqlDatabase&)> run; // false when the query failed
};

template <typename T>
bool ok(const Result<T>& result)
{
    if (!result) {
        say(QStringLiteral("  query failed: %1").arg(result.error().message));
    }
    return bool(result);
}

QList<Query> dashboardQueries(qint64 id, const AnalyticsPeriod& p)
{
    using A = AnalyticsService;
    return {
        {QStringLiteral("headline figures"), [=](QSqlDatabase& db) { return ok(A::loadKpis(db, id, p)); }},
        {QStringLiteral("sales by day"), [=](QSqlDatabase& db) { return ok(A::loadSales(db, id, p)); }},
        {QStringLiteral("sales by hour of week"), [=](QSqlDatabase& db) { return ok(A::loadHourOfWeek(db, id, p)); }},
        {QStringLiteral("best and slowest dishes"), [=](QSqlDatabase& db) { return ok(A::loadDishes(db, id, p, 8)); }},
        {QStringLiteral("quoted vs actual wait"), [=](QSqlDatabase& db) { return ok(A::loadWaits(db, id, p)); }},
        {QStringLiteral("channel mix"), [=](QSqlDatabase& db) { return ok(A::loadChannels(db, id, p)); }},
        {QStringLiteral("ratings trend"), [=](QSqlDatabase& db) { return ok(A::loadRatings(db, id, p)); }},
        {QStringLiteral("latest comments"), [=](QSqlDatabase& db) { return ok(A::loadComments(db, id, p, 12)); }},
    };
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    TimedApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The analytics dashboard's queries over a big generated history."));
    parser.addHelpOption();
    const QCommandLineOption ordersOption(
        QStringLiteral("orders"), QStringLiteral("orders to generate"), QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption daysOption(
        QStringLiteral("days"), QStringLiteral("days of history"), QStringLiteral("D"), QStringLiteral("365"));
    const QCommandLineOption runsOption(
        QStringLiteral("runs"), QStringLiteral("times each query runs"), QStringLiteral("R"), QStringLiteral("7"));
    parser.addOptions({ordersOption, daysOption, runsOption});
    parser.process(app);
    const qint64 orders = parser.value(ordersOption).toLongLong();
    const int days = parser.value(daysOption).toInt();
    const int runs = std::max(1, parser.value(runsOption).toInt());

    // Query times do not depend on fsync: a non-durable cluster fills faster.
    say(QStringLiteral("[analytics] starting a PostgreSQL cluster"));
    BenchCluster cluster(false);
    if (const QString error = cluster.start(); !error.isEmpty()) {
        say(QStringLiteral("[analytics] cannot start: %1").arg(error));
        return 1;
    }
    const qint64 restaurant = cluster.restaurantId();

    say(QStringLiteral("[analytics] generating %1 orders over %2 days (COPY)").arg(orders).arg(days));
    Store owner(cluster.settings(), 1);
    QElapsedTimer clock;
    clock.start();
    const auto generated =
        owner
            .transact<HistoryGenerator::Summary>([=](QSqlDatabase& db) {
                HistoryGenerator::Options options;
                options.orders = orders;
                options.days = days;
                return HistoryGenerator::generate(db, restaurant, options, [](const HistoryGenerator::Progress& p) {
                    if (int(p.fraction * 100) % 25 == 0 || p.fraction >= 1.0) {
                        say(QStringLiteral("  %1 %, %2 orders").arg(int(p.fraction * 100)).arg(p.orders));
                    }
                });
            })
            .result();
    if (!generated) {
        say(QStringLiteral("[analytics] generating failed: %1").arg(generated.error().message));
        return 1;
    }
    const double generateSeconds = clock.elapsed() / 1000.0;
    say(QStringLiteral("[analytics] generated %1 orders, %2 order lines, %3 parties, %4 ratings, %5 events"
                       " (%6 rows) in %7 s: %8 orders/s, %9 rows/s")
            .arg(generated->orders)
            .arg(generated->orderLines)
            .arg(generated->parties)
            .arg(generated->feedback)
            .arg(generated->events)
            .arg(generated->rows)
            .arg(generateSeconds, 0, 'f', 1)
            .arg(generated->orders / generateSeconds, 0, 'f', 0)
            .arg(generated->rows / generateSeconds, 0, 'f', 0));

    clock.restart();
    const auto refreshed = owner
                               .run<bool>([](QSqlDatabase& db) -> Result<bool> {
                                   if (auto r = AnalyticsService::refreshRollups(db); !r) {
                                       return unexpected(r.error());
                                   }
                                   return true;
                               })
                               .result();
    say(QStringLiteral("[analytics] REFRESH … CONCURRENTLY of the four rollups: %1 ms%2 (every 30 min, readers go on)")
            .arg(clock.elapsed())
            .arg(refreshed ? QString() : QStringLiteral(" FAILED: ") + refreshed.error().message));
    owner.shutdown();

    // The dashboard reads as maitre_analytics (trusted on the private socket).
    const ConnectionSettings role = AnalyticsRole::connection(cluster.settings(), QString());
    const QTimeZone zone("Europe/Madrid");
    const QDate yesterday = QDateTime::currentDateTime(zone).date().addDays(-1);
    const QList<std::pair<QString, AnalyticsPeriod>> periods{
        {QStringLiteral("last 30 days"), {yesterday.addDays(-29), yesterday}},
        {QStringLiteral("last 12 months"), {yesterday.addDays(-364), yesterday}}};

    bool allCharts = true;
    double worstChart = 0;
    {
        QSqlDatabase db = role.addDatabase(QStringLiteral("bench-analytics"));
        if (!db.open()) {
            say(QStringLiteral("[analytics] cannot connect as maitre_analytics"));
            return 1;
        }
        for (const auto& [label, period] : periods) {
            say(QStringLiteral("[analytics] each chart's query, %1 (%2 to %3), %4 runs, ms:")
                    .arg(label, period.from.toString(Qt::ISODate), period.to.toString(Qt::ISODate))
                    .arg(runs));
            say(QStringLiteral("  %1 %2 %3 %4")
                    .arg(QStringLiteral("query"), -26)
                    .arg(QStringLiteral("median"), 8)
                    .arg(QStringLiteral("max"), 8)
                    .arg(QStringLiteral("goal"), 10));
            double sum = 0;
            for (const Query& query : dashboardQueries(restaurant, period)) {
                LatencyStats times;
                query.run(db); // the first run warms the caches; not counted
                for (int i = 0; i < runs; ++i) {
                    QElapsedTimer t;
                    t.start();
                    if (!query.run(db)) {
                        allCharts = false;
                    }
                    times.add(t.nsecsElapsed() / 1000);
                }
                const double median = times.percentileMs(50);
                const double max = times.maxMs();
                worstChart = std::max(worstChart, max);
                sum += median;
                allCharts = allCharts && max < GOAL_CHART_MS;
                say(QStringLiteral("  %1 %2 %3 %4")
                        .arg(query.name, -26)
                        .arg(median, 8, 'f', 1)
                        .arg(max, 8, 'f', 1)
                        .arg(max < GOAL_CHART_MS ? QStringLiteral("< 150 met") : QStringLiteral("< 150 NOT MET"), 10));
            }
            say(QStringLiteral("  %1 %2   (one after another)")
                    .arg(QStringLiteral("all eight"), -26)
                    .arg(sum, 8, 'f', 1));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-analytics"));

    // The real view: queries on the store's two workers, charts drawn on the GUI thread.
    Store reads(role, 2);
    AnalyticsService analytics(reads);
    AnalyticsView view(analytics, restaurant, zone);
    view.setCurrencySymbol(QStringLiteral("€"));
    view.resize(1280, 1760);
    view.show();
    waitFor([&view] { return !view.isLoading(); }, 60'000);
    StallMeter stalls;
    LatencyStats refreshes;
    stalls.start();
    app.resetSlowest();
    for (const auto& [label, period] : periods) {
        for (int i = 0; i < runs; ++i) {
            QSignalSpy loaded(&view, &AnalyticsView::loaded);
            view.setPeriod(period);
            view.reload(); // a second refresh of the same period, as a live update does
            waitFor([&loaded, &view] { return loaded.count() >= 1 && !view.isLoading(); }, 60'000);
            refreshes.add(view.lastRefreshMs() * 1000);
        }
    }
    stalls.stop();
    reads.shutdown();
    const double dashboardP50 = refreshes.percentileMs(50);
    const double dashboardMax = refreshes.maxMs();
    const double stall = stalls.lateness().maxMs();
    say(QStringLiteral("[analytics] full dashboard refresh (8 queries, 2 workers, charts drawn), both periods, %1 "
                       "refreshes: p50 %2 ms, max %3 ms")
            .arg(refreshes.count())
            .arg(dashboardP50, 0, 'f', 1)
            .arg(dashboardMax, 0, 'f', 1));
    say(QStringLiteral("[analytics] longest GUI stall meanwhile: %1 ms (p99 %2 ms)")
            .arg(stall, 0, 'f', 1)
            .arg(stalls.lateness().percentileMs(99), 0, 'f', 1));
    for (const auto& slow : app.slowest()) {
        say(QStringLiteral("  slowest GUI event: %1 ms %2").arg(slow.microseconds / 1000.0, 0, 'f', 1).arg(slow.what));
    }

    const auto verdict = [](bool met) { return met ? QStringLiteral("met") : QStringLiteral("NOT MET"); };
    say(QStringLiteral("GOAL|analytics: slowest chart query, %1 orders|%2 ms|< %3 ms|%4")
            .arg(generated->orders)
            .arg(worstChart, 0, 'f', 1)
            .arg(GOAL_CHART_MS)
            .arg(verdict(allCharts)));
    say(QStringLiteral("GOAL|analytics: full dashboard refresh|max %1 ms (p50 %2 ms)|< %3 ms|%4")
            .arg(dashboardMax, 0, 'f', 1)
            .arg(dashboardP50, 0, 'f', 1)
            .arg(GOAL_DASHBOARD_MS)
            .arg(verdict(dashboardMax < GOAL_DASHBOARD_MS)));
    say(QStringLiteral("GOAL|analytics: GUI stall during refreshes|%1 ms|< %2 ms|%3")
            .arg(stall, 0, 'f', 1)
            .arg(GOAL_STALL_MS)
            .arg(verdict(stall < GOAL_STALL_MS)));
    say(QStringLiteral("GOAL|analytics: history generated (COPY)|%1 orders in %2 s|-|-")
            .arg(generated->orders)
            .arg(generateSeconds, 0, 'f', 1));
    return 0;
}
