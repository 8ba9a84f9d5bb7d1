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
    // Prepares and runs `statement` with positional `?` bindings.
    static Result<QSqlQuery> exec(QSqlDatabase& db, const QString& statement, const QVariantList& bindings = {});
    // Runs a script (several statements, no bindings) in one round trip.
    static VoidResult execScript(QSqlDatabase& db, const QString& script);
    // Maps a QtSql error to a domain error: lost connections become Unavailable.
    static Error toError(const QSqlError& error);
    static bool isConnectionError(const QSqlError& error);
};
