#include "apitokenservice.h"
#include "localpostgres.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

// maitre --create-token / --list-tokens / --revoke-token, run as the real
// binary against a real database: the secret printed once, listed without it,
// working against ApiTokenService::verify until revoked.
class TestTokensCliAuth final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void createListRevoke();
    void duplicateNameFails();
    void badScopeChangesNothing();
    void revokingAnUnknownTokenFails();
    void noRestaurantYet();
    void managedDatabaseStartsAndStops();
    void tokenFromTheCommandLineOpensTheRunningServer();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static Run maitre(const QStringList& args);
    Run withDatabase(QStringList args) const;
    // The --list-tokens line for `name`, split into its columns.
    static QStringList listed(const QString& listing, const QString& name);
    int tokenCount();

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<ApiTokenService> m_tokens;
};

void TestTokensCliAuth::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    const QString migrated = m_db->migrate(true);
    QVERIFY2(migrated.isEmpty(), qPrintable(migrated));
    m_store = std::make_unique<Store>(m_db->settings(), 1);
    m_tokens = std::make_unique<ApiTokenService>(*m_store);
}

void TestTokensCliAuth::cleanup()
{
    m_tokens.reset();
    m_store.reset();
    m_db.reset();
}

TestTokensCliAuth::Run TestTokensCliAuth::maitre(const QStringList& args)
{
    QProcess process;
    process.start(qEnvironmentVariable("MAITRE_BINARY"), args);
    Run run;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

TestTokensCliAuth::Run TestTokensCliAuth::withDatabase(QStringList args) const
{
    const ConnectionSettings& s = m_db->settings();
    args << QStringLiteral("--database-url")
         << QStringLiteral("postgresql://%1@localhost:%2/%3?host=%4").arg(s.user).arg(s.port).arg(s.database, s.host);
    return maitre(args);
}

QStringList TestTokensCliAuth::listed(const QString& listing, const QString& name)
{
    for (const QString& line : listing.split(u'\n')) {
        if (line.startsWith(name + QStringLiteral("  "))) {
            return line.split(QRegularExpression(QStringLiteral("\\s{2,}")));
        }
    }
    return {};
}

int TestTokensCliAuth::tokenCount()
{
    return m_db->scalar(QStringLiteral("SELECT count(*) FROM staff_tokens")).toInt();
}

void TestTokensCliAuth::createListRevoke()
{
    const Run created = withDatabase({QStringLiteral("--create-token"),
                                      QStringLiteral("bi"),
                                      QStringLiteral("--scope"),
                                      QStringLiteral("events"),
                                      QStringLiteral("--scope"),
                                      QStringLiteral("staff")});
    QVERIFY2(created.exitCode == 0, qPrintable(created.err));
    // Only the secret on stdout, one line, so a script can capture it.
    QVERIFY(created.out.endsWith(u'\n'));
    const QString secret = created.out.trimmed();
    QVERIFY2(QRegularExpression(QStringLiteral("^mt_[A-Za-z0-9_-]{32}$")).match(secret).hasMatch(),
             qPrintable(created.out));
    QVERIFY(created.err.contains(QStringLiteral("once")));
    QVERIFY(!created.err.contains(secret));
    // Stored hashed only.
    const QString hash =
        QString::fromLatin1(QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex());
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT token_hash FROM staff_tokens WHERE name = 'bi'")).toString(), hash);

    // The printed secret is a working token with both scopes.
    const auto verified = awaitFuture(m_tokens->verify(secret));
    QVERIFY2(verified, verified ? "" : qPrintable(verified.error().message));
    QCOMPARE(verified->token.name, QStringLiteral("bi"));
    QCOMPARE(verified->token.scopes, (QStringList{QStringLiteral("events"), QStringLiteral("staff")}));

    const Run list = withDatabase({QStringLiteral("--list-tokens")});
    QVERIFY2(list.exitCode == 0, qPrintable(list.err));
    QVERIFY(list.out.startsWith(QStringLiteral("NAME")));
    QVERIFY(!list.out.contains(secret));
    QVERIFY(!list.out.contains(hash));
    QStringList columns = listed(list.out, QStringLiteral("bi"));
    QCOMPARE(columns.size(), 5);
    QCOMPARE(columns.at(1), QStringLiteral("events,staff"));
    QVERIFY(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$")).match(columns.at(2)).hasMatch());
    QVERIFY(columns.at(3) != QStringLiteral("never")); // verified above
    QCOMPARE(columns.at(4), QStringLiteral("no"));

    const Run revoked = withDatabase({QStringLiteral("--revoke-token"), QStringLiteral("bi")});
    QVERIFY2(revoked.exitCode == 0, qPrintable(revoked.err));
    QVERIFY(revoked.out.contains(QStringLiteral("bi")));
    const auto refused = awaitFuture(m_tokens->verify(secret));
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, Error::Kind::NotFound);

    const Run after = withDatabase({QStringLiteral("--list-tokens")});
    QCOMPARE(after.exitCode, 0);
    columns = listed(after.out, QStringLiteral("bi"));
    QCOMPARE(columns.size(), 5);
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$")).match(columns.at(4)).hasMatch(),
             qPrintable(after.out));

    // Revoked once is revoked: a second time finds no working token.
    const Run again = withDatabase({QStringLiteral("--revoke-token"), QStringLiteral("bi")});
    QCOMPARE(again.exitCode, 1);
    QVERIFY(again.err.contains(QStringLiteral("\"bi\"")));
}

void TestTokensCliAuth::duplicateNameFails()
{
    const QStringList args{
        QStringLiteral("--create-token"), QStringLiteral("pos"), QStringLiteral("--scope"), QStringLiteral("staff")};
    QCOMPARE(withDatabase(args).exitCode, 0);
    const Run second = withDatabase(args);
    QCOMPARE(second.exitCode, 1);
    QVERIFY(second.out.isEmpty());
    QVERIFY2(second.err.contains(QStringLiteral("already exists")), qPrintable(second.err));
    QCOMPARE(tokenCount(), 1);
}

void TestTokensCliAuth::badScopeChangesNothing()
{
    const Run run = withDatabase(
        {QStringLiteral("--create-token"), QStringLiteral("bi"), QStringLiteral("--scope"), QStringLiteral("admin")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(QStringLiteral("--scope")) && run.err.contains(QStringLiteral("admin")),
             qPrintable(run.err));
    QCOMPARE(tokenCount(), 0);
}

void TestTokensCliAuth::revokingAnUnknownTokenFails()
{
    const Run run = withDatabase({QStringLiteral("--revoke-token"), QStringLiteral("nobody-made-this")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.startsWith(QStringLiteral("maitre: ")) && run.err.contains(QStringLiteral("nobody-made-this")),
             qPrintable(run.err));
}

void TestTokensCliAuth::noRestaurantYet()
{
    TestDatabase empty;
    QVERIFY(empty.isValid());
    const ConnectionSettings& s = empty.settings();
    const Run run = maitre(
        {QStringLiteral("--list-tokens"),
         QStringLiteral("--database-url"),
         QStringLiteral("postgresql://%1@localhost:%2/%3?host=%4").arg(s.user).arg(s.port).arg(s.database, s.host)});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("no restaurant")), qPrintable(run.err));
    // The migrations were applied on the way, as a normal start does.
    QVERIFY(empty.scalar(QStringLiteral("SELECT count(*) FROM staff_tokens")).toInt() == 0);
}

void TestTokensCliAuth::managedDatabaseStartsAndStops()
{
    // With --data-dir: the managed PostgreSQL is set up and started as a
    // normal start does, and stopped again when the command is done.
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/maitre-tokens-XXXXXX"));
    QVERIFY(dir.isValid());
    // When the tests run as root, PostgreSQL's own account must get in.
    QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ExeOther);
    const Run run = maitre({QStringLiteral("--list-tokens"), QStringLiteral("--data-dir"), dir.path()});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("no restaurant")), qPrintable(run.err));
    LocalPostgres cluster(dir.filePath(QStringLiteral("pg")));
    QVERIFY(cluster.isInitialized());
    QVERIFY(!cluster.isRunning());
}

void TestTokensCliAuth::tokenFromTheCommandLineOpensTheRunningServer()
{
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/maitre-tokens-XXXXXX"));
    QVERIFY(dir.isValid());
    QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ExeOther);

    // A headless Maitre with the demo restaurant serves on a free port.
    QProcess server;
    server.start(qEnvironmentVariable("MAITRE_BINARY"),
                 {QStringLiteral("--headless"),
                  QStringLiteral("--demo"),
                  QStringLiteral("--port"),
                  QStringLiteral("0"),
                  QStringLiteral("--bind"),
                  QStringLiteral("127.0.0.1"),
                  QStringLiteral("--data-dir"),
                  dir.path()});
    static const QRegularExpression serving(QStringLiteral("serving diners at (http://\\S+)"));
    QString out;
    QVERIFY(QTest::qWaitFor(
        [&] {
            out += QString::fromUtf8(server.readAllStandardOutput());
            return serving.match(out).hasMatch() || server.state() == QProcess::NotRunning;
        },
        120000));
    const auto match = serving.match(out);
    QVERIFY2(match.hasMatch(), qPrintable(out + QString::fromUtf8(server.readAllStandardError())));
    const QString url = match.captured(1);

    // The command shares the running console's database and leaves it running.
    const Run created = maitre({QStringLiteral("--create-token"),
                                QStringLiteral("pos"),
                                QStringLiteral("--scope"),
                                QStringLiteral("staff"),
                                QStringLiteral("--data-dir"),
                                dir.path()});
    QVERIFY2(created.exitCode == 0, qPrintable(created.err));
    const QString secret = created.out.trimmed();
    LocalPostgres cluster(dir.filePath(QStringLiteral("pg")));
    QVERIFY(cluster.isRunning());

    QNetworkAccessManager net;
    const auto get = [&net, &url](const QByteArray& authorization) {
        QNetworkRequest request(QUrl(url + QStringLiteral("api/v1/staff/queue")));
        if (!authorization.isEmpty()) {
            request.setRawHeader("Authorization", authorization);
        }
        QNetworkReply* reply = net.get(request);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 30000)) {
            reply->deleteLater();
            return std::make_pair(0, QJsonObject()); // fails the status check
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return std::make_pair(status, body);
    };
    QCOMPARE(get({}).first, 401);
    const auto [status, body] = get("Bearer " + secret.toLatin1());
    QCOMPARE(status, 200);
    QVERIFY(body.value(u"tables").toArray().size() > 0);

    const Run revoked =
        maitre({QStringLiteral("--revoke-token"), QStringLiteral("pos"), QStringLiteral("--data-dir"), dir.path()});
    QVERIFY2(revoked.exitCode == 0, qPrintable(revoked.err));
    QCOMPARE(get("Bearer " + secret.toLatin1()).first, 401);

    ::kill(pid_t(server.processId()), SIGTERM);
    QVERIFY(server.waitForFinished(60000));
    QCOMPARE(server.exitCode(), 0);
    QVERIFY(!cluster.isRunning());
}

QTEST_GUILESS_MAIN(TestTokensCliAuth)
#include "tst_tokens_cli_auth.moc"
