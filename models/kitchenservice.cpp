#include "kitchenservice.h"

#include "store/eventlog.h"
#include "store/sql.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>

namespace
{

QString bigintArray(const QList<qint64>& ids)
{
    QStringList parts;
    for (qint64 id : ids) {
        parts << QString::number(id);
    }
    return u'{' + parts.join(u',') + u'}';
}

struct LockedOrder
{
    qint64 id = 0;
    qint64 restaurantId = 0;
    qint64 partyId = 0; // 0: not a party's order
    QString kind;
    QString code;
    OrderStatus status = OrderStatus::Received;
};

struct LockedTicket
{
    qint64 id = 0;
    bool expo = false;
    QString station;
    KitchenTicket::Status status = KitchenTicket::Status::Open;
};

struct LockedItem
{
    qint64 id = 0;
    QString name;
    KitchenTicketItem::Status status = KitchenTicketItem::Status::Open;
};

struct Locked
{
    LockedOrder order;
    LockedTicket ticket;
    LockedItem item; // when an item was locked
};

VoidResult recordEvent(QSqlDatabase& db, qint64 restaurantId, const QString& type, const QJsonObject& payload)
{
    auto appended = EventLog::append(db, restaurantId, type, payload);
    if (!appended) {
        return unexpected(appended.error());
    }
    return {};
}

// How a message names a ticket to a cook: "Order 4821 (grill)".
QString ticketName(const LockedOrder& order, const LockedTicket& ticket)
{
    return ticket.expo ? KitchenService::tr("Order %1 (expo)").arg(order.code)
                       : KitchenService::tr("Order %1 (%2)").arg(order.code, ticket.station);
}

QJsonObject ticketPayload(const Locked& locked)
{
    QJsonObject payload{{QStringLiteral("ticket_id"), locked.ticket.id},
                        {QStringLiteral("order_id"), locked.order.id},
                        {QStringLiteral("expo"), locked.ticket.expo},
                        {QStringLiteral("station"),
                         locked.ticket.expo ? QJsonValue(QJsonValue::Null) : QJsonValue(locked.ticket.station)}};
    if (locked.order.partyId > 0) {
        payload.insert(QStringLiteral("party_id"), locked.order.partyId);
    }
    return payload;
}

Result<LockedOrder> lockOrder(QSqlDatabase& db, qint64 orderId)
{
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT id, restaurant_id, coalesce(party_id, 0), kind, code, status"
                                          " FROM orders WHERE id = ? FOR UPDATE"),
                           {orderId});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(Error::notFound(KitchenService::tr("No such order.")));
    }
    LockedOrder order;
    order.id = query->value(0).toLongLong();
    order.restaurantId = query->value(1).toLongLong();
    order.partyId = query->value(2).toLongLong();
    order.kind = query->value(3).toString();
    order.code = query->value(4).toString();
    order.status = OrderStatusRules::fromString(query->value(5).toString()).value_or(OrderStatus::Received);
    return order;
}

// Every kitchen change locks the order, then the ticket, then the item: one
// order's changes take turns in one lock order, so two screens neither bump
// twice nor deadlock, and "is every station done?" is answered for sure.
Result<Locked> lockTicket(QSqlDatabase& db, qint64 restaurantId, qint64 ticketId)
{
    auto owner = Sql::exec(db,
                           QStringLiteral("SELECT order_id FROM tickets WHERE id = ? AND restaurant_id = ?"),
                           {ticketId, restaurantId});
    if (!owner) {
        return unexpected(owner.error());
    }
    if (!owner->next()) {
        return unexpected(Error::notFound(KitchenService::tr("That ticket does not exist.")));
    }
    Locked locked;
    auto order = lockOrder(db, owner->value(0).toLongLong());
    if (!order) {
        return unexpected(order.error());
    }
    locked.order = *order;
    auto ticket = Sql::exec(db,
                            QStringLiteral("SELECT kind, coalesce(station, ''), status FROM tickets"
                                           " WHERE id = ? FOR UPDATE"),
                            {ticketId});
    if (!ticket) {
        return unexpected(ticket.error());
    }
    if (!ticket->next()) {
        return unexpected(Error::notFound(KitchenService::tr("That ticket does not exist.")));
    }
    locked.ticket.id = ticketId;
    locked.ticket.expo = ticket->value(0).toString() == u"expo";
    locked.ticket.station = ticket->value(1).toString();
    locked.ticket.status =
        KitchenTicket::statusFromString(ticket->value(2).toString()).value_or(KitchenTicket::Status::Open);
    return locked;
}

Result<Locked> lockItem(QSqlDatabase& db, qint64 restaurantId, qint64 itemId)
{
    auto owner = Sql::exec(db,
                           QStringLiteral("SELECT ticket_id FROM ticket_items WHERE id = ? AND restaurant_id = ?"),
                           {itemId, restaurantId});
    if (!owner) {
        return unexpected(owner.error());
    }
    if (!owner->next()) {
        return unexpected(Error::notFound(KitchenService::tr("That ticket item does not exist.")));
    }
    auto locked = lockTicket(db, restaurantId, owner->value(0).toLongLong());
    if (!locked) {
        return locked;
    }
    auto item = Sql::exec(db,
                          QStringLiteral("SELECT ti.status, oi.name FROM ticket_items ti"
                                         " JOIN order_items oi ON oi.id = ti.order_item_id"
                                         " WHERE ti.id = ? FOR UPDATE OF ti"),
                          {itemId});
    if (!item) {
        return unexpected(item.error());
    }
    if (!item->next()) {
        return unexpected(Error::notFound(KitchenService::tr("That ticket item does not exist.")));
    }
    locked->item.id = itemId;
    locked->item.status =
        KitchenTicketItem::statusFromString(item->value(0).toString()).value_or(KitchenTicketItem::Status::Open);
    locked->item.name = item->value(1).toString();
    return locked;
}

// Only a fired order that has not left the kitchen can be worked on.
VoidResult checkInKitchen(const LockedOrder& order)
{
    switch (order.status) {
    case OrderStatus::Received:
    case OrderStatus::Preparing:
    case OrderStatus::Ready:
        return {};
    case OrderStatus::Cancelled:
        return unexpected(Error::conflict(KitchenService::tr("Order %1 was cancelled.").arg(order.code)));
    case OrderStatus::Held:
        return unexpected(Error::conflict(KitchenService::tr("Order %1 is held until it is fired.").arg(order.code)));
    case OrderStatus::Served:
    case OrderStatus::PickedUp:
    case OrderStatus::OutForDelivery:
    case OrderStatus::Delivered:
        break;
    }
    return unexpected(Error::conflict(KitchenService::tr("Order %1 has already left the kitchen.").arg(order.code)));
}

// An item can be worked on while its order is in the kitchen and its ticket open.
VoidResult checkWorkable(const Locked& locked)
{
    if (auto inKitchen = checkInKitchen(locked.order); !inKitchen) {
        return inKitchen;
    }
    if (locked.ticket.status == KitchenTicket::Status::Bumped) {
        return unexpected(
            Error::conflict(KitchenService::tr("%1 was already bumped.").arg(ticketName(locked.order, locked.ticket))));
    }
    return {};
}

VoidResult setOrderStatus(QSqlDatabase& db, LockedOrder& order, Result<OrderStatus> to, const QString& reason)
{
    if (!to) {
        return unexpected(to.error());
    }
    if (auto updated = Sql::exec(db,
                                 QStringLiteral("UPDATE orders SET status = ?, updated_at = now() WHERE id = ?"),
                                 {OrderStatusRules::toString(*to), order.id});
        !updated) {
        return unexpected(updated.error());
    }
    QJsonObject payload{{QStringLiteral("order_id"), order.id},
                        {QStringLiteral("kind"), order.kind},
                        {QStringLiteral("from"), OrderStatusRules::toString(order.status)},
                        {QStringLiteral("reason"), reason}};
    if (order.partyId > 0) {
        payload.insert(QStringLiteral("party_id"), order.partyId);
    }
    order.status = *to;
    return recordEvent(db, order.restaurantId, QStringLiteral("order.") + OrderStatusRules::toString(*to), payload);
}

// The order follows its station tickets: any work means preparing, every
// ticket bumped means ready, and a ticket open again (a recall) means
// preparing once more.
VoidResult followTickets(QSqlDatabase& db, LockedOrder& order, const QString& reason)
{
    auto open = Sql::exec(db,
                          QStringLiteral("SELECT count(*) FROM tickets WHERE order_id = ? AND kind = 'station'"
                                         " AND status = 'open'"),
                          {order.id});
    if (!open || !open->next()) {
        return unexpected(open ? Error::internal(QStringLiteral("no ticket count")) : open.error());
    }
    const int openTickets = open->value(0).toInt();
    if (order.status == OrderStatus::Received) {
        if (auto moved =
                setOrderStatus(db, order, OrderStatusRules::transition(order.status, OrderStatus::Preparing), reason);
            !moved) {
            return moved;
        }
    }
    if (openTickets == 0 && order.status == OrderStatus::Preparing) {
        return setOrderStatus(db, order, OrderStatusRules::transition(order.status, OrderStatus::Ready), reason);
    }
    if (openTickets > 0 && order.status == OrderStatus::Ready) {
        return setOrderStatus(db, order, OrderStatusRules::reopen(order.status), reason);
    }
    return {};
}

Result<KitchenTicket> recall(QSqlDatabase& db, qint64 restaurantId, qint64 ticketId)
{
    auto locked = lockTicket(db, restaurantId, ticketId);
    if (!locked) {
        return unexpected(locked.error());
    }
    if (auto inKitchen = checkInKitchen(locked->order); !inKitchen) {
        return unexpected(inKitchen.error());
    }
    if (locked->ticket.status != KitchenTicket::Status::Bumped) {
        return unexpected(Error::conflict(KitchenService::tr("%1 is not bumped; there is nothing to recall.")
                                              .arg(ticketName(locked->order, locked->ticket))));
    }
    // Only what the bump finished reopens; lines bumped one by one stay done.
    if (auto items = Sql::exec(db,
                               QStringLiteral("UPDATE ticket_items SET bumped_at = NULL, bumped_with_ticket = false,"
                                              " status = CASE WHEN started_at IS NULL THEN 'open' ELSE 'started' END"
                                              " WHERE ticket_id = ? AND bumped_with_ticket"),
                               {ticketId});
        !items) {
        return unexpected(items.error());
    }
    const QString reopen = QStringLiteral("UPDATE tickets SET status = 'open', bumped_at = NULL, recalled_at = now(),"
                                          " recall_count = recall_count + 1 WHERE %1 RETURNING id");
    if (auto reopened = Sql::exec(db, reopen.arg(QStringLiteral("id = ?")), {ticketId}); !reopened) {
        return unexpected(reopened.error());
    }
    if (auto e = recordEvent(db, restaurantId, QStringLiteral("kitchen.ticket_recalled"), ticketPayload(*locked)); !e) {
        return unexpected(e.error());
    }
    if (!locked->ticket.expo) {
        // The order is cooking again: the pass must see it again too.
        auto expo = Sql::exec(
            db, reopen.arg(QStringLiteral("order_id = ? AND kind = 'expo' AND status = 'bumped'")), {locked->order.id});
        if (!expo) {
            return unexpected(expo.error());
        }
        if (expo->next()) {
            Locked expoTicket = *locked;
            expoTicket.ticket = {expo->value(0).toLongLong(), true, {}, KitchenTicket::Status::Open};
            if (auto e =
                    recordEvent(db, restaurantId, QStringLiteral("kitchen.ticket_recalled"), ticketPayload(expoTicket));
                !e) {
                return unexpected(e.error());
            }
        }
        if (auto followed = followTickets(db, locked->order, QStringLiteral("ticket_recalled")); !followed) {
            return unexpected(followed.error());
        }
    }
    return KitchenBoard::loadTicket(db, restaurantId, ticketId);
}

} // namespace

KitchenService::KitchenService(Store& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{ }

VoidResult KitchenService::routeOrder(QSqlDatabase& db, qint64 orderId)
{
    auto order = lockOrder(db, orderId);
    if (!order) {
        return unexpected(order.error());
    }
    auto routed = Sql::exec(db, QStringLiteral("SELECT count(*) FROM tickets WHERE order_id = ?"), {orderId});
    if (!routed || !routed->next()) {
        return unexpected(routed ? Error::internal(QStringLiteral("no ticket count")) : routed.error());
    }
    if (routed->value(0).toInt() > 0) {
        return {}; // already on the screens; a ticket never shows twice
    }
    if (order->status != OrderStatus::Received) {
        return unexpected(Error::conflict(tr("Order %1 is %2; only a received order goes to the kitchen.")
                                              .arg(order->code, OrderStatusRules::toString(order->status))));
    }
    auto lines = Sql::exec(db,
                           QStringLiteral("SELECT oi.id, mi.station FROM order_items oi"
                                          " JOIN menu_items mi ON mi.id = oi.menu_item_id"
                                          " WHERE oi.order_id = ? ORDER BY mi.station, oi.id"),
                           {orderId});
    if (!lines) {
        return unexpected(lines.error());
    }
    QMap<QString, QList<qint64>> byStation;
    while (lines->next()) {
        byStation[lines->value(1).toString()].append(lines->value(0).toLongLong());
    }
    if (byStation.isEmpty()) {
        return {}; // nothing to cook
    }
    QJsonArray tickets;
    for (auto it = byStation.cbegin(); it != byStation.cend(); ++it) {
        auto ticket = Sql::exec(db,
                                QStringLiteral("INSERT INTO tickets (restaurant_id, order_id, kind, station)"
                                               " VALUES (?, ?, 'station', ?) RETURNING id"),
                                {order->restaurantId, orderId, it.key()});
        if (!ticket || !ticket->next()) {
            return unexpected(ticket ? Error::internal(QStringLiteral("ticket not created")) : ticket.error());
        }
        const qint64 ticketId = ticket->value(0).toLongLong();
        if (auto items = Sql::exec(db,
                                   QStringLiteral("INSERT INTO ticket_items (restaurant_id, ticket_id, order_item_id)"
                                                  " SELECT ?, ?, unnest(?::bigint[])"),
                                   {order->restaurantId, ticketId, bigintArray(it.value())});
            !items) {
            return unexpected(items.error());
        }
        tickets.append(QJsonObject{{QStringLiteral("ticket_id"), ticketId},
                                   {QStringLiteral("station"), it.key()},
                                   {QStringLiteral("items"), it.value().size()}});
    }
    auto expo = Sql::exec(db,
                          QStringLiteral("INSERT INTO tickets (restaurant_id, order_id, kind, station)"
                                         " VALUES (?, ?, 'expo', NULL) RETURNING id"),
                          {order->restaurantId, orderId});
    if (!expo || !expo->next()) {
        return unexpected(expo ? Error::internal(QStringLiteral("expo ticket not created")) : expo.error());
    }
    QJsonObject payload{{QStringLiteral("order_id"), orderId},
                        {QStringLiteral("kind"), order->kind},
                        {QStringLiteral("tickets"), tickets},
                        {QStringLiteral("expo_ticket_id"), expo->value(0).toLongLong()}};
    if (order->partyId > 0) {
        payload.insert(QStringLiteral("party_id"), order->partyId);
    }
    return recordEvent(db, order->restaurantId, QStringLiteral("kitchen.routed"), payload);
}

QFuture<Result<KitchenBoard>> KitchenService::board(qint64 restaurantId, const KitchenScope& scope)
{
    return m_store.transact<KitchenBoard>([restaurantId, scope](QSqlDatabase& db) -> Result<KitchenBoard> {
        // One snapshot for every part, so the counts agree with the tickets.
        if (auto isolated =
                Sql::execScript(db, QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
            !isolated) {
            return unexpected(isolated.error());
        }
        return KitchenBoard::load(db, restaurantId, scope);
    });
}

QFuture<Result<QList<KitchenTicket>>> KitchenService::openTickets(qint64 restaurantId, const KitchenScope& scope)
{
    return m_store.run<QList<KitchenTicket>>(
        [restaurantId, scope](QSqlDatabase& db) { return KitchenBoard::loadOpenTickets(db, restaurantId, scope); });
}

QFuture<Result<KitchenTicket>> KitchenService::ticket(qint64 restaurantId, qint64 ticketId)
{
    return m_store.run<KitchenTicket>(
        [restaurantId, ticketId](QSqlDatabase& db) { return KitchenBoard::loadTicket(db, restaurantId, ticketId); });
}

QFuture<Result<QList<HeldPreorder>>> KitchenService::comingUp(qint64 restaurantId, const KitchenScope& scope)
{
    return m_store.run<QList<HeldPreorder>>(
        [restaurantId, scope](QSqlDatabase& db) { return KitchenBoard::loadComingUp(db, restaurantId, scope); });
}

QFuture<Result<AllDayCounts>> KitchenService::allDayCounts(qint64 restaurantId, const KitchenScope& scope)
{
    return m_store.run<AllDayCounts>(
        [restaurantId, scope](QSqlDatabase& db) { return KitchenBoard::loadAllDay(db, restaurantId, scope); });
}

QFuture<Result<KitchenTicket>> KitchenService::startItem(qint64 restaurantId, const Actor& actor, qint64 ticketItemId)
{
    if (auto allowed = actor.require(Permission::Bump); !allowed) {
        return QtFuture::makeReadyValueFuture(Result<KitchenTicket>(unexpected(allowed.error())));
    }
    return m_store.transact<KitchenTicket>([restaurantId, ticketItemId](QSqlDatabase& db) -> Result<KitchenTicket> {
        auto locked = lockItem(db, restaurantId, ticketItemId);
        if (!locked) {
            return unexpected(locked.error());
        }
        if (auto workable = checkWorkable(*locked); !workable) {
            return unexpected(workable.error());
        }
        if (locked->item.status == KitchenTicketItem::Status::Started) {
            return unexpected(Error::conflict(tr("%1 is already started.").arg(locked->item.name)));
        }
        if (locked->item.status == KitchenTicketItem::Status::Done) {
            return unexpected(Error::conflict(tr("%1 was already bumped.").arg(locked->item.name)));
        }
        if (auto started =
                Sql::exec(db,
                          QStringLiteral("UPDATE ticket_items SET status = 'started', started_at = now() WHERE id = ?"),
                          {ticketItemId});
            !started) {
            return unexpected(started.error());
        }
        QJsonObject payload = ticketPayload(*locked);
        payload.insert(QStringLiteral("item_id"), ticketItemId);
        if (auto e = recordEvent(db, restaurantId, QStringLiteral("kitchen.item_started"), payload); !e) {
            return unexpected(e.error());
        }
        if (auto followed = followTickets(db, locked->order, QStringLiteral("item_started")); !followed) {
            return unexpected(followed.error());
        }
        return KitchenBoard::loadTicket(db, restaurantId, locked->ticket.id);
    });
}

QFuture<Result<KitchenTicket>> KitchenService::bumpItem(qint64 restaurantId, const Actor& actor, qint64 ticketItemId)
{
    if (auto allowed = actor.require(Permission::Bump); !allowed) {
        return QtFuture::makeReadyValueFuture(Result<KitchenTicket>(unexpected(allowed.error())));
    }
    return m_store.transact<KitchenTicket>([restaurantId, ticketItemId](QSqlDatabase& db) -> Result<KitchenTicket> {
        auto locked = lockItem(db, restaurantId, ticketItemId);
        if (!locked) {
            return unexpected(locked.error());
        }
        if (auto workable = checkWorkable(*locked); !workable) {
            return unexpected(workable.error());
        }
        if (locked->item.status == KitchenTicketItem::Status::Done) {
            return unexpected(Error::conflict(tr("%1 was already bumped.").arg(locked->item.name)));
        }
        auto others = Sql::exec(db,
                                QStringLiteral("SELECT count(*) FROM ticket_items WHERE ticket_id = ?"
                                               " AND status <> 'done' AND id <> ?"),
                                {locked->ticket.id, ticketItemId});
        if (!others || !others->next()) {
            return unexpected(others ? Error::internal(QStringLiteral("no item count")) : others.error());
        }
        // The last line bumps the ticket with it; a recall then reopens that line.
        const bool last = others->value(0).toInt() == 0;
        if (auto bumped = Sql::exec(db,
                                    QStringLiteral("UPDATE ticket_items SET status = 'done', bumped_at = now(),"
                                                   " bumped_with_ticket = ? WHERE id = ?"),
                                    {last, ticketItemId});
            !bumped) {
            return unexpected(bumped.error());
        }
        QJsonObject payload = ticketPayload(*locked);
        payload.insert(QStringLiteral("item_id"), ticketItemId);
        if (auto e = recordEvent(db, restaurantId, QStringLiteral("kitchen.item_bumped"), payload); !e) {
            return unexpected(e.error());
        }
        if (last) {
            if (auto bumped =
                    Sql::exec(db,
                              QStringLiteral("UPDATE tickets SET status = 'bumped', bumped_at = now() WHERE id = ?"),
                              {locked->ticket.id});
                !bumped) {
                return unexpected(bumped.error());
            }
            QJsonObject ticketBumped = ticketPayload(*locked);
            ticketBumped.insert(QStringLiteral("by_last_item"), true);
            if (auto e = recordEvent(db, restaurantId, QStringLiteral("kitchen.ticket_bumped"), ticketBumped); !e) {
                return unexpected(e.error());
            }
        }
        if (auto followed = followTickets(db, locked->order, QStringLiteral("item_bumped")); !followed) {
            return unexpected(followed.error());
        }
        return KitchenBoard::loadTicket(db, restaurantId, locked->ticket.id);
    });
}

QFuture<Result<KitchenTicket>> KitchenService::bumpTicket(qint64 restaurantId, const Actor& actor, qint64 ticketId)
{
    if (auto allowed = actor.require(Permission::Bump); !allowed) {
        return QtFuture::makeReadyValueFuture(Result<KitchenTicket>(unexpected(allowed.error())));
    }
    return m_store.transact<KitchenTicket>([restaurantId, ticketId](QSqlDatabase& db) -> Result<KitchenTicket> {
        auto locked = lockTicket(db, restaurantId, ticketId);
        if (!locked) {
            return unexpected(locked.error());
        }
        if (auto workable = checkWorkable(*locked); !workable) {
            return unexpected(workable.error());
        }
        if (locked->ticket.expo && locked->order.status != OrderStatus::Ready) {
            return unexpected(Error::conflict(
                tr("Order %1 is not ready yet: a station is still working on it.").arg(locked->order.code)));
        }
        auto items = Sql::exec(db,
                               QStringLiteral("UPDATE ticket_items SET status = 'done', bumped_at = now(),"
                                              " bumped_with_ticket = true WHERE ticket_id = ? AND status <> 'done'"
                                              " RETURNING id"),
                               {ticketId});
        if (!items) {
            return unexpected(items.error());
        }
        int finished = 0;
        while (items->next()) {
            ++finished;
        }
        if (auto bumped = Sql::exec(
                db, QStringLiteral("UPDATE tickets SET status = 'bumped', bumped_at = now() WHERE id = ?"), {ticketId});
            !bumped) {
            return unexpected(bumped.error());
        }
        QJsonObject payload = ticketPayload(*locked);
        payload.insert(QStringLiteral("items_bumped"), finished);
        if (auto e = recordEvent(db, restaurantId, QStringLiteral("kitchen.ticket_bumped"), payload); !e) {
            return unexpected(e.error());
        }
        if (!locked->ticket.expo) {
            if (auto followed = followTickets(db, locked->order, QStringLiteral("ticket_bumped")); !followed) {
                return unexpected(followed.error());
            }
        }
        return KitchenBoard::loadTicket(db, restaurantId, ticketId);
    });
}

QFuture<Result<KitchenTicket>> KitchenService::recallTicket(qint64 restaurantId, const Actor& actor, qint64 ticketId)
{
    if (auto allowed = actor.require(Permission::Bump); !allowed) {
        return QtFuture::makeReadyValueFuture(Result<KitchenTicket>(unexpected(allowed.error())));
    }
    return m_store.transact<KitchenTicket>(
        [restaurantId, ticketId](QSqlDatabase& db) { return recall(db, restaurantId, ticketId); });
}

QFuture<Result<KitchenTicket>>
KitchenService::recallLast(qint64 restaurantId, const Actor& actor, const KitchenScope& scope)
{
    if (auto allowed = actor.require(Permission::Bump); !allowed) {
        return QtFuture::makeReadyValueFuture(Result<KitchenTicket>(unexpected(allowed.error())));
    }
    return m_store.transact<KitchenTicket>([restaurantId, scope](QSqlDatabase& db) -> Result<KitchenTicket> {
        QVariantList bindings{restaurantId};
        QString condition;
        switch (scope.kind) {
        case KitchenScope::Kind::AllStations:
            condition = QStringLiteral("t.kind = 'station'");
            break;
        case KitchenScope::Kind::Station:
            condition = QStringLiteral("t.kind = 'station' AND t.station = ?");
            bindings.append(scope.station);
            break;
        case KitchenScope::Kind::Expo:
            condition = QStringLiteral("t.kind = 'expo'");
            break;
        }
        auto last = Sql::exec(db,
                              QStringLiteral("SELECT t.id FROM tickets t JOIN orders o ON o.id = t.order_id"
                                             " WHERE t.restaurant_id = ? AND t.status = 'bumped'"
                                             " AND o.status IN ('received', 'preparing', 'ready') AND %1"
                                             " ORDER BY t.bumped_at DESC, t.id DESC LIMIT 1")
                                  .arg(condition),
                              bindings);
        if (!last) {
            return unexpected(last.error());
        }
        if (!last->next()) {
            return unexpected(Error::notFound(tr("There is no bumped ticket to recall.")));
        }
        return recall(db, restaurantId, last->value(0).toLongLong());
    });
}
