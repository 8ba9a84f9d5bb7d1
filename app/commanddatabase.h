#pragma once

#include "result.h"
#include "store/connectionsettings.h"

#include <QFuture>
#include <QObject>
#include <QString>
#include <memory>

class LocalPostgres;
class Store;

// The database of a one-shot command line (--create-token, --export, …):
// reached as a normal start reaches it (the managed PostgreSQL under the data
// directory, or --database-url), migrated, with the one restaurant found.
// A cluster already run by a console is used and left running.
class CommandDatabase final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandDatabase)

public:
    CommandDatabase(QString dataDir, QString databaseUrl, QObject* parent = nullptr);
    ~CommandDatabase() override;

    // With it, an empty database gets the demo restaurant (as --demo does)
    // instead of failing for want of a restaurant.
    void setSeedDemo(bool seed) { m_seedDemo = seed; }
    // Asynchronous: restaurantReady or failed, once.
    void open();
    // Valid from restaurantReady until close().
    Store& store() { return *m_store; }
    // Finishes queued store work; services on the store may then go.
    void drain();
    // Closes the store, then stops PostgreSQL if open() started it. Blocks.
    // A failure to stop is returned for the caller to print.
    VoidResult close();

Q_SIGNALS:
    void restaurantReady(qint64 restaurantId);
    void failed(const QString& message);

private:
    void databaseReady(const ConnectionSettings& settings);

    QString m_dataDir;
    QString m_databaseUrl;
    std::unique_ptr<LocalPostgres> m_postgres;
    bool m_seedDemo = false;
    bool m_startedPostgres = false; // false when a running Maitre's cluster was adopted
    QFuture<Result<ConnectionSettings>> m_bootstrap;
    std::unique_ptr<Store> m_store;
};
