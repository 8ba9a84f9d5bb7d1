#pragma once

#include "result.h"

#include <QSqlDatabase>
#include <QString>

// Where and how to reach PostgreSQL: a Unix socket directory or a host name.
struct ConnectionSettings
{
    QString host; // a directory (Unix socket) or a host name
    int port = 5432;
    QString user;
    QString password;
    QString database;
    int connectTimeoutSeconds = 3;

    // Accepts postgresql://user:password@host:port/database?host=/socket/dir
    static Result<ConnectionSettings> fromUrl(const QString& url);

    // Adds a QPSQL connection named `connectionName` configured from these settings.
    QSqlDatabase addDatabase(const QString& connectionName) const;
    // For messages: where the database is, without the password.
    QString describe() const;
};
