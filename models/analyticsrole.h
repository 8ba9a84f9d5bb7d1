#pragma once

#include "result.h"
#include "store/connectionsettings.h"

#include <QSqlDatabase>
#include <QString>

// The read-only maitre_analytics database role (migration 0008): whether it
// exists, its password, and how to connect as it. BI tools and Maitre's own
// dashboard and co-pilot read the analytics schema through it.
class AnalyticsRole final
{
public:
    static QString name() { return QStringLiteral("maitre_analytics"); }

    struct Status
    {
        bool exists = false;
        bool manageable = false; // this connection may set its password
    };
    static Result<Status> status(QSqlDatabase& db);
    // Lets the role read every analytics view, including ones made after it
    // (and after migration 0008, for a role a database administrator made
    // later). Idempotent; needs the schema's owner.
    static VoidResult grantReads(QSqlDatabase& db);
    // Sets the role's password (stored by PostgreSQL as a SCRAM verifier).
    static VoidResult setPassword(QSqlDatabase& db, const QString& password);
    // A password of 24 letters and digits from the system's random source.
    static QString generatePassword();
    // Maitre's own connection, as the role instead.
    static ConnectionSettings connection(const ConnectionSettings& owner, const QString& password);
};
