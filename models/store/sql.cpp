#include "sql.h"

#include <QCoreApplication>
#include <QSqlDriver>
#include <QSqlField>

Result<QSqlQuery> Sql::exec(QSqlDatabase& db, const QString& statement, const QVariantList& bindings)
{
    auto text = inlineBindings(db, statement, bindings);
    if (!text) {
        return unexpected(text.error());
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(*text)) {
        return unexpected(toError(query.lastError()));
    }
    return query;
}

Result<QString> Sql::inlineBindings(QSqlDatabase& db, const QString& statement, const QVariantList& bindings)
{
    if (bindings.isEmpty()) {
        return statement;
    }
    QSqlDriver* driver = db.driver();
    QString text;
    text.reserve(statement.size() + 16 * bindings.size());
    qsizetype next = 0;
    QChar quote; // inside '…' or "…" when set
    bool tooFew = false;
    for (const QChar c : statement) {
        if (!quote.isNull()) {
            quote = c == quote ? QChar() : quote;
            text += c;
        } else if (c == u'\'' || c == u'"') {
            quote = c;
            text += c;
        } else if (c == u'?') {
            if (next >= bindings.size()) {
                tooFew = true;
                break;
            }
            const QVariant& value = bindings.at(next++);
            QSqlField field(QString(), value.metaType());
            field.setValue(value);
            text += driver->formatValue(field);
        } else {
            text += c;
        }
    }
    if (tooFew || next != bindings.size()) {
        return unexpected(Error::internal(
            QStringLiteral("%1 bindings for the placeholders of: %2").arg(bindings.size()).arg(statement)));
    }
    return text;
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
