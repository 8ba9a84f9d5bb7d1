#pragma once

#include "actor.h"
#include "alldaycounts.h"
#include "heldpreorder.h"
#include "kitchenboard.h"
#include "kitchenscope.h"
#include "kitchenticket.h"
#include "result.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QSqlDatabase>

class Store;

// The kitchen display's domain: orders routed into station tickets and an
// expo ticket, items started and bumped, tickets bumped and recalled, with the
// order's status following. Every change commits with its event; a ticket or
// item is bumped once, however many screens tap it at the same moment. Calls
// are safe from any thread and never block: SQL runs on the store's workers.
class KitchenService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KitchenService)

public:
    explicit KitchenService(Store& store, QObject* parent = nullptr);

    // Puts a received order on the kitchen's screens, inside the caller's
    // transaction: one ticket per station with its lines, and an expo ticket
    // for the whole order. Routing an order twice changes nothing.
    static VoidResult routeOrder(QSqlDatabase& db, qint64 orderId);

    // Open tickets, held pre-orders coming up and all-day counts, consistently.
    QFuture<Result<KitchenBoard>> board(qint64 restaurantId, const KitchenScope& scope = {});
    // Open tickets in arrival order, with their items.
    QFuture<Result<QList<KitchenTicket>>> openTickets(qint64 restaurantId, const KitchenScope& scope = {});
    // One ticket in any state, e.g. to update one card after an event.
    QFuture<Result<KitchenTicket>> ticket(qint64 restaurantId, qint64 ticketId);
    QFuture<Result<QList<HeldPreorder>>> comingUp(qint64 restaurantId, const KitchenScope& scope = {});
    QFuture<Result<AllDayCounts>> allDayCounts(qint64 restaurantId, const KitchenScope& scope = {});

    // The changes answer with the ticket as it now is; each needs Permission::Bump.
    QFuture<Result<KitchenTicket>> startItem(qint64 restaurantId, const Actor& actor, qint64 ticketItemId);
    // Bumping a ticket's last open item bumps the ticket too.
    QFuture<Result<KitchenTicket>> bumpItem(qint64 restaurantId, const Actor& actor, qint64 ticketItemId);
    // A station ticket, or the expo ticket once every station is done.
    QFuture<Result<KitchenTicket>> bumpTicket(qint64 restaurantId, const Actor& actor, qint64 ticketId);
    // Undoes a bump: the ticket and the items that bump finished are open again.
    QFuture<Result<KitchenTicket>> recallTicket(qint64 restaurantId, const Actor& actor, qint64 ticketId);
    // Recalls the ticket bumped last in `scope` (a wrong tap on the bump bar).
    QFuture<Result<KitchenTicket>> recallLast(qint64 restaurantId, const Actor& actor, const KitchenScope& scope = {});

private:
    Store& m_store;
};
