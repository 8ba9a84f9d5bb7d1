#pragma once

#include "result.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

// Brings a database to the schema this build expects, from the versioned SQL
// files compiled in under :/migrations (NNNN_name.sql).
class Migrator final
{
public:
    struct Migration
    {
        int version = 0;
        QString name;
        QString path;
    };

    explicit Migrator(QString resourceDir = QStringLiteral(":/migrations"));

    QList<Migration> migrations() const;
    int latestVersion() const;

    // Applies every pending migration in one transaction and records each in
    // schema_migrations. Returns how many were applied (0: already current).
    // A database newer than this build is refused with a Conflict error.
    Result<int> migrate(QSqlDatabase& db) const;

    // The version recorded in the database (0 for an empty database).
    static Result<int> currentVersion(QSqlDatabase& db);

private:
    QString m_resourceDir;
};
