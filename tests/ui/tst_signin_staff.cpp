#include "consolesession.h"
#include "demostaff.h"
#include "domainevent.h"
#include "idlewatcher.h"
#include "kitchenservice.h"
#include "kitchenview.h"
#include "mainwindow.h"
#include "pinpad.h"
#include "queueservice.h"
#include "queueview.h"
#include "restaurantservice.h"
#include "signinpage.h"
#include "staffservice.h"
#include "store/store.h"
#include "tableservice.h"
#include "testdatabase.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTest>

using namespace std::chrono_literals;

// Sign-in, lock and role-based navigation at the console, offscreen, over a
// real database with the demo restaurant and its staff.
class TestSignInStaff final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void pinPadTakesClicksAndKeys();
    void consoleStartsAtTheSignInPage(); // also saves docs/screenshots/signin.png with MAITRE_TEST_SCREENSHOT_DIR
    void rightPinShowsTheConsole();
    void wrongPinSaysHowManyTriesAreLeft();
    void fiveWrongPinsLockTheAccount();
    void idleConsoleLocks();
    void lockAndSwitchUser();
    void hostSeesNeitherKitchenNorSettings();
    void kitchenRoleSeesOnlyTheKitchen();
    void managerSeesSettings();
    void kitchenDisplayNeedsNoSignIn();
    void staffChangesReloadTheNames();
    void demoPinsOnlyForTheDemoRestaurant();

private:
    void openWindow();
    QPushButton* nameButton(const QString& name) const;
    void typePin(const QString& pin);
    void signInAs(const QString& name, const QString& pin);
    QStringList visibleNavigation() const;
    QLabel* message() const;

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<RestaurantService> m_restaurants;
    std::unique_ptr<TableService> m_tables;
    std::unique_ptr<QueueService> m_queue;
    std::unique_ptr<KitchenService> m_kitchen;
    std::unique_ptr<StaffService> m_staff;
    std::unique_ptr<MainWindow> m_window;
    Restaurant m_restaurant;
};

void TestSignInStaff::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->migrate(true).isEmpty());
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_restaurants = std::make_unique<RestaurantService>(*m_store);
    m_tables = std::make_unique<TableService>(*m_store);
    m_queue = std::make_unique<QueueService>(*m_store);
    m_kitchen = std::make_unique<KitchenService>(*m_store);
    m_staff = std::make_unique<StaffService>(*m_store);
    const auto restaurant = awaitFuture(m_restaurants->current());
    QVERIFY(restaurant && restaurant->has_value());
    m_restaurant = **restaurant;
    const VoidResult staffed = awaitFuture(DemoStaff::ensure(*m_staff, m_restaurant.id));
    QVERIFY2(staffed, staffed ? "" : qPrintable(staffed.error().message));
}

void TestSignInStaff::cleanup()
{
    m_window.reset();
    m_staff.reset();
    m_kitchen.reset();
    m_queue.reset();
    m_tables.reset();
    m_restaurants.reset();
    m_store.reset();
    m_db.reset();
}

void TestSignInStaff::openWindow()
{
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->enableSignIn(*m_staff);
    m_window->show();
    QSignalSpy loaded(m_window->signInPage(), &SignInPage::staffLoaded);
    m_window->showConsole(m_restaurant, *m_tables, *m_queue, *m_kitchen);
    QVERIFY(loaded.wait());
    QCOMPARE(loaded.at(0).at(0).toInt(), 4);
}

QPushButton* TestSignInStaff::nameButton(const QString& name) const
{
    const auto buttons = m_window->signInPage()->findChildren<QPushButton*>(QStringLiteral("staffNameButton"));
    for (QPushButton* button : buttons) {
        auto* label = button->findChild<QLabel*>(QStringLiteral("staffNameLabel"));
        if (label != nullptr && label->text() == name) {
            return button;
        }
    }
    return nullptr;
}

void TestSignInStaff::typePin(const QString& pin)
{
    PinPad* pad = m_window->signInPage()->pinPad();
    for (QChar digit : pin) {
        QTest::keyClick(pad, Qt::Key(Qt::Key_0 + digit.digitValue()));
    }
    QTest::keyClick(pad, Qt::Key_Return);
}

void TestSignInStaff::signInAs(const QString& name, const QString& pin)
{
    QPushButton* button = nameButton(name);
    QVERIFY2(button, qPrintable(name));
    QTest::mouseClick(button, Qt::LeftButton);
    typePin(pin);
    QTRY_VERIFY(m_window->session().isSignedIn());
    QCOMPARE(m_window->session().actor().name(), name);
}

QStringList TestSignInStaff::visibleNavigation() const
{
    auto* navigation = m_window->findChild<QListWidget*>(QStringLiteral("navigationList"));
    QStringList titles;
    for (int row = 0; row < navigation->count(); ++row) {
        if (!navigation->item(row)->isHidden()) {
            titles << navigation->item(row)->text();
        }
    }
    return titles;
}

QLabel* TestSignInStaff::message() const
{
    return m_window->signInPage()->findChild<QLabel*>(QStringLiteral("signInMessageLabel"));
}

void TestSignInStaff::pinPadTakesClicksAndKeys()
{
    PinPad pad;
    pad.show();
    QSignalSpy entered(&pad, &PinPad::pinEntered);
    auto* ok = pad.findChild<QPushButton*>(QStringLiteral("pinOkButton"));
    auto* dots = pad.findChild<QLabel*>(QStringLiteral("pinDotsLabel"));
    QVERIFY(ok && dots);
    const auto buttons = pad.findChildren<QPushButton*>();
    QCOMPARE(buttons.size(), 13); // ten digits, clear, back, OK
    for (QPushButton* button : buttons) {
        QVERIFY2(!button->accessibleName().isEmpty(), qPrintable(button->objectName()));
    }

    // Clicks: three digits are not a PIN yet.
    for (const char* name : {"pinDigit1Button", "pinDigit2Button", "pinDigit3Button"}) {
        QTest::mouseClick(pad.findChild<QPushButton*>(QLatin1String(name)), Qt::LeftButton);
    }
    QCOMPARE(pad.pin(), QStringLiteral("123"));
    QVERIFY(!ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(entered.count(), 0);
    QCOMPARE(dots->text().count(QChar(0x25CF)), 3); // the digits are masked
    QVERIFY(!dots->text().contains(u'1'));
    QTest::mouseClick(pad.findChild<QPushButton*>(QStringLiteral("pinDigit0Button")), Qt::LeftButton);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(pad.findChild<QPushButton*>(QStringLiteral("pinBackButton")), Qt::LeftButton);
    QCOMPARE(pad.pin(), QStringLiteral("123"));
    QTest::mouseClick(pad.findChild<QPushButton*>(QStringLiteral("pinDigit9Button")), Qt::LeftButton);
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(entered.count(), 1);
    QCOMPARE(entered.at(0).at(0).toString(), QStringLiteral("1239"));
    QTest::mouseClick(pad.findChild<QPushButton*>(QStringLiteral("pinClearButton")), Qt::LeftButton);
    QCOMPARE(pad.pin(), QString());

    // Keys: digits, Backspace, Escape, Enter; never more than eight digits.
    QTest::keyClicks(&pad, QStringLiteral("987654321"));
    QCOMPARE(pad.pin(), QStringLiteral("98765432"));
    QTest::keyClick(&pad, Qt::Key_Backspace);
    QCOMPARE(pad.pin(), QStringLiteral("9876543"));
    QTest::keyClick(&pad, Qt::Key_Escape);
    QCOMPARE(pad.pin(), QString());
    QTest::keyClicks(&pad, QStringLiteral("4321"));
    QTest::keyClick(&pad, Qt::Key_Enter);
    QCOMPARE(entered.count(), 2);
    QCOMPARE(entered.at(1).at(0).toString(), QStringLiteral("4321"));
}

void TestSignInStaff::consoleStartsAtTheSignInPage()
{
    openWindow();
    auto* pages = m_window->centralWidget();
    QCOMPARE(static_cast<QStackedWidget*>(pages)->currentWidget(), m_window->signInPage());
    QVERIFY(m_window->signInPage()->isVisible());
    QVERIFY(!m_window->queueView()->isVisible());
    QVERIFY(!m_window->session().isSignedIn());
    // Every active member of staff has a name button; no PIN before a name.
    for (const char* name : {"Olivia", "Marco", "Hana", "Kenji"}) {
        QVERIFY2(nameButton(QLatin1String(name)), name);
    }
    QVERIFY(!m_window->signInPage()->pinPad()->isEnabled());

    // The screenshot for the docs: the demo restaurant, a name picked, the PIN pad.
    const QString shots = qEnvironmentVariable("MAITRE_TEST_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QTest::mouseClick(nameButton(QStringLiteral("Marco")), Qt::LeftButton);
        QTest::keyClicks(m_window->signInPage()->pinPad(), QStringLiteral("22"));
        m_window->setDatabaseConnected(true);
        m_window->setDinerUrl(QStringLiteral("http://192.168.1.20:8080/"));
        QTest::qWait(200);
        QVERIFY(QDir().mkpath(shots));
        const QString path = QDir(shots).filePath(QStringLiteral("signin.png"));
        QVERIFY2(m_window->grab().save(path), qPrintable(path));
        qInfo() << "saved" << path;
    }
}

void TestSignInStaff::rightPinShowsTheConsole()
{
    openWindow();
    QSignalSpy changed(&m_window->session(), &ConsoleSession::actorChanged);
    signInAs(QStringLiteral("Marco"), QStringLiteral("2222"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_window->session().actor().role(), std::optional<Role>(Role::Manager));
    QCOMPARE(m_window->session().actor().kind(), Actor::Kind::Staff);
    QVERIFY(!m_window->signInPage()->isVisible());
    QVERIFY(m_window->queueView()->isVisible());
    QCOMPARE(m_window->findChild<QLabel*>(QStringLiteral("signedInNameLabel"))->text(), QStringLiteral("Marco"));
    QCOMPARE(m_window->findChild<QLabel*>(QStringLiteral("signedInRoleLabel"))->text(), QStringLiteral("Manager"));
    QVERIFY(m_window->findChild<QPushButton*>(QStringLiteral("lockButton"))->isVisible());
}

void TestSignInStaff::wrongPinSaysHowManyTriesAreLeft()
{
    openWindow();
    QTest::mouseClick(nameButton(QStringLiteral("Hana")), Qt::LeftButton);
    typePin(QStringLiteral("9999"));
    QTRY_VERIFY(!message()->text().isEmpty() && message()->property("kind").toString() == u"error");
    QVERIFY2(message()->text().contains(QStringLiteral("Wrong PIN")), qPrintable(message()->text()));
    QVERIFY2(message()->text().contains(QStringLiteral("4 tries left")), qPrintable(message()->text()));
    QVERIFY(!m_window->session().isSignedIn());
    QVERIFY(m_window->signInPage()->isVisible());
    QCOMPARE(m_window->signInPage()->pinPad()->pin(), QString()); // ready for another go
    QVERIFY(m_window->signInPage()->pinPad()->isEnabled());

    // The failed attempt is announced as a staff change; reloading the names
    // keeps Hana picked and the message up.
    const QString said = message()->text();
    QSignalSpy loaded(m_window->signInPage(), &SignInPage::staffLoaded);
    DomainEvent event;
    event.restaurantId = m_restaurant.id;
    event.type = QStringLiteral("staff.changed");
    m_window->handleEvent(event);
    QVERIFY(loaded.wait());
    QCOMPARE(message()->text(), said);
    QVERIFY(message()->isVisible());
    QVERIFY(nameButton(QStringLiteral("Hana"))->isChecked());
}

void TestSignInStaff::fiveWrongPinsLockTheAccount()
{
    openWindow();
    QTest::mouseClick(nameButton(QStringLiteral("Hana")), Qt::LeftButton);
    for (int attempt = 1; attempt <= StaffService::MAX_FAILED_ATTEMPTS; ++attempt) {
        typePin(QStringLiteral("0000"));
        QTRY_VERIFY(m_window->signInPage()->pinPad()->isEnabled()
                    && message()->property("kind").toString() == u"error");
        if (attempt < StaffService::MAX_FAILED_ATTEMPTS) {
            QVERIFY2(message()->text().contains(QStringLiteral("Wrong PIN")), qPrintable(message()->text()));
        }
    }
    QVERIFY2(message()->text().contains(QStringLiteral("Locked")), qPrintable(message()->text()));
    // Even the right PIN is refused while locked.
    typePin(QStringLiteral("3333"));
    QTRY_VERIFY(m_window->signInPage()->pinPad()->isEnabled() && message()->text().contains(u"Locked"));
    QVERIFY(!m_window->session().isSignedIn());
}

void TestSignInStaff::idleConsoleLocks()
{
    openWindow();
    signInAs(QStringLiteral("Hana"), QStringLiteral("3333"));
    QVERIFY(m_window->queueView()->isVisible());
    m_window->idleWatcher()->setTimeout(50ms);
    QTRY_VERIFY(!m_window->session().isSignedIn());
    QVERIFY(m_window->signInPage()->isVisible());
    auto* context = m_window->signInPage()->findChild<QLabel*>(QStringLiteral("signInContextLabel"));
    QVERIFY(context->isVisible());
    QVERIFY2(context->text().contains(QStringLiteral("Locked")) && context->text().contains(QStringLiteral("Hana")),
             qPrintable(context->text()));
    // Hana is picked already: her PIN alone opens the console again.
    QVERIFY(nameButton(QStringLiteral("Hana"))->isChecked());
    m_window->idleWatcher()->setTimeout(0ms);
    typePin(QStringLiteral("3333"));
    QTRY_VERIFY(m_window->session().isSignedIn());
    QVERIFY(m_window->queueView()->isVisible());
    QVERIFY(!m_window->idleWatcher()->isArmed()); // 0 = never
}

void TestSignInStaff::lockAndSwitchUser()
{
    openWindow();
    signInAs(QStringLiteral("Marco"), QStringLiteral("2222"));
    QTest::mouseClick(m_window->findChild<QPushButton*>(QStringLiteral("lockButton")), Qt::LeftButton);
    QVERIFY(!m_window->session().isSignedIn());
    QVERIFY(m_window->signInPage()->isVisible());
    QVERIFY(nameButton(QStringLiteral("Marco"))->isChecked());

    // Another name switches user.
    signInAs(QStringLiteral("Hana"), QStringLiteral("3333"));
    QCOMPARE(m_window->findChild<QLabel*>(QStringLiteral("signedInNameLabel"))->text(), QStringLiteral("Hana"));
    QTest::mouseClick(m_window->findChild<QPushButton*>(QStringLiteral("switchUserButton")), Qt::LeftButton);
    QVERIFY(!m_window->session().isSignedIn());
    QVERIFY(m_window->signInPage()->isVisible());
    QCOMPARE(m_window->signInPage()->selectedStaffId(), 0);
    QVERIFY(!m_window->signInPage()->findChild<QLabel*>(QStringLiteral("signInContextLabel"))->isVisible());
}

void TestSignInStaff::hostSeesNeitherKitchenNorSettings()
{
    openWindow();
    auto* settings = new QWidget;
    m_window->addRestrictedView(QStringLiteral("Settings"),
                                settings,
                                {Permission::EditSettings, Permission::EditMenu, Permission::ManageStaff});
    signInAs(QStringLiteral("Hana"), QStringLiteral("3333"));
    QCOMPARE(visibleNavigation(), (QStringList{QStringLiteral("Queue"), QStringLiteral("Tables")}));
    QVERIFY(m_window->queueView()->isVisible());
}

void TestSignInStaff::kitchenRoleSeesOnlyTheKitchen()
{
    openWindow();
    m_window->addRestrictedView(QStringLiteral("Settings"), new QWidget, {Permission::EditSettings});
    signInAs(QStringLiteral("Kenji"), QStringLiteral("4444"));
    QCOMPARE(visibleNavigation(), QStringList{QStringLiteral("Kitchen")});
    QVERIFY(m_window->kitchenView()->isVisible());
}

void TestSignInStaff::managerSeesSettings()
{
    openWindow();
    m_window->addRestrictedView(QStringLiteral("Settings"), new QWidget, {Permission::EditSettings});
    signInAs(QStringLiteral("Marco"), QStringLiteral("2222"));
    QCOMPARE(
        visibleNavigation(),
        (QStringList{
            QStringLiteral("Queue"), QStringLiteral("Kitchen"), QStringLiteral("Tables"), QStringLiteral("Settings")}));
    // The next person sees only what their role allows.
    QTest::mouseClick(m_window->findChild<QPushButton*>(QStringLiteral("switchUserButton")), Qt::LeftButton);
    signInAs(QStringLiteral("Hana"), QStringLiteral("3333"));
    QVERIFY(!visibleNavigation().contains(QStringLiteral("Settings")));
}

void TestSignInStaff::kitchenDisplayNeedsNoSignIn()
{
    m_window = std::make_unique<MainWindow>();
    m_window->enableSignIn(*m_staff);
    m_window->showKitchenDisplay(KitchenScope::allStations());
    m_window->show();
    m_window->showConsole(m_restaurant, *m_tables, *m_queue, *m_kitchen);
    QVERIFY(m_window->session().isSignedIn());
    QCOMPARE(m_window->session().actor().kind(), Actor::Kind::KitchenDisplay);
    QVERIFY(m_window->kitchenView()->isVisible());
    QVERIFY(!m_window->signInPage()->isVisible());
    // It never locks, however short the idle time.
    m_window->idleWatcher()->setTimeout(1ms);
    QVERIFY(!m_window->idleWatcher()->isArmed());
    QTest::qWait(20);
    QVERIFY(m_window->session().isSignedIn());
}

void TestSignInStaff::staffChangesReloadTheNames()
{
    openWindow();
    const auto staff = awaitFuture(m_staff->staff(m_restaurant.id));
    QVERIFY(staff);
    const auto owner =
        std::find_if(staff->cbegin(), staff->cend(), [](const StaffMember& m) { return m.role == Role::Owner; });
    QVERIFY(owner != staff->cend());
    const StaffMember olivia = *owner;
    QCOMPARE(olivia.name, QStringLiteral("Olivia"));
    const auto added = awaitFuture(m_staff->createStaff(m_restaurant.id,
                                                        Actor::staff(olivia.id, olivia.name, olivia.role),
                                                        QStringLiteral("Priya"),
                                                        Role::Host,
                                                        QStringLiteral("5555")));
    QVERIFY(added);
    QVERIFY(!nameButton(QStringLiteral("Priya")));
    QSignalSpy loaded(m_window->signInPage(), &SignInPage::staffLoaded);
    DomainEvent event;
    event.restaurantId = m_restaurant.id;
    event.type = QStringLiteral("staff.changed");
    m_window->handleEvent(event);
    QVERIFY(loaded.wait());
    QVERIFY(nameButton(QStringLiteral("Priya")));
    signInAs(QStringLiteral("Priya"), QStringLiteral("5555"));
}

void TestSignInStaff::demoPinsOnlyForTheDemoRestaurant()
{
    openWindow();
    auto* hint = m_window->signInPage()->findChild<QLabel*>(QStringLiteral("demoPinsLabel"));
    QVERIFY(hint->isVisible());
    QVERIFY2(hint->text().contains(QStringLiteral("Marco")) && hint->text().contains(QStringLiteral("2222")),
             qPrintable(hint->text()));
    Restaurant other = m_restaurant;
    other.slug = QStringLiteral("casa-pepe");
    m_window->signInPage()->setRestaurant(other);
    QVERIFY(!hint->isVisible());
}

QTEST_MAIN(TestSignInStaff)
#include "tst_signin_staff.moc"
