#include "localpostgres.h"
#include "testdatabase.h"
#include "testprocess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

// The maitre executable end to end: options, the managed PostgreSQL, the
// diner server on a real port, signals.
class TestMaitreCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helpAndVersion();
    void badOptionsExitWith2_data();
    void badOptionsExitWith2();
    void refusesToOpenAWindowWithoutADisplay();
    void spanishWhenAsked();
    void headlessDemoServesAndStopsCleanly();
    void survivesKill9AndRecovers();
    void keepsServingWhileTheDatabaseIsDown();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static QString binary() { return qEnvironmentVariable("MAITRE_BINARY"); }
    static Run runToEnd(const QStringList& args,
                        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());
    static std::unique_ptr<QProcess> startHeadless(const QStringList& extraArgs, QString* url);
    static bool stopWith(QProcess& process, int signal, int timeoutMs);
    struct Http
    {
        int status = 0;
        QJsonObject json;
        QByteArray contentType;
    };
    Http get(const QString& url);
    static std::unique_ptr<QTemporaryDir> dataDir();

    QNetworkAccessManager m_net;
};

TestMaitreCli::Run TestMaitreCli::runToEnd(const QStringList& args, const QProcessEnvironment& env)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(binary(), args);
    Run run;
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

std::unique_ptr<QTemporaryDir> TestMaitreCli::dataDir()
{
    auto dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/maitre-cli-XXXXXX"));
    // When the tests run as root, PostgreSQL's own account must get in.
    QFile::setPermissions(dir->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ExeOther);
    return dir;
}

std::unique_ptr<QProcess> TestMaitreCli::startHeadless(const QStringList& extraArgs, QString* url)
{
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->start(binary(),
                   QStringList{QStringLiteral("--headless"),
                               QStringLiteral("--port"),
                               QStringLiteral("0"),
                               QStringLiteral("--bind"),
                               QStringLiteral("127.0.0.1")}
                       + extraArgs);
    static const QRegularExpression serving(QStringLiteral("serving diners at (http://\\S+)"));
    QString out;
    const bool ok = QTest::qWaitFor(
        [&] {
            out += QString::fromUtf8(process->readAllStandardOutput());
            return serving.match(out).hasMatch() || process->state() == QProcess::NotRunning;
        },
        120000);
    const auto match = serving.match(out);
    if (!ok || !match.hasMatch()) {
        qWarning().noquote() << "maitre did not start:" << out << process->readAllStandardError();
        return process;
    }
    *url = match.captured(1);
    return process;
}

bool TestMaitreCli::stopWith(QProcess& process, int signal, int timeoutMs)
{
    ::kill(pid_t(process.processId()), signal);
    return process.waitForFinished(timeoutMs);
}

TestMaitreCli::Http TestMaitreCli::get(const QString& url)
{
    QNetworkReply* reply = m_net.get(QNetworkRequest(QUrl(url)));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(15000);
    Http http;
    http.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    http.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    http.json = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return http;
}

void TestMaitreCli::helpAndVersion()
{
    const Run help = runToEnd({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char* option : {"--data-dir",
                               "--port",
                               "--bind",
                               "--headless",
                               "--demo",
                               "--database-url",
                               "--lang",
                               "--version",
                               "--kitchen",
                               "--station"}) {
        QVERIFY2(help.out.contains(QLatin1String(option)), option);
    }
    const Run version = runToEnd({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QCOMPARE(version.out.trimmed(), QStringLiteral("maitre " MAITRE_VERSION));
}

void TestMaitreCli::badOptionsExitWith2_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown") << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
    QTest::newRow("port") << QStringList{QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("http")}
                          << QStringLiteral("--port");
    QTest::newRow("bind") << QStringList{QStringLiteral("--bind"), QStringLiteral("300.1.1.1")}
                          << QStringLiteral("--bind");
    QTest::newRow("url") << QStringList{QStringLiteral("--database-url"), QStringLiteral("nope")}
                         << QStringLiteral("PostgreSQL URL");
}

void TestMaitreCli::badOptionsExitWith2()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const Run run = runToEnd(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
    QVERIFY(run.err.contains(QStringLiteral("--help")));
}

void TestMaitreCli::refusesToOpenAWindowWithoutADisplay()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
        env.remove(QString::fromLatin1(name));
    }
    const auto dir = dataDir();
    const Run run = runToEnd({QStringLiteral("--data-dir"), dir->path()}, env);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("--headless")), qPrintable(run.err));
    QVERIFY(!QFile::exists(dir->filePath(QStringLiteral("pg")))); // nothing started
}

void TestMaitreCli::spanishWhenAsked()
{
    const Run run = runToEnd({QStringLiteral("--lang"), QStringLiteral("es"), QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(QStringLiteral("Muestra esta ayuda")), qPrintable(run.out));
    const Run bad =
        runToEnd({QStringLiteral("--lang"), QStringLiteral("es"), QStringLiteral("--port"), QStringLiteral("x")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(QStringLiteral("--port")) && !bad.err.contains(QStringLiteral("must be")),
             qPrintable(bad.err));
}

void TestMaitreCli::headlessDemoServesAndStopsCleanly()
{
    const auto dir = dataDir();
    QString url;
    auto maitre = startHeadless({QStringLiteral("--demo"), QStringLiteral("--data-dir"), dir->path()}, &url);
    QVERIFY(!url.isEmpty());
    QVERIFY(url.startsWith(QStringLiteral("http://127.0.0.1:")));

    const Http health = get(url + QStringLiteral("health"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json.value(QStringLiteral("database")).toString(), QStringLiteral("ok"));
    const Http missing = get(url + QStringLiteral("no/such/page"));
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.contentType, QByteArrayLiteral("application/problem+json"));

    LocalPostgres cluster(dir->filePath(QStringLiteral("pg")));
    QVERIFY(cluster.isRunning());
    const qint64 postgresPid = *cluster.postmasterPid();

    QVERIFY(stopWith(*maitre, SIGTERM, 30000));
    QCOMPARE(maitre->exitStatus(), QProcess::NormalExit);
    QCOMPARE(maitre->exitCode(), 0);
    QVERIFY(!cluster.isRunning());
    QTRY_VERIFY(!processAlive(postgresPid));
}

void TestMaitreCli::survivesKill9AndRecovers()
{
    const auto dir = dataDir();
    QString url;
    auto first = startHeadless({QStringLiteral("--demo"), QStringLiteral("--data-dir"), dir->path()}, &url);
    QVERIFY(!url.isEmpty());
    QVERIFY(stopWith(*first, SIGKILL, 10000));

    // PostgreSQL outlived maitre; the next start takes it over.
    QString again;
    auto second = startHeadless({QStringLiteral("--data-dir"), dir->path()}, &again);
    QVERIFY(!again.isEmpty());
    const Http health = get(again + QStringLiteral("health"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json.value(QStringLiteral("database")).toString(), QStringLiteral("ok"));
    QVERIFY(stopWith(*second, SIGINT, 30000));
    QCOMPARE(second->exitCode(), 0);
    QVERIFY(!LocalPostgres(dir->filePath(QStringLiteral("pg"))).isRunning());
}

void TestMaitreCli::keepsServingWhileTheDatabaseIsDown()
{
    const auto dir = dataDir();
    LocalPostgres external(dir->filePath(QStringLiteral("external")),
                           {.durable = false, .database = QStringLiteral("shop")});
    QVERIFY(external.start());
    const ConnectionSettings s = external.connectionSettings();
    const QString databaseUrl = QStringLiteral("postgresql://%1@/%2?host=%3")
                                    .arg(s.user, s.database, QString::fromLatin1(QUrl::toPercentEncoding(s.host)));
    QString url;
    auto maitre = startHeadless({QStringLiteral("--demo"), QStringLiteral("--database-url"), databaseUrl}, &url);
    QVERIFY(!url.isEmpty());
    QCOMPARE(get(url + QStringLiteral("health")).status, 200);

    QVERIFY(external.stop());
    const Http down = get(url + QStringLiteral("health"));
    QCOMPARE(down.status, 503);
    QCOMPARE(down.json.value(QStringLiteral("database")).toString(), QStringLiteral("down"));
    QCOMPARE(maitre->state(), QProcess::Running);

    QVERIFY(external.start());
    QTRY_COMPARE_WITH_TIMEOUT(get(url + QStringLiteral("health")).status, 200, 15000);
    QVERIFY(stopWith(*maitre, SIGTERM, 30000));
    QCOMPARE(maitre->exitCode(), 0);
    QVERIFY(external.stop());
}

QTEST_GUILESS_MAIN(TestMaitreCli)
#include "tst_maitre_cli.moc"
