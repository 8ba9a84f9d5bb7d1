#include "turntimes.h"
#include "waitestimator.h"

#include <QTest>
#include <QTimeZone>
#include <array>
#include <cmath>
#include <functional>

namespace
{

// Friday 19:00 UTC; with offset 0 that is dinner.
const QDateTime NOW(QDate(2025, 3, 7), QTime(19, 0), QTimeZone::UTC);

TableState freeTable(qint64 id, int seats)
{
    return {id, seats, false, {}, 0, false, 0};
}

TableState occupiedTable(qint64 id, int seats, int partySize, int minutesAgo)
{
    return {id, seats, true, NOW.addSecs(-60LL * minutesAgo), partySize, false, 0};
}

WaitingParty waiting(qint64 id, int size, int minutesAgo = 10, bool notified = false)
{
    return {id, size, NOW.addSecs(-60LL * minutesAgo), notified};
}

// An estimator without the walk back, so quotes are turn times alone.
WaitEstimator plainEstimator(TurnTimes turnTimes = {})
{
    WaitEstimator estimator(std::move(turnTimes));
    estimator.setSeatingDelayMinutes(0);
    return estimator;
}

// `count` visits of `partySize` seated at `seatedAt`, lasting minutes(i) each.
QList<TurnSample> visits(int count, int partySize, const QDateTime& seatedAt, const std::function<double(int)>& minutes)
{
    QList<TurnSample> history;
    for (int i = 0; i < count; ++i) {
        const QDateTime seated = seatedAt.addDays(-i);
        history.append({partySize, seated, seated.addMSecs(std::llround(minutes(i) * 60000.0))});
    }
    return history;
}

// Spread deterministically over [centre − 10, centre + 10].
double around(double centre, int i)
{
    return centre + static_cast<double>((i * 37) % 21 - 10);
}

} // namespace

class TestWaitEstimator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void allTablesFreeIsNoWait_data();
    void allTablesFreeIsNoWait();
    void occupiedTableWaitIsRemainingTurn_data();
    void occupiedTableWaitIsRemainingTurn();
    void overdueTableFreesSoonButNotNow();
    void partiesAheadPushQuoteOut();
    void walkBackIsAddedForQueuedParties();
    void noTableFitsCannotSeat_data();
    void noTableFitsCannotSeat();
    void smallPartyDoesNotBlockBigTable();
    void fittingPartySkipsAheadOfOneThatDoesNot();
    void smallestFittingTableFirst();
    void onlyBigTablesStillSeatSmallParties();
    void heldTableGoesToItsParty();
    void walkAwaysShortenQuote();
    void longWaitersAreLikelierToLeave();
    void learnWalkAwayRates();
    void sameSituationSameQuote();
    void bigRoomLongQueue();
    void rangeBracketsQuote();
    void learnedTurnTimesDriveQuote();
    void seedFormula_data();
    void seedFormula();

    void defaultsAreSensible();
    void daypartBoundaries_data();
    void daypartBoundaries();
    void daypartWithOffset_data();
    void daypartWithOffset();
    void learnConvergesWithEnoughData();
    void learnStaysNearDefaultsWithFewSamples();
    void learnIgnoresOutliers();
    void learnIgnoresImpossibleVisits();
    void learnBorrowsFromOtherDayparts();
    void learnUsesRestaurantTimezone();
};

void TestWaitEstimator::allTablesFreeIsNoWait_data()
{
    QTest::addColumn<int>("partySize");
    for (int size : {1, 2, 3, 4, 6, 8, 10}) {
        QTest::addRow("party of %d", size) << size;
    }
}

void TestWaitEstimator::allTablesFreeIsNoWait()
{
    QFETCH(int, partySize);
    const QList<TableState> tables{freeTable(1, 2), freeTable(2, 4), freeTable(3, 6), freeTable(4, 10)};
    const WaitQuote q = WaitEstimator().quote(partySize, tables, {}, NOW);
    QVERIFY(q.canSeat);
    QCOMPARE(q.minutes, 0);
    QCOMPARE(q.low, 0);
    QCOMPARE(q.high, 0);
    QCOMPARE(q.partiesAhead, 0);
}

void TestWaitEstimator::occupiedTableWaitIsRemainingTurn_data()
{
    QTest::addColumn<int>("partySize");
    QTest::addColumn<int>("minutesAgo");
    QTest::newRow("2 just seated") << 2 << 0;
    QTest::newRow("2 seated 20 min ago") << 2 << 20;
    QTest::newRow("4 seated 30 min ago") << 4 << 30;
    QTest::newRow("4 seated 50 min ago") << 4 << 50;
}

void TestWaitEstimator::occupiedTableWaitIsRemainingTurn()
{
    QFETCH(int, partySize);
    QFETCH(int, minutesAgo);
    const WaitEstimator estimator = plainEstimator();
    const double turn = estimator.turnTimes().minutes(partySize, Daypart::Dinner);
    const WaitQuote q = estimator.quote(partySize, {occupiedTable(1, 4, partySize, minutesAgo)}, {}, NOW);
    QVERIFY(q.canSeat);
    // What is left of the expected turn: a little less for the likeliest (median) turn,
    // a little more once part of it has passed, since a table that has lasted this long
    // tends to last longer than average.
    QVERIFY2(q.minutes >= std::floor(turn - minutesAgo - 0.1 * turn)
                 && q.minutes <= std::ceil(turn - minutesAgo + 0.15 * turn),
             qPrintable(QStringLiteral("quote %1, turn %2").arg(q.minutes).arg(turn)));
}

void TestWaitEstimator::overdueTableFreesSoonButNotNow()
{
    const WaitEstimator estimator = plainEstimator();
    const WaitQuote q = estimator.quote(2, {occupiedTable(1, 2, 2, 180)}, {}, NOW);
    QVERIFY(q.minutes >= 1);
    QVERIFY2(q.minutes <= 15, qPrintable(QString::number(q.minutes)));
}

void TestWaitEstimator::partiesAheadPushQuoteOut()
{
    const WaitEstimator estimator = plainEstimator();
    const QList<TableState> tables{occupiedTable(1, 4, 4, 10), occupiedTable(2, 4, 3, 40)};
    QList<WaitingParty> ahead;
    int previous = estimator.quote(4, tables, ahead, NOW).minutes;
    QVERIFY(previous > 0);
    for (int n = 1; n <= 5; ++n) {
        ahead.append(waiting(n, 4, 30 - n));
        const WaitQuote q = estimator.quote(4, tables, ahead, NOW);
        QCOMPARE(q.partiesAhead, n);
        QVERIFY2(q.minutes > previous,
                 qPrintable(QStringLiteral("%1 ahead: %2 <= %3").arg(n).arg(q.minutes).arg(previous)));
        previous = q.minutes;
    }
    // Five fours on two 4-tops: the last of us waits at least two more full turns.
    QVERIFY(previous > 2 * estimator.turnTimes().minutes(4, Daypart::Dinner));
}

void TestWaitEstimator::walkBackIsAddedForQueuedParties()
{
    WaitEstimator estimator;
    estimator.setSeatingDelayMinutes(5);
    const QList<TableState> tables{occupiedTable(1, 2, 2, 0)};
    const int withWalkBack = estimator.quote(2, tables, {}, NOW).minutes;
    estimator.setSeatingDelayMinutes(0);
    QCOMPARE(withWalkBack - estimator.quote(2, tables, {}, NOW).minutes, 5);
    // A party at the door with a free table sits down at once.
    estimator.setSeatingDelayMinutes(5);
    QCOMPARE(estimator.quote(2, {freeTable(1, 2)}, {}, NOW).minutes, 0);
}

void TestWaitEstimator::noTableFitsCannotSeat_data()
{
    QTest::addColumn<QList<TableState>>("tables");
    QTest::addColumn<int>("partySize");
    QTest::addColumn<bool>("canSeat");
    const QList<TableState> smallRoom{freeTable(1, 2), freeTable(2, 4), occupiedTable(3, 4, 4, 10)};
    QTest::newRow("8 in a room of 2s and 4s") << smallRoom << 8 << false;
    QTest::newRow("4 in a room of 2s and 4s") << smallRoom << 4 << true;
    QTest::newRow("only big table out of service")
        << QList<TableState>{freeTable(1, 4), {2, 8, false, {}, 0, true, 0}} << 8 << false;
    QTest::newRow("no tables") << QList<TableState>{} << 2 << false;
}

void TestWaitEstimator::noTableFitsCannotSeat()
{
    QFETCH(QList<TableState>, tables);
    QFETCH(int, partySize);
    QFETCH(bool, canSeat);
    const WaitQuote q = WaitEstimator().quote(partySize, tables, {waiting(1, 2)}, NOW);
    QCOMPARE(q.canSeat, canSeat);
    QCOMPARE(q.partiesAhead, 1);
}

void TestWaitEstimator::smallPartyDoesNotBlockBigTable()
{
    // A 2 waits for the 2-top; it is not put at the free 6-top, so a 6 behind it sits at once.
    const QList<TableState> tables{occupiedTable(1, 2, 2, 5), freeTable(2, 6)};
    const WaitEstimator estimator = plainEstimator();
    QCOMPARE(estimator.quote(6, tables, {waiting(1, 2)}, NOW).minutes, 0);
    // And the 2 itself waits for its own size of table.
    QVERIFY(estimator.quote(2, tables, {}, NOW).minutes > 0);
}

void TestWaitEstimator::fittingPartySkipsAheadOfOneThatDoesNot()
{
    // A 6 waits for the busy 6-top; a 2 behind it takes the free 2-top now.
    const QList<TableState> tables{occupiedTable(1, 6, 6, 10), freeTable(2, 2)};
    QCOMPARE(plainEstimator().quote(2, tables, {waiting(1, 6)}, NOW).minutes, 0);
    // A party no table can ever fit holds nobody up.
    const QList<TableState> small{occupiedTable(1, 4, 4, 10), freeTable(2, 2)};
    QCOMPARE(plainEstimator().quote(2, small, {waiting(1, 12)}, NOW).minutes, 0);
}

void TestWaitEstimator::smallestFittingTableFirst()
{
    // The 2 ahead takes the 2-top, leaving the 4-top to us.
    const QList<TableState> tables{freeTable(1, 4), freeTable(2, 2)};
    const WaitEstimator estimator = plainEstimator();
    QCOMPARE(estimator.quote(4, tables, {waiting(1, 2, 5, true)}, NOW).minutes, 0);
    QCOMPARE(estimator.quote(2, tables, {waiting(1, 2, 5, true)}, NOW).minutes, 0);
    // Two 2s ahead take both tables: a third waits.
    QVERIFY(estimator.quote(2, tables, {waiting(1, 2, 6, true), waiting(2, 2, 5, true)}, NOW).minutes > 0);
}

void TestWaitEstimator::onlyBigTablesStillSeatSmallParties()
{
    // No table is within three seats of a 2, so any table that fits will do.
    const WaitQuote q = plainEstimator().quote(2, {freeTable(1, 10), occupiedTable(2, 10, 8, 5)}, {}, NOW);
    QVERIFY(q.canSeat);
    QCOMPARE(q.minutes, 0);
}

void TestWaitEstimator::walkAwaysShortenQuote()
{
    const QList<TableState> tables{occupiedTable(1, 4, 4, 10), occupiedTable(2, 4, 4, 30)};
    QList<WaitingParty> ahead;
    for (int i = 0; i < 6; ++i) {
        ahead.append(waiting(i + 1, 4, 20 - i));
    }
    WaitEstimator estimator = plainEstimator();
    const int everyoneStays = estimator.quote(4, tables, ahead, NOW).minutes;
    estimator.setWalkAwayPerHour(0.5);
    const int someLeave = estimator.quote(4, tables, ahead, NOW).minutes;
    QVERIFY2(someLeave < everyoneStays, qPrintable(QStringLiteral("%1 vs %2").arg(someLeave).arg(everyoneStays)));
    // Notified parties are on their way: they count in full.
    for (WaitingParty& p : ahead) {
        p.notified = true;
    }
    QCOMPARE(estimator.quote(4, tables, ahead, NOW).minutes, everyoneStays);
}

void TestWaitEstimator::heldTableGoesToItsParty()
{
    // The only 6-top is free but kept for a notified 2 (the host gave it a bigger table).
    TableState sixTop = freeTable(1, 6);
    sixTop.heldFor = 7;
    const QList<TableState> tables{sixTop, occupiedTable(2, 2, 2, 5), occupiedTable(3, 8, 8, 10)};
    const WaitEstimator estimator = plainEstimator();
    QVERIFY(estimator.quote(6, tables, {waiting(7, 2, 35, true)}, NOW).minutes > 0);
    // Without the hint, a notified party still takes the free table that fits it.
    QVERIFY(estimator.quote(6, {freeTable(1, 6), tables[1], tables[2]}, {waiting(7, 2, 35, true)}, NOW).minutes > 0);
    // A 2 still waiting would not be put at a 6-top, so the 6 sits down at once.
    QCOMPARE(estimator.quote(6, {freeTable(1, 6), tables[1], tables[2]}, {waiting(7, 2, 35, false)}, NOW).minutes, 0);
    // A hint naming nobody in the queue is ignored.
    QCOMPARE(estimator.quote(6, tables, {waiting(8, 2, 35, false)}, NOW).minutes, 0);
}

void TestWaitEstimator::longWaitersAreLikelierToLeave()
{
    // Nobody leaves in their first half hour; after that, three in an hour do.
    WaitEstimator estimator = plainEstimator();
    estimator.setWalkAwayRates({0.0, 0.0, 3.0}, 15);
    const QList<TableState> tables{occupiedTable(1, 4, 4, 10), occupiedTable(2, 4, 4, 30)};
    QList<WaitingParty> fresh;
    QList<WaitingParty> weary;
    for (int i = 0; i < 4; ++i) {
        fresh.append(waiting(i + 1, 4, 1));
        weary.append(waiting(i + 1, 4, 40));
    }
    const int behindFresh = estimator.quote(4, tables, fresh, NOW).minutes;
    const int behindWeary = estimator.quote(4, tables, weary, NOW).minutes;
    QVERIFY2(behindWeary < behindFresh, qPrintable(QStringLiteral("%1 vs %2").arg(behindWeary).arg(behindFresh)));
}

void TestWaitEstimator::learnWalkAwayRates()
{
    const QDateTime joined = NOW.addSecs(-3 * 3600);
    const auto stays = [&joined](int count, int minutes, bool walkedAway) {
        return QList<QueueStay>(count, {joined, joined.addSecs(60LL * minutes), walkedAway});
    };
    QVERIFY(WaitEstimator::learnWalkAwayRates({}).isEmpty());
    QVERIFY(WaitEstimator::learnWalkAwayRates(stays(50, 20, false)).isEmpty());

    // 60 called after 10 minutes, 20 gave up after 20, 20 called after 40.
    const QList<double> rates =
        WaitEstimator::learnWalkAwayRates(stays(60, 10, false) + stays(20, 20, true) + stays(20, 40, false), 15);
    QVERIFY(rates.size() >= 3);
    // 20 walk-aways in 400 minutes waited between 15 and 30, none before.
    QVERIFY2(rates[1] > 5 * rates[0], qPrintable(QStringLiteral("%1 vs %2").arg(rates[1]).arg(rates[0])));
    QVERIFY(rates[1] > 2 * rates[2]);
    QVERIFY(rates[1] > 1.5 && rates[1] < 3.0);
    for (double r : rates) {
        QVERIFY(r >= 0);
    }
}

void TestWaitEstimator::sameSituationSameQuote()
{
    WaitEstimator estimator;
    estimator.setWalkAwayPerHour(0.8);
    const QList<TableState> tables{occupiedTable(1, 4, 4, 10), occupiedTable(2, 2, 2, 30), freeTable(3, 2)};
    const QList<WaitingParty> ahead{waiting(1, 2, 12, true), waiting(2, 4, 8), waiting(3, 3, 2)};
    const WaitQuote first = estimator.quote(4, tables, ahead, NOW);
    const WaitQuote second = estimator.quote(4, tables, ahead, NOW);
    QCOMPARE(second.minutes, first.minutes);
    QCOMPARE(second.low, first.low);
    QCOMPARE(second.high, first.high);
}

void TestWaitEstimator::bigRoomLongQueue()
{
    QList<TableState> tables;
    for (int i = 0; i < 40; ++i) {
        const int seats = std::array{2, 2, 4, 4, 4, 6, 8, 10}[static_cast<size_t>(i % 8)];
        tables.append(occupiedTable(i + 1, seats, seats - i % 2, 5 + (i * 7) % 80));
    }
    QList<WaitingParty> ahead;
    for (int i = 0; i < 50; ++i) {
        ahead.append(waiting(i + 1, 1 + (i * 5) % 8, 50 - i, i < 2));
    }
    const WaitEstimator estimator;
    for (int size : {2, 4, 6, 8}) {
        const WaitQuote q = estimator.quote(size, tables, ahead, NOW);
        QVERIFY(q.canSeat);
        QCOMPARE(q.partiesAhead, 50);
        // Fifty parties on forty busy tables: well over one turn, well under a whole evening.
        QVERIFY2(q.minutes > 30 && q.minutes < 300, qPrintable(QString::number(q.minutes)));
        QVERIFY(q.low <= q.minutes && q.minutes <= q.high);
    }
}

void TestWaitEstimator::rangeBracketsQuote()
{
    const QList<TableState> tables{occupiedTable(1, 4, 4, 10), occupiedTable(2, 4, 4, 30)};
    const WaitQuote q = WaitEstimator().quote(4, tables, {waiting(1, 4), waiting(2, 3)}, NOW);
    QVERIFY(q.low < q.minutes);
    QVERIFY(q.high > q.minutes);
    QVERIFY(q.low >= 0);
}

void TestWaitEstimator::learnedTurnTimesDriveQuote()
{
    const QDateTime dinner(QDate(2025, 3, 7), QTime(18, 0), QTimeZone::UTC);
    const TurnTimes slow = TurnTimes::learn(visits(200, 2, dinner, [](int i) { return around(120, i); }));
    const QList<TableState> tables{occupiedTable(1, 2, 2, 10)};
    const int usual = plainEstimator().quote(2, tables, {}, NOW).minutes;
    const int learned = plainEstimator(slow).quote(2, tables, {}, NOW).minutes;
    QVERIFY2(learned > usual + 40, qPrintable(QStringLiteral("%1 vs %2").arg(learned).arg(usual)));
}

void TestWaitEstimator::seedFormula_data()
{
    QTest::addColumn<int>("queue");
    QTest::addColumn<int>("occupied");
    QTest::addColumn<int>("tables");
    QTest::addColumn<double>("average");
    QTest::addColumn<int>("minutes");
    QTest::newRow("empty room") << 0 << 0 << 14 << 60.0 << 0;
    QTest::newRow("full room, no queue") << 0 << 14 << 14 << 60.0 << 0;
    QTest::newRow("full room, 7 waiting") << 7 << 14 << 14 << 60.0 << 30;
    QTest::newRow("full room, 14 waiting") << 14 << 14 << 14 << 60.0 << 60;
    QTest::newRow("free tables absorb the queue") << 3 << 10 << 14 << 60.0 << 0;
    QTest::newRow("no tables") << 5 << 0 << 0 << 60.0 << 0;
}

void TestWaitEstimator::seedFormula()
{
    QFETCH(int, queue);
    QFETCH(int, occupied);
    QFETCH(int, tables);
    QFETCH(double, average);
    QFETCH(int, minutes);
    QCOMPARE(WaitEstimator::seedFormulaMinutes(queue, occupied, tables, average), minutes);
}

void TestWaitEstimator::defaultsAreSensible()
{
    const TurnTimes t;
    QCOMPARE(t.sampleCount(), 0);
    QVERIFY(t.minutes(2, Daypart::Lunch) < t.minutes(2, Daypart::Dinner));
    for (Daypart d : {Daypart::Breakfast, Daypart::Lunch, Daypart::Afternoon, Daypart::Dinner, Daypart::Late}) {
        QVERIFY(t.minutes(1, d) == t.minutes(2, d));
        QVERIFY(t.minutes(2, d) < t.minutes(4, d));
        QVERIFY(t.minutes(4, d) < t.minutes(6, d));
        QVERIFY(t.minutes(6, d) < t.minutes(12, d));
        QVERIFY(t.spread(4, d) > 0);
    }
    QCOMPARE(TurnTimes::bucketOf(2), 0);
    QCOMPARE(TurnTimes::bucketOf(3), 1);
    QCOMPARE(TurnTimes::bucketOf(6), 2);
    QCOMPARE(TurnTimes::bucketOf(7), 3);
}

void TestWaitEstimator::daypartBoundaries_data()
{
    QTest::addColumn<QTime>("time");
    QTest::addColumn<Daypart>("daypart");
    QTest::newRow("00:00") << QTime(0, 0) << Daypart::Late;
    QTest::newRow("04:59") << QTime(4, 59) << Daypart::Late;
    QTest::newRow("05:00") << QTime(5, 0) << Daypart::Breakfast;
    QTest::newRow("10:59") << QTime(10, 59, 59) << Daypart::Breakfast;
    QTest::newRow("11:00") << QTime(11, 0) << Daypart::Lunch;
    QTest::newRow("14:59") << QTime(14, 59) << Daypart::Lunch;
    QTest::newRow("15:00") << QTime(15, 0) << Daypart::Afternoon;
    QTest::newRow("16:59") << QTime(16, 59) << Daypart::Afternoon;
    QTest::newRow("17:00") << QTime(17, 0) << Daypart::Dinner;
    QTest::newRow("21:59") << QTime(21, 59) << Daypart::Dinner;
    QTest::newRow("22:00") << QTime(22, 0) << Daypart::Late;
    QTest::newRow("23:59") << QTime(23, 59) << Daypart::Late;
}

void TestWaitEstimator::daypartBoundaries()
{
    QFETCH(QTime, time);
    QFETCH(Daypart, daypart);
    const QDateTime local(QDate(2025, 3, 7), time, QTimeZone::UTC);
    QCOMPARE(TurnTimes::daypartAt(local), daypart);
    QCOMPARE(TurnTimes::daypartAt(local.toSecsSinceEpoch(), 0), daypart);
}

void TestWaitEstimator::daypartWithOffset_data()
{
    QTest::addColumn<QTime>("utc");
    QTest::addColumn<int>("offset");
    QTest::addColumn<Daypart>("daypart");
    QTest::newRow("16:00Z at +01:00 is dinner") << QTime(16, 0) << 3600 << Daypart::Dinner;
    QTest::newRow("15:59Z at +01:00 is afternoon") << QTime(15, 59) << 3600 << Daypart::Afternoon;
    QTest::newRow("02:00Z at -05:00 is dinner the day before") << QTime(2, 0) << -5 * 3600 << Daypart::Dinner;
    QTest::newRow("20:30Z at +10:00 is breakfast the day after") << QTime(20, 30) << 10 * 3600 << Daypart::Breakfast;
}

void TestWaitEstimator::daypartWithOffset()
{
    QFETCH(QTime, utc);
    QFETCH(int, offset);
    QFETCH(Daypart, daypart);
    const QDateTime at(QDate(2025, 3, 7), utc, QTimeZone::UTC);
    QCOMPARE(TurnTimes::daypartAt(at.toSecsSinceEpoch(), offset), daypart);
    QCOMPARE(TurnTimes::daypartAt(at.toOffsetFromUtc(offset)), daypart);
}

void TestWaitEstimator::learnConvergesWithEnoughData()
{
    const QDateTime dinner(QDate(2025, 3, 7), QTime(19, 0), QTimeZone::UTC);
    const TurnTimes t = TurnTimes::learn(visits(400, 2, dinner, [](int i) { return around(80, i); }));
    QCOMPARE(t.sampleCount(), 400);
    QVERIFY2(std::abs(t.minutes(2, Daypart::Dinner) - 80.0) < 2.0,
             qPrintable(QString::number(t.minutes(2, Daypart::Dinner))));
    QVERIFY(std::abs(t.meanMinutes() - 80.0) < 1.0);
    // Evenly spread over ±10 minutes: a standard deviation of about six.
    QVERIFY2(t.spread(2, Daypart::Dinner) > 3.0 && t.spread(2, Daypart::Dinner) < 12.0,
             qPrintable(QString::number(t.spread(2, Daypart::Dinner))));
}

void TestWaitEstimator::learnStaysNearDefaultsWithFewSamples()
{
    const double fallback = TurnTimes().minutes(2, Daypart::Dinner);
    const QDateTime dinner(QDate(2025, 3, 7), QTime(19, 0), QTimeZone::UTC);
    const TurnTimes t = TurnTimes::learn(visits(2, 2, dinner, [](int) { return 120.0; }));
    const double learned = t.minutes(2, Daypart::Dinner);
    // Pulled towards the data, but closer to the defaults than to two visits.
    QVERIFY2(learned > fallback && learned - fallback < 120.0 - learned, qPrintable(QString::number(learned)));
    // Other buckets barely move on two visits of twos.
    QVERIFY(std::abs(t.minutes(8, Daypart::Lunch) - TurnTimes().minutes(8, Daypart::Lunch))
            < 0.25 * TurnTimes().minutes(8, Daypart::Lunch));
}

void TestWaitEstimator::learnIgnoresOutliers()
{
    const QDateTime dinner(QDate(2025, 3, 7), QTime(19, 0), QTimeZone::UTC);
    // 100 ordinary visits around an hour, and 10 tables left "occupied" for over six hours.
    QList<TurnSample> history = visits(100, 4, dinner, [](int i) { return around(60, i); });
    history.append(visits(10, 4, dinner.addDays(-200), [](int) { return 400.0; }));
    const TurnTimes t = TurnTimes::learn(history);
    QCOMPARE(t.sampleCount(), 110);
    QVERIFY2(std::abs(t.minutes(4, Daypart::Dinner) - 60.0) < 5.0,
             qPrintable(QString::number(t.minutes(4, Daypart::Dinner))));
    QVERIFY2(t.spread(4, Daypart::Dinner) < 15.0, qPrintable(QString::number(t.spread(4, Daypart::Dinner))));
}

void TestWaitEstimator::learnIgnoresImpossibleVisits()
{
    const QDateTime dinner(QDate(2025, 3, 7), QTime(19, 0), QTimeZone::UTC);
    QList<TurnSample> history;
    history.append({2, dinner, dinner.addSecs(-600)}); // left before sitting down
    history.append({2, dinner, dinner}); // no time at all
    history.append({2, dinner, dinner.addSecs(20 * 3600)}); // a table left occupied overnight
    history.append({2, QDateTime(), dinner});
    const TurnTimes t = TurnTimes::learn(history);
    QCOMPARE(t.sampleCount(), 0);
    QCOMPARE(t.minutes(2, Daypart::Dinner), TurnTimes().minutes(2, Daypart::Dinner));
}

void TestWaitEstimator::learnBorrowsFromOtherDayparts()
{
    // A restaurant whose twos linger half as long again at dinner likely lingers at lunch too.
    const TurnTimes defaults;
    const QDateTime dinner(QDate(2025, 3, 7), QTime(19, 0), QTimeZone::UTC);
    const double slowDinner = 1.5 * defaults.minutes(2, Daypart::Dinner);
    const TurnTimes t = TurnTimes::learn(visits(300, 2, dinner, [slowDinner](int i) { return around(slowDinner, i); }));
    QVERIFY2(t.minutes(2, Daypart::Lunch) > 1.35 * defaults.minutes(2, Daypart::Lunch),
             qPrintable(QString::number(t.minutes(2, Daypart::Lunch))));
    // ...and, less surely, that larger parties do too.
    QVERIFY(t.minutes(4, Daypart::Dinner) > 1.2 * defaults.minutes(4, Daypart::Dinner));
}

void TestWaitEstimator::learnUsesRestaurantTimezone()
{
    // Seated at 11:30 UTC in a restaurant at UTC+6: 17:30 local, dinner, not lunch.
    const QDateTime seated(QDate(2025, 3, 7), QTime(11, 30), QTimeZone::UTC);
    const TurnTimes t = TurnTimes::learn(visits(300, 4, seated, [](int i) { return around(100, i); }), 6 * 3600);
    QVERIFY(std::abs(t.minutes(4, Daypart::Dinner) - 100.0) < 3.0);
    QVERIFY(std::abs(t.minutes(4, Daypart::Lunch) - 100.0) > 10.0);
}

QTEST_GUILESS_MAIN(TestWaitEstimator)
#include "tst_waitestimator.moc"
