#include "mainwindow.h"
#include "restaurantservice.h"
#include "startuppage.h"
#include "store/eventlistener.h"
#include "store/eventlog.h"
#include "store/store.h"
#include "tablelistmodel.h"
#include "tableservice.h"
#include "tablesview.h"
#include "testdatabase.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

// The console window, offscreen, over a real database.
class TestMainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheTablesFromTheDatabase();
    void followsChangesThroughEvents();
    void statusBarShowsDatabaseAndDiners();
    void statusBarShowsPrinterProblems();
    void startupPageShowsProgressThenErrors();
    void tableModelIsWellBehaved();
};

void TestMainWindow::showsTheTablesFromTheDatabase()
{
    TestDatabase db;
    QVERIFY(db.migrate(true).isEmpty());
    Store store(db.settings(), 2);
    TableService tables(store);
    RestaurantService restaurants(store);
    const auto restaurant = awaitFuture(restaurants.current());
    QVERIFY(restaurant && restaurant->has_value());

    MainWindow window;
    window.show();
    window.showConsole(**restaurant, tables);
    QVERIFY(window.windowTitle().contains(QStringLiteral("Trattoria Demo")));
    auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigationList"));
    QVERIFY(navigation);
    QCOMPARE(navigation->count(), 1); // only views that exist are listed
    QCOMPARE(navigation->item(0)->text(), QStringLiteral("Tables"));

    auto* view = window.findChild<QTableView*>(QStringLiteral("tablesTableView"));
    QVERIFY(view);
    QVERIFY(view->isVisible());
    const int expected = db.scalar(QStringLiteral("SELECT count(*) FROM dining_tables")).toInt();
    QTRY_COMPARE(view->model()->rowCount(), expected);
    QCOMPARE(view->model()->index(0, TableListModel::LabelColumn).data().toString(), QStringLiteral("T1"));
    QCOMPARE(view->model()->index(0, TableListModel::SeatsColumn).data().toInt(), 2);
    QCOMPARE(view->model()->index(0, TableListModel::StateColumn).data().toString(), QStringLiteral("Free"));
    auto* summary = window.findChild<QLabel*>(QStringLiteral("tablesSummaryLabel"));
    QVERIFY2(summary->text().contains(QStringLiteral("Tables: %1").arg(expected)), qPrintable(summary->text()));
}

void TestMainWindow::followsChangesThroughEvents()
{
    TestDatabase db;
    QVERIFY(db.migrate(true).isEmpty());
    Store store(db.settings(), 2);
    TableService tables(store);
    const qint64 restaurantId = db.scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    EventListener listener(db.settings());
    listener.start();
    QTRY_VERIFY(listener.isConnected());

    MainWindow window;
    connect(&listener, &EventListener::eventReceived, &window, &MainWindow::handleEvent);
    window.show();
    window.showConsole(Restaurant{restaurantId, QStringLiteral("demo"), QStringLiteral("Demo"), {}}, tables);
    auto* view = window.findChild<QTableView*>(QStringLiteral("tablesTableView"));
    QTRY_VERIFY(view->model()->rowCount() > 0);

    // Another console seats someone at T1 and commits its event.
    QSqlDatabase conn = db.connection();
    conn.transaction();
    QVERIFY(db.exec(QStringLiteral("UPDATE dining_tables SET state = 'occupied' WHERE label = 'T1'")));
    QVERIFY(EventLog::append(conn, restaurantId, QStringLiteral("table.updated"), {}));
    conn.commit();
    QTRY_COMPARE(view->model()->index(0, TableListModel::StateColumn).data().toString(), QStringLiteral("Occupied"));
    listener.stop();
}

void TestMainWindow::statusBarShowsDatabaseAndDiners()
{
    MainWindow window;
    auto* database = window.findChild<QLabel*>(QStringLiteral("databaseStatusLabel"));
    auto* url = window.findChild<QLabel*>(QStringLiteral("dinerUrlLabel"));
    auto* diners = window.findChild<QLabel*>(QStringLiteral("connectedDinersLabel"));
    QVERIFY(database && url && diners);
    QCOMPARE(database->property("connected").toBool(), false);
    window.setDatabaseConnected(true);
    QCOMPARE(database->property("connected").toBool(), true);
    QVERIFY(database->text().contains(QStringLiteral("connected")));
    window.setDatabaseConnected(false);
    QVERIFY(database->text().contains(QStringLiteral("unavailable")));
    window.setDinerUrl(QStringLiteral("http://192.168.1.20:8080/"));
    QVERIFY(url->text().contains(QStringLiteral("http://192.168.1.20:8080/")));
    window.setConnectedDiners(3);
    QCOMPARE(diners->text(), QStringLiteral("Diners connected: 3"));
    window.setConnectedDiners(0);
    QCOMPARE(diners->text(), QStringLiteral("Diners connected: 0"));
}

void TestMainWindow::statusBarShowsPrinterProblems()
{
    MainWindow window;
    window.show();
    auto* printers = window.findChild<QLabel*>(QStringLiteral("printersLabel"));
    QVERIFY(printers);
    QVERIFY(!printers->isVisible()); // nothing to say while printers print
    window.setPrinterState(QStringLiteral("grill"), 3, QStringLiteral("Connection refused"));
    QVERIFY(printers->isVisible());
    QVERIFY(printers->text().contains(QStringLiteral("grill")));
    QVERIFY(printers->text().contains(QStringLiteral("Connection refused")));
    QVERIFY(printers->text().contains(QStringLiteral("3")));
    window.setPrinterState(QStringLiteral("bar"), 1, QStringLiteral("Timed out"));
    QVERIFY(printers->text().contains(QStringLiteral("bar")));
    window.setPrinterState(QStringLiteral("grill"), 0, {});
    QVERIFY(!printers->text().contains(QStringLiteral("grill")));
    window.setPrinterState(QStringLiteral("bar"), 0, {});
    QVERIFY(!printers->isVisible());
}

void TestMainWindow::startupPageShowsProgressThenErrors()
{
    MainWindow window;
    window.show();
    StartupPage* page = window.startupPage();
    auto* progress = page->findChild<QWidget*>(QStringLiteral("startupProgressBar"));
    auto* message = page->findChild<QLabel*>(QStringLiteral("startupMessageLabel"));
    QVERIFY(progress->isVisible()); // "Preparing the database…" first
    page->showError(QStringLiteral("The local database could not be started."));
    QVERIFY(!progress->isVisible());
    QCOMPARE(message->text(), QStringLiteral("The local database could not be started."));
    page->showProgress(QStringLiteral("Preparing the database…"));
    QVERIFY(progress->isVisible());
}

void TestMainWindow::tableModelIsWellBehaved()
{
    TableListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QList<DiningTable> tables{{1, QStringLiteral("T1"), 2, false, DiningTable::State::Free},
                              {2, QStringLiteral("T2"), 4, true, DiningTable::State::Occupied}};
    model.setTables(tables);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(reset.count(), 1);
    // One table changes: only its row is signalled, no reset.
    tables[1].state = DiningTable::State::Free;
    model.setTables(tables);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
    model.setTables({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
