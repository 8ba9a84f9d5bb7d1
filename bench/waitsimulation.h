#pragma once

#include "turntimes.h"
#include "waitestimator.h"

#include <QDate>
#include <QList>
#include <optional>
#include <random>

// One party's arrival: what any estimator could see at that moment, and what happened.
struct SimulatedArrival
{
    int size = 0;
    QDateTime joinedAt;
    QList<TableState> tables; // as the host saw them on arrival, before seating anyone
    QList<WaitingParty> ahead; // the active queue then, in order
    bool seatedAtOnce = false; // a suitable table was free on arrival
    std::optional<QDateTime> seatedAt; // empty when the party walked away
    // With WaitSimulation::setOracle, for a party that had to queue: what an estimator that
    // knows the simulator's own model would quote, in minutes.
    std::optional<double> oracleMinutes;
};

// Everything one simulated evening leaves behind.
struct SimulatedEvening
{
    QList<SimulatedArrival> arrivals;
    QList<TurnSample> visits; // finished visits, seated → table free again
    // For learning the walk-back and walk-away rates, as Maitre could from its parties table.
    double notifyToSeatMinutes = 0.0; // summed over parties called back from the queue
    int calledBack = 0;
    QList<QueueStay> stays; // every party that waited in the queue, until called or gone
    QList<TableChoice> choices; // every table given, for learning the host's habits
};

// A dinner service replayed event by event with random arrivals, party sizes,
// dining times, walk-backs and walk-aways, and a host who seats the queue
// first come first served, smallest suitable table first. See bench/README.md.
class WaitSimulation
{
public:
    explicit WaitSimulation(quint64 seed);

    // Opening 17:00 local on `date` until the last table is free.
    SimulatedEvening runEvening(QDate date);

    // A yardstick for estimators, not one of them: for every party that has to queue, the
    // median wait of those who stay (as Maitre quotes) from `scenarios` replays of the rest
    // of the evening with this simulator's own model, every hidden draw taken afresh given
    // what the door sees: the turns under way (given how long they have lasted), the walk
    // backs, the patience of those waiting, later arrivals. Told tonight's pace, or drawing
    // it from the evenings' spread. Its own random numbers: the evenings stay the same.
    // 0 scenarios: off (the default).
    void setOracle(int scenarios, bool knowsPace);

    static QList<int> tableSeats();
    static int timezoneOffsetSeconds();

private:
    std::mt19937_64 m_rng;
    quint64 m_seed;
    int m_oracleScenarios = 0;
    bool m_oracleKnowsPace = false;
};
