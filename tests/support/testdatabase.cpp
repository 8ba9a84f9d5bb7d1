#include "testdatabase.h"

#include "localpostgres.h"
#include "store/migrator.h"
#include "store/sql.h"

#include <QCoreApplication>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

ConnectionSettings TestDatabase::clusterSettings(const QString& database)
{
    const QString dir = qEnvironmentVariable("MAITRE_TEST_PG_DIR");
    if (dir.isEmpty()) {
        qFatal("MAITRE_TEST_PG_DIR is not set: run the tests through ctest, which starts the test cluster");
    }
    ConnectionSettings settings = LocalPostgres(dir).connectionSettings();
    settings.database = database;
    return settings;
}

TestDatabase::TestDatabase()
    : m_name(QStringLiteral("t_%1_%2")
                 .arg(QCoreApplication::applicationPid())
                 .arg(QRandomGenerator::global()->generate64(), 0, 36))
    , m_connectionName(QStringLiteral("test-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_settings = clusterSettings(m_name);
    const QString admin = QStringLiteral("test-admin-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = clusterSettings().addDatabase(admin);
        if (!db.open()) {
            m_error = db.lastError().text();
        } else {
            QSqlQuery query(db);
            m_valid = query.exec(QStringLiteral("CREATE DATABASE %1").arg(m_name));
            if (!m_valid) {
                m_error = query.lastError().text();
            }
        }
    }
    QSqlDatabase::removeDatabase(admin);
}

TestDatabase::~TestDatabase()
{
    if (QSqlDatabase::contains(m_connectionName)) {
        QSqlDatabase::database(m_connectionName, false).close();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    if (!m_valid) {
        return;
    }
    const QString admin = QStringLiteral("test-admin-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = clusterSettings().addDatabase(admin);
        if (db.open()) {
            QSqlQuery query(db);
            query.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name));
        }
    }
    QSqlDatabase::removeDatabase(admin);
}

QSqlDatabase TestDatabase::connection()
{
    if (QSqlDatabase::contains(m_connectionName)) {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (!db.isOpen()) {
            db.open();
        }
        return db;
    }
    QSqlDatabase db = m_settings.addDatabase(m_connectionName);
    if (!db.open()) {
        qWarning() << "cannot open test database:" << db.lastError().text();
    }
    return db;
}

QString TestDatabase::migrate(bool demo)
{
    QSqlDatabase db = connection();
    auto migrated = Migrator().migrate(db);
    if (!migrated) {
        return migrated.error().message;
    }
    if (demo) {
        QFile script(QStringLiteral(":/demo/demo.sql"));
        if (!script.open(QIODevice::ReadOnly)) {
            return QStringLiteral("demo.sql missing");
        }
        if (auto seeded = Sql::execScript(db, QString::fromUtf8(script.readAll())); !seeded) {
            return seeded.error().message;
        }
    }
    return {};
}

QVariant TestDatabase::scalar(const QString& sql, const QVariantList& bindings)
{
    QSqlDatabase db = connection();
    auto query = Sql::exec(db, sql, bindings);
    if (!query) {
        qWarning() << "query failed:" << sql << query.error().message;
        return {};
    }
    return query->next() ? query->value(0) : QVariant();
}

bool TestDatabase::exec(const QString& sql, const QVariantList& bindings)
{
    QSqlDatabase db = connection();
    if (bindings.isEmpty()) { // DDL cannot be prepared
        auto ran = Sql::execScript(db, sql);
        if (!ran) {
            qWarning() << "statement failed:" << sql << ran.error().message;
        }
        return ran.has_value();
    }
    auto query = Sql::exec(db, sql, bindings);
    if (!query) {
        qWarning() << "statement failed:" << sql << query.error().message;
    }
    return query.has_value();
}
