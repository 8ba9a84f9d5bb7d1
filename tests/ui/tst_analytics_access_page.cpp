#include "analyticsaccess.h"
#include "analyticsaccesspage.h"
#include "consolesession.h"
#include "demostaff.h"
#include "dialogs.h"
#include "secretstore.h"
#include "staffservice.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

// Settings › BI tools, offscreen on a real database: where a BI tool
// connects, the role's password from the keychain, a new one, and the
// switch for network access to this PC's database.
class TestAnalyticsAccessPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void showsHowABiToolConnects();
    void aNewPasswordReachesTheDatabaseAndTheKeychain();
    void onlyManagersMayChangeThePassword();
    void theNetworkSwitchIsThisConsolesAndTakesEffectAtTheNextStart();

private:
    void openPage(const AnalyticsAccessPage::Connection& connection);
    template <typename T>
    T* child(const QString& name) const
    {
        return m_page->findChild<T*>(name);
    }
    QString verifier()
    {
        return m_db->scalar(QStringLiteral("SELECT rolpassword FROM pg_authid WHERE rolname = 'maitre_analytics'"))
            .toString();
    }

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<StaffService> m_staff;
    std::unique_ptr<AnalyticsAccess> m_access;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<ConsoleSession> m_session;
    std::unique_ptr<AnalyticsAccessPage> m_page;
    qint64 m_restaurant = 0;
};

void TestAnalyticsAccessPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings in a test location
}

void TestAnalyticsAccessPage::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_staff = std::make_unique<StaffService>(*m_store);
    QVERIFY(awaitFuture(DemoStaff::ensure(*m_staff, m_restaurant)));
    m_access = std::make_unique<AnalyticsAccess>(*m_store);
    m_secrets = std::make_unique<SecretStore>(
        QStringLiteral("maitre-test-analytics-access-%1").arg(QCoreApplication::applicationPid()));
    m_session = std::make_unique<ConsoleSession>();
    const qint64 marco = m_db->scalar(QStringLiteral("SELECT id FROM staff WHERE name = 'Marco'")).toLongLong();
    m_session->signIn(Actor::staff(marco, QStringLiteral("Marco"), Role::Manager));
    QSettings().remove(QLatin1String(AnalyticsAccessPage::NETWORK_SETTING));
}

void TestAnalyticsAccessPage::cleanup()
{
    Dialogs::setHook({});
    m_page.reset();
    m_session.reset();
    m_secrets.reset();
    m_access.reset();
    m_staff.reset();
    m_store.reset();
    m_db.reset();
}

void TestAnalyticsAccessPage::openPage(const AnalyticsAccessPage::Connection& connection)
{
    m_page = std::make_unique<AnalyticsAccessPage>(m_restaurant, *m_access, *m_secrets, *m_session, connection);
    QSignalSpy loaded(m_page.get(), &SettingsPage::loaded);
    m_page->resize(900, 700);
    m_page->show();
    m_page->reload();
    QVERIFY(loaded.wait(10000));
}

void TestAnalyticsAccessPage::showsHowABiToolConnects()
{
    QVERIFY(awaitFuture(m_secrets->write(SecretStore::analyticsPassword(), QStringLiteral("s3cret-and-long!"))));
    AnalyticsAccessPage::Connection connection;
    connection.host = QStringLiteral("192.168.1.20");
    connection.database = QStringLiteral("maitre");
    connection.eventsUrl = QStringLiteral("http://192.168.1.20:8080/api/v1/events");
    openPage(connection);
    QVERIFY(child<QLabel>(QStringLiteral("analyticsRoleStatusLabel"))->text().contains(QStringLiteral("ready")));
    QCOMPARE(child<QLineEdit>(QStringLiteral("analyticsHostLineEdit"))->text(), QStringLiteral("192.168.1.20"));
    QCOMPARE(child<QLineEdit>(QStringLiteral("analyticsPortLineEdit"))->text(), QStringLiteral("5432"));
    QCOMPARE(child<QLineEdit>(QStringLiteral("analyticsUserLineEdit"))->text(), QStringLiteral("maitre_analytics"));
    // The password is there but hidden until asked for, and never in the shown URL.
    QTRY_COMPARE(child<QLineEdit>(QStringLiteral("analyticsPasswordLineEdit"))->text(),
                 QStringLiteral("s3cret-and-long!"));
    QCOMPARE(child<QLineEdit>(QStringLiteral("analyticsPasswordLineEdit"))->echoMode(), QLineEdit::Password);
    child<QPushButton>(QStringLiteral("showAnalyticsPasswordButton"))->click();
    QCOMPARE(child<QLineEdit>(QStringLiteral("analyticsPasswordLineEdit"))->echoMode(), QLineEdit::Normal);
    QCOMPARE(child<QLineEdit>(QStringLiteral("analyticsUrlLineEdit"))->text(),
             QStringLiteral("postgresql://maitre_analytics@192.168.1.20:5432/maitre"));
    QCOMPARE(m_page->connectionString(true),
             QStringLiteral("postgresql://maitre_analytics:s3cret-and-long!@192.168.1.20:5432/maitre"));
    QVERIFY(child<QLabel>(QStringLiteral("analyticsEventsLabel"))->text().contains(connection.eventsUrl));
}

void TestAnalyticsAccessPage::aNewPasswordReachesTheDatabaseAndTheKeychain()
{
    openPage({});
    const QString before = verifier();
    Dialogs::setHook([](QDialog* dialog) {
        return dialog->objectName() == u"confirmMessageBox" ? int(QMessageBox::Yes) : int(QDialog::Rejected);
    });
    QSignalSpy saved(m_page.get(), &SettingsPage::saved);
    child<QPushButton>(QStringLiteral("renewAnalyticsPasswordButton"))->click();
    QVERIFY(saved.wait(10000));
    const auto kept = awaitFuture(m_secrets->read(SecretStore::analyticsPassword()));
    QVERIFY(kept);
    QCOMPARE(kept->size(), 24);
    QCOMPARE(child<QLineEdit>(QStringLiteral("analyticsPasswordLineEdit"))->text(), *kept);
    QVERIFY(verifier().startsWith(QStringLiteral("SCRAM-SHA-256$")));
    QVERIFY(verifier() != before);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'analytics.password_changed'"
                                         " AND actor_name = 'Marco'"))
                 .toInt(),
             1);
    QVERIFY(!m_db->scalar(QStringLiteral("SELECT details::text FROM audit_log WHERE action ="
                                         " 'analytics.password_changed'"))
                 .toString()
                 .contains(*kept));
}

void TestAnalyticsAccessPage::onlyManagersMayChangeThePassword()
{
    const QString before = verifier();
    const auto refused = awaitFuture(m_access->changePassword(
        m_restaurant, Actor::staff(1, QStringLiteral("Hana"), Role::Host), QStringLiteral("a-long-enough-password")));
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, Error::Kind::Forbidden);
    const auto tooShort = awaitFuture(m_access->changePassword(m_restaurant, Actor::system(), QStringLiteral("short")));
    QCOMPARE(tooShort.error().field, QStringLiteral("password"));
    QCOMPARE(verifier(), before);
}

void TestAnalyticsAccessPage::theNetworkSwitchIsThisConsolesAndTakesEffectAtTheNextStart()
{
    AnalyticsAccessPage::Connection connection;
    connection.managed = true;
    connection.networkOn = false;
    openPage(connection);
    auto* network = child<QCheckBox>(QStringLiteral("analyticsNetworkCheckBox"));
    auto* note = child<QLabel>(QStringLiteral("analyticsNetworkNoteLabel"));
    QVERIFY(network && note);
    QVERIFY(!network->isChecked());
    QVERIFY(note->text().contains(QStringLiteral("this PC only")));
    network->click();
    QCOMPARE(QSettings().value(QLatin1String(AnalyticsAccessPage::NETWORK_SETTING)).toBool(), true);
    QVERIFY(note->text().contains(QStringLiteral("next starts")));
    // A database that is not Maitre's own has no switch.
    connection.managed = false;
    openPage(connection);
    QVERIFY(!child<QCheckBox>(QStringLiteral("analyticsNetworkCheckBox")));
}

QTEST_MAIN(TestAnalyticsAccessPage)
#include "tst_analytics_access_page.moc"
