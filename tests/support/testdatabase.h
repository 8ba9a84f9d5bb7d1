#pragma once

#include "result.h"
#include "store/connectionsettings.h"

#include <QFuture>
#include <QSqlDatabase>
#include <QString>
#include <QTest>

// A fresh database of its own for one test, in the run's throwaway cluster
// (ctest's pg fixture, MAITRE_TEST_PG_DIR). Dropped when destroyed.
class TestDatabase final
{
public:
    TestDatabase();
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    bool isValid() const { return m_valid; }
    QString error() const { return m_error; }
    const ConnectionSettings& settings() const { return m_settings; }

    // A connection in the calling thread, for arranging and checking data.
    QSqlDatabase connection();
    // Applies the migrations (and the demo data when `demo`); the error text or empty.
    QString migrate(bool demo = false);
    // Runs SQL on connection(); fails the test on error.
    QVariant scalar(const QString& sql, const QVariantList& bindings = {});
    bool exec(const QString& sql, const QVariantList& bindings = {});

    static ConnectionSettings clusterSettings(const QString& database = QStringLiteral("postgres"));

private:
    ConnectionSettings m_settings;
    QString m_name;
    QString m_connectionName;
    QString m_error;
    bool m_valid = false;
};

// Waits (spinning the event loop) for a future and returns its result.
template <typename T>
T awaitFuture(QFuture<T> future, int timeoutMs = 30000)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, timeoutMs)) {
        qFatal("future did not finish in %d ms", timeoutMs);
    }
    return future.result();
}
