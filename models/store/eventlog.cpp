#include "eventlog.h"

#include "sql.h"

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
