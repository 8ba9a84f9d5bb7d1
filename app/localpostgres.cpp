#include "localpostgres.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <cerrno>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcPostgres, "maitre.postgres")

namespace
{
constexpr qsizetype MAX_SOCKET_DIR = 90; // sun_path is 108 bytes with ".s.PGSQL.5432"
const QString SUPERUSER = QStringLiteral("maitre");
const QString ACCOUNT_FALLBACK = QStringLiteral("maitre-postgres");
} // namespace

LocalPostgres::LocalPostgres(QString clusterDir)
    : LocalPostgres(std::move(clusterDir), Options{})
{ }

LocalPostgres::LocalPostgres(QString clusterDir, Options options)
    : m_clusterDir(QDir::cleanPath(QDir::current().absoluteFilePath(clusterDir)))
    , m_options(std::move(options))
{ }

Result<QString> LocalPostgres::findBinDir()
{
    const QString fromEnv = qEnvironmentVariable("MAITRE_PG_BINDIR");
    if (!fromEnv.isEmpty()) {
        return fromEnv;
    }
    // Debian keeps each major version apart; take the newest installed.
    QDir lib(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = lib.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::ranges::sort(versions, [](const QString& a, const QString& b) { return a.toInt() > b.toInt(); });
    for (const QString& v : versions) {
        const QString bin = lib.filePath(v + QStringLiteral("/bin"));
        if (QFileInfo(bin + QStringLiteral("/pg_ctl")).isExecutable()) {
            return bin;
        }
    }
    for (const QString& dir : qEnvironmentVariable("PATH").split(u':', Qt::SkipEmptyParts)) {
        if (QFileInfo(dir + QStringLiteral("/pg_ctl")).isExecutable()
            && QFileInfo(dir + QStringLiteral("/initdb")).isExecutable()) {
            return dir;
        }
    }
    return unexpected(
        Error::unavailable(tr("PostgreSQL's server programs (initdb, pg_ctl) were not found. Install PostgreSQL 17 "
                              "(Debian: postgresql-17), or use --database-url.")));
}

Result<LocalPostgres::Account> LocalPostgres::serverAccount()
{
    for (const QString& name : {QStringLiteral("postgres"), ACCOUNT_FALLBACK}) {
        if (const passwd* pw = ::getpwnam(name.toLocal8Bit().constData()); pw != nullptr && pw->pw_uid != 0) {
            return Account{pw->pw_uid, pw->pw_gid, name};
        }
    }
    // No unprivileged account to run the server: make a system one.
    QProcess useradd;
    useradd.start(QStringLiteral("useradd"),
                  {QStringLiteral("--system"),
                   QStringLiteral("--user-group"),
                   QStringLiteral("--no-create-home"),
                   QStringLiteral("--home-dir"),
                   QStringLiteral("/nonexistent"),
                   QStringLiteral("--shell"),
                   QStringLiteral("/usr/sbin/nologin"),
                   ACCOUNT_FALLBACK});
    useradd.waitForFinished(30000);
    if (const passwd* pw = ::getpwnam(ACCOUNT_FALLBACK.toLocal8Bit().constData()); pw != nullptr) {
        return Account{pw->pw_uid, pw->pw_gid, ACCOUNT_FALLBACK};
    }
    return unexpected(
        Error::unavailable(tr("PostgreSQL cannot run as root and no unprivileged account could be made for it: %1")
                               .arg(QString::fromLocal8Bit(useradd.readAllStandardError()).trimmed())));
}

QString LocalPostgres::socketDir() const
{
    if (m_clusterDir.size() <= MAX_SOCKET_DIR) {
        return m_clusterDir;
    }
    // Too long for a Unix socket path: a short private directory instead.
    const QByteArray hash =
        QCryptographicHash::hash(m_clusterDir.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    return QDir::tempPath() + QStringLiteral("/maitre-pg-") + QString::fromLatin1(hash);
}

QString LocalPostgres::logFile() const
{
    return m_clusterDir + QStringLiteral("/server.log");
}

ConnectionSettings LocalPostgres::connectionSettings() const
{
    ConnectionSettings s;
    s.host = socketDir();
    s.port = PORT;
    s.user = SUPERUSER;
    s.database = m_options.database;
    return s;
}

bool LocalPostgres::isInitialized() const
{
    return QFileInfo::exists(m_clusterDir + QStringLiteral("/PG_VERSION"));
}

std::optional<qint64> LocalPostgres::postmasterPid() const
{
    QFile pidFile(m_clusterDir + QStringLiteral("/postmaster.pid"));
    if (!pidFile.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    bool ok = false;
    const qint64 pid = pidFile.readLine().trimmed().toLongLong(&ok);
    if (!ok || pid <= 0) {
        return std::nullopt;
    }
    return pid;
}

bool LocalPostgres::isRunning() const
{
    const auto pid = postmasterPid();
    if (!pid) {
        return false;
    }
    if (::kill(pid_t(*pid), 0) != 0 && errno != EPERM) {
        return false;
    }
    // After a reboot the PID may belong to some other program; a killed
    // postmaster nobody has reaped yet is a zombie, not a server.
    QFile stat(QStringLiteral("/proc/%1/stat").arg(*pid));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray line = stat.readAll();
        const qsizetype open = line.indexOf('(');
        const qsizetype close = line.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= line.size()) {
            return false;
        }
        const QByteArray name = line.mid(open + 1, close - open - 1);
        const char state = line.at(close + 2);
        return (name == "postgres" || name == "postmaster") && state != 'Z' && state != 'X';
    }
    return true;
}

void LocalPostgres::removeStalePidFile() const
{
    if (postmasterPid() && !isRunning()) {
        qCInfo(lcPostgres) << "removing stale postmaster.pid in" << m_clusterDir;
        QFile::remove(m_clusterDir + QStringLiteral("/postmaster.pid"));
    }
}

Result<QString> LocalPostgres::runTool(const QString& tool, const QStringList& arguments, int timeoutMs) const
{
    QProcess process;
    process.setProgram(m_binDir + u'/' + tool);
    process.setArguments(arguments);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(QDir::rootPath());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& key : env.keys()) {
        if (key.startsWith(QLatin1String("PG"))) {
            env.remove(key); // our arguments, not the caller's PGDATA/PGHOST, decide
        }
    }
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    process.setProcessEnvironment(env);
    if (m_account) {
        const uid_t uid = m_account->uid;
        const gid_t gid = m_account->gid;
        process.setChildProcessModifier([uid, gid] {
            // Between fork and exec: only async-signal-safe calls.
            if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0) {
                ::_exit(126);
            }
        });
    }
    process.start();
    if (!process.waitForStarted(10000)) {
        return unexpected(Error::unavailable(tr("Cannot run %1: %2").arg(tool, process.errorString())));
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        return unexpected(Error::unavailable(tr("%1 did not finish in time.").arg(tool)));
    }
    const QString output = QString::fromLocal8Bit(process.readAll()).trimmed();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        return unexpected(Error::unavailable(tr("%1 failed: %2").arg(tool, output)));
    }
    return output;
}

VoidResult LocalPostgres::prepareOwnership()
{
    if (::geteuid() != 0) {
        return {};
    }
    auto account = serverAccount();
    if (!account) {
        return unexpected(account.error());
    }
    m_account = *account;
    // The server's account must be able to reach its directory: every parent
    // needs the search bit for it.
    QDir dir(QFileInfo(m_clusterDir).absolutePath());
    for (;;) {
        struct stat st{};
        if (::stat(QFile::encodeName(dir.absolutePath()).constData(), &st) == 0) {
            const bool searchable = (st.st_mode & S_IXOTH) || (st.st_uid == m_account->uid && (st.st_mode & S_IXUSR))
                || (st.st_gid == m_account->gid && (st.st_mode & S_IXGRP));
            if (!searchable) {
                return unexpected(Error::unavailable(
                    tr("PostgreSQL runs as the unprivileged user %1, who cannot enter %2. Choose a data directory "
                       "outside it (--data-dir), or allow entry with: chmod o+x %2")
                        .arg(m_account->name, dir.absolutePath())));
            }
        }
        if (dir.isRoot() || !dir.cdUp()) {
            break;
        }
    }
    return {};
}

VoidResult LocalPostgres::initialize()
{
    auto bin = findBinDir();
    if (!bin) {
        return unexpected(bin.error());
    }
    m_binDir = *bin;
    if (auto owned = prepareOwnership(); !owned) {
        return owned;
    }
    if (!QDir().mkpath(m_clusterDir)) {
        return unexpected(Error::unavailable(tr("Cannot create %1.").arg(m_clusterDir)));
    }
    QFile::setPermissions(m_clusterDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (m_account && ::chown(QFile::encodeName(m_clusterDir).constData(), m_account->uid, m_account->gid) != 0) {
        return unexpected(Error::unavailable(tr("Cannot hand %1 to the user %2.").arg(m_clusterDir, m_account->name)));
    }
    if (isInitialized()) {
        return {};
    }
    if (!QDir(m_clusterDir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        return unexpected(Error::unavailable(
            tr("%1 is not empty but holds no PostgreSQL cluster; move its contents away.").arg(m_clusterDir)));
    }
    qCInfo(lcPostgres) << "creating a PostgreSQL cluster in" << m_clusterDir;
    QStringList args{QStringLiteral("-D"),
                     m_clusterDir,
                     QStringLiteral("-U"),
                     SUPERUSER,
                     QStringLiteral("--auth-local=trust"),
                     QStringLiteral("--auth-host=reject"),
                     QStringLiteral("--encoding=UTF8"),
                     QStringLiteral("--locale=C.UTF-8")};
    if (!m_options.durable) {
        args << QStringLiteral("--no-sync");
    }
    if (auto ran = runTool(QStringLiteral("initdb"), args, 180000); !ran) {
        return unexpected(ran.error());
    }
    QFile conf(m_clusterDir + QStringLiteral("/postgresql.conf"));
    if (!conf.open(QIODevice::Append)) {
        return unexpected(Error::unavailable(tr("Cannot write %1.").arg(conf.fileName())));
    }
    conf.write("\n# Maitre's settings (rewritten at every start)\ninclude_if_exists = 'maitre.conf'\n");
    return {};
}

VoidResult LocalPostgres::writeServerConfig(bool network) const
{
    const QString path = m_clusterDir + QStringLiteral("/maitre.conf");
    QFile conf(path);
    if (!conf.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return unexpected(Error::unavailable(tr("Cannot write %1.").arg(path)));
    }
    const QString hbaPath = m_clusterDir + QStringLiteral("/maitre_hba.conf");
    const auto quoted = [](const QString& text) { return QFile::encodeName(text).replace('\'', "''"); };
    QByteArray text = "# Written by Maitre at every start; edits are lost.\n"
                      "listen_addresses = '"
        + QByteArray(network ? "*" : "")
        + "'\n"
          "port = "
        + QByteArray::number(PORT)
        + "\n"
          "unix_socket_directories = '"
        + quoted(socketDir())
        + "'\n"
          "unix_socket_permissions = 0700\n"
          "hba_file = '"
        + quoted(hbaPath)
        + "'\n"
          "password_encryption = 'scram-sha-256'\n"
          "max_connections = 60\n"
          "timezone = 'UTC'\n";
    if (!m_options.durable) {
        text += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
    }
    conf.write(text);
    conf.close();
    // Who may come in how: anyone on the private socket (mode 0700: only this
    // account), and over the network only the analytics role, with its password.
    QFile hba(hbaPath);
    if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return unexpected(Error::unavailable(tr("Cannot write %1.").arg(hbaPath)));
    }
    QByteArray rules = "# Written by Maitre at every start; edits are lost.\n"
                       "local all all trust\n";
    if (network) {
        rules += "host all maitre_analytics 0.0.0.0/0 scram-sha-256\n"
                 "host all maitre_analytics ::/0 scram-sha-256\n";
    }
    hba.write(rules);
    hba.close();
    for (const QString& file : {path, hbaPath}) {
        if (m_account && ::chown(QFile::encodeName(file).constData(), m_account->uid, m_account->gid) != 0) {
            return unexpected(Error::unavailable(tr("Cannot hand %1 to the user %2.").arg(file, m_account->name)));
        }
    }
    if (socketDir() != m_clusterDir) {
        QDir().mkpath(socketDir());
        QFile::setPermissions(socketDir(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        if (m_account) {
            if (::chown(QFile::encodeName(socketDir()).constData(), m_account->uid, m_account->gid) != 0) {
                return unexpected(
                    Error::unavailable(tr("Cannot hand %1 to the user %2.").arg(socketDir(), m_account->name)));
            }
        }
    }
    return {};
}

VoidResult LocalPostgres::start()
{
    if (auto init = initialize(); !init) {
        return init;
    }
    if (isRunning()) {
        // Left running by a Maitre that was killed: adopt it.
        qCInfo(lcPostgres) << "adopting the running server, pid" << *postmasterPid();
        return ensureDatabase();
    }
    removeStalePidFile();
    m_networkProblem.clear();
    if (auto conf = writeServerConfig(m_options.analyticsOverNetwork); !conf) {
        return conf;
    }
    Result<QString> started = startServer();
    if (!started && !isRunning() && m_options.analyticsOverNetwork) {
        // The network is an extra: without it the restaurant still runs.
        m_networkProblem = started.error().message;
        qCWarning(lcPostgres).noquote() << "starting without network access for BI tools:" << m_networkProblem;
        if (auto conf = writeServerConfig(false); !conf) {
            return conf;
        }
        started = startServer();
    }
    if (!started && !isRunning()) {
        return unexpected(started.error());
    }
    return ensureDatabase();
}

Result<QString> LocalPostgres::startServer()
{
    const QStringList args{QStringLiteral("start"),
                           QStringLiteral("-D"),
                           m_clusterDir,
                           QStringLiteral("-l"),
                           logFile(),
                           QStringLiteral("-w"),
                           QStringLiteral("-t"),
                           QStringLiteral("120"),
                           QStringLiteral("-s")};
    // After a crash the old server's children may hold shared memory for a
    // moment; try again briefly before giving up.
    Result<QString> started;
    for (int attempt = 0; attempt < 5; ++attempt) {
        started = runTool(QStringLiteral("pg_ctl"), args, 150000);
        if (started || isRunning()) {
            return started ? started : Result<QString>(QString());
        }
        QThread::msleep(1000);
        removeStalePidFile();
    }
    QFile log(logFile());
    QString tail;
    if (log.open(QIODevice::ReadOnly)) {
        log.seek(std::max<qint64>(0, log.size() - 2000));
        tail = QString::fromLocal8Bit(log.readAll()).trimmed();
    }
    return unexpected(
        Error::unavailable(tr("The local PostgreSQL server did not start. %1\n%2").arg(started.error().message, tail)));
}

VoidResult LocalPostgres::ensureDatabase() const
{
    ConnectionSettings admin = connectionSettings();
    admin.database = QStringLiteral("postgres");
    const QString name = QStringLiteral("maitre-admin-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    VoidResult result;
    {
        QSqlDatabase db = admin.addDatabase(name);
        if (!db.open()) {
            result = unexpected(
                Error::unavailable(tr("Cannot connect to the local PostgreSQL: %1").arg(db.lastError().text())));
        } else {
            QSqlQuery query(db);
            query.prepare(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = ?"));
            query.addBindValue(m_options.database);
            if (query.exec() && !query.next()) {
                QString quoted = m_options.database;
                quoted.replace(u'"', QStringLiteral("\"\""));
                if (!query.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(quoted))
                    && query.lastError().nativeErrorCode() != QLatin1String("42P04")) { // raced: exists
                    result = unexpected(
                        Error::unavailable(tr("Cannot create the database: %1").arg(query.lastError().text())));
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

VoidResult LocalPostgres::stop()
{
    if (m_binDir.isEmpty()) {
        auto bin = findBinDir();
        if (!bin) {
            return unexpected(bin.error());
        }
        m_binDir = *bin;
    }
    if (::geteuid() == 0 && !m_account) {
        auto account = serverAccount();
        if (!account) {
            return unexpected(account.error());
        }
        m_account = *account;
    }
    if (!isRunning()) {
        return {};
    }
    auto stopped = runTool(QStringLiteral("pg_ctl"),
                           {QStringLiteral("stop"),
                            QStringLiteral("-D"),
                            m_clusterDir,
                            QStringLiteral("-m"),
                            QStringLiteral("fast"),
                            QStringLiteral("-w"),
                            QStringLiteral("-t"),
                            QStringLiteral("20"),
                            QStringLiteral("-s")},
                           25000);
    if (!stopped && isRunning()) {
        qCWarning(lcPostgres) << "fast shutdown failed, stopping immediately:" << stopped.error().message;
        stopped = runTool(QStringLiteral("pg_ctl"),
                          {QStringLiteral("stop"),
                           QStringLiteral("-D"),
                           m_clusterDir,
                           QStringLiteral("-m"),
                           QStringLiteral("immediate"),
                           QStringLiteral("-w"),
                           QStringLiteral("-s")},
                          15000);
    }
    if (!stopped && isRunning()) {
        return unexpected(stopped.error());
    }
    return {};
}
