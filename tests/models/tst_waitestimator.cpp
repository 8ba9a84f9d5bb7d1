#include "turntimes.h"
#include "waitestimator.h"

#include <QTest>
#include <QTimeZone>
#include <array>
#include <cmath>
#include <functional>
#include <limits>

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

// A busy room of `count` tables, mostly occupied, turns at various stages.
QList<TableState> busyRoom(int count)
{
    QList<TableState> tables;
    for (int i = 0; i < count; ++i) {
        const int seats = std::array{2, 2, 4, 4, 4, 6, 8, 10}[static_cast<size_t>(i % 8)];
        tables.append(i % 9 == 4 ? freeTable(i + 1, seats)
                                 : occupiedTable(i + 1, seats, seats - i % 2, 5 + (i * 7) % 80));
    }
    return tables;
}

// A queue of `count`: mixed sizes, joined over the last hour and a half, the first two notified.
QList<WaitingParty> longQueue(int count)
{
    QList<WaitingParty> queue;
    for (int i = 0; i < count; ++i) {
        queue.append(waiting(i + 1, 1 + (i * 5) % 8, 90 * (count - i) / count, i < 2));
    }
    return queue;
}

// `evenings` evenings of 20 visits of fours each, seated 18:00–19:54, lasting around
// `minutes` times that evening's pace: alternately `slow` and 1 / `slow`.
QList<TurnSample> evenings(int count, double minutes, double slow)
{
    QList<TurnSample> history;
    for (int e = 0; e < count; ++e) {
        const double pace = e % 2 == 0 ? slow : 1.0 / slow;
        for (int i = 0; i < 20; ++i) {
            const QDateTime seated =
                QDateTime(QDate(2025, 1, 1).addDays(e), QTime(18, 0), QTimeZone::UTC).addSecs(360LL * i);
            const double m = pace * (minutes + static_cast<double>((i * 37) % 21 - 10));
            history.append({4, seated, seated.addMSecs(std::llround(m * 60000.0))});
        }
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
    void turnTimeDefaultsFollowTheSettings();
    void allTablesFreeIsNoWait_data();
    void allTablesFreeIsNoWait();
    void occupiedTableWaitIsRemainingTurn_data();
    void occupiedTableWaitIsRemainingTurn();
    void overdueTableFreesSoonButNotNow();
    void overdueTableWhereSomeLinger();
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
    void quoteWeighsOwnChanceOfStaying();
    void longWaitersAreLikelierToLeave();
    void learnWalkAwayRates();
    void sameSituationSameQuote();
    void bigRoomLongQueue();
    void rangeBracketsQuote();
    void learnedTurnTimesDriveQuote();
    void seedFormula_data();
    void seedFormula();

    void quoteQueueLastPartyEqualsQuote_data();
    void quoteQueueLastPartyEqualsQuote();
    void quoteQueueEqualsQuoteForEveryParty_data();
    void quoteQueueEqualsQuoteForEveryParty();
    void quoteQueueNoTableFits();
    void quoteQueueNotifiedParties();
    void quoteQueueCountsTimeAlreadyWaited();
    void paceStretchesQuotes();
    void biggerTableForLongWaiters();
    void learnBiggerTableAfter_data();
    void learnBiggerTableAfter();
    void quoteQueueLongQueue();

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
    void learnSizeFactors();
    void turnShapeDefaultsToTheNormal();
    void learnTurnShape();
    void learnPaceSpread_data();
    void learnPaceSpread();
    void tonightsPace_data();
    void tonightsPace();
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

void TestWaitEstimator::overdueTableWhereSomeLinger()
{
    // A table an hour and a quarter in, where parties leave after about an hour: where
    // nobody lingers it frees any moment; where one party in ten stays an hour longer, it
    // is probably one of them, with about half an hour to go.
    const QList<TableState> tables{occupiedTable(1, 2, 2, 75)};
    const auto prompt = [](int i) { return 60.0 + static_cast<double>((i * 37) % 5 - 2); };
    const auto lingering = [&prompt](int i) { return i % 10 == 0 ? 120.0 : prompt(i); };
    const QDateTime dinner = NOW.addDays(-1);
    const int quick =
        plainEstimator(TurnTimes::learn(visits(300, 2, dinner, prompt))).quote(2, tables, {}, NOW).minutes;
    const int slow =
        plainEstimator(TurnTimes::learn(visits(300, 2, dinner, lingering))).quote(2, tables, {}, NOW).minutes;
    QVERIFY2(quick >= 1 && quick <= 5, qPrintable(QString::number(quick)));
    QVERIFY2(slow >= 20 && slow <= 50, qPrintable(QString::number(slow)));
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
    // Notified parties are on their way: they count in full, and only our own chance
    // of staying (quoteWeighsOwnChanceOfStaying) moves the quote.
    for (WaitingParty& p : ahead) {
        p.notified = true;
    }
    const int noneLeave = estimator.quote(4, tables, ahead, NOW).minutes;
    QVERIFY2(noneLeave > someLeave && noneLeave <= everyoneStays,
             qPrintable(QStringLiteral("%1 vs %2, %3").arg(noneLeave).arg(someLeave).arg(everyoneStays)));
}

void TestWaitEstimator::quoteWeighsOwnChanceOfStaying()
{
    // Nobody ahead: walk-aways can only mean ours. A diner who gives up never learns the
    // wait, so the quote is the wait of those who stay: long waits count for less.
    const QList<TableState> tables{occupiedTable(1, 6, 6, 40)};
    WaitEstimator estimator = plainEstimator();
    const WaitQuote everyone = estimator.quote(6, tables, {}, NOW);
    estimator.setWalkAwayPerHour(2.0);
    const WaitQuote stayers = estimator.quote(6, tables, {}, NOW);
    QVERIFY2(stayers.minutes < everyone.minutes,
             qPrintable(QStringLiteral("%1 vs %2").arg(stayers.minutes).arg(everyone.minutes)));
    QVERIFY(stayers.high < everyone.high);
    QVERIFY(stayers.low <= stayers.minutes && stayers.minutes <= stayers.high);
    // A free table is no wait, whoever might leave.
    QCOMPARE(estimator.quote(6, {freeTable(1, 6)}, {}, NOW).minutes, 0);
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

void TestWaitEstimator::quoteQueueLastPartyEqualsQuote_data()
{
    QTest::addColumn<int>("tableCount");
    QTest::addColumn<int>("queueLength");
    QTest::addColumn<double>("walkAwaysPerHour");
    QTest::addColumn<double>("biggerTableAfter");
    QTest::addColumn<double>("pace");
    const double never = std::numeric_limits<double>::infinity();
    QTest::newRow("14 tables, 5 waiting") << 14 << 5 << 0.0 << never << 1.0;
    QTest::newRow("14 tables, 5 waiting, walk-aways") << 14 << 5 << 1.0 << never << 1.0;
    QTest::newRow("14 tables, 30 waiting, walk-aways") << 14 << 30 << 1.0 << never << 1.0;
    QTest::newRow("40 tables, 60 waiting, many walk-aways") << 40 << 60 << 3.0 << never << 1.0;
    QTest::newRow("3 tables, 1 waiting") << 3 << 1 << 1.0 << never << 1.0;
    QTest::newRow("14 tables, 30 waiting, bigger tables, slow night") << 14 << 30 << 1.0 << 20.0 << 1.2;
    QTest::newRow("40 tables, 60 waiting, bigger tables at once") << 40 << 60 << 2.0 << 0.0 << 0.9;
}

void TestWaitEstimator::quoteQueueLastPartyEqualsQuote()
{
    // A new diner's join quote and the first snapshot after it must agree, to the minute,
    // whatever the estimator has learned: nobody is behind the last party.
    QFETCH(int, tableCount);
    QFETCH(int, queueLength);
    QFETCH(double, walkAwaysPerHour);
    QFETCH(double, biggerTableAfter);
    QFETCH(double, pace);
    WaitEstimator estimator;
    estimator.setWalkAwayRates({0.2, walkAwaysPerHour, 2 * walkAwaysPerHour});
    estimator.setBiggerTableAfterMinutes(biggerTableAfter);
    estimator.setPace(pace);
    const QList<TableState> tables = busyRoom(tableCount);
    QList<WaitingParty> queue = longQueue(queueLength);
    for (int size : {1, 2, 4, 6, 8}) {
        // Joined seconds before the snapshot.
        queue.last() = {queue.last().id, size, NOW.addSecs(-20), false};
        const QList<WaitQuote> quotes = estimator.quoteQueue(tables, queue, NOW, 3600);
        QCOMPARE(quotes.size(), queue.size());
        const WaitQuote single = estimator.quote(size, tables, queue.first(queue.size() - 1), NOW, 3600);
        const WaitQuote& last = quotes.last();
        QCOMPARE(last.minutes, single.minutes);
        QCOMPARE(last.low, single.low);
        QCOMPARE(last.high, single.high);
        QCOMPARE(last.partiesAhead, single.partiesAhead);
        QCOMPARE(last.canSeat, single.canSeat);
    }
}

void TestWaitEstimator::quoteQueueEqualsQuoteForEveryParty_data()
{
    QTest::addColumn<double>("walkAwaysPerHour");
    QTest::newRow("few walk away") << 0.0;
    QTest::newRow("some walk away") << 1.0;
    QTest::newRow("many walk away") << 4.0;
}

void TestWaitEstimator::quoteQueueEqualsQuoteForEveryParty()
{
    // Exactly, walk-aways or not: one that walks away in a scenario of the joint replay
    // still gets the time it would have sat down, and nobody behind a party changes that.
    // quote() quotes a party that has just joined, so here everyone has (they still walk
    // away in the replay); quoteQueueCountsTimeAlreadyWaited covers the difference.
    QFETCH(double, walkAwaysPerHour);
    WaitEstimator estimator;
    estimator.setWalkAwayRates({0.5, walkAwaysPerHour, walkAwaysPerHour / 2});
    const QList<TableState> tables = busyRoom(14);
    QList<WaitingParty> queue = longQueue(40);
    for (qsizetype i = 0; i < queue.size(); ++i) {
        queue[i].joinedAt = NOW.addSecs(-59 + i);
    }
    const QList<WaitQuote> quotes = estimator.quoteQueue(tables, queue, NOW);
    QCOMPARE(quotes.size(), queue.size());
    for (qsizetype i = 0; i < queue.size(); ++i) {
        if (queue[i].notified) {
            continue;
        }
        const WaitQuote single = estimator.quote(queue[i].size, tables, queue.first(i), NOW);
        const QString what = QStringLiteral("party %1: %2 [%3, %4] vs quote() %5 [%6, %7]")
                                 .arg(i)
                                 .arg(quotes[i].minutes)
                                 .arg(quotes[i].low)
                                 .arg(quotes[i].high)
                                 .arg(single.minutes)
                                 .arg(single.low)
                                 .arg(single.high);
        QVERIFY2(quotes[i].minutes == single.minutes && quotes[i].low == single.low && quotes[i].high == single.high,
                 qPrintable(what));
        QCOMPARE(quotes[i].partiesAhead, static_cast<int>(i));
    }
}

void TestWaitEstimator::quoteQueueNoTableFits()
{
    // A 12 in a room whose biggest table seats 10 can never sit down, and holds nobody up.
    const QList<TableState> tables{occupiedTable(1, 4, 4, 10), freeTable(2, 2), occupiedTable(3, 10, 9, 20)};
    const QList<WaitingParty> queue{waiting(1, 12, 20), waiting(2, 2, 10), waiting(3, 4, 5)};
    const QList<WaitQuote> quotes = plainEstimator().quoteQueue(tables, queue, NOW);
    QCOMPARE(quotes.size(), 3);
    QVERIFY(!quotes[0].canSeat);
    QCOMPARE(quotes[0].partiesAhead, 0);
    QVERIFY(quotes[1].canSeat);
    QCOMPARE(quotes[1].minutes, 0); // the free 2-top
    QCOMPARE(quotes[1].partiesAhead, 1);
    QVERIFY(quotes[2].canSeat);
    QVERIFY(quotes[2].minutes > 0);
    QCOMPARE(quotes[2].partiesAhead, 2);
    QCOMPARE(quotes[2].minutes, plainEstimator().quote(4, tables, queue.first(2), NOW).minutes);
}

void TestWaitEstimator::quoteQueueNotifiedParties()
{
    // Notified parties are on their way to their tables: 0, and the tables are theirs.
    TableState sixTop = freeTable(1, 6);
    sixTop.heldFor = 2;
    const QList<TableState> tables{
        sixTop, freeTable(2, 2), occupiedTable(3, 2, 2, 30), occupiedTable(4, 6, 5, 40), occupiedTable(5, 10, 8, 60)};
    const QList<WaitingParty> queue{
        waiting(1, 2, 40, true), waiting(2, 3, 35, true), waiting(3, 6, 20), waiting(4, 2, 10)};
    const WaitEstimator estimator = plainEstimator();
    const QList<WaitQuote> quotes = estimator.quoteQueue(tables, queue, NOW);
    for (int i : {0, 1}) {
        QCOMPARE(quotes[i].minutes, 0);
        QCOMPARE(quotes[i].low, 0);
        QCOMPARE(quotes[i].high, 0);
        QVERIFY(quotes[i].canSeat);
        QCOMPARE(quotes[i].partiesAhead, i);
    }
    // The 6 waits: the free 6-top is kept for the notified 3; and so does the 2, as the
    // notified 2 takes the free 2-top.
    QVERIFY(quotes[2].minutes > 0);
    QVERIFY(quotes[3].minutes > 0);
    QCOMPARE(quotes[2].minutes, estimator.quote(6, tables, queue.first(2), NOW).minutes);
    QCOMPARE(quotes[3].minutes, estimator.quote(2, tables, queue.first(3), NOW).minutes);
    // Even a notified party no table fits now is on its way.
    const QList<WaitQuote> big = estimator.quoteQueue(tables, {waiting(9, 12, 5, true)}, NOW);
    QVERIFY(big[0].canSeat);
    QCOMPARE(big[0].minutes, 0);
    QVERIFY(estimator.quoteQueue(tables, {}, NOW).isEmpty());
}

void TestWaitEstimator::quoteQueueCountsTimeAlreadyWaited()
{
    // Nobody leaves in the first half hour, many after: a party that has waited 40 minutes
    // is likelier to give up than a new one, so among those who stay its wait is shorter.
    WaitEstimator estimator = plainEstimator();
    estimator.setWalkAwayRates({0.0, 0.0, 3.0}, 15);
    const QList<TableState> tables{occupiedTable(1, 6, 6, 60)};
    const WaitQuote asNew = estimator.quote(6, tables, {}, NOW);
    const WaitQuote weary = estimator.quoteQueue(tables, {waiting(1, 6, 40)}, NOW).first();
    QVERIFY2(weary.minutes < asNew.minutes,
             qPrintable(QStringLiteral("%1 vs %2").arg(weary.minutes).arg(asNew.minutes)));
    // Seconds do not count: the same quote as on joining.
    QCOMPARE(estimator.quoteQueue(tables, {{1, 6, NOW.addSecs(-50), false}}, NOW).first().minutes, asNew.minutes);
}

void TestWaitEstimator::paceStretchesQuotes()
{
    const QList<TableState> tables{occupiedTable(1, 4, 4, 20), occupiedTable(2, 4, 4, 35)};
    const QList<WaitingParty> ahead{waiting(1, 4, 10), waiting(2, 3, 5)};
    WaitEstimator estimator = plainEstimator();
    const int usual = estimator.quote(4, tables, ahead, NOW).minutes;
    estimator.setPace(1.3);
    const int slow = estimator.quote(4, tables, ahead, NOW).minutes;
    estimator.setPace(0.8);
    const int fast = estimator.quote(4, tables, ahead, NOW).minutes;
    QVERIFY2(fast < usual && usual < slow, qPrintable(QStringLiteral("%1 %2 %3").arg(fast).arg(usual).arg(slow)));
    // Beyond half or double it is bad data, not a pace.
    estimator.setPace(10.0);
    QCOMPARE(estimator.pace(), 2.0);
    estimator.setPace(std::nan(""));
    QCOMPARE(estimator.pace(), 1.0);
}

void TestWaitEstimator::biggerTableForLongWaiters()
{
    // A new 2; the only 2-top was just taken, and a 6-top is free that no waiting party suits.
    const QList<TableState> tables{occupiedTable(1, 2, 2, 5), freeTable(2, 6)};
    WaitEstimator estimator = plainEstimator();
    QVERIFY(estimator.quote(2, tables, {}, NOW).minutes > 20);
    // A host who gives a bigger table after a quarter of an hour seats us then.
    estimator.setBiggerTableAfterMinutes(15);
    const WaitQuote q = estimator.quote(2, tables, {}, NOW);
    QCOMPARE(q.minutes, 15);
    // One who does so at once seats us now.
    estimator.setBiggerTableAfterMinutes(0);
    QCOMPARE(estimator.quote(2, tables, {}, NOW).minutes, 0);

    // A 2 that has waited 40 minutes gets the 6-top as it frees, so the 2-top comes to us sooner.
    const QList<TableState> busy{occupiedTable(1, 2, 2, 5), occupiedTable(2, 2, 2, 10), occupiedTable(3, 6, 6, 60)};
    const QList<WaitingParty> weary{waiting(1, 2, 40)};
    estimator.setBiggerTableAfterMinutes(std::numeric_limits<double>::infinity());
    const int strictly = estimator.quote(2, busy, weary, NOW).minutes;
    estimator.setBiggerTableAfterMinutes(30);
    const int habit = estimator.quote(2, busy, weary, NOW).minutes;
    QVERIFY2(habit < strictly, qPrintable(QStringLiteral("%1 vs %2").arg(habit).arg(strictly)));
    // But a table someone waiting suits is theirs: a 6 gets the 6-top as before.
    const int six = estimator.quote(6, busy, weary, NOW).minutes;
    estimator.setBiggerTableAfterMinutes(std::numeric_limits<double>::infinity());
    QCOMPARE(six, estimator.quote(6, busy, weary, NOW).minutes);
}

void TestWaitEstimator::learnBiggerTableAfter_data()
{
    QTest::addColumn<QList<TableChoice>>("choices");
    QTest::addColumn<double>("lowest");
    QTest::addColumn<double>("highest");
    const double never = std::numeric_limits<double>::infinity();
    const auto choices = [](int count, int size, int seats, int waitedFrom) {
        QList<TableChoice> result;
        for (int i = 0; i < count; ++i) {
            const QDateTime joined = NOW.addDays(-i);
            result.append({size, seats, joined, joined.addSecs(60LL * (waitedFrom + i % 20))});
        }
        return result;
    };
    QTest::newRow("never") << choices(100, 2, 2, 0) << never << never;
    QTest::newRow("after half an hour") << choices(100, 2, 2, 0) + choices(20, 2, 6, 30) << 30.0 << 33.0;
    QTest::newRow("without waiting") << choices(100, 2, 2, 0) + choices(30, 2, 8, 0) << 0.0 << 2.0;
    QTest::newRow("too seldom to say") << choices(100, 2, 2, 0) + choices(5, 2, 6, 30) << never << never;
    // Twos only ever get 6-tops: that is the room, not a habit.
    QTest::newRow("no suitable table for the size") << choices(30, 2, 6, 0) << never << never;
    QList<TableChoice> unknown = choices(100, 2, 2, 0) + choices(20, 2, 6, 30);
    for (qsizetype i = 100; i < unknown.size(); ++i) {
        unknown[i].calledAt = QDateTime();
    }
    QTest::newRow("called times missing") << unknown << never << never;
}

void TestWaitEstimator::learnBiggerTableAfter()
{
    QFETCH(QList<TableChoice>, choices);
    QFETCH(double, lowest);
    QFETCH(double, highest);
    const double learned = WaitEstimator::learnBiggerTableAfterMinutes(choices);
    QVERIFY2(learned >= lowest && learned <= highest, qPrintable(QString::number(learned)));
}

void TestWaitEstimator::quoteQueueLongQueue()
{
    WaitEstimator estimator;
    estimator.setWalkAwayRates({0.1, 0.8, 1.2, 1.2, 1.0});
    const QList<TableState> tables = busyRoom(40);
    const QList<WaitingParty> queue = longQueue(200);
    const QList<WaitQuote> quotes = estimator.quoteQueue(tables, queue, NOW);
    QCOMPARE(quotes.size(), 200);
    std::array<int, 9> lastBySize{};
    for (qsizetype i = 0; i < quotes.size(); ++i) {
        const WaitQuote& q = quotes[i];
        QVERIFY(q.canSeat);
        QCOMPARE(q.partiesAhead, static_cast<int>(i));
        QVERIFY(q.low <= q.minutes && q.minutes <= q.high);
        // Nobody sits down before a party of the same size ahead of it.
        const size_t size = static_cast<size_t>(queue[i].size);
        if (!queue[i].notified) {
            QVERIFY2(q.minutes >= lastBySize[size], qPrintable(QStringLiteral("party %1").arg(i)));
            lastBySize[size] = q.minutes;
        }
    }
    // Two hundred parties on forty tables, many walking away: well over an hour, under a day.
    QVERIFY2(quotes.last().minutes > 60 && quotes.last().minutes < 24 * 60,
             qPrintable(QString::number(quotes.last().minutes)));
    const WaitQuote single = estimator.quote(queue.last().size, tables, queue.first(199), NOW);
    QCOMPARE(quotes.last().minutes, single.minutes);
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

void TestWaitEstimator::learnSizeFactors()
{
    // Ones leave sooner than twos, though both are in the 1–2 bucket.
    const QDateTime dinner(QDate(2025, 3, 7), QTime(19, 0), QTimeZone::UTC);
    const TurnTimes t = TurnTimes::learn(visits(300, 1, dinner, [](int i) { return around(40, i); })
                                         + visits(300, 2, dinner, [](int i) { return around(50, i); }));
    QVERIFY2(std::abs(t.minutes(1, Daypart::Dinner) - 40.0) < 3.0,
             qPrintable(QString::number(t.minutes(1, Daypart::Dinner))));
    QVERIFY2(std::abs(t.minutes(2, Daypart::Dinner) - 50.0) < 3.0,
             qPrintable(QString::number(t.minutes(2, Daypart::Dinner))));
    QVERIFY(t.sizeFactor(1) < 1.0 && t.sizeFactor(2) > 1.0);
    QVERIFY(t.spread(1, Daypart::Dinner) < t.spread(2, Daypart::Dinner));
    // Sizes never seen keep their bucket's turn; the defaults have no size factors.
    QCOMPARE(t.sizeFactor(4), 1.0);
    QCOMPARE(TurnTimes().sizeFactor(1), 1.0);
    QCOMPARE(TurnTimes().sizeFactor(20), TurnTimes().sizeFactor(TurnTimes::MAX_SIZE));
}

void TestWaitEstimator::turnShapeDefaultsToTheNormal()
{
    const TurnTimes defaults;
    QCOMPARE(defaults.residualQuantile(0.5), 0.0);
    QVERIFY(std::abs(defaults.residualQuantile(0.841344746) - 1.0) < 1e-6);
    QVERIFY(std::abs(defaults.residualQuantile(0.022750132) + 2.0) < 1e-6);
    QVERIFY(std::abs(defaults.residualSurvival(1.0) - 0.158655254) < 1e-9);
    QVERIFY(std::abs(defaults.residualSurvival(-2.0) - 0.977249868) < 1e-9);
    // Far into the upper tail, where 1 − p would round.
    QCOMPARE(defaults.residualQuantileAbove(0.158655254), defaults.residualQuantile(1.0 - 0.158655254));
    QVERIFY(std::abs(defaults.residualQuantileAbove(1e-15) - 7.941345326) < 1e-6);
}

void TestWaitEstimator::learnTurnShape()
{
    // Nine parties in ten leave after about an hour, give or take two minutes; one in ten
    // lingers an hour more.
    const QDateTime dinner(QDate(2025, 3, 7), QTime(19, 0), QTimeZone::UTC);
    const auto lingering = [](int i) { return i % 10 == 0 ? 120.0 : 60.0 + static_cast<double>((i * 37) % 5 - 2); };
    const TurnTimes t = TurnTimes::learn(visits(300, 2, dinner, lingering));
    // Against the lognormal of that mean and spread, the body is as tight as the normal's
    // and the tail many times longer.
    QVERIFY2(t.residualQuantile(0.25) > -1.0 && t.residualQuantile(0.75) < 1.0,
             qPrintable(QStringLiteral("%1 %2").arg(t.residualQuantile(0.25)).arg(t.residualQuantile(0.75))));
    QVERIFY2(t.residualQuantile(0.95) > 10.0, qPrintable(QString::number(t.residualQuantile(0.95))));
    // Monotone, and the survival function is its inverse.
    double previous = -std::numeric_limits<double>::infinity();
    for (double u = 0.001; u < 1.0; u += 0.01) {
        const double z = t.residualQuantile(u);
        QVERIFY(z > previous);
        QVERIFY2(std::abs(t.residualSurvival(z) - (1.0 - u)) < 1e-9, qPrintable(QString::number(u)));
        previous = z;
    }
    // The upper tail asked for directly agrees, and goes on past what 1 − p can say.
    for (double p : {0.3, 0.05, 0.01, 1e-3}) {
        QVERIFY2(std::abs(t.residualQuantileAbove(p) - t.residualQuantile(1.0 - p)) < 1e-9,
                 qPrintable(QString::number(p)));
    }
    QVERIFY(t.residualQuantileAbove(1e-15) > t.residualQuantile(1.0 - 1e-12));
    // A dozen visits say little about a shape: it stays near the normal.
    const TurnTimes few = TurnTimes::learn(visits(12, 2, dinner, lingering));
    QVERIFY2(std::abs(few.residualQuantile(0.95) - 1.645) < std::abs(t.residualQuantile(0.95) - 1.645) / 3.0,
             qPrintable(QString::number(few.residualQuantile(0.95))));
}

void TestWaitEstimator::learnPaceSpread_data()
{
    QTest::addColumn<double>("slow");
    QTest::addColumn<double>("lowest");
    QTest::addColumn<double>("highest");
    QTest::newRow("every evening alike") << 1.0 << 0.0 << 0.03;
    QTest::newRow("evenings 10% apart") << 1.1 << 0.06 << 0.14;
    QTest::newRow("evenings 25% apart") << 1.25 << 0.17 << 0.28;
}

void TestWaitEstimator::learnPaceSpread()
{
    // Alternate evenings slower and faster by `slow`: log pace ±ln(slow).
    QFETCH(double, slow);
    QFETCH(double, lowest);
    QFETCH(double, highest);
    const TurnTimes t = TurnTimes::learn(evenings(30, 60, slow));
    QVERIFY2(t.paceSpread() >= lowest && t.paceSpread() <= highest, qPrintable(QString::number(t.paceSpread())));
    // Too few evenings to say: a guess of about 10%.
    QCOMPARE(TurnTimes::learn(evenings(3, 60, slow)).paceSpread(), TurnTimes().paceSpread());
}

void TestWaitEstimator::tonightsPace_data()
{
    QTest::addColumn<QList<TurnSample>>("tonight");
    QTest::addColumn<double>("lowest");
    QTest::addColumn<double>("highest");
    const QDateTime now(QDate(2025, 3, 7), QTime(20, 0), QTimeZone::UTC);
    const auto finished = [&now](int count, double minutes) {
        QList<TurnSample> result;
        for (int i = 0; i < count; ++i) {
            const QDateTime seated = now.addSecs(-60LL * std::llround(minutes) - 300LL * i);
            result.append({4, seated, seated.addMSecs(std::llround(minutes * 60000.0))});
        }
        return result;
    };
    const auto seated = [&now](int count, int minutesAgo) {
        return QList<TurnSample>(count, {4, now.addSecs(-60LL * minutesAgo), QDateTime()});
    };
    QTest::newRow("nothing yet") << QList<TurnSample>{} << 1.0 << 1.0;
    QTest::newRow("as usual") << finished(10, 60) << 0.97 << 1.03;
    QTest::newRow("slow") << finished(10, 75) << 1.1 << 1.25;
    QTest::newRow("fast") << finished(10, 48) << 0.8 << 0.92;
    // Tables still occupied say how long turns last at least.
    QTest::newRow("tables sitting long") << seated(6, 90) << 1.1 << 1.6;
    QTest::newRow("tables just seated") << seated(6, 10) << 0.97 << 1.03;
    // Two tables nobody marked free for hours do not set the evening's pace.
    QTest::newRow("two stragglers") << finished(10, 60) + finished(2, 300) << 1.0 << 1.1;
}

void TestWaitEstimator::tonightsPace()
{
    QFETCH(QList<TurnSample>, tonight);
    QFETCH(double, lowest);
    QFETCH(double, highest);
    const TurnTimes t = TurnTimes::learn(evenings(30, 60, 1.1));
    const double pace = t.pace(tonight, QDateTime(QDate(2025, 3, 7), QTime(20, 0), QTimeZone::UTC));
    QVERIFY2(pace >= lowest && pace <= highest, qPrintable(QString::number(pace)));
}

void TestWaitEstimator::turnTimeDefaultsFollowTheSettings()
{
    // Without history the restaurant's own defaults are the turn times, scaled by daypart as before.
    const TurnTimes standard;
    const TurnTimes quick(TurnTimes::BaseMinutes{30.0, 40.0, 50.0, 60.0});
    QCOMPARE(quick.minutes(2, Daypart::Late), 30.0);
    QCOMPARE(quick.minutes(4, Daypart::Late), 40.0);
    QCOMPARE(quick.minutes(8, Daypart::Late), 60.0);
    QCOMPARE(standard.minutes(2, Daypart::Late), TurnTimes::defaultBaseMinutes()[0]);
    QVERIFY(quick.minutes(2, Daypart::Dinner) > quick.minutes(2, Daypart::Lunch));
    // Learning from nothing keeps them; a few visits move them only part of the way.
    QCOMPARE(TurnTimes::learn({}, 0, quick.defaultBaseMinutes()).minutes(2, Daypart::Late),
             standard.minutes(2, Daypart::Late));
    QCOMPARE(TurnTimes::learn({}, 0, TurnTimes::BaseMinutes{30.0, 40.0, 50.0, 60.0}).minutes(2, Daypart::Late), 30.0);
    QList<TurnSample> visits;
    const QDateTime late(QDate(2026, 3, 2), QTime(22, 30), QTimeZone::UTC);
    for (int i = 0; i < 3; ++i) {
        visits.append({2, late.addDays(i), late.addDays(i).addSecs(90 * 60)});
    }
    const double learned =
        TurnTimes::learn(visits, 0, TurnTimes::BaseMinutes{30.0, 40.0, 50.0, 60.0}).minutes(2, Daypart::Late);
    QVERIFY2(learned > 30.0 && learned < 90.0, qPrintable(QString::number(learned)));
}

QTEST_GUILESS_MAIN(TestWaitEstimator)
#include "tst_waitestimator.moc"
