#pragma once

#include "analyticsperiod.h"
#include "analyticsreport.h"
#include "domainevent.h"
#include "result.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QHash>
#include <QTimeZone>
#include <QTimer>
#include <QWidget>

class AnalyticsService;
class ChartCard;
class HourOfWeekHeatmap;
class KpiTile;
class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QChart;
class QChartView;
class QComboBox;
class QDateEdit;
class QDateTimeAxis;
class QHorizontalBarSeries;
class QLabel;
class QLineSeries;
class QListWidget;
class QPieSeries;
class QValueAxis;

// The manager's dashboard: a period with the one before it for comparison,
// headline figures, and charts of sales by day and by hour of the week, the
// best and slowest dishes, quoted against actual waits, the channel mix,
// ratings and the latest comments. Every query runs off the GUI thread; the
// charts follow new orders, parties and feedback while the period includes
// today; each chart saves as PNG and its numbers as CSV.
class AnalyticsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnalyticsView)

public:
    enum class Preset
    {
        Today,
        Yesterday,
        Last7Days,
        Last30Days,
        ThisMonth,
        LastMonth,
        ThisYear,
        Last12Months,
        Custom
    };
    Q_ENUM(Preset)

    AnalyticsView(AnalyticsService& analytics, qint64 restaurantId, const QTimeZone& zone, QWidget* parent = nullptr);

    void setCurrencySymbol(const QString& symbol);
    // The restaurant's today: what the presets count from.
    QDate today() const;
    static AnalyticsPeriod periodFor(Preset preset, const QDate& today);
    AnalyticsPeriod period() const { return m_period; }
    // Shows `period` (as a custom range) and loads it.
    void setPeriod(const AnalyticsPeriod& period);
    void setPreset(Preset preset);

    KpiTile* tile(const QString& key) const { return m_tiles.value(key); }
    ChartCard* card(const QString& key) const { return m_cards.value(key); }
    bool isLoading() const { return m_pending > 0; }
    // How long the last full refresh took, from the first query sent to the last chart drawn.
    qint64 lastRefreshMs() const { return m_lastRefreshMs; }

public Q_SLOTS:
    void reload();
    void handleEvent(const DomainEvent& event);

Q_SIGNALS:
    // Every chart of a refresh is in (drawn, or showing why not).
    void loaded();

private:
    void buildHeader();
    void buildTiles();
    void buildCharts();
    QChartView* chartView(QChart* chart);
    void presetChosen();
    void customRangeChanged();
    void updateComparisonLabel();
    void showMessage(const QString& text, bool error);
    QString money(qint64 cents, int decimals = 0) const;

    template <typename T>
    void load(QFuture<Result<T>> future, void (AnalyticsView::*show)(const T&), const QStringList& cards);
    void finishOne();

    void showKpis(const AnalyticsReport::Kpis& kpis);
    void showSales(const AnalyticsReport::SalesSeries& series);
    void showHourOfWeek(const QList<AnalyticsReport::HourOfWeekCell>& cells);
    void showDishes(const AnalyticsReport::DishRanking& ranking);
    void showWaits(const QList<AnalyticsReport::WaitBand>& bands);
    void showChannels(const QList<AnalyticsReport::ChannelShare>& channels);
    void showRatings(const QList<AnalyticsReport::RatingPoint>& points);
    void showComments(const QList<AnalyticsReport::Comment>& comments);

    AnalyticsService& m_analytics;
    qint64 m_restaurantId;
    QTimeZone m_zone;
    QString m_currency;
    AnalyticsPeriod m_period;
    QComboBox* m_preset = nullptr;
    QDateEdit* m_from = nullptr;
    QDateEdit* m_to = nullptr;
    QLabel* m_comparison = nullptr;
    QLabel* m_status = nullptr;
    QHash<QString, KpiTile*> m_tiles;
    QHash<QString, ChartCard*> m_cards;

    QChart* m_salesChart = nullptr;
    QLineSeries* m_salesNow = nullptr;
    QLineSeries* m_salesBefore = nullptr;
    QDateTimeAxis* m_salesX = nullptr;
    QValueAxis* m_salesY = nullptr;
    HourOfWeekHeatmap* m_heatmap = nullptr;
    QHorizontalBarSeries* m_topSeries = nullptr;
    QBarCategoryAxis* m_topAxis = nullptr;
    QValueAxis* m_topValues = nullptr;
    QHorizontalBarSeries* m_bottomSeries = nullptr;
    QBarCategoryAxis* m_bottomAxis = nullptr;
    QValueAxis* m_bottomValues = nullptr;
    QBarSeries* m_waitSeries = nullptr;
    QValueAxis* m_waitY = nullptr;
    QPieSeries* m_channelSeries = nullptr;
    QLineSeries* m_ratingLine = nullptr;
    QDateTimeAxis* m_ratingX = nullptr;
    QListWidget* m_comments = nullptr;

    int m_generation = 0; // answers of an older refresh are dropped
    int m_pending = 0;
    QElapsedTimer m_refreshClock;
    qint64 m_lastRefreshMs = 0;
    bool m_reloadQueued = false;
    QTimer m_liveTimer; // bursts of events come in as one refresh
};
