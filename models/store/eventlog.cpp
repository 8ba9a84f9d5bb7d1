#include "eventlog.h"

#include "sql.h"

#include <QJsonArray>
#include <QJsonDocument>

Result<qint64> EventLog::append(QSqlDatabase& db, qint64 restaurantId, const QString& type, const QJsonObject& payload)
{
    auto query = Sql::exec(db,
                           QStringLiteral("INSERT INTO events (restaurant_id, type, payload) "
                                          "VALUES (?, ?, ?::jsonb) RETURNING id"),
                           {restaurantId > 0 ? QVariant(restaurantId) : QVariant(QMetaType::fromType<qint64>()),
                            type,
                            QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact))});
    if (!query) {
        return unexpected(query.error());
    }
    query->next();
    return query->value(0).toLongLong();
}

VoidResult EventLog::appendAll(QSqlDatabase& db, qint64 restaurantId, const QList<Entry>& entries)
{
    if (entries.isEmpty()) {
        return {};
    }
    // One JSON parameter carries every row, so the statement is the same for any count.
    QJsonArray rows;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        rows.append(QJsonObject{{QStringLiteral("i"), i},
                                {QStringLiteral("type"), entries.at(i).type},
                                {QStringLiteral("payload"), entries.at(i).payload}});
    }
    auto query = Sql::exec(db,
                           QStringLiteral("INSERT INTO events (restaurant_id, type, payload)"
                                          " SELECT ?, x.type, x.payload FROM jsonb_to_recordset(?::jsonb)"
                                          " AS x(i int, type text, payload jsonb) ORDER BY x.i"),
                           {restaurantId > 0 ? QVariant(restaurantId) : QVariant(QMetaType::fromType<qint64>()),
                            QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact))});
    if (!query) {
        return unexpected(query.error());
    }
    return {};
}
