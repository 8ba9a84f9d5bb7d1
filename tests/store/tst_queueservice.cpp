#include "auditlog.h"
#include "queueservice.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QTest>
#include <QTimeZone>

// The queue's domain rules through the service, on a real database.
class TestQueueService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void hostActionsNeedTheRoleAndAreAudited();
    void cleanup();
    void lifecycleWithTables();
    void rejectedTransitionsChangeNothing();
    void walkInIsSeatedDirectly();
    void seatingChecksTheTables();
    void combinesTablesForALargeParty();
    void preorderFollowsTheParty();
    void preorderFiresWhenDue();
    void preorderWaitsWhileTheWaitIsLong();
    void tableStateRules();
    void turnTimesAreLearned();
    void relearnReadsTheQueueHistory();
    void learnedInputsChangeTheQuotes();
    void everyPathQuotesTheSameWay();
    void tonightsPaceComesFromThisServiceDay();
    void joinsArrivingTogetherShareATransaction();

private:
    // What a history written by insertHistory() should teach.
    struct History
    {
        QList<QueueStay> stays;
        QList<TableChoice> choices;
        int walkAways = 0;
        int walkBacks = 0;
    };
    // A party that has left the queue, written as the service would have (party_tables
    // for a table). Null times are NULL.
    void insertParty(const QString& status,
                     int size,
                     const QDateTime& joined,
                     const QDateTime& notified,
                     const QDateTime& seated,
                     const QDateTime& left,
                     const QString& table = {});
    // Four weeks of dinners with walk backs, walk-aways, no-shows and bigger tables.
    History insertHistory();
    // Every table occupied, nobody known at them (so no turn has started to say anything).
    void fillTheRoom();
    Result<Party> join(const QString& name, int size, const QList<JoinRequest::Item>& items = {});
    qint64 tableId(const QString& label);
    QString tableState(const QString& label);
    int events(const QString& type);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<QueueService> m_queue;
    qint64 m_restaurant = 0;
};

void TestQueueService::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_queue = std::make_unique<QueueService>(*m_store);
}

void TestQueueService::cleanup()
{
    m_queue.reset();
    m_store.reset();
    m_db.reset();
}

Result<Party> TestQueueService::join(const QString& name, int size, const QList<JoinRequest::Item>& items)
{
    JoinRequest request;
    request.name = name;
    request.partySize = size;
    request.items = items;
    request.source = QStringLiteral("host");
    return awaitFuture(m_queue->join(m_restaurant, request));
}

qint64 TestQueueService::tableId(const QString& label)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM dining_tables WHERE label = ?"), {label}).toLongLong();
}

QString TestQueueService::tableState(const QString& label)
{
    return m_db->scalar(QStringLiteral("SELECT state FROM dining_tables WHERE label = ?"), {label}).toString();
}

int TestQueueService::events(const QString& type)
{
    return m_db->scalar(QStringLiteral("SELECT count(*) FROM events WHERE type = ?"), {type}).toInt();
}

void TestQueueService::lifecycleWithTables()
{
    const auto party = join(QStringLiteral("Ana"), 4);
    QVERIFY2(party, party ? "" : qPrintable(party.error().message));
    QCOMPARE(party->status, PartyStatus::Waiting);
    QCOMPARE(party->source, QStringLiteral("host"));

    const auto notified = awaitFuture(m_queue->notify(m_restaurant, Actor::system(), party->id));
    QVERIFY(notified);
    QCOMPARE(notified->status, PartyStatus::Notified);
    QVERIFY(notified->notifiedAt.isValid());
    QCOMPARE(notified->holdUntil(), notified->notifiedAt.addSecs(600));

    const auto seated =
        awaitFuture(m_queue->seat(m_restaurant, Actor::system(), party->id, {tableId(QStringLiteral("T5"))}));
    QVERIFY2(seated, seated ? "" : qPrintable(seated.error().message));
    QCOMPARE(seated->status, PartyStatus::Seated);
    QCOMPARE(seated->tableLabels, QList<QString>{QStringLiteral("T5")});
    QCOMPARE(seated->position, 0);
    QCOMPARE(tableState(QStringLiteral("T5")), QStringLiteral("occupied"));

    const auto done = awaitFuture(m_queue->finish(m_restaurant, Actor::system(), party->id));
    QVERIFY(done);
    QCOMPARE(done->status, PartyStatus::Done);
    QVERIFY(done->leftAt.isValid());
    QCOMPARE(tableState(QStringLiteral("T5")), QStringLiteral("dirty")); // needs cleaning
    const auto cleaned = awaitFuture(
        m_queue->setTableState(m_restaurant, Actor::system(), tableId(QStringLiteral("T5")), DiningTable::State::Free));
    QVERIFY(cleaned);
    QCOMPARE(tableState(QStringLiteral("T5")), QStringLiteral("free"));

    for (const char* type : {"party.joined", "party.notified", "party.seated", "party.done"}) {
        QCOMPARE(events(QString::fromLatin1(type)), 1);
    }
    QCOMPARE(events(QStringLiteral("table.updated")), 3);
}

void TestQueueService::rejectedTransitionsChangeNothing()
{
    const auto party = join(QStringLiteral("Ben"), 2);
    QVERIFY(party);
    const auto finish = awaitFuture(m_queue->finish(m_restaurant, Actor::system(), party->id));
    QVERIFY(!finish);
    QCOMPARE(finish.error().kind, Error::Kind::Conflict);
    QVERIFY(awaitFuture(m_queue->cancel(m_restaurant, Actor::system(), party->id)));
    for (auto future : {m_queue->notify(m_restaurant, Actor::system(), party->id),
                        m_queue->cancel(m_restaurant, Actor::system(), party->id),
                        m_queue->markNoShow(m_restaurant, Actor::system(), party->id),
                        m_queue->seat(m_restaurant, Actor::system(), party->id, {tableId(QStringLiteral("T1"))})}) {
        const auto result = awaitFuture(future);
        QVERIFY(!result);
        QCOMPARE(result.error().kind, Error::Kind::Conflict);
    }
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM parties WHERE id = ?"), {party->id}).toString(),
             QStringLiteral("cancelled"));
    QCOMPARE(tableState(QStringLiteral("T1")), QStringLiteral("free"));
    QCOMPARE(events(QStringLiteral("party.notified")), 0);
    const auto missing = awaitFuture(m_queue->notify(m_restaurant, Actor::system(), 987654));
    QVERIFY(!missing);
    QCOMPARE(missing.error().kind, Error::Kind::NotFound);
}

void TestQueueService::walkInIsSeatedDirectly()
{
    const auto party = join(QStringLiteral("Walk-in"), 2);
    const auto seated =
        awaitFuture(m_queue->seat(m_restaurant, Actor::system(), party->id, {tableId(QStringLiteral("T1"))}));
    QVERIFY(seated);
    QCOMPARE(seated->status, PartyStatus::Seated);
    QVERIFY(seated->notifiedAt.isValid());
}

void TestQueueService::seatingChecksTheTables()
{
    const auto six = join(QStringLiteral("Six"), 6);
    const auto tooSmall =
        awaitFuture(m_queue->seat(m_restaurant, Actor::system(), six->id, {tableId(QStringLiteral("T5"))}));
    QVERIFY(!tooSmall);
    QCOMPARE(tooSmall.error().kind, Error::Kind::Invalid);
    QCOMPARE(tooSmall.error().field, QStringLiteral("tables"));
    const auto unknown = awaitFuture(m_queue->seat(m_restaurant, Actor::system(), six->id, {424242}));
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().kind, Error::Kind::NotFound);
    const auto none = awaitFuture(m_queue->seat(m_restaurant, Actor::system(), six->id, {}));
    QVERIFY(!none);
    // T7 and T8 are not combinable.
    const auto combined = awaitFuture(m_queue->seat(
        m_restaurant, Actor::system(), six->id, {tableId(QStringLiteral("T7")), tableId(QStringLiteral("T8"))}));
    QVERIFY(!combined);
    QCOMPARE(combined.error().kind, Error::Kind::Conflict);

    QVERIFY(awaitFuture(m_queue->seat(m_restaurant, Actor::system(), six->id, {tableId(QStringLiteral("T9"))})));
    const auto other = join(QStringLiteral("Other"), 2);
    const auto taken =
        awaitFuture(m_queue->seat(m_restaurant, Actor::system(), other->id, {tableId(QStringLiteral("T9"))}));
    QVERIFY(!taken);
    QCOMPARE(taken.error().kind, Error::Kind::Conflict);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM parties WHERE id = ?"), {other->id}).toString(),
             QStringLiteral("waiting"));
}

void TestQueueService::combinesTablesForALargeParty()
{
    const auto party = join(QStringLiteral("Eight"), 8);
    QVERIFY(party);
    const auto seated = awaitFuture(m_queue->seat(
        m_restaurant, Actor::system(), party->id, {tableId(QStringLiteral("T5")), tableId(QStringLiteral("T6"))}));
    QVERIFY2(seated, seated ? "" : qPrintable(seated.error().message));
    QCOMPARE(seated->tableLabels.size(), 2);
    QCOMPARE(tableState(QStringLiteral("T5")), QStringLiteral("occupied"));
    QCOMPARE(tableState(QStringLiteral("T6")), QStringLiteral("occupied"));
    QVERIFY(awaitFuture(m_queue->finish(m_restaurant, Actor::system(), party->id)));
    QCOMPARE(tableState(QStringLiteral("T5")), QStringLiteral("dirty"));
    QCOMPARE(tableState(QStringLiteral("T6")), QStringLiteral("dirty"));
}

void TestQueueService::preorderFollowsTheParty()
{
    const qint64 item = m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE name = 'Burrata'")).toLongLong();
    // Every table busy: the quote is long, so the pre-order stays held.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE dining_tables SET state = 'occupied'")));
    const auto seatedEarly = join(QStringLiteral("Early"), 2, {{item, 1, {}}});
    QVERIFY(seatedEarly && seatedEarly->preorder);
    QCOMPARE(seatedEarly->preorder->status, OrderStatus::Held);
    QVERIFY(m_db->exec(QStringLiteral("UPDATE dining_tables SET state = 'free' WHERE label = 'T1'")));
    // Seated before its fire time: fired at once.
    QVERIFY(
        awaitFuture(m_queue->seat(m_restaurant, Actor::system(), seatedEarly->id, {tableId(QStringLiteral("T1"))})));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM orders WHERE party_id = ?"), {seatedEarly->id}).toString(),
             QStringLiteral("received"));
    QCOMPARE(events(QStringLiteral("order.fired")), 1);

    const auto cancelled = join(QStringLiteral("Gone"), 2, {{item, 2, QStringLiteral("no basil")}});
    QVERIFY(awaitFuture(m_queue->cancel(m_restaurant, Actor::system(), cancelled->id)));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM orders WHERE party_id = ?"), {cancelled->id}).toString(),
             QStringLiteral("cancelled"));
    const auto noShow = join(QStringLiteral("Never came"), 2, {{item, 1, {}}});
    QVERIFY(awaitFuture(m_queue->markNoShow(m_restaurant, Actor::system(), noShow->id)));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM orders WHERE party_id = ?"), {noShow->id}).toString(),
             QStringLiteral("cancelled"));
    QCOMPARE(events(QStringLiteral("order.cancelled")), 2);
}

void TestQueueService::preorderFiresWhenDue()
{
    const qint64 steak =
        m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE name = 'Bistecca alla griglia'")).toLongLong();
    // A free table right away: the wait (0) is shorter than the 20-minute prep.
    const auto party = join(QStringLiteral("Hungry"), 2, {{steak, 1, {}}});
    QVERIFY(party && party->preorder);
    QCOMPARE(party->preorder->status, OrderStatus::Held);
    QCOMPARE(party->preorder->longestPrepMinutes(), 20);
    const auto fired = awaitFuture(m_queue->fireDuePreorders(m_restaurant));
    QVERIFY(fired);
    QCOMPARE(*fired, 1);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM orders WHERE party_id = ?"), {party->id}).toString(),
             QStringLiteral("received"));
    QCOMPARE(events(QStringLiteral("order.fired")), 1);
    // Nothing is fired twice.
    QCOMPARE(*awaitFuture(m_queue->fireDuePreorders(m_restaurant)), 0);
    QCOMPARE(events(QStringLiteral("order.fired")), 1);
}

void TestQueueService::preorderWaitsWhileTheWaitIsLong()
{
    const qint64 espresso =
        m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE name = 'Espresso'")).toLongLong();
    QVERIFY(m_db->exec(QStringLiteral("UPDATE dining_tables SET state = 'occupied'")));
    const auto party = join(QStringLiteral("Patient"), 2, {{espresso, 1, {}}});
    QVERIFY(party);
    QVERIFY2(party->quote.minutes > 2, qPrintable(QString::number(party->quote.minutes)));
    QCOMPARE(*awaitFuture(m_queue->fireDuePreorders(m_restaurant)), 0);
    // fire time = expected seat time − prep time: in the future.
    const QDateTime fireAt =
        m_db->scalar(QStringLiteral("SELECT fire_at FROM orders WHERE party_id = ?"), {party->id}).toDateTime();
    QVERIFY(fireAt > QDateTime::currentDateTimeUtc());
    QVERIFY(fireAt < QDateTime::currentDateTimeUtc().addSecs(60LL * (party->quote.minutes + 1)));
    // The host notifies: the table is ready, so the coffee goes now.
    QVERIFY(awaitFuture(m_queue->notify(m_restaurant, Actor::system(), party->id)));
    QCOMPARE(*awaitFuture(m_queue->fireDuePreorders(m_restaurant)), 1);
}

void TestQueueService::tableStateRules()
{
    const auto party = join(QStringLiteral("Seated"), 2);
    QVERIFY(awaitFuture(m_queue->seat(m_restaurant, Actor::system(), party->id, {tableId(QStringLiteral("T2"))})));
    const auto busy = awaitFuture(
        m_queue->setTableState(m_restaurant, Actor::system(), tableId(QStringLiteral("T2")), DiningTable::State::Free));
    QVERIFY(!busy);
    QCOMPARE(busy.error().kind, Error::Kind::Conflict);
    QCOMPARE(tableState(QStringLiteral("T2")), QStringLiteral("occupied"));
    const auto occupy = awaitFuture(m_queue->setTableState(
        m_restaurant, Actor::system(), tableId(QStringLiteral("T3")), DiningTable::State::Occupied));
    QVERIFY(!occupy);
    QCOMPARE(occupy.error().kind, Error::Kind::Invalid);
    QVERIFY(awaitFuture(m_queue->setTableState(
        m_restaurant, Actor::system(), tableId(QStringLiteral("T3")), DiningTable::State::OutOfService)));
    QCOMPARE(tableState(QStringLiteral("T3")), QStringLiteral("out_of_service"));
}

void TestQueueService::insertParty(const QString& status,
                                   int size,
                                   const QDateTime& joined,
                                   const QDateTime& notified,
                                   const QDateTime& seated,
                                   const QDateTime& left,
                                   const QString& table)
{
    static int count = 0;
    const auto orNull = [](const QDateTime& t) {
        return t.isValid() ? QVariant(t) : QVariant(QMetaType::fromType<QDateTime>());
    };
    const qint64 id = m_db->scalar(QStringLiteral("INSERT INTO parties (restaurant_id, name, size, status, token, code,"
                                                  " joined_at, notified_at, seated_at, left_at)"
                                                  " VALUES (?, 'h', ?, ?, ?, 'HIST', ?, ?, ?, ?) RETURNING id"),
                                   {m_restaurant,
                                    size,
                                    status,
                                    QStringLiteral("history-token-%1-abcdefghijklmnop").arg(++count),
                                    joined,
                                    orNull(notified),
                                    orNull(seated),
                                    orNull(left)})
                          .toLongLong();
    QVERIFY(id > 0);
    if (!table.isEmpty()) {
        QVERIFY(
            m_db->exec(QStringLiteral("INSERT INTO party_tables (restaurant_id, party_id, table_id) VALUES (?, ?, ?)"),
                       {m_restaurant, id, tableId(table)}));
    }
}

TestQueueService::History TestQueueService::insertHistory()
{
    History h;
    const auto minutes = [](const QDateTime& t, int m) { return t.addSecs(60LL * m); };
    const auto evening = [](int daysAgo) {
        return QDateTime(QDate::currentDate().addDays(-daysAgo), QTime(19, 0), QTimeZone::UTC);
    };
    for (int i = 0; i < 30; ++i) {
        // Called after 20-29 minutes, back at the door 8 or 12 minutes later, at a two-top.
        const QDateTime joined = evening(1 + i % 28);
        const QDateTime called = minutes(joined, 20 + i % 10);
        const QDateTime seated = minutes(called, i % 2 == 0 ? 8 : 12);
        insertParty(QStringLiteral("done"), 2, joined, called, seated, minutes(seated, 90), QStringLiteral("T1"));
        h.stays.append({joined, called, false});
        h.choices.append({2, 2, joined, called});
        ++h.walkBacks;
    }
    for (int i = 0; i < 12; ++i) {
        // Twos that had waited 40-51 minutes given the six-top (four seats empty).
        const QDateTime joined = evening(1 + i);
        const QDateTime called = minutes(joined, 40 + i);
        const QDateTime seated = minutes(called, 10);
        insertParty(QStringLiteral("done"), 2, joined, called, seated, minutes(seated, 80), QStringLiteral("T9"));
        h.stays.append({joined, called, false});
        h.choices.append({2, 6, joined, called});
        ++h.walkBacks;
    }
    for (int i = 0; i < 10; ++i) {
        // Seated by the host without a call: no walk back (QueueService::seat sets both times).
        const QDateTime joined = evening(1 + i);
        const QDateTime seated = minutes(joined, 5);
        insertParty(QStringLiteral("done"), 2, joined, seated, seated, minutes(seated, 70), QStringLiteral("T5"));
        h.stays.append({joined, seated, false});
        h.choices.append({2, 4, joined, seated});
    }
    for (int i = 0; i < 15; ++i) {
        // Gave up while waiting (the diner's page or the host cancelled).
        const QDateTime joined = evening(1 + i);
        insertParty(QStringLiteral("cancelled"), 2, joined, {}, {}, minutes(joined, 25 + i));
        h.stays.append({joined, minutes(joined, 25 + i), true});
        ++h.walkAways;
    }
    for (int i = 0; i < 3; ++i) {
        // Marked no-show while still waiting: gone before being called.
        const QDateTime joined = evening(2 + i);
        insertParty(QStringLiteral("no_show"), 4, joined, {}, {}, minutes(joined, 50));
        h.stays.append({joined, minutes(joined, 50), true});
        ++h.walkAways;
    }
    for (int i = 0; i < 5; ++i) {
        // Called but never came: their wait ended with the call, it was not a walk-away.
        const QDateTime joined = evening(3 + i);
        insertParty(QStringLiteral("no_show"), 2, joined, minutes(joined, 30), {}, minutes(joined, 45));
        h.stays.append({joined, minutes(joined, 30), false});
    }
    {
        // Called, then seated three hours later: not a walk back.
        const QDateTime joined = evening(5);
        const QDateTime called = minutes(joined, 20);
        const QDateTime seated = minutes(called, 180);
        insertParty(QStringLiteral("done"), 2, joined, called, seated, minutes(seated, 60), QStringLiteral("T1"));
        h.stays.append({joined, called, false});
        h.choices.append({2, 2, joined, called});
    }
    // Left in the queue overnight, older than the history kept, and still waiting: none count.
    insertParty(QStringLiteral("cancelled"), 2, evening(6), {}, {}, minutes(evening(6), 15 * 60));
    insertParty(QStringLiteral("cancelled"), 2, evening(120), {}, {}, minutes(evening(120), 10));
    insertParty(QStringLiteral("done"), 2, evening(120), {}, minutes(evening(120), 1), minutes(evening(120), 300));
    return h;
}

void TestQueueService::fillTheRoom()
{
    QVERIFY(m_db->exec(QStringLiteral("UPDATE dining_tables SET state = 'occupied'")));
}

void TestQueueService::turnTimesAreLearned()
{
    QCOMPARE(m_queue->inputs().turnTimes.sampleCount(), 0);
    // Forty finished two-top dinners of about 100 minutes, and older ones that no longer count.
    for (int i = 0; i < 50; ++i) {
        const QDate day = QDate::currentDate().addDays(i < 40 ? -1 - i % 28 : -100 - i);
        insertParty(QStringLiteral("done"),
                    2,
                    QDateTime(day, QTime(19, 0), QTimeZone::UTC),
                    {},
                    QDateTime(day, QTime(19, 10), QTimeZone::UTC),
                    QDateTime(day, QTime(20, 50 + i % 5), QTimeZone::UTC));
    }
    const auto learned = awaitFuture(m_queue->relearn(m_restaurant));
    QVERIFY2(learned, learned ? "" : qPrintable(learned.error().message));
    QCOMPARE(learned->turnTimes.sampleCount(), 40);
    QCOMPARE(m_queue->inputs().turnTimes.sampleCount(), 40);
    const TurnTimes defaults;
    const double dinner = m_queue->estimator().turnTimes().minutes(2, Daypart::Dinner);
    QVERIFY2(dinner > defaults.minutes(2, Daypart::Dinner), qPrintable(QString::number(dinner)));
}

void TestQueueService::relearnReadsTheQueueHistory()
{
    const EstimatorInputs before = m_queue->inputs();
    QVERIFY(before.walkAwayPerHour.isEmpty());
    QVERIFY(!before.seatingDelayMinutes);
    QVERIFY(std::isinf(before.biggerTableAfterMinutes));

    const History expected = insertHistory();
    QVERIFY(join(QStringLiteral("Still waiting"), 2)); // not finished: not history
    const auto learned = awaitFuture(m_queue->relearn(m_restaurant));
    QVERIFY2(learned, learned ? "" : qPrintable(learned.error().message));
    QCOMPARE(learned->stays, expected.stays.size());
    QCOMPARE(learned->walkAways, expected.walkAways);
    QCOMPARE(learned->walkBacks, expected.walkBacks);
    QCOMPARE(learned->tableChoices, expected.choices.size());
    QCOMPARE(learned->turnTimes.sampleCount(), 30 + 12 + 10 + 1);

    // Walk-aways: the cancellations and no-shows before a call, not the no-shows after one.
    const QList<double> rates = WaitEstimator::learnWalkAwayRates(expected.stays);
    QVERIFY(!rates.isEmpty());
    QCOMPARE(learned->walkAwayPerHour.size(), rates.size());
    for (qsizetype i = 0; i < rates.size(); ++i) {
        QVERIFY2(
            std::abs(learned->walkAwayPerHour.at(i) - rates.at(i)) < 1e-9,
            qPrintable(
                QStringLiteral("bin %1: %2 against %3").arg(i).arg(learned->walkAwayPerHour.at(i)).arg(rates.at(i))));
    }
    // The walk back: 8, 12 and 10 minutes, averaging 10; the host's three-hour gap is not one.
    QVERIFY(learned->seatingDelayMinutes);
    QCOMPARE(*learned->seatingDelayMinutes, 10.0);
    // The six-top went to twos that had waited 40 minutes or more.
    QCOMPARE(learned->biggerTableAfterMinutes, WaitEstimator::learnBiggerTableAfterMinutes(expected.choices));
    QVERIFY2(learned->biggerTableAfterMinutes >= 40.0 && learned->biggerTableAfterMinutes < 52.0,
             qPrintable(QString::number(learned->biggerTableAfterMinutes)));

    // The service keeps it: its estimator is configured with all of it.
    const WaitEstimator estimator = m_queue->estimator();
    QCOMPARE(estimator.seatingDelayMinutes(), 10.0);
    QCOMPARE(estimator.biggerTableAfterMinutes(), learned->biggerTableAfterMinutes);
    QCOMPARE(estimator.turnTimes().sampleCount(), learned->turnTimes.sampleCount());
}

void TestQueueService::learnedInputsChangeTheQuotes()
{
    insertHistory();
    const auto learned = awaitFuture(m_queue->relearn(m_restaurant));
    QVERIFY(learned);
    fillTheRoom();
    for (int i = 0; i < 10; ++i) {
        QVERIFY(join(QStringLiteral("Ahead %1").arg(i), 2));
    }
    const auto quoteWith = [this](const EstimatorInputs& inputs) {
        m_queue->setInputs(inputs);
        const auto quote = awaitFuture(m_queue->quote(m_restaurant, 2));
        return quote ? quote->minutes : -1;
    };
    const int asLearned = quoteWith(*learned);

    // A ten-minute walk back: every party called ahead of this one, and this one, takes it.
    EstimatorInputs noWalkBack = *learned;
    noWalkBack.seatingDelayMinutes = 0.0;
    const int withoutWalkBack = quoteWith(noWalkBack);
    QVERIFY2(asLearned >= withoutWalkBack + 5,
             qPrintable(QStringLiteral("%1 against %2 without the walk back").arg(asLearned).arg(withoutWalkBack)));

    // Parties walk away: the tenth party ahead gets a table sooner than if everyone stayed.
    EstimatorInputs nobodyLeaves = *learned;
    nobodyLeaves.walkAwayPerHour.clear();
    const int ifNobodyLeaves = quoteWith(nobodyLeaves);
    QVERIFY2(asLearned < ifNobodyLeaves,
             qPrintable(QStringLiteral("%1 against %2 if nobody left").arg(asLearned).arg(ifNobodyLeaves)));
}

void TestQueueService::everyPathQuotesTheSameWay()
{
    insertHistory();
    QVERIFY(awaitFuture(m_queue->relearn(m_restaurant)));
    fillTheRoom();
    for (int i = 0; i < 5; ++i) {
        QVERIFY(join(QStringLiteral("Ahead %1").arg(i), 3));
    }
    const auto offered = awaitFuture(m_queue->quote(m_restaurant, 2));
    QVERIFY(offered);
    const auto party = join(QStringLiteral("Last"), 2);
    QVERIFY(party);
    const auto snapshot = awaitFuture(m_queue->snapshot(m_restaurant));
    QVERIFY(snapshot);
    const Party* listed = snapshot->findParty(party->id);
    QVERIFY(listed);
    const auto byToken = awaitFuture(m_queue->partyByToken(m_restaurant, party->token));
    QVERIFY(byToken);
    // Time moves on between the calls (seconds at most), so a minute either way.
    for (const int minutes : {party->quote.minutes, listed->quote.minutes, byToken->quote.minutes}) {
        QVERIFY2(std::abs(minutes - offered->minutes) <= 1,
                 qPrintable(QStringLiteral("%1 against %2").arg(minutes).arg(offered->minutes)));
    }
    // The default estimator quotes otherwise, so the agreement above is the learned one's.
    const WaitQuote atDefault = WaitEstimator().quote(2,
                                                      snapshot->tableStates(),
                                                      snapshot->partiesAhead(listed->position),
                                                      snapshot->now,
                                                      snapshot->timezoneOffsetSeconds);
    QVERIFY2(std::abs(atDefault.minutes - offered->minutes) > 1,
             qPrintable(QStringLiteral("%1 at the defaults, %2 learned").arg(atDefault.minutes).arg(offered->minutes)));
}

void TestQueueService::tonightsPaceComesFromThisServiceDay()
{
    // The service day began at 05:00 in the restaurant (Europe/Madrid).
    const QTimeZone madrid("Europe/Madrid");
    QVERIFY(madrid.isValid());
    const QDateTime localNow = QDateTime::currentDateTimeUtc().toTimeZone(madrid);
    const QDate serviceDay = localNow.time().hour() < 5 ? localNow.date().addDays(-1) : localNow.date();
    const QDateTime dayStart = QDateTime(serviceDay, QTime(5, 0), madrid).toUTC();
    fillTheRoom();
    QVERIFY(join(QStringLiteral("Waiting"), 2));
    const auto pace = [this] {
        const auto snapshot = awaitFuture(m_queue->snapshot(m_restaurant));
        return snapshot ? snapshot->pace : -1.0;
    };
    QCOMPARE(pace(), 1.0); // nothing seen tonight

    // Yesterday's slow turns are yesterday's.
    for (int i = 0; i < 8; ++i) {
        const QDateTime seated = dayStart.addSecs(-3600LL * (2 + i % 3));
        insertParty(QStringLiteral("done"), 2, seated, seated, seated, seated.addSecs(60LL * 200));
    }
    QCOMPARE(pace(), 1.0);

    // Tonight's are tonight's: three hours and more for twos.
    for (int i = 0; i < 8; ++i) {
        const QDateTime seated = dayStart.addSecs(60LL * (1 + i));
        insertParty(QStringLiteral("done"), 2, seated, seated, seated, seated.addSecs(60LL * (190 + i)));
    }
    const auto snapshot = awaitFuture(m_queue->snapshot(m_restaurant));
    QVERIFY(snapshot);
    QVERIFY2(snapshot->pace > 1.3, qPrintable(QString::number(snapshot->pace)));
    // Quotes use it: the waiting party's, and a new party's.
    const WaitEstimator unpaced = m_queue->estimator();
    const QList<WaitQuote> atOne = unpaced.quoteQueue(
        snapshot->tableStates(), snapshot->partiesAhead(2), snapshot->now, snapshot->timezoneOffsetSeconds);
    QCOMPARE(atOne.size(), 1);
    QVERIFY2(
        snapshot->parties.first().quote.minutes > atOne.first().minutes,
        qPrintable(
            QStringLiteral("%1 against %2").arg(snapshot->parties.first().quote.minutes).arg(atOne.first().minutes)));
    const WaitQuote newParty = snapshot->quoteForNewParty(2, unpaced);
    const WaitQuote newPartyAtOne = unpaced.quote(
        2, snapshot->tableStates(), snapshot->partiesAhead(2), snapshot->now, snapshot->timezoneOffsetSeconds);
    QVERIFY2(newParty.minutes > newPartyAtOne.minutes,
             qPrintable(QStringLiteral("%1 against %2").arg(newParty.minutes).arg(newPartyAtOne.minutes)));

    // Tables still occupied count as "at least this long": quick turns tonight do not make
    // the night look fast while these have lasted four hours.
    for (int i = 0; i < 8; ++i) {
        const QDateTime seated = QDateTime::currentDateTimeUtc().addSecs(-60LL * (60 * 4 + i));
        insertParty(QStringLiteral("seated"), 2, seated, seated, seated, {});
    }
    QVERIFY2(pace() > snapshot->pace, qPrintable(QString::number(pace())));
}

QTEST_GUILESS_MAIN(TestQueueService)
void TestQueueService::joinsArrivingTogetherShareATransaction()
{
    // Forty joins at once, among them a retry (same key, same body), a reused key
    // with a different body, and an unknown dish: each gets its own answer.
    const qint64 dish = m_db->scalar(QStringLiteral("SELECT min(id) FROM menu_items")).toLongLong();
    QList<QFuture<Result<Party>>> futures;
    for (int i = 0; i < 40; ++i) {
        JoinRequest request;
        request.name = QStringLiteral("Guest %1").arg(i);
        request.partySize = 1 + i % 4;
        request.idempotencyKey = QStringLiteral("key-%1").arg(i);
        request.fingerprint = QStringLiteral("body-%1").arg(i);
        if (i == 10) {
            request.items = {{dish, 2, QStringLiteral("no onions")}};
        }
        if (i == 20) { // a retry of 19
            request.name = QStringLiteral("Guest 19");
            request.partySize = 1 + 19 % 4;
            request.idempotencyKey = QStringLiteral("key-19");
            request.fingerprint = QStringLiteral("body-19");
        }
        if (i == 21) { // key 19 again, another body
            request.idempotencyKey = QStringLiteral("key-19");
        }
        if (i == 22) {
            request.items = {{987654, 1, {}}};
        }
        futures.append(m_queue->join(m_restaurant, request));
    }
    QList<Result<Party>> answers;
    for (const auto& future : futures) {
        answers.append(awaitFuture(future));
    }
    QVERIFY(answers[20]);
    QCOMPARE(answers[20]->token, answers[19]->token);
    QVERIFY(!answers[21]);
    QCOMPARE(answers[21].error().field, QStringLiteral("Idempotency-Key"));
    QVERIFY(!answers[22]);
    QCOMPARE(answers[22].error().field, QStringLiteral("items[0].menu_item_id"));
    QVERIFY(answers[10] && answers[10]->preorder);
    QCOMPARE(answers[10]->preorder->lines.size(), 1);

    // Positions follow the order the joins were made, with no gaps or repeats.
    QSet<QString> tokens;
    QSet<QString> codes;
    int expected = 0;
    for (int i = 0; i < 40; ++i) {
        if (i == 20 || i == 21 || i == 22) {
            continue;
        }
        QVERIFY2(answers[i], qPrintable(answers[i] ? QString() : answers[i].error().message));
        QCOMPARE(answers[i]->position, ++expected);
        QCOMPARE(answers[i]->quote.partiesAhead, expected - 1);
        tokens.insert(answers[i]->token);
        codes.insert(answers[i]->code);
    }
    QCOMPARE(tokens.size(), 37);
    QCOMPARE(codes.size(), 37);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM parties")).toInt(), 37);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM wait_quotes")).toInt(), 37);
    QCOMPARE(events(QStringLiteral("party.joined")), 37);
    QCOMPARE(events(QStringLiteral("order.held")), 1);
    // Queue order (by id) is the order of the calls.
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT string_agg(name, ',' ORDER BY id) FROM parties")).toString(),
             m_db->scalar(QStringLiteral("SELECT string_agg(name, ',' ORDER BY substring(name from 7)::int)"
                                         " FROM parties"))
                 .toString());
    // They shared commits: fewer transactions than parties.
    const int transactions = m_db->scalar(QStringLiteral("SELECT count(DISTINCT xmin::text) FROM parties")).toInt();
    QVERIFY2(transactions < 37, qPrintable(QString::number(transactions)));
}

void TestQueueService::hostActionsNeedTheRoleAndAreAudited()
{
    const auto party = join(QStringLiteral("Ana"), 2);
    QVERIFY(party);
    const Actor cook = Actor::staff(0, QStringLiteral("Kenji"), Role::Kitchen);
    const Actor host = Actor::staff(0, QStringLiteral("Hana"), Role::Host);
    const int before = events(QStringLiteral("party.notified"));

    // Refused in the models layer, whatever the UI shows: nothing written.
    for (auto future : {m_queue->notify(m_restaurant, cook, party->id),
                        m_queue->seat(m_restaurant, cook, party->id, {tableId(QStringLiteral("T1"))}),
                        m_queue->cancel(m_restaurant, Actor::nobody(), party->id),
                        m_queue->markNoShow(m_restaurant, Actor::kitchenDisplay(), party->id)}) {
        const auto refused = awaitFuture(future);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Forbidden);
    }
    const auto table = awaitFuture(
        m_queue->setTableState(m_restaurant, cook, tableId(QStringLiteral("T1")), DiningTable::State::OutOfService));
    QCOMPARE(table.error().kind, Error::Kind::Forbidden);
    QVERIFY2(
        awaitFuture(m_queue->notify(m_restaurant, cook, party->id)).error().message.contains(QStringLiteral("Kenji")),
        "the refusal names who was refused");
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM parties WHERE id = ?"), {party->id}).toString(),
             QStringLiteral("waiting"));
    QCOMPARE(events(QStringLiteral("party.notified")), before);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log")).toInt(), 0);

    // The host may: each sensitive step leaves one audit line naming who and which party.
    QVERIFY(awaitFuture(m_queue->notify(m_restaurant, host, party->id)));
    QVERIFY(awaitFuture(m_queue->seat(m_restaurant, host, party->id, {tableId(QStringLiteral("T1"))})));
    const auto other = join(QStringLiteral("Bea"), 2);
    QVERIFY(awaitFuture(m_queue->cancel(m_restaurant, host, other->id)));
    const auto third = join(QStringLiteral("Carla"), 2);
    QVERIFY(awaitFuture(m_queue->markNoShow(m_restaurant, host, third->id)));
    // A diner leaving with their own token is not a staff action.
    const auto fourth = join(QStringLiteral("Dora"), 2);
    QVERIFY(awaitFuture(m_queue->cancelByToken(m_restaurant, fourth->token)));

    const auto entries = awaitFuture(m_store->run<QList<AuditEntry>>(
        [this](QSqlDatabase& db) { return AuditLog::entries(db, m_restaurant, AuditFilter{}); }));
    QVERIFY2(entries, entries ? "" : qPrintable(entries.error().message));
    QStringList actions;
    for (const AuditEntry& entry : *entries) {
        actions.prepend(entry.action + u' ' + entry.details.value(QStringLiteral("party")).toString());
        QCOMPARE(entry.actor, QStringLiteral("Hana"));
    }
    QCOMPARE(actions,
             (QStringList{QStringLiteral("party.notified Ana"),
                          QStringLiteral("party.seated Ana"),
                          QStringLiteral("party.cancelled Bea"),
                          QStringLiteral("party.no_show Carla")}));
    QCOMPARE(entries->first().details.value(QStringLiteral("party_id")).toInteger(), third->id);
}

#include "tst_queueservice.moc"
