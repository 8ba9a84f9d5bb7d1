#pragma once

#include "turntimes.h"

#include <QDateTime>
#include <QList>

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

// Quotes a party's wait by replaying how the host will seat the queue: tables free
// when their turns end, and parties take them in queue order. Turn times are
// uncertain, and the first of several tables frees sooner than any one is expected
// to, so the replay runs over a fixed set of sampled evenings and quotes the median.
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

    // More sampled evenings, steadier quotes, slower; the default 32 keeps a quote well under a millisecond.
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
};
