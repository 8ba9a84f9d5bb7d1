#pragma once

#include "diningtable.h"
#include "party.h"
#include "result.h"
#include "waitestimator.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>

// A consistent picture of one restaurant's queue and dining room, read in one
// go, with every waiting party's position and current quote worked out.
struct QueueSnapshot
{
    // A table as the host sees it: its state and who sits there.
    struct Table
    {
        DiningTable table;
        qint64 partyId = 0;
        QString partyName;
        int partySize = 0;
        QDateTime seatedAt;
    };

    qint64 restaurantId = 0;
    QString restaurantName;
    QString slug;
    QString timezone;
    QString currency;
    QDateTime now;
    int timezoneOffsetSeconds = 0;
    int holdMinutes = 10;
    // Tonight's pace (TurnTimes::pace) from the visits of this service day so far, finished
    // and still at their tables; every quote from this snapshot uses it.
    double pace = 1.0;
    QList<Party> parties; // waiting and notified in queue order, then seated
    QList<Table> tables;

    // Which waiting parties get their current quote worked out (the costly part).
    enum class Quotes
    {
        Everyone,
        Nobody // positions only, e.g. when only a new party's quote is wanted
    };

    // A service day runs from this local hour to the same hour the next day.
    static constexpr int SERVICE_DAY_START_HOUR = 5;

    // Reads the snapshot; quotes use `estimator` at tonight's pace.
    static Result<QueueSnapshot>
    load(QSqlDatabase& db, qint64 restaurantId, const WaitEstimator& estimator, Quotes quotes = Quotes::Everyone);
    // One party in full (also when it has left the queue), positioned within `snapshot`.
    static Result<Party>
    loadParty(QSqlDatabase& db, const QString& column, const QVariant& value, const QueueSnapshot& snapshot);
    // One party as it is now, positioned, without reading the rest of the queue.
    // Its quote is the one given when it joined (what a change to one party answers).
    static Result<Party> loadCurrent(QSqlDatabase& db, qint64 restaurantId, qint64 partyId);

    // The estimator's view of the dining room and of the queue ahead of `position`.
    QList<TableState> tableStates() const;
    QList<WaitingParty> partiesAhead(int position) const;
    const Party* findParty(qint64 partyId) const;
    // `estimator` at tonight's pace.
    WaitEstimator paced(WaitEstimator estimator) const;
    // What a new party of `size` would be quoted now (by `estimator` at tonight's pace).
    WaitQuote quoteForNewParty(int size, const WaitEstimator& estimator) const;
};
