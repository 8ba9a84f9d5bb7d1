#include "tableservice.h"

#include "auditlog.h"
#include "store/eventlog.h"
#include "store/sql.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

TableService::TableService(Store& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{ }

QFuture<Result<QList<DiningTable>>> TableService::tables(qint64 restaurantId)
{
    return m_store.run<QList<DiningTable>>([restaurantId](QSqlDatabase& db) -> Result<QList<DiningTable>> {
        auto query = Sql::exec(db,
                               QStringLiteral("SELECT id, label, seats, combinable, state FROM dining_tables"
                                              " WHERE restaurant_id = ? ORDER BY position, label"),
                               {restaurantId});
        if (!query) {
            return unexpected(query.error());
        }
        QList<DiningTable> tables;
        while (query->next()) {
            DiningTable t;
            t.id = query->value(0).toLongLong();
            t.label = query->value(1).toString();
            t.seats = query->value(2).toInt();
            t.combinable = query->value(3).toBool();
            t.state = DiningTable::stateFromString(query->value(4).toString()).value_or(DiningTable::State::Free);
            tables.append(t);
        }
        return tables;
    });
}

namespace
{

template <typename T>
QFuture<Result<T>> failed(Error error)
{
    return QtFuture::makeReadyValueFuture(Result<T>(unexpected(std::move(error))));
}

QJsonObject tableJson(const DiningTable& table)
{
    return {{QStringLiteral("table_id"), table.id},
            {QStringLiteral("label"), table.label},
            {QStringLiteral("seats"), table.seats},
            {QStringLiteral("combinable"), table.combinable}};
}

Result<DiningTable> loadTable(QSqlDatabase& db, qint64 restaurantId, qint64 tableId, bool forUpdate)
{
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT id, label, seats, combinable, state FROM dining_tables"
                                          " WHERE id = ? AND restaurant_id = ?")
                               + (forUpdate ? QStringLiteral(" FOR UPDATE") : QString()),
                           {tableId, restaurantId});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(Error::notFound(QCoreApplication::translate("TableService", "No such table.")));
    }
    DiningTable t;
    t.id = query->value(0).toLongLong();
    t.label = query->value(1).toString();
    t.seats = query->value(2).toInt();
    t.combinable = query->value(3).toBool();
    t.state = DiningTable::stateFromString(query->value(4).toString()).value_or(DiningTable::State::Free);
    return t;
}

// Another table (not `exceptId`) already labelled `label`, in any letter case.
Result<bool> labelTaken(QSqlDatabase& db, qint64 restaurantId, const QString& label, qint64 exceptId)
{
    auto query =
        Sql::exec(db,
                  QStringLiteral("SELECT 1 FROM dining_tables WHERE restaurant_id = ? AND lower(label) = lower(?)"
                                 " AND id <> ?"),
                  {restaurantId, label, exceptId});
    if (!query) {
        return unexpected(query.error());
    }
    return query->next();
}

Error labelInUse(const QString& label)
{
    return Error::invalid(
        QStringLiteral("label"),
        QCoreApplication::translate("TableService", "There is already a table labelled “%1”.").arg(label));
}

Result<qint64> insertTable(QSqlDatabase& db, qint64 restaurantId, const DiningTable& table)
{
    auto query =
        Sql::exec(db,
                  QStringLiteral("INSERT INTO dining_tables (restaurant_id, label, seats, combinable, position)"
                                 " SELECT ?, ?, ?, ?, coalesce(max(position), 0) + 1 FROM dining_tables"
                                 " WHERE restaurant_id = ? RETURNING id"),
                  {restaurantId, table.label, table.seats, table.combinable, restaurantId});
    if (!query) {
        return unexpected(query.error());
    }
    query->next();
    return query->value(0).toLongLong();
}

// The audit line and the "table.changed" event (the queue and tables views reload on "table.*").
VoidResult announce(QSqlDatabase& db,
                    qint64 restaurantId,
                    const Actor& actor,
                    const QString& action,
                    const QJsonObject& details,
                    const QJsonArray& tableIds)
{
    if (auto audited = AuditLog::record(db, restaurantId, actor, action, details); !audited) {
        return audited;
    }
    if (auto event = EventLog::append(db,
                                      restaurantId,
                                      QStringLiteral("table.changed"),
                                      {{QStringLiteral("action"), action}, {QStringLiteral("table_ids"), tableIds}});
        !event) {
        return unexpected(event.error());
    }
    return {};
}

} // namespace

VoidResult TableService::validate(const DiningTable& table)
{
    const QString label = table.label.trimmed();
    if (label.isEmpty() || label.size() > 40) {
        return unexpected(Error::invalid(
            QStringLiteral("label"),
            QCoreApplication::translate("TableService", "A table's label must have 1 to 40 characters.")));
    }
    if (table.seats < 1 || table.seats > 50) {
        return unexpected(Error::invalid(
            QStringLiteral("seats"), QCoreApplication::translate("TableService", "A table must have 1 to 50 seats.")));
    }
    return {};
}

QFuture<Result<DiningTable>> TableService::saveTable(qint64 restaurantId, const Actor& actor, const DiningTable& table)
{
    if (auto allowed = actor.require(Permission::EditSettings); !allowed) {
        return failed<DiningTable>(allowed.error());
    }
    if (auto valid = validate(table); !valid) {
        return failed<DiningTable>(valid.error());
    }
    DiningTable wanted = table;
    wanted.label = table.label.trimmed();
    return m_store.transact<DiningTable>([restaurantId, actor, wanted](QSqlDatabase& db) -> Result<DiningTable> {
        auto taken = labelTaken(db, restaurantId, wanted.label, wanted.id);
        if (!taken) {
            return unexpected(taken.error());
        }
        if (*taken) {
            return unexpected(labelInUse(wanted.label));
        }
        if (wanted.id == 0) {
            auto inserted = insertTable(db, restaurantId, wanted);
            if (!inserted) {
                return unexpected(inserted.error());
            }
            auto created = loadTable(db, restaurantId, *inserted, false);
            if (!created) {
                return created;
            }
            if (auto done = announce(
                    db, restaurantId, actor, QStringLiteral("table.added"), tableJson(*created), {created->id});
                !done) {
                return unexpected(done.error());
            }
            return created;
        }
        auto before = loadTable(db, restaurantId, wanted.id, true);
        if (!before) {
            return before;
        }
        if (before->label == wanted.label && before->seats == wanted.seats && before->combinable == wanted.combinable) {
            return before;
        }
        auto updated = Sql::exec(db,
                                 QStringLiteral("UPDATE dining_tables SET label = ?, seats = ?, combinable = ?"
                                                " WHERE id = ?"),
                                 {wanted.label, wanted.seats, wanted.combinable, wanted.id});
        if (!updated) {
            return unexpected(updated.error());
        }
        QJsonObject details = tableJson(wanted);
        details.insert(QStringLiteral("old"), tableJson(*before));
        if (auto done = announce(db, restaurantId, actor, QStringLiteral("table.changed"), details, {wanted.id});
            !done) {
            return unexpected(done.error());
        }
        return loadTable(db, restaurantId, wanted.id, false);
    });
}

QFuture<VoidResult> TableService::removeTable(qint64 restaurantId, const Actor& actor, qint64 tableId)
{
    if (auto allowed = actor.require(Permission::EditSettings); !allowed) {
        return failed<void>(allowed.error());
    }
    return m_store.transact<void>([restaurantId, actor, tableId](QSqlDatabase& db) -> VoidResult {
        auto table = loadTable(db, restaurantId, tableId, true);
        if (!table) {
            return unexpected(table.error());
        }
        auto seated = Sql::exec(db,
                                QStringLiteral("SELECT 1 FROM parties p WHERE p.status = 'seated' AND (p.table_id = ?"
                                               " OR EXISTS (SELECT 1 FROM party_tables pt WHERE pt.party_id = p.id"
                                               " AND pt.table_id = ?)) LIMIT 1"),
                                {tableId, tableId});
        if (!seated) {
            return unexpected(seated.error());
        }
        if (table->state == DiningTable::State::Occupied || seated->next()) {
            return unexpected(Error::conflict(
                QCoreApplication::translate("TableService", "Table %1 is in use; free it before removing it.")
                    .arg(table->label)));
        }
        // Parties seated there before keep pointing at it, for the history the estimator learns from.
        auto history = Sql::exec(db,
                                 QStringLiteral("SELECT 1 FROM party_tables WHERE table_id = ? UNION ALL"
                                                " SELECT 1 FROM parties WHERE table_id = ? LIMIT 1"),
                                 {tableId, tableId});
        if (!history) {
            return unexpected(history.error());
        }
        if (history->next()) {
            return unexpected(Error::conflict(
                QCoreApplication::translate("TableService",
                                            "Table %1 has seated parties before, so it stays on record; mark it out "
                                            "of service instead.")
                    .arg(table->label)));
        }
        auto removed = Sql::exec(db, QStringLiteral("DELETE FROM dining_tables WHERE id = ?"), {tableId});
        if (!removed) {
            return unexpected(removed.error());
        }
        return announce(db, restaurantId, actor, QStringLiteral("table.removed"), tableJson(*table), {tableId});
    });
}

QFuture<Result<QList<DiningTable>>>
TableService::addTables(qint64 restaurantId, const Actor& actor, const QList<int>& seats)
{
    if (auto allowed = actor.require(Permission::EditSettings); !allowed) {
        return failed<QList<DiningTable>>(allowed.error());
    }
    if (seats.isEmpty()) {
        return failed<QList<DiningTable>>(Error::invalid(
            QStringLiteral("seats"), QCoreApplication::translate("TableService", "Add at least one table.")));
    }
    if (seats.size() > 500) {
        return failed<QList<DiningTable>>(Error::invalid(
            QStringLiteral("seats"), QCoreApplication::translate("TableService", "Add at most 500 tables at once.")));
    }
    for (int n : seats) {
        if (auto valid = validate(DiningTable{0, QStringLiteral("T"), n, false, DiningTable::State::Free}); !valid) {
            return failed<QList<DiningTable>>(valid.error());
        }
    }
    return m_store.transact<QList<DiningTable>>(
        [restaurantId, actor, seats](QSqlDatabase& db) -> Result<QList<DiningTable>> {
            // Labels go on from the highest "T<number>" in use, skipping any taken otherwise.
            auto existing = Sql::exec(db,
                                      QStringLiteral("SELECT lower(label) FROM dining_tables WHERE restaurant_id = ?"
                                                     " FOR UPDATE"),
                                      {restaurantId});
            if (!existing) {
                return unexpected(existing.error());
            }
            static const QRegularExpression numbered(QStringLiteral("^t([0-9]{1,6})$"));
            QSet<QString> labels;
            int next = 1;
            while (existing->next()) {
                const QString label = existing->value(0).toString();
                labels.insert(label);
                if (const auto match = numbered.match(label); match.hasMatch()) {
                    next = std::max(next, match.captured(1).toInt() + 1);
                }
            }
            QList<DiningTable> added;
            QJsonArray ids;
            QJsonArray addedLabels;
            for (int n : seats) {
                while (labels.contains(QStringLiteral("t%1").arg(next))) {
                    ++next;
                }
                DiningTable table{0, QStringLiteral("T%1").arg(next++), n, false, DiningTable::State::Free};
                auto inserted = insertTable(db, restaurantId, table);
                if (!inserted) {
                    return unexpected(inserted.error());
                }
                table.id = *inserted;
                added.append(table);
                ids.append(table.id);
                addedLabels.append(table.label);
            }
            QJsonArray seatsJson;
            for (int n : seats) {
                seatsJson.append(n);
            }
            if (auto done = announce(db,
                                     restaurantId,
                                     actor,
                                     QStringLiteral("table.added"),
                                     {{QStringLiteral("labels"), addedLabels}, {QStringLiteral("seats"), seatsJson}},
                                     ids);
                !done) {
                return unexpected(done.error());
            }
            return added;
        });
}
