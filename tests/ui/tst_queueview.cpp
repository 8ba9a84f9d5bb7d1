#include "consolesession.h"
#include "dialogs.h"
#include "mainwindow.h"
#include "partylistmodel.h"
#include "qrcodewidget.h"
#include "qrposterwindow.h"
#include "queueservice.h"
#include "queueview.h"
#include "seatdialog.h"
#include "store/eventlistener.h"
#include "store/store.h"
#include "tableservice.h"
#include "tablespanel.h"
#include "tablesview.h"
#include "testdatabase.h"
#include "walkindialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

// The host's Queue view, offscreen, over a real database: what it lists, what
// its buttons, keys and dialogs do to the database, and how it follows
// changes made elsewhere.
class TestQueueView final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void listsThePartiesInQueueOrder();
    void notifyButtonNotifiesTheSelectedParty();
    void keyboardShortcutsAct();
    void followsOtherConsolesThroughEvents();
    void seatsThroughTheSeatDialog();
    void combinesTablesForALargeParty();
    void walkInIsValidatedInline();
    void cancelAsksFirst();
    void noShowAndDone();
    void marksADirtyTableFree();
    void flagsAnExpiredHold();
    void showsServiceErrors();
    void staleViewGetsAReadableConflict();
    void partyModelIsWellBehaved();
    void updatingOnePartyKeepsTheModel();
    void qrCodeFollowsTheDinerUrl();
    void printsThePoster();
    void queueIsTheFirstViewInTheWindow();
    void actionsFollowTheSignedInRole();

private:
    Party join(const QString& name, int size, const QString& notes = {});
    void openView();
    void listen();
    int rowOf(const QString& name) const;
    QString cell(const QString& name, int column) const;
    QString partyStatus(qint64 partyId);
    QString tableState(const QString& label);
    qint64 tableId(const QString& label);
    QPushButton* button(const QString& objectName) const;
    QLabel* message() const;

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<QueueService> m_queue;
    std::unique_ptr<EventListener> m_listener;
    std::unique_ptr<QWidget> m_window;
    QueueView* m_view = nullptr;
    std::unique_ptr<ConsoleSession> m_session;
    qint64 m_restaurant = 0;
};

void TestQueueView::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_queue = std::make_unique<QueueService>(*m_store);
    m_session = std::make_unique<ConsoleSession>();
    m_session->signIn(Actor::staff(0, QStringLiteral("Test host"), Role::Host));
}

void TestQueueView::cleanup()
{
    Dialogs::setHook({});
    m_window.reset();
    m_view = nullptr;
    if (m_listener) {
        m_listener->stop();
        m_listener.reset();
    }
    m_session.reset();
    m_queue.reset();
    m_store.reset();
    m_db.reset();
}

Party TestQueueView::join(const QString& name, int size, const QString& notes)
{
    JoinRequest request;
    request.name = name;
    request.partySize = size;
    request.notes = notes;
    request.source = QStringLiteral("host");
    const Result<Party> party = awaitFuture(m_queue->join(m_restaurant, request));
    if (!party) {
        qFatal("join failed: %s", qPrintable(party.error().message));
    }
    return *party;
}

void TestQueueView::openView()
{
    m_window = std::make_unique<QWidget>();
    m_window->resize(1100, 720);
    m_view = new QueueView(*m_queue, m_restaurant, m_window.get());
    m_view->setSession(m_session.get());
    QSignalSpy loaded(m_view, &QueueView::loaded);
    auto* layout = new QVBoxLayout(m_window.get());
    layout->addWidget(m_view);
    m_window->show();
    QVERIFY(loaded.wait());
}

// Another console's changes reach this one only through the database's events.
void TestQueueView::listen()
{
    m_listener = std::make_unique<EventListener>(m_db->settings());
    connect(m_listener.get(), &EventListener::eventReceived, m_view, &QueueView::handleEvent);
    m_listener->start();
    QTRY_VERIFY(m_listener->isConnected());
}

int TestQueueView::rowOf(const QString& name) const
{
    const PartyListModel* model = m_view->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, PartyListModel::NameColumn).data().toString() == name) {
            return row;
        }
    }
    return -1;
}

QString TestQueueView::cell(const QString& name, int column) const
{
    const int row = rowOf(name);
    return row < 0 ? QString() : m_view->model()->index(row, column).data().toString();
}

QString TestQueueView::partyStatus(qint64 partyId)
{
    return m_db->scalar(QStringLiteral("SELECT status FROM parties WHERE id = ?"), {partyId}).toString();
}

QString TestQueueView::tableState(const QString& label)
{
    return m_db->scalar(QStringLiteral("SELECT state FROM dining_tables WHERE label = ?"), {label}).toString();
}

qint64 TestQueueView::tableId(const QString& label)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM dining_tables WHERE label = ?"), {label}).toLongLong();
}

QPushButton* TestQueueView::button(const QString& objectName) const
{
    auto* found = m_view->findChild<QPushButton*>(objectName);
    if (found == nullptr) {
        qFatal("no button %s", qPrintable(objectName));
    }
    return found;
}

QLabel* TestQueueView::message() const
{
    return m_view->findChild<QLabel*>(QStringLiteral("queueMessageLabel"));
}

void TestQueueView::listsThePartiesInQueueOrder()
{
    const Party rossi = join(QStringLiteral("Rossi"), 2);
    const Party bianchi = join(QStringLiteral("Bianchi"), 4, QStringLiteral("high chair"));
    const Party verdi = join(QStringLiteral("Verdi"), 3);
    const Party neri = join(QStringLiteral("Neri"), 4);
    QVERIFY(awaitFuture(m_queue->notify(m_restaurant, Actor::system(), bianchi.id)));
    QVERIFY(awaitFuture(m_queue->seat(m_restaurant, Actor::system(), neri.id, {tableId(QStringLiteral("T5"))})));
    openView();

    const PartyListModel* model = m_view->model();
    QCOMPARE(model->rowCount(), 4);
    // Waiting and notified in the order they joined, then the seated.
    const QStringList names{
        QStringLiteral("Rossi"), QStringLiteral("Bianchi"), QStringLiteral("Verdi"), QStringLiteral("Neri")};
    for (int row = 0; row < names.size(); ++row) {
        QCOMPARE(model->index(row, PartyListModel::NameColumn).data().toString(), names.at(row));
    }
    QCOMPARE(model->index(0, PartyListModel::PositionColumn).data().toInt(), 1);
    QCOMPARE(model->index(2, PartyListModel::PositionColumn).data().toInt(), 3);
    QVERIFY(!model->index(3, PartyListModel::PositionColumn).data().isValid()); // seated: no place in line
    QCOMPARE(cell(QStringLiteral("Rossi"), PartyListModel::StatusColumn), QStringLiteral("Waiting"));
    QVERIFY(cell(QStringLiteral("Bianchi"), PartyListModel::StatusColumn).startsWith(QStringLiteral("Notified")));
    QCOMPARE(cell(QStringLiteral("Neri"), PartyListModel::StatusColumn), QStringLiteral("Seated"));
    QCOMPARE(cell(QStringLiteral("Neri"), PartyListModel::TablesColumn), QStringLiteral("T5"));
    QCOMPARE(cell(QStringLiteral("Bianchi"), PartyListModel::NotesColumn), QStringLiteral("high chair"));
    QCOMPARE(m_view->model()
                 ->index(rowOf(QStringLiteral("Bianchi")), PartyListModel::NameColumn)
                 .data(PartyListModel::SecondaryTextRole)
                 .toString(),
             QStringLiteral("walk-in · high chair"));
    QCOMPARE(cell(QStringLiteral("Verdi"), PartyListModel::CodeColumn), verdi.code);
    QCOMPARE(cell(QStringLiteral("Rossi"), PartyListModel::SizeColumn), QStringLiteral("2"));
    QVERIFY(cell(QStringLiteral("Rossi"), PartyListModel::QuoteColumn).contains(QStringLiteral("min")));
    Q_UNUSED(rossi)

    auto* summaryLabel = m_view->findChild<QLabel*>(QStringLiteral("queueSummaryLabel"));
    const QString summary = summaryLabel->text().replace(QChar::Nbsp, u' ');
    QVERIFY2(summary.contains(QStringLiteral("2 waiting")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("1 notified")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("9 covers")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("longest")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("tables free")), qPrintable(summary));

    // The seated can be hidden, and come back.
    auto* showSeated = m_view->findChild<QCheckBox*>(QStringLiteral("showSeatedCheckBox"));
    showSeated->setChecked(false);
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(rowOf(QStringLiteral("Neri")), -1);
    showSeated->setChecked(true);
    QCOMPARE(rowOf(QStringLiteral("Neri")), 3);
}

void TestQueueView::notifyButtonNotifiesTheSelectedParty()
{
    join(QStringLiteral("Rossi"), 2);
    const Party bianchi = join(QStringLiteral("Bianchi"), 4);
    openView();
    listen();

    QPushButton* notify = button(QStringLiteral("notifyButton"));
    QVERIFY(!notify->isEnabled()); // nobody selected
    QVERIFY(button(QStringLiteral("addWalkInButton"))->isEnabled());
    QVERIFY(m_view->selectParty(bianchi.id));
    QVERIFY(notify->isEnabled());
    QVERIFY(button(QStringLiteral("seatButton"))->isEnabled());
    QVERIFY(!button(QStringLiteral("finishButton"))->isEnabled()); // not seated

    QTest::mouseClick(notify, Qt::LeftButton);
    QTRY_COMPARE(partyStatus(bianchi.id), QStringLiteral("notified"));
    QTRY_VERIFY(cell(QStringLiteral("Bianchi"), PartyListModel::StatusColumn).startsWith(QStringLiteral("Notified")));
    const QModelIndex status = m_view->model()->index(rowOf(QStringLiteral("Bianchi")), PartyListModel::StatusColumn);
    QVERIFY2(status.data(PartyListModel::SecondaryTextRole).toString().endsWith(QStringLiteral("min left")),
             qPrintable(status.data(PartyListModel::SecondaryTextRole).toString()));
    QCOMPARE(cell(QStringLiteral("Rossi"), PartyListModel::StatusColumn), QStringLiteral("Waiting"));
    // Still selected; a notified party can be seated but not notified again.
    QCOMPARE(m_view->selectedParty()->id, bianchi.id);
    QTRY_VERIFY(!notify->isEnabled());
    QVERIFY(button(QStringLiteral("seatButton"))->isEnabled());
    QVERIFY(message()->isVisible());
    QVERIFY2(message()->text().contains(QStringLiteral("Bianchi notified")), qPrintable(message()->text()));
}

void TestQueueView::keyboardShortcutsAct()
{
    const Party rossi = join(QStringLiteral("Rossi"), 2);
    openView();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    auto* table = m_view->findChild<QTableView*>(QStringLiteral("partiesTableView"));
    table->setFocus();
    QVERIFY(m_view->selectParty(rossi.id));

    // N notifies the selected party.
    QTest::keyClick(table, Qt::Key_N);
    QTRY_COMPARE(partyStatus(rossi.id), QStringLiteral("notified"));

    // Ctrl+N opens the walk-in dialog.
    int walkIns = 0;
    Dialogs::setHook([&walkIns](QDialog* dialog) {
        walkIns += qobject_cast<WalkInDialog*>(dialog) != nullptr ? 1 : 0;
        return int(QDialog::Rejected);
    });
    QTest::keyClick(table, Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(walkIns, 1);

    // S seats: the seat dialog opens for the selected party.
    QTRY_VERIFY(button(QStringLiteral("seatButton"))->isEnabled());
    qint64 seatFor = 0;
    Dialogs::setHook([&seatFor](QDialog* dialog) {
        if (auto* seat = qobject_cast<SeatDialog*>(dialog)) {
            seatFor = seat->partyId();
        }
        return int(QDialog::Rejected);
    });
    QTest::keyClick(table, Qt::Key_S);
    QCOMPARE(seatFor, rossi.id);
    QCOMPARE(partyStatus(rossi.id), QStringLiteral("notified")); // cancelled dialog: nothing changes
}

void TestQueueView::followsOtherConsolesThroughEvents()
{
    const Party rossi = join(QStringLiteral("Rossi"), 2);
    openView();
    listen();
    QCOMPARE(m_view->model()->rowCount(), 1);

    // Another console (its own service, same database) adds and notifies.
    QueueService other(*m_store);
    JoinRequest request;
    request.name = QStringLiteral("Esposito");
    request.partySize = 3;
    QVERIFY(awaitFuture(other.join(m_restaurant, request)));
    QTRY_COMPARE(m_view->model()->rowCount(), 2);
    QCOMPARE(cell(QStringLiteral("Esposito"), PartyListModel::PositionColumn), QStringLiteral("2"));
    QVERIFY(awaitFuture(other.notify(m_restaurant, Actor::system(), rossi.id)));
    QTRY_VERIFY(cell(QStringLiteral("Rossi"), PartyListModel::StatusColumn).startsWith(QStringLiteral("Notified")));
}

void TestQueueView::seatsThroughTheSeatDialog()
{
    const Party bianchi = join(QStringLiteral("Bianchi"), 4);
    openView();
    listen();
    QVERIFY(m_view->selectParty(bianchi.id));

    QStringList offered;
    QString total;
    Dialogs::setHook([&](QDialog* dialog) {
        auto* seat = qobject_cast<SeatDialog*>(dialog);
        if (seat == nullptr) {
            return int(QDialog::Rejected);
        }
        auto* list = seat->findChild<QListWidget*>(QStringLiteral("seatTablesListWidget"));
        for (int i = 0; i < list->count(); ++i) {
            offered << list->item(i)->text();
        }
        total = seat->findChild<QLabel*>(QStringLiteral("seatTotalLabel"))->text();
        QTest::mouseClick(seat->findChild<QPushButton*>(QStringLiteral("seatOkButton")), Qt::LeftButton);
        return seat->result();
    });
    QTest::mouseClick(button(QStringLiteral("seatButton")), Qt::LeftButton);

    // Free tables for four, smallest first: the 4-tops, then the 6s, the 8 and the 10.
    QVERIFY2(offered.size() == 8, qPrintable(offered.join(u'|')));
    QVERIFY(offered.first().startsWith(QStringLiteral("T5 · 4 seats")));
    QVERIFY(offered.at(4).startsWith(QStringLiteral("T9 · 6 seats")));
    QVERIFY(offered.last().startsWith(QStringLiteral("P1 · 10 seats")));
    QVERIFY2(total.contains(QStringLiteral("4 seats for a party of 4")), qPrintable(total));

    QTRY_COMPARE(partyStatus(bianchi.id), QStringLiteral("seated"));
    QCOMPARE(tableState(QStringLiteral("T5")), QStringLiteral("occupied"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM party_tables WHERE party_id = ?"), {bianchi.id}).toInt(),
             1);
    QTRY_COMPARE(cell(QStringLiteral("Bianchi"), PartyListModel::StatusColumn), QStringLiteral("Seated"));
    QCOMPARE(cell(QStringLiteral("Bianchi"), PartyListModel::TablesColumn), QStringLiteral("T5"));
    QVERIFY(button(QStringLiteral("finishButton"))->isEnabled());
    QVERIFY(!button(QStringLiteral("seatButton"))->isEnabled());
    // The tables panel shows who sits at T5.
    const auto tiles = m_view->tablesPanel()->findChildren<QFrame*>(QStringLiteral("tableTileFrame"));
    const auto t5 = std::find_if(
        tiles.cbegin(), tiles.cend(), [](QFrame* tile) { return tile->property("tableLabel").toString() == u"T5"; });
    QVERIFY(t5 != tiles.cend());
    QTRY_COMPARE((*t5)->property("state").toString(), QStringLiteral("occupied"));
    QVERIFY(
        (*t5)->findChild<QLabel*>(QStringLiteral("tableDetailLabel"))->text().startsWith(QStringLiteral("Bianchi")));
}

void TestQueueView::combinesTablesForALargeParty()
{
    const Party group = join(QStringLiteral("Group"), 8);
    openView();
    QVERIFY(m_view->selectParty(group.id));

    QStringList totals;
    bool okBeforeEnough = true;
    Dialogs::setHook([&](QDialog* dialog) {
        auto* seat = qobject_cast<SeatDialog*>(dialog);
        if (seat == nullptr) {
            return int(QDialog::Rejected);
        }
        auto* combine = seat->findChild<QCheckBox*>(QStringLiteral("combineTablesCheckBox"));
        auto* list = seat->findChild<QListWidget*>(QStringLiteral("combineTablesListWidget"));
        auto* total = seat->findChild<QLabel*>(QStringLiteral("seatTotalLabel"));
        auto* ok = seat->findChild<QPushButton*>(QStringLiteral("seatOkButton"));
        QTest::mouseClick(combine, Qt::LeftButton);
        const auto pick = [list](const QString& label) {
            for (int i = 0; i < list->count(); ++i) {
                if (list->item(i)->text().startsWith(label + QStringLiteral(" "))) {
                    list->item(i)->setSelected(true);
                }
            }
        };
        pick(QStringLiteral("T5"));
        totals << total->text();
        okBeforeEnough = ok->isEnabled();
        pick(QStringLiteral("T6"));
        totals << total->text();
        QTest::mouseClick(ok, Qt::LeftButton);
        return seat->result();
    });
    QTest::mouseClick(button(QStringLiteral("seatButton")), Qt::LeftButton);

    QCOMPARE(totals.size(), 2);
    QVERIFY2(totals.at(0).contains(QStringLiteral("4 more needed")), qPrintable(totals.at(0)));
    QVERIFY(!okBeforeEnough);
    QVERIFY2(totals.at(1).contains(QStringLiteral("8 seats for a party of 8")), qPrintable(totals.at(1)));
    QTRY_COMPARE(partyStatus(group.id), QStringLiteral("seated"));
    QCOMPARE(tableState(QStringLiteral("T5")), QStringLiteral("occupied"));
    QCOMPARE(tableState(QStringLiteral("T6")), QStringLiteral("occupied"));
    QTRY_COMPARE(cell(QStringLiteral("Group"), PartyListModel::TablesColumn), QStringLiteral("T5 + T6"));
}

void TestQueueView::walkInIsValidatedInline()
{
    openView();
    const auto parties = [this] { return m_db->scalar(QStringLiteral("SELECT count(*) FROM parties")).toInt(); };

    // No name: the dialog says so and stays open; nothing is created.
    QString complaint;
    bool stayedOpen = false;
    Dialogs::setHook([&](QDialog* dialog) {
        auto* walkIn = qobject_cast<WalkInDialog*>(dialog);
        if (walkIn == nullptr) {
            return int(QDialog::Rejected);
        }
        QTest::keyClicks(walkIn->findChild<QLineEdit*>(QStringLiteral("nameLineEdit")), QStringLiteral("   "));
        QTest::mouseClick(walkIn->findChild<QPushButton*>(QStringLiteral("addToQueueButton")), Qt::LeftButton);
        complaint = walkIn->findChild<QLabel*>(QStringLiteral("walkInMessageLabel"))->text();
        stayedOpen = walkIn->result() != QDialog::Accepted;
        // A bad phone number is caught too.
        QTest::keyClicks(walkIn->findChild<QLineEdit*>(QStringLiteral("nameLineEdit")), QStringLiteral("Garcia"));
        QTest::keyClicks(walkIn->findChild<QLineEdit*>(QStringLiteral("phoneLineEdit")), QStringLiteral("call me"));
        QTest::mouseClick(walkIn->findChild<QPushButton*>(QStringLiteral("addToQueueButton")), Qt::LeftButton);
        complaint += u'|' + walkIn->message();
        return walkIn->result();
    });
    QTest::mouseClick(button(QStringLiteral("addWalkInButton")), Qt::LeftButton);
    QVERIFY(stayedOpen);
    QVERIFY2(complaint.startsWith(QStringLiteral("Please tell us a name to call.")), qPrintable(complaint));
    QVERIFY2(complaint.endsWith(QStringLiteral("That does not look like a phone number.")), qPrintable(complaint));
    QCOMPARE(parties(), 0);

    // Valid: a host walk-in joins the queue and is selected when it shows.
    std::pair<int, int> sizeRange;
    Dialogs::setHook([&sizeRange](QDialog* dialog) {
        auto* walkIn = qobject_cast<WalkInDialog*>(dialog);
        if (walkIn == nullptr) {
            return int(QDialog::Rejected);
        }
        QTest::keyClicks(walkIn->findChild<QLineEdit*>(QStringLiteral("nameLineEdit")), QStringLiteral("Garcia"));
        auto* size = walkIn->findChild<QSpinBox*>(QStringLiteral("partySizeSpinBox"));
        sizeRange = {size->minimum(), size->maximum()};
        size->setValue(5);
        QTest::keyClicks(walkIn->findChild<QLineEdit*>(QStringLiteral("phoneLineEdit")),
                         QStringLiteral("+34 600 123 456"));
        QTest::keyClicks(walkIn->findChild<QLineEdit*>(QStringLiteral("notesLineEdit")), QStringLiteral("high chair"));
        QTest::mouseClick(walkIn->findChild<QPushButton*>(QStringLiteral("addToQueueButton")), Qt::LeftButton);
        return walkIn->result();
    });
    QTest::mouseClick(button(QStringLiteral("addWalkInButton")), Qt::LeftButton);
    QCOMPARE(sizeRange, std::make_pair(1, 20));
    QTRY_COMPARE(parties(), 1);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT name || '/' || size || '/' || source || '/' || phone || '/' || notes"
                                         " FROM parties"))
                 .toString(),
             QStringLiteral("Garcia/5/host/+34 600 123 456/high chair"));
    QTRY_COMPARE(m_view->model()->rowCount(), 1);
    QTRY_VERIFY(m_view->selectedParty() != nullptr);
    QCOMPARE(m_view->selectedParty()->name, QStringLiteral("Garcia"));
    QVERIFY2(message()->text().contains(QStringLiteral("Garcia (party of 5) added")), qPrintable(message()->text()));
}

void TestQueueView::cancelAsksFirst()
{
    const Party rossi = join(QStringLiteral("Rossi"), 2);
    openView();
    QVERIFY(m_view->selectParty(rossi.id));

    QString question;
    Dialogs::setHook([&question](QDialog* dialog) {
        auto* box = qobject_cast<QMessageBox*>(dialog);
        question = box != nullptr ? box->text() : QString();
        return int(QMessageBox::No);
    });
    QTest::mouseClick(button(QStringLiteral("cancelPartyButton")), Qt::LeftButton);
    QVERIFY2(question.contains(QStringLiteral("Rossi")), qPrintable(question));
    QCOMPARE(partyStatus(rossi.id), QStringLiteral("waiting")); // kept

    Dialogs::setHook([](QDialog*) { return int(QMessageBox::Yes); });
    QTest::mouseClick(button(QStringLiteral("cancelPartyButton")), Qt::LeftButton);
    QTRY_COMPARE(partyStatus(rossi.id), QStringLiteral("cancelled"));
    QTRY_COMPARE(m_view->model()->rowCount(), 0); // gone from the queue
}

void TestQueueView::noShowAndDone()
{
    const Party rossi = join(QStringLiteral("Rossi"), 2);
    const Party verdi = join(QStringLiteral("Verdi"), 2);
    QVERIFY(awaitFuture(m_queue->seat(m_restaurant, Actor::system(), verdi.id, {tableId(QStringLiteral("T1"))})));
    openView();

    QVERIFY(m_view->selectParty(rossi.id));
    QTest::mouseClick(button(QStringLiteral("noShowButton")), Qt::LeftButton);
    QTRY_COMPARE(partyStatus(rossi.id), QStringLiteral("no_show"));
    QTRY_COMPARE(rowOf(QStringLiteral("Rossi")), -1);

    QVERIFY(m_view->selectParty(verdi.id));
    QVERIFY(!button(QStringLiteral("noShowButton"))->isEnabled());
    QTest::mouseClick(button(QStringLiteral("finishButton")), Qt::LeftButton);
    QTRY_COMPARE(partyStatus(verdi.id), QStringLiteral("done"));
    QCOMPARE(tableState(QStringLiteral("T1")), QStringLiteral("dirty")); // needs cleaning now
    QTRY_COMPARE(rowOf(QStringLiteral("Verdi")), -1);
}

void TestQueueView::marksADirtyTableFree()
{
    QVERIFY(m_db->exec(QStringLiteral("UPDATE dining_tables SET state = 'dirty' WHERE label = 'T3'")));
    openView();

    const qint64 t3 = tableId(QStringLiteral("T3"));
    QPushButton* markFree = nullptr;
    const auto buttons = m_view->tablesPanel()->findChildren<QPushButton*>(QStringLiteral("markFreeButton"));
    QCOMPARE(buttons.size(), 14); // one per table in the demo room
    for (QPushButton* candidate : buttons) {
        if (candidate->property("tableId").toLongLong() == t3) {
            markFree = candidate;
        } else {
            QVERIFY(!candidate->isVisible()); // only tables that need cleaning offer it
        }
    }
    QVERIFY(markFree != nullptr);
    QVERIFY(markFree->isVisible());
    // The tile says why, in words.
    auto* tile = qobject_cast<QFrame*>(markFree->parentWidget());
    QCOMPARE(tile->property("state").toString(), QStringLiteral("dirty"));
    QCOMPARE(tile->findChild<QLabel*>(QStringLiteral("tableStateLabel"))->text(), QStringLiteral("To clean"));
    auto* summary = m_view->findChild<QLabel*>(QStringLiteral("tablesPanelSummaryLabel"));
    QVERIFY2(summary->text().contains(QStringLiteral("1 to clean")), qPrintable(summary->text()));
    QTest::mouseClick(markFree, Qt::LeftButton);
    QTRY_COMPARE(tableState(QStringLiteral("T3")), QStringLiteral("free"));
    QTRY_VERIFY(!markFree->isVisible());
}

void TestQueueView::flagsAnExpiredHold()
{
    const Party late = join(QStringLiteral("Late"), 2);
    const Party onTime = join(QStringLiteral("OnTime"), 2);
    QVERIFY(awaitFuture(m_queue->notify(m_restaurant, Actor::system(), late.id)));
    QVERIFY(awaitFuture(m_queue->notify(m_restaurant, Actor::system(), onTime.id)));
    // Notified 25 minutes ago; the table is held for 10.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE parties SET notified_at = now() - interval '25 minutes' WHERE id = ?"),
                       {late.id}));
    openView();

    const PartyListModel* model = m_view->model();
    const QModelIndex lateStatus = model->index(rowOf(QStringLiteral("Late")), PartyListModel::StatusColumn);
    const QModelIndex onTimeStatus = model->index(rowOf(QStringLiteral("OnTime")), PartyListModel::StatusColumn);
    QVERIFY(lateStatus.data(PartyListModel::HoldExpiredRole).toBool());
    QCOMPARE(lateStatus.data().toString(), QStringLiteral("Hold expired"));
    QVERIFY(lateStatus.data(Qt::BackgroundRole).isValid()); // the whole row is marked
    QVERIFY(lateStatus.siblingAtColumn(PartyListModel::NameColumn).data(Qt::BackgroundRole).isValid());
    QVERIFY(!onTimeStatus.data(PartyListModel::HoldExpiredRole).toBool());
    QCOMPARE(onTimeStatus.data().toString(), QStringLiteral("Notified"));
    QCOMPARE(onTimeStatus.data(PartyListModel::SecondaryTextRole).toString(), QStringLiteral("10 min left"));
    QVERIFY2(lateStatus.data(PartyListModel::SecondaryTextRole).toString().endsWith(QStringLiteral("min over")),
             qPrintable(lateStatus.data(PartyListModel::SecondaryTextRole).toString()));
    const QString summary = m_view->findChild<QLabel*>(QStringLiteral("queueSummaryLabel"))->text();
    QVERIFY2(summary.contains(QStringLiteral("2\u00a0notified\u00a0(1\u00a0expired)")), qPrintable(summary));
    // The clock moves on without the database: the other hold runs out too.
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    m_view->model()->setNow(m_view->model()->now().addSecs(11 * 60));
    QVERIFY(changed.count() > 0);
    QVERIFY(onTimeStatus.data(PartyListModel::HoldExpiredRole).toBool());
}

void TestQueueView::showsServiceErrors()
{
    const Party rossi = join(QStringLiteral("Rossi"), 2);
    openView();
    QVERIFY(m_view->selectParty(rossi.id));
    QVERIFY(!button(QStringLiteral("finishButton"))->isEnabled());

    // Done on a waiting party: the service refuses and the view says why.
    m_view->finishSelected();
    QTRY_VERIFY(message()->isVisible());
    QCOMPARE(message()->property("kind").toString(), QStringLiteral("error"));
    QVERIFY2(message()->text().contains(QStringLiteral("A party that is waiting cannot become done.")),
             qPrintable(message()->text()));
    QVERIFY2(message()->text().startsWith(QStringLiteral("Rossi could not be marked done")),
             qPrintable(message()->text()));
    QCOMPARE(partyStatus(rossi.id), QStringLiteral("waiting"));
}

void TestQueueView::staleViewGetsAReadableConflict()
{
    const Party rossi = join(QStringLiteral("Rossi"), 2);
    openView(); // no listener: this console has not heard the news
    QVERIFY(m_view->selectParty(rossi.id));

    // Meanwhile another console cancels Rossi.
    QueueService other(*m_store);
    QVERIFY(awaitFuture(other.cancel(m_restaurant, Actor::system(), rossi.id)));
    QVERIFY(button(QStringLiteral("notifyButton"))->isEnabled());
    QTest::mouseClick(button(QStringLiteral("notifyButton")), Qt::LeftButton);
    QTRY_VERIFY(message()->isVisible());
    QVERIFY2(message()->text().contains(QStringLiteral("A party that is cancelled cannot become notified.")),
             qPrintable(message()->text()));
    QCOMPARE(partyStatus(rossi.id), QStringLiteral("cancelled"));
    // The view reads the queue back rather than trusting its old picture.
    QTRY_COMPARE(m_view->model()->rowCount(), 0);
}

void TestQueueView::partyModelIsWellBehaved()
{
    PartyListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto party = [now](qint64 id, const QString& name, PartyStatus status, int position) {
        Party p;
        p.id = id;
        p.name = name;
        p.size = 2;
        p.status = status;
        p.position = position;
        p.joinedAt = now.addSecs(-60 * 20);
        p.quotedMinutes = 15;
        if (status != PartyStatus::Waiting) {
            p.notifiedAt = now.addSecs(-60 * 2);
        }
        if (status == PartyStatus::Seated) {
            p.seatedAt = now.addSecs(-60);
            p.tableLabels = {QStringLiteral("T1")};
        }
        return p;
    };
    model.setNow(now);
    QList<Party> parties{party(1, QStringLiteral("A"), PartyStatus::Waiting, 1),
                         party(2, QStringLiteral("B"), PartyStatus::Waiting, 2),
                         party(3, QStringLiteral("C"), PartyStatus::Seated, 0)};
    model.setParties(parties);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, PartyListModel::WaitedColumn).data().toString(), QStringLiteral("20 min"));
    QCOMPARE(model.index(2, PartyListModel::WaitedColumn).data().toString(), QStringLiteral("19 min"));
    QCOMPARE(model.index(1, 0).data(PartyListModel::PartyIdRole).toLongLong(), 2);

    // One party changes: its row alone is signalled, no reset.
    changed.clear();
    parties[1] = party(2, QStringLiteral("B"), PartyStatus::Notified, 2);
    model.setParties(parties);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
    QVERIFY(model.index(1, PartyListModel::StatusColumn).data().toString().startsWith(QStringLiteral("Notified")));

    // A leaves, D joins, B is seated (moves below the queue): rows move, none reset.
    parties = {party(4, QStringLiteral("D"), PartyStatus::Waiting, 1),
               party(3, QStringLiteral("C"), PartyStatus::Seated, 0),
               party(2, QStringLiteral("B"), PartyStatus::Seated, 0)};
    model.setParties(parties);
    QCOMPARE(model.rowCount(), 3);
    for (int row = 0; row < 3; ++row) {
        QCOMPARE(model.index(row, PartyListModel::NameColumn).data().toString(), parties.at(row).name);
    }
    QVERIFY(removed.count() >= 1);
    QVERIFY(inserted.count() >= 1);
    QVERIFY(moved.count() >= 1);

    // The clock ticks: times change in place.
    changed.clear();
    model.setNow(now.addSecs(60 * 5));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0, PartyListModel::WaitedColumn).data().toString(), QStringLiteral("25 min"));

    model.setShowSeated(false);
    QCOMPARE(model.rowCount(), 1);
    model.setShowSeated(true);
    QCOMPARE(model.rowCount(), 3);
    model.setParties({});
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(reset.count(), 0);
}

void TestQueueView::updatingOnePartyKeepsTheModel()
{
    const Party rossi = join(QStringLiteral("Rossi"), 2);
    const Party verdi = join(QStringLiteral("Verdi"), 3);
    openView();
    listen();
    QVERIFY(m_view->selectParty(verdi.id));

    QSignalSpy reset(m_view->model(), &QAbstractItemModel::modelReset);
    QSignalSpy changed(m_view->model(), &QAbstractItemModel::dataChanged);
    QueueService other(*m_store);
    QVERIFY(awaitFuture(other.notify(m_restaurant, Actor::system(), rossi.id)));
    QTRY_VERIFY(cell(QStringLiteral("Rossi"), PartyListModel::StatusColumn).startsWith(QStringLiteral("Notified")));
    QCOMPARE(reset.count(), 0);
    QVERIFY(changed.count() > 0);
    QCOMPARE(m_view->selectedParty()->id, verdi.id); // the host's selection stays put
}

void TestQueueView::qrCodeFollowsTheDinerUrl()
{
    openView();
    auto* qr = m_view->findChild<QrCodeWidget*>(QStringLiteral("qrCodeWidget"));
    QPushButton* fullScreen = button(QStringLiteral("fullScreenQrButton"));
    QPushButton* print = button(QStringLiteral("printPosterButton"));
    // Not served: a note, nothing to scan or print.
    QVERIFY(!qr->hasCode());
    QCOMPARE(qr->accessibleName(), QStringLiteral("Diner page not served"));
    QVERIFY(!fullScreen->isEnabled());
    QVERIFY(!print->isEnabled());

    const QString url = QStringLiteral("http://192.168.1.20:8080/");
    m_view->setDinerUrl(url);
    QVERIFY(qr->hasCode());
    QCOMPARE(qr->url(), url);
    QVERIFY(fullScreen->isEnabled());
    // A real QR symbol: a finder pattern in the corner (dark ring, light ring, dark centre).
    const QrCode& code = qr->code();
    QVERIFY(code.size() >= 21);
    QVERIFY(code.isDark(0, 0) && code.isDark(6, 0) && code.isDark(0, 6));
    QVERIFY(!code.isDark(1, 1) && !code.isDark(5, 5));
    QVERIFY(code.isDark(3, 3));
    QVERIFY(!code.isDark(7, 7)); // the separator
    QVERIFY(QrCode::encode(QStringLiteral("http://192.168.1.20:8081/")).size() == code.size());

    // Full screen: a big poster window; Esc closes it.
    QTest::mouseClick(fullScreen, Qt::LeftButton);
    QPointer<QrPosterWindow> poster = m_view->findChild<QrPosterWindow*>(QStringLiteral("qrPosterWindow"));
    QVERIFY(poster);
    QTRY_VERIFY(poster->isVisible());
    QVERIFY(poster->isFullScreen());
    QTest::keyClick(poster, Qt::Key_Escape);
    QTRY_VERIFY(poster.isNull());

    m_view->setDinerUrl({});
    QVERIFY(!qr->hasCode());
    QVERIFY(!print->isEnabled());
}

void TestQueueView::printsThePoster()
{
    openView();
    m_view->setDinerUrl(QStringLiteral("http://192.168.1.20:8080/"));
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("poster.pdf"));
    bool asked = false;
    Dialogs::setHook([&](QDialog* dialog) {
        auto* printDialog = qobject_cast<QPrintDialog*>(dialog);
        if (printDialog == nullptr) {
            return int(QDialog::Rejected);
        }
        asked = true;
        printDialog->printer()->setOutputFormat(QPrinter::PdfFormat);
        printDialog->printer()->setOutputFileName(pdf);
        return int(QDialog::Accepted);
    });
    QTest::mouseClick(button(QStringLiteral("printPosterButton")), Qt::LeftButton);
    QVERIFY(asked);
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == QByteArrayLiteral("%PDF-"));
    QVERIFY(file.size() > 1000);
    QVERIFY2(message()->text().contains(QStringLiteral("printer")), qPrintable(message()->text()));
}

void TestQueueView::queueIsTheFirstViewInTheWindow()
{
    join(QStringLiteral("Rossi"), 2);
    TableService tables(*m_store);
    MainWindow window;
    window.setDinerUrl(QStringLiteral("http://10.0.0.5:8080/")); // known before the console is built
    window.show();
    window.showConsole(
        Restaurant{m_restaurant, QStringLiteral("demo"), QStringLiteral("Trattoria Demo"), {}}, tables, *m_queue);
    auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigationList"));
    QCOMPARE(navigation->count(), 2);
    QCOMPARE(navigation->item(0)->text(), QStringLiteral("Queue"));
    QCOMPARE(navigation->item(1)->text(), QStringLiteral("Tables"));
    QVERIFY(window.queueView() != nullptr);
    QVERIFY(window.queueView()->isVisible()); // the host's first screen
    QTRY_COMPARE(window.queueView()->model()->rowCount(), 1);
    auto* qr = window.queueView()->findChild<QrCodeWidget*>(QStringLiteral("qrCodeWidget"));
    QCOMPARE(qr->url(), QStringLiteral("http://10.0.0.5:8080/"));
    window.setDinerUrl(QStringLiteral("http://10.0.0.5:9090/"));
    QCOMPARE(qr->url(), QStringLiteral("http://10.0.0.5:9090/"));
    navigation->setCurrentRow(1);
    QVERIFY(window.tablesView()->isVisible());
}

void TestQueueView::actionsFollowTheSignedInRole()
{
    const Party rossi = join(QStringLiteral("Rossi"), 2);
    openView();
    QVERIFY(m_view->selectParty(rossi.id));
    QVERIFY(button(QStringLiteral("notifyButton"))->isEnabled());

    // A cook at the door's console may not seat or notify: the buttons say so at once.
    m_session->signIn(Actor::staff(0, QStringLiteral("Test cook"), Role::Kitchen));
    QVERIFY(!button(QStringLiteral("notifyButton"))->isEnabled());
    QVERIFY(!button(QStringLiteral("seatButton"))->isEnabled());
    QVERIFY(!button(QStringLiteral("addWalkInButton"))->isEnabled());
    // Even asked directly, the models layer refuses and nothing changes.
    m_view->notifySelected();
    QTRY_VERIFY(message()->isVisible());
    QVERIFY2(message()->text().contains(QStringLiteral("Test cook may not")), qPrintable(message()->text()));
    QCOMPARE(partyStatus(rossi.id), QStringLiteral("waiting"));

    // Locked: nobody may do anything.
    m_session->signOut();
    QVERIFY(!button(QStringLiteral("notifyButton"))->isEnabled());

    m_session->signIn(Actor::staff(0, QStringLiteral("Test host"), Role::Host));
    QVERIFY(button(QStringLiteral("notifyButton"))->isEnabled());
    QTest::mouseClick(button(QStringLiteral("notifyButton")), Qt::LeftButton);
    QTRY_COMPARE(partyStatus(rossi.id), QStringLiteral("notified"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'party.notified'"
                                         " AND details->>'party' = 'Rossi'"))
                 .toInt(),
             1);
}

QTEST_MAIN(TestQueueView)
#include "tst_queueview.moc"
