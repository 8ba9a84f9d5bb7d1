#include "kitchenboard.h"

#include "store/sql.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace
{

// Orders whose tickets are on the screens: fired and not yet handed out.
const QString IN_KITCHEN = QStringLiteral("('received', 'preparing', 'ready')");

QDateTime utc(const QVariant& value)
{
    return value.isNull() ? QDateTime() : value.toDateTime().toUTC();
}

QString bigintArray(const QList<qint64>& ids)
{
    QStringList parts;
    for (qint64 id : ids) {
        parts << QString::number(id);
    }
    return u'{' + parts.join(u',') + u'}';
}

// order_items.modifiers is a JSON array of names ("no onions") or of objects
// with a name ({"name": "extra cheese", ...}); the screen shows the names.
QStringList modifiersFrom(const QVariant& json)
{
    QStringList names;
    const QJsonArray array = QJsonDocument::fromJson(json.toString().toUtf8()).array();
    for (const QJsonValue& value : array) {
        const QString name =
            value.isObject() ? value.toObject().value(QLatin1String("name")).toString() : value.toString();
        if (!name.isEmpty()) {
            names.append(name);
        }
    }
    return names;
}

// Adds `scope`'s condition on tickets `t` to a WHERE clause.
QString ticketScope(const KitchenScope& scope, QVariantList& bindings)
{
    switch (scope.kind) {
    case KitchenScope::Kind::AllStations:
        return QStringLiteral(" AND t.kind = 'station'");
    case KitchenScope::Kind::Station:
        bindings.append(scope.station);
        return QStringLiteral(" AND t.kind = 'station' AND t.station = ?");
    case KitchenScope::Kind::Expo:
        return QStringLiteral(" AND t.kind = 'expo'");
    }
    return {};
}

Result<QList<KitchenTicket>> loadTickets(QSqlDatabase& db, const QString& condition, const QVariantList& bindings)
{
    auto query = Sql::exec(
        db,
        QStringLiteral(
            "SELECT t.id, t.restaurant_id, t.order_id, t.kind, coalesce(t.station, ''), t.status, t.created_at,"
            " t.bumped_at, t.recalled_at, t.recall_count, o.kind, o.status, o.code,"
            " coalesce(o.customer_name, p.name, ''),"
            " coalesce((SELECT string_agg(dt.label, '+' ORDER BY dt.position, dt.id) FROM party_tables pt"
            " JOIN dining_tables dt ON dt.id = pt.table_id WHERE pt.party_id = o.party_id), '')"
            " FROM tickets t JOIN orders o ON o.id = t.order_id LEFT JOIN parties p ON p.id = o.party_id"
            " WHERE %1 ORDER BY t.created_at, t.id")
            .arg(condition),
        bindings);
    if (!query) {
        return unexpected(query.error());
    }
    QList<KitchenTicket> tickets;
    QList<qint64> orderIds;
    while (query->next()) {
        KitchenTicket t;
        t.id = query->value(0).toLongLong();
        t.restaurantId = query->value(1).toLongLong();
        t.orderId = query->value(2).toLongLong();
        t.expo = query->value(3).toString() == u"expo";
        t.station = query->value(4).toString();
        t.status = KitchenTicket::statusFromString(query->value(5).toString()).value_or(KitchenTicket::Status::Open);
        t.createdAt = utc(query->value(6));
        t.bumpedAt = utc(query->value(7));
        t.recalledAt = utc(query->value(8));
        t.recallCount = query->value(9).toInt();
        t.orderKind = query->value(10).toString();
        t.orderStatus = OrderStatusRules::fromString(query->value(11).toString()).value_or(OrderStatus::Received);
        t.orderCode = query->value(12).toString();
        t.guestName = query->value(13).toString();
        t.tableLabel = query->value(14).toString();
        if (!orderIds.contains(t.orderId)) {
            orderIds.append(t.orderId);
        }
        tickets.append(t);
    }
    if (tickets.isEmpty()) {
        return tickets;
    }

    // Every station's lines of these orders in one query: a station ticket
    // takes its own, the expo ticket all of its order's.
    auto items = Sql::exec(db,
                           QStringLiteral("SELECT ti.id, ti.ticket_id, ti.order_item_id, oi.menu_item_id, oi.name,"
                                          " oi.quantity, oi.note, oi.modifiers::text, t.station, ti.status,"
                                          " ti.started_at, ti.bumped_at, t.order_id"
                                          " FROM ticket_items ti JOIN tickets t ON t.id = ti.ticket_id"
                                          " JOIN order_items oi ON oi.id = ti.order_item_id"
                                          " WHERE t.order_id = ANY(?::bigint[]) ORDER BY t.station, oi.id"),
                           {bigintArray(orderIds)});
    if (!items) {
        return unexpected(items.error());
    }
    QHash<qint64, QList<KitchenTicketItem>> byOrder;
    while (items->next()) {
        KitchenTicketItem item;
        item.id = items->value(0).toLongLong();
        item.ticketId = items->value(1).toLongLong();
        item.orderItemId = items->value(2).toLongLong();
        item.menuItemId = items->value(3).toLongLong();
        item.name = items->value(4).toString();
        item.quantity = items->value(5).toInt();
        item.note = items->value(6).toString();
        item.modifiers = modifiersFrom(items->value(7));
        item.station = items->value(8).toString();
        item.status =
            KitchenTicketItem::statusFromString(items->value(9).toString()).value_or(KitchenTicketItem::Status::Open);
        item.startedAt = utc(items->value(10));
        item.bumpedAt = utc(items->value(11));
        byOrder[items->value(12).toLongLong()].append(item);
    }
    for (KitchenTicket& ticket : tickets) {
        for (const KitchenTicketItem& item : byOrder.value(ticket.orderId)) {
            if (ticket.expo || item.ticketId == ticket.id) {
                ticket.items.append(item);
            }
        }
    }
    return tickets;
}

} // namespace

Result<QList<KitchenTicket>>
KitchenBoard::loadOpenTickets(QSqlDatabase& db, qint64 restaurantId, const KitchenScope& scope)
{
    QVariantList bindings{restaurantId};
    const QString condition = QStringLiteral("t.restaurant_id = ? AND t.status = 'open' AND o.status IN ") + IN_KITCHEN
        + ticketScope(scope, bindings);
    return loadTickets(db, condition, bindings);
}

Result<KitchenTicket> KitchenBoard::loadTicket(QSqlDatabase& db, qint64 restaurantId, qint64 ticketId)
{
    auto tickets = loadTickets(db, QStringLiteral("t.restaurant_id = ? AND t.id = ?"), {restaurantId, ticketId});
    if (!tickets) {
        return unexpected(tickets.error());
    }
    if (tickets->isEmpty()) {
        return unexpected(
            Error::notFound(QCoreApplication::translate("KitchenService", "That ticket does not exist.")));
    }
    return tickets->first();
}

Result<QList<HeldPreorder>> KitchenBoard::loadComingUp(QSqlDatabase& db, qint64 restaurantId, const KitchenScope& scope)
{
    QVariantList bindings{restaurantId};
    QString stationFilter;
    if (scope.kind == KitchenScope::Kind::Station) {
        stationFilter = QStringLiteral(" AND mi.station = ?");
        bindings.append(scope.station);
    }
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT o.id, o.party_id, p.name, p.size, p.status, o.code, o.fire_at,"
                                          " oi.id, oi.menu_item_id, oi.name, oi.quantity, oi.note,"
                                          " oi.modifiers::text, mi.station, mi.prep_minutes"
                                          " FROM orders o JOIN parties p ON p.id = o.party_id"
                                          " JOIN order_items oi ON oi.order_id = o.id"
                                          " JOIN menu_items mi ON mi.id = oi.menu_item_id"
                                          " WHERE o.restaurant_id = ? AND o.status = 'held'"
                                          " AND p.status IN ('waiting', 'notified')%1"
                                          " ORDER BY o.fire_at NULLS LAST, o.id, oi.id")
                               .arg(stationFilter),
                           bindings);
    if (!query) {
        return unexpected(query.error());
    }
    QList<HeldPreorder> result;
    while (query->next()) {
        const qint64 orderId = query->value(0).toLongLong();
        if (result.isEmpty() || result.last().orderId != orderId) {
            HeldPreorder held;
            held.orderId = orderId;
            held.partyId = query->value(1).toLongLong();
            held.partyName = query->value(2).toString();
            held.partySize = query->value(3).toInt();
            held.partyStatus = PartyStatusRules::fromString(query->value(4).toString()).value_or(PartyStatus::Waiting);
            held.code = query->value(5).toString();
            held.fireAt = utc(query->value(6));
            result.append(held);
        }
        HeldPreorder& held = result.last();
        KitchenTicketItem item;
        item.orderItemId = query->value(7).toLongLong();
        item.menuItemId = query->value(8).toLongLong();
        item.name = query->value(9).toString();
        item.quantity = query->value(10).toInt();
        item.note = query->value(11).toString();
        item.modifiers = modifiersFrom(query->value(12));
        item.station = query->value(13).toString();
        held.longestPrepMinutes = std::max(held.longestPrepMinutes, query->value(14).toInt());
        held.items.append(item);
    }
    return result;
}

Result<AllDayCounts> KitchenBoard::loadAllDay(QSqlDatabase& db, qint64 restaurantId, const KitchenScope& scope)
{
    QVariantList bindings{restaurantId};
    QString stationFilter;
    if (scope.kind == KitchenScope::Kind::Station) {
        stationFilter = QStringLiteral(" AND t.station = ?");
        bindings.append(scope.station);
    }
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT oi.menu_item_id, min(oi.name), t.station, sum(oi.quantity)"
                                          " FROM ticket_items ti JOIN tickets t ON t.id = ti.ticket_id"
                                          " JOIN order_items oi ON oi.id = ti.order_item_id"
                                          " JOIN orders o ON o.id = t.order_id"
                                          " WHERE ti.restaurant_id = ? AND ti.status <> 'done' AND t.status = 'open'"
                                          " AND o.status IN %1%2"
                                          " GROUP BY oi.menu_item_id, t.station ORDER BY 3, 4 DESC, 2")
                               .arg(IN_KITCHEN, stationFilter),
                           bindings);
    if (!query) {
        return unexpected(query.error());
    }
    AllDayCounts counts;
    while (query->next()) {
        counts.items.append({query->value(0).toLongLong(),
                             query->value(1).toString(),
                             query->value(2).toString(),
                             query->value(3).toInt()});
    }
    return counts;
}

Result<KitchenBoard> KitchenBoard::load(QSqlDatabase& db, qint64 restaurantId, const KitchenScope& scope)
{
    KitchenBoard board;
    board.restaurantId = restaurantId;
    board.scope = scope;
    auto restaurant = Sql::exec(db, QStringLiteral("SELECT now() FROM restaurants WHERE id = ?"), {restaurantId});
    if (!restaurant) {
        return unexpected(restaurant.error());
    }
    if (!restaurant->next()) {
        return unexpected(Error::notFound(QCoreApplication::translate("KitchenService", "No such restaurant.")));
    }
    board.now = utc(restaurant->value(0));
    auto stations =
        Sql::exec(db,
                  QStringLiteral("SELECT DISTINCT station FROM menu_items WHERE restaurant_id = ? ORDER BY station"),
                  {restaurantId});
    if (!stations) {
        return unexpected(stations.error());
    }
    while (stations->next()) {
        board.stations.append(stations->value(0).toString());
    }
    auto tickets = loadOpenTickets(db, restaurantId, scope);
    if (!tickets) {
        return unexpected(tickets.error());
    }
    board.tickets = std::move(*tickets);
    auto comingUp = loadComingUp(db, restaurantId, scope);
    if (!comingUp) {
        return unexpected(comingUp.error());
    }
    board.comingUp = std::move(*comingUp);
    auto allDay = loadAllDay(db, restaurantId, scope);
    if (!allDay) {
        return unexpected(allDay.error());
    }
    board.allDay = std::move(*allDay);
    return board;
}
