#include "secretstore.h"
#include "testdatabase.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// SecretStore with no keychain: the session bus points at a socket that does
// not exist, so QtKeychain fails. Secrets then stay in memory (and say so),
// or go to a file readable only by its owner when the user chose one.
class TestSecretStoreFallback final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keepsSecretsForTheSessionAndSaysWhy();
    void chosenFileTakesOverFromMemory();
    void fileChosenBeforeTheKeychainFails();
    void refusesAFileOthersCanRead();
    void refusesADirectoryOrAnEmptyPath();

private:
    static QFileDevice::Permissions modeBits(const QString& path);

    QTemporaryDir m_dir;
};

void TestSecretStoreFallback::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Before the first job: neither QtDBus nor GDBus has connected yet.
    const QByteArray noBus = "unix:path=" + QFile::encodeName(m_dir.filePath(QStringLiteral("no-bus")));
    qputenv("DBUS_SESSION_BUS_ADDRESS", noBus);
    qunsetenv("DISPLAY");
    qunsetenv("WAYLAND_DISPLAY");
}

QFileDevice::Permissions TestSecretStoreFallback::modeBits(const QString& path)
{
    // Owner, group and other bits only (QFile also reports the "User" view).
    const QFileDevice::Permissions all = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
        | QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
        | QFileDevice::WriteOther | QFileDevice::ExeOther;
    return QFile::permissions(path) & all;
}

void TestSecretStoreFallback::keepsSecretsForTheSessionAndSaysWhy()
{
    SecretStore store(QStringLiteral("maitre-test-fallback"));
    QSignalSpy backendChanged(&store, &SecretStore::backendChanged);

    const VoidResult written = awaitFuture(store.write(SecretStore::llmApiKey(), QStringLiteral("sk-session")));
    QVERIFY2(written, written ? "" : qPrintable(written.error().message));
    QCOMPARE(store.backend(), SecretStore::Backend::Session);
    QVERIFY(!store.keychainAvailable());
    QVERIFY(!store.keychainProblem().isEmpty());
    QVERIFY2(!store.keychainProblem().contains(QStringLiteral("sk-session")), "the problem text shows the secret");
    QCOMPARE(backendChanged.count(), 1);
    QCOMPARE(backendChanged.first().first().value<SecretStore::Backend>(), SecretStore::Backend::Session);

    Result<QString> read = awaitFuture(store.read(SecretStore::llmApiKey()));
    QVERIFY2(read, read ? "" : qPrintable(read.error().message));
    QCOMPARE(*read, QStringLiteral("sk-session"));

    QVERIFY(awaitFuture(store.write(SecretStore::llmApiKey(), QStringLiteral("sk-again"))).has_value());
    read = awaitFuture(store.read(SecretStore::llmApiKey()));
    QVERIFY(read.has_value());
    QCOMPARE(*read, QStringLiteral("sk-again"));

    QVERIFY(awaitFuture(store.remove(SecretStore::llmApiKey())).has_value());
    read = awaitFuture(store.read(SecretStore::llmApiKey()));
    QVERIFY(!read.has_value());
    QCOMPARE(read.error().kind, Error::Kind::NotFound);

    // Memory only: another store (as after a restart) has nothing.
    SecretStore other(QStringLiteral("maitre-test-fallback"));
    QVERIFY(awaitFuture(store.write(SecretStore::stripeSecretKey(), QStringLiteral("rk"))).has_value());
    const Result<QString> elsewhere = awaitFuture(other.read(SecretStore::stripeSecretKey()));
    QVERIFY(!elsewhere.has_value());
    QCOMPARE(elsewhere.error().kind, Error::Kind::NotFound);
    QCOMPARE(other.backend(), SecretStore::Backend::Session);
    QCOMPARE(backendChanged.count(), 1);
}

void TestSecretStoreFallback::chosenFileTakesOverFromMemory()
{
    const QString path = m_dir.filePath(QStringLiteral("secrets-taken-over.json"));
    SecretStore store(QStringLiteral("maitre-test-fallback"));
    QVERIFY(awaitFuture(store.write(SecretStore::voiceWebhookSecret(), QStringLiteral("whsec_1"))).has_value());
    QCOMPARE(store.backend(), SecretStore::Backend::Session);

    QSignalSpy backendChanged(&store, &SecretStore::backendChanged);
    const VoidResult chosen = store.useFileFallback(path);
    QVERIFY2(chosen, chosen ? "" : qPrintable(chosen.error().message));
    QCOMPARE(store.backend(), SecretStore::Backend::File);
    QCOMPARE(backendChanged.count(), 1);
    QCOMPARE(backendChanged.first().first().value<SecretStore::Backend>(), SecretStore::Backend::File);
    QVERIFY(store.keychainProblem().contains(path));
    QCOMPARE(modeBits(path), QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    // What was in memory moved to the file.
    Result<QString> read = awaitFuture(store.read(SecretStore::voiceWebhookSecret()));
    QVERIFY2(read, read ? "" : qPrintable(read.error().message));
    QCOMPARE(*read, QStringLiteral("whsec_1"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("whsec_1"));
    file.close();

    QVERIFY(awaitFuture(store.write(SecretStore::analyticsPassword(), QStringLiteral("pw-2"))).has_value());
    QCOMPARE(modeBits(path), QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    // The file outlives the store: the next start that chooses it finds both.
    SecretStore next(QStringLiteral("maitre-test-fallback"));
    QVERIFY(next.useFileFallback(path).has_value());
    QCOMPARE(next.backend(), SecretStore::Backend::Keychain); // not known to fail yet
    read = awaitFuture(next.read(SecretStore::analyticsPassword()));
    QVERIFY2(read, read ? "" : qPrintable(read.error().message));
    QCOMPARE(*read, QStringLiteral("pw-2"));
    QCOMPARE(next.backend(), SecretStore::Backend::File);

    QVERIFY(awaitFuture(next.remove(SecretStore::voiceWebhookSecret())).has_value());
    read = awaitFuture(store.read(SecretStore::voiceWebhookSecret()));
    QVERIFY(!read.has_value());
    QCOMPARE(read.error().kind, Error::Kind::NotFound);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("whsec_1"));
    QCOMPARE(modeBits(path), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void TestSecretStoreFallback::fileChosenBeforeTheKeychainFails()
{
    const QString path = m_dir.filePath(QStringLiteral("secrets-chosen-first.json"));
    SecretStore store(QStringLiteral("maitre-test-fallback"));
    QSignalSpy backendChanged(&store, &SecretStore::backendChanged);
    QVERIFY(store.useFileFallback(path).has_value());
    QCOMPARE(modeBits(path), QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    QVERIFY(awaitFuture(store.write(SecretStore::llmApiKey(), QStringLiteral("sk-file"))).has_value());
    QCOMPARE(store.backend(), SecretStore::Backend::File);
    QCOMPARE(backendChanged.count(), 1);
    QCOMPARE(backendChanged.first().first().value<SecretStore::Backend>(), SecretStore::Backend::File);
    QVERIFY(!store.keychainProblem().isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("sk-file"));
    QCOMPARE(modeBits(path), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void TestSecretStoreFallback::refusesAFileOthersCanRead()
{
    const QString path = m_dir.filePath(QStringLiteral("too-open.json"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{}");
    }
    QVERIFY(QFile::setPermissions(
        path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));

    SecretStore store(QStringLiteral("maitre-test-fallback"));
    QVERIFY(awaitFuture(store.write(SecretStore::llmApiKey(), QStringLiteral("sk-memory"))).has_value());
    QSignalSpy backendChanged(&store, &SecretStore::backendChanged);
    const VoidResult chosen = store.useFileFallback(path);
    QVERIFY(!chosen.has_value());
    QCOMPARE(chosen.error().kind, Error::Kind::Invalid);
    QVERIFY(chosen.error().message.contains(QStringLiteral("other users")));

    // Nothing changed: still in memory, and the file is untouched.
    QCOMPARE(store.backend(), SecretStore::Backend::Session);
    QCOMPARE(backendChanged.count(), 0);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("{}"));
    const Result<QString> read = awaitFuture(store.read(SecretStore::llmApiKey()));
    QVERIFY(read.has_value());
    QCOMPARE(*read, QStringLiteral("sk-memory"));
}

void TestSecretStoreFallback::refusesADirectoryOrAnEmptyPath()
{
    SecretStore store(QStringLiteral("maitre-test-fallback"));
    const VoidResult directory = store.useFileFallback(m_dir.path());
    QVERIFY(!directory.has_value());
    QCOMPARE(directory.error().kind, Error::Kind::Invalid);
    const VoidResult empty = store.useFileFallback(QString());
    QVERIFY(!empty.has_value());
    QCOMPARE(empty.error().kind, Error::Kind::Invalid);
}

QTEST_GUILESS_MAIN(TestSecretStoreFallback)
#include "tst_secretstore_fallback.moc"
