#include "diningtable.h"
#include "restaurantservice.h"
#include "store/sql.h"
#include "store/store.h"
#include "tableservice.h"
#include "testdatabase.h"

#include <QSet>
#include <QTest>
#include <QThread>
#include <QTimeZone>

class TestStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsOnWorkerThreads();
    void transactionRollsBackOnError();
    void unreachableDatabaseIsAnErrorValue();
    void seedsTheDemoRestaurantOnce();
    void createsAnEmptyRestaurant();
    void bindingsRoundTripAsLiterals();
};

void TestStore::runsOnWorkerThreads()
{
    TestDatabase db;
    QVERIFY(db.migrate().isEmpty());
    Store store(db.settings(), 3);
    QList<QFuture<Result<quintptr>>> futures;
    for (int i = 0; i < 30; ++i) {
        futures << store.run<quintptr>([](QSqlDatabase& conn) -> Result<quintptr> {
            auto q = Sql::exec(conn, QStringLiteral("SELECT pg_sleep(0.01)"));
            if (!q) {
                return unexpected(q.error());
            }
            return quintptr(QThread::currentThreadId());
        });
    }
    QSet<quintptr> threads;
    for (auto& f : futures) {
        const auto r = awaitFuture(f);
        QVERIFY2(r, r ? "" : qPrintable(r.error().message));
        threads.insert(*r);
    }
    QVERIFY(!threads.contains(quintptr(QThread::currentThreadId())));
    QVERIFY(threads.size() >= 2);
    QVERIFY(threads.size() <= 3);
}

void TestStore::transactionRollsBackOnError()
{
    TestDatabase db;
    QVERIFY(db.migrate().isEmpty());
    Store store(db.settings(), 1);
    const auto result = awaitFuture(store.transact<int>([](QSqlDatabase& conn) -> Result<int> {
        auto q =
            Sql::exec(conn, QStringLiteral("INSERT INTO restaurants (slug, name) VALUES ('half', 'Half written')"));
        if (!q) {
            return unexpected(q.error());
        }
        return unexpected(Error::invalid(QStringLiteral("name"), QStringLiteral("changed my mind")));
    }));
    QVERIFY(!result);
    QCOMPARE(result.error().field, QStringLiteral("name"));
    QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM restaurants")).toInt(), 0);

    // A constraint violation comes back as a value, and the worker carries on.
    const auto clash = awaitFuture(store.transact<int>([](QSqlDatabase& conn) -> Result<int> {
        auto q = Sql::exec(conn, QStringLiteral("INSERT INTO restaurants (slug, name) VALUES ('BAD SLUG', 'x')"));
        if (!q) {
            return unexpected(q.error());
        }
        return 1;
    }));
    QVERIFY(!clash);
    QCOMPARE(clash.error().kind, Error::Kind::Invalid);
    QVERIFY(awaitFuture(store.ping()).has_value());
}

void TestStore::unreachableDatabaseIsAnErrorValue()
{
    ConnectionSettings nowhere;
    nowhere.host = QStringLiteral("/nonexistent/socket/dir");
    nowhere.user = QStringLiteral("maitre");
    nowhere.database = QStringLiteral("maitre");
    Store store(nowhere, 1);
    const auto ping = awaitFuture(store.ping());
    QVERIFY(!ping);
    QCOMPARE(ping.error().kind, Error::Kind::Unavailable);
    store.shutdown();
    const auto afterShutdown = awaitFuture(store.ping());
    QVERIFY(!afterShutdown);
    QCOMPARE(afterShutdown.error().kind, Error::Kind::Unavailable);
}

void TestStore::seedsTheDemoRestaurantOnce()
{
    TestDatabase db;
    QVERIFY(db.migrate().isEmpty());
    Store store(db.settings(), 2);
    RestaurantService restaurants(store);
    QVERIFY(!awaitFuture(restaurants.current())->has_value());
    // Two consoles pressing the button at once still make one restaurant.
    auto first = restaurants.seedDemo();
    auto second = restaurants.seedDemo();
    const auto a = awaitFuture(first);
    const auto b = awaitFuture(second);
    QVERIFY2(a && b, qPrintable(a ? (b ? QString() : b.error().message) : a.error().message));
    QCOMPARE(a->id, b->id);
    QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM restaurants")).toInt(), 1);
    QVERIFY(db.scalar(QStringLiteral("SELECT count(*) FROM dining_tables")).toInt() >= 10);
    QVERIFY(db.scalar(QStringLiteral("SELECT count(DISTINCT seats) FROM dining_tables")).toInt() >= 3);
    QVERIFY(db.scalar(QStringLiteral("SELECT count(*) FROM menu_items")).toInt() >= 25);
    QVERIFY(db.scalar(QStringLiteral("SELECT count(*) FROM menu_categories")).toInt() >= 4);
    QVERIFY(db.scalar(QStringLiteral("SELECT count(DISTINCT station) FROM menu_items")).toInt() >= 3);
    QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM menu_items WHERE price_cents <= 0 OR prep_minutes <= 0"))
                 .toInt(),
             0);
    QVERIFY(db.scalar(QStringLiteral("SELECT count(*) FROM menu_items WHERE cardinality(tags) > 0")).toInt() >= 10);
    QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM events WHERE type = 'restaurant.created'")).toInt(), 1);

    TableService tables(store);
    const auto list = awaitFuture(tables.tables(a->id));
    QVERIFY(list);
    QCOMPARE(list->size(), db.scalar(QStringLiteral("SELECT count(*) FROM dining_tables")).toInt());
    QCOMPARE(list->first().label, QStringLiteral("T1"));
    QCOMPARE(list->first().state, DiningTable::State::Free);
}

void TestStore::createsAnEmptyRestaurant()
{
    TestDatabase db;
    QVERIFY(db.migrate().isEmpty());
    Store store(db.settings(), 1);
    RestaurantService restaurants(store);
    const auto blank = awaitFuture(restaurants.createRestaurant(QStringLiteral("   ")));
    QVERIFY(!blank);
    QCOMPARE(blank.error().field, QStringLiteral("name"));
    QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM restaurants")).toInt(), 0);
    const auto made = awaitFuture(restaurants.createRestaurant(QStringLiteral("Café Olé!")));
    QVERIFY2(made, made ? "" : qPrintable(made.error().message));
    QCOMPARE(made->name, QStringLiteral("Café Olé!"));
    QCOMPARE(made->slug, QStringLiteral("caf-ol"));
    QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM dining_tables")).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestStore)
void TestStore::bindingsRoundTripAsLiterals()
{
    // Values are inlined as the driver's literals: whatever a diner types
    // comes back exactly, and never changes the statement.
    TestDatabase db;
    QVERIFY(db.migrate().isEmpty());
    Store store(db.settings(), 1);
    const QString nasty = QStringLiteral("O'Brien \\ \"quoted\" ?; DROP TABLE parties; -- ünïcødé 🍝 $$");
    const QDateTime when = QDateTime(QDate(2026, 11, 25), QTime(19, 30, 15, 250), QTimeZone::UTC);
    const auto row = awaitFuture(store.run<QVariantList>([&](QSqlDatabase& conn) -> Result<QVariantList> {
        auto q = Sql::exec(
            conn,
            QStringLiteral("SELECT ?::text, ?::int, ?::timestamptz, ?::text IS NULL, ?::bool, '?', \"?column?\""
                           " FROM (SELECT 1 AS \"?column?\") x"),
            {nasty, 42, when, QVariant(QMetaType::fromType<QString>()), true});
        if (!q) {
            return unexpected(q.error());
        }
        if (!q->next()) {
            return unexpected(Error::internal(QStringLiteral("no row")));
        }
        return QVariantList{q->value(0), q->value(1), q->value(2), q->value(3), q->value(4), q->value(5), q->value(6)};
    }));
    QVERIFY2(row, row ? "" : qPrintable(row.error().message));
    QCOMPARE(row->at(0).toString(), nasty);
    QCOMPARE(row->at(1).toInt(), 42);
    QCOMPARE(row->at(2).toDateTime().toUTC(), when);
    QVERIFY(row->at(3).toBool());
    QVERIFY(row->at(4).toBool());
    QCOMPARE(row->at(5).toString(), QStringLiteral("?")); // a ? inside quotes is not a placeholder
    QCOMPARE(row->at(6).toInt(), 1);
    QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pg_tables WHERE tablename = 'parties'")).toInt(), 1);

    // A count mismatch is an error, not a half-bound statement.
    const auto tooMany = awaitFuture(store.run<QString>(
        [](QSqlDatabase& conn) { return Sql::inlineBindings(conn, QStringLiteral("SELECT ?"), {1, 2}); }));
    QVERIFY(!tooMany);
    const auto tooFew = awaitFuture(store.run<QString>(
        [](QSqlDatabase& conn) { return Sql::inlineBindings(conn, QStringLiteral("SELECT ?, ?"), {1}); }));
    QVERIFY(!tooFew);
}

#include "tst_store.moc"
