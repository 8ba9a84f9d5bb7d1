#include "analyticsrole.h"
#include "localpostgres.h"
#include "store/migrator.h"
#include "testprocess.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <csignal>
#include <unistd.h>

class TestLocalPostgres final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void initializesStartsAndStops();
    void recoversAfterKill9();
    void ignoresAStalePidFile();
    void adoptsARunningServer();
    void refusesADirectoryThatIsNotACluster();
    void letsBiToolsInOverTheNetworkWithAPassword();
    void startsWithoutTheNetworkWhenThePortIsTaken();

private:
    static QVariant scalar(const LocalPostgres& pg, const QString& sql);
    std::unique_ptr<QTemporaryDir> m_dir;
    QString clusterDir() const { return m_dir->filePath(QStringLiteral("data/pg")); }
};

void TestLocalPostgres::init()
{
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/maitre-lpg-XXXXXX"));
    QVERIFY(m_dir->isValid());
    // The server's own account (when the tests run as root) must get in.
    QFile::setPermissions(m_dir->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ExeOther);
}

void TestLocalPostgres::cleanup()
{
    LocalPostgres pg(clusterDir());
    (void)pg.stop();
    m_dir.reset();
}

QVariant TestLocalPostgres::scalar(const LocalPostgres& pg, const QString& sql)
{
    const QString name = QUuid::createUuid().toString();
    QVariant value;
    {
        QSqlDatabase db = pg.connectionSettings().addDatabase(name);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next()) {
                value = query.value(0);
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

void TestLocalPostgres::initializesStartsAndStops()
{
    LocalPostgres pg(clusterDir());
    QVERIFY(!pg.isInitialized());
    const auto started = pg.start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    QVERIFY(pg.isInitialized());
    QVERIFY(pg.isRunning());
    QCOMPARE(scalar(pg, QStringLiteral("SELECT current_database()")).toString(), QStringLiteral("maitre"));
    // No TCP listener, private socket.
    QCOMPARE(scalar(pg, QStringLiteral("SHOW listen_addresses")).toString(), QString());
    QCOMPARE(scalar(pg, QStringLiteral("SHOW unix_socket_permissions")).toString(), QStringLiteral("0700"));
    QCOMPARE(scalar(pg, QStringLiteral("SHOW fsync")).toString(), QStringLiteral("on"));
    QVERIFY(scalar(pg, QStringLiteral("CREATE TABLE kept AS SELECT 7 AS v")).isNull());
    QCOMPARE(scalar(pg, QStringLiteral("SELECT v FROM kept")).toInt(), 7);

    const qint64 pid = *pg.postmasterPid();
    QVERIFY(pg.stop());
    QVERIFY(!pg.isRunning());
    QVERIFY(!QFile::exists(clusterDir() + QStringLiteral("/postmaster.pid")));
    QTRY_VERIFY(!processAlive(pid));

    QVERIFY(pg.start());
    QCOMPARE(scalar(pg, QStringLiteral("SELECT v FROM kept")).toInt(), 7);
    QVERIFY(pg.stop());
}

void TestLocalPostgres::recoversAfterKill9()
{
    LocalPostgres pg(clusterDir());
    QVERIFY(pg.start());
    QVERIFY(scalar(pg, QStringLiteral("CREATE TABLE kept AS SELECT 11 AS v")).isNull());
    QCOMPARE(scalar(pg, QStringLiteral("SELECT v FROM kept")).toInt(), 11);
    const qint64 pid = *pg.postmasterPid();
    QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
    QTRY_VERIFY(!pg.isRunning());
    QVERIFY(QFile::exists(clusterDir() + QStringLiteral("/postmaster.pid"))); // left behind

    LocalPostgres again(clusterDir());
    const auto restarted = again.start();
    QVERIFY2(restarted, restarted ? "" : qPrintable(restarted.error().message));
    QVERIFY(*again.postmasterPid() != pid);
    QCOMPARE(scalar(again, QStringLiteral("SELECT v FROM kept")).toInt(), 11);
    QVERIFY(again.stop());
}

void TestLocalPostgres::ignoresAStalePidFile()
{
    LocalPostgres pg(clusterDir());
    QVERIFY(pg.start());
    QVERIFY(pg.stop());
    // As after a power cut: a pid file naming a live process that is not
    // PostgreSQL (this test itself).
    QFile pidFile(clusterDir() + QStringLiteral("/postmaster.pid"));
    QVERIFY(pidFile.open(QIODevice::WriteOnly));
    pidFile.write(QByteArray::number(qint64(::getpid())) + '\n' + QFile::encodeName(clusterDir()) + '\n');
    pidFile.close();
    QVERIFY(!pg.isRunning());
    const auto started = pg.start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    QVERIFY(*pg.postmasterPid() != qint64(::getpid()));
    QVERIFY(pg.stop());
}

void TestLocalPostgres::adoptsARunningServer()
{
    LocalPostgres first(clusterDir());
    QVERIFY(first.start());
    const qint64 pid = *first.postmasterPid();
    // A second Maitre (after the first was killed) uses the same server.
    LocalPostgres second(clusterDir());
    QVERIFY(second.start());
    QCOMPARE(*second.postmasterPid(), pid);
    QCOMPARE(scalar(second, QStringLiteral("SELECT 1")).toInt(), 1);
    QVERIFY(second.stop());
    QVERIFY(!first.isRunning());
}

void TestLocalPostgres::refusesADirectoryThatIsNotACluster()
{
    QVERIFY(QDir().mkpath(clusterDir()));
    QFile stray(clusterDir() + QStringLiteral("/notes.txt"));
    QVERIFY(stray.open(QIODevice::WriteOnly));
    stray.write("my notes");
    stray.close();
    LocalPostgres pg(clusterDir());
    const auto started = pg.start();
    QVERIFY(!started);
    QVERIFY2(started.error().message.contains(clusterDir()), qPrintable(started.error().message));
    QVERIFY(QFile::exists(clusterDir() + QStringLiteral("/notes.txt")));
}

namespace
{

// Signs in over TCP on this machine; the error, or empty when it got in.
QString signInOverTcp(const QString& user, const QString& password)
{
    ConnectionSettings tcp;
    tcp.host = QStringLiteral("127.0.0.1");
    tcp.port = LocalPostgres::PORT;
    tcp.user = user;
    tcp.password = password;
    tcp.database = QStringLiteral("maitre");
    const QString name = QUuid::createUuid().toString();
    QString error;
    {
        QSqlDatabase db = tcp.addDatabase(name);
        if (!db.open()) {
            error = db.lastError().text();
            error = error.isEmpty() ? QStringLiteral("refused") : error;
        }
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

} // namespace

void TestLocalPostgres::letsBiToolsInOverTheNetworkWithAPassword()
{
    LocalPostgres::Options options;
    options.analyticsOverNetwork = true;
    {
        LocalPostgres pg(clusterDir(), options);
        const auto started = pg.start();
        QVERIFY2(started, started ? "" : qPrintable(started.error().message));
        QCOMPARE(pg.networkProblem(), QString());
        QCOMPARE(scalar(pg, QStringLiteral("SHOW listen_addresses")).toString(), QStringLiteral("*"));
        // The role comes with the migrations; Maitre gives it its password.
        const QString name = QUuid::createUuid().toString();
        const QString password = AnalyticsRole::generatePassword();
        {
            QSqlDatabase db = pg.connectionSettings().addDatabase(name);
            QVERIFY(db.open());
            const auto migrated = Migrator().migrate(db);
            QVERIFY2(migrated, migrated ? "" : qPrintable(migrated.error().message));
            QVERIFY(AnalyticsRole::setPassword(db, password));
        }
        QSqlDatabase::removeDatabase(name);

        QCOMPARE(signInOverTcp(AnalyticsRole::name(), password), QString());
        QVERIFY(!signInOverTcp(AnalyticsRole::name(), QStringLiteral("not-the-password")).isEmpty());
        // Nobody else comes in over the network, not even Maitre's own user.
        QVERIFY(!signInOverTcp(pg.connectionSettings().user, QString()).isEmpty());
        QVERIFY(pg.stop());
    }
    // Switched off again: the next start listens on the private socket only.
    LocalPostgres pg(clusterDir());
    QVERIFY(pg.start());
    QCOMPARE(scalar(pg, QStringLiteral("SHOW listen_addresses")).toString(), QString());
    QVERIFY(!signInOverTcp(AnalyticsRole::name(), QStringLiteral("x")).isEmpty());
}

void TestLocalPostgres::startsWithoutTheNetworkWhenThePortIsTaken()
{
    // Something else holds the port on every address.
    QTcpServer squatter;
    QVERIFY2(squatter.listen(QHostAddress::Any, LocalPostgres::PORT), qPrintable(squatter.errorString()));
    LocalPostgres::Options options;
    options.analyticsOverNetwork = true;
    LocalPostgres pg(clusterDir(), options);
    const auto started = pg.start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    QVERIFY(pg.isRunning());
    QVERIFY(!pg.networkProblem().isEmpty());
    QCOMPARE(scalar(pg, QStringLiteral("SHOW listen_addresses")).toString(), QString());
    QCOMPARE(scalar(pg, QStringLiteral("SELECT 1")).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestLocalPostgres)
#include "tst_localpostgres.moc"
