#include "analyticsservice.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QTest>
#include <QUuid>

// The analytics schema on a small dataset whose figures are worked out by
// hand below, before and after the rollups are refreshed, and the
// dashboard's queries over it (AnalyticsService).
//
// Two local days in Madrid (winter, UTC+1): Monday 12 and Tuesday 13 January 2026.
//   O1 Mon 13:10 takeout (web)    picked up  1 Margherita (11.00) + 1 Tiramisù (7.50)  = 18.50
//   O2 Mon 13:40 delivery (web)   delivered  2 Margherita                             = 22.00, fee 3.50
//   O3 Mon 21:05 dine-in (P1)     served     2 Burrata (11.50) + 2 Espresso (2.20)    = 27.40
//   O4 Mon 21:30 takeout (voice)  picked up  1 Tiramisù                               =  7.50
//   O5 Mon 22:00 takeout          cancelled  1 Margherita                    (not a sale)
//   O6 Tue 13:35 pre-order (P2)   served     1 Burrata                                = 11.50
//   O7 Tue 14:00 pre-order (P3)   held       1 Burrata                       (not a sale)
//   P1 Mon 20:30 4 people, quoted 20 (15–27), seated 20:55 (waited 25), left 22:10 (turn 75)
//   P2 Tue 13:30 2 people, quoted 10 (7–15),  seated 13:42 (waited 12), left 14:40 (turn 58)
//   P3 Tue 14:00 2 people, cancelled at 14:20 before a call: a walk-away
//   P4 Tue 14:05 6 people, called 14:30, did not come: a no-show
//   F1 Mon 23:00 about P1's visit: 5 stars, "Great"; F2 Mon 14:30 about O2: 3 stars, no comment
class TestAnalyticsViews final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void salesByDayAndChannel();
    void salesByHour();
    void menuByDay();
    void menuPerformanceOverTheLast28Days();
    void queueByDayAndSize();
    void feedbackByDay();
    void healthChecks();
    void rollupsChangeNothingButSpeed();
    void oldRowsWaitForTheNextRefresh();
    void dashboardQueries();

private:
    qint64 order(const QString& kind,
                 const QString& source,
                 const QString& status,
                 const QString& localTime,
                 const QList<std::pair<QString, int>>& lines,
                 qint64 party = 0);
    qint64 party(int size,
                 const QString& status,
                 const QString& joined,
                 int quoted,
                 int low,
                 int high,
                 const QString& notified,
                 const QString& seated,
                 const QString& left);
    QVariant sql(const QString& query, const QVariantList& bindings = {}) { return m_db->scalar(query, bindings); }
    QString rows(const QString& query);
    void refresh();

    std::unique_ptr<TestDatabase> m_db;
    qint64 m_restaurant = 0;
};

qint64 TestAnalyticsViews::order(const QString& kind,
                                 const QString& source,
                                 const QString& status,
                                 const QString& localTime,
                                 const QList<std::pair<QString, int>>& lines,
                                 qint64 party)
{
    const QString at = localTime.isEmpty() ? QStringLiteral("now() - interval '1 hour'")
                                           : QStringLiteral("'%1 Europe/Madrid'::timestamptz").arg(localTime);
    const qint64 id =
        sql(QStringLiteral("INSERT INTO orders (restaurant_id, party_id, kind, status, source, token, code,"
                           " created_at) VALUES (?, ?, ?, ?, ?, ?, 'TEST', %1) RETURNING id")
                .arg(at),
            {m_restaurant,
             party > 0 ? QVariant(party) : QVariant(QMetaType::fromType<qint64>()),
             kind,
             status,
             source,
             QUuid::createUuid().toString(QUuid::WithoutBraces)})
            .toLongLong();
    for (const auto& [dish, quantity] : lines) {
        m_db->exec(QStringLiteral("INSERT INTO order_items (restaurant_id, order_id, menu_item_id, name, quantity,"
                                  " unit_price_cents) SELECT ?, ?, id, name, ?, price_cents FROM menu_items"
                                  " WHERE name = ?"),
                   {m_restaurant, id, quantity, dish});
    }
    const bool preorder = kind == u"preorder";
    m_db->exec(
        QStringLiteral("UPDATE orders o SET subtotal_cents = s.sum, tax_cents = ?::int * s.sum / 10,"
                       " delivery_fee_cents = ?, total_cents = s.sum + ?::int * s.sum / 10 + ?"
                       " FROM (SELECT sum(quantity * unit_price_cents)::int AS sum FROM order_items"
                       " WHERE order_id = ?) s WHERE o.id = ?"),
        {preorder ? 0 : 1, kind == u"delivery" ? 350 : 0, preorder ? 0 : 1, kind == u"delivery" ? 350 : 0, id, id});
    return id;
}

qint64 TestAnalyticsViews::party(int size,
                                 const QString& status,
                                 const QString& joined,
                                 int quoted,
                                 int low,
                                 int high,
                                 const QString& notified,
                                 const QString& seated,
                                 const QString& left)
{
    const auto at = [](const QString& t) {
        return t.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(t + QStringLiteral(" Europe/Madrid"));
    };
    return sql(QStringLiteral("INSERT INTO parties (restaurant_id, name, size, status, quoted_wait_minutes,"
                              " quote_low_minutes, quote_high_minutes, token, code, joined_at, notified_at, seated_at,"
                              " left_at) VALUES (?, 'Guest', ?, ?, ?, ?, ?, ?, 'CODE', ?::timestamptz, ?::timestamptz,"
                              " ?::timestamptz, ?::timestamptz) RETURNING id"),
               {m_restaurant,
                size,
                status,
                quoted,
                low,
                high,
                QUuid::createUuid().toString(QUuid::WithoutBraces),
                at(joined),
                at(notified),
                at(seated),
                at(left)})
        .toLongLong();
}

QString TestAnalyticsViews::rows(const QString& query)
{
    // Every row as "a|b|c", rows joined by "; ", for one QCOMPARE per view.
    return sql(QStringLiteral("SELECT string_agg(r, '; ') FROM (%1) q(r)").arg(query)).toString();
}

void TestAnalyticsViews::refresh()
{
    QSqlDatabase db = m_db->connection();
    const VoidResult refreshed = AnalyticsService::refreshRollups(db);
    QVERIFY2(refreshed, refreshed ? "" : qPrintable(refreshed.error().message));
}

void TestAnalyticsViews::initTestCase()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = sql(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    QCOMPARE(sql(QStringLiteral("SELECT timezone FROM restaurants")).toString(), QStringLiteral("Europe/Madrid"));

    const qint64 p1 = party(4,
                            QStringLiteral("done"),
                            QStringLiteral("2026-01-12 20:30"),
                            20,
                            15,
                            27,
                            QStringLiteral("2026-01-12 20:52"),
                            QStringLiteral("2026-01-12 20:55"),
                            QStringLiteral("2026-01-12 22:10"));
    const qint64 p2 = party(2,
                            QStringLiteral("done"),
                            QStringLiteral("2026-01-13 13:30"),
                            10,
                            7,
                            15,
                            QString(),
                            QStringLiteral("2026-01-13 13:42"),
                            QStringLiteral("2026-01-13 14:40"));
    const qint64 p3 = party(2,
                            QStringLiteral("cancelled"),
                            QStringLiteral("2026-01-13 14:00"),
                            15,
                            11,
                            20,
                            QString(),
                            QString(),
                            QStringLiteral("2026-01-13 14:20"));
    party(6,
          QStringLiteral("no_show"),
          QStringLiteral("2026-01-13 14:05"),
          25,
          19,
          34,
          QStringLiteral("2026-01-13 14:30"),
          QString(),
          QStringLiteral("2026-01-13 14:40"));
    const QString margherita = QStringLiteral("Pizza Margherita");
    const QString tiramisu = QStringLiteral("Tiramisù");
    const QString burrata = QStringLiteral("Burrata");
    order(QStringLiteral("takeout"),
          QStringLiteral("web"),
          QStringLiteral("picked_up"),
          QStringLiteral("2026-01-12 13:10"),
          {{margherita, 1}, {tiramisu, 1}});
    const qint64 o2 = order(QStringLiteral("delivery"),
                            QStringLiteral("web"),
                            QStringLiteral("delivered"),
                            QStringLiteral("2026-01-12 13:40"),
                            {{margherita, 2}});
    order(QStringLiteral("dine_in"),
          QStringLiteral("counter"),
          QStringLiteral("served"),
          QStringLiteral("2026-01-12 21:05"),
          {{burrata, 2}, {QStringLiteral("Espresso"), 2}},
          p1);
    order(QStringLiteral("takeout"),
          QStringLiteral("voice"),
          QStringLiteral("picked_up"),
          QStringLiteral("2026-01-12 21:30"),
          {{tiramisu, 1}});
    order(QStringLiteral("takeout"),
          QStringLiteral("web"),
          QStringLiteral("cancelled"),
          QStringLiteral("2026-01-12 22:00"),
          {{margherita, 1}});
    order(QStringLiteral("preorder"),
          QStringLiteral("web"),
          QStringLiteral("served"),
          QStringLiteral("2026-01-13 13:35"),
          {{burrata, 1}},
          p2);
    order(QStringLiteral("preorder"),
          QStringLiteral("web"),
          QStringLiteral("held"),
          QStringLiteral("2026-01-13 14:00"),
          {{burrata, 1}},
          p3);
    QVERIFY(
        m_db->exec(QStringLiteral("INSERT INTO feedback (restaurant_id, party_id, rating, comment, created_at) VALUES"
                                  " (?, ?, 5, 'Great', '2026-01-12 23:00 Europe/Madrid')"),
                   {m_restaurant, p1}));
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO feedback (restaurant_id, order_id, rating, created_at) VALUES"
                                      " (?, ?, 3, '2026-01-12 14:30 Europe/Madrid')"),
                       {m_restaurant, o2}));
}

void TestAnalyticsViews::cleanupTestCase()
{
    m_db.reset();
}

void TestAnalyticsViews::salesByDayAndChannel()
{
    QCOMPARE(rows(QStringLiteral("SELECT concat_ws('|', day, channel, orders, covers, net_cents, tax_cents,"
                                 " delivery_fee_cents, gross_cents, average_order_cents)"
                                 " FROM analytics.sales_daily WHERE day < '2026-02-01' ORDER BY day, channel")),
             QStringLiteral("2026-01-12|delivery|1|0|2200|220|350|2770|2200; "
                            "2026-01-12|dine_in|1|4|2740|274|0|3014|2740; "
                            "2026-01-12|phone|1|0|750|75|0|825|750; "
                            "2026-01-12|takeout|1|0|1850|185|0|2035|1850; "
                            "2026-01-13|dine_in|1|2|1150|0|0|1150|1150"));
}

void TestAnalyticsViews::salesByHour()
{
    // Covers count in the hour the party sat down (20:55), its order in the hour it was placed (21:05).
    QCOMPARE(rows(QStringLiteral("SELECT concat_ws('|', to_char(hour, 'DD HH24'), iso_weekday, hour_of_day, channel,"
                                 " orders, covers, net_cents) FROM analytics.sales_hourly WHERE day < '2026-02-01'"
                                 " ORDER BY hour, channel")),
             QStringLiteral("12 13|1|13|delivery|1|0|2200; 12 13|1|13|takeout|1|0|1850; "
                            "12 20|1|20|dine_in|0|4|0; 12 21|1|21|dine_in|1|0|2740; 12 21|1|21|phone|1|0|750; "
                            "13 13|2|13|dine_in|1|2|1150"));
}

void TestAnalyticsViews::menuByDay()
{
    QCOMPARE(
        rows(QStringLiteral("SELECT concat_ws('|', day, name, category, quantity, net_cents, orders)"
                            " FROM analytics.menu_daily WHERE day < '2026-02-01' ORDER BY day, name")),
        QStringLiteral("2026-01-12|Burrata|Starters|2|2300|1; 2026-01-12|Espresso|Drinks|2|440|1; "
                       "2026-01-12|Pizza Margherita|Pizza & Pasta|3|3300|2; 2026-01-12|Tiramisù|Desserts|2|1500|2; "
                       "2026-01-13|Burrata|Starters|1|1150|1"));
}

void TestAnalyticsViews::menuPerformanceOverTheLast28Days()
{
    // January is long gone: nothing in either window, every dish listed at zero.
    QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM analytics.menu_performance WHERE quantity > 0")).toInt(), 0);
    QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM analytics.menu_performance")).toInt(),
             sql(QStringLiteral("SELECT count(*) FROM menu_items")).toInt());
    // An order an hour ago is the whole of the last 28 days' revenue.
    const qint64 recent = order(QStringLiteral("takeout"),
                                QStringLiteral("counter"),
                                QStringLiteral("picked_up"),
                                QString(),
                                {{QStringLiteral("Espresso"), 3}});
    QCOMPARE(rows(QStringLiteral("SELECT concat_ws('|', name, quantity, net_cents, revenue_share, previous_quantity,"
                                 " coalesce(quantity_trend::text, 'none')) FROM analytics.menu_performance"
                                 " WHERE quantity > 0")),
             QStringLiteral("Espresso|3|660|1.0000|0|none"));
    QVERIFY(m_db->exec(QStringLiteral("DELETE FROM order_items WHERE order_id = ?"), {recent}));
    QVERIFY(m_db->exec(QStringLiteral("DELETE FROM orders WHERE id = ?"), {recent}));
}

void TestAnalyticsViews::queueByDayAndSize()
{
    QCOMPARE(rows(QStringLiteral("SELECT concat_ws('|', day, party_size, parties, seated, no_shows, walk_aways,"
                                 " no_show_rate, walk_away_rate, average_wait_minutes, average_quote_minutes,"
                                 " quote_mae_minutes, within_range_share, average_turn_minutes)"
                                 " FROM analytics.queue_daily ORDER BY day, party_size")),
             QStringLiteral("2026-01-12|4|1|1|0|0|0.0000|0.0000|25.0|20.0|5.0|1.0000|75.0; "
                            "2026-01-13|2|2|1|0|1|0.0000|0.5000|12.0|10.0|2.0|1.0000|58.0; "
                            "2026-01-13|6|1|0|1|0|1.0000|0.0000"));
}

void TestAnalyticsViews::feedbackByDay()
{
    QCOMPARE(rows(QStringLiteral("SELECT concat_ws('|', day, channel, ratings, average_rating, stars_3, stars_5,"
                                 " comments) FROM analytics.feedback_daily ORDER BY day, channel")),
             QStringLiteral("2026-01-12|delivery|1|3.00|1|0|0; 2026-01-12|visit|1|5.00|0|1|1"));
    QCOMPARE(rows(QStringLiteral("SELECT concat_ws('|', day, channel, rating, comment, party_size)"
                                 " FROM analytics.feedback_entries ORDER BY at")),
             QStringLiteral("2026-01-12|delivery|3|; 2026-01-12|visit|5|Great|4"));
}

void TestAnalyticsViews::healthChecks()
{
    const auto check = [this](const char* name) {
        return rows(
            QStringLiteral("SELECT concat_ws('|', ok::text, value) FROM analytics.health WHERE check_name = '%1'")
                .arg(QLatin1String(name)));
    };
    QCOMPARE(check("orders_without_lines"), QStringLiteral("true|0"));
    QCOMPARE(check("order_totals"), QStringLiteral("true|0"));
    QCOMPARE(check("stale_parties"), QStringLiteral("true|0"));
    // A recent order without its event, lines or right subtotal is found out.
    const qint64 bad =
        sql(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code, subtotal_cents,"
                           " total_cents) VALUES (?, 'takeout', 'received', ?, 'BAD1', 999, 999)"
                           " RETURNING id"),
            {m_restaurant, QUuid::createUuid().toString(QUuid::WithoutBraces)})
            .toLongLong();
    QCOMPARE(check("orders_without_lines"), QStringLiteral("false|1"));
    QCOMPARE(check("order_totals"), QStringLiteral("false|1"));
    QCOMPARE(check("orders_without_event"), QStringLiteral("false|1"));
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO events (restaurant_id, type, payload) VALUES"
                                      " (?, 'order.created', jsonb_build_object('order_id', ?::bigint))"),
                       {m_restaurant, bad}));
    QCOMPARE(check("orders_without_event"), QStringLiteral("true|0"));
    QVERIFY(check("last_event").startsWith(u"true|20"));
    QVERIFY(m_db->exec(QStringLiteral("DELETE FROM orders WHERE id = ?"), {bad}));
    QCOMPARE(check("orders_without_lines"), QStringLiteral("true|0"));
}

void TestAnalyticsViews::rollupsChangeNothingButSpeed()
{
    const QString everything = QStringLiteral(
        "SELECT concat_ws('|', 's', day, channel, orders, covers, net_cents) FROM analytics.sales_daily"
        " UNION ALL SELECT concat_ws('|', 'm', day, menu_item_id, quantity, net_cents) FROM analytics.menu_daily"
        " UNION ALL SELECT concat_ws('|', 'q', day, party_size, parties, seated, quote_mae_minutes) FROM "
        "analytics.queue_daily"
        " UNION ALL SELECT concat_ws('|', 'f', day, channel, ratings, rating_sum) FROM analytics.feedback_daily"
        " ORDER BY 1");
    // Today's rows are read live whatever the rollups hold.
    order(QStringLiteral("takeout"),
          QStringLiteral("web"),
          QStringLiteral("picked_up"),
          QString(),
          {{QStringLiteral("Espresso"), 1}});
    const QString before = rows(everything);
    QCOMPARE(sql(QStringLiteral("SELECT sum(orders) FROM analytics.sales_daily"
                                " WHERE day = (now() AT TIME ZONE 'Europe/Madrid')::date"))
                 .toInt(),
             1);
    refresh();
    QVERIFY(sql(QStringLiteral("SELECT count(*) FROM analytics.sales_hourly_rollup")).toInt() > 0);
    QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM analytics.sales_hourly_rollup WHERE hour > now()::timestamp"
                                " - interval '40 hours'"))
                 .toInt(),
             0);
    QCOMPARE(rows(everything), before);
    refresh(); // and again: nothing counted twice
    QCOMPARE(rows(everything), before);
}

void TestAnalyticsViews::oldRowsWaitForTheNextRefresh()
{
    refresh();
    const qint64 before =
        sql(QStringLiteral("SELECT sum(orders) FROM analytics.sales_daily WHERE day = '2026-01-12'")).toLongLong();
    const qint64 late = order(QStringLiteral("takeout"),
                              QStringLiteral("web"),
                              QStringLiteral("picked_up"),
                              QStringLiteral("2026-01-12 15:00"),
                              {{QStringLiteral("Espresso"), 1}});
    // A row dated before the rollups' horizon (a bulk load, say) shows once they are refreshed.
    QCOMPARE(sql(QStringLiteral("SELECT sum(orders) FROM analytics.sales_daily WHERE day = '2026-01-12'")).toLongLong(),
             before);
    refresh();
    QCOMPARE(sql(QStringLiteral("SELECT sum(orders) FROM analytics.sales_daily WHERE day = '2026-01-12'")).toLongLong(),
             before + 1);
    QVERIFY(m_db->exec(QStringLiteral("DELETE FROM order_items WHERE order_id = ?"), {late}));
    QVERIFY(m_db->exec(QStringLiteral("DELETE FROM orders WHERE id = ?"), {late}));
    refresh();
}

void TestAnalyticsViews::dashboardQueries()
{
    refresh();
    QSqlDatabase db = m_db->connection();
    const AnalyticsPeriod period{QDate(2026, 1, 12), QDate(2026, 1, 13)};
    const auto kpis = AnalyticsService::loadKpis(db, m_restaurant, period);
    QVERIFY2(kpis, kpis ? "" : qPrintable(kpis.error().message));
    const AnalyticsReport::Figures& f = kpis->current;
    QCOMPARE(f.netCents, 8690);
    QCOMPARE(f.orders, 5);
    QCOMPARE(f.covers, 6);
    QCOMPARE(f.parties, 4);
    QCOMPARE(f.seated, 2);
    QCOMPARE(f.noShows, 1);
    QCOMPARE(f.walkAways, 1);
    QCOMPARE(*f.averageOrderCents, 1738.0);
    QCOMPARE(*f.averageWaitMinutes, 18.5);
    QCOMPARE(*f.quoteErrorMinutes, 3.5);
    QCOMPARE(*f.withinRangeShare, 1.0);
    QCOMPARE(*f.noShowRate, 0.25);
    QCOMPARE(*f.averageRating, 4.0);
    QCOMPARE(kpis->previous.orders, 0);
    QVERIFY(!kpis->previous.averageWaitMinutes.has_value());

    const auto sales = AnalyticsService::loadSales(db, m_restaurant, period);
    QVERIFY(sales);
    QCOMPARE(sales->current.size(), 2);
    QCOMPARE(sales->current.at(0).netCents, 7540);
    QCOMPARE(sales->current.at(1).covers, 2);
    QCOMPARE(sales->previous.size(), 2);

    const auto hours = AnalyticsService::loadHourOfWeek(db, m_restaurant, period);
    QVERIFY(hours);
    QCOMPARE(hours->size(), 7 * 24);
    QCOMPARE(hours->at(0 * 24 + 13).netCents, 4050); // Monday 13:00
    QCOMPARE(hours->at(0 * 24 + 13).weeks, 1);
    QCOMPARE(hours->at(1 * 24 + 13).orders, 1); // Tuesday 13:00: the pre-order
    QCOMPARE(hours->at(2 * 24 + 13).weeks, 0); // no Wednesday in the period

    const auto dishes = AnalyticsService::loadDishes(db, m_restaurant, period, 3);
    QVERIFY(dishes);
    QCOMPARE(dishes->totalNetCents, 8690);
    QCOMPARE(dishes->top.size(), 3);
    QCOMPARE(dishes->top.at(0).name, QStringLiteral("Burrata")); // 34.50
    QCOMPARE(dishes->top.at(1).name, QStringLiteral("Pizza Margherita")); // 33.00
    QCOMPARE(dishes->top.at(0).quantity, 3);
    QCOMPARE(dishes->bottom.size(), 3);
    QCOMPARE(dishes->bottom.first().quantity, 0); // a dish nobody ordered is the slowest

    const auto waits = AnalyticsService::loadWaits(db, m_restaurant, period);
    QVERIFY(waits);
    QCOMPARE(waits->size(), 4);
    QCOMPARE(waits->at(0).parties, 2); // 1–2 people: P2 and P3
    QCOMPARE(*waits->at(0).meanAbsoluteError, 2.0);
    QCOMPARE(*waits->at(1).averageActual, 25.0); // 3–4: P1
    QCOMPARE(waits->at(2).noShows, 1); // 5–6: P4
    QVERIFY(!waits->at(3).averageQuoted.has_value());

    const auto channels = AnalyticsService::loadChannels(db, m_restaurant, period);
    QVERIFY(channels);
    QCOMPARE(channels->size(), 4);
    QCOMPARE(channels->first().channel, QStringLiteral("dine_in")); // 27.40 + 11.50
    QCOMPARE(channels->first().netCents, 3890);

    const auto ratings = AnalyticsService::loadRatings(db, m_restaurant, period);
    QVERIFY(ratings);
    QCOMPARE(ratings->at(0).ratings, 2);
    QCOMPARE(*ratings->at(0).average, 4.0);
    QVERIFY(!ratings->at(1).average.has_value());

    const auto comments = AnalyticsService::loadComments(db, m_restaurant, period, 10);
    QVERIFY(comments);
    QCOMPARE(comments->size(), 1);
    QCOMPARE(comments->first().text, QStringLiteral("Great"));
    QCOMPARE(comments->first().channel, QStringLiteral("visit"));
}

QTEST_GUILESS_MAIN(TestAnalyticsViews)
#include "tst_analytics_views.moc"
