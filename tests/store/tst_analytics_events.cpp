#include "feedbackservice.h"
#include "store/eventlog.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>
#include <numeric>

// The append-only event log: written with the change it records or not at
// all, never changed afterwards (the database refuses), and read back in an
// order a resuming reader can trust.
class TestAnalyticsEvents final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void aRolledBackChangeLeavesNoEvent();
    void aFailedServiceCallLeavesNoEvent();
    void theDatabaseRefusesToChangeTheLog_data();
    void theDatabaseRefusesToChangeTheLog();
    void readsInLogOrderPastALateCommit();
    void readsInPages();
    void liveStartSkipsWhatWasCommittedBefore();
    void aBulkLoadAnnouncesNothing();

private:
    qint64 count() { return m_db->scalar(QStringLiteral("SELECT count(*) FROM events")).toLongLong(); }
    EventLog::Read read(const EventLog::Cursor& after, int limit = 100);
    // The same once no transaction anywhere in the cluster holds the log back
    // (tests in parallel run their own; Maitre's are short).
    EventLog::Read settled(const EventLog::Cursor& after, int limit = 100);

    std::unique_ptr<TestDatabase> m_db;
    qint64 m_restaurant = 0;
};

void TestAnalyticsEvents::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
}

void TestAnalyticsEvents::cleanup()
{
    m_db.reset();
}

EventLog::Read TestAnalyticsEvents::read(const EventLog::Cursor& after, int limit)
{
    QSqlDatabase db = m_db->connection();
    auto result = EventLog::readAfter(db, m_restaurant, after, limit);
    if (!result) {
        qFatal("readAfter: %s", qPrintable(result.error().message));
    }
    return *result;
}

EventLog::Read TestAnalyticsEvents::settled(const EventLog::Cursor& after, int limit)
{
    EventLog::Read r = read(after, limit);
    QElapsedTimer clock;
    clock.start();
    while (r.heldBack && clock.elapsed() < 60'000) {
        QTest::qWait(100);
        r = read(after, limit);
    }
    return r;
}

void TestAnalyticsEvents::aRolledBackChangeLeavesNoEvent()
{
    const qint64 before = count();
    QSqlDatabase db = m_db->connection();
    QVERIFY(db.transaction());
    QVERIFY(EventLog::append(db, m_restaurant, QStringLiteral("order.created"), {{QStringLiteral("order_id"), 1}}));
    QVERIFY(db.rollback());
    QCOMPARE(count(), before);
    QVERIFY(read({}).events.isEmpty() || read({}).events.last().type != u"order.created");
}

void TestAnalyticsEvents::aFailedServiceCallLeavesNoEvent()
{
    // The feedback insert fails (the rating breaks the table's check) after
    // its row was looked up: the whole transaction goes, event included.
    Store store(m_db->settings(), 1);
    FeedbackService feedback(store);
    const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code)"
                                      " VALUES (?, 'takeout', 'picked_up', ?, 'EVNT')"),
                       {m_restaurant, token}));
    QVERIFY(m_db->exec(QStringLiteral("ALTER TABLE feedback ADD CONSTRAINT test_refuses_threes CHECK (rating <> 3)")));
    const qint64 before = count();
    const auto refused = awaitFuture(feedback.submit(m_restaurant, token, 3, QString()));
    QVERIFY(!refused);
    QCOMPARE(count(), before);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM feedback")).toInt(), 0);
    const auto taken = awaitFuture(feedback.submit(m_restaurant, token, 4, QString()));
    QVERIFY(taken);
    QCOMPARE(count(), before + 1);
    store.shutdown();
}

void TestAnalyticsEvents::theDatabaseRefusesToChangeTheLog_data()
{
    QTest::addColumn<QString>("statement");
    QTest::newRow("update") << QStringLiteral("UPDATE events SET type = 'order.cancelled'");
    QTest::newRow("delete") << QStringLiteral("DELETE FROM events");
    QTest::newRow("truncate") << QStringLiteral("TRUNCATE events");
}

void TestAnalyticsEvents::theDatabaseRefusesToChangeTheLog()
{
    QFETCH(QString, statement);
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO events (restaurant_id, type) VALUES (?, 'party.joined')"),
                       {m_restaurant}));
    const qint64 before = count();
    // Even the table's owner, and even when code forgets the rule.
    QSqlDatabase db = m_db->connection();
    QSqlQuery query(db);
    QVERIFY(!query.exec(statement));
    QVERIFY2(query.lastError().text().contains(QStringLiteral("append-only")), qPrintable(query.lastError().text()));
    QCOMPARE(count(), before);
}

void TestAnalyticsEvents::readsInLogOrderPastALateCommit()
{
    const EventLog::Cursor start = settled({}).end;
    QSqlDatabase a = m_db->connection();
    const QString bName = QStringLiteral("events-b");
    {
        QSqlDatabase b = m_db->settings().addDatabase(bName);
        QVERIFY(b.open());
        // A has the older transaction; B's event is written and committed first.
        QVERIFY(a.transaction());
        QSqlQuery xid(a);
        QVERIFY(xid.exec(QStringLiteral("SELECT pg_current_xact_id()")));
        QVERIFY(b.transaction());
        const auto bId = EventLog::append(b, m_restaurant, QStringLiteral("order.created"), {});
        QVERIFY(bId);
        QVERIFY(b.commit());
        // B is committed but nothing is handed out while A could still add an event before it.
        EventLog::Read meanwhile = read(start);
        QVERIFY(meanwhile.events.isEmpty());
        QVERIFY(meanwhile.heldBack);
        QCOMPARE(meanwhile.end, start);
        const auto aId = EventLog::append(a, m_restaurant, QStringLiteral("party.joined"), {});
        QVERIFY(aId);
        QVERIFY(a.commit());
        QVERIFY(*aId > *bId);

        const EventLog::Read all = settled(start);
        QVERIFY(!all.heldBack);
        QCOMPARE(all.events.size(), 2);
        QCOMPARE(all.events.at(0).id, *aId); // the older transaction first
        QCOMPARE(all.events.at(1).id, *bId);
        QCOMPARE(all.events.at(0).type, QStringLiteral("party.joined"));
        QVERIFY(all.positions.at(0) < all.positions.at(1));
        QCOMPARE(all.end, all.positions.at(1));

        // Resuming after either event gives exactly what follows it.
        QSqlDatabase db = m_db->connection();
        const auto afterA = EventLog::cursorAfter(db, m_restaurant, *aId);
        QVERIFY(afterA && afterA->has_value());
        const EventLog::Read rest = settled(**afterA);
        QCOMPARE(rest.events.size(), 1);
        QCOMPARE(rest.events.first().id, *bId);
        const auto afterB = EventLog::cursorAfter(db, m_restaurant, *bId);
        QVERIFY(afterB && afterB->has_value());
        QVERIFY(settled(**afterB).events.isEmpty());
        // An id this restaurant's log does not hold has no place in it.
        const auto unknown = EventLog::cursorAfter(db, m_restaurant, *bId + 1000);
        QVERIFY(unknown && !unknown->has_value());
        const auto foreign = EventLog::cursorAfter(db, m_restaurant + 1, *bId);
        QVERIFY(foreign && !foreign->has_value());
    }
    QSqlDatabase::removeDatabase(bName);
}

void TestAnalyticsEvents::readsInPages()
{
    const EventLog::Cursor start = settled({}).end;
    QSqlDatabase db = m_db->connection();
    QList<EventLog::Entry> entries;
    for (int i = 0; i < 25; ++i) {
        entries.append({QStringLiteral("party.joined"), {{QStringLiteral("n"), i}}});
    }
    QVERIFY(db.transaction());
    QVERIFY(EventLog::appendAll(db, m_restaurant, entries));
    QVERIFY(db.commit());
    EventLog::Cursor at = start;
    QList<int> seen;
    for (int page = 0; page < 10; ++page) {
        const EventLog::Read r = settled(at, 10);
        for (const DomainEvent& e : r.events) {
            seen.append(e.payload.value(u"n").toInt());
        }
        at = r.end;
        if (!r.more) {
            break;
        }
        QCOMPARE(r.events.size(), 10);
    }
    QList<int> expected(25);
    std::iota(expected.begin(), expected.end(), 0);
    QCOMPARE(seen, expected);
}

void TestAnalyticsEvents::liveStartSkipsWhatWasCommittedBefore()
{
    const qint64 before =
        m_db->scalar(QStringLiteral("INSERT INTO events (restaurant_id, type) VALUES (?, 'party.joined') RETURNING id"),
                     {m_restaurant})
            .toLongLong();
    QSqlDatabase db = m_db->connection();
    const auto live = EventLog::liveStart(db);
    QVERIFY(live);
    const qint64 after =
        m_db->scalar(QStringLiteral("INSERT INTO events (restaurant_id, type) VALUES (?, 'party.seated') RETURNING id"),
                     {m_restaurant})
            .toLongLong();
    const EventLog::Read read = settled(*live);
    QList<qint64> ids;
    for (const DomainEvent& e : read.events) {
        ids.append(e.id);
    }
    // Everything committed from then on; before it, only what a transaction
    // still running then could have preceded (none, unless another test's
    // transaction was open at that moment).
    QVERIFY(ids.contains(after));
    const quint64 xact =
        m_db->scalar(QStringLiteral("SELECT xact::text FROM events WHERE id = ?"), {before}).toString().toULongLong();
    QCOMPARE(ids.contains(before), xact > live->xact);
}

void TestAnalyticsEvents::aBulkLoadAnnouncesNothing()
{
    QSqlDatabase listener = m_db->connection();
    QVERIFY(listener.driver()->subscribeToNotification(QStringLiteral("maitre")));
    QSignalSpy heard(listener.driver(), &QSqlDriver::notification);
    const QString writerName = QStringLiteral("bulk-writer");
    {
        QSqlDatabase writer = m_db->settings().addDatabase(writerName);
        QVERIFY(writer.open());
        QVERIFY(writer.transaction());
        QSqlQuery quiet(writer);
        QVERIFY(quiet.exec(QStringLiteral("SET LOCAL maitre.bulk_load = 'on'")));
        QVERIFY(EventLog::append(writer, m_restaurant, QStringLiteral("order.created"), {}));
        QVERIFY(writer.commit());
        // Logged all the same, announced not at all…
        QVERIFY(!heard.wait(1000));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM events WHERE type = 'order.created'")).toInt(), 1);
        // …while an ordinary write is.
        QVERIFY(writer.transaction());
        QVERIFY(EventLog::append(writer, m_restaurant, QStringLiteral("order.cancelled"), {}));
        QVERIFY(writer.commit());
        QVERIFY(heard.wait(5000));
        QCOMPARE(heard.size(), 1);
        QVERIFY(heard.first().at(2).toString().contains(QStringLiteral("order.cancelled")));
    }
    QSqlDatabase::removeDatabase(writerName);
}

QTEST_GUILESS_MAIN(TestAnalyticsEvents)
#include "tst_analytics_events.moc"
