#include "eventlog.h"

#include "sql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <limits>

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

Result<EventLog::Read> EventLog::readAfter(QSqlDatabase& db, qint64 restaurantId, const Cursor& after, int limit)
{
    // One row past the page says whether there is more; `ready` marks the
    // rows whose transaction is older than every one still running.
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT e.id, e.xact::text, e.type, e.occurred_at, e.payload::text,"
                                          " e.xact < pg_snapshot_xmin(pg_current_snapshot()) AS ready"
                                          " FROM events e WHERE e.restaurant_id = ? AND (e.xact, e.id) > (?::xid8, ?)"
                                          " ORDER BY e.xact, e.id LIMIT ?"),
                           {restaurantId, QString::number(after.xact), after.id, limit + 1});
    if (!query) {
        return unexpected(query.error());
    }
    Read read;
    read.end = after;
    while (query->next()) {
        if (!query->value(5).toBool()) {
            read.heldBack = true;
            break;
        }
        if (read.events.size() == limit) {
            read.more = true;
            break;
        }
        DomainEvent event;
        event.id = query->value(0).toLongLong();
        event.restaurantId = restaurantId;
        event.type = query->value(2).toString();
        event.occurredAt = query->value(3).toDateTime().toUTC();
        event.payload = QJsonDocument::fromJson(query->value(4).toString().toUtf8()).object();
        const Cursor at{query->value(1).toString().toULongLong(), event.id};
        read.events.append(std::move(event));
        read.positions.append(at);
        read.end = at;
    }
    return read;
}

Result<std::optional<EventLog::Cursor>> EventLog::cursorAfter(QSqlDatabase& db, qint64 restaurantId, qint64 id)
{
    auto query = Sql::exec(
        db, QStringLiteral("SELECT xact::text FROM events WHERE id = ? AND restaurant_id = ?"), {id, restaurantId});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return std::optional<Cursor>();
    }
    return std::optional<Cursor>(Cursor{query->value(0).toString().toULongLong(), id});
}

Result<EventLog::Cursor> EventLog::liveStart(QSqlDatabase& db)
{
    // Every transaction from the oldest still running on may yet add events;
    // all before it are finished and were delivered live, or never will be.
    auto query = Sql::exec(db, QStringLiteral("SELECT pg_snapshot_xmin(pg_current_snapshot())::text"));
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(Error::internal(QStringLiteral("no snapshot")));
    }
    const quint64 xmin = query->value(0).toString().toULongLong();
    return Cursor{xmin > 0 ? xmin - 1 : 0, std::numeric_limits<qint64>::max()};
}
