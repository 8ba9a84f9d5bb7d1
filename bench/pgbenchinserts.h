#pragma once

#include "latencystats.h"

#include <QString>
#include <QVariant>

class BenchCluster;
struct ConnectionSettings;

// pgbench's single-row INSERTs at a given concurrency on a benchmark's
// cluster: the database's own ceiling for one-row commits, which the write
// benchmarks (bench_joins, bench_order_rush) are measured against.
class PgbenchInserts final
{
public:
    struct Outcome
    {
        QString error; // empty when pgbench ran
        double tps = 0.0;
        LatencyStats latency;
        qint64 transactions = 0;
    };

    // pgbench -c `clients` -j 2 -T `seconds` with one INSERT per transaction,
    // per-transaction latencies from its log. Blocks.
    static Outcome run(const BenchCluster& cluster, int clients, int seconds);

    // The first column of the first row `sql` returns (invalid on error). Blocks.
    static QVariant scalar(const ConnectionSettings& settings, const QString& sql);
};
