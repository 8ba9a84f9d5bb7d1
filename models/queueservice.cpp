#include "queueservice.h"

#include "auditlog.h"
#include "estimatorinputs.h"
#include "joinbatch.h"
#include "kitchenservice.h"
#include "store/eventlog.h"
#include "store/sql.h"
#include "store/store.h"

#include <QFuture>
#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

namespace
{

template <typename T>
QFuture<Result<T>> failed(Error error)
{
    return QtFuture::makeReadyValueFuture(Result<T>(unexpected(std::move(error))));
}

QString bigintArray(const QList<qint64>& ids)
{
    QStringList parts;
    for (qint64 id : ids) {
        parts << QString::number(id);
    }
    return u'{' + parts.join(u',') + u'}';
}

struct LockedParty
{
    qint64 id = 0;
    PartyStatus status = PartyStatus::Waiting;
    QString name;
};

// Locks the party row for the rest of the transaction.
Result<LockedParty> lockParty(QSqlDatabase& db, qint64 restaurantId, const QString& column, const QVariant& key)
{
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT id, status, name FROM parties WHERE restaurant_id = ? AND %1 = ?"
                                          " FOR UPDATE")
                               .arg(column == u"token" ? QStringLiteral("token") : QStringLiteral("id")),
                           {restaurantId, key});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(Error::notFound(QueueService::tr("No such party in the queue.")));
    }
    return LockedParty{query->value(0).toLongLong(),
                       PartyStatusRules::fromString(query->value(1).toString()).value_or(PartyStatus::Waiting),
                       query->value(2).toString()};
}

// Locks the party and checks that it may move to `to`; a refused move is a
// Conflict that says which.
Result<LockedParty>
lockForMove(QSqlDatabase& db, qint64 restaurantId, const QString& column, const QVariant& key, PartyStatus to)
{
    auto party = lockParty(db, restaurantId, column, key);
    if (!party) {
        return party;
    }
    if (auto moved = PartyStatusRules::transition(party->status, to); !moved) {
        return unexpected(moved.error());
    }
    return party;
}

VoidResult recordEvent(QSqlDatabase& db, qint64 restaurantId, const QString& type, const QJsonObject& payload)
{
    auto appended = EventLog::append(db, restaurantId, type, payload);
    if (!appended) {
        return unexpected(appended.error());
    }
    return {};
}

// A host action in the audit log, with the party's name so a manager can read it.
VoidResult auditParty(QSqlDatabase& db,
                      qint64 restaurantId,
                      const Actor& actor,
                      const QString& action,
                      const LockedParty& party,
                      QJsonObject details = {})
{
    details.insert(QStringLiteral("party_id"), party.id);
    details.insert(QStringLiteral("party"), party.name);
    return AuditLog::record(db, restaurantId, actor, action, details);
}

// Moves the party's held pre-order on: to the kitchen, or cancelled.
VoidResult
settleHeldPreorder(QSqlDatabase& db, qint64 restaurantId, qint64 partyId, OrderStatus to, const QString& reason)
{
    auto updated =
        Sql::exec(db,
                  QStringLiteral("UPDATE orders SET status = ?, updated_at = now(),"
                                 " fire_at = CASE WHEN ? = 'received' THEN now() ELSE fire_at END"
                                 " WHERE party_id = ? AND kind = 'preorder' AND status = 'held' RETURNING id"),
                  {OrderStatusRules::toString(to), OrderStatusRules::toString(to), partyId});
    if (!updated) {
        return unexpected(updated.error());
    }
    // Read every id before running anything else on this connection: QPSQL
    // drops the rest of a result when another query runs meanwhile.
    QList<qint64> orderIds;
    while (updated->next()) {
        orderIds.append(updated->value(0).toLongLong());
    }
    const QString type =
        to == OrderStatus::Received ? QStringLiteral("order.fired") : QStringLiteral("order.cancelled");
    for (qint64 orderId : orderIds) {
        if (auto e = recordEvent(db,
                                 restaurantId,
                                 type,
                                 {{QStringLiteral("order_id"), orderId},
                                  {QStringLiteral("party_id"), partyId},
                                  {QStringLiteral("kind"), QStringLiteral("preorder")},
                                  {QStringLiteral("reason"), reason}});
            !e) {
            return e;
        }
        // Fired: on the kitchen's screens in the same transaction.
        if (to == OrderStatus::Received) {
            if (auto routed = KitchenService::routeOrder(db, orderId); !routed) {
                return routed;
            }
        }
    }
    return {};
}

// Text a person typed: no control characters (PostgreSQL cannot store NUL).
bool printable(const QString& text, bool multiLine)
{
    return std::none_of(text.cbegin(), text.cend(), [multiLine](QChar c) {
        return c.category() == QChar::Other_Control && !(multiLine && (c == u'\n' || c == u'\t'));
    });
}

} // namespace

struct QueueService::Shared
{
    explicit Shared(Store& s)
        : store(s)
    { }

    Store& store;
    QMutex mutex;
    EstimatorInputs inputs;
    QMutex joinMutex;
    QHash<qint64, JoinLane> joinLanes;

    EstimatorInputs currentInputs()
    {
        QMutexLocker lock(&mutex);
        return inputs;
    }
};

QueueService::QueueService(Store& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_shared(std::make_shared<Shared>(store))
{ }

QueueService::~QueueService() = default;

EstimatorInputs QueueService::inputs() const
{
    return m_shared->currentInputs();
}

void QueueService::setInputs(const EstimatorInputs& inputs)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->inputs = inputs;
}

WaitEstimator QueueService::estimator() const
{
    return m_shared->currentInputs().estimator();
}

VoidResult QueueService::validate(const JoinRequest& request)
{
    const QString name = request.name.trimmed();
    if (name.isEmpty()) {
        return unexpected(Error::invalid(QStringLiteral("name"), tr("Please tell us a name to call.")));
    }
    if (name.size() > MAX_NAME_LENGTH) {
        return unexpected(Error::invalid(QStringLiteral("name"),
                                         tr("The name is too long (at most %1 characters).").arg(MAX_NAME_LENGTH)));
    }
    if (request.partySize < 1 || request.partySize > MAX_PARTY_SIZE) {
        return unexpected(
            Error::invalid(QStringLiteral("party_size"), tr("Party size must be from 1 to %1.").arg(MAX_PARTY_SIZE)));
    }
    if (!printable(name, false)) {
        return unexpected(Error::invalid(QStringLiteral("name"), tr("The name contains characters we cannot show.")));
    }
    if (!printable(request.notes, true)) {
        return unexpected(Error::invalid(QStringLiteral("notes"), tr("The notes contain characters we cannot show.")));
    }
    static const QRegularExpression phonePattern(QStringLiteral("^\\+?[0-9 ()./-]{6,25}$"));
    if (!request.phone.isEmpty() && !phonePattern.match(request.phone.trimmed()).hasMatch()) {
        return unexpected(Error::invalid(QStringLiteral("phone"), tr("That does not look like a phone number.")));
    }
    if (request.notes.size() > 500) {
        return unexpected(Error::invalid(QStringLiteral("notes"), tr("Notes are limited to 500 characters.")));
    }
    if (request.items.size() > MAX_ITEMS) {
        return unexpected(
            Error::invalid(QStringLiteral("items"), tr("A pre-order has at most %1 lines.").arg(MAX_ITEMS)));
    }
    for (qsizetype i = 0; i < request.items.size(); ++i) {
        const JoinRequest::Item& item = request.items.at(i);
        const QString prefix = QStringLiteral("items[%1].").arg(i);
        if (item.menuItemId <= 0) {
            return unexpected(
                Error::invalid(prefix + QStringLiteral("menu_item_id"), tr("Choose a dish from the menu.")));
        }
        if (item.quantity < 1 || item.quantity > MAX_ITEM_QUANTITY) {
            return unexpected(Error::invalid(prefix + QStringLiteral("quantity"),
                                             tr("Quantity must be from 1 to %1.").arg(MAX_ITEM_QUANTITY)));
        }
        if (!printable(item.note, true)) {
            return unexpected(
                Error::invalid(prefix + QStringLiteral("note"), tr("The note contains characters we cannot show.")));
        }
        if (item.note.size() > MAX_NOTE_LENGTH) {
            return unexpected(Error::invalid(prefix + QStringLiteral("note"),
                                             tr("Notes are limited to %1 characters.").arg(MAX_NOTE_LENGTH)));
        }
    }
    return {};
}

QFuture<Result<Party>> QueueService::join(qint64 restaurantId, const JoinRequest& request)
{
    if (auto valid = validate(request); !valid) {
        return failed<Party>(valid.error());
    }
    auto promise = std::make_shared<QPromise<Result<Party>>>();
    QFuture<Result<Party>> future = promise->future();
    promise->start();
    {
        QMutexLocker lock(&m_shared->joinMutex);
        JoinLane& lane = m_shared->joinLanes[restaurantId];
        lane.pending.push_back({request, promise});
        if (lane.writing) {
            return future; // the running batch's continuation picks it up
        }
        lane.writing = true;
    }
    writeJoins(m_shared, restaurantId);
    return future;
}

void QueueService::writeJoins(const std::shared_ptr<Shared>& shared, qint64 restaurantId)
{
    std::vector<PendingJoin> batch;
    {
        QMutexLocker lock(&shared->joinMutex);
        JoinLane& lane = shared->joinLanes[restaurantId];
        if (lane.pending.empty()) {
            lane.writing = false;
            return;
        }
        const size_t take = lane.pending.front().alone ? 1 : std::min(lane.pending.size(), MAX_JOIN_BATCH);
        batch.assign(std::make_move_iterator(lane.pending.begin()),
                     std::make_move_iterator(lane.pending.begin() + qsizetype(take)));
        lane.pending.erase(lane.pending.begin(), lane.pending.begin() + qsizetype(take));
    }
    std::vector<JoinRequest> requests;
    requests.reserve(batch.size());
    for (const PendingJoin& p : batch) {
        requests.push_back(p.request);
    }
    const WaitEstimator estimator = shared->currentInputs().estimator();
    // Continues on the store worker that committed (no context object). The
    // next batch starts before this one's answers go out, so nothing here runs
    // after a caller could have seen its answer and destroyed the service.
    shared->store
        .transact<std::vector<Result<Party>>>(
            [restaurantId, requests = std::move(requests), estimator](QSqlDatabase& db) {
                return JoinBatch::write(db, restaurantId, requests, estimator);
            })
        .then([shared, restaurantId, batch = std::move(batch)](const Result<std::vector<Result<Party>>>& results) {
            if (!results && batch.size() > 1 && results.error().kind != Error::Kind::Unavailable) {
                // Something in one request failed them all: write each on its own.
                {
                    QMutexLocker lock(&shared->joinMutex);
                    JoinLane& lane = shared->joinLanes[restaurantId];
                    std::vector<PendingJoin> retry;
                    for (const PendingJoin& p : batch) {
                        retry.push_back({p.request, p.promise, true});
                    }
                    lane.pending.insert(lane.pending.begin(), retry.begin(), retry.end());
                }
                writeJoins(shared, restaurantId);
                return;
            }
            writeJoins(shared, restaurantId);
            for (size_t i = 0; i < batch.size(); ++i) {
                batch[i].promise->addResult(results ? (*results)[i] : Result<Party>(unexpected(results.error())));
                batch[i].promise->finish();
            }
        });
}

QFuture<Result<QueueSnapshot>> QueueService::snapshot(qint64 restaurantId)
{
    return m_store.run<QueueSnapshot>([restaurantId, estimator = estimator()](QSqlDatabase& db) {
        return QueueSnapshot::load(db, restaurantId, estimator);
    });
}

QFuture<Result<Party>> QueueService::partyByToken(qint64 restaurantId, const QString& token)
{
    return m_store.run<Party>([restaurantId, token, estimator = estimator()](QSqlDatabase& db) -> Result<Party> {
        // The whole queue is quoted, as in every snapshot, so the diner's page says what the
        // pushed snapshots say (quoteQueue knows who has waited how long); it costs about
        // one quote of the last party.
        auto snapshot = QueueSnapshot::load(db, restaurantId, estimator);
        if (!snapshot) {
            return unexpected(snapshot.error());
        }
        return QueueSnapshot::loadParty(db, QStringLiteral("token"), token, *snapshot);
    });
}

QFuture<Result<Party>> QueueService::partyNow(qint64 restaurantId, qint64 partyId)
{
    return m_store.run<Party>(
        [restaurantId, partyId](QSqlDatabase& db) { return QueueSnapshot::loadCurrent(db, restaurantId, partyId); });
}

QFuture<Result<WaitQuote>> QueueService::quote(qint64 restaurantId, int partySize)
{
    if (partySize < 1 || partySize > MAX_PARTY_SIZE) {
        return failed<WaitQuote>(
            Error::invalid(QStringLiteral("party_size"), tr("Party size must be from 1 to %1.").arg(MAX_PARTY_SIZE)));
    }
    return m_store.run<WaitQuote>(
        [restaurantId, partySize, estimator = estimator()](QSqlDatabase& db) -> Result<WaitQuote> {
            auto snapshot = QueueSnapshot::load(db, restaurantId, estimator, QueueSnapshot::Quotes::Nobody);
            if (!snapshot) {
                return unexpected(snapshot.error());
            }
            return snapshot->quoteForNewParty(partySize, estimator);
        });
}

QFuture<Result<Party>> QueueService::notify(qint64 restaurantId, const Actor& actor, qint64 partyId)
{
    if (auto allowed = actor.require(Permission::SeatAndNotify); !allowed) {
        return failed<Party>(allowed.error());
    }
    return m_store.transact<Party>([restaurantId, actor, partyId](QSqlDatabase& db) -> Result<Party> {
        auto party = lockForMove(db, restaurantId, QStringLiteral("id"), partyId, PartyStatus::Notified);
        if (!party) {
            return unexpected(party.error());
        }
        if (auto audited = auditParty(db, restaurantId, actor, QStringLiteral("party.notified"), *party); !audited) {
            return unexpected(audited.error());
        }
        if (auto updated = Sql::exec(db,
                                     QStringLiteral("UPDATE parties SET status = 'notified', notified_at = now()"
                                                    " WHERE id = ?"),
                                     {partyId});
            !updated) {
            return unexpected(updated.error());
        }
        if (auto e = recordEvent(
                db, restaurantId, QStringLiteral("party.notified"), {{QStringLiteral("party_id"), partyId}});
            !e) {
            return unexpected(e.error());
        }
        return QueueSnapshot::loadCurrent(db, restaurantId, partyId);
    });
}

QFuture<Result<Party>>
QueueService::seat(qint64 restaurantId, const Actor& actor, qint64 partyId, const QList<qint64>& tableIds)
{
    if (auto allowed = actor.require(Permission::SeatAndNotify); !allowed) {
        return failed<Party>(allowed.error());
    }
    if (tableIds.isEmpty()) {
        return failed<Party>(Error::invalid(QStringLiteral("tables"), tr("Choose a table to seat the party at.")));
    }
    return m_store.transact<Party>([restaurantId, actor, partyId, tableIds](QSqlDatabase& db) -> Result<Party> {
        auto party = lockParty(db, restaurantId, QStringLiteral("id"), partyId);
        if (!party) {
            return unexpected(party.error());
        }
        // A waiting party walks straight in: notified and seated in one step.
        PartyStatus from = party->status;
        if (from == PartyStatus::Waiting) {
            from = PartyStatus::Notified;
        }
        if (auto moved = PartyStatusRules::transition(from, PartyStatus::Seated); !moved) {
            return unexpected(moved.error());
        }
        auto sizeQuery = Sql::exec(db, QStringLiteral("SELECT size FROM parties WHERE id = ?"), {partyId});
        if (!sizeQuery || !sizeQuery->next()) {
            return unexpected(sizeQuery ? Error::internal(QStringLiteral("party vanished")) : sizeQuery.error());
        }
        const int size = sizeQuery->value(0).toInt();
        auto tables =
            Sql::exec(db,
                      QStringLiteral("SELECT id, label, seats, state, combinable FROM dining_tables"
                                     " WHERE restaurant_id = ? AND id = ANY(?::bigint[]) ORDER BY id FOR UPDATE"),
                      {restaurantId, bigintArray(tableIds)});
        if (!tables) {
            return unexpected(tables.error());
        }
        int seats = 0;
        int found = 0;
        QStringList labels;
        while (tables->next()) {
            ++found;
            const QString label = tables->value(1).toString();
            labels.append(label);
            seats += tables->value(2).toInt();
            const QString state = tables->value(3).toString();
            if (state != u"free") {
                return unexpected(Error::conflict(tr("Table %1 is not free.").arg(label)));
            }
            if (tableIds.size() > 1 && !tables->value(4).toBool()) {
                return unexpected(Error::conflict(tr("Table %1 cannot be combined with others.").arg(label)));
            }
        }
        if (found != QSet<qint64>(tableIds.begin(), tableIds.end()).size()) {
            return unexpected(Error::notFound(tr("That table does not exist.")));
        }
        if (seats < size) {
            return unexpected(Error::invalid(QStringLiteral("tables"),
                                             tr("Those tables seat %1; the party is %2.").arg(seats).arg(size)));
        }
        if (auto updated = Sql::exec(db,
                                     QStringLiteral("UPDATE parties SET status = 'seated', seated_at = now(),"
                                                    " notified_at = coalesce(notified_at, now()) WHERE id = ?"),
                                     {partyId});
            !updated) {
            return unexpected(updated.error());
        }
        if (auto linked = Sql::exec(db,
                                    QStringLiteral("INSERT INTO party_tables (restaurant_id, party_id, table_id)"
                                                   " SELECT ?, ?, unnest(?::bigint[])"),
                                    {restaurantId, partyId, bigintArray(tableIds)});
            !linked) {
            return unexpected(linked.error());
        }
        if (auto occupied = Sql::exec(db,
                                      QStringLiteral("UPDATE dining_tables SET state = 'occupied'"
                                                     " WHERE id = ANY(?::bigint[])"),
                                      {bigintArray(tableIds)});
            !occupied) {
            return unexpected(occupied.error());
        }
        // Seated before the pre-order's time: send it now.
        if (auto fired = settleHeldPreorder(db, restaurantId, partyId, OrderStatus::Received, QStringLiteral("seated"));
            !fired) {
            return unexpected(fired.error());
        }
        QJsonArray ids;
        for (qint64 id : tableIds) {
            ids.append(id);
        }
        if (auto audited = auditParty(db,
                                      restaurantId,
                                      actor,
                                      QStringLiteral("party.seated"),
                                      *party,
                                      {{QStringLiteral("tables"), labels.join(QStringLiteral(" + "))}});
            !audited) {
            return unexpected(audited.error());
        }
        if (auto e = recordEvent(db,
                                 restaurantId,
                                 QStringLiteral("party.seated"),
                                 {{QStringLiteral("party_id"), partyId}, {QStringLiteral("table_ids"), ids}});
            !e) {
            return unexpected(e.error());
        }
        if (auto e =
                recordEvent(db, restaurantId, QStringLiteral("table.updated"), {{QStringLiteral("table_ids"), ids}});
            !e) {
            return unexpected(e.error());
        }
        return QueueSnapshot::loadCurrent(db, restaurantId, partyId);
    });
}

QFuture<Result<Party>> QueueService::finish(qint64 restaurantId, const Actor& actor, qint64 partyId)
{
    if (auto allowed = actor.require(Permission::SeatAndNotify); !allowed) {
        return failed<Party>(allowed.error());
    }
    return m_store.transact<Party>([restaurantId, partyId](QSqlDatabase& db) -> Result<Party> {
        auto party = lockForMove(db, restaurantId, QStringLiteral("id"), partyId, PartyStatus::Done);
        if (!party) {
            return unexpected(party.error());
        }
        if (auto updated = Sql::exec(
                db, QStringLiteral("UPDATE parties SET status = 'done', left_at = now() WHERE id = ?"), {partyId});
            !updated) {
            return unexpected(updated.error());
        }
        auto dirty =
            Sql::exec(db,
                      QStringLiteral("UPDATE dining_tables SET state = 'dirty' WHERE state = 'occupied' AND id IN"
                                     " (SELECT table_id FROM party_tables WHERE party_id = ?) RETURNING id"),
                      {partyId});
        if (!dirty) {
            return unexpected(dirty.error());
        }
        QJsonArray ids;
        while (dirty->next()) {
            ids.append(dirty->value(0).toLongLong());
        }
        if (auto e =
                recordEvent(db, restaurantId, QStringLiteral("party.done"), {{QStringLiteral("party_id"), partyId}});
            !e) {
            return unexpected(e.error());
        }
        if (auto e =
                recordEvent(db, restaurantId, QStringLiteral("table.updated"), {{QStringLiteral("table_ids"), ids}});
            !e) {
            return unexpected(e.error());
        }
        return QueueSnapshot::loadCurrent(db, restaurantId, partyId);
    });
}

QFuture<Result<Party>> QueueService::cancel(qint64 restaurantId, const Actor& actor, qint64 partyId)
{
    if (auto allowed = actor.require(Permission::SeatAndNotify); !allowed) {
        return failed<Party>(allowed.error());
    }
    return leave(restaurantId, actor, QStringLiteral("id"), partyId, PartyStatus::Cancelled);
}

QFuture<Result<Party>> QueueService::cancelByToken(qint64 restaurantId, const QString& token)
{
    return leave(restaurantId, std::nullopt, QStringLiteral("token"), token, PartyStatus::Cancelled);
}

QFuture<Result<Party>> QueueService::markNoShow(qint64 restaurantId, const Actor& actor, qint64 partyId)
{
    if (auto allowed = actor.require(Permission::SeatAndNotify); !allowed) {
        return failed<Party>(allowed.error());
    }
    return leave(restaurantId, actor, QStringLiteral("id"), partyId, PartyStatus::NoShow);
}

QFuture<Result<Party>> QueueService::leave(
    qint64 restaurantId, const std::optional<Actor>& actor, const QString& column, const QVariant& key, PartyStatus to)
{
    return m_store.transact<Party>([restaurantId, actor, column, key, to](QSqlDatabase& db) -> Result<Party> {
        auto party = lockForMove(db, restaurantId, column, key, to);
        if (!party) {
            return unexpected(party.error());
        }
        // The diner leaving with their own token is not a staff action.
        if (actor) {
            if (auto audited = auditParty(
                    db, restaurantId, *actor, QStringLiteral("party.") + PartyStatusRules::toString(to), *party);
                !audited) {
                return unexpected(audited.error());
            }
        }
        const QString status = PartyStatusRules::toString(to);
        if (auto updated = Sql::exec(
                db, QStringLiteral("UPDATE parties SET status = ?, left_at = now() WHERE id = ?"), {status, party->id});
            !updated) {
            return unexpected(updated.error());
        }
        // Nobody will eat it: the kitchen must not cook it.
        if (auto cancelled = settleHeldPreorder(db, restaurantId, party->id, OrderStatus::Cancelled, status);
            !cancelled) {
            return unexpected(cancelled.error());
        }
        if (auto e = recordEvent(
                db, restaurantId, QStringLiteral("party.") + status, {{QStringLiteral("party_id"), party->id}});
            !e) {
            return unexpected(e.error());
        }
        return QueueSnapshot::loadCurrent(db, restaurantId, party->id);
    });
}

QFuture<Result<DiningTable>>
QueueService::setTableState(qint64 restaurantId, const Actor& actor, qint64 tableId, DiningTable::State state)
{
    if (auto allowed = actor.require(Permission::SeatAndNotify); !allowed) {
        return failed<DiningTable>(allowed.error());
    }
    if (state == DiningTable::State::Occupied) {
        return failed<DiningTable>(
            Error::invalid(QStringLiteral("state"), tr("Seat a party at the table to make it occupied.")));
    }
    return m_store.transact<DiningTable>([restaurantId, tableId, state](QSqlDatabase& db) -> Result<DiningTable> {
        auto table = Sql::exec(db,
                               QStringLiteral("SELECT id, label, seats, combinable, state FROM dining_tables"
                                              " WHERE restaurant_id = ? AND id = ? FOR UPDATE"),
                               {restaurantId, tableId});
        if (!table) {
            return unexpected(table.error());
        }
        if (!table->next()) {
            return unexpected(Error::notFound(tr("That table does not exist.")));
        }
        DiningTable result{table->value(0).toLongLong(),
                           table->value(1).toString(),
                           table->value(2).toInt(),
                           table->value(3).toBool(),
                           state};
        auto seated = Sql::exec(db,
                                QStringLiteral("SELECT p.name FROM party_tables pt JOIN parties p ON p.id = pt.party_id"
                                               " WHERE pt.table_id = ? AND p.status = 'seated' LIMIT 1"),
                                {tableId});
        if (!seated) {
            return unexpected(seated.error());
        }
        if (seated->next()) {
            return unexpected(Error::conflict(tr("%1 is taken by %2's party; finish the party first.")
                                                  .arg(result.label, seated->value(0).toString())));
        }
        if (auto updated = Sql::exec(db,
                                     QStringLiteral("UPDATE dining_tables SET state = ? WHERE id = ?"),
                                     {DiningTable::stateToString(state), tableId});
            !updated) {
            return unexpected(updated.error());
        }
        if (auto e = recordEvent(db,
                                 restaurantId,
                                 QStringLiteral("table.updated"),
                                 {{QStringLiteral("table_ids"), QJsonArray{tableId}},
                                  {QStringLiteral("state"), DiningTable::stateToString(state)}});
            !e) {
            return unexpected(e.error());
        }
        return result;
    });
}

QFuture<Result<int>> QueueService::fireDuePreorders(qint64 restaurantId)
{
    return m_store.transact<int>([restaurantId, estimator = estimator()](QSqlDatabase& db) -> Result<int> {
        // Only one console fires at a time; the others find nothing due.
        if (auto locked =
                Sql::exec(db, QStringLiteral("SELECT id FROM restaurants WHERE id = ? FOR UPDATE"), {restaurantId});
            !locked) {
            return unexpected(locked.error());
        }
        auto snapshot = QueueSnapshot::load(db, restaurantId, estimator);
        if (!snapshot) {
            return unexpected(snapshot.error());
        }
        int fired = 0;
        for (const Party& party : snapshot->parties) {
            if (!party.isActive() || !party.preorder || party.preorder->status != OrderStatus::Held) {
                continue;
            }
            const int wait = party.status == PartyStatus::Notified ? 0 : party.quote.minutes;
            const QDateTime fireAt = snapshot->now.addSecs(60LL * (wait - party.preorder->longestPrepMinutes()));
            if (fireAt <= snapshot->now) {
                if (auto done =
                        settleHeldPreorder(db, restaurantId, party.id, OrderStatus::Received, QStringLiteral("due"));
                    !done) {
                    return unexpected(done.error());
                }
                ++fired;
            } else if (!party.preorder->fireAt.isValid() || std::abs(party.preorder->fireAt.secsTo(fireAt)) >= 60) {
                if (auto moved = Sql::exec(db,
                                           QStringLiteral("UPDATE orders SET fire_at = ? WHERE id = ?"),
                                           {fireAt, party.preorder->orderId});
                    !moved) {
                    return unexpected(moved.error());
                }
            }
        }
        return fired;
    });
}

QFuture<Result<EstimatorInputs>> QueueService::relearn(qint64 restaurantId)
{
    return m_store.run<EstimatorInputs>([shared = m_shared, restaurantId](QSqlDatabase& db) -> Result<EstimatorInputs> {
        auto learned = EstimatorInputs::learn(db, restaurantId);
        if (learned) {
            QMutexLocker lock(&shared->mutex);
            shared->inputs = *learned;
        }
        return learned;
    });
}
