#include "tableservice.h"

#include "store/sql.h"
#include "store/store.h"

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
