#pragma once

#include "joinrequest.h"
#include "party.h"
#include "result.h"
#include "waitestimator.h"

#include <QSqlDatabase>
#include <vector>

// Writes several joins to one restaurant's queue in one transaction, so a crowd
// scanning the QR code at once shares one commit; each request keeps its own answer.
class JoinBatch final
{
public:
    // Runs inside the caller's transaction, in request order (so queue order is
    // arrival order). Answer i is requests[i]'s new party, the party an earlier
    // request with the same Idempotency-Key created, or why it was refused; a
    // refused request writes nothing. A database error fails the whole batch.
    // New parties are quoted by `estimator` at tonight's pace (QueueSnapshot::quoteForNewParty).
    static Result<std::vector<Result<Party>>> write(QSqlDatabase& db,
                                                    qint64 restaurantId,
                                                    const std::vector<JoinRequest>& requests,
                                                    const WaitEstimator& estimator);
};
