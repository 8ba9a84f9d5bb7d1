#include "sql.h"

#include <QCoreApplication>

Result<QSqlQuery> Sql::exec(QSqlDatabase& db, const QString& statement, const QVariantList& bindings)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(statement)) {
        return unexpected(toError(query.lastError()));
    }
    for (const QVariant& value : bindings) {
        query.addBindValue(value);
    }
    if (!query.exec()) {
        return unexpected(toError(query.lastError()));
    }
    return query;
}

VoidResult Sql::execScript(QSqlDatabase& db, const QString& script)
{
    QSqlQuery query(db);
    if (!query.exec(script)) {
        return unexpected(toError(query.lastError()));
    }
    return {};
}

bool Sql::isConnectionError(const QSqlError& error)
{
    const QString state = error.nativeErrorCode();
    // SQLSTATE class 08 is "connection exception"; 57P01..57P03 are shutdowns.
    // libpq reports a dropped socket with no SQLSTATE at all.
    return error.type() == QSqlError::ConnectionError || state.startsWith(QLatin1String("08"))
        || state.startsWith(QLatin1String("57P")) || (state.isEmpty() && error.type() != QSqlError::NoError);
}

Error Sql::toError(const QSqlError& error)
{
    if (isConnectionError(error)) {
        return Error::unavailable(
            QCoreApplication::translate("Sql", "The database is not reachable: %1").arg(error.text().trimmed()));
    }
    const QString state = error.nativeErrorCode();
    if (state == QLatin1String("23505")) { // unique_violation
        return Error::conflict(error.databaseText());
    }
    if (state.startsWith(QLatin1String("23")) || state.startsWith(QLatin1String("22"))) {
        return Error::invalid({}, error.databaseText());
    }
    return Error::internal(error.text().trimmed());
}
