#include "connectionsettings.h"

#include <QCoreApplication>
#include <QUrl>
#include <QUrlQuery>

Result<ConnectionSettings> ConnectionSettings::fromUrl(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    const auto fail = [&text] {
        return unexpected(Error::invalid(
            QStringLiteral("database-url"),
            QCoreApplication::translate(
                "ConnectionSettings", "\"%1\" is not a PostgreSQL URL (postgresql://user:password@host:port/database).")
                .arg(text)));
    };
    if (!url.isValid() || (url.scheme() != u"postgresql" && url.scheme() != u"postgres")) {
        return fail();
    }
    ConnectionSettings s;
    s.host = url.host();
    s.port = url.port(5432);
    s.user = url.userName();
    s.password = url.password();
    s.database = url.path().mid(1);
    const QUrlQuery query(url);
    if (query.hasQueryItem(QStringLiteral("host"))) {
        s.host = query.queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded);
    }
    if (query.hasQueryItem(QStringLiteral("connect_timeout"))) {
        s.connectTimeoutSeconds = query.queryItemValue(QStringLiteral("connect_timeout")).toInt();
    }
    if (s.database.isEmpty() || s.database.contains(u'/')) {
        return fail();
    }
    if (s.host.isEmpty()) {
        s.host = QStringLiteral("localhost");
    }
    return s;
}

QSqlDatabase ConnectionSettings::addDatabase(const QString& connectionName) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    db.setHostName(host);
    db.setPort(port);
    db.setUserName(user);
    db.setPassword(password);
    db.setDatabaseName(database);
    db.setConnectOptions(QStringLiteral("connect_timeout=%1;application_name=maitre").arg(connectTimeoutSeconds));
    return db;
}

QString ConnectionSettings::describe() const
{
    if (host.startsWith(u'/')) {
        return QStringLiteral("%1 on socket %2/.s.PGSQL.%3").arg(database, host).arg(port);
    }
    return QStringLiteral("%1 on %2:%3").arg(database, host).arg(port);
}
