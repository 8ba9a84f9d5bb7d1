// Joins with commit: POST /api/v1/queue at N concurrent clients against a
// DinerServer stood up in-process (write limit raised out of the way), then
// pgbench single-row inserts at the same concurrency on the same durable
// cluster. Prints throughput, latency and the ratio. See bench/README.md.

#include "benchcluster.h"
#include "benchloop.h"
#include "benchserver.h"
#include "httpload.h"
#include "latencystats.h"
#include "menuservice.h"
#include "pgbenchinserts.h"
#include "queueservice.h"
#include "store/store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <optional>

namespace
{

using BenchLoop::say;

constexpr double GOAL_RATIO = 0.5;

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Joins with commit: Maitre's POST /api/v1/queue against pgbench."));
    parser.addHelpOption();
    const QCommandLineOption clientsOption(QStringLiteral("clients"),
                                           QStringLiteral("Concurrent clients (default 50)."),
                                           QStringLiteral("N"),
                                           QStringLiteral("50"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
                                           QStringLiteral("Duration of each run (default 10)."),
                                           QStringLiteral("S"),
                                           QStringLiteral("10"));
    parser.addOptions({clientsOption, secondsOption});
    parser.process(app);
    const int clients = std::max(1, parser.value(clientsOption).toInt());
    const int seconds = std::max(1, parser.value(secondsOption).toInt());

    say(QStringLiteral("[joins] starting a durable PostgreSQL cluster (fsync and synchronous_commit on)"));
    BenchCluster cluster(true);
    if (const QString error = cluster.start(); !error.isEmpty()) {
        say(QStringLiteral("[joins] cannot start PostgreSQL: %1").arg(error));
        return 1;
    }

    // Two runs of the same server. First a queue that stays as long as a busy
    // door's: every client leaves again (DELETE) once it has joined, so at most
    // `clients` parties wait. Then joins only, from an empty queue that grows
    // by thousands (no restaurant's queue does; it shows how joins slow down).
    struct Run
    {
        HttpLoad::Outcome outcome;
        qint64 active = 0;
    };
    const auto runMaitre = [&](bool leave) -> std::optional<Run> {
        Run run;
        Store store(cluster.settings()); // as the app: 4 workers
        MenuService menu(store);
        QueueService queue(store);
        BenchServer server(store, menu, queue, cluster.restaurantId());
        const auto port = server.start(1'000'000'000);
        if (!port) {
            say(QStringLiteral("[joins] cannot listen: %1").arg(port.error().message));
            return std::nullopt;
        }
        HttpLoad::Options options;
        options.port = *port;
        options.method = "POST";
        options.path = "/api/v1/queue";
        options.connections = clients;
        options.durationMs = seconds * 1000;
        options.body = [](qint64 n) {
            return "{\"name\":\"Bench " + QByteArray::number(n) + "\",\"party_size\":" + QByteArray::number(1 + n % 4)
                + '}';
        };
        if (leave) {
            options.followUp = [](const QByteArray& answer) -> std::optional<HttpLoad::Options::Request> {
                const QString token = QJsonDocument::fromJson(answer).object().value(u"token").toString();
                if (token.isEmpty()) {
                    return std::nullopt;
                }
                return HttpLoad::Options::Request{"DELETE", "/api/v1/queue/" + token.toLatin1()};
            };
        }
        HttpLoad load(options);
        run.outcome = load.run();
        server.stop();
        store.shutdown();
        run.active = PgbenchInserts::scalar(
                         cluster.settings(),
                         QStringLiteral("SELECT count(*) FROM parties WHERE status IN ('waiting', 'notified')"))
                         .toLongLong();
        return run;
    };
    const auto statusText = [](const QMap<int, qint64>& statuses) {
        QStringList parts;
        for (auto it = statuses.cbegin(); it != statuses.cend(); ++it) {
            parts << QStringLiteral("%1×%2").arg(it.key()).arg(it.value());
        }
        return parts.join(u' ');
    };
    const auto perSecondText = [](const HttpLoad::Outcome& outcome) {
        QStringList parts;
        for (qint64 n : outcome.perSecond) {
            parts << QString::number(n);
        }
        return parts.join(u' ');
    };

    say(QStringLiteral("[joins] maitre, steady queue: %1 keep-alive clients, %2 s; each POSTs /api/v1/queue, then "
                       "leaves with DELETE /api/v1/queue/{token}; joins are timed")
            .arg(clients)
            .arg(seconds));
    const auto steady = runMaitre(true);
    if (!steady) {
        return 1;
    }
    const HttpLoad::Outcome& maitre = steady->outcome;
    const qint64 created = maitre.statuses.value(201);
    say(QStringLiteral("[joins] maitre, steady queue: %1 joins/s  latency %2")
            .arg(maitre.requestsPerSecond(), 0, 'f', 1)
            .arg(maitre.latency.summary()));
    say(QStringLiteral("[joins] maitre, steady queue: leaves %1, latency %2")
            .arg(statusText(maitre.followUpStatuses), maitre.followUpLatency.summary()));
    say(QStringLiteral("[joins] maitre, steady queue: joins %1; socket errors %2; waiting at the end %3")
            .arg(statusText(maitre.statuses))
            .arg(maitre.socketErrors)
            .arg(steady->active));
    say(QStringLiteral("[joins] maitre, steady queue: joins answered per second: %1").arg(perSecondText(maitre)));
    if (created != maitre.latency.count()) {
        say(QStringLiteral("[joins] warning: %1 answers were not 201 Created").arg(maitre.latency.count() - created));
    }

    say(QStringLiteral("[joins] maitre, growing queue: %1 clients, %2 s, joins only, from an empty queue")
            .arg(clients)
            .arg(seconds));
    const auto growing = runMaitre(false);
    if (!growing) {
        return 1;
    }
    say(QStringLiteral("[joins] maitre, growing queue: %1 joins/s  latency %2; %3; waiting at the end %4")
            .arg(growing->outcome.requestsPerSecond(), 0, 'f', 1)
            .arg(growing->outcome.latency.summary(), statusText(growing->outcome.statuses))
            .arg(growing->active));
    say(QStringLiteral("[joins] maitre, growing queue: joins answered per second: %1")
            .arg(perSecondText(growing->outcome)));

    say(QStringLiteral("[joins] pgbench: INSERT INTO bench_rows (v) VALUES (random()), -c %1 -j 2 -T %2, same "
                       "cluster over its Unix socket")
            .arg(clients)
            .arg(seconds));
    const PgbenchInserts::Outcome pg = PgbenchInserts::run(cluster, clients, seconds);
    if (!pg.error.isEmpty()) {
        say(QStringLiteral("[joins] %1").arg(pg.error));
        say(QStringLiteral("GOAL|2. joins with commit|pgbench did not run|>= 0.5x pgbench|UNKNOWN"));
        return 1;
    }
    say(QStringLiteral("[joins] pgbench: %1 tps  latency %2").arg(pg.tps, 0, 'f', 1).arg(pg.latency.summary()));

    const double ratio = pg.tps > 0 ? maitre.requestsPerSecond() / pg.tps : 0.0;
    const bool met = ratio >= GOAL_RATIO && created == maitre.latency.count();
    say(QStringLiteral("[joins] maitre/pgbench = %1×  (goal ≥ %2×: %3)")
            .arg(ratio, 0, 'f', 3)
            .arg(GOAL_RATIO)
            .arg(met ? QStringLiteral("met") : QStringLiteral("NOT met")));
    say(QStringLiteral(
            "GOAL|2. joins with commit, %1 clients, steady queue|maitre %2 joins/s (p50 %3 ms, p99 %4 ms) vs pgbench "
            "%5 tps = %6x|>= 0.5x pgbench|%7")
            .arg(clients)
            .arg(maitre.requestsPerSecond(), 0, 'f', 1)
            .arg(maitre.latency.percentileMs(50), 0, 'f', 1)
            .arg(maitre.latency.percentileMs(99), 0, 'f', 1)
            .arg(pg.tps, 0, 'f', 1)
            .arg(ratio, 0, 'f', 3)
            .arg(met ? QStringLiteral("met") : QStringLiteral("NOT MET")));
    say(QStringLiteral(
            "GOAL|2. joins, growing queue from empty (%1 at the end)|maitre %2 joins/s (p50 %3 ms, p99 %4 ms) "
            "= %5x pgbench|for information|-")
            .arg(growing->active)
            .arg(growing->outcome.requestsPerSecond(), 0, 'f', 1)
            .arg(growing->outcome.latency.percentileMs(50), 0, 'f', 1)
            .arg(growing->outcome.latency.percentileMs(99), 0, 'f', 1)
            .arg(pg.tps > 0 ? growing->outcome.requestsPerSecond() / pg.tps : 0.0, 0, 'f', 3));
    return 0;
}
