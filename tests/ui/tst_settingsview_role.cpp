#include "apitokenservice.h"
#include "apitokenspage.h"
#include "auditlogpage.h"
#include "consolesession.h"
#include "demostaff.h"
#include "dialogs.h"
#include "domainevent.h"
#include "menueditorpage.h"
#include "menuservice.h"
#include "printerssettingspage.h"
#include "profilesettingspage.h"
#include "providerssettingspage.h"
#include "restaurantservice.h"
#include "secretstore.h"
#include "settingsservice.h"
#include "settingsview.h"
#include "staffservice.h"
#include "staffsettingspage.h"
#include "store/store.h"
#include "tableservice.h"
#include "tablessettingspage.h"
#include "testdatabase.h"
#include "waitsettingspage.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>
#include <algorithm>

// The Settings view, offscreen, over a real database: which pages each role
// sees, that bad input is refused with a message and changes nothing, that
// good input is saved, and what the menu, token, audit, providers and
// printers pages do. Also saves docs/screenshots/settings.png when
// MAITRE_TEST_SCREENSHOT_DIR is set.
class TestSettingsViewRole final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void ownerSeesEveryPage();
    void hostSeesNothingEditable();
    void pagesFollowTheSignedInUser();
    void emptyNameIsRefusedAndNothingIsSaved();
    void validChangeIsSaved();
    void serviceRefusalIsShown();
    void eightySixFromTheMenuEditor();
    void tokenSecretIsShownOnce();
    void auditLogListsTheSettingsChange();
    void providersSayThereIsNoKeychain();
    void printerRoutesGoToThisConsolesSettings();
    void staffAreAddedWithThePinTwice();
    void followsChangesFromOtherConsoles();
    void screenshot();

private:
    void signIn(const QString& name);
    void openView(const QSize& size = QSize(1280, 800));
    void waitUntilIdle();
    qint64 staffId(const QString& name);
    template <typename T>
    T* child(QWidget* parent, const QString& name) const
    {
        auto* found = parent->findChild<T*>(name);
        if (found == nullptr) {
            qFatal("no %s", qPrintable(name));
        }
        return found;
    }

    QTemporaryDir m_config;
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SettingsService> m_settings;
    std::unique_ptr<MenuService> m_menu;
    std::unique_ptr<TableService> m_tables;
    std::unique_ptr<StaffService> m_staff;
    std::unique_ptr<ApiTokenService> m_tokens;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<ConsoleSession> m_session;
    std::unique_ptr<QWidget> m_window;
    SettingsView* m_view = nullptr;
    qint64 m_restaurant = 0;
};

void TestSettingsViewRole::initTestCase()
{
    QVERIFY(m_config.isValid());
    // This console's QSettings go to a directory of the test's own.
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.filePath(QStringLiteral("config"))));
    QCoreApplication::setOrganizationName(QStringLiteral("MaitreTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_settingsview_role"));
    // No keychain here: the session bus points at nothing, so the secret store
    // falls back to this session (what the providers page must say).
    const QByteArray noBus = "unix:path=" + QFile::encodeName(m_config.filePath(QStringLiteral("no-bus")));
    qputenv("DBUS_SESSION_BUS_ADDRESS", noBus);
}

void TestSettingsViewRole::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_settings = std::make_unique<SettingsService>(*m_store);
    m_menu = std::make_unique<MenuService>(*m_store);
    m_tables = std::make_unique<TableService>(*m_store);
    m_staff = std::make_unique<StaffService>(*m_store);
    m_tokens = std::make_unique<ApiTokenService>(*m_store);
    m_secrets = std::make_unique<SecretStore>(
        QStringLiteral("maitre-test-settingsview-%1").arg(QCoreApplication::applicationPid()));
    m_session = std::make_unique<ConsoleSession>();
    const VoidResult staffed = awaitFuture(DemoStaff::ensure(*m_staff, m_restaurant));
    QVERIFY2(staffed, staffed ? "" : qPrintable(staffed.error().message));
    QSettings().remove(PrintersSettingsPage::SETTINGS_GROUP);
}

void TestSettingsViewRole::cleanup()
{
    Dialogs::setHook({});
    m_window.reset();
    m_view = nullptr;
    m_session.reset();
    m_secrets.reset();
    m_tokens.reset();
    m_staff.reset();
    m_tables.reset();
    m_menu.reset();
    m_settings.reset();
    m_store.reset();
    m_db.reset();
}

qint64 TestSettingsViewRole::staffId(const QString& name)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM staff WHERE name = ?"), {name}).toLongLong();
}

void TestSettingsViewRole::signIn(const QString& name)
{
    const QString role = m_db->scalar(QStringLiteral("SELECT role FROM staff WHERE name = ?"), {name}).toString();
    const std::optional<Role> parsed = Roles::fromString(role);
    QVERIFY(parsed.has_value());
    m_session->signIn(Actor::staff(staffId(name), name, *parsed));
}

void TestSettingsViewRole::openView(const QSize& size)
{
    m_window = std::make_unique<QWidget>();
    m_window->resize(size);
    m_view = new SettingsView(
        m_restaurant, *m_settings, *m_menu, *m_tables, *m_staff, *m_tokens, *m_secrets, *m_session, m_window.get());
    auto* layout = new QVBoxLayout(m_window.get());
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    waitUntilIdle();
}

void TestSettingsViewRole::waitUntilIdle()
{
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(m_view->pages().cbegin(),
                                         m_view->pages().cend(),
                                         [](const SettingsPage* page) { return !page->isBusy(); }),
                             20000);
    QTest::qWait(50); // the secret-status reads finish on this thread's loop
}

void TestSettingsViewRole::ownerSeesEveryPage()
{
    signIn(QStringLiteral("Olivia"));
    openView();
    QCOMPARE(m_view->visiblePages().size(), m_view->pages().size());
    QCOMPARE(m_view->pages().size(), 10);
    QCOMPARE(m_view->currentPage(), m_view->profilePage());
    auto* list = child<QListWidget>(m_view, QStringLiteral("settingsPageList"));
    QVERIFY(list->isVisible());
    for (SettingsPage* page : m_view->pages()) {
        QVERIFY2(m_view->showPage(page), qPrintable(page->objectName()));
        QVERIFY(page->isEnabled());
        // Every page read its data without an error.
        QVERIFY2(page->messageLabel()->property("kind").toString() != u"error",
                 qPrintable(page->messageLabel()->text()));
    }
    // What they read is what the database holds.
    const QString name =
        m_db->scalar(QStringLiteral("SELECT name FROM restaurants WHERE id = ?"), {m_restaurant}).toString();
    QCOMPARE(child<QLineEdit>(m_view->profilePage(), QStringLiteral("restaurantNameLineEdit"))->text(), name);
    QCOMPARE(m_view->tablesPage()->tables().size(),
             m_db->scalar(QStringLiteral("SELECT count(*) FROM dining_tables WHERE restaurant_id = ?"), {m_restaurant})
                 .toInt());
    QCOMPARE(m_view->staffPage()->staff().size(), 4);
    QVERIFY(!m_view->menuPage()->menu().categories.isEmpty());
    // Nothing changed yet: Save and Revert are off.
    QVERIFY(!m_view->profilePage()->saveButton()->isEnabled());
    QVERIFY(!m_view->profilePage()->revertButton()->isEnabled());
}

void TestSettingsViewRole::hostSeesNothingEditable()
{
    signIn(QStringLiteral("Hana"));
    openView();
    QVERIFY(m_view->visiblePages().isEmpty());
    for (SettingsPage* page : m_view->pages()) {
        QVERIFY(!page->isEnabled());
        QVERIFY(!page->isVisible());
        QVERIFY(!m_view->showPage(page));
    }
    QVERIFY(!child<QListWidget>(m_view, QStringLiteral("settingsPageList"))->isVisible());
    QVERIFY(child<QLabel>(m_view, QStringLiteral("settingsNoAccessLabel"))->isVisible());
    // No editable field anywhere on screen.
    const QList<QLineEdit*> edits = m_view->findChildren<QLineEdit*>();
    for (const QLineEdit* edit : edits) {
        QVERIFY2(!edit->isVisible() || !edit->isEnabled(), qPrintable(edit->objectName()));
    }
    // And the host's actor could not have read the staff-only lists.
    QVERIFY(m_view->tokensPage()->tokens().isEmpty());
    QVERIFY(m_view->auditPage()->entries().isEmpty());
}

void TestSettingsViewRole::pagesFollowTheSignedInUser()
{
    signIn(QStringLiteral("Kenji")); // kitchen
    openView();
    QVERIFY(m_view->visiblePages().isEmpty());
    signIn(QStringLiteral("Marco")); // manager
    waitUntilIdle();
    QCOMPARE(m_view->visiblePages().size(), 10);
    QVERIFY(m_view->currentPage() == m_view->profilePage());
    QVERIFY(m_view->profilePage()->isVisible());
    QCOMPARE(m_view->staffPage()->staff().size(), 4);
    m_session->signOut();
    QVERIFY(m_view->visiblePages().isEmpty());
    QVERIFY(!m_view->profilePage()->isVisible());
    QVERIFY(child<QLabel>(m_view, QStringLiteral("settingsNoAccessLabel"))->isVisible());
}

void TestSettingsViewRole::emptyNameIsRefusedAndNothingIsSaved()
{
    signIn(QStringLiteral("Olivia"));
    openView();
    const QString before =
        m_db->scalar(QStringLiteral("SELECT name FROM restaurants WHERE id = ?"), {m_restaurant}).toString();
    const int auditBefore = m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log")).toInt();
    ProfileSettingsPage* page = m_view->profilePage();
    auto* name = child<QLineEdit>(page, QStringLiteral("restaurantNameLineEdit"));
    name->clear();
    QTest::keyClicks(name, QStringLiteral("   "));
    auto* error = child<QLabel>(page, QStringLiteral("nameErrorLabel"));
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(QStringLiteral("name")));
    QVERIFY(page->saveButton()->isEnabled()); // it changed; Save explains why it refuses
    QSignalSpy saved(page, &SettingsPage::saved);
    QTest::mouseClick(page->saveButton(), Qt::LeftButton);
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.first().first().toBool(), false);
    QCOMPARE(page->messageLabel()->property("kind").toString(), QStringLiteral("error"));
    QVERIFY(page->messageLabel()->isVisible());
    QVERIFY(page->messageLabel()->text().contains(QStringLiteral("Nothing was saved")));
    QTest::qWait(100);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT name FROM restaurants WHERE id = ?"), {m_restaurant}).toString(),
             before);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log")).toInt(), auditBefore);

    // A wait setting out of range: the same.
    m_view->showPage(m_view->waitPage());
    auto* hold = child<QSpinBox>(m_view->waitPage(), QStringLiteral("holdMinutesSpinBox"));
    hold->setValue(0);
    QVERIFY(child<QLabel>(m_view->waitPage(), QStringLiteral("hold_minutesErrorLabel"))->isVisible());
    QTest::mouseClick(m_view->waitPage()->saveButton(), Qt::LeftButton);
    QCOMPARE(m_view->waitPage()->messageLabel()->property("kind").toString(), QStringLiteral("error"));
    QVERIFY(
        m_db->scalar(QStringLiteral("SELECT coalesce((settings->>'hold_minutes')::int, 10) FROM restaurants")).toInt()
        > 0);

    // Revert brings back what is saved.
    m_view->showPage(page);
    QTest::mouseClick(page->revertButton(), Qt::LeftButton);
    QTRY_COMPARE(name->text(), before);
    QTRY_VERIFY(!page->saveButton()->isEnabled());
    QVERIFY(!error->isVisible());
}

void TestSettingsViewRole::validChangeIsSaved()
{
    signIn(QStringLiteral("Olivia"));
    openView();
    ProfileSettingsPage* page = m_view->profilePage();
    auto* name = child<QLineEdit>(page, QStringLiteral("restaurantNameLineEdit"));
    name->clear();
    QTest::keyClicks(name, QStringLiteral("Trattoria Nuova"));
    QVERIFY(page->saveButton()->isEnabled());
    QSignalSpy saved(page, &SettingsPage::saved);
    QTest::mouseClick(page->saveButton(), Qt::LeftButton);
    QVERIFY(saved.wait(20000));
    QCOMPARE(saved.first().first().toBool(), true);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT name FROM restaurants WHERE id = ?"), {m_restaurant}).toString(),
             QStringLiteral("Trattoria Nuova"));
    QCOMPARE(page->messageLabel()->property("kind").toString(), QStringLiteral("info"));
    QVERIFY(!page->saveButton()->isEnabled());

    // Another page saves its own fields without undoing the name.
    m_view->showPage(m_view->waitPage());
    auto* hold = child<QSpinBox>(m_view->waitPage(), QStringLiteral("holdMinutesSpinBox"));
    hold->setValue(17);
    QSignalSpy waitSaved(m_view->waitPage(), &SettingsPage::saved);
    QTest::mouseClick(m_view->waitPage()->saveButton(), Qt::LeftButton);
    QVERIFY(waitSaved.wait(20000));
    QCOMPARE(waitSaved.first().first().toBool(), true);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT (settings->>'hold_minutes')::int FROM restaurants WHERE id = ?"),
                          {m_restaurant})
                 .toInt(),
             17);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT name FROM restaurants WHERE id = ?"), {m_restaurant}).toString(),
             QStringLiteral("Trattoria Nuova"));
}

void TestSettingsViewRole::serviceRefusalIsShown()
{
    signIn(QStringLiteral("Olivia"));
    openView();
    TablesSettingsPage* page = m_view->tablesPage();
    QVERIFY(m_view->showPage(page));
    const QString first = page->tables().constFirst().label;
    const QString second = page->tables().at(1).label;
    // A label another table has is caught before the database.
    QVERIFY(page->selectTable(first));
    auto* label = child<QLineEdit>(page, QStringLiteral("tableLabelLineEdit"));
    label->setText(second);
    QVERIFY(child<QLabel>(page, QStringLiteral("labelErrorLabel"))->isVisible());
    QSignalSpy saved(page, &SettingsPage::saved);
    QTest::mouseClick(page->saveButton(), Qt::LeftButton);
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.first().first().toBool(), false);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM dining_tables WHERE label = ?"), {second}).toInt(), 1);

    // A table in use: only the service knows, and its message is shown.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE dining_tables SET state = 'occupied' WHERE label = ?"), {first}));
    QTest::mouseClick(page->revertButton(), Qt::LeftButton);
    Dialogs::setHook([](QDialog* dialog) {
        return dialog->objectName() == u"confirmMessageBox" ? int(QMessageBox::Yes) : int(QDialog::Rejected);
    });
    saved.clear();
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("removeTableButton")), Qt::LeftButton);
    QVERIFY(saved.wait(20000));
    QCOMPARE(saved.first().first().toBool(), false);
    QCOMPARE(page->messageLabel()->property("kind").toString(), QStringLiteral("error"));
    QVERIFY(!page->messageLabel()->text().isEmpty());
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM dining_tables WHERE label = ?"), {first}).toInt(), 1);

    // A new table is added.
    page->startNewTable();
    label->setText(QStringLiteral("Patio 9"));
    child<QSpinBox>(page, QStringLiteral("tableSeatsSpinBox"))->setValue(6);
    saved.clear();
    QTest::mouseClick(page->saveButton(), Qt::LeftButton);
    QVERIFY(saved.wait(20000));
    QCOMPARE(saved.first().first().toBool(), true);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT seats FROM dining_tables WHERE label = 'Patio 9'")).toInt(), 6);
}

void TestSettingsViewRole::eightySixFromTheMenuEditor()
{
    signIn(QStringLiteral("Olivia"));
    openView();
    MenuEditorPage* page = m_view->menuPage();
    QVERIFY(m_view->showPage(page));
    QPushButton* toggle = page->availabilityButton(QStringLiteral("Burrata"));
    QVERIFY(toggle != nullptr);
    QVERIFY(toggle->isVisible());
    QCOMPARE(toggle->text(), QStringLiteral("On menu"));
    QVERIFY(!toggle->isChecked());
    QSignalSpy saved(page, &SettingsPage::saved);
    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(saved.wait(20000));
    QCOMPARE(saved.first().first().toBool(), true);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT available FROM menu_items WHERE name = 'Burrata'")).toBool(), false);
    toggle = page->availabilityButton(QStringLiteral("Burrata"));
    QCOMPARE(toggle->text(), QStringLiteral("86'd"));
    QVERIFY(toggle->isChecked());
    QCOMPARE(toggle->property("available").toBool(), false);
    QVERIFY(page->messageLabel()->text().contains(QStringLiteral("Burrata")));
    // And back.
    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(saved.wait(20000));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT available FROM menu_items WHERE name = 'Burrata'")).toBool(), true);

    // Editing a dish: a price with cents is saved in cents; a bad station is refused.
    QVERIFY(page->selectEntry(QStringLiteral("Arancini")));
    auto* price = child<QDoubleSpinBox>(page, QStringLiteral("itemPriceSpinBox"));
    price->setValue(9.75);
    QVERIFY(page->saveButton()->isEnabled());
    saved.clear();
    QTest::mouseClick(page->saveButton(), Qt::LeftButton);
    QVERIFY(saved.wait(20000));
    QCOMPARE(saved.first().first().toBool(), true);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT price_cents FROM menu_items WHERE name = 'Arancini'")).toInt(), 975);
    QTRY_VERIFY(!page->isBusy());
    QVERIFY(page->selectEntry(QStringLiteral("Arancini")));
    auto* station = child<QComboBox>(page, QStringLiteral("itemStationComboBox"));
    station->setCurrentText(QStringLiteral("Grill!"));
    QVERIFY(child<QLabel>(page, QStringLiteral("stationErrorLabel"))->isVisible());
    saved.clear();
    QTest::mouseClick(page->saveButton(), Qt::LeftButton);
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.first().first().toBool(), false);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT station FROM menu_items WHERE name = 'Arancini'")).toString(),
             QStringLiteral("fry"));

    // A CSV file with a bad row: reported by line, nothing imported.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("menu.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("category,name,description,price,prep_minutes,station,tags,available\n"
               "Starters,Olive,Green olives,4.50,2,cold,vegan,yes\n"
               "Starters,Bread,,abc,2,cold,,yes\n");
    file.close();
    QStringList problems;
    Dialogs::setHook([&problems](QDialog* dialog) {
        if (auto* list = dialog->findChild<QListWidget*>(QStringLiteral("csvProblemsListWidget"))) {
            for (int row = 0; row < list->count(); ++row) {
                problems << list->item(row)->text();
            }
        }
        return int(QDialog::Rejected);
    });
    page->importCsv(path);
    QVERIFY(!problems.isEmpty());
    QVERIFY2(problems.constFirst().contains(QStringLiteral("3")), qPrintable(problems.join(u'\n')));
    QCOMPARE(page->messageLabel()->property("kind").toString(), QStringLiteral("error"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM menu_items WHERE name = 'Olive'")).toInt(), 0);
}

void TestSettingsViewRole::tokenSecretIsShownOnce()
{
    signIn(QStringLiteral("Olivia"));
    openView();
    ApiTokensPage* page = m_view->tokensPage();
    QVERIFY(m_view->showPage(page));
    QStringList secretsShown;
    Dialogs::setHook([&secretsShown](QDialog* dialog) {
        if (dialog->objectName() == u"createTokenDialog") {
            dialog->findChild<QLineEdit*>(QStringLiteral("tokenNameLineEdit"))->setText(QStringLiteral("Metabase"));
            dialog->findChild<QCheckBox*>(QStringLiteral("scopeCheckBox_events"))->setChecked(true);
            return int(QDialog::Accepted);
        }
        if (dialog->objectName() == u"tokenSecretDialog") {
            const auto* warning = dialog->findChild<QLabel*>(QStringLiteral("tokenSecretWarningLabel"));
            if (warning != nullptr && warning->text().contains(QStringLiteral("not be shown again"))
                && dialog->findChild<QPushButton*>(QStringLiteral("copyTokenButton")) != nullptr) {
                secretsShown << dialog->findChild<QLineEdit*>(QStringLiteral("tokenSecretLineEdit"))->text();
            }
            return int(QDialog::Rejected);
        }
        return int(QDialog::Rejected);
    });
    QSignalSpy loaded(page, &SettingsPage::loaded);
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("createTokenButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(secretsShown.size(), 1, 20000);
    const QString secret = secretsShown.constFirst();
    QVERIFY(secret.startsWith(QStringLiteral("mt_")));
    QTRY_VERIFY_WITH_TIMEOUT(!page->tokens().isEmpty() && !page->isBusy(), 20000);
    QCOMPARE(page->tokens().size(), 1);
    QCOMPARE(page->tokens().constFirst().name, QStringLiteral("Metabase"));
    QCOMPARE(page->tokens().constFirst().scopes, QStringList{QStringLiteral("events")});
    // The list never shows the secret.
    QTableWidget* table = page->tableWidget();
    QCOMPARE(table->rowCount(), 1);
    for (int column = 0; column < table->columnCount(); ++column) {
        QVERIFY(!table->item(0, column)->text().contains(secret));
    }
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("Metabase"));
    // Read again: still one dialog only.
    page->reload();
    QTRY_VERIFY(!page->isBusy());
    QCOMPARE(secretsShown.size(), 1);
    // The database keeps only its hash.
    QVERIFY(m_db->scalar(QStringLiteral("SELECT token_hash FROM staff_tokens WHERE name = 'Metabase'")).toString()
            != secret);

    // Revoking asks first.
    Dialogs::setHook([](QDialog* dialog) {
        return dialog->objectName() == u"confirmMessageBox" ? int(QMessageBox::Yes) : int(QDialog::Rejected);
    });
    QVERIFY(page->selectToken(QStringLiteral("Metabase")));
    QSignalSpy saved(page, &SettingsPage::saved);
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("revokeTokenButton")), Qt::LeftButton);
    QVERIFY(saved.wait(20000));
    QCOMPARE(saved.first().first().toBool(), true);
    QVERIFY(!m_db->scalar(QStringLiteral("SELECT revoked_at FROM staff_tokens WHERE name = 'Metabase'")).isNull());
}

void TestSettingsViewRole::auditLogListsTheSettingsChange()
{
    signIn(QStringLiteral("Marco"));
    openView();
    ProfileSettingsPage* page = m_view->profilePage();
    auto* name = child<QLineEdit>(page, QStringLiteral("restaurantNameLineEdit"));
    name->setText(QStringLiteral("Osteria Marco"));
    QSignalSpy saved(page, &SettingsPage::saved);
    QTest::mouseClick(page->saveButton(), Qt::LeftButton);
    QVERIFY(saved.wait(20000));
    QCOMPARE(saved.first().first().toBool(), true);

    AuditLogPage* audit = m_view->auditPage();
    QVERIFY(m_view->showPage(audit));
    const auto hasChange = [audit] {
        for (const AuditEntry& entry : audit->entries()) {
            if (entry.action.startsWith(QStringLiteral("settings.")) && entry.actor == u"Marco") {
                return true;
            }
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(hasChange(), 20000);
    bool shown = false;
    for (int row = 0; row < audit->tableWidget()->rowCount(); ++row) {
        shown = shown
            || (audit->tableWidget()->item(row, 2)->text().startsWith(QStringLiteral("settings."))
                && audit->tableWidget()->item(row, 1)->text() == u"Marco");
    }
    QVERIFY(shown);

    // Filtered to staff changes, the settings change is not listed.
    auto* action = child<QComboBox>(audit, QStringLiteral("auditActionComboBox"));
    action->setCurrentText(QStringLiteral("staff."));
    QTRY_VERIFY_WITH_TIMEOUT(audit->filter().actionPrefix == u"staff." && !audit->isBusy() && !hasChange(), 20000);
    for (const AuditEntry& entry : audit->entries()) {
        QVERIFY(entry.action.startsWith(QStringLiteral("staff.")));
    }
}

void TestSettingsViewRole::providersSayThereIsNoKeychain()
{
    signIn(QStringLiteral("Olivia"));
    openView();
    ProvidersSettingsPage* page = m_view->providersPage();
    QVERIFY(m_view->showPage(page));
    // Reading the keys' status finds out that there is no keychain.
    QTRY_VERIFY_WITH_TIMEOUT(!m_secrets->keychainAvailable(), 20000);
    auto* notice = child<QFrame>(page, QStringLiteral("keychainNoticeFrame"));
    QTRY_VERIFY(notice->isVisible());
    QVERIFY(child<QLabel>(page, QStringLiteral("keychainNoticeTitleLabel"))->text().contains(u"this session only"));
    QVERIFY(!m_secrets->keychainProblem().isEmpty());
    QCOMPARE(child<QLabel>(page, QStringLiteral("keychainNoticeLabel"))->text(), m_secrets->keychainProblem());
    QVERIFY(child<QPushButton>(page, QStringLiteral("chooseSecretFileButton"))->isVisible());
    QCOMPARE(page->secretStatus(SecretStore::llmApiKey()), QStringLiteral("Not set"));

    // A key is saved to the store, shown only as "set", and never lands in the database.
    auto* key = child<QLineEdit>(page, QStringLiteral("llmApiKeyLineEdit"));
    QTest::keyClicks(key, QStringLiteral("sk-test-123"));
    QVERIFY(page->saveButton()->isEnabled());
    QSignalSpy saved(page, &SettingsPage::saved);
    QTest::mouseClick(page->saveButton(), Qt::LeftButton);
    QVERIFY(saved.wait(20000));
    QCOMPARE(saved.first().first().toBool(), true);
    QTRY_COMPARE(page->secretStatus(SecretStore::llmApiKey()), QStringLiteral("✓ Set"));
    QVERIFY(key->text().isEmpty());
    const Result<QString> stored = awaitFuture(m_secrets->read(SecretStore::llmApiKey()));
    QVERIFY(stored.has_value());
    QCOMPARE(*stored, QStringLiteral("sk-test-123"));
    QCOMPARE(
        m_db->scalar(QStringLiteral("SELECT count(*) FROM restaurants WHERE settings::text LIKE '%sk-test%'")).toInt(),
        0);

    // Choosing a file moves the secrets there.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets"));
    Dialogs::setHook([&path](QDialog* dialog) {
        if (auto* files = qobject_cast<QFileDialog*>(dialog)) {
            files->selectFile(path);
            return int(QDialog::Accepted);
        }
        return int(QDialog::Rejected);
    });
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("chooseSecretFileButton")), Qt::LeftButton);
    QTRY_COMPARE(m_secrets->backend(), SecretStore::Backend::File);
    QTRY_VERIFY(!child<QPushButton>(page, QStringLiteral("chooseSecretFileButton"))->isVisible());
    QVERIFY(QFile::exists(path));

    // A bad URL is refused next to its field.
    auto* tiles = child<QLineEdit>(page, QStringLiteral("tileServerUrlLineEdit"));
    tiles->setText(QStringLiteral("tiles.example.org"));
    QVERIFY(child<QLabel>(page, QStringLiteral("tile_server_urlErrorLabel"))->isVisible());
    saved.clear();
    QTest::mouseClick(page->saveButton(), Qt::LeftButton);
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.first().first().toBool(), false);
    QCOMPARE(
        m_db->scalar(QStringLiteral("SELECT coalesce(settings->>'tile_server_url', '') FROM restaurants")).toString(),
        QString());
}

void TestSettingsViewRole::printerRoutesGoToThisConsolesSettings()
{
    signIn(QStringLiteral("Olivia"));
    openView();
    PrintersSettingsPage* page = m_view->printersPage();
    QVERIFY(m_view->showPage(page));
    QLineEdit* grill = page->printerEdit(QStringLiteral("grill"));
    QVERIFY(grill != nullptr); // a station from the demo menu
    grill->setText(QStringLiteral("lpt1"));
    QVERIFY(child<QLabel>(page, QStringLiteral("printer_grillErrorLabel"))->isVisible());
    QSignalSpy saved(page, &SettingsPage::saved);
    QTest::mouseClick(page->saveButton(), Qt::LeftButton);
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.first().first().toBool(), false);
    QVERIFY(!QSettings().contains(QStringLiteral("kitchenPrinters/grill")));

    grill->setText(QStringLiteral("tcp://10.0.0.20:9100"));
    page->printerEdit(QStringLiteral("*"))->setText(QStringLiteral("pdf:/tmp/chits"));
    QTest::mouseClick(page->saveButton(), Qt::LeftButton);
    QCOMPARE(saved.count(), 2);
    QCOMPARE(saved.last().first().toBool(), true);
    QSettings settings;
    QCOMPARE(settings.value(QStringLiteral("kitchenPrinters/grill")).toString(),
             QStringLiteral("tcp://10.0.0.20:9100"));
    QCOMPARE(settings.value(QStringLiteral("kitchenPrinters/*")).toString(), QStringLiteral("pdf:/tmp/chits"));
    QVERIFY(!page->saveButton()->isEnabled());
}

void TestSettingsViewRole::staffAreAddedWithThePinTwice()
{
    signIn(QStringLiteral("Marco"));
    openView();
    StaffSettingsPage* page = m_view->staffPage();
    QVERIFY(m_view->showPage(page));
    QString pinAgain = QStringLiteral("2468");
    QStringList roles;
    Dialogs::setHook([&pinAgain, &roles](QDialog* dialog) {
        dialog->findChild<QLineEdit*>(QStringLiteral("staffNameLineEdit"))->setText(QStringLiteral("Lucia"));
        auto* role = dialog->findChild<QComboBox*>(QStringLiteral("staffRoleComboBox"));
        roles.clear();
        for (int index = 0; index < role->count(); ++index) {
            roles << role->itemText(index);
        }
        role->setCurrentIndex(role->findData(int(Role::Host)));
        dialog->findChild<QLineEdit*>(QStringLiteral("staffPinLineEdit"))->setText(QStringLiteral("1357"));
        dialog->findChild<QLineEdit*>(QStringLiteral("staffPinAgainLineEdit"))->setText(pinAgain);
        return int(QDialog::Accepted);
    });
    // Two different PINs: refused, nobody added.
    QSignalSpy saved(page, &SettingsPage::saved);
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("addStaffButton")), Qt::LeftButton);
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.first().first().toBool(), false);
    QVERIFY(page->messageLabel()->text().contains(QStringLiteral("not the same")));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM staff WHERE name = 'Lucia'")).toInt(), 0);
    // A manager is not offered the owner's role.
    QVERIFY(!roles.isEmpty());
    QVERIFY(!roles.contains(Roles::displayName(Role::Owner)));

    pinAgain = QStringLiteral("1357");
    saved.clear();
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("addStaffButton")), Qt::LeftButton);
    QVERIFY(saved.wait(20000));
    QCOMPARE(saved.first().first().toBool(), true);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT role FROM staff WHERE name = 'Lucia'")).toString(),
             QStringLiteral("host"));
    QTRY_VERIFY_WITH_TIMEOUT(page->selectStaff(QStringLiteral("Lucia")), 20000);
}

void TestSettingsViewRole::followsChangesFromOtherConsoles()
{
    signIn(QStringLiteral("Olivia"));
    openView();
    // Another console changed a price and the restaurant's name.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE menu_items SET price_cents = 1999 WHERE name = 'Burrata'")));
    QVERIFY(m_db->exec(QStringLiteral("UPDATE restaurants SET name = 'Elsewhere' WHERE id = ?"), {m_restaurant}));
    // Someone is typing a name here: that is kept.
    auto* name = child<QLineEdit>(m_view->profilePage(), QStringLiteral("restaurantNameLineEdit"));
    name->setText(QStringLiteral("Typed here"));
    DomainEvent menuChanged;
    menuChanged.restaurantId = m_restaurant;
    menuChanged.type = QStringLiteral("menu.changed");
    m_view->handleEvent(menuChanged);
    DomainEvent restaurantUpdated = menuChanged;
    restaurantUpdated.type = QStringLiteral("restaurant.updated");
    m_view->handleEvent(restaurantUpdated);
    const auto burrataPrice = [this] {
        for (const MenuCategory& category : m_view->menuPage()->menu().categories) {
            for (const MenuItem& item : category.items) {
                if (item.name == u"Burrata") {
                    return item.priceCents;
                }
            }
        }
        return -1;
    };
    QTRY_COMPARE_WITH_TIMEOUT(burrataPrice(), 1999, 20000);
    waitUntilIdle();
    QCOMPARE(name->text(), QStringLiteral("Typed here"));
    // A page without edits follows: the wait page was read again.
    QVERIFY(!m_view->waitPage()->isDirty());
}

void TestSettingsViewRole::screenshot()
{
    signIn(QStringLiteral("Olivia"));
    openView(QSize(1280, 800));
    MenuEditorPage* page = m_view->menuPage();
    QVERIFY(m_view->showPage(page));
    // One dish 86'd, one selected for editing: the page as a manager sees it mid-service.
    QSignalSpy saved(page, &SettingsPage::saved);
    QTest::mouseClick(page->availabilityButton(QStringLiteral("Arancini")), Qt::LeftButton);
    QVERIFY(saved.wait(20000));
    QVERIFY(page->selectEntry(QStringLiteral("Burrata")));
    const QString shots = qEnvironmentVariable("MAITRE_TEST_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QTest::qWait(300);
        QVERIFY(QDir().mkpath(shots));
        const QString path = QDir(shots).filePath(QStringLiteral("settings.png"));
        QVERIFY2(m_window->grab().save(path), qPrintable(path));
        qInfo() << "saved" << path;
    }
}

QTEST_MAIN(TestSettingsViewRole)
#include "tst_settingsview_role.moc"
