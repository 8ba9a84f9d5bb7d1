#pragma once

#include "result.h"
#include "store/connectionsettings.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <optional>
#include <sys/types.h>

// A PostgreSQL cluster Maitre manages in its data directory: initdb on first
// use, pg_ctl to start and stop, trust only on a private Unix socket, no TCP.
// When Maitre runs as root the server runs as an unprivileged user, since
// PostgreSQL refuses root. Every call blocks: use it off the GUI thread.
class LocalPostgres final
{
    Q_DECLARE_TR_FUNCTIONS(LocalPostgres)

public:
    struct Options
    {
        // Throwaway clusters (tests) skip fsync; a restaurant's must not.
        bool durable = true;
        QString database = QStringLiteral("maitre");
        // Also listen on the network (port 5432), for BI tools signing in as
        // the read-only maitre_analytics role with its password; nobody
        // else, and nothing without a password, comes in that way.
        bool analyticsOverNetwork = false;
    };

    explicit LocalPostgres(QString clusterDir);
    LocalPostgres(QString clusterDir, Options options);

    // initdb when the directory holds no cluster yet.
    VoidResult initialize();
    // Starts the server (recovering from a crash or a stale postmaster.pid);
    // adopts one already running on this directory. Creates the database.
    VoidResult start();
    // Fast shutdown, waiting for it; immediate shutdown if that fails.
    VoidResult stop();

    bool isInitialized() const;
    bool isRunning() const;
    std::optional<qint64> postmasterPid() const;

    QString clusterDir() const { return m_clusterDir; }
    QString socketDir() const;
    QString logFile() const;
    ConnectionSettings connectionSettings() const;

    static Result<QString> findBinDir();
    static constexpr int PORT = 5432;
    // Why the server runs without the network access asked for (the port is taken, say); empty otherwise.
    QString networkProblem() const { return m_networkProblem; }

private:
    struct Account
    {
        uid_t uid;
        gid_t gid;
        QString name;
    };

    Result<QString> runTool(const QString& tool, const QStringList& arguments, int timeoutMs) const;
    VoidResult prepareOwnership();
    VoidResult writeServerConfig(bool network) const;
    Result<QString> startServer();
    VoidResult ensureDatabase() const;
    void removeStalePidFile() const;
    static Result<Account> serverAccount();

    QString m_clusterDir;
    Options m_options;
    QString m_binDir;
    std::optional<Account> m_account; // set when running as root
    QString m_networkProblem;
};
