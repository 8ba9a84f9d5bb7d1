#include "migrator.h"

#include "sql.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <algorithm>

namespace
{
// Any constant works; it only has to be the same for every Maitre process.
constexpr qint64 MIGRATION_LOCK_KEY = 0x6d61697472650001;
} // namespace

Migrator::Migrator(QString resourceDir)
    : m_resourceDir(std::move(resourceDir))
{ }

QList<Migrator::Migration> Migrator::migrations() const
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{4})_([a-z0-9_]+)\\.sql$"));
    QList<Migration> result;
    const QStringList files = QDir(m_resourceDir).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        const auto match = pattern.match(file);
        if (match.hasMatch()) {
            result.append({match.captured(1).toInt(), match.captured(2), m_resourceDir + u'/' + file});
        }
    }
    std::ranges::sort(result, {}, &Migration::version);
    return result;
}

int Migrator::latestVersion() const
{
    const auto all = migrations();
    return all.isEmpty() ? 0 : all.last().version;
}

Result<int> Migrator::currentVersion(QSqlDatabase& db)
{
    auto exists = Sql::exec(db, QStringLiteral("SELECT to_regclass('public.schema_migrations') IS NOT NULL"));
    if (!exists) {
        return unexpected(exists.error());
    }
    exists->next();
    if (!exists->value(0).toBool()) {
        return 0;
    }
    auto query = Sql::exec(db, QStringLiteral("SELECT coalesce(max(version), 0) FROM schema_migrations"));
    if (!query) {
        return unexpected(query.error());
    }
    query->next();
    return query->value(0).toInt();
}

Result<int> Migrator::migrate(QSqlDatabase& db) const
{
    const QList<Migration> all = migrations();
    if (all.isEmpty()) {
        return unexpected(Error::internal(QStringLiteral("no migrations found in %1").arg(m_resourceDir)));
    }
    if (!db.transaction()) {
        return unexpected(Sql::toError(db.lastError()));
    }
    const auto fail = [&db](Error error) -> Result<int> {
        db.rollback();
        return unexpected(std::move(error));
    };
    // Two consoles starting at once must not both migrate.
    if (auto locked = Sql::exec(db, QStringLiteral("SELECT pg_advisory_xact_lock(?)"), {MIGRATION_LOCK_KEY}); !locked) {
        return fail(locked.error());
    }
    if (auto created = Sql::execScript(db,
                                       QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                                      " version integer PRIMARY KEY,"
                                                      " name text NOT NULL,"
                                                      " applied_at timestamptz NOT NULL DEFAULT now())"));
        !created) {
        return fail(created.error());
    }
    auto current = currentVersion(db);
    if (!current) {
        return fail(current.error());
    }
    const int latest = all.last().version;
    if (*current > latest) {
        return fail(
            Error::conflict(QCoreApplication::translate(
                                "Migrator",
                                "The database is at schema version %1, newer than this Maitre understands (%2). "
                                "Install a newer Maitre to use it.")
                                .arg(*current)
                                .arg(latest)));
    }
    int applied = 0;
    for (const Migration& migration : all) {
        if (migration.version <= *current) {
            continue;
        }
        QFile file(migration.path);
        if (!file.open(QIODevice::ReadOnly)) {
            return fail(Error::internal(QStringLiteral("cannot read %1").arg(migration.path)));
        }
        if (auto ran = Sql::execScript(db, QString::fromUtf8(file.readAll())); !ran) {
            Error error = ran.error();
            error.message = QStringLiteral("migration %1_%2: %3")
                                .arg(migration.version, 4, 10, QLatin1Char('0'))
                                .arg(migration.name, error.message);
            return fail(error);
        }
        if (auto recorded = Sql::exec(db,
                                      QStringLiteral("INSERT INTO schema_migrations (version, name) VALUES (?, ?)"),
                                      {migration.version, migration.name});
            !recorded) {
            return fail(recorded.error());
        }
        ++applied;
    }
    if (!db.commit()) {
        return fail(Sql::toError(db.lastError()));
    }
    return applied;
}
