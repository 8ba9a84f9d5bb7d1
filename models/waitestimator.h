#pragma once

#include "turntimes.h"

#include <QDateTime>
#include <QList>
#include <limits>

// A table as the estimator sees it. A free table kept for a notified party is not
// occupied; heldFor names that party, or, when 0, the notified party takes the
// smallest free table that fits it.
struct TableState
{
    qint64 id = 0;
    int seats = 0;
    bool occupied = false;
    QDateTime seatedAt; // UTC, when occupied
    int partySize = 0; // when occupied; 0 if unknown (the table's seats are used)
    bool outOfService = false;
    qint64 heldFor = 0; // when free: the WaitingParty::id of the notified party it is kept for
};

// A party in the queue (waiting, or notified and on its way).
struct WaitingParty
{
    qint64 id = 0;
    int size = 0;
    QDateTime joinedAt; // UTC
    bool notified = false;
};

// What a diner is told: the likeliest wait and a range holding about two thirds
// of outcomes. canSeat is false when no table can ever fit the party.
struct WaitQuote
{
    int minutes = 0;
    int low = 0;
    int high = 0;
    int partiesAhead = 0;
    bool canSeat = true;
};

// One finished stay in the queue: the party was called to a table, or walked away.
struct QueueStay
{
    QDateTime joinedAt;
    QDateTime endedAt; // called, or gone
    bool walkedAway = false;
};

// A table the host gave a party: which size of table, and when the party joined and
// was called to it (or sat down, if seated on arrival). From party_tables, dining_tables
// and the parties' joined and notified/seated times.
struct TableChoice
{
    int partySize = 0;
    int seats = 0;
    QDateTime joinedAt;
    QDateTime calledAt;
};

// Quotes a party's wait by replaying how the host will seat the queue: tables free
// when their turns end, and parties take them in queue order. Turn times are
// uncertain, and the first of several tables frees sooner than any one is expected
// to, so the replay runs over a fixed set of sampled evenings and quotes the median
// wait of those diners who stay to be seated (walk-aways never learn theirs).
class WaitEstimator
{
public:
    // The most empty seats the host accepts at a table (a 2 takes a 4-top, not a 6-top),
    // unless no table in service is that close.
    static constexpr int MAX_EMPTY_SEATS = 3;
    static constexpr int WALK_AWAY_BIN_MINUTES = 15;

    explicit WaitEstimator(TurnTimes turnTimes = {});

    // `ahead`: parties before this one in queue order (for a new diner: the whole active queue).
    // Times are UTC; timezoneOffsetSeconds is the restaurant's, for dayparts. The same
    // input always gets the same quote.
    WaitQuote quote(int partySize,
                    const QList<TableState>& tables,
                    const QList<WaitingParty>& ahead,
                    const QDateTime& now,
                    int timezoneOffsetSeconds = 0) const;

    // Quotes for every party in `queue` (queue order), from one replay: element i is what
    // quote(queue[i].size, tables, queue[0..i), now, tz) would say. A party's seating depends
    // only on those ahead of it, and one that walks away in the replay still gets the time it
    // would have sat down, so each party's sampled waits are exactly those quote() samples.
    // The last party's quote always equals quote()'s. For the others, this knows more than
    // quote() can: how long each has waited already (whole minutes; quote() quotes a new
    // party), who is behind it (a table someone behind suits is not given away as a bigger
    // table, see setBiggerTableAfterMinutes), and that a free table held for a notified party
    // behind it is that party's. Notified parties get 0, parties no table fits canSeat = false,
    // partiesAhead is the index. Cost: about one quote() of the last party.
    QList<WaitQuote> quoteQueue(const QList<TableState>& tables,
                                const QList<WaitingParty>& queue,
                                const QDateTime& now,
                                int timezoneOffsetSeconds = 0) const;

    void setTurnTimes(TurnTimes t);
    const TurnTimes& turnTimes() const;

    // Minutes from "your table is ready" to sitting down (the walk back); learnable
    // from notified → seated times. 0 for a host who only seats parties at the door.
    void setSeatingDelayMinutes(double minutes);
    double seatingDelayMinutes() const;

    // Walk-aways per hour of waiting, by time already waited: rates[i] applies from
    // i × binMinutes on, the last one for ever after. Empty: nobody walks away.
    void setWalkAwayRates(QList<double> perHour, int binMinutes = WALK_AWAY_BIN_MINUTES);
    // One rate, however long a party has waited.
    void setWalkAwayPerHour(double rate);
    // Rates from finished stays: walk-aways in each bin ÷ hours waited in it, shrunk
    // towards the overall rate where there were few hours.
    static QList<double> learnWalkAwayRates(const QList<QueueStay>& history, int binMinutes = WALK_AWAY_BIN_MINUTES);

    // Tonight's turns run this many times as long as learned, those under way included
    // (TurnTimes::pace, from tonight's seated and freed times); 1 by default, kept within 0.5–2.
    void setPace(double factor);
    double pace() const;

    // The host's habit of giving a party that has waited this many minutes a bigger
    // table than the size rule allows, when nobody waiting suits that table (the first
    // such party in queue order that fits). Off by default (infinite); negative or NaN: off.
    void setBiggerTableAfterMinutes(double minutes);
    double biggerTableAfterMinutes() const;
    // From the tables given before: how long parties had waited when given a table with
    // more than MAX_EMPTY_SEATS empty (for sizes that have had suitable ones), a low
    // quantile of those waits; infinite when it happened fewer than ten times.
    static double learnBiggerTableAfterMinutes(const QList<TableChoice>& history);

    // More sampled evenings, steadier quotes, slower: the cost grows in proportion. The default
    // 32 keeps a whole 200-party queue under a millisecond; 48 would take about 0.03 minutes
    // off the mean absolute error for half as much time again (bench/README.md).
    void setScenarioCount(int count);

    // The host's size rule: a table suits a party when it fits and leaves at most
    // MAX_EMPTY_SEATS empty.
    static bool suits(int seats, int partySize);

    // The seed product's formula, kept for comparison:
    // ((parties_in_queue + occupied − tables) / tables) × avg_dining_minutes, floored at 0.
    static int seedFormulaMinutes(int partiesInQueue, int occupiedTables, int tables, double avgDiningMinutes);

private:
    TurnTimes m_turnTimes;
    double m_seatingDelayMinutes = 2.0;
    QList<double> m_walkAwayPerHour;
    int m_walkAwayBinMinutes = WALK_AWAY_BIN_MINUTES;
    int m_scenarioCount = 32;
    double m_pace = 1.0;
    double m_biggerTableAfterMinutes = std::numeric_limits<double>::infinity();
};
