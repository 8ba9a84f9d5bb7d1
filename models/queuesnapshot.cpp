#include "queuesnapshot.h"

#include "store/sql.h"

#include <QCoreApplication>
#include <QHash>
#include <QTimeZone>

namespace
{

const QString PARTY_COLUMNS = QStringLiteral(
    "id, restaurant_id, name, size, coalesce(phone, ''), notes, source, status, token, code, joined_at, notified_at,"
    " seated_at, left_at, coalesce(quoted_wait_minutes, 0)");

QDateTime utc(const QVariant& value)
{
    return value.isNull() ? QDateTime() : value.toDateTime().toUTC();
}

Party partyFrom(const QSqlQuery& q)
{
    Party p;
    p.id = q.value(0).toLongLong();
    p.restaurantId = q.value(1).toLongLong();
    p.name = q.value(2).toString();
    p.size = q.value(3).toInt();
    p.phone = q.value(4).toString();
    p.notes = q.value(5).toString();
    p.source = q.value(6).toString();
    p.status = PartyStatusRules::fromString(q.value(7).toString()).value_or(PartyStatus::Waiting);
    p.token = q.value(8).toString();
    p.code = q.value(9).toString();
    p.joinedAt = utc(q.value(10));
    p.notifiedAt = utc(q.value(11));
    p.seatedAt = utc(q.value(12));
    p.leftAt = utc(q.value(13));
    p.quotedMinutes = q.value(14).toInt();
    return p;
}

// Pre-orders and table labels for the parties in `byId`, read in two queries.
VoidResult
attachDetails(QSqlDatabase& db, const QString& partyFilter, const QVariantList& bindings, QHash<qint64, Party*>& byId)
{
    auto orders = Sql::exec(db,
                            QStringLiteral("SELECT o.id, o.party_id, o.status, o.fire_at, oi.menu_item_id, oi.name,"
                                           " oi.quantity, oi.note, oi.unit_price_cents, mi.prep_minutes"
                                           " FROM orders o JOIN order_items oi ON oi.order_id = o.id"
                                           " JOIN menu_items mi ON mi.id = oi.menu_item_id"
                                           " WHERE o.kind = 'preorder' AND o.party_id IN (%1) ORDER BY o.id, oi.id")
                                .arg(partyFilter),
                            bindings);
    if (!orders) {
        return unexpected(orders.error());
    }
    while (orders->next()) {
        Party* party = byId.value(orders->value(1).toLongLong());
        if (party == nullptr) {
            continue;
        }
        if (!party->preorder) {
            Preorder preorder;
            preorder.orderId = orders->value(0).toLongLong();
            preorder.status = OrderStatusRules::fromString(orders->value(2).toString()).value_or(OrderStatus::Held);
            preorder.fireAt = utc(orders->value(3));
            party->preorder = preorder;
        }
        party->preorder->lines.append({orders->value(4).toLongLong(),
                                       orders->value(5).toString(),
                                       orders->value(6).toInt(),
                                       orders->value(7).toString(),
                                       orders->value(8).toInt(),
                                       orders->value(9).toInt()});
    }
    auto tables = Sql::exec(db,
                            QStringLiteral("SELECT pt.party_id, t.label FROM party_tables pt"
                                           " JOIN dining_tables t ON t.id = pt.table_id"
                                           " WHERE pt.party_id IN (%1) ORDER BY t.position, t.label")
                                .arg(partyFilter),
                            bindings);
    if (!tables) {
        return unexpected(tables.error());
    }
    while (tables->next()) {
        if (Party* party = byId.value(tables->value(0).toLongLong())) {
            party->tableLabels.append(tables->value(1).toString());
        }
    }
    return {};
}

} // namespace

int Preorder::subtotalCents() const
{
    int total = 0;
    for (const PreorderLine& line : lines) {
        total += line.lineTotalCents();
    }
    return total;
}

int Preorder::longestPrepMinutes() const
{
    int longest = 0;
    for (const PreorderLine& line : lines) {
        longest = std::max(longest, line.prepMinutes);
    }
    return longest;
}

Result<QueueSnapshot>
QueueSnapshot::load(QSqlDatabase& db, qint64 restaurantId, const WaitEstimator& estimator, Quotes quotes)
{
    QueueSnapshot s;
    s.restaurantId = restaurantId;
    auto restaurant = Sql::exec(db,
                                QStringLiteral("SELECT coalesce((settings->>'hold_minutes')::int, 10), timezone, now(),"
                                               " name, slug, coalesce(settings->>'currency', 'EUR')"
                                               " FROM restaurants WHERE id = ?"),
                                {restaurantId});
    if (!restaurant) {
        return unexpected(restaurant.error());
    }
    if (!restaurant->next()) {
        return unexpected(Error::notFound(QCoreApplication::translate("QueueService", "No such restaurant.")));
    }
    s.holdMinutes = restaurant->value(0).toInt();
    s.timezone = restaurant->value(1).toString();
    s.now = utc(restaurant->value(2));
    s.restaurantName = restaurant->value(3).toString();
    s.slug = restaurant->value(4).toString();
    s.currency = restaurant->value(5).toString();
    const QTimeZone zone(restaurant->value(1).toString().toUtf8());
    s.timezoneOffsetSeconds = zone.isValid() ? zone.offsetFromUtc(s.now) : 0;

    auto parties = Sql::exec(db,
                             QStringLiteral("SELECT %1 FROM parties WHERE restaurant_id = ?"
                                            " AND status IN ('waiting', 'notified', 'seated') ORDER BY id")
                                 .arg(PARTY_COLUMNS),
                             {restaurantId});
    if (!parties) {
        return unexpected(parties.error());
    }
    QList<Party> seated;
    while (parties->next()) {
        Party p = partyFrom(*parties);
        p.holdMinutes = s.holdMinutes;
        (p.isActive() ? s.parties : seated).append(p);
    }
    s.parties.append(seated);
    QHash<qint64, Party*> byId;
    for (Party& p : s.parties) {
        byId.insert(p.id, &p);
    }
    if (!byId.isEmpty()) {
        const QString filter = QStringLiteral(
            "SELECT id FROM parties WHERE restaurant_id = ? AND status IN ('waiting', 'notified', 'seated')");
        if (auto attached = attachDetails(db, filter, {restaurantId}, byId); !attached) {
            return unexpected(attached.error());
        }
    }

    auto tables = Sql::exec(db,
                            QStringLiteral("SELECT t.id, t.label, t.seats, t.combinable, t.state, p.id, p.name, p.size,"
                                           " p.seated_at FROM dining_tables t"
                                           " LEFT JOIN party_tables pt ON pt.table_id = t.id AND pt.party_id IN"
                                           " (SELECT id FROM parties WHERE restaurant_id = ? AND status = 'seated')"
                                           " LEFT JOIN parties p ON p.id = pt.party_id"
                                           " WHERE t.restaurant_id = ? ORDER BY t.position, t.label"),
                            {restaurantId, restaurantId});
    if (!tables) {
        return unexpected(tables.error());
    }
    while (tables->next()) {
        Table t;
        t.table.id = tables->value(0).toLongLong();
        t.table.label = tables->value(1).toString();
        t.table.seats = tables->value(2).toInt();
        t.table.combinable = tables->value(3).toBool();
        t.table.state = DiningTable::stateFromString(tables->value(4).toString()).value_or(DiningTable::State::Free);
        t.partyId = tables->value(5).toLongLong();
        t.partyName = tables->value(6).toString();
        t.partySize = tables->value(7).toInt();
        t.seatedAt = utc(tables->value(8));
        s.tables.append(t);
    }

    // Tonight's pace: tonight's finished visits, and the parties at their tables (they have
    // lasted at least this long). Read with every snapshot because it moves during service;
    // a service day's visits are few, and parties_history finds them.
    constexpr qint64 DAY = 86400;
    const qint64 shiftedLocal =
        s.now.toSecsSinceEpoch() + s.timezoneOffsetSeconds - qint64(SERVICE_DAY_START_HOUR) * 3600;
    const qint64 intoServiceDay = (shiftedLocal % DAY + DAY) % DAY;
    auto finished = Sql::exec(db,
                              QStringLiteral("SELECT size, seated_at, left_at FROM parties WHERE restaurant_id = ?"
                                             " AND status = 'done' AND seated_at >= ?"),
                              {restaurantId, s.now.addSecs(-intoServiceDay)});
    if (!finished) {
        return unexpected(finished.error());
    }
    QList<TurnSample> tonight;
    while (finished->next()) {
        tonight.append({finished->value(0).toInt(), utc(finished->value(1)), utc(finished->value(2))});
    }
    for (const Party& p : std::as_const(s.parties)) {
        if (p.status == PartyStatus::Seated) {
            tonight.append({p.size, p.seatedAt, QDateTime()});
        }
    }
    s.pace = estimator.turnTimes().pace(tonight, s.now, s.timezoneOffsetSeconds);

    // Positions follow queue order, so they are dense and unique; quotes come
    // from the live dining room and the parties ahead, all from one replay.
    QList<WaitingParty> queue;
    int position = 0;
    for (Party& p : s.parties) {
        if (!p.isActive()) {
            continue;
        }
        p.position = ++position;
        p.quote = WaitQuote{0, 0, 0, position - 1, true};
        queue.append({p.id, p.size, p.joinedAt, p.status == PartyStatus::Notified});
    }
    if (quotes == Quotes::Everyone && !queue.isEmpty()) {
        const QList<WaitQuote> quoted =
            s.paced(estimator).quoteQueue(s.tableStates(), queue, s.now, s.timezoneOffsetSeconds);
        for (qsizetype i = 0; i < s.parties.size() && i < quoted.size(); ++i) {
            if (s.parties[i].status == PartyStatus::Waiting) {
                s.parties[i].quote = quoted.at(i);
            }
        }
    }
    return s;
}

Result<Party>
QueueSnapshot::loadParty(QSqlDatabase& db, const QString& column, const QVariant& value, const QueueSnapshot& snapshot)
{
    for (const Party& p : snapshot.parties) {
        if ((column == u"id" && p.id == value.toLongLong()) || (column == u"token" && p.token == value.toString())) {
            return p;
        }
    }
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT %1 FROM parties WHERE restaurant_id = ? AND %2 = ?")
                               .arg(PARTY_COLUMNS, column == u"id" ? QStringLiteral("id") : QStringLiteral("token")),
                           {snapshot.restaurantId, value});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(Error::notFound(QCoreApplication::translate("QueueService", "No such party in the queue.")));
    }
    Party party = partyFrom(*query);
    party.holdMinutes = snapshot.holdMinutes;
    QHash<qint64, Party*> byId{{party.id, &party}};
    if (auto attached = attachDetails(db, QStringLiteral("?"), {party.id}, byId); !attached) {
        return unexpected(attached.error());
    }
    return party;
}

Result<Party> QueueSnapshot::loadCurrent(QSqlDatabase& db, qint64 restaurantId, qint64 partyId)
{
    auto query = Sql::exec(
        db,
        QStringLiteral(
            "SELECT %1, coalesce(quote_low_minutes, 0), coalesce(quote_high_minutes, 0),"
            " coalesce((SELECT (settings->>'hold_minutes')::int FROM restaurants r WHERE r.id = p.restaurant_id), 10),"
            " CASE WHEN p.status IN ('waiting', 'notified') THEN (SELECT count(*) FROM parties a"
            "   WHERE a.restaurant_id = p.restaurant_id AND a.status IN ('waiting', 'notified') AND a.id <= p.id)"
            " ELSE 0 END"
            " FROM parties p WHERE p.restaurant_id = ? AND p.id = ?")
            .arg(PARTY_COLUMNS),
        {restaurantId, partyId});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(Error::notFound(QCoreApplication::translate("QueueService", "No such party in the queue.")));
    }
    Party party = partyFrom(*query);
    party.holdMinutes = query->value(17).toInt();
    party.position = query->value(18).toInt();
    if (party.status == PartyStatus::Notified) {
        party.quote = WaitQuote{0, 0, 0, party.position - 1, true};
    } else if (party.position > 0) {
        party.quote = WaitQuote{
            party.quotedMinutes, query->value(15).toInt(), query->value(16).toInt(), party.position - 1, true};
    }
    QHash<qint64, Party*> byId{{party.id, &party}};
    if (auto attached = attachDetails(db, QStringLiteral("?"), {party.id}, byId); !attached) {
        return unexpected(attached.error());
    }
    return party;
}

QList<TableState> QueueSnapshot::tableStates() const
{
    QList<TableState> states;
    states.reserve(tables.size());
    for (const Table& t : tables) {
        TableState state;
        state.id = t.table.id;
        state.seats = t.table.seats;
        state.occupied = t.table.state == DiningTable::State::Occupied;
        state.seatedAt = t.seatedAt.isValid() ? t.seatedAt : now;
        state.partySize = t.partySize > 0 ? t.partySize : t.table.seats;
        // Reserved and broken tables are not for the queue; one that needs
        // cleaning is minutes away from free.
        state.outOfService =
            t.table.state == DiningTable::State::OutOfService || t.table.state == DiningTable::State::Reserved;
        states.append(state);
    }
    return states;
}

QList<WaitingParty> QueueSnapshot::partiesAhead(int position) const
{
    QList<WaitingParty> ahead;
    for (const Party& p : parties) {
        if (p.isActive() && p.position > 0 && p.position < position) {
            ahead.append({p.id, p.size, p.joinedAt, p.status == PartyStatus::Notified});
        }
    }
    return ahead;
}

const Party* QueueSnapshot::findParty(qint64 partyId) const
{
    for (const Party& p : parties) {
        if (p.id == partyId) {
            return &p;
        }
    }
    return nullptr;
}

WaitEstimator QueueSnapshot::paced(WaitEstimator estimator) const
{
    estimator.setPace(pace);
    return estimator;
}

WaitQuote QueueSnapshot::quoteForNewParty(int size, const WaitEstimator& estimator) const
{
    return paced(estimator).quote(
        size, tableStates(), partiesAhead(std::numeric_limits<int>::max()), now, timezoneOffsetSeconds);
}
