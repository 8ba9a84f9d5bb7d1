#include "kitchencarddelegate.h"
#include "kitchenservice.h"
#include "kitchenticketmodel.h"
#include "kitchenview.h"
#include "queueservice.h"
#include "store/eventlistener.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>
#include <QVBoxLayout>

// The kitchen display, offscreen, over a real database: what its cards show,
// what the bump bar's keys do to the database, how it follows another
// screen's bumps without rebuilding, and its age colours.
class TestKitchenView final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void listsRoutedTicketsWithItemsAndNotes();
    void emptyBoardSaysSo();
    void enterBumpsTheSelectedTicket();
    void backspaceRecallsTheLastBump();
    void anotherScreensBumpUpdatesOnlyThatCard();
    void ageColoursAtThresholds();
    void thresholdsComeFromSettings();
    void alreadyBumpedIsAMessage();
    void stationFilterAndExpo();
    void rush(); // also saves docs/screenshots/kitchen.png with MAITRE_TEST_SCREENSHOT_DIR

private:
    struct Line
    {
        Line(const QString& dish_, int quantity_ = 1, const QString& note_ = {}, const QString& modifiers_ = {})
            : dish(dish_)
            , quantity(quantity_)
            , note(note_)
            , modifiers(modifiers_.isEmpty() ? QStringLiteral("[]") : modifiers_)
        { }
        QString dish;
        int quantity = 1;
        QString note;
        QString modifiers;
    };
    qint64 placeOrder(const QString& kind, const QList<Line>& lines, qint64 partyId = 0, const QString& guest = {});
    qint64 ticketOf(qint64 orderId, const QString& station);
    qint64 itemOf(qint64 orderId, const QString& dish);
    void age(qint64 orderId, int seconds);
    qint64 seatedParty(const QString& name, int size, const QString& table);
    qint64 tableId(const QString& label);
    void openView(const QSize& size = QSize(1280, 800));
    void listen();
    void pressKey(Qt::Key key);
    QString ticketStatus(qint64 ticketId);
    QLabel* message() const;

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<KitchenService> m_kitchen;
    std::unique_ptr<QueueService> m_queue;
    std::unique_ptr<EventListener> m_listener;
    std::unique_ptr<QWidget> m_window;
    KitchenView* m_view = nullptr;
    qint64 m_restaurant = 0;
    int m_orders = 0;
};

void TestKitchenView::initTestCase()
{
    // Thresholds are read from QSettings: keep the tests' own out of the user's.
    QStandardPaths::setTestModeEnabled(true);
    QSettings().remove(QStringLiteral("kitchen"));
}

void TestKitchenView::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_kitchen = std::make_unique<KitchenService>(*m_store);
    m_queue = std::make_unique<QueueService>(*m_store);
    m_orders = 0;
}

void TestKitchenView::cleanup()
{
    m_window.reset();
    m_view = nullptr;
    if (m_listener) {
        m_listener->stop();
        m_listener.reset();
    }
    m_kitchen.reset();
    m_store.reset();
    m_queue.reset();
    m_db.reset();
    QSettings().remove(QStringLiteral("kitchen"));
}

qint64 TestKitchenView::placeOrder(const QString& kind, const QList<Line>& lines, qint64 partyId, const QString& guest)
{
    ++m_orders;
    const qint64 orderId =
        m_db->scalar(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code, customer_name,"
                                    " party_id) VALUES (?, ?, 'received', ?, ?, ?, ?) RETURNING id"),
                     {m_restaurant,
                      kind,
                      QUuid::createUuid().toString(QUuid::WithoutBraces),
                      QString::number(4100 + m_orders),
                      guest.isEmpty() ? QStringLiteral("Guest %1").arg(m_orders) : guest,
                      partyId > 0 ? QVariant(partyId) : QVariant(QMetaType::fromType<qint64>())})
            .toLongLong();
    for (const Line& line : lines) {
        const bool added = m_db->exec(
            QStringLiteral("INSERT INTO order_items (restaurant_id, order_id, menu_item_id, name, quantity,"
                           " unit_price_cents, note, modifiers)"
                           " SELECT ?, ?, id, name, ?, price_cents, ?, ?::jsonb FROM menu_items WHERE name = ?"),
            {m_restaurant,
             orderId,
             line.quantity,
             line.note.isNull() ? QStringLiteral("") : line.note,
             line.modifiers,
             line.dish});
        if (!added) {
            qWarning() << "could not add" << line.dish;
        }
    }
    QSqlDatabase db = m_db->connection();
    db.transaction();
    if (auto routed = KitchenService::routeOrder(db, orderId); routed) {
        db.commit();
    } else {
        db.rollback();
        qWarning() << "routing failed:" << routed.error().message;
    }
    return orderId;
}

qint64 TestKitchenView::ticketOf(qint64 orderId, const QString& station)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM tickets WHERE order_id = ? AND station = ?"), {orderId, station})
        .toLongLong();
}

qint64 TestKitchenView::itemOf(qint64 orderId, const QString& dish)
{
    return m_db
        ->scalar(QStringLiteral("SELECT ti.id FROM ticket_items ti JOIN order_items oi ON oi.id = ti.order_item_id"
                                " WHERE oi.order_id = ? AND oi.name = ?"),
                 {orderId, dish})
        .toLongLong();
}

void TestKitchenView::age(qint64 orderId, int seconds)
{
    QVERIFY(m_db->exec(QStringLiteral("UPDATE tickets SET created_at = now() - make_interval(secs => ?)"
                                      " WHERE order_id = ?"),
                       {seconds, orderId}));
}

qint64 TestKitchenView::tableId(const QString& label)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM dining_tables WHERE label = ?"), {label}).toLongLong();
}

qint64 TestKitchenView::seatedParty(const QString& name, int size, const QString& table)
{
    JoinRequest request;
    request.name = name;
    request.partySize = size;
    request.source = QStringLiteral("host");
    const Result<Party> party = awaitFuture(m_queue->join(m_restaurant, request));
    if (!party) {
        qFatal("join failed: %s", qPrintable(party.error().message));
    }
    const auto seated = awaitFuture(m_queue->seat(m_restaurant, Actor::system(), party->id, {tableId(table)}));
    if (!seated) {
        qFatal("seat failed: %s", qPrintable(seated.error().message));
    }
    return party->id;
}

void TestKitchenView::openView(const QSize& size)
{
    m_window = std::make_unique<QWidget>();
    m_window->resize(size);
    m_view = new KitchenView(*m_kitchen, m_restaurant, m_window.get());
    QSignalSpy loaded(m_view, &KitchenView::loaded);
    auto* layout = new QVBoxLayout(m_window.get());
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    m_window->show();
    QVERIFY(loaded.wait());
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

// Another screen's changes reach this one only through the database's events.
void TestKitchenView::listen()
{
    m_listener = std::make_unique<EventListener>(m_db->settings());
    connect(m_listener.get(), &EventListener::eventReceived, m_view, &KitchenView::handleEvent);
    m_listener->start();
    QTRY_VERIFY(m_listener->isConnected());
}

void TestKitchenView::pressKey(Qt::Key key)
{
    QTest::keyClick(m_view->cardView(), key);
}

QString TestKitchenView::ticketStatus(qint64 ticketId)
{
    return m_db->scalar(QStringLiteral("SELECT status FROM tickets WHERE id = ?"), {ticketId}).toString();
}

QLabel* TestKitchenView::message() const
{
    return m_view->findChild<QLabel*>(QStringLiteral("kitchenMessageLabel"));
}

void TestKitchenView::emptyBoardSaysSo()
{
    openView();
    auto* empty = m_view->findChild<QLabel*>(QStringLiteral("kitchenEmptyLabel"));
    QVERIFY(empty);
    QVERIFY(empty->isVisible());
    listen();
    placeOrder(QStringLiteral("takeout"), {{QStringLiteral("Pizza Margherita"), 1}});
    // The new order reaches this screen through the events; the notice goes.
    QTRY_VERIFY(m_view->model()->rowCount() > 0);
    QVERIFY(!empty->isVisible());
}

void TestKitchenView::listsRoutedTicketsWithItemsAndNotes()
{
    const qint64 first = placeOrder(QStringLiteral("takeout"),
                                    {{QStringLiteral("Fritto misto"),
                                      2,
                                      QStringLiteral("sauce apart"),
                                      QStringLiteral(R"(["no lemon", {"name": "extra aioli", "price_cents": 100}])")},
                                     {QStringLiteral("Bistecca alla griglia"), 1, QStringLiteral("rare")}});
    age(first, 120);
    const qint64 second = placeOrder(QStringLiteral("delivery"), {{QStringLiteral("Pizza Margherita"), 3}});
    openView();
    QAbstractItemModelTester tester(m_view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    const KitchenTicketModel* model = m_view->model();
    QCOMPARE(model->rowCount(), 3); // fry and grill for the first order, grill for the second
    // Arrival order: the older order's cards first.
    QCOMPARE(model->ticketAt(0)->orderId, first);
    QCOMPARE(model->ticketAt(1)->orderId, first);
    QCOMPARE(model->ticketAt(2)->orderId, second);
    const KitchenTicket* fry = model->ticketAt(model->rowOf(ticketOf(first, QStringLiteral("fry"))));
    QVERIFY(fry != nullptr);
    QCOMPARE(fry->orderKind, QStringLiteral("takeout"));
    QCOMPARE(fry->items.size(), 1);
    QCOMPARE(fry->items.first().quantity, 2);
    QCOMPARE(fry->items.first().note, QStringLiteral("sauce apart"));
    QCOMPARE(fry->items.first().modifiers, QStringList({QStringLiteral("no lemon"), QStringLiteral("extra aioli")}));
    QCOMPARE(model->index(model->rowOf(fry->id)).data().toString(), u'#' + fry->orderCode);
    QVERIFY(model->index(model->rowOf(fry->id))
                .data(Qt::AccessibleTextRole)
                .toString()
                .contains(QStringLiteral("Fritto misto")));
    // The card is tall enough for its modifiers and note.
    const QModelIndex fryIndex = model->index(model->rowOf(fry->id));
    const QModelIndex pizzaIndex = model->index(model->rowOf(ticketOf(second, QStringLiteral("grill"))));
    QVERIFY(m_view->cardView()->visualRect(fryIndex).height() > m_view->cardView()->visualRect(pizzaIndex).height());

    auto* allDay = m_view->findChild<QLabel*>(QStringLiteral("allDayLabel"));
    QVERIFY2(allDay->text().contains(QStringLiteral("Pizza Margherita")), qPrintable(allDay->text()));
    QVERIFY(allDay->text().contains(QStringLiteral("FRY")));
    auto* summary = m_view->findChild<QLabel*>(QStringLiteral("kitchenSummaryLabel"));
    QVERIFY2(summary->text().contains(QStringLiteral("3 open tickets")), qPrintable(summary->text()));
    QVERIFY2(summary->text().contains(QStringLiteral("oldest 2:")), qPrintable(summary->text()));
}

void TestKitchenView::enterBumpsTheSelectedTicket()
{
    const qint64 first = placeOrder(QStringLiteral("dine_in"), {{QStringLiteral("Branzino"), 1}});
    age(first, 60);
    const qint64 second = placeOrder(QStringLiteral("takeout"), {{QStringLiteral("Burrata"), 1}});
    openView();
    QCOMPARE(m_view->model()->rowCount(), 2);
    auto* bump = m_view->findChild<QPushButton*>(QStringLiteral("bumpButton"));
    QVERIFY(!bump->isEnabled()); // nothing selected yet

    // Number 2 selects the second card; Enter bumps it in the database.
    pressKey(Qt::Key_2);
    const qint64 cold = ticketOf(second, QStringLiteral("cold"));
    QCOMPARE(m_view->selectedTicketId(), cold);
    QVERIFY(bump->isEnabled());
    pressKey(Qt::Key_Enter);
    QTRY_COMPARE(ticketStatus(cold), QStringLiteral("bumped"));
    QTRY_COMPARE(m_view->model()->rowCount(), 1);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), {second}).toString(),
             QStringLiteral("ready"));

    // The remaining card moves under the cursor; the big button bumps too.
    const qint64 grill = ticketOf(first, QStringLiteral("grill"));
    QCOMPARE(m_view->selectedTicketId(), grill);
    QTest::mouseClick(bump, Qt::LeftButton);
    QTRY_COMPARE(ticketStatus(grill), QStringLiteral("bumped"));
    QTRY_COMPARE(m_view->model()->rowCount(), 0);

    // Enter with nothing selected explains, rather than bumping anything.
    pressKey(Qt::Key_Return);
    QVERIFY(message()->isVisible());
}

void TestKitchenView::backspaceRecallsTheLastBump()
{
    const qint64 order = placeOrder(QStringLiteral("dine_in"), {{QStringLiteral("Branzino"), 1}});
    const qint64 grill = ticketOf(order, QStringLiteral("grill"));
    openView();
    pressKey(Qt::Key_1);
    pressKey(Qt::Key_Enter);
    QTRY_COMPARE(m_view->model()->rowCount(), 0);
    pressKey(Qt::Key_Backspace);
    QTRY_COMPARE(m_view->model()->rowCount(), 1);
    QCOMPARE(ticketStatus(grill), QStringLiteral("open"));
    QCOMPARE(m_view->selectedTicketId(), grill);
    QVERIFY(m_view->model()->index(0).data(KitchenTicketModel::RecalledRole).toBool());
    QVERIFY(message()->text().contains(QStringLiteral("Recalled")));
}

void TestKitchenView::anotherScreensBumpUpdatesOnlyThatCard()
{
    const qint64 first = placeOrder(QStringLiteral("dine_in"),
                                    {{QStringLiteral("Branzino"), 1}, {QStringLiteral("Pollo alla diavola"), 2}});
    age(first, 60);
    const qint64 second = placeOrder(QStringLiteral("takeout"), {{QStringLiteral("Pizza Diavola"), 1}});
    openView();
    listen();
    QAbstractItemModelTester tester(m_view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const KitchenTicketModel* model = m_view->model();
    QCOMPARE(model->rowCount(), 2);
    const qint64 firstGrill = ticketOf(first, QStringLiteral("grill"));
    const qint64 secondGrill = ticketOf(second, QStringLiteral("grill"));
    QVERIFY(m_view->selectTicket(secondGrill));

    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy refreshed(m_view, &KitchenView::ticketRefreshed);

    // The other screen: its own store (connection) and service.
    Store otherStore(m_db->settings(), 1);
    KitchenService other(otherStore);
    QVERIFY(awaitFuture(other.bumpItem(m_restaurant, Actor::system(), itemOf(first, QStringLiteral("Branzino")))));
    QTRY_VERIFY(refreshed.contains({firstGrill}));
    const KitchenTicket* card = model->ticketAt(model->rowOf(firstGrill));
    QVERIFY(card != nullptr);
    QTRY_COMPARE(model->ticketAt(model->rowOf(firstGrill))->items.first().status, KitchenTicketItem::Status::Done);
    QCOMPARE(model->ticketAt(model->rowOf(firstGrill))->items.last().status, KitchenTicketItem::Status::Open);
    QVERIFY(!changed.isEmpty());
    for (const QList<QVariant>& signal : std::as_const(changed)) {
        // Only that card's row changed.
        QCOMPARE(signal.at(0).toModelIndex().row(), model->rowOf(firstGrill));
        QCOMPARE(signal.at(1).toModelIndex().row(), model->rowOf(firstGrill));
    }
    QCOMPARE(model->index(model->rowOf(firstGrill)).data(KitchenTicketModel::ItemCountRole).toInt(), 1);

    // A whole ticket bumped elsewhere leaves; the cook's selection elsewhere stays.
    QVERIFY(awaitFuture(other.bumpTicket(m_restaurant, Actor::system(), firstGrill)));
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(m_view->selectedTicketId(), secondGrill);
    QCOMPARE(resets.size(), 0);

    // A bump elsewhere of the selected ticket leaves nothing selected: Enter cannot hit the wrong one.
    QVERIFY(awaitFuture(other.bumpTicket(m_restaurant, Actor::system(), secondGrill)));
    QTRY_COMPARE(model->rowCount(), 0);
    QCOMPARE(m_view->selectedTicketId(), 0);

    // A new order from elsewhere is added as a row, not by a reset.
    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    placeOrder(QStringLiteral("voice"), {{QStringLiteral("Negroni"), 2}});
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model->ticketAt(0)->orderKind, QStringLiteral("voice"));
    QCOMPARE(resets.size(), 0);
}

void TestKitchenView::ageColoursAtThresholds()
{
    const qint64 fresh = placeOrder(QStringLiteral("dine_in"), {{QStringLiteral("Burrata"), 1}});
    const qint64 warning = placeOrder(QStringLiteral("dine_in"), {{QStringLiteral("Minestrone"), 1}});
    const qint64 late = placeOrder(QStringLiteral("dine_in"), {{QStringLiteral("Insalata verde"), 1}});
    age(fresh, 4 * 60 + 30);
    age(warning, 5 * 60 + 5);
    age(late, 8 * 60 + 5);
    openView();
    const qint64 freshTicket = ticketOf(fresh, QStringLiteral("cold"));
    const qint64 warningTicket = ticketOf(warning, QStringLiteral("cold"));
    const qint64 lateTicket = ticketOf(late, QStringLiteral("cold"));
    QCOMPARE(m_view->ageLevelOf(freshTicket), KitchenCardDelegate::AgeLevel::Fresh);
    QCOMPARE(m_view->ageLevelOf(warningTicket), KitchenCardDelegate::AgeLevel::Warning);
    QCOMPARE(m_view->ageLevelOf(lateTicket), KitchenCardDelegate::AgeLevel::Late);
    const KitchenCardDelegate* delegate = m_view->delegate();
    QCOMPARE(delegate->ageLevel(5 * 60 - 1), KitchenCardDelegate::AgeLevel::Fresh);
    QCOMPARE(delegate->ageLevel(5 * 60), KitchenCardDelegate::AgeLevel::Warning);
    QCOMPARE(delegate->ageLevel(8 * 60), KitchenCardDelegate::AgeLevel::Late);

    // And on screen: each card's header is painted in its colour.
    QListView* cards = m_view->cardView();
    const QImage image = cards->viewport()->grab().toImage();
    const auto headerPixel = [&](qint64 ticketId) {
        const QRect rect = cards->visualRect(m_view->model()->index(m_view->model()->rowOf(ticketId)));
        return QColor(image.pixel(rect.center().x(), rect.top() + 5));
    };
    QCOMPARE(headerPixel(freshTicket), KitchenCardDelegate::headerColor(KitchenCardDelegate::AgeLevel::Fresh));
    QCOMPARE(headerPixel(warningTicket), KitchenCardDelegate::headerColor(KitchenCardDelegate::AgeLevel::Warning));
    QCOMPARE(headerPixel(lateTicket), KitchenCardDelegate::headerColor(KitchenCardDelegate::AgeLevel::Late));
}

void TestKitchenView::thresholdsComeFromSettings()
{
    QSettings().setValue(QStringLiteral("kitchen/warningMinutes"), 1);
    QSettings().setValue(QStringLiteral("kitchen/lateMinutes"), 2);
    const qint64 order = placeOrder(QStringLiteral("dine_in"), {{QStringLiteral("Burrata"), 1}});
    age(order, 90);
    openView();
    QCOMPARE(m_view->delegate()->warningSeconds(), 60);
    QCOMPARE(m_view->delegate()->lateSeconds(), 120);
    QCOMPARE(m_view->ageLevelOf(ticketOf(order, QStringLiteral("cold"))), KitchenCardDelegate::AgeLevel::Warning);
}

void TestKitchenView::alreadyBumpedIsAMessage()
{
    const qint64 order = placeOrder(QStringLiteral("dine_in"), {{QStringLiteral("Branzino"), 1}});
    const qint64 grill = ticketOf(order, QStringLiteral("grill"));
    openView(); // no listener: this screen has not heard of the other's bump
    QVERIFY(m_view->selectTicket(grill));
    Store otherStore(m_db->settings(), 1);
    KitchenService other(otherStore);
    QVERIFY(awaitFuture(other.bumpTicket(m_restaurant, Actor::system(), grill)));

    pressKey(Qt::Key_Enter);
    QTRY_VERIFY(message()->isVisible());
    QVERIFY2(message()->text().contains(QStringLiteral("already bumped")), qPrintable(message()->text()));
    QCOMPARE(message()->property("kind").toString(), QStringLiteral("error"));
    QVERIFY(QApplication::activeModalWidget() == nullptr);
    // The stale card is read back and leaves.
    QTRY_COMPARE(m_view->model()->rowCount(), 0);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM events WHERE type = 'kitchen.ticket_bumped'")).toInt(),
             1);
}

void TestKitchenView::stationFilterAndExpo()
{
    const qint64 order = placeOrder(
        QStringLiteral("dine_in"),
        {{QStringLiteral("Branzino"), 1}, {QStringLiteral("Patatine fritte"), 1}, {QStringLiteral("Tiramisù"), 2}});
    openView();
    QCOMPARE(m_view->model()->rowCount(), 3);
    auto* combo = m_view->findChild<QComboBox*>(QStringLiteral("stationComboBox"));
    const int fryEntry = combo->findData(QStringLiteral("fry"));
    QVERIFY(fryEntry > 0);
    QSignalSpy loaded(m_view, &KitchenView::loaded);
    combo->setCurrentIndex(fryEntry);
    Q_EMIT combo->activated(fryEntry);
    QCOMPARE(m_view->scope().kind, KitchenScope::Kind::Station);
    QTRY_COMPARE(m_view->model()->rowCount(), 1);
    QCOMPARE(m_view->model()->ticketAt(0)->id, ticketOf(order, QStringLiteral("fry")));

    m_view->setScope(KitchenScope::expo());
    QCOMPARE(combo->currentText(), combo->itemText(combo->count() - 1));
    QTRY_COMPARE(m_view->model()->rowCount(), 1);
    QTRY_VERIFY(m_view->model()->ticketAt(0) && m_view->model()->ticketAt(0)->expo);
    QCOMPARE(m_view->model()->ticketAt(0)->items.size(), 3);
}

void TestKitchenView::rush()
{
    // A Friday rush: seated tables, takeout and delivery, a voice order, a
    // fired pre-order, two pre-orders coming up, some items under way.
    const qint64 rossi = seatedParty(QStringLiteral("Rossi"), 4, QStringLiteral("T5"));
    const qint64 bianchi = seatedParty(QStringLiteral("Bianchi"), 2, QStringLiteral("T2"));
    const qint64 conti = seatedParty(QStringLiteral("Conti"), 6, QStringLiteral("T9"));
    const qint64 a = placeOrder(QStringLiteral("dine_in"),
                                {{QStringLiteral("Bistecca alla griglia"), 2, QStringLiteral("1 rare, 1 medium")},
                                 {QStringLiteral("Patatine fritte"), 2},
                                 {QStringLiteral("Insalata verde"), 1, {}, QStringLiteral(R"(["no dressing"])")}},
                                rossi,
                                QStringLiteral("Rossi"));
    age(a, 9 * 60 + 12);
    const qint64 b = placeOrder(QStringLiteral("takeout"),
                                {{QStringLiteral("Pizza Diavola"), 1, {}, QStringLiteral(R"(["extra chilli"])")},
                                 {QStringLiteral("Fritto misto"), 1, QStringLiteral("sauce apart")}},
                                0,
                                QStringLiteral("Marco"));
    age(b, 6 * 60 + 40);
    const qint64 c = placeOrder(
        QStringLiteral("dine_in"),
        {{QStringLiteral("Spaghetti carbonara"), 2}, {QStringLiteral("Burrata"), 1}, {QStringLiteral("Tiramisù"), 2}},
        bianchi,
        QStringLiteral("Bianchi"));
    age(c, 5 * 60 + 20);
    const qint64 d =
        placeOrder(QStringLiteral("delivery"),
                   {{QStringLiteral("Pizza Margherita"), 2, {}, QStringLiteral(R"(["gluten-free base", "no basil"])")},
                    {QStringLiteral("Arancini"), 1}},
                   0,
                   QStringLiteral("Via Roma 12"));
    age(d, 3 * 60 + 45);
    const qint64 e = placeOrder(QStringLiteral("dine_in"),
                                {{QStringLiteral("Branzino"), 1, QStringLiteral("allergy: no butter")},
                                 {QStringLiteral("Pollo alla diavola"), 2},
                                 {QStringLiteral("Risotto ai funghi"), 1},
                                 {QStringLiteral("Carpaccio di manzo"), 2},
                                 {QStringLiteral("Negroni"), 3}},
                                conti,
                                QStringLiteral("Conti"));
    age(e, 2 * 60 + 30);
    const qint64 f = placeOrder(QStringLiteral("voice"),
                                {{QStringLiteral("Lasagne al forno"), 1}, {QStringLiteral("Cannoli"), 2}},
                                0,
                                QStringLiteral("Giulia"));
    age(f, 75);

    // A pre-order fired when its party sat down, and two held ones coming up.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE dining_tables SET state = 'occupied' WHERE label <> 'T6'")));
    JoinRequest join;
    join.name = QStringLiteral("Ferrari");
    join.partySize = 3;
    join.source = QStringLiteral("host");
    const auto menuId = [this](const QString& name) {
        return m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE name = ?"), {name}).toLongLong();
    };
    join.items = {{menuId(QStringLiteral("Pizza Ortolana")), 1, QStringLiteral("vegan")},
                  {menuId(QStringLiteral("Bruschetta al pomodoro")), 2, {}}};
    const auto ferrari = awaitFuture(m_queue->join(m_restaurant, join));
    QVERIFY2(ferrari, ferrari ? "" : qPrintable(ferrari.error().message));
    QVERIFY(awaitFuture(m_queue->seat(m_restaurant, Actor::system(), ferrari->id, {tableId(QStringLiteral("T6"))})));
    age(ferrari->preorder->orderId, 40);
    for (const auto& [name, minutes] : {std::pair{QStringLiteral("Moretti"), 4}, {QStringLiteral("Greco"), 11}}) {
        join.name = name;
        join.partySize = minutes == 4 ? 2 : 5;
        join.items = {{menuId(QStringLiteral("Bistecca alla griglia")), minutes == 4 ? 1 : 3, {}},
                      {menuId(QStringLiteral("Panna cotta")), 2, {}}};
        const auto party = awaitFuture(m_queue->join(m_restaurant, join));
        QVERIFY2(party && party->preorder, party ? "" : qPrintable(party.error().message));
        QVERIFY(m_db->exec(QStringLiteral("UPDATE orders SET fire_at = now() + make_interval(mins => ?) WHERE id = ?"),
                           {minutes, party->preorder->orderId}));
    }

    // Work under way: some items started, some done.
    QVERIFY(awaitFuture(
        m_kitchen->startItem(m_restaurant, Actor::system(), itemOf(a, QStringLiteral("Bistecca alla griglia")))));
    QVERIFY(awaitFuture(m_kitchen->bumpItem(m_restaurant, Actor::system(), itemOf(c, QStringLiteral("Burrata")))));
    QVERIFY(awaitFuture(m_kitchen->startItem(m_restaurant, Actor::system(), itemOf(e, QStringLiteral("Branzino")))));
    QVERIFY(awaitFuture(
        m_kitchen->bumpItem(m_restaurant, Actor::system(), itemOf(e, QStringLiteral("Pollo alla diavola")))));

    openView(QSize(1600, 900));
    QTRY_VERIFY(m_view->model()->rowCount() >= 12);
    QCOMPARE(m_view->ageLevelOf(ticketOf(a, QStringLiteral("grill"))), KitchenCardDelegate::AgeLevel::Late);
    QCOMPARE(m_view->ageLevelOf(ticketOf(b, QStringLiteral("fry"))), KitchenCardDelegate::AgeLevel::Warning);
    auto* comingUp = m_view->findChild<QLabel*>(QStringLiteral("comingUpLabel"));
    QVERIFY2(comingUp->text().contains(QStringLiteral("Moretti")), qPrintable(comingUp->text()));
    QVERIFY(comingUp->text().contains(QStringLiteral("Greco")));
    QVERIFY(m_view->selectTicket(ticketOf(c, QStringLiteral("grill"))));

    const QString shots = qEnvironmentVariable("MAITRE_TEST_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QTest::qWait(200);
        QVERIFY(QDir().mkpath(shots));
        const QString path = QDir(shots).filePath(QStringLiteral("kitchen.png"));
        QVERIFY2(m_window->grab().save(path), qPrintable(path));
        qInfo() << "saved" << path;
    }
}

QTEST_MAIN(TestKitchenView)
#include "tst_kitchenview.moc"
