#pragma once

#include "result.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>

// Appends domain events inside the caller's transaction. The table's trigger
// sends pg_notify in that same transaction, so an event is announced exactly
// when the change it records is committed.
class EventLog final
{
public:
    static Result<qint64>
    append(QSqlDatabase& db, qint64 restaurantId, const QString& type, const QJsonObject& payload);

    struct Entry
    {
        QString type;
        QJsonObject payload;
    };
    // Several events in one statement, in this order (ids rise with it).
    static VoidResult appendAll(QSqlDatabase& db, qint64 restaurantId, const QList<Entry>& entries);
};
