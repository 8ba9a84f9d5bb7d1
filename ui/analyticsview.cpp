#include "analyticsview.h"

#include "analyticsservice.h"
#include "chartcard.h"
#include "hourofweekheatmap.h"
#include "kpitile.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTimeAxis>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QListWidget>
#include <QLocale>
#include <QPieSeries>
#include <QPieSlice>
#include <QScrollArea>
#include <QStyle>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

using namespace AnalyticsReport;

namespace
{

const QString VIEW_STYLE = QStringLiteral(
    "QWidget#analyticsView { background: #f5f6f8; }"
    "QFrame[card=\"true\"] { background: white; border: 1px solid #dadce0; border-radius: 8px; }"
    "QFrame[card=\"true\"] QLabel { border: none; background: transparent; }"
    "QLabel[muted=\"true\"] { color: #5f6368; }"
    "QLabel[trend=\"good\"] { color: #137333; font-weight: bold; }"
    "QLabel[trend=\"bad\"] { color: #b3261e; font-weight: bold; }"
    "QLabel[trend=\"flat\"] { color: #5f6368; }"
    "QLabel[kind=\"error\"] { color: #8c1d18; }"
    "QPushButton[small=\"true\"] { min-height: 22px; padding: 0 8px; border: 1px solid #c4c7c5; border-radius: 4px;"
    " background: white; color: #3c4043; font-size: 11px; }"
    "QPushButton[small=\"true\"]:disabled { color: #bdc1c6; border-color: #e8eaed; }"
    "QLabel#analyticsStatusLabel[kind=\"error\"] { color: #8c1d18; background: #fdecea; padding: 4px 8px;"
    " border-radius: 4px; }"
    "QListWidget#commentsListWidget { border: none; }"
    "QListWidget#commentsListWidget::item { border-bottom: 1px solid #eceef1; padding: 6px 2px; }");

const QColor BLUE(0x1a, 0x56, 0xdb);
const QColor GREY(0x9a, 0xa0, 0xa6);
const QColor GREEN(0x1b, 0x7f, 0x3b);
const QColor RED(0xc5, 0x39, 0x29);

// Relative change, or nothing when there is no base to compare with.
std::optional<double> change(double now, double before)
{
    if (before == 0) {
        return std::nullopt;
    }
    return (now - before) / std::abs(before);
}

std::optional<double> change(const std::optional<double>& now, const std::optional<double>& before)
{
    if (!now || !before) {
        return std::nullopt;
    }
    return change(*now, *before);
}

qint64 chartTime(const QDate& day)
{
    // Noon: the axis shows the machine's local time, and noon is the same date everywhere near.
    return QDateTime(day, QTime(12, 0)).toMSecsSinceEpoch();
}

QString elided(const QString& text, int length = 26)
{
    return text.size() <= length ? text : text.left(length - 1) + QChar(0x2026);
}

QString channelName(const QString& channel)
{
    if (channel == u"dine_in") {
        return AnalyticsView::tr("Dine-in");
    }
    if (channel == u"takeout") {
        return AnalyticsView::tr("Takeout");
    }
    if (channel == u"delivery") {
        return AnalyticsView::tr("Delivery");
    }
    if (channel == u"phone") {
        return AnalyticsView::tr("Phone");
    }
    if (channel == u"visit") {
        return AnalyticsView::tr("Visit");
    }
    return channel;
}

QColor channelColor(const QString& channel)
{
    if (channel == u"dine_in") {
        return BLUE;
    }
    if (channel == u"takeout") {
        return QColor(0x12, 0x8c, 0x7e);
    }
    if (channel == u"delivery") {
        return QColor(0xe3, 0x74, 0x00);
    }
    return QColor(0x8e, 0x44, 0xad);
}

QString number(double value, int decimals = 0)
{
    return QLocale().toString(value, 'f', decimals);
}

QString optionalNumber(const std::optional<double>& value, int decimals = 1)
{
    return value ? number(*value, decimals) : QString();
}

QString percent(const std::optional<double>& share)
{
    return share ? AnalyticsView::tr("%1 %").arg(number(*share * 100, 1)) : QStringLiteral("–");
}

} // namespace

AnalyticsView::AnalyticsView(AnalyticsService& analytics, qint64 restaurantId, const QTimeZone& zone, QWidget* parent)
    : QWidget(parent)
    , m_analytics(analytics)
    , m_restaurantId(restaurantId)
    , m_zone(zone.isValid() ? zone : QTimeZone::systemTimeZone())
{
    setObjectName(QStringLiteral("analyticsView"));
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(VIEW_STYLE);
    m_liveTimer.setSingleShot(true);
    m_liveTimer.setInterval(2000);
    connect(&m_liveTimer, &QTimer::timeout, this, &AnalyticsView::reload);

    auto* page = new QWidget;
    page->setObjectName(QStringLiteral("analyticsPage"));
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(24, 16, 24, 24);
    pageLayout->setSpacing(12);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("analyticsScrollArea"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(page);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    buildHeader();
    buildTiles();
    buildCharts();
    setPreset(Preset::Last30Days);
}

QDate AnalyticsView::today() const
{
    return QDateTime::currentDateTime(m_zone).date();
}

AnalyticsPeriod AnalyticsView::periodFor(Preset preset, const QDate& today)
{
    switch (preset) {
    case Preset::Today:
        return {today, today};
    case Preset::Yesterday:
        return {today.addDays(-1), today.addDays(-1)};
    case Preset::Last7Days:
        return {today.addDays(-6), today};
    case Preset::Last30Days:
    case Preset::Custom:
        return {today.addDays(-29), today};
    case Preset::ThisMonth:
        return {QDate(today.year(), today.month(), 1), today};
    case Preset::LastMonth: {
        const QDate first = QDate(today.year(), today.month(), 1).addMonths(-1);
        return {first, first.addMonths(1).addDays(-1)};
    }
    case Preset::ThisYear:
        return {QDate(today.year(), 1, 1), today};
    case Preset::Last12Months:
        return {today.addYears(-1).addDays(1), today};
    }
    return {today, today};
}

void AnalyticsView::buildHeader()
{
    auto* page = findChild<QWidget*>(QStringLiteral("analyticsPage"));
    auto* title = new QLabel(tr("Analytics"), page);
    title->setObjectName(QStringLiteral("analyticsTitleLabel"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);

    m_preset = new QComboBox(page);
    m_preset->setObjectName(QStringLiteral("periodComboBox"));
    const QList<std::pair<Preset, QString>> presets{{Preset::Today, tr("Today")},
                                                    {Preset::Yesterday, tr("Yesterday")},
                                                    {Preset::Last7Days, tr("Last 7 days")},
                                                    {Preset::Last30Days, tr("Last 30 days")},
                                                    {Preset::ThisMonth, tr("This month")},
                                                    {Preset::LastMonth, tr("Last month")},
                                                    {Preset::ThisYear, tr("This year")},
                                                    {Preset::Last12Months, tr("Last 12 months")},
                                                    {Preset::Custom, tr("Custom dates")}};
    for (const auto& [preset, name] : presets) {
        m_preset->addItem(name, QVariant::fromValue(preset));
    }
    connect(m_preset, &QComboBox::activated, this, &AnalyticsView::presetChosen);
    m_from = new QDateEdit(page);
    m_from->setObjectName(QStringLiteral("fromDateEdit"));
    m_to = new QDateEdit(page);
    m_to->setObjectName(QStringLiteral("toDateEdit"));
    for (QDateEdit* edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
        connect(edit, &QDateEdit::editingFinished, this, &AnalyticsView::customRangeChanged);
    }
    m_comparison = new QLabel(page);
    m_comparison->setObjectName(QStringLiteral("comparisonLabel"));
    m_comparison->setProperty("muted", true);
    m_status = new QLabel(page);
    m_status->setObjectName(QStringLiteral("analyticsStatusLabel"));
    m_status->setProperty("muted", true);

    auto* row = new QHBoxLayout;
    row->setSpacing(8);
    row->addWidget(title);
    row->addSpacing(16);
    row->addWidget(m_preset);
    row->addWidget(m_from);
    row->addWidget(new QLabel(QStringLiteral("–"), page));
    row->addWidget(m_to);
    row->addSpacing(8);
    row->addWidget(m_comparison, 1);
    row->addWidget(m_status);
    static_cast<QVBoxLayout*>(page->layout())->addLayout(row);
}

void AnalyticsView::buildTiles()
{
    auto* page = findChild<QWidget*>(QStringLiteral("analyticsPage"));
    auto* grid = new QGridLayout;
    grid->setSpacing(12);
    const QList<std::tuple<QString, QString, bool>> tiles{{QStringLiteral("revenue"), tr("Revenue (net)"), false},
                                                          {QStringLiteral("orders"), tr("Orders"), false},
                                                          {QStringLiteral("covers"), tr("Covers"), false},
                                                          {QStringLiteral("averageOrder"), tr("Average order"), false},
                                                          {QStringLiteral("averageWait"), tr("Average wait"), true},
                                                          {QStringLiteral("quoteAccuracy"), tr("Quote error"), true},
                                                          {QStringLiteral("noShows"), tr("No-show rate"), true},
                                                          {QStringLiteral("rating"), tr("Rating"), false}};
    int i = 0;
    for (const auto& [key, label, lowerIsBetter] : tiles) {
        auto* tile = new KpiTile(key, label, lowerIsBetter, page);
        m_tiles.insert(key, tile);
        grid->addWidget(tile, i / 4, i % 4);
        ++i;
    }
    static_cast<QVBoxLayout*>(page->layout())->addLayout(grid);
}

QChartView* AnalyticsView::chartView(QChart* chart)
{
    chart->setBackgroundVisible(false);
    chart->setMargins(QMargins(0, 4, 0, 0));
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(230);
    view->setFrameShape(QFrame::NoFrame);
    view->setStyleSheet(QStringLiteral("background: transparent;"));
    return view;
}

void AnalyticsView::buildCharts()
{
    auto* page = findChild<QWidget*>(QStringLiteral("analyticsPage"));
    const auto addCard = [this, page](const QString& key, const QString& title) {
        auto* card = new ChartCard(key, title, page);
        connect(card, &ChartCard::saved, this, &AnalyticsView::showMessage);
        m_cards.insert(key, card);
        return card;
    };

    // Sales by day (or by week for long periods), against the period before.
    m_salesChart = new QChart;
    m_salesNow = new QLineSeries(m_salesChart);
    m_salesNow->setName(tr("This period"));
    m_salesNow->setPen(QPen(BLUE, 2.5));
    m_salesNow->setPointsVisible(true);
    m_salesBefore = new QLineSeries(m_salesChart);
    m_salesBefore->setName(tr("Period before"));
    m_salesBefore->setPen(QPen(GREY, 1.5, Qt::DashLine));
    m_salesChart->addSeries(m_salesBefore);
    m_salesChart->addSeries(m_salesNow);
    m_salesX = new QDateTimeAxis(m_salesChart);
    m_salesX->setFormat(QStringLiteral("d MMM"));
    m_salesY = new QValueAxis(m_salesChart);
    m_salesY->setLabelFormat(QStringLiteral("%.0f"));
    m_salesChart->addAxis(m_salesX, Qt::AlignBottom);
    m_salesChart->addAxis(m_salesY, Qt::AlignLeft);
    for (QLineSeries* series : {m_salesNow, m_salesBefore}) {
        series->attachAxis(m_salesX);
        series->attachAxis(m_salesY);
        connect(series, &QLineSeries::hovered, this, [this](const QPointF& point, bool state) {
            if (state) {
                QToolTip::showText(
                    QCursor::pos(),
                    tr("%1: %2").arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(qint64(point.x())).date(),
                                                        QLocale::ShortFormat),
                                     money(qint64(point.y() * 100))));
            }
        });
    }
    ChartCard* sales = addCard(QStringLiteral("sales"), tr("Sales"));
    sales->setContent(chartView(m_salesChart));

    ChartCard* hours = addCard(QStringLiteral("hourOfWeek"), tr("Sales by hour of the week"));
    m_heatmap = new HourOfWeekHeatmap;
    hours->setContent(m_heatmap);

    const auto dishChart = [this](QHorizontalBarSeries*& series, QBarCategoryAxis*& axis, QValueAxis*& values) {
        auto* chart = new QChart;
        series = new QHorizontalBarSeries(chart);
        series->setBarWidth(0.7);
        chart->addSeries(series);
        axis = new QBarCategoryAxis(chart);
        axis->setTruncateLabels(false); // a dish's name is the point of the chart
        values = new QValueAxis(chart);
        values->setLabelFormat(QStringLiteral("%.0f"));
        chart->addAxis(axis, Qt::AlignLeft);
        chart->addAxis(values, Qt::AlignBottom);
        series->attachAxis(axis);
        series->attachAxis(values);
        chart->legend()->hide();
        return chartView(chart);
    };
    ChartCard* top = addCard(QStringLiteral("topDishes"), tr("Best sellers"));
    top->setContent(dishChart(m_topSeries, m_topAxis, m_topValues));
    ChartCard* bottom = addCard(QStringLiteral("bottomDishes"), tr("Slowest sellers"));
    bottom->setContent(dishChart(m_bottomSeries, m_bottomAxis, m_bottomValues));

    auto* waitChart = new QChart;
    m_waitSeries = new QBarSeries(waitChart);
    waitChart->addSeries(m_waitSeries);
    auto* sizes = new QBarCategoryAxis(waitChart);
    sizes->append({tr("1–2 people"), tr("3–4 people"), tr("5–6 people"), tr("7 or more")});
    m_waitY = new QValueAxis(waitChart);
    m_waitY->setLabelFormat(QStringLiteral("%.0f"));
    m_waitY->setTitleText(tr("minutes"));
    waitChart->addAxis(sizes, Qt::AlignBottom);
    waitChart->addAxis(m_waitY, Qt::AlignLeft);
    m_waitSeries->attachAxis(sizes);
    m_waitSeries->attachAxis(m_waitY);
    ChartCard* waits = addCard(QStringLiteral("waits"), tr("Quoted and actual waits"));
    waits->setContent(chartView(waitChart));

    auto* channelChart = new QChart;
    m_channelSeries = new QPieSeries(channelChart);
    m_channelSeries->setHoleSize(0.45);
    channelChart->addSeries(m_channelSeries);
    channelChart->legend()->setAlignment(Qt::AlignRight);
    ChartCard* channels = addCard(QStringLiteral("channels"), tr("Channel mix"));
    channels->setContent(chartView(channelChart));

    auto* ratingChart = new QChart;
    m_ratingLine = new QLineSeries(ratingChart);
    m_ratingLine->setName(tr("Average rating"));
    m_ratingLine->setPen(QPen(GREEN, 2.5));
    m_ratingLine->setPointsVisible(true);
    ratingChart->addSeries(m_ratingLine);
    m_ratingX = new QDateTimeAxis(ratingChart);
    m_ratingX->setFormat(QStringLiteral("d MMM"));
    auto* stars = new QValueAxis(ratingChart);
    stars->setRange(1, 5);
    stars->setTickCount(5);
    stars->setLabelFormat(QStringLiteral("%.0f"));
    stars->setTitleText(tr("stars"));
    ratingChart->addAxis(m_ratingX, Qt::AlignBottom);
    ratingChart->addAxis(stars, Qt::AlignLeft);
    m_ratingLine->attachAxis(m_ratingX);
    m_ratingLine->attachAxis(stars);
    ratingChart->legend()->hide();
    ChartCard* ratings = addCard(QStringLiteral("ratings"), tr("Ratings"));
    ratings->setContent(chartView(ratingChart));

    ChartCard* comments = addCard(QStringLiteral("comments"), tr("What diners said"));
    m_comments = new QListWidget;
    m_comments->setObjectName(QStringLiteral("commentsListWidget"));
    m_comments->setWordWrap(true);
    m_comments->setSelectionMode(QAbstractItemView::NoSelection);
    m_comments->setMinimumHeight(200);
    comments->setContent(m_comments);

    auto* grid = new QGridLayout;
    grid->setSpacing(12);
    grid->addWidget(sales, 0, 0, 1, 2);
    grid->addWidget(hours, 1, 0);
    grid->addWidget(channels, 1, 1);
    grid->addWidget(top, 2, 0);
    grid->addWidget(bottom, 2, 1);
    grid->addWidget(waits, 3, 0);
    grid->addWidget(ratings, 3, 1);
    grid->addWidget(comments, 4, 0, 1, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    static_cast<QVBoxLayout*>(page->layout())->addLayout(grid);
    static_cast<QVBoxLayout*>(page->layout())->addStretch(1);
}

void AnalyticsView::setCurrencySymbol(const QString& symbol)
{
    m_currency = symbol;
    m_heatmap->setCurrencySymbol(symbol);
    m_salesY->setTitleText(symbol.isEmpty() ? tr("net sales") : tr("net sales, %1").arg(symbol));
    m_topValues->setTitleText(symbol);
    m_bottomValues->setTitleText(symbol);
}

QString AnalyticsView::money(qint64 cents, int decimals) const
{
    return m_currency + number(cents / 100.0, decimals);
}

void AnalyticsView::setPreset(Preset preset)
{
    m_preset->setCurrentIndex(m_preset->findData(QVariant::fromValue(preset)));
    if (preset != Preset::Custom) {
        m_period = periodFor(preset, today());
    }
    m_from->setDate(m_period.from);
    m_to->setDate(m_period.to);
    m_from->setEnabled(preset == Preset::Custom);
    m_to->setEnabled(preset == Preset::Custom);
    updateComparisonLabel();
    reload();
}

void AnalyticsView::setPeriod(const AnalyticsPeriod& period)
{
    if (!period.isValid()) {
        return;
    }
    m_period = period;
    setPreset(Preset::Custom);
}

void AnalyticsView::presetChosen()
{
    const auto preset = m_preset->currentData().value<Preset>();
    if (preset == Preset::Custom) {
        m_from->setEnabled(true);
        m_to->setEnabled(true);
        m_from->setFocus();
        return;
    }
    setPreset(preset);
}

void AnalyticsView::customRangeChanged()
{
    const AnalyticsPeriod period{m_from->date(), m_to->date()};
    if (m_preset->currentData().value<Preset>() != Preset::Custom
        || (period.from == m_period.from && period.to == m_period.to)) {
        return;
    }
    if (!period.isValid()) {
        showMessage(tr("The first day must come before the last."), true);
        return;
    }
    setPeriod(period);
}

void AnalyticsView::updateComparisonLabel()
{
    const AnalyticsPeriod before = m_period.previous();
    const QLocale locale;
    m_comparison->setText(
        tr("compared with %1 – %2")
            .arg(locale.toString(before.from, QLocale::ShortFormat), locale.toString(before.to, QLocale::ShortFormat)));
}

void AnalyticsView::showMessage(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setProperty("kind", error ? QStringLiteral("error") : QString());
    m_status->style()->unpolish(m_status);
    m_status->style()->polish(m_status);
}

void AnalyticsView::handleEvent(const DomainEvent& event)
{
    if (event.restaurantId != m_restaurantId) {
        return;
    }
    // What changes the figures: sales, the queue, ratings, the menu's names.
    const bool relevant = event.type.startsWith(u"order.") || event.type.startsWith(u"party.")
        || event.type.startsWith(u"feedback.") || event.type.startsWith(u"menu.");
    if (relevant && m_period.contains(today()) && !m_liveTimer.isActive()) {
        m_liveTimer.start();
    }
}

void AnalyticsView::reload()
{
    if (m_pending > 0) {
        m_reloadQueued = true; // one refresh at a time; the newest period wins
        return;
    }
    ++m_generation;
    m_refreshClock.start();
    showMessage(tr("Loading…"), false);
    const qint64 id = m_restaurantId;
    const AnalyticsPeriod p = m_period;
    load(m_analytics.kpis(id, p), &AnalyticsView::showKpis, {});
    load(m_analytics.sales(id, p), &AnalyticsView::showSales, {QStringLiteral("sales")});
    load(m_analytics.hourOfWeek(id, p), &AnalyticsView::showHourOfWeek, {QStringLiteral("hourOfWeek")});
    load(m_analytics.dishes(id, p),
         &AnalyticsView::showDishes,
         {QStringLiteral("topDishes"), QStringLiteral("bottomDishes")});
    load(m_analytics.waits(id, p), &AnalyticsView::showWaits, {QStringLiteral("waits")});
    load(m_analytics.channels(id, p), &AnalyticsView::showChannels, {QStringLiteral("channels")});
    load(m_analytics.ratings(id, p), &AnalyticsView::showRatings, {QStringLiteral("ratings")});
    load(m_analytics.comments(id, p, 12), &AnalyticsView::showComments, {QStringLiteral("comments")});
}

template <typename T>
void AnalyticsView::load(QFuture<Result<T>> future, void (AnalyticsView::*show)(const T&), const QStringList& cards)
{
    ++m_pending;
    auto* watcher = new QFutureWatcher<Result<T>>(this);
    const int generation = m_generation;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, show, cards, generation] {
        watcher->deleteLater();
        const Result<T> result = watcher->result();
        if (generation == m_generation) {
            if (result) {
                (this->*show)(*result);
            } else {
                for (const QString& key : cards) {
                    m_cards.value(key)->setNotice(tr("Could not load: %1").arg(result.error().message), true);
                }
                showMessage(tr("Some figures could not be loaded: %1").arg(result.error().message), true);
            }
        }
        finishOne();
    });
    watcher->setFuture(future);
}

void AnalyticsView::finishOne()
{
    if (--m_pending > 0) {
        return;
    }
    m_lastRefreshMs = m_refreshClock.elapsed();
    if (m_status->property("kind").toString() != u"error") {
        showMessage(m_period.contains(today())
                        ? tr("Updated %1 · following new orders live")
                              .arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat))
                        : tr("Updated %1").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)),
                    false);
    }
    Q_EMIT loaded();
    if (m_reloadQueued) {
        m_reloadQueued = false;
        reload();
    }
}

void AnalyticsView::showKpis(const Kpis& kpis)
{
    const Figures& now = kpis.current;
    const Figures& before = kpis.previous;
    const auto minutes = [](const std::optional<double>& m) {
        return m ? tr("%1 min").arg(number(*m, 1)) : QStringLiteral("–");
    };
    m_tiles.value(QStringLiteral("revenue"))
        ->setFigure(money(now.netCents), change(double(now.netCents), double(before.netCents)), money(before.netCents));
    m_tiles.value(QStringLiteral("orders"))
        ->setFigure(number(double(now.orders)),
                    change(double(now.orders), double(before.orders)),
                    number(double(before.orders)));
    m_tiles.value(QStringLiteral("covers"))
        ->setFigure(number(double(now.covers)),
                    change(double(now.covers), double(before.covers)),
                    number(double(before.covers)));
    m_tiles.value(QStringLiteral("averageOrder"))
        ->setFigure(now.averageOrderCents ? money(qint64(*now.averageOrderCents), 2) : QStringLiteral("–"),
                    change(now.averageOrderCents, before.averageOrderCents),
                    before.averageOrderCents ? money(qint64(*before.averageOrderCents), 2) : QStringLiteral("–"));
    m_tiles.value(QStringLiteral("averageWait"))
        ->setFigure(minutes(now.averageWaitMinutes),
                    change(now.averageWaitMinutes, before.averageWaitMinutes),
                    minutes(before.averageWaitMinutes));
    m_tiles.value(QStringLiteral("quoteAccuracy"))
        ->setFigure(now.quoteErrorMinutes ? tr("± %1 min").arg(number(*now.quoteErrorMinutes, 1)) : QStringLiteral("–"),
                    change(now.quoteErrorMinutes, before.quoteErrorMinutes),
                    before.quoteErrorMinutes ? tr("± %1 min").arg(number(*before.quoteErrorMinutes, 1))
                                             : QStringLiteral("–"));
    m_tiles.value(QStringLiteral("noShows"))
        ->setFigure(percent(now.noShowRate), change(now.noShowRate, before.noShowRate), percent(before.noShowRate));
    m_tiles.value(QStringLiteral("rating"))
        ->setFigure(now.averageRating ? tr("%1 ★").arg(number(*now.averageRating, 2)) : QStringLiteral("–"),
                    change(now.averageRating, before.averageRating),
                    before.averageRating ? tr("%1 ★").arg(number(*before.averageRating, 2)) : QStringLiteral("–"));
}

void AnalyticsView::showSales(const SalesSeries& series)
{
    ChartCard* card = m_cards.value(QStringLiteral("sales"));
    QList<QPointF> now;
    QList<QPointF> before;
    QList<QStringList> rows;
    double top = 0;
    qint64 total = 0;
    for (qsizetype i = 0; i < series.current.size(); ++i) {
        const SalesPoint& p = series.current.at(i);
        const qint64 x = chartTime(p.start);
        now.append({double(x), p.netCents / 100.0});
        top = std::max(top, p.netCents / 100.0);
        total += p.netCents;
        const SalesPoint previous = i < series.previous.size() ? series.previous.at(i) : SalesPoint{};
        before.append({double(x), previous.netCents / 100.0});
        top = std::max(top, previous.netCents / 100.0);
        rows.append({p.start.toString(Qt::ISODate),
                     QString::number(p.netCents / 100.0, 'f', 2),
                     QString::number(p.orders),
                     QString::number(p.covers),
                     previous.start.toString(Qt::ISODate),
                     QString::number(previous.netCents / 100.0, 'f', 2),
                     QString::number(previous.orders)});
    }
    m_salesNow->replace(now);
    m_salesBefore->replace(before);
    m_salesNow->setPointsVisible(now.size() <= 45);
    if (!now.isEmpty()) {
        m_salesX->setRange(QDateTime::fromMSecsSinceEpoch(qint64(now.first().x())),
                           QDateTime::fromMSecsSinceEpoch(qint64(now.last().x())));
        m_salesX->setTickCount(std::clamp(int(now.size()), 2, 8));
    }
    m_salesY->setRange(0, std::max(10.0, top * 1.1));
    m_salesY->applyNiceNumbers();
    card->setSubtitle(series.bucketDays == 7 ? tr("Net sales per week, %1 in all").arg(money(total))
                                             : tr("Net sales per day, %1 in all").arg(money(total)));
    card->setTable({tr("Start"),
                    tr("Net sales"),
                    tr("Orders"),
                    tr("Covers"),
                    tr("Start before"),
                    tr("Net sales before"),
                    tr("Orders before")},
                   rows);
    card->setNotice(total == 0
                            && std::all_of(before.cbegin(), before.cend(), [](const QPointF& p) { return p.y() == 0; })
                        ? tr("No sales in this period yet.")
                        : QString());
}

void AnalyticsView::showHourOfWeek(const QList<HourOfWeekCell>& cells)
{
    ChartCard* card = m_cards.value(QStringLiteral("hourOfWeek"));
    m_heatmap->setCells(cells);
    QList<QStringList> rows;
    bool any = false;
    for (const HourOfWeekCell& cell : cells) {
        any = any || cell.orders > 0;
        rows.append({QLocale::c().dayName(cell.isoWeekday),
                     QString::number(cell.hour),
                     QString::number(cell.netCents / 100.0, 'f', 2),
                     QString::number(cell.orders),
                     QString::number(cell.weeks)});
    }
    card->setTable({tr("Weekday"), tr("Hour"), tr("Net sales"), tr("Orders"), tr("Weeks")}, rows);
    card->setSubtitle(tr("When the money comes in, averaged over the period's weeks"));
    card->setNotice(any ? QString() : tr("No sales in this period yet."));
}

void AnalyticsView::showDishes(const DishRanking& ranking)
{
    const auto fill = [this](QHorizontalBarSeries* series,
                             QBarCategoryAxis* axis,
                             QValueAxis* values,
                             const QList<Dish>& dishes,
                             const QColor& color) {
        series->clear();
        axis->clear();
        auto* set = new QBarSet(tr("Net sales"));
        set->setColor(color);
        set->setBorderColor(color);
        QStringList names;
        double top = 0;
        // Horizontal bars run bottom up: the first dish goes last.
        for (qsizetype i = dishes.size() - 1; i >= 0; --i) {
            QString name = elided(dishes.at(i).name);
            while (names.contains(name)) {
                name += u' ';
            }
            names.append(name);
            set->append(dishes.at(i).netCents / 100.0);
            top = std::max(top, dishes.at(i).netCents / 100.0);
        }
        axis->append(names);
        series->append(set);
        values->setRange(0, std::max(10.0, top * 1.1));
        values->applyNiceNumbers();
        connect(set, &QBarSet::hovered, this, [this, dishes](bool state, int index) {
            if (!state || index < 0 || index >= dishes.size()) {
                return;
            }
            const Dish& d = dishes.at(dishes.size() - 1 - index);
            QToolTip::showText(QCursor::pos(),
                               tr("%1: %2 sold, %3 (%4 of revenue); before: %5 sold")
                                   .arg(d.name,
                                        number(double(d.quantity)),
                                        money(d.netCents),
                                        percent(d.share),
                                        number(double(d.previousQuantity))));
        });
    };
    const auto table = [](const QList<Dish>& dishes) {
        QList<QStringList> rows;
        for (const Dish& d : dishes) {
            rows.append({d.name,
                         d.category,
                         QString::number(d.quantity),
                         QString::number(d.netCents / 100.0, 'f', 2),
                         QString::number(d.share * 100, 'f', 1),
                         QString::number(d.previousQuantity),
                         QString::number(d.previousNetCents / 100.0, 'f', 2),
                         d.available ? tr("yes") : tr("no")});
        }
        return rows;
    };
    const QStringList headers{tr("Dish"),
                              tr("Category"),
                              tr("Sold"),
                              tr("Net sales"),
                              tr("Share %"),
                              tr("Sold before"),
                              tr("Net sales before"),
                              tr("On the menu")};
    ChartCard* top = m_cards.value(QStringLiteral("topDishes"));
    ChartCard* bottom = m_cards.value(QStringLiteral("bottomDishes"));
    fill(m_topSeries, m_topAxis, m_topValues, ranking.top, BLUE);
    fill(m_bottomSeries, m_bottomAxis, m_bottomValues, ranking.bottom, RED);
    top->setTable(headers, table(ranking.top));
    bottom->setTable(headers, table(ranking.bottom));
    top->setSubtitle(tr("By net sales; hover a bar for the counts"));
    bottom->setSubtitle(tr("Candidates to rethink or drop"));
    const bool any = ranking.totalNetCents > 0;
    top->setNotice(any ? QString() : tr("No dishes sold in this period yet."));
    bottom->setNotice(any && !ranking.bottom.isEmpty() ? QString() : tr("No dishes sold in this period yet."));
}

void AnalyticsView::showWaits(const QList<WaitBand>& bands)
{
    ChartCard* card = m_cards.value(QStringLiteral("waits"));
    m_waitSeries->clear();
    auto* quoted = new QBarSet(tr("Quoted"));
    quoted->setColor(GREY);
    auto* actual = new QBarSet(tr("Actual"));
    actual->setColor(BLUE);
    QList<QStringList> rows;
    double top = 0;
    qint64 parties = 0;
    double errorSum = 0;
    qint64 quotedParties = 0;
    for (const WaitBand& band : bands) {
        quoted->append(band.averageQuoted.value_or(0));
        actual->append(band.averageActual.value_or(0));
        top = std::max({top, band.averageQuoted.value_or(0), band.averageActual.value_or(0)});
        parties += band.parties;
        errorSum += band.meanAbsoluteError.value_or(0) * double(band.quoted);
        quotedParties += band.quoted;
        rows.append(
            {band.maxSize == 0 ? tr("%1 or more").arg(band.minSize) : tr("%1–%2").arg(band.minSize).arg(band.maxSize),
             QString::number(band.parties),
             QString::number(band.seated),
             optionalNumber(band.averageQuoted),
             optionalNumber(band.averageActual),
             optionalNumber(band.meanAbsoluteError),
             band.withinRangeShare ? QString::number(*band.withinRangeShare * 100, 'f', 1) : QString(),
             QString::number(band.noShows),
             QString::number(band.walkAways)});
    }
    m_waitSeries->append(quoted);
    m_waitSeries->append(actual);
    m_waitY->setRange(0, std::max(5.0, top * 1.15));
    m_waitY->applyNiceNumbers();
    card->setTable({tr("Party size"),
                    tr("Parties"),
                    tr("Seated"),
                    tr("Average quote (min)"),
                    tr("Average wait (min)"),
                    tr("Quote error (min)"),
                    tr("Within range %"),
                    tr("No-shows"),
                    tr("Walk-aways")},
                   rows);
    card->setSubtitle(quotedParties > 0 ? tr("%1 parties; quotes were off by %2 min on average")
                                              .arg(number(double(parties)), number(errorSum / double(quotedParties), 1))
                                        : QString());
    card->setNotice(parties == 0 ? tr("Nobody joined the queue in this period.") : QString());
}

void AnalyticsView::showChannels(const QList<ChannelShare>& channels)
{
    ChartCard* card = m_cards.value(QStringLiteral("channels"));
    m_channelSeries->clear();
    qint64 total = 0;
    for (const ChannelShare& c : channels) {
        total += c.netCents;
    }
    QList<QStringList> rows;
    for (const ChannelShare& c : channels) {
        const double share = total > 0 ? double(c.netCents) / double(total) : 0.0;
        QPieSlice* slice = m_channelSeries->append(tr("%1 %2 %").arg(channelName(c.channel), number(share * 100, 0)),
                                                   c.netCents / 100.0);
        slice->setColor(channelColor(c.channel));
        slice->setBorderColor(Qt::white);
        rows.append({c.channel,
                     QString::number(c.orders),
                     QString::number(c.netCents / 100.0, 'f', 2),
                     QString::number(share * 100, 'f', 1)});
    }
    card->setTable({tr("Channel"), tr("Orders"), tr("Net sales"), tr("Share %")}, rows);
    card->setSubtitle(tr("Share of net sales"));
    card->setNotice(total == 0 ? tr("No sales in this period yet.") : QString());
}

void AnalyticsView::showRatings(const QList<RatingPoint>& points)
{
    ChartCard* card = m_cards.value(QStringLiteral("ratings"));
    QList<QPointF> line;
    QList<QStringList> rows;
    qint64 ratings = 0;
    double sum = 0;
    for (const RatingPoint& p : points) {
        if (p.average) {
            line.append({double(chartTime(p.start)), *p.average});
        }
        ratings += p.ratings;
        sum += p.average.value_or(0) * double(p.ratings);
        QStringList row{p.start.toString(Qt::ISODate), QString::number(p.ratings), optionalNumber(p.average, 2)};
        for (qint64 stars : p.stars) {
            row.append(QString::number(stars));
        }
        rows.append(row);
    }
    m_ratingLine->replace(line);
    m_ratingLine->setPointsVisible(line.size() <= 45);
    if (!points.isEmpty()) {
        m_ratingX->setRange(QDateTime::fromMSecsSinceEpoch(chartTime(points.first().start)),
                            QDateTime::fromMSecsSinceEpoch(chartTime(points.last().start)));
        m_ratingX->setTickCount(std::clamp(int(points.size()), 2, 6));
    }
    card->setTable({tr("Start"), tr("Ratings"), tr("Average"), tr("1 ★"), tr("2 ★"), tr("3 ★"), tr("4 ★"), tr("5 ★")},
                   rows);
    card->setSubtitle(
        ratings > 0
            ? tr("%1 ★ on average from %2 ratings").arg(number(sum / double(ratings), 2), number(double(ratings)))
            : QString());
    card->setNotice(ratings == 0 ? tr("No ratings in this period yet.") : QString());
}

void AnalyticsView::showComments(const QList<Comment>& comments)
{
    ChartCard* card = m_cards.value(QStringLiteral("comments"));
    m_comments->clear();
    QList<QStringList> rows;
    for (const Comment& c : comments) {
        const QString stars = QString(c.rating, QChar(0x2605)) + QString(5 - c.rating, QChar(0x2606));
        auto* item = new QListWidgetItem(
            tr("%1   %2 · %3\n%4")
                .arg(stars, QLocale().toString(c.day, QLocale::ShortFormat), channelName(c.channel), c.text),
            m_comments);
        item->setForeground(c.rating <= 2 ? RED : QColor(0x20, 0x21, 0x24));
        rows.append({c.day.toString(Qt::ISODate), QString::number(c.rating), c.channel, c.text});
    }
    card->setTable({tr("Day"), tr("Rating"), tr("About"), tr("Comment")}, rows);
    card->setSubtitle(tr("The latest comments of the period"));
    card->setNotice(comments.isEmpty() ? tr("No comments in this period yet.") : QString());
}
