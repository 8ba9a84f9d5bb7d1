#pragma once

#include "localpostgres.h"
#include "store/connectionsettings.h"

#include <QString>
#include <QTemporaryDir>
#include <memory>

// A PostgreSQL cluster of a benchmark's own (LocalPostgres, as Maitre runs
// it) in a temporary directory, with the schema and the demo restaurant.
// Stopped and removed when destroyed. Every call blocks.
class BenchCluster final
{
public:
    explicit BenchCluster(bool durable = true);
    ~BenchCluster();
    BenchCluster(const BenchCluster&) = delete;
    BenchCluster& operator=(const BenchCluster&) = delete;

    // Starts the cluster, applies the migrations and seeds the demo
    // restaurant; the error text, or empty.
    QString start();

    const LocalPostgres& postgres() const { return *m_postgres; }
    ConnectionSettings settings() const { return m_postgres->connectionSettings(); }
    qint64 restaurantId() const { return m_restaurantId; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<LocalPostgres> m_postgres;
    qint64 m_restaurantId = 0;
};
