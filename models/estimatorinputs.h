#pragma once

#include "result.h"
#include "turntimes.h"
#include "waitestimator.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <limits>
#include <optional>

// Everything the wait estimator learns from one restaurant's own history: turn
// times, walk-aways, the walk back and the host's bigger-table habit. Tonight's
// pace is not here: it changes during service and is read with each snapshot
// (QueueSnapshot::pace).
struct EstimatorInputs
{
    // How far back history goes: the most recent parties, within this many days.
    static constexpr int MAX_PARTIES = 5000;
    static constexpr int MAX_DAYS = 90;
    // Fewer walk backs than this say too little; the estimator's default is kept.
    static constexpr int MIN_WALK_BACKS = 5;
    // A longer "walk back" is a host who called early or seated late, not a walk.
    static constexpr int MAX_WALK_BACK_MINUTES = 30;
    // A longer stay is a party left in the queue after closing, not a wait.
    static constexpr int MAX_STAY_MINUTES = 4 * 60;

    TurnTimes turnTimes;
    QList<double> walkAwayPerHour; // by WaitEstimator::WALK_AWAY_BIN_MINUTES waited; empty: none seen
    std::optional<double> seatingDelayMinutes; // mean walk back; none: the estimator's default
    double biggerTableAfterMinutes = std::numeric_limits<double>::infinity(); // infinite: no such habit

    // What they were learned from, for the log.
    int stays = 0;
    int walkAways = 0;
    int walkBacks = 0;
    int tableChoices = 0;

    // An estimator configured with all of the above (pace 1).
    WaitEstimator estimator() const;

    // Learns from the restaurant's finished parties (the most recent MAX_PARTIES within MAX_DAYS):
    // - turn times: done parties, seated → left;
    // - queue stays: every party that has left the queue; it stayed until called (notified, or
    //   seated without a call), and walked away if it was cancelled or marked a no-show before
    //   being called (a no-show after the call was called: its wait had ended);
    // - the walk back: notified → seated, parties notified before being seated;
    // - tables given: seated parties' size against the seats of their tables (combined: summed).
    static Result<EstimatorInputs> learn(QSqlDatabase& db, qint64 restaurantId);
};
