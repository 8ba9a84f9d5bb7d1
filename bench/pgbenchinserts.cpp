#include "pgbenchinserts.h"

#include "benchcluster.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>

QVariant PgbenchInserts::scalar(const ConnectionSettings& settings, const QString& sql)
{
    QVariant value;
    {
        QSqlDatabase db = settings.addDatabase(QStringLiteral("bench-scalar"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next()) {
                value = query.value(0);
            }
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-scalar"));
    return value;
}

PgbenchInserts::Outcome PgbenchInserts::run(const BenchCluster& cluster, int clients, int seconds)
{
    Outcome outcome;
    const auto binDir = LocalPostgres::findBinDir();
    if (!binDir) {
        outcome.error = binDir.error().message;
        return outcome;
    }
    const ConnectionSettings settings = cluster.settings();
    scalar(settings,
           QStringLiteral("CREATE TABLE IF NOT EXISTS bench_rows (id bigserial PRIMARY KEY, v double precision)"));
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/maitre-pgbench-XXXXXX"));
    QFile script(dir.filePath(QStringLiteral("insert.sql")));
    if (!dir.isValid() || !script.open(QIODevice::WriteOnly)) {
        outcome.error = QStringLiteral("cannot write the pgbench script");
        return outcome;
    }
    script.write("INSERT INTO bench_rows (v) VALUES (random());\n");
    script.close();

    QProcess pgbench;
    pgbench.setWorkingDirectory(dir.path());
    pgbench.setProcessChannelMode(QProcess::MergedChannels);
    pgbench.start(*binDir + QStringLiteral("/pgbench"),
                  {QStringLiteral("-n"),
                   QStringLiteral("-c"),
                   QString::number(clients),
                   QStringLiteral("-j"),
                   QStringLiteral("2"),
                   QStringLiteral("-T"),
                   QString::number(seconds),
                   QStringLiteral("-f"),
                   script.fileName(),
                   QStringLiteral("-l"),
                   QStringLiteral("--log-prefix=") + dir.filePath(QStringLiteral("tx")),
                   QStringLiteral("-h"),
                   settings.host,
                   QStringLiteral("-p"),
                   QString::number(settings.port),
                   QStringLiteral("-U"),
                   settings.user,
                   settings.database});
    if (!pgbench.waitForFinished((seconds + 120) * 1000) || pgbench.exitCode() != 0) {
        outcome.error = QStringLiteral("pgbench failed: %1").arg(QString::fromLocal8Bit(pgbench.readAll()));
        return outcome;
    }
    const QString output = QString::fromLocal8Bit(pgbench.readAll());
    const auto tps =
        QRegularExpression(QStringLiteral("tps = ([0-9.]+) \\(without initial connection time\\)")).match(output);
    if (!tps.hasMatch()) {
        outcome.error = QStringLiteral("no tps in pgbench's output:\n%1").arg(output);
        return outcome;
    }
    outcome.tps = tps.captured(1).toDouble();
    // Log lines: client_id transaction_no time script_no time_epoch time_us; time is the latency in µs.
    const QStringList logs = QDir(dir.path()).entryList({QStringLiteral("tx.*")}, QDir::Files);
    for (const QString& name : logs) {
        QFile log(dir.filePath(name));
        if (!log.open(QIODevice::ReadOnly)) {
            continue;
        }
        while (!log.atEnd()) {
            const QList<QByteArray> fields = log.readLine().split(' ');
            if (fields.size() >= 3) {
                outcome.latency.add(fields.at(2).toLongLong());
                ++outcome.transactions;
            }
        }
    }
    return outcome;
}
