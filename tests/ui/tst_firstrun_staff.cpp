#include "application.h"
#include "commandlineoptions.h"
#include "consolesession.h"
#include "demostaff.h"
#include "firstrunmenupage.h"
#include "firstrunwizard.h"
#include "mainwindow.h"
#include "menuservice.h"
#include "pinpad.h"
#include "queueview.h"
#include "restaurantservice.h"
#include "settingsservice.h"
#include "signinpage.h"
#include "staffservice.h"
#include "store/store.h"
#include "tableservice.h"
#include "testdatabase.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryFile>
#include <QTest>

// The first-run guide, offscreen, over a real empty database: demo data in one
// click, the whole guide, and everything it refuses.
class TestFirstRunStaff final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void demoButtonGivesAWorkingDemoWithStaff();
    void fullGuideCreatesRestaurantOwnerTablesAndMenu();
    void invalidInputBlocksNext();
    void badCsvShowsLinesAndImportsNothing();
    void goodCsvIsImported();
    void unfinishedSetUpAsksForTheOwner();
    void aFailedStepSaysSoAndCanBeRetried();

private:
    void startApplication();
    void makeWizard();
    QString databaseUrl() const;
    template <typename T>
    T* child(const QString& name) const
    {
        T* widget = m_wizardUnderTest->findChild<T*>(name);
        if (widget == nullptr) {
            qFatal("no %s", qPrintable(name));
        }
        return widget;
    }
    void click(const QString& name) { QTest::mouseClick(child<QPushButton>(name), Qt::LeftButton); }
    QString error() const;
    void fillRestaurantAndOwner(const QString& name, const QString& pin);
    void fillMenuRow(int row, const QStringList& cells);
    int count(const QString& table);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Application> m_app;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<RestaurantService> m_restaurants;
    std::unique_ptr<StaffService> m_staff;
    std::unique_ptr<TableService> m_tables;
    std::unique_ptr<MenuService> m_menu;
    std::unique_ptr<SettingsService> m_settings;
    std::unique_ptr<FirstRunWizard> m_wizard;
    FirstRunWizard* m_wizardUnderTest = nullptr;
};

void TestFirstRunStaff::initTestCase()
{
    // The console's QSettings (idle lock, printers) stay out of the user's own.
    QStandardPaths::setTestModeEnabled(true);
}

void TestFirstRunStaff::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->isValid());
}

void TestFirstRunStaff::cleanup()
{
    m_wizard.reset();
    m_wizardUnderTest = nullptr;
    if (m_app) {
        m_app->shutdown();
        m_app.reset();
    }
    m_settings.reset();
    m_menu.reset();
    m_tables.reset();
    m_staff.reset();
    m_restaurants.reset();
    m_store.reset();
    m_db.reset();
}

QString TestFirstRunStaff::databaseUrl() const
{
    const ConnectionSettings& s = m_db->settings();
    return QStringLiteral("postgresql://%1@localhost:%2/%3?host=%4").arg(s.user).arg(s.port).arg(s.database, s.host);
}

// The real composition root on an empty database: the guide must appear.
void TestFirstRunStaff::startApplication()
{
    CommandLineOptions options;
    options.databaseUrl = databaseUrl();
    options.bindAddress = QHostAddress::LocalHost;
    options.port = 0;
    m_app = std::make_unique<Application>(options);
    m_app->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_app->window()->firstRunWizard() != nullptr, 30000);
    m_wizardUnderTest = m_app->window()->firstRunWizard();
    QTRY_VERIFY(m_wizardUnderTest->isVisible());
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Welcome);
}

// The guide alone, over services of the test's own.
void TestFirstRunStaff::makeWizard()
{
    QVERIFY(m_db->migrate(false).isEmpty());
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_restaurants = std::make_unique<RestaurantService>(*m_store);
    m_staff = std::make_unique<StaffService>(*m_store);
    m_tables = std::make_unique<TableService>(*m_store);
    m_menu = std::make_unique<MenuService>(*m_store);
    m_settings = std::make_unique<SettingsService>(*m_store);
    m_wizard = std::make_unique<FirstRunWizard>(*m_restaurants, *m_staff, *m_tables, *m_menu, *m_settings);
    m_wizard->resize(1100, 760);
    m_wizard->show();
    m_wizardUnderTest = m_wizard.get();
}

QString TestFirstRunStaff::error() const
{
    auto* label = m_wizardUnderTest->findChild<QLabel*>(QStringLiteral("firstRunErrorLabel"));
    return label->isVisible() ? label->text() : QString();
}

void TestFirstRunStaff::fillRestaurantAndOwner(const QString& name, const QString& pin)
{
    click(QStringLiteral("setUpButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Restaurant);
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("restaurantNameLineEdit")), name);
    child<QComboBox>(QStringLiteral("timezoneComboBox"))->setCurrentText(QStringLiteral("Europe/Lisbon"));
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Owner);
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("ownerNameLineEdit")), QStringLiteral("Ana"));
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("ownerPinLineEdit")), pin);
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("ownerPinAgainLineEdit")), pin);
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Tables);
}

void TestFirstRunStaff::fillMenuRow(int row, const QStringList& cells)
{
    auto* table = child<QTableWidget>(QStringLiteral("menuTableWidget"));
    for (int column = 0; column < cells.size(); ++column) {
        table->setItem(row, column, new QTableWidgetItem(cells.at(column)));
    }
}

int TestFirstRunStaff::count(const QString& table)
{
    return m_db->scalar(QStringLiteral("SELECT count(*) FROM %1").arg(table)).toInt();
}

void TestFirstRunStaff::demoButtonGivesAWorkingDemoWithStaff()
{
    startApplication();
    MainWindow* window = m_app->window();
    click(QStringLiteral("demoButton"));
    // The demo restaurant, then the sign-in page with its staff.
    QTRY_VERIFY_WITH_TIMEOUT(window->signInPage() && window->signInPage()->isVisible()
                                 && window->signInPage()->staffMembers().size() == DemoStaff::accounts().size(),
                             30000);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT slug FROM restaurants")).toString(), QStringLiteral("demo"));
    QVERIFY(count(QStringLiteral("dining_tables")) > 0);
    QVERIFY(count(QStringLiteral("menu_items")) > 0);
    QCOMPARE(count(QStringLiteral("staff")), 4);
    auto* hint = window->signInPage()->findChild<QLabel*>(QStringLiteral("demoPinsLabel"));
    QVERIFY(hint->isVisible() && hint->text().contains(QStringLiteral("1111")));

    // The demo owner signs in with the PIN the hint gives.
    const QList<StaffMember> staff = window->signInPage()->staffMembers();
    const auto olivia =
        std::find_if(staff.cbegin(), staff.cend(), [](const StaffMember& m) { return m.name == u"Olivia"; });
    QVERIFY(olivia != staff.cend());
    QVERIFY(window->signInPage()->selectStaff(olivia->id));
    QTest::keyClicks(window->signInPage()->pinPad(), QStringLiteral("1111"));
    QTest::keyClick(window->signInPage()->pinPad(), Qt::Key_Return);
    QTRY_VERIFY(window->session().isSignedIn());
    QCOMPARE(window->session().actor().role(), std::optional<Role>(Role::Owner));
    QTRY_VERIFY(window->queueView() && window->queueView()->isVisible());
}

void TestFirstRunStaff::fullGuideCreatesRestaurantOwnerTablesAndMenu()
{
    startApplication();
    MainWindow* window = m_app->window();
    fillRestaurantAndOwner(QStringLiteral("Casa Pepe"), QStringLiteral("2468"));

    // Tables: 3 of 2 seats and 2 of 4 seats.
    const auto counts = m_wizardUnderTest->findChildren<QSpinBox*>(QStringLiteral("tableCountSpinBox"));
    const auto seats = m_wizardUnderTest->findChildren<QSpinBox*>(QStringLiteral("tableSeatsSpinBox"));
    QVERIFY(counts.size() >= 3);
    counts.at(0)->setValue(3);
    seats.at(0)->setValue(2);
    counts.at(1)->setValue(2);
    seats.at(1)->setValue(4);
    counts.at(2)->setValue(0);
    QCOMPARE(m_wizardUnderTest->tableSeats(), (QList<int>{2, 2, 2, 4, 4}));
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Menu);

    fillMenuRow(0,
                {QStringLiteral("Mains"),
                 QStringLiteral("Bacalhau"),
                 QStringLiteral("14.50"),
                 QStringLiteral("15"),
                 QStringLiteral("grill")});
    fillMenuRow(1,
                {QStringLiteral("Desserts"),
                 QStringLiteral("Pastel de nata"),
                 QStringLiteral("2,20"),
                 QStringLiteral("2"),
                 QStringLiteral("pastry")});
    click(QStringLiteral("firstRunNextButton"));
    QTRY_COMPARE_WITH_TIMEOUT(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Poster, 30000);
    QVERIFY2(error().isEmpty(), qPrintable(error()));

    // Everything is there.
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT name FROM restaurants")).toString(), QStringLiteral("Casa Pepe"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT timezone FROM restaurants")).toString(),
             QStringLiteral("Europe/Lisbon"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT name || ':' || role FROM staff")).toString(),
             QStringLiteral("Ana:owner"));
    QCOMPARE(count(QStringLiteral("dining_tables")), 5);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT sum(seats) FROM dining_tables")).toInt(), 14);
    QCOMPARE(count(QStringLiteral("menu_items")), 2);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT price_cents FROM menu_items WHERE name = 'Pastel de nata'")).toInt(),
             220);
    QVERIFY(!m_db->scalar(QStringLiteral("SELECT pin_hash FROM staff")).toString().contains(QStringLiteral("2468")));

    // The poster, then the console with the owner signed in.
    click(QStringLiteral("finishButton"));
    QTRY_VERIFY(window->queueView() && window->queueView()->isVisible());
    QVERIFY(window->session().isSignedIn());
    QCOMPARE(window->session().actor().name(), QStringLiteral("Ana"));
    QCOMPARE(window->session().actor().role(), std::optional<Role>(Role::Owner));
    QVERIFY(window->firstRunWizard() == nullptr);

    // Locked, the owner gets back in with the PIN chosen in the guide.
    QTest::mouseClick(window->findChild<QPushButton*>(QStringLiteral("lockButton")), Qt::LeftButton);
    QTRY_VERIFY(window->signInPage()->isVisible() && window->signInPage()->staffMembers().size() == 1);
    QTRY_COMPARE(window->signInPage()->selectedStaffId(), window->signInPage()->staffMembers().first().id);
    QTest::keyClicks(window->signInPage()->pinPad(), QStringLiteral("2468"));
    QTest::keyClick(window->signInPage()->pinPad(), Qt::Key_Return);
    QTRY_VERIFY(window->session().isSignedIn());
}

void TestFirstRunStaff::invalidInputBlocksNext()
{
    makeWizard();
    click(QStringLiteral("setUpButton"));
    // No name.
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Restaurant);
    QVERIFY2(error().contains(QStringLiteral("name")), qPrintable(error()));
    // A time zone that does not exist.
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("restaurantNameLineEdit")), QStringLiteral("Casa Pepe"));
    child<QComboBox>(QStringLiteral("timezoneComboBox"))->setCurrentText(QStringLiteral("Mars/Olympus"));
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Restaurant);
    QVERIFY2(error().contains(QStringLiteral("time zone")), qPrintable(error()));
    child<QComboBox>(QStringLiteral("timezoneComboBox"))->setCurrentText(QStringLiteral("Europe/Madrid"));
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Owner);
    QVERIFY(error().isEmpty());

    // A PIN too short, then two that differ.
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("ownerNameLineEdit")), QStringLiteral("Ana"));
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("ownerPinLineEdit")), QStringLiteral("12"));
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("ownerPinAgainLineEdit")), QStringLiteral("12"));
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Owner);
    QVERIFY2(error().contains(QStringLiteral("4 to 8 digits")), qPrintable(error()));
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("ownerPinLineEdit")), QStringLiteral("34"));
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("ownerPinAgainLineEdit")), QStringLiteral("35"));
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Owner);
    QVERIFY2(error().contains(QStringLiteral("differ")), qPrintable(error()));
    child<QLineEdit>(QStringLiteral("ownerPinAgainLineEdit"))->setText(QStringLiteral("1234"));
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Tables);

    // No tables at all.
    for (QSpinBox* box : m_wizardUnderTest->findChildren<QSpinBox*>(QStringLiteral("tableCountSpinBox"))) {
        box->setValue(0);
    }
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Tables);
    QVERIFY2(error().contains(QStringLiteral("at least one table")), qPrintable(error()));
    m_wizardUnderTest->findChildren<QSpinBox*>(QStringLiteral("tableCountSpinBox")).first()->setValue(2);
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Menu);

    // A dish without a price.
    fillMenuRow(1, {QStringLiteral("Mains"), QStringLiteral("Paella"), QStringLiteral("cheap")});
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Menu);
    QVERIFY2(error().contains(QStringLiteral("Row 2")) && error().contains(QStringLiteral("price")),
             qPrintable(error()));

    // Nothing was created along the way.
    QCOMPARE(count(QStringLiteral("restaurants")), 0);
    QCOMPARE(count(QStringLiteral("staff")), 0);
}

void TestFirstRunStaff::badCsvShowsLinesAndImportsNothing()
{
    makeWizard();
    fillRestaurantAndOwner(QStringLiteral("Casa Pepe"), QStringLiteral("1234"));
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Menu);
    fillMenuRow(0,
                {QStringLiteral("Mains"),
                 QStringLiteral("Paella"),
                 QStringLiteral("16"),
                 QStringLiteral("25"),
                 QStringLiteral("stove")});

    QTemporaryFile file;
    QVERIFY(file.open());
    file.write("category,name,description,price,prep_minutes,station,tags,available\n"
               "Mains,Tortilla,,9.50,10,stove,,yes\n"
               "Mains,Croquetas,,lots,10,fryer,,yes\n"
               "Desserts,,,4.00,2,pastry,,yes\n");
    file.close();
    FirstRunMenuPage* menu = m_wizardUnderTest->menuPage();
    QVERIFY(!menu->importCsvFile(file.fileName()));
    auto* problems = child<QLabel>(QStringLiteral("menuProblemsLabel"));
    QVERIFY(problems->isVisible());
    QVERIFY2(problems->text().contains(QStringLiteral("Line 3")), qPrintable(problems->text()));
    QVERIFY2(problems->text().contains(QStringLiteral("Line 4")), qPrintable(problems->text()));
    QVERIFY2(!problems->text().contains(QStringLiteral("Line 2")), qPrintable(problems->text()));
    // The table is as it was: nothing of the file was taken.
    auto* table = child<QTableWidget>(QStringLiteral("menuTableWidget"));
    QCOMPARE(table->item(0, FirstRunMenuPage::NameColumn)->text(), QStringLiteral("Paella"));
    for (int row = 0; row < table->rowCount(); ++row) {
        const QTableWidgetItem* name = table->item(row, FirstRunMenuPage::NameColumn);
        QVERIFY(name == nullptr || name->text() != u"Tortilla");
    }
    // And the guide will not go on until the file is fixed or set aside.
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Menu);
    QVERIFY2(error().contains(QStringLiteral("CSV")), qPrintable(error()));
    QCOMPARE(count(QStringLiteral("restaurants")), 0);
    QCOMPARE(count(QStringLiteral("menu_items")), 0);

    click(QStringLiteral("dismissCsvButton"));
    QVERIFY(!problems->isVisible());
    click(QStringLiteral("firstRunNextButton"));
    QTRY_COMPARE_WITH_TIMEOUT(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Poster, 30000);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT string_agg(name, ',') FROM menu_items")).toString(),
             QStringLiteral("Paella"));
}

void TestFirstRunStaff::goodCsvIsImported()
{
    makeWizard();
    fillRestaurantAndOwner(QStringLiteral("Casa Pepe"), QStringLiteral("1234"));
    click(QStringLiteral("firstRunNextButton"));
    QVERIFY(m_wizardUnderTest->menuPage()->importCsv(
        "category,name,description,price,prep_minutes,station,tags,available\n"
        "Mains,Tortilla,\"Potato, egg, onion\",9.50,10,stove,vegetarian|gluten-free,yes\n"
        "Mains,Croquetas,,7.00,8,fryer,,no\n"
        "Desserts,Flan,,4.00,2,pastry,vegetarian,\n"));
    auto* table = child<QTableWidget>(QStringLiteral("menuTableWidget"));
    QCOMPARE(table->rowCount(), 3);
    QCOMPARE(table->item(0, FirstRunMenuPage::NameColumn)->text(), QStringLiteral("Tortilla"));
    std::optional<Actor> owner;
    connect(m_wizardUnderTest, &FirstRunWizard::completed, this, [&owner](const Restaurant&, const Actor& signedIn) {
        owner = signedIn;
    });
    click(QStringLiteral("firstRunNextButton"));
    QTRY_COMPARE_WITH_TIMEOUT(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Poster, 30000);
    QCOMPARE(count(QStringLiteral("menu_items")), 3);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT description FROM menu_items WHERE name = 'Tortilla'")).toString(),
             QStringLiteral("Potato, egg, onion"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT available FROM menu_items WHERE name = 'Croquetas'")).toBool(), false);
    QCOMPARE(count(QStringLiteral("menu_categories")), 2);
    click(QStringLiteral("finishButton"));
    QVERIFY(owner.has_value());
    QCOMPARE(owner->name(), QStringLiteral("Ana"));
    QCOMPARE(owner->role(), std::optional<Role>(Role::Owner));
}

void TestFirstRunStaff::unfinishedSetUpAsksForTheOwner()
{
    // A restaurant from before staff accounts existed: nobody could sign in.
    QVERIFY(m_db->migrate(false).isEmpty());
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO restaurants (slug, name) VALUES ('old', 'Old Place')")));
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO dining_tables (restaurant_id, label, seats) "
                                      "SELECT id, 'A1', 4 FROM restaurants")));
    CommandLineOptions options;
    options.databaseUrl = databaseUrl();
    options.bindAddress = QHostAddress::LocalHost;
    options.port = 0;
    m_app = std::make_unique<Application>(options);
    m_app->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_app->window()->firstRunWizard() != nullptr, 30000);
    m_wizardUnderTest = m_app->window()->firstRunWizard();
    QTRY_VERIFY(m_wizardUnderTest->isVisible());
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Owner);
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("ownerNameLineEdit")), QStringLiteral("Ana"));
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("ownerPinLineEdit")), QStringLiteral("8642"));
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("ownerPinAgainLineEdit")), QStringLiteral("8642"));
    click(QStringLiteral("firstRunNextButton"));
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Tables);
    // Its table is kept, and no more are needed.
    QTRY_VERIFY(child<QLabel>(QStringLiteral("existingTablesLabel"))->isVisible());
    QCOMPARE(m_wizardUnderTest->tableSeats(), QList<int>{});
    click(QStringLiteral("firstRunNextButton"));
    click(QStringLiteral("firstRunNextButton"));
    QTRY_COMPARE_WITH_TIMEOUT(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Poster, 30000);
    QCOMPARE(count(QStringLiteral("restaurants")), 1);
    QCOMPARE(count(QStringLiteral("staff")), 1);
    QCOMPARE(count(QStringLiteral("dining_tables")), 1);
    click(QStringLiteral("finishButton"));
    QTRY_VERIFY(m_app->window()->queueView() && m_app->window()->queueView()->isVisible());
}

void TestFirstRunStaff::aFailedStepSaysSoAndCanBeRetried()
{
    makeWizard();
    // The database refuses menu items for now.
    QVERIFY(m_db->exec(QStringLiteral("CREATE FUNCTION refuse_items() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                      "RAISE EXCEPTION 'menu items refused for the test'; END $$")));
    QVERIFY(m_db->exec(QStringLiteral("CREATE TRIGGER refuse_items BEFORE INSERT ON menu_items "
                                      "FOR EACH ROW EXECUTE FUNCTION refuse_items()")));
    fillRestaurantAndOwner(QStringLiteral("Casa Pepe"), QStringLiteral("1234"));
    click(QStringLiteral("firstRunNextButton"));
    fillMenuRow(0,
                {QStringLiteral("Mains"),
                 QStringLiteral("Paella"),
                 QStringLiteral("16"),
                 QStringLiteral("25"),
                 QStringLiteral("stove")});
    click(QStringLiteral("firstRunNextButton"));
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(QStringLiteral("retryButton"))->isVisible(), 30000);
    QCOMPARE(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Creating);
    QVERIFY2(error().contains(QStringLiteral("The menu could not be added")), qPrintable(error()));
    const QString steps = child<QLabel>(QStringLiteral("creatingStepsLabel"))->text();
    QVERIFY2(steps.contains(QStringLiteral("✓  Add the tables")) && steps.contains(QStringLiteral("✗  Add the menu")),
             qPrintable(steps));
    // What was done is whole; the menu is not half there.
    QCOMPARE(count(QStringLiteral("restaurants")), 1);
    QCOMPARE(count(QStringLiteral("staff")), 1);
    QCOMPARE(count(QStringLiteral("dining_tables")), 8);
    QCOMPARE(count(QStringLiteral("menu_items")), 0);

    // Fixed: the retry finishes the menu without making anything twice.
    QVERIFY(m_db->exec(QStringLiteral("DROP TRIGGER refuse_items ON menu_items")));
    click(QStringLiteral("retryButton"));
    QTRY_COMPARE_WITH_TIMEOUT(m_wizardUnderTest->currentPage(), FirstRunWizard::Page::Poster, 30000);
    QCOMPARE(count(QStringLiteral("restaurants")), 1);
    QCOMPARE(count(QStringLiteral("staff")), 1);
    QCOMPARE(count(QStringLiteral("dining_tables")), 8);
    QCOMPARE(count(QStringLiteral("menu_items")), 1);
}

QTEST_MAIN(TestFirstRunStaff)
#include "tst_firstrun_staff.moc"
