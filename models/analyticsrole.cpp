#include "analyticsrole.h"

#include "store/sql.h"

#include <QRandomGenerator>

Result<AnalyticsRole::Status> AnalyticsRole::status(QSqlDatabase& db)
{
    auto query =
        Sql::exec(db,
                  QStringLiteral("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = ?),"
                                 " (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user)"),
                  {name()});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(Error::internal(QStringLiteral("no role status")));
    }
    return Status{query->value(0).toBool(), query->value(1).toBool()};
}

VoidResult AnalyticsRole::grantReads(QSqlDatabase& db)
{
    return Sql::execScript(db,
                           QStringLiteral("DO $$ BEGIN"
                                          " EXECUTE format('GRANT CONNECT ON DATABASE %I TO maitre_analytics',"
                                          " current_database());"
                                          " GRANT USAGE ON SCHEMA analytics TO maitre_analytics;"
                                          " GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO maitre_analytics;"
                                          " GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA analytics TO maitre_analytics;"
                                          " END $$"));
}

VoidResult AnalyticsRole::setPassword(QSqlDatabase& db, const QString& password)
{
    // A utility statement takes no parameters: the password goes in as a
    // quoted literal, and the server keeps only its SCRAM verifier.
    auto done = Sql::exec(db, QStringLiteral("ALTER ROLE maitre_analytics PASSWORD ?"), {password});
    if (!done) {
        return unexpected(done.error());
    }
    return {};
}

QString AnalyticsRole::generatePassword()
{
    static const QString alphabet = QStringLiteral("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789");
    QString password;
    for (int i = 0; i < 24; ++i) {
        password.append(alphabet.at(int(QRandomGenerator::system()->bounded(quint32(alphabet.size())))));
    }
    return password;
}

ConnectionSettings AnalyticsRole::connection(const ConnectionSettings& owner, const QString& password)
{
    ConnectionSettings settings = owner;
    settings.user = name();
    settings.password = password;
    return settings;
}
