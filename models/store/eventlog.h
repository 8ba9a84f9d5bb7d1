#pragma once

#include "domainevent.h"
#include "result.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <optional>

// Appends domain events inside the caller's transaction, and reads the log
// back in order. The table's trigger sends pg_notify in that same
// transaction, so an event is announced exactly when the change it records is
// committed.
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

    // A place in the log. The log's order is (xact, id): the transaction that
    // wrote an event, then the event. Ids are handed out before their
    // transactions commit, so id order alone could let a reader pass an event
    // that is committed later; a transaction older than every running one
    // can add nothing more, so reading only those leaves no gap.
    struct Cursor
    {
        quint64 xact = 0;
        qint64 id = 0;
        bool operator<(const Cursor& other) const { return xact != other.xact ? xact < other.xact : id < other.id; }
        bool operator==(const Cursor& other) const = default;
    };
    struct Read
    {
        QList<DomainEvent> events; // in log order
        QList<Cursor> positions; // where each event stands
        Cursor end; // after the last event read (the cursor given when none)
        bool more = false; // a full page: read on at once
        bool heldBack = false; // committed events wait behind a running transaction: read again shortly
    };

    // The restaurant's events after `after`, at most `limit`, that no running
    // transaction can precede.
    static Result<Read> readAfter(QSqlDatabase& db, qint64 restaurantId, const Cursor& after, int limit);
    // The place just after event `id`; nullopt when the restaurant has no such event.
    static Result<std::optional<Cursor>> cursorAfter(QSqlDatabase& db, qint64 restaurantId, qint64 id);
    // A place from which a reader gets every event committed from now on
    // (and possibly a few committed just before).
    static Result<Cursor> liveStart(QSqlDatabase& db);
};
