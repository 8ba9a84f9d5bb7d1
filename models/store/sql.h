#pragma once

#include "result.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

// Small helpers that turn QtSql's error reporting into Result values.
class Sql final
{
public:
    // Runs `statement` with positional `?` bindings, in one round trip: the
    // values go in as the driver's own literals (QPSQL formats them the same
    // way for its EXECUTE), not through PREPARE, EXECUTE and DEALLOCATE.
    static Result<QSqlQuery> exec(QSqlDatabase& db, const QString& statement, const QVariantList& bindings = {});
    // `statement` with each `?` outside quotes replaced by its binding as a literal.
    static Result<QString> inlineBindings(QSqlDatabase& db, const QString& statement, const QVariantList& bindings);
    // Runs a script (several statements, no bindings) in one round trip.
    static VoidResult execScript(QSqlDatabase& db, const QString& script);
    // Maps a QtSql error to a domain error: lost connections become Unavailable.
    static Error toError(const QSqlError& error);
    static bool isConnectionError(const QSqlError& error);
};
