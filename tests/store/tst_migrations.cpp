#include "store/migrator.h"
#include "testdatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

class TestMigrations final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appliesToAnEmptyDatabase();
    void reapplyingIsANoOp();
    void refusesANewerDatabase();
    void failedMigrationChangesNothing();
    void eventsAreAppendOnly();
    void everyTableCarriesRestaurantId();
};

void TestMigrations::appliesToAnEmptyDatabase()
{
    TestDatabase db;
    QVERIFY2(db.isValid(), qPrintable(db.error()));
    QSqlDatabase conn = db.connection();
    QCOMPARE(*Migrator::currentVersion(conn), 0);
    const Migrator migrator;
    QVERIFY(migrator.latestVersion() >= 1);
    const auto applied = migrator.migrate(conn);
    QVERIFY2(applied, applied ? "" : qPrintable(applied.error().message));
    QCOMPARE(*applied, int(migrator.migrations().size()));
    QCOMPARE(*Migrator::currentVersion(conn), migrator.latestVersion());
    for (const char* table : {"restaurants",
                              "dining_tables",
                              "menu_categories",
                              "menu_items",
                              "parties",
                              "orders",
                              "order_items",
                              "tickets",
                              "ticket_items",
                              "deliveries",
                              "drivers",
                              "payments",
                              "feedback",
                              "staff",
                              "audit_log",
                              "events"}) {
        QVERIFY2(db.scalar(QStringLiteral("SELECT to_regclass(?) IS NOT NULL"), {QString::fromLatin1(table)}).toBool(),
                 table);
    }
}

void TestMigrations::reapplyingIsANoOp()
{
    TestDatabase db;
    QVERIFY(db.migrate().isEmpty());
    const QVariant before =
        db.scalar(QStringLiteral("SELECT string_agg(version || ':' || applied_at, ',') FROM schema_migrations"));
    QSqlDatabase conn = db.connection();
    const auto again = Migrator().migrate(conn);
    QVERIFY(again);
    QCOMPARE(*again, 0);
    QCOMPARE(db.scalar(QStringLiteral("SELECT string_agg(version || ':' || applied_at, ',') FROM schema_migrations")),
             before);
}

void TestMigrations::refusesANewerDatabase()
{
    TestDatabase db;
    QVERIFY(db.migrate().isEmpty());
    QVERIFY(db.exec(QStringLiteral("INSERT INTO schema_migrations (version, name) VALUES (9999, 'from_the_future')")));
    QSqlDatabase conn = db.connection();
    const auto result = Migrator().migrate(conn);
    QVERIFY(!result);
    QCOMPARE(result.error().kind, Error::Kind::Conflict);
    QVERIFY2(result.error().message.contains(u"9999"), qPrintable(result.error().message));
    QCOMPARE(db.scalar(QStringLiteral("SELECT max(version) FROM schema_migrations")).toInt(), 9999);
}

void TestMigrations::failedMigrationChangesNothing()
{
    TestDatabase db;
    QVERIFY(db.isValid());
    // A "restaurants" table that clashes with the first migration makes it fail midway.
    QVERIFY(db.exec(QStringLiteral("CREATE TABLE dining_tables (id int)")));
    QSqlDatabase conn = db.connection();
    const auto result = Migrator().migrate(conn);
    QVERIFY(!result);
    QVERIFY(!db.scalar(QStringLiteral("SELECT to_regclass('restaurants') IS NOT NULL")).toBool());
    QVERIFY(!db.scalar(QStringLiteral("SELECT to_regclass('schema_migrations') IS NOT NULL")).toBool());
}

void TestMigrations::eventsAreAppendOnly()
{
    TestDatabase db;
    QVERIFY(db.migrate().isEmpty());
    QVERIFY(db.exec(QStringLiteral("INSERT INTO events (type, payload) VALUES ('test.happened', '{}')")));
    QSqlDatabase conn = db.connection();
    QSqlQuery query(conn);
    QVERIFY(!query.exec(QStringLiteral("UPDATE events SET type = 'test.changed'")));
    QVERIFY(query.lastError().databaseText().contains(u"append-only"));
    QVERIFY(!query.exec(QStringLiteral("DELETE FROM events")));
    QVERIFY(!query.exec(QStringLiteral("TRUNCATE events")));
    QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM events WHERE type = 'test.happened'")).toInt(), 1);
}

void TestMigrations::everyTableCarriesRestaurantId()
{
    TestDatabase db;
    QVERIFY(db.migrate().isEmpty());
    const QVariant missing = db.scalar(
        QStringLiteral("SELECT string_agg(t.table_name, ', ') FROM information_schema.tables t "
                       "WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' "
                       "AND t.table_name NOT IN ('restaurants', 'schema_migrations') "
                       "AND NOT EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = 'public' "
                       "AND c.table_name = t.table_name AND c.column_name = 'restaurant_id')"));
    QVERIFY2(missing.isNull(), qPrintable(missing.toString()));
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
