#include "analyticsrole.h"
#include "analyticsservice.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

// The maitre_analytics role BI tools and the dashboard read through: the
// analytics views, and nothing else, and never a write.
class TestAnalyticsRole final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void readsEveryAnalyticsView();
    void readsNoPrivateTable_data();
    void readsNoPrivateTable();
    void writesNothing_data();
    void writesNothing();
    void theViewsHoldNoPersonalData();
    void guardsAgainstRunawayQueries();
    void maitreSetsItsPassword();
    void aViewAddedLaterIsGrantedAtTheNextStart();
    void theDashboardReadsThroughIt();

private:
    // Runs `sql` as maitre_analytics; the error text, or empty when it worked.
    QString asAnalytics(const QString& sql);

    std::unique_ptr<TestDatabase> m_db;
    QSqlDatabase m_role;
    qint64 m_restaurant = 0;
};

void TestAnalyticsRole::initTestCase()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO parties (restaurant_id, name, size, phone, token, code)"
                                      " VALUES (?, 'Secret Person', 2, '+34 600 000 000', repeat('t', 32), 'ABCD')"),
                       {m_restaurant}));
    // The cluster trusts its private socket, so the role needs no password here.
    m_role = AnalyticsRole::connection(m_db->settings(), QString()).addDatabase(QStringLiteral("analytics-role"));
    QVERIFY2(m_role.open(), qPrintable(m_role.lastError().text()));
}

void TestAnalyticsRole::cleanupTestCase()
{
    m_role.close();
    m_role = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("analytics-role"));
    m_db.reset();
}

QString TestAnalyticsRole::asAnalytics(const QString& sql)
{
    // One statement at a time, so a failure of the last is not hidden behind the first.
    for (const QString& statement : sql.split(u';', Qt::SkipEmptyParts)) {
        QSqlQuery query(m_role);
        if (!query.exec(statement.trimmed())) {
            const QString error = query.lastError().text();
            return error.isEmpty() ? QStringLiteral("failed") : error;
        }
    }
    return {};
}

void TestAnalyticsRole::readsEveryAnalyticsView()
{
    QSqlQuery names(m_db->connection());
    QVERIFY(names.exec(QStringLiteral("SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                      " WHERE n.nspname = 'analytics' AND c.relkind IN ('v', 'm') ORDER BY 1")));
    int views = 0;
    while (names.next()) {
        const QString name = names.value(0).toString();
        QCOMPARE(asAnalytics(QStringLiteral("SELECT * FROM analytics.%1 LIMIT 1").arg(name)), QString());
        ++views;
    }
    QVERIFY(views >= 15);
    // Its search path starts in the schema, as BI tools expect.
    QCOMPARE(asAnalytics(QStringLiteral("SELECT * FROM sales_daily LIMIT 1")), QString());
}

void TestAnalyticsRole::readsNoPrivateTable_data()
{
    QTest::addColumn<QString>("table");
    for (const char* table : {"staff",
                              "staff_tokens",
                              "parties",
                              "orders",
                              "order_items",
                              "payments",
                              "deliveries",
                              "audit_log",
                              "events",
                              "restaurants",
                              "feedback",
                              "geocode_cache"}) {
        QTest::newRow(table) << QString::fromLatin1(table);
    }
}

void TestAnalyticsRole::readsNoPrivateTable()
{
    QFETCH(QString, table);
    const QString error = asAnalytics(QStringLiteral("SELECT * FROM public.%1 LIMIT 1").arg(table));
    QVERIFY2(error.contains(QStringLiteral("permission denied")), qPrintable(error));
}

void TestAnalyticsRole::writesNothing_data()
{
    QTest::addColumn<QString>("statement");
    QTest::newRow("insert into a rollup") << QStringLiteral(
        "INSERT INTO analytics.sales_hourly_rollup (restaurant_id, hour, channel) VALUES (1, now(), 'x')");
    QTest::newRow("refresh a rollup") << QStringLiteral("REFRESH MATERIALIZED VIEW analytics.sales_hourly_rollup");
    QTest::newRow("create in analytics") << QStringLiteral("CREATE TABLE analytics.mine (x int)");
    QTest::newRow("create in public") << QStringLiteral("CREATE TABLE public.mine (x int)");
    QTest::newRow("temporary table") << QStringLiteral("SET default_transaction_read_only = off;"
                                                       " CREATE TEMPORARY TABLE mine (x int)");
    QTest::newRow("drop a view") << QStringLiteral("DROP VIEW analytics.sales_daily");
    QTest::newRow("insert an event") << QStringLiteral("INSERT INTO public.events (type) VALUES ('a.b')");
    QTest::newRow("grant itself more") << QStringLiteral("SET default_transaction_read_only = off;"
                                                         " GRANT SELECT ON public.staff TO maitre_analytics");
}

void TestAnalyticsRole::writesNothing()
{
    QFETCH(QString, statement);
    const QString error = asAnalytics(statement);
    QVERIFY2(!error.isEmpty(), qPrintable(statement));
    QVERIFY2(error.contains(QStringLiteral("permission denied")) || error.contains(QStringLiteral("must be owner"))
                 || error.contains(QStringLiteral("read-only")),
             qPrintable(error));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'mine'")).toInt(), 0);
    QCOMPARE(asAnalytics(QStringLiteral("RESET ALL")), QString()); // the next case starts read-only again
}

void TestAnalyticsRole::theViewsHoldNoPersonalData()
{
    // No column of the schema carries a name of a person, a phone, a token or an address.
    const QString columns = m_db->scalar(QStringLiteral("SELECT coalesce(string_agg(table_name || '.' || column_name,"
                                                        " ', '), '') FROM information_schema.columns"
                                                        " WHERE table_schema = 'analytics' AND (column_name ~"
                                                        " '(phone|customer|token|address|pin|email)'"
                                                        " OR (column_name = 'name' AND table_name NOT IN"
                                                        " ('menu_daily', 'menu_performance', 'dishes')))"))
                                .toString();
    QCOMPARE(columns, QString());
    QSqlQuery query(m_role);
    QVERIFY(query.exec(QStringLiteral("SELECT string_agg(to_jsonb(q)::text, '') FROM analytics.queue_hourly q")));
    QVERIFY(query.next());
    QVERIFY(!query.value(0).toString().contains(QStringLiteral("Secret Person")));
    QVERIFY(!query.value(0).toString().contains(QStringLiteral("600 000")));
}

void TestAnalyticsRole::guardsAgainstRunawayQueries()
{
    QSqlQuery query(m_role);
    QVERIFY(query.exec(QStringLiteral("SHOW statement_timeout")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("1min"));
    QVERIFY(query.exec(QStringLiteral("SHOW default_transaction_read_only")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("on"));
    QVERIFY(query.exec(QStringLiteral("SHOW max_parallel_workers_per_gather")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("0"));
}

void TestAnalyticsRole::maitreSetsItsPassword()
{
    QSqlDatabase db = m_db->connection();
    const auto status = AnalyticsRole::status(db);
    QVERIFY(status);
    QVERIFY(status->exists);
    QVERIFY(status->manageable);
    const QString password = AnalyticsRole::generatePassword();
    QCOMPARE(password.size(), 24);
    QVERIFY(password != AnalyticsRole::generatePassword());
    QVERIFY(AnalyticsRole::setPassword(db, password));
    // Kept as a SCRAM verifier, never as the password itself.
    const QString stored =
        m_db->scalar(QStringLiteral("SELECT rolpassword FROM pg_authid WHERE rolname = 'maitre_analytics'")).toString();
    QVERIFY2(stored.startsWith(QStringLiteral("SCRAM-SHA-256$")), qPrintable(stored.left(16)));
    QVERIFY(!stored.contains(password));
}

void TestAnalyticsRole::aViewAddedLaterIsGrantedAtTheNextStart()
{
    QVERIFY(m_db->exec(QStringLiteral("CREATE VIEW analytics.later AS SELECT 1 AS one")));
    QVERIFY(m_db->exec(QStringLiteral("REVOKE ALL ON analytics.later FROM maitre_analytics")));
    QVERIFY(asAnalytics(QStringLiteral("SELECT * FROM analytics.later")).contains(QStringLiteral("permission denied")));
    QSqlDatabase db = m_db->connection();
    QVERIFY(AnalyticsRole::grantReads(db));
    QCOMPARE(asAnalytics(QStringLiteral("SELECT * FROM analytics.later")), QString());
    QVERIFY(m_db->exec(QStringLiteral("DROP VIEW analytics.later")));
}

void TestAnalyticsRole::theDashboardReadsThroughIt()
{
    Store store(AnalyticsRole::connection(m_db->settings(), QString()), 1);
    AnalyticsService analytics(store);
    const auto kpis = awaitFuture(analytics.kpis(m_restaurant, {QDate(2026, 1, 1), QDate(2026, 1, 31)}));
    QVERIFY2(kpis, kpis ? "" : qPrintable(kpis.error().message));
    const auto dishes = awaitFuture(analytics.dishes(m_restaurant, {QDate(2026, 1, 1), QDate(2026, 1, 31)}));
    QVERIFY2(dishes, dishes ? "" : qPrintable(dishes.error().message));
    QCOMPARE(dishes->top.size(), 8);
    store.shutdown();
}

QTEST_GUILESS_MAIN(TestAnalyticsRole)
#include "tst_analytics_role.moc"
