#pragma once

#include "actor.h"
#include "estimatorinputs.h"
#include "joinrequest.h"
#include "party.h"
#include "queuesnapshot.h"
#include "result.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QPromise>
#include <memory>
#include <optional>
#include <vector>

class Store;

// The virtual queue: diners and hosts add parties; hosts notify, seat, finish,
// cancel and mark no-shows; pre-orders are held and fired so food is ready as
// the party sits down. Every change commits with its domain event. Calls are
// safe from any thread and never block: SQL runs on the store's workers.
class QueueService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueService)

public:
    static constexpr int MAX_PARTY_SIZE = 20;
    static constexpr int MAX_NAME_LENGTH = 80;
    static constexpr int MAX_ITEM_QUANTITY = 99;
    static constexpr int MAX_NOTE_LENGTH = 200;
    static constexpr int MAX_ITEMS = 50;

    explicit QueueService(Store& store, QObject* parent = nullptr);
    ~QueueService() override;

    // Checks a join request without touching the database (field errors).
    static VoidResult validate(const JoinRequest& request);

    // Joins arriving while an earlier one is being written go together in the
    // next transaction (see JoinBatch), so a crowd shares commits.
    QFuture<Result<Party>> join(qint64 restaurantId, const JoinRequest& request);
    QFuture<Result<Party>> partyByToken(qint64 restaurantId, const QString& token);
    // One party as it is now, without reading the queue: its quote is the one
    // it was given (what a status change needs to be told at once).
    QFuture<Result<Party>> partyNow(qint64 restaurantId, qint64 partyId);
    QFuture<Result<QueueSnapshot>> snapshot(qint64 restaurantId);
    QFuture<Result<WaitQuote>> quote(qint64 restaurantId, int partySize);

    // Host actions: each needs Permission::SeatAndNotify from `actor`, and
    // notify, seat, cancel and no-show are recorded in the audit log.
    QFuture<Result<Party>> notify(qint64 restaurantId, const Actor& actor, qint64 partyId);
    // Seats at one table or several combined; a waiting party is notified and
    // seated in one step. Its held pre-order is fired at once.
    QFuture<Result<Party>> seat(qint64 restaurantId, const Actor& actor, qint64 partyId, const QList<qint64>& tableIds);
    // The party has left: its tables need cleaning.
    QFuture<Result<Party>> finish(qint64 restaurantId, const Actor& actor, qint64 partyId);
    QFuture<Result<Party>> cancel(qint64 restaurantId, const Actor& actor, qint64 partyId);
    // The diner leaves, with their token: no staff involved.
    QFuture<Result<Party>> cancelByToken(qint64 restaurantId, const QString& token);
    QFuture<Result<Party>> markNoShow(qint64 restaurantId, const Actor& actor, qint64 partyId);
    // Marks a table free (after cleaning), dirty or out of service.
    QFuture<Result<DiningTable>>
    setTableState(qint64 restaurantId, const Actor& actor, qint64 tableId, DiningTable::State state);

    // Sends held pre-orders whose time has come to the kitchen: when the
    // party's current quote is no longer than the longest prep time. Returns
    // how many were fired; also keeps each held order's fire_at current.
    QFuture<Result<int>> fireDuePreorders(qint64 restaurantId);
    // Re-learns everything the estimator uses from this restaurant's recent history
    // (EstimatorInputs::learn), in one store job; quotes use it from then on.
    QFuture<Result<EstimatorInputs>> relearn(qint64 restaurantId);

    EstimatorInputs inputs() const;
    void setInputs(const EstimatorInputs& inputs);
    // An estimator with what this restaurant has learned, at pace 1: quote through a
    // snapshot (QueueSnapshot::quoteForNewParty), which applies tonight's pace.
    WaitEstimator estimator() const;

    // The most joins written in one transaction.
    static constexpr size_t MAX_JOIN_BATCH = 64;

private:
    struct PendingJoin
    {
        JoinRequest request;
        std::shared_ptr<QPromise<Result<Party>>> promise;
        bool alone = false; // its batch failed: written by itself, so others' errors are not its own
    };
    // One restaurant's joins: waiting for a transaction, and whether one is running.
    struct JoinLane
    {
        std::vector<PendingJoin> pending;
        bool writing = false;
    };

    // What work on the store's threads may use after the service is gone.
    struct Shared;
    static void writeJoins(const std::shared_ptr<Shared>& shared, qint64 restaurantId);
    QFuture<Result<Party>> leave(qint64 restaurantId,
                                 const std::optional<Actor>& actor,
                                 const QString& column,
                                 const QVariant& key,
                                 PartyStatus to);

    Store& m_store;
    std::shared_ptr<Shared> m_shared;
};
