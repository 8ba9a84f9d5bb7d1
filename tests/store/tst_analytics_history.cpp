#include "historygenerator.h"
#include "testdatabase.h"

#include <QSignalSpy>
#include <QSqlDriver>
#include <QTest>

// maitre --generate-history's generator on a real database: whole (every
// row refers to what exists, totals add up, events logged), shaped like a
// restaurant's year (weekends, dinner, seasons, favourite dishes), quiet
// (no notification storm) and all or nothing.
class TestAnalyticsHistory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void makesWhatItSays();
    void everyRowRefersToWhatExists();
    void ordersAddUp();
    void looksLikeARestaurant();
    void theAnalyticsSeeIt();
    void laterWritesGetNewIds();
    void refusesBadOptions();
    void needsAMenu();

private:
    int count(const QString& sql) { return m_db->scalar(sql).toInt(); }

    std::unique_ptr<TestDatabase> m_db;
    qint64 m_restaurant = 0;
    HistoryGenerator::Summary m_summary;
    QList<HistoryGenerator::Progress> m_progress;
    int m_notifications = 0;
};

void TestAnalyticsHistory::initTestCase()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();

    QSqlDatabase listener = m_db->settings().addDatabase(QStringLiteral("history-listener"));
    QVERIFY(listener.open());
    QVERIFY(listener.driver()->subscribeToNotification(QStringLiteral("maitre")));
    QSignalSpy heard(listener.driver(), &QSqlDriver::notification);

    QSqlDatabase db = m_db->connection();
    QVERIFY(db.transaction());
    HistoryGenerator::Options options;
    options.orders = 6000;
    options.days = 28;
    options.seed = 7;
    const auto summary = HistoryGenerator::generate(
        db, m_restaurant, options, [this](const HistoryGenerator::Progress& p) { m_progress.append(p); });
    QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
    QVERIFY(db.commit());
    m_summary = *summary;
    QTest::qWait(500);
    m_notifications = int(heard.size());
    listener.close();
}

void TestAnalyticsHistory::cleanupTestCase()
{
    QSqlDatabase::removeDatabase(QStringLiteral("history-listener"));
    m_db.reset();
}

void TestAnalyticsHistory::makesWhatItSays()
{
    QCOMPARE(m_summary.orders, 6000);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM orders")), 6000);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM parties")), int(m_summary.parties));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM order_items")), int(m_summary.orderLines));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM feedback")), int(m_summary.feedback));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE occurred_at < now() - interval '1 minute'")),
             int(m_summary.events));
    // 28 days ending yesterday in Madrid.
    QCOMPARE(m_summary.lastDay.daysTo(m_summary.firstDay), -27);
    QCOMPARE(
        count(QStringLiteral("SELECT count(DISTINCT (created_at AT TIME ZONE 'Europe/Madrid')::date) FROM orders")),
        28);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM orders WHERE created_at >= date_trunc('day', now() AT TIME ZONE"
                                  " 'Europe/Madrid') AT TIME ZONE 'Europe/Madrid'")),
             0);
    // Progress after every week, ending at the whole.
    QCOMPARE(m_progress.size(), 4);
    QCOMPARE(m_progress.last().orders, 6000);
    QCOMPARE(m_progress.last().fraction, 1.0);
    // Millions of events must not become millions of notifications.
    QCOMPARE(m_notifications, 0);
    // History is history: nothing is left open for the kitchen or the door.
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM orders WHERE status NOT IN ('served', 'picked_up', 'delivered',"
                                  " 'cancelled')")),
             0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM parties WHERE status NOT IN ('done', 'cancelled', 'no_show')")),
             0);
}

void TestAnalyticsHistory::everyRowRefersToWhatExists()
{
    // Written without per-row foreign-key checks, so checked here.
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM order_items i WHERE NOT EXISTS"
                                  " (SELECT FROM orders o WHERE o.id = i.order_id)"
                                  " OR NOT EXISTS (SELECT FROM menu_items m WHERE m.id = i.menu_item_id)")),
             0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM orders o WHERE o.party_id IS NOT NULL AND NOT EXISTS"
                                  " (SELECT FROM parties p WHERE p.id = o.party_id)")),
             0);
    QCOMPARE(count(QStringLiteral(
                 "SELECT count(*) FROM party_tables t WHERE NOT EXISTS (SELECT FROM parties p WHERE"
                 " p.id = t.party_id) OR NOT EXISTS (SELECT FROM dining_tables d WHERE d.id = t.table_id)")),
             0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM feedback f WHERE NOT EXISTS (SELECT FROM parties p WHERE"
                                  " p.id = f.party_id) AND NOT EXISTS (SELECT FROM orders o WHERE o.id = f.order_id)")),
             0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM payments p WHERE NOT EXISTS"
                                  " (SELECT FROM orders o WHERE o.id = p.order_id)")),
             0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM wait_quotes q WHERE NOT EXISTS"
                                  " (SELECT FROM parties p WHERE p.id = q.party_id)")),
             0);
    // Events name rows that exist.
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events e WHERE e.type LIKE 'order.%' AND NOT EXISTS"
                                  " (SELECT FROM orders o WHERE o.id = (e.payload->>'order_id')::bigint)")),
             0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events e WHERE e.type LIKE 'party.%' AND NOT EXISTS"
                                  " (SELECT FROM parties p WHERE p.id = (e.payload->>'party_id')::bigint)")),
             0);
    // Each seated party has its dine-in order; every order its created or held event.
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM parties p WHERE p.status = 'done' AND NOT EXISTS"
                                  " (SELECT FROM orders o WHERE o.party_id = p.id AND o.kind = 'dine_in')")),
             0);
    QCOMPARE(count(QStringLiteral(
                 "SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT FROM events e WHERE"
                 " e.type IN ('order.created', 'order.held') AND (e.payload->>'order_id')::bigint = o.id)")),
             0);
}

void TestAnalyticsHistory::ordersAddUp()
{
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM orders o WHERE subtotal_cents <> (SELECT sum(quantity *"
                                  " unit_price_cents) FROM order_items i WHERE i.order_id = o.id)")),
             0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM orders WHERE kind <> 'preorder' AND tax_cents <>"
                                  " (subtotal_cents * 1000 + 5000) / 10000")),
             0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM orders WHERE kind = 'delivery' AND delivery_fee_cents <> 350")),
             0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM orders o WHERE kind = 'delivery' AND NOT EXISTS"
                                  " (SELECT FROM deliveries d WHERE d.order_id = o.id AND d.lat IS NOT NULL)")),
             0);
    QCOMPARE(
        count(QStringLiteral("SELECT count(*) FROM orders o WHERE kind IN ('takeout', 'delivery') AND NOT EXISTS"
                             " (SELECT FROM payments p WHERE p.order_id = o.id AND p.amount_cents = o.total_cents)")),
        0);
    // Refunds for the cancelled card orders, and only for them.
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM payments p JOIN orders o ON o.id = p.order_id"
                                  " WHERE (p.status = 'refunded') <> (o.status = 'cancelled' AND p.method = 'card')")),
             0);
}

void TestAnalyticsHistory::looksLikeARestaurant()
{
    // Fridays and Saturdays are busier than Mondays and Tuesdays.
    const double weekend =
        m_db->scalar(QStringLiteral("SELECT count(*)::float / count(DISTINCT (created_at AT TIME ZONE"
                                    " 'Europe/Madrid')::date) FROM orders WHERE extract(isodow FROM"
                                    " created_at AT TIME ZONE 'Europe/Madrid') IN (5, 6)"))
            .toDouble();
    const double early = m_db->scalar(QStringLiteral("SELECT count(*)::float / count(DISTINCT (created_at AT TIME ZONE"
                                                     " 'Europe/Madrid')::date) FROM orders WHERE extract(isodow FROM"
                                                     " created_at AT TIME ZONE 'Europe/Madrid') IN (1, 2)"))
                             .toDouble();
    QVERIFY2(weekend > early * 1.3, qPrintable(QStringLiteral("%1 vs %2").arg(weekend).arg(early)));
    // Lunch and dinner, with a lull between.
    const auto atHour = [this](int hour) {
        return count(QStringLiteral("SELECT count(*) FROM orders WHERE extract(hour FROM created_at AT TIME ZONE"
                                    " 'Europe/Madrid') = %1")
                         .arg(hour));
    };
    QVERIFY(atHour(21) > 4 * atHour(17));
    QVERIFY(atHour(14) > 4 * atHour(17));
    QCOMPARE(atHour(5), 0);
    // A few favourite dishes: the best seller sells several times the median.
    const double best = m_db->scalar(QStringLiteral("SELECT max(q) FROM (SELECT sum(quantity) q FROM order_items"
                                                    " GROUP BY menu_item_id) s"))
                            .toDouble();
    const double median =
        m_db->scalar(QStringLiteral("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY q) FROM"
                                    " (SELECT sum(quantity) q FROM order_items GROUP BY menu_item_id) s"))
            .toDouble();
    QVERIFY(best > 2.5 * median);
    // Waits: longer at peak, quotes close to them, some walk away, few do not come.
    const double peakWait = m_db->scalar(QStringLiteral("SELECT avg(extract(epoch FROM seated_at - joined_at) / 60)"
                                                        " FROM parties WHERE status = 'done' AND extract(hour FROM"
                                                        " joined_at AT TIME ZONE 'Europe/Madrid') = 21"))
                                .toDouble();
    const double quietWait = m_db->scalar(QStringLiteral("SELECT avg(extract(epoch FROM seated_at - joined_at) / 60)"
                                                         " FROM parties WHERE status = 'done' AND extract(hour FROM"
                                                         " joined_at AT TIME ZONE 'Europe/Madrid') IN (12, 16)"))
                                 .toDouble();
    QVERIFY2(peakWait > quietWait + 5, qPrintable(QStringLiteral("%1 vs %2").arg(peakWait).arg(quietWait)));
    const double walkAways =
        m_db->scalar(QStringLiteral("SELECT avg((status = 'cancelled')::int) FROM parties")).toDouble();
    const double noShows =
        m_db->scalar(QStringLiteral("SELECT avg((status = 'no_show')::int) FROM parties")).toDouble();
    QVERIFY(walkAways > 0.01 && walkAways < 0.15);
    QVERIFY(noShows > 0.01 && noShows < 0.06);
    QVERIFY(count(QStringLiteral("SELECT count(*) FROM feedback WHERE comment <> ''")) > 0);
    QVERIFY(count(QStringLiteral("SELECT count(DISTINCT rating) FROM feedback")) >= 4);
}

void TestAnalyticsHistory::theAnalyticsSeeIt()
{
    // The generator refreshed the rollups: the views hold the history at once.
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT sum(orders) FROM analytics.sales_daily")).toInt(),
             count(QStringLiteral("SELECT count(*) FROM orders WHERE status <> 'cancelled'")));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT sum(net_cents) FROM analytics.sales_daily")).toLongLong(),
             m_db->scalar(QStringLiteral("SELECT sum(subtotal_cents) FROM orders WHERE status <> 'cancelled'"))
                 .toLongLong());
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT sum(parties) FROM analytics.queue_daily")).toInt(),
             count(QStringLiteral("SELECT count(*) FROM parties")));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT sum(ratings) FROM analytics.feedback_daily")).toInt(),
             int(m_summary.feedback));
    QVERIFY(count(QStringLiteral("SELECT count(*) FROM analytics.sales_hourly_rollup")) > 0);
    // And the health checks find nothing wrong with it.
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT coalesce(string_agg(check_name || '=' || value, ', '), '')"
                                         " FROM analytics.health WHERE NOT ok"))
                 .toString(),
             QString());
}

void TestAnalyticsHistory::laterWritesGetNewIds()
{
    const qint64 highest = m_db->scalar(QStringLiteral("SELECT max(id) FROM orders")).toLongLong();
    const qint64 next = m_db->scalar(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code)"
                                                    " VALUES (?, 'takeout', 'received', repeat('n', 30), 'NEXT')"
                                                    " RETURNING id"),
                                     {m_restaurant})
                            .toLongLong();
    QVERIFY(next > highest);
    QVERIFY(m_db->exec(QStringLiteral("DELETE FROM orders WHERE id = ?"), {next}));
}

void TestAnalyticsHistory::refusesBadOptions()
{
    HistoryGenerator::Options options;
    options.orders = 0;
    QCOMPARE(HistoryGenerator::validate(options).error().field, QStringLiteral("orders"));
    options.orders = 10;
    options.days = 0;
    QCOMPARE(HistoryGenerator::validate(options).error().field, QStringLiteral("days"));
    options.days = 4000;
    QVERIFY(!HistoryGenerator::validate(options));
    options.days = 30;
    QVERIFY(HistoryGenerator::validate(options));
}

void TestAnalyticsHistory::needsAMenu()
{
    const qint64 empty =
        m_db->scalar(QStringLiteral("INSERT INTO restaurants (slug, name) VALUES ('empty', 'Empty') RETURNING id"))
            .toLongLong();
    const int orders = count(QStringLiteral("SELECT count(*) FROM orders"));
    QSqlDatabase db = m_db->connection();
    QVERIFY(db.transaction());
    HistoryGenerator::Options options;
    options.orders = 100;
    options.days = 3;
    const auto refused = HistoryGenerator::generate(db, empty, options);
    QVERIFY(db.rollback());
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, Error::Kind::Conflict);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM orders")), orders);
}

QTEST_GUILESS_MAIN(TestAnalyticsHistory)
#include "tst_analytics_history.moc"
