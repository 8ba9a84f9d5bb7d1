#include "analyticsservice.h"
#include "analyticsview.h"
#include "chartcard.h"
#include "dialogs.h"
#include "historygenerator.h"
#include "hourofweekheatmap.h"
#include "kpitile.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>
#include <QVBoxLayout>

// The analytics dashboard offscreen, over a generated history in a real
// database: its figures are the database's, it follows new orders, and
// every chart saves as PNG and CSV.
class TestAnalyticsDashboard final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void presetsCountFromTheRestaurantsToday();
    void figuresAreTheDatabases();
    void everyChartIsDrawn();
    void anEmptyPeriodSaysSo();
    void followsNewOrdersLive();
    void chartsSaveAsPngAndCsv();
    void screenshot(); // docs/screenshots/analytics.png with MAITRE_TEST_SCREENSHOT_DIR

private:
    void generate(int days, qint64 orders);
    void openView(const AnalyticsPeriod& period, const QSize& size = QSize(1280, 900));
    QVariant sql(const QString& query, const QVariantList& bindings = {});
    QString money(qint64 cents) const;

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<AnalyticsService> m_analytics;
    std::unique_ptr<QWidget> m_window;
    AnalyticsView* m_view = nullptr;
    qint64 m_restaurant = 0;
    QTimeZone m_zone;
};

void TestAnalyticsDashboard::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_zone = QTimeZone(m_db->scalar(QStringLiteral("SELECT timezone FROM restaurants")).toString().toUtf8());
    QVERIFY(m_zone.isValid());
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_analytics = std::make_unique<AnalyticsService>(*m_store);
}

void TestAnalyticsDashboard::cleanup()
{
    Dialogs::setHook({});
    m_window.reset();
    m_view = nullptr;
    m_analytics.reset();
    m_store.reset();
    m_db.reset();
}

void TestAnalyticsDashboard::generate(int days, qint64 orders)
{
    QSqlDatabase db = m_db->connection();
    QVERIFY(db.transaction());
    HistoryGenerator::Options options;
    options.days = days;
    options.orders = orders;
    const auto summary = HistoryGenerator::generate(db, m_restaurant, options);
    QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
    QVERIFY(db.commit());
    QCOMPARE(summary->orders, orders);
}

void TestAnalyticsDashboard::openView(const AnalyticsPeriod& period, const QSize& size)
{
    m_window = std::make_unique<QWidget>();
    m_window->resize(size);
    m_view = new AnalyticsView(*m_analytics, m_restaurant, m_zone, m_window.get());
    m_view->setCurrencySymbol(QStringLiteral("€"));
    auto* layout = new QVBoxLayout(m_window.get());
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    QSignalSpy loaded(m_view, &AnalyticsView::loaded);
    m_view->setPeriod(period);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // The first load (the default period) and the one asked for.
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isLoading() && loaded.count() >= 1, 30000);
    QCOMPARE(m_view->period().from, period.from);
}

QVariant TestAnalyticsDashboard::sql(const QString& query, const QVariantList& bindings)
{
    return m_db->scalar(query, bindings);
}

QString TestAnalyticsDashboard::money(qint64 cents) const
{
    return QStringLiteral("€") + QLocale().toString(cents / 100.0, 'f', 0);
}

void TestAnalyticsDashboard::presetsCountFromTheRestaurantsToday()
{
    const QDate today(2026, 3, 18); // a Wednesday
    using P = AnalyticsView::Preset;
    QCOMPARE(AnalyticsView::periodFor(P::Today, today).from, today);
    QCOMPARE(AnalyticsView::periodFor(P::Yesterday, today).to, QDate(2026, 3, 17));
    QCOMPARE(AnalyticsView::periodFor(P::Last7Days, today).from, QDate(2026, 3, 12));
    QCOMPARE(AnalyticsView::periodFor(P::Last30Days, today).days(), 30);
    QCOMPARE(AnalyticsView::periodFor(P::ThisMonth, today).from, QDate(2026, 3, 1));
    const AnalyticsPeriod lastMonth = AnalyticsView::periodFor(P::LastMonth, today);
    QCOMPARE(lastMonth.from, QDate(2026, 2, 1));
    QCOMPARE(lastMonth.to, QDate(2026, 2, 28));
    QCOMPARE(AnalyticsView::periodFor(P::ThisYear, today).from, QDate(2026, 1, 1));
    QCOMPARE(AnalyticsView::periodFor(P::Last12Months, today).days(), 365);
    // The comparison is the same number of days just before.
    QCOMPARE(lastMonth.previous().from, QDate(2026, 1, 4));
    QCOMPARE(lastMonth.previous().to, QDate(2026, 1, 31));
    QCOMPARE(AnalyticsPeriod({QDate(2026, 1, 1), QDate(2026, 2, 1)}).bucketDays(), 1);
    QCOMPARE(AnalyticsPeriod({QDate(2026, 1, 1), QDate(2026, 12, 31)}).bucketCount(), 53);
}

void TestAnalyticsDashboard::figuresAreTheDatabases()
{
    generate(60, 3000);
    const QDate yesterday = QDateTime::currentDateTime(m_zone).date().addDays(-1);
    const AnalyticsPeriod period{yesterday.addDays(-13), yesterday};
    openView(period);

    // Straight from the tables, not through the views: what the tiles must say.
    const QString local = QStringLiteral("(created_at AT TIME ZONE 'Europe/Madrid')::date");
    const auto between = [&](const AnalyticsPeriod& p) {
        return QStringLiteral(" BETWEEN '%1' AND '%2'").arg(p.from.toString(Qt::ISODate), p.to.toString(Qt::ISODate));
    };
    const qint64 net = sql(QStringLiteral("SELECT sum(subtotal_cents) FROM orders WHERE status NOT IN ('held', "
                                          "'cancelled') AND ")
                           + local + between(period))
                           .toLongLong();
    const qint64 orders =
        sql(QStringLiteral("SELECT count(*) FROM orders WHERE status NOT IN ('held', 'cancelled') AND ") + local
            + between(period))
            .toLongLong();
    const qint64 covers = sql(QStringLiteral("SELECT sum(size) FROM parties WHERE status IN ('seated', 'done')"
                                             " AND (seated_at AT TIME ZONE 'Europe/Madrid')::date")
                              + between(period))
                              .toLongLong();
    QVERIFY(net > 0 && orders > 0 && covers > 0);
    QCOMPARE(m_view->tile(QStringLiteral("revenue"))->value(), money(net));
    QCOMPARE(m_view->tile(QStringLiteral("orders"))->value(), QLocale().toString(orders));
    QCOMPARE(m_view->tile(QStringLiteral("covers"))->value(), QLocale().toString(covers));
    const qint64 previousOrders =
        sql(QStringLiteral("SELECT count(*) FROM orders WHERE status NOT IN ('held', 'cancelled') AND ") + local
            + between(period.previous()))
            .toLongLong();
    QVERIFY(previousOrders > 0);
    const double change = (double(orders) - double(previousOrders)) / double(previousOrders) * 100;
    QVERIFY2(m_view->tile(QStringLiteral("orders"))->change().contains(QLocale().toString(previousOrders)),
             qPrintable(m_view->tile(QStringLiteral("orders"))->change()));
    QVERIFY2(m_view->tile(QStringLiteral("orders"))->change().contains(change >= 0 ? u"▲" : u"▼")
                 || std::abs(change) < 0.05,
             qPrintable(m_view->tile(QStringLiteral("orders"))->change()));

    const double rating =
        sql(QStringLiteral("SELECT avg(rating) FROM feedback WHERE ") + local + between(period)).toDouble();
    QCOMPARE(m_view->tile(QStringLiteral("rating"))->value(),
             QStringLiteral("%1 ★").arg(QLocale().toString(rating, 'f', 2)));
    const double wait = sql(QStringLiteral("SELECT avg(extract(epoch FROM seated_at - joined_at) / 60) FROM parties"
                                           " WHERE status IN ('seated', 'done')"
                                           " AND (joined_at AT TIME ZONE 'Europe/Madrid')::date")
                            + between(period))
                            .toDouble();
    QCOMPARE(m_view->tile(QStringLiteral("averageWait"))->value(),
             QStringLiteral("%1 min").arg(QLocale().toString(wait, 'f', 1)));

    // The sales chart: one point a day, adding up to the revenue tile.
    ChartCard* sales = m_view->card(QStringLiteral("sales"));
    QCOMPARE(sales->rows().size(), 14);
    double sum = 0;
    for (const QStringList& row : sales->rows()) {
        sum += row.at(1).toDouble();
    }
    QCOMPARE(qRound64(sum * 100), net);
}

void TestAnalyticsDashboard::everyChartIsDrawn()
{
    generate(60, 3000);
    const QDate yesterday = QDateTime::currentDateTime(m_zone).date().addDays(-1);
    openView({yesterday.addDays(-27), yesterday});
    for (const QString& key : {QStringLiteral("sales"),
                               QStringLiteral("hourOfWeek"),
                               QStringLiteral("topDishes"),
                               QStringLiteral("bottomDishes"),
                               QStringLiteral("waits"),
                               QStringLiteral("channels"),
                               QStringLiteral("ratings"),
                               QStringLiteral("comments")}) {
        ChartCard* card = m_view->card(key);
        QVERIFY2(card, qPrintable(key));
        QVERIFY2(card->content()->isVisible(), qPrintable(key + QStringLiteral(" shows a notice instead")));
        QVERIFY2(!card->rows().isEmpty(), qPrintable(key));
    }
    // Best sellers: eight, best first; slowest: the rest's worst.
    const auto& top = m_view->card(QStringLiteral("topDishes"))->rows();
    QCOMPARE(top.size(), 8);
    for (qsizetype i = 1; i < top.size(); ++i) {
        QVERIFY(top.at(i - 1).at(3).toDouble() >= top.at(i).at(3).toDouble());
    }
    const QString best =
        sql(QStringLiteral("SELECT i.name FROM order_items i JOIN orders o ON o.id = i.order_id"
                           " WHERE o.status NOT IN ('held', 'cancelled') AND (o.created_at AT TIME ZONE"
                           " 'Europe/Madrid')::date BETWEEN ? AND ? GROUP BY i.name"
                           " ORDER BY sum(i.quantity * i.unit_price_cents) DESC LIMIT 1"),
            {m_view->period().from, m_view->period().to})
            .toString();
    QCOMPARE(top.first().first(), best);
    // Channels: every one the history has, shares adding up to 100 %.
    const auto& channels = m_view->card(QStringLiteral("channels"))->rows();
    QCOMPARE(channels.size(), 4);
    double share = 0;
    for (const QStringList& row : channels) {
        share += row.at(3).toDouble();
    }
    QVERIFY(std::abs(share - 100) < 0.5);
    // Waits: four bands of party sizes with quotes and actual waits.
    const auto& waits = m_view->card(QStringLiteral("waits"))->rows();
    QCOMPARE(waits.size(), 4);
    QVERIFY(waits.first().at(3).toDouble() >= 0 && !waits.first().at(4).isEmpty());
    // The heat map: Saturday evening is busier than Monday lunch in this history.
    auto* heatmap = m_view->findChild<HourOfWeekHeatmap*>();
    QVERIFY(heatmap->averageCents(6, 21) > heatmap->averageCents(1, 13));
    QCOMPARE(m_view->findChild<QChartView*>()->chart()->series().size(), 2);
}

void TestAnalyticsDashboard::anEmptyPeriodSaysSo()
{
    openView({QDate(2020, 1, 1), QDate(2020, 1, 31)});
    QCOMPARE(m_view->tile(QStringLiteral("revenue"))->value(), QStringLiteral("€0"));
    QCOMPARE(m_view->tile(QStringLiteral("averageWait"))->value(), QStringLiteral("–"));
    ChartCard* sales = m_view->card(QStringLiteral("sales"));
    QVERIFY(!sales->content()->isVisible());
    QVERIFY(sales->findChild<QLabel*>(QStringLiteral("salesNoticeLabel"))->text().contains(QStringLiteral("No sales")));
    QVERIFY(!m_view->card(QStringLiteral("comments"))->content()->isVisible());
}

void TestAnalyticsDashboard::followsNewOrdersLive()
{
    const QDate today = QDateTime::currentDateTime(m_zone).date();
    openView({today, today});
    QCOMPARE(m_view->tile(QStringLiteral("orders"))->value(), QStringLiteral("0"));
    const qint64 dish = sql(QStringLiteral("SELECT id FROM menu_items WHERE name = 'Tiramisù'")).toLongLong();
    const qint64 order =
        sql(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code, subtotal_cents, tax_cents,"
                           " total_cents) VALUES (?, 'takeout', 'received', ?, 'TEST', 1500, 150, 1650) RETURNING id"),
            {m_restaurant, QUuid::createUuid().toString(QUuid::WithoutBraces)})
            .toLongLong();
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO order_items (restaurant_id, order_id, menu_item_id, name, quantity,"
                                      " unit_price_cents) VALUES (?, ?, ?, 'Tiramisù', 2, 750)"),
                       {m_restaurant, order, dish}));
    QSignalSpy loaded(m_view, &AnalyticsView::loaded);
    DomainEvent event;
    event.id = 1;
    event.restaurantId = m_restaurant;
    event.type = QStringLiteral("order.created");
    m_view->handleEvent(event);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(m_view->tile(QStringLiteral("orders"))->value(), QStringLiteral("1"));
    QCOMPARE(m_view->tile(QStringLiteral("revenue"))->value(), QStringLiteral("€15"));
    QCOMPARE(m_view->card(QStringLiteral("topDishes"))->rows().first().first(), QStringLiteral("Tiramisù"));
    // Another restaurant's events, or a period without today, change nothing.
    event.restaurantId = m_restaurant + 1;
    m_view->handleEvent(event);
    QVERIFY(!loaded.wait(2500));
}

void TestAnalyticsDashboard::chartsSaveAsPngAndCsv()
{
    generate(20, 800);
    const QDate yesterday = QDateTime::currentDateTime(m_zone).date().addDays(-1);
    openView({yesterday.addDays(-6), yesterday});
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString asked;
    Dialogs::setHook([&](QDialog* dialog) {
        auto* chooser = qobject_cast<QFileDialog*>(dialog);
        if (chooser == nullptr) {
            return int(QDialog::Rejected);
        }
        asked = chooser->objectName();
        chooser->selectFile(dir.filePath(QStringLiteral("x.") + chooser->defaultSuffix()));
        return int(QDialog::Accepted);
    });
    ChartCard* sales = m_view->card(QStringLiteral("sales"));
    QSignalSpy saved(sales, &ChartCard::saved);
    QTest::mouseClick(sales->findChild<QPushButton*>(QStringLiteral("salesPngButton")), Qt::LeftButton);
    QCOMPARE(saved.count(), 1);
    QVERIFY2(saved.first().at(1).toBool(), qPrintable(saved.first().at(0).toString()));
    QCOMPARE(asked, QStringLiteral("salesSaveDialog"));
    // Dialogs' hook selects the file the PNG button's dialog was given.
    const QString png = dir.filePath(QStringLiteral("x.png"));
    QImage picture(png);
    QVERIFY2(!picture.isNull(), qPrintable(png + QStringLiteral(" / ") + saved.first().at(0).toString()));
    QVERIFY(picture.width() >= sales->content()->width());

    QTest::mouseClick(sales->findChild<QPushButton*>(QStringLiteral("salesCsvButton")), Qt::LeftButton);
    QCOMPARE(saved.count(), 2);
    QFile csv(dir.filePath(QStringLiteral("x.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().split('\n');
    QCOMPARE(lines.first().trimmed(),
             QByteArray("Start,Net sales,Orders,Covers,Start before,Net sales before,Orders before"));
    QCOMPARE(lines.size(), 1 + 7 + 1); // header, a line a day, and the last line's end
    QCOMPARE(ChartCard::csvField(QStringLiteral("Penne all'arrabbiata, \"hot\"")),
             QStringLiteral("\"Penne all'arrabbiata, \"\"hot\"\"\""));
    // A file that cannot be written says so, and the chart stays as it was.
    QVERIFY(!sales->saveCsv(dir.filePath(QStringLiteral("missing/dir/x.csv"))).isEmpty());
}

void TestAnalyticsDashboard::screenshot()
{
    // A year of a busy trattoria.
    generate(365, 40000);
    const QDate yesterday = QDateTime::currentDateTime(m_zone).date().addDays(-1);
    openView({yesterday.addDays(-29), yesterday}, QSize(1280, 1760));
    QCOMPARE(m_view->card(QStringLiteral("sales"))->rows().size(), 30);
    m_view->setPreset(AnalyticsView::Preset::Last12Months);
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isLoading(), 30000);
    QCOMPARE(m_view->card(QStringLiteral("sales"))->rows().size(), 53);
    m_view->setPeriod({yesterday.addDays(-29), yesterday});
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isLoading(), 30000);

    const QString shots = qEnvironmentVariable("MAITRE_TEST_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QTest::qWait(300);
        QVERIFY(QDir().mkpath(shots));
        const QString path = QDir(shots).filePath(QStringLiteral("analytics.png"));
        QVERIFY2(m_window->grab().save(path), qPrintable(path));
        qInfo() << "saved" << path;
    }
}

QTEST_MAIN(TestAnalyticsDashboard)
#include "tst_analytics_dashboard.moc"
