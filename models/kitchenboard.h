#pragma once

#include "alldaycounts.h"
#include "heldpreorder.h"
#include "kitchenscope.h"
#include "kitchenticket.h"
#include "result.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QStringList>

// What a kitchen screen shows, read from one consistent picture: open tickets
// in arrival order, held pre-orders coming up, and all-day counts.
struct KitchenBoard
{
    qint64 restaurantId = 0;
    KitchenScope scope;
    QDateTime now; // the database's clock: age tickets against it, not the PC's
    QStringList stations; // every station on the menu, for a station filter
    QList<KitchenTicket> tickets; // open station tickets, or open expo tickets in expo scope
    QList<HeldPreorder> comingUp; // by fire time
    AllDayCounts allDay;

    // The loaders read on `db` as it is (inside the caller's transaction, if any).
    static Result<KitchenBoard> load(QSqlDatabase& db, qint64 restaurantId, const KitchenScope& scope);
    static Result<QList<KitchenTicket>>
    loadOpenTickets(QSqlDatabase& db, qint64 restaurantId, const KitchenScope& scope);
    // One ticket in any state (bumped ones too).
    static Result<KitchenTicket> loadTicket(QSqlDatabase& db, qint64 restaurantId, qint64 ticketId);
    static Result<QList<HeldPreorder>> loadComingUp(QSqlDatabase& db, qint64 restaurantId, const KitchenScope& scope);
    static Result<AllDayCounts> loadAllDay(QSqlDatabase& db, qint64 restaurantId, const KitchenScope& scope);
};
