#include "secretstore.h"
#include "testdatabase.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

// SecretStore against a real Secret Service: ctest runs this under
// tests/support/with-keyring.sh (a private session bus and an unlocked
// gnome-keyring), and secret-tool looks in the keyring behind QtKeychain's back.
class TestSecretStoreKeychain final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void storesReadsOverwritesAndDeletes();
    void secondInstanceSeesTheSecret();
    void readsWhatOthersStoredInTheKeyring();
    void missingSecretIsNotFound();
    void removingAMissingSecretIsFine();
    void emptyKeyIsRefused();

private:
    // What the keyring holds for `key` under this run's service (QtKeychain's
    // libsecret attributes: server = service, user = key); null when nothing.
    QString lookUp(const QString& key);
    bool storeWithSecretTool(const QString& key, const QString& secret);

    QString m_service;
    std::unique_ptr<SecretStore> m_store;
};

void TestSecretStoreKeychain::initTestCase()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
             "run me under tests/support/with-keyring.sh (ctest does)");
    // One service per run, so nothing is left over from or for another run.
    m_service = QStringLiteral("maitre-test-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
}

void TestSecretStoreKeychain::init()
{
    m_store = std::make_unique<SecretStore>(m_service);
    QCOMPARE(m_store->backend(), SecretStore::Backend::Keychain);
}

QString TestSecretStoreKeychain::lookUp(const QString& key)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"),
               {QStringLiteral("lookup"), QStringLiteral("server"), m_service, QStringLiteral("user"), key});
    if (!tool.waitForFinished(30000)) {
        qFatal("secret-tool did not finish");
    }
    if (tool.exitStatus() != QProcess::NormalExit || tool.exitCode() != 0) {
        return {};
    }
    const QByteArray output = tool.readAllStandardOutput();
    return output.isEmpty() ? QString() : QString::fromUtf8(output);
}

bool TestSecretStoreKeychain::storeWithSecretTool(const QString& key, const QString& secret)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"),
               {QStringLiteral("store"),
                QStringLiteral("--label=%1").arg(key),
                QStringLiteral("server"),
                m_service,
                QStringLiteral("user"),
                key,
                QStringLiteral("type"),
                QStringLiteral("plaintext")});
    tool.write(secret.toUtf8());
    tool.closeWriteChannel();
    return tool.waitForFinished(30000) && tool.exitStatus() == QProcess::NormalExit && tool.exitCode() == 0;
}

void TestSecretStoreKeychain::storesReadsOverwritesAndDeletes()
{
    QSignalSpy backendChanged(m_store.get(), &SecretStore::backendChanged);
    const QString key = SecretStore::llmApiKey();
    const QString first = QStringLiteral("sk-first-ünïcödé-🔑");

    const VoidResult written = awaitFuture(m_store->write(key, first));
    QVERIFY2(written, written ? "" : qPrintable(written.error().message));
    QCOMPARE(lookUp(key), first);
    Result<QString> read = awaitFuture(m_store->read(key));
    QVERIFY2(read, read ? "" : qPrintable(read.error().message));
    QCOMPARE(*read, first);

    const QString second = QStringLiteral("sk-second");
    const VoidResult overwritten = awaitFuture(m_store->write(key, second));
    QVERIFY2(overwritten, overwritten ? "" : qPrintable(overwritten.error().message));
    QCOMPARE(lookUp(key), second);
    read = awaitFuture(m_store->read(key));
    QVERIFY(read.has_value());
    QCOMPARE(*read, second);

    const VoidResult removed = awaitFuture(m_store->remove(key));
    QVERIFY2(removed, removed ? "" : qPrintable(removed.error().message));
    QVERIFY(lookUp(key).isNull());
    read = awaitFuture(m_store->read(key));
    QVERIFY(!read.has_value());
    QCOMPARE(read.error().kind, Error::Kind::NotFound);

    // All of it in the keychain: no fallback on the way.
    QCOMPARE(m_store->backend(), SecretStore::Backend::Keychain);
    QVERIFY(m_store->keychainAvailable());
    QVERIFY(m_store->keychainProblem().isEmpty());
    QCOMPARE(backendChanged.count(), 0);
}

void TestSecretStoreKeychain::secondInstanceSeesTheSecret()
{
    const QString key = SecretStore::stripeSecretKey();
    QVERIFY(awaitFuture(m_store->write(key, QStringLiteral("rk_live_123"))).has_value());

    SecretStore other(m_service);
    const Result<QString> read = awaitFuture(other.read(key));
    QVERIFY2(read, read ? "" : qPrintable(read.error().message));
    QCOMPARE(*read, QStringLiteral("rk_live_123"));

    QVERIFY(awaitFuture(other.remove(key)).has_value());
    const Result<QString> gone = awaitFuture(m_store->read(key));
    QVERIFY(!gone.has_value());
    QCOMPARE(gone.error().kind, Error::Kind::NotFound);
    QCOMPARE(other.backend(), SecretStore::Backend::Keychain);
}

void TestSecretStoreKeychain::readsWhatOthersStoredInTheKeyring()
{
    const QString key = SecretStore::voiceWebhookSecret();
    QVERIFY(storeWithSecretTool(key, QStringLiteral("whsec_abc")));
    const Result<QString> read = awaitFuture(m_store->read(key));
    QVERIFY2(read, read ? "" : qPrintable(read.error().message));
    QCOMPARE(*read, QStringLiteral("whsec_abc"));
    QVERIFY(awaitFuture(m_store->remove(key)).has_value());
    QVERIFY(lookUp(key).isNull());
}

void TestSecretStoreKeychain::missingSecretIsNotFound()
{
    const Result<QString> read = awaitFuture(m_store->read(SecretStore::analyticsPassword()));
    QVERIFY(!read.has_value());
    QCOMPARE(read.error().kind, Error::Kind::NotFound);
    QCOMPARE(m_store->backend(), SecretStore::Backend::Keychain);
}

void TestSecretStoreKeychain::removingAMissingSecretIsFine()
{
    const VoidResult removed = awaitFuture(m_store->remove(QStringLiteral("never-stored")));
    QVERIFY2(removed, removed ? "" : qPrintable(removed.error().message));
    QCOMPARE(m_store->backend(), SecretStore::Backend::Keychain);
}

void TestSecretStoreKeychain::emptyKeyIsRefused()
{
    const VoidResult written = awaitFuture(m_store->write(QStringLiteral("  "), QStringLiteral("x")));
    QVERIFY(!written.has_value());
    QCOMPARE(written.error().kind, Error::Kind::Invalid);
    QVERIFY(lookUp(QStringLiteral("  ")).isNull());
}

QTEST_GUILESS_MAIN(TestSecretStoreKeychain)
#include "tst_secretstore_keychain.moc"
