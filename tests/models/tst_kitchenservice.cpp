#include "kitchenservice.h"
#include "queueservice.h"
#include "store/sql.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUuid>

// The kitchen display's rules through KitchenService, on a real database:
// routing, bumps and recalls, all-day counts, the order's status, fired
// pre-orders, and two screens bumping at once.
class TestKitchenService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void routesAnOrderByStation();
    void routingTwiceOrTooEarlyChangesNothing();
    void bumpAndRecallTransitions();
    void recallOfAnAutoBumpedTicketReopensItsLastItem();
    void orderStatusFollowsTheBumps();
    void closedOrdersAreLeftAlone();
    void allDayCounts();
    void boardIsOneConsistentPicture();
    void heldPreordersAreListedWithTheirFireTime();
    void firedPreorderBecomesTickets();
    void duePreorderBecomesTickets();
    void concurrentTicketBumpsFromTwoConnections();
    void concurrentItemBumpsFromTwoConnections();
    void databaseRefusesDoubleBumps();

private:
    struct Line
    {
        QString dish;
        int quantity = 1;
        QString note;
        QString modifiers = QStringLiteral("[]");
    };

    // A received order of `kind` with `lines`, routed to the kitchen unless told not to.
    qint64 placeOrder(const QString& kind, const QList<Line>& lines, bool route = true);
    VoidResult route(qint64 orderId);
    qint64 menuItem(const QString& name);
    qint64 ticketOf(qint64 orderId, const QString& station);
    qint64 expoOf(qint64 orderId);
    qint64 itemOf(qint64 orderId, const QString& dish);
    QString orderStatus(qint64 orderId);
    QString itemStatus(qint64 itemId);
    int events(const QString& type);
    qint64 tableId(const QString& label);
    Result<Party> join(const QString& name, const QList<JoinRequest::Item>& items);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<KitchenService> m_kitchen;
    std::unique_ptr<QueueService> m_queue;
    qint64 m_restaurant = 0;
    int m_orders = 0;
};

void TestKitchenService::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    const QString migrated = m_db->migrate(true);
    QVERIFY2(migrated.isEmpty(), qPrintable(migrated));
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_kitchen = std::make_unique<KitchenService>(*m_store);
    m_queue = std::make_unique<QueueService>(*m_store);
    m_orders = 0;
}

void TestKitchenService::cleanup()
{
    m_kitchen.reset();
    m_store.reset(); // drains the workers first: the queue's continuations run there
    m_queue.reset();
    m_db.reset();
}

qint64 TestKitchenService::placeOrder(const QString& kind, const QList<Line>& lines, bool route)
{
    const qint64 orderId = m_db->scalar(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code,"
                                                       " customer_name) VALUES (?, ?, 'received', ?, ?, ?)"
                                                       " RETURNING id"),
                                        {m_restaurant,
                                         kind,
                                         QUuid::createUuid().toString(QUuid::WithoutBraces),
                                         QString::number(4100 + ++m_orders),
                                         QStringLiteral("Guest %1").arg(m_orders)})
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
    if (route) {
        if (auto routed = this->route(orderId); !routed) {
            qWarning() << "routing failed:" << routed.error().message;
        }
    }
    return orderId;
}

VoidResult TestKitchenService::route(qint64 orderId)
{
    QSqlDatabase db = m_db->connection();
    db.transaction();
    auto routed = KitchenService::routeOrder(db, orderId);
    if (routed) {
        db.commit();
    } else {
        db.rollback();
    }
    return routed;
}

qint64 TestKitchenService::menuItem(const QString& name)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE name = ?"), {name}).toLongLong();
}

qint64 TestKitchenService::ticketOf(qint64 orderId, const QString& station)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM tickets WHERE order_id = ? AND station = ?"), {orderId, station})
        .toLongLong();
}

qint64 TestKitchenService::expoOf(qint64 orderId)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM tickets WHERE order_id = ? AND kind = 'expo'"), {orderId})
        .toLongLong();
}

qint64 TestKitchenService::itemOf(qint64 orderId, const QString& dish)
{
    return m_db
        ->scalar(QStringLiteral("SELECT ti.id FROM ticket_items ti JOIN order_items oi ON oi.id = ti.order_item_id"
                                " WHERE oi.order_id = ? AND oi.name = ?"),
                 {orderId, dish})
        .toLongLong();
}

QString TestKitchenService::orderStatus(qint64 orderId)
{
    return m_db->scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), {orderId}).toString();
}

QString TestKitchenService::itemStatus(qint64 itemId)
{
    return m_db->scalar(QStringLiteral("SELECT status FROM ticket_items WHERE id = ?"), {itemId}).toString();
}

int TestKitchenService::events(const QString& type)
{
    return m_db->scalar(QStringLiteral("SELECT count(*) FROM events WHERE type = ?"), {type}).toInt();
}

qint64 TestKitchenService::tableId(const QString& label)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM dining_tables WHERE label = ?"), {label}).toLongLong();
}

Result<Party> TestKitchenService::join(const QString& name, const QList<JoinRequest::Item>& items)
{
    JoinRequest request;
    request.name = name;
    request.partySize = 2;
    request.items = items;
    request.source = QStringLiteral("host");
    return awaitFuture(m_queue->join(m_restaurant, request));
}

void TestKitchenService::routesAnOrderByStation()
{
    const qint64 order = placeOrder(QStringLiteral("takeout"),
                                    {{QStringLiteral("Fritto misto"),
                                      2,
                                      QStringLiteral("sauce apart"),
                                      QStringLiteral(R"(["no lemon", {"name": "extra aioli", "price_cents": 100}])")},
                                     {QStringLiteral("Pizza Margherita"), 1, {}},
                                     {QStringLiteral("Bistecca alla griglia"), 1, QStringLiteral("rare")},
                                     {QStringLiteral("Tiramisù"), 3, {}}});
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM tickets WHERE order_id = ?"), {order}).toInt(), 4);
    QCOMPARE(events(QStringLiteral("kitchen.routed")), 1);

    const auto all = awaitFuture(m_kitchen->openTickets(m_restaurant));
    QVERIFY2(all, all ? "" : qPrintable(all.error().message));
    QCOMPARE(all->size(), 3); // the expo ticket is not a station's
    QStringList stations;
    for (const KitchenTicket& t : *all) {
        stations << t.station;
        QVERIFY(!t.expo);
        QCOMPARE(t.orderId, order);
        QCOMPARE(t.orderKind, QStringLiteral("takeout"));
        QCOMPARE(t.orderCode, QStringLiteral("4101"));
        QCOMPARE(t.guestName, QStringLiteral("Guest 1"));
        QCOMPARE(t.status, KitchenTicket::Status::Open);
        QCOMPARE(t.orderStatus, OrderStatus::Received);
        QVERIFY(t.createdAt.isValid());
        QVERIFY(!t.isRecalled());
    }
    QCOMPARE(stations, (QStringList{QStringLiteral("fry"), QStringLiteral("grill"), QStringLiteral("pastry")}));

    const KitchenTicket& fry = all->at(0);
    QCOMPARE(fry.items.size(), 1);
    QCOMPARE(fry.items.first().name, QStringLiteral("Fritto misto"));
    QCOMPARE(fry.items.first().quantity, 2);
    QCOMPARE(fry.items.first().note, QStringLiteral("sauce apart"));
    QCOMPARE(fry.items.first().modifiers, (QStringList{QStringLiteral("no lemon"), QStringLiteral("extra aioli")}));
    QCOMPARE(fry.items.first().status, KitchenTicketItem::Status::Open);
    QCOMPARE(fry.items.first().menuItemId, menuItem(QStringLiteral("Fritto misto")));
    QCOMPARE(all->at(1).items.size(), 2);
    QCOMPARE(all->at(1).items.at(1).note, QStringLiteral("rare"));
    QCOMPARE(all->at(2).items.first().quantity, 3);

    const auto grill =
        awaitFuture(m_kitchen->openTickets(m_restaurant, KitchenScope::forStation(QStringLiteral("grill"))));
    QVERIFY(grill);
    QCOMPARE(grill->size(), 1);
    QCOMPARE(grill->first().station, QStringLiteral("grill"));
    QVERIFY(
        awaitFuture(m_kitchen->openTickets(m_restaurant, KitchenScope::forStation(QStringLiteral("bar"))))->isEmpty());

    const auto expo = awaitFuture(m_kitchen->openTickets(m_restaurant, KitchenScope::expo()));
    QVERIFY(expo);
    QCOMPARE(expo->size(), 1);
    QVERIFY(expo->first().expo);
    QVERIFY(expo->first().station.isEmpty());
    QCOMPARE(expo->first().items.size(), 4); // the whole order, every station's lines
    QCOMPARE(expo->first().items.first().station, QStringLiteral("fry"));

    // A second order arrives later and is listed after the first.
    const qint64 second = placeOrder(QStringLiteral("delivery"), {{QStringLiteral("Patatine fritte"), 1, {}}});
    const auto fryLine =
        awaitFuture(m_kitchen->openTickets(m_restaurant, KitchenScope::forStation(QStringLiteral("fry"))));
    QCOMPARE(fryLine->size(), 2);
    QCOMPARE(fryLine->at(0).orderId, order);
    QCOMPARE(fryLine->at(1).orderId, second);
    QCOMPARE(fryLine->at(1).orderKind, QStringLiteral("delivery"));
}

void TestKitchenService::routingTwiceOrTooEarlyChangesNothing()
{
    const qint64 order = placeOrder(QStringLiteral("voice"), {{QStringLiteral("Burrata"), 1, {}}});
    QVERIFY(route(order)); // already routed: nothing shows twice
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM tickets WHERE order_id = ?"), {order}).toInt(), 2);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM ticket_items")).toInt(), 1);
    QCOMPARE(events(QStringLiteral("kitchen.routed")), 1);

    const qint64 held = placeOrder(QStringLiteral("takeout"), {{QStringLiteral("Burrata"), 1, {}}}, false);
    QVERIFY(m_db->exec(QStringLiteral("UPDATE orders SET status = 'held' WHERE id = ?"), {held}));
    const auto early = route(held);
    QVERIFY(!early);
    QCOMPARE(early.error().kind, Error::Kind::Conflict);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM tickets WHERE order_id = ?"), {held}).toInt(), 0);

    const auto missing = route(987654);
    QVERIFY(!missing);
    QCOMPARE(missing.error().kind, Error::Kind::NotFound);
}

void TestKitchenService::bumpAndRecallTransitions()
{
    const qint64 order = placeOrder(QStringLiteral("dine_in"),
                                    {{QStringLiteral("Burrata"), 1, {}},
                                     {QStringLiteral("Pizza Margherita"), 1, {}},
                                     {QStringLiteral("Pizza Diavola"), 1, {}}});
    const qint64 grill = ticketOf(order, QStringLiteral("grill"));
    const qint64 cold = ticketOf(order, QStringLiteral("cold"));
    const qint64 expo = expoOf(order);
    const qint64 margherita = itemOf(order, QStringLiteral("Pizza Margherita"));
    const qint64 diavola = itemOf(order, QStringLiteral("Pizza Diavola"));

    // Start, then bump one line on its own.
    const auto started = awaitFuture(m_kitchen->startItem(m_restaurant, Actor::system(), diavola));
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    QCOMPARE(started->id, grill);
    QCOMPARE(started->items.at(1).status, KitchenTicketItem::Status::Started);
    QVERIFY(started->items.at(1).startedAt.isValid());
    const auto again = awaitFuture(m_kitchen->startItem(m_restaurant, Actor::system(), diavola));
    QVERIFY(!again);
    QCOMPARE(again.error().kind, Error::Kind::Conflict);
    QVERIFY(awaitFuture(m_kitchen->bumpItem(m_restaurant, Actor::system(), margherita)));
    QCOMPARE(itemStatus(margherita), QStringLiteral("done"));
    for (auto future : {m_kitchen->bumpItem(m_restaurant, Actor::system(), margherita),
                        m_kitchen->startItem(m_restaurant, Actor::system(), margherita)}) {
        const auto refused = awaitFuture(future);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Conflict);
    }

    // The pass cannot clear an order a station is still cooking.
    const auto expoEarly = awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), expo));
    QVERIFY(!expoEarly);
    QCOMPARE(expoEarly.error().kind, Error::Kind::Conflict);

    // Bumping the ticket finishes what is left on it.
    // A host may not bump (refused in the models layer); the kitchen display may, without sign-in.
    const auto byHost =
        awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::staff(0, QStringLiteral("Hana"), Role::Host), grill));
    QCOMPARE(byHost.error().kind, Error::Kind::Forbidden);
    QCOMPARE(awaitFuture(m_kitchen->recallLast(m_restaurant, Actor::nobody())).error().kind, Error::Kind::Forbidden);
    const auto bumped = awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::kitchenDisplay(), grill));
    QVERIFY2(bumped, bumped ? "" : qPrintable(bumped.error().message));
    QCOMPARE(bumped->status, KitchenTicket::Status::Bumped);
    QVERIFY(bumped->bumpedAt.isValid());
    QCOMPARE(itemStatus(diavola), QStringLiteral("done"));
    const auto twice = awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), grill));
    QVERIFY(!twice);
    QCOMPARE(twice.error().kind, Error::Kind::Conflict);
    QVERIFY2(twice.error().message.contains(QStringLiteral("already bumped")), qPrintable(twice.error().message));
    const auto onBumped = awaitFuture(m_kitchen->startItem(m_restaurant, Actor::system(), diavola));
    QVERIFY(!onBumped);
    QCOMPARE(onBumped.error().kind, Error::Kind::Conflict);
    QCOMPARE(awaitFuture(m_kitchen->openTickets(m_restaurant))->size(), 1); // cold only

    // Recall (a wrong tap): the ticket and what its bump finished come back;
    // the line bumped on its own stays done.
    const auto recalled = awaitFuture(
        m_kitchen->recallLast(m_restaurant, Actor::system(), KitchenScope::forStation(QStringLiteral("grill"))));
    QVERIFY2(recalled, recalled ? "" : qPrintable(recalled.error().message));
    QCOMPARE(recalled->id, grill);
    QCOMPARE(recalled->status, KitchenTicket::Status::Open);
    QVERIFY(recalled->isRecalled());
    QCOMPARE(recalled->recallCount, 1);
    QVERIFY(!recalled->bumpedAt.isValid());
    QCOMPARE(itemStatus(diavola), QStringLiteral("started"));
    QCOMPARE(itemStatus(margherita), QStringLiteral("done"));
    const auto notBumped = awaitFuture(m_kitchen->recallTicket(m_restaurant, Actor::system(), grill));
    QVERIFY(!notBumped);
    QCOMPARE(notBumped.error().kind, Error::Kind::Conflict);
    const auto nothing = awaitFuture(
        m_kitchen->recallLast(m_restaurant, Actor::system(), KitchenScope::forStation(QStringLiteral("grill"))));
    QVERIFY(!nothing);
    QCOMPARE(nothing.error().kind, Error::Kind::NotFound);

    // Every station done: the pass bumps, then recalls its own ticket.
    QVERIFY(awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), grill)));
    QVERIFY(awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), cold)));
    QCOMPARE(orderStatus(order), QStringLiteral("ready"));
    const auto passed = awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), expo));
    QVERIFY2(passed, passed ? "" : qPrintable(passed.error().message));
    QVERIFY(passed->expo);
    QVERIFY(awaitFuture(m_kitchen->openTickets(m_restaurant, KitchenScope::expo()))->isEmpty());
    const auto expoBack = awaitFuture(m_kitchen->recallLast(m_restaurant, Actor::system(), KitchenScope::expo()));
    QVERIFY(expoBack);
    QCOMPARE(expoBack->id, expo);
    QCOMPARE(orderStatus(order), QStringLiteral("ready")); // the pass's recall does not reopen the cooking
    QVERIFY(awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), expo)));

    // A station recalling after the pass cleared the order puts it back on the pass.
    const auto coldBack = awaitFuture(m_kitchen->recallLast(m_restaurant, Actor::system()));
    QVERIFY(coldBack);
    QCOMPARE(coldBack->id, cold);
    QCOMPARE(orderStatus(order), QStringLiteral("preparing"));
    const auto expoAgain = awaitFuture(m_kitchen->ticket(m_restaurant, expo));
    QVERIFY(expoAgain);
    QCOMPARE(expoAgain->status, KitchenTicket::Status::Open);
    QCOMPARE(expoAgain->recallCount, 2);

    QCOMPARE(events(QStringLiteral("kitchen.item_started")), 1);
    QCOMPARE(events(QStringLiteral("kitchen.item_bumped")), 1);
    QCOMPARE(events(QStringLiteral("kitchen.ticket_bumped")), 5);
    QCOMPARE(events(QStringLiteral("kitchen.ticket_recalled")), 4); // grill, expo, cold and expo with it

    const auto unknown = awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), 987654));
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().kind, Error::Kind::NotFound);
    const auto otherRestaurant = awaitFuture(m_kitchen->bumpTicket(m_restaurant + 1, Actor::system(), cold));
    QVERIFY(!otherRestaurant);
    QCOMPARE(otherRestaurant.error().kind, Error::Kind::NotFound);
}

void TestKitchenService::recallOfAnAutoBumpedTicketReopensItsLastItem()
{
    const qint64 order = placeOrder(QStringLiteral("takeout"),
                                    {{QStringLiteral("Arancini"), 2, {}}, {QStringLiteral("Patatine fritte"), 1, {}}});
    const qint64 fry = ticketOf(order, QStringLiteral("fry"));
    const qint64 arancini = itemOf(order, QStringLiteral("Arancini"));
    const qint64 fries = itemOf(order, QStringLiteral("Patatine fritte"));
    QVERIFY(awaitFuture(m_kitchen->bumpItem(m_restaurant, Actor::system(), arancini)));
    const auto last = awaitFuture(m_kitchen->bumpItem(m_restaurant, Actor::system(), fries));
    QVERIFY(last);
    QCOMPARE(last->status, KitchenTicket::Status::Bumped); // the last line bumps the ticket
    QCOMPARE(orderStatus(order), QStringLiteral("ready"));
    const auto recalled = awaitFuture(m_kitchen->recallTicket(m_restaurant, Actor::system(), fry));
    QVERIFY(recalled);
    QCOMPARE(itemStatus(fries), QStringLiteral("open"));
    QCOMPARE(itemStatus(arancini), QStringLiteral("done"));
    QCOMPARE(orderStatus(order), QStringLiteral("preparing"));
}

void TestKitchenService::orderStatusFollowsTheBumps()
{
    QVERIFY(OrderStatusRules::reopen(OrderStatus::Ready));
    QCOMPARE(*OrderStatusRules::reopen(OrderStatus::Ready), OrderStatus::Preparing);
    QVERIFY(!OrderStatusRules::reopen(OrderStatus::Served));
    QVERIFY(!OrderStatusRules::reopen(OrderStatus::Preparing));

    const qint64 order =
        placeOrder(QStringLiteral("takeout"),
                   {{QStringLiteral("Minestrone"), 1, {}}, {QStringLiteral("Lasagne al forno"), 1, {}}});
    const qint64 cold = ticketOf(order, QStringLiteral("cold"));
    const qint64 grill = ticketOf(order, QStringLiteral("grill"));
    QCOMPARE(orderStatus(order), QStringLiteral("received"));
    // The first thing the kitchen does to an order makes it preparing.
    QVERIFY(awaitFuture(
        m_kitchen->startItem(m_restaurant, Actor::system(), itemOf(order, QStringLiteral("Lasagne al forno")))));
    QCOMPARE(orderStatus(order), QStringLiteral("preparing"));
    QVERIFY(awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), cold)));
    QCOMPARE(orderStatus(order), QStringLiteral("preparing"));
    const auto lastStation = awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), grill));
    QVERIFY(lastStation);
    QCOMPARE(lastStation->orderStatus, OrderStatus::Ready);
    QCOMPARE(orderStatus(order), QStringLiteral("ready"));
    QVERIFY(awaitFuture(m_kitchen->recallTicket(m_restaurant, Actor::system(), grill)));
    QCOMPARE(orderStatus(order), QStringLiteral("preparing"));
    QVERIFY(awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), grill)));
    QCOMPARE(orderStatus(order), QStringLiteral("ready"));
    QCOMPARE(events(QStringLiteral("order.preparing")), 2);
    QCOMPARE(events(QStringLiteral("order.ready")), 2);
    const QJsonObject payload =
        QJsonDocument::fromJson(
            m_db->scalar(QStringLiteral("SELECT payload::text FROM events WHERE type = 'order.ready'"
                                        " ORDER BY id LIMIT 1"))
                .toString()
                .toUtf8())
            .object();
    QCOMPARE(payload.value(QStringLiteral("order_id")).toInteger(), order);
    QCOMPARE(payload.value(QStringLiteral("from")).toString(), QStringLiteral("preparing"));

    // Bumped straight away, without starting: received → preparing → ready.
    const qint64 quick = placeOrder(QStringLiteral("takeout"), {{QStringLiteral("Cannoli"), 1, {}}});
    QVERIFY(
        awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), ticketOf(quick, QStringLiteral("pastry")))));
    QCOMPARE(orderStatus(quick), QStringLiteral("ready"));
    QCOMPARE(events(QStringLiteral("order.preparing")), 3);
}

void TestKitchenService::closedOrdersAreLeftAlone()
{
    const qint64 served = placeOrder(QStringLiteral("dine_in"), {{QStringLiteral("Cannoli"), 1, {}}});
    const qint64 pastry = ticketOf(served, QStringLiteral("pastry"));
    QVERIFY(awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), pastry)));
    QVERIFY(m_db->exec(QStringLiteral("UPDATE orders SET status = 'served' WHERE id = ?"), {served}));
    const auto tooLate = awaitFuture(m_kitchen->recallTicket(m_restaurant, Actor::system(), pastry));
    QVERIFY(!tooLate);
    QCOMPARE(tooLate.error().kind, Error::Kind::Conflict);
    // A served order's ticket is not "the last bumped" any more.
    QCOMPARE(awaitFuture(m_kitchen->recallLast(m_restaurant, Actor::system())).error().kind, Error::Kind::NotFound);

    const qint64 cancelled = placeOrder(QStringLiteral("takeout"), {{QStringLiteral("Affogato"), 1, {}}});
    QVERIFY(m_db->exec(QStringLiteral("UPDATE orders SET status = 'cancelled' WHERE id = ?"), {cancelled}));
    QVERIFY(awaitFuture(m_kitchen->openTickets(m_restaurant))->isEmpty());
    QCOMPARE(awaitFuture(m_kitchen->allDayCounts(m_restaurant))->total(), 0);
    const auto bump =
        awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), ticketOf(cancelled, QStringLiteral("bar"))));
    QVERIFY(!bump);
    QCOMPARE(bump.error().kind, Error::Kind::Conflict);
    QCOMPARE(orderStatus(cancelled), QStringLiteral("cancelled"));
}

void TestKitchenService::allDayCounts()
{
    const qint64 first =
        placeOrder(QStringLiteral("dine_in"),
                   {{QStringLiteral("Pizza Margherita"), 2, {}}, {QStringLiteral("Fritto misto"), 1, {}}});
    const qint64 second = placeOrder(
        QStringLiteral("takeout"),
        {{QStringLiteral("Pizza Margherita"), 1, QStringLiteral("well done")}, {QStringLiteral("Tiramisù"), 2, {}}});
    const qint64 margherita = menuItem(QStringLiteral("Pizza Margherita"));

    auto counts = awaitFuture(m_kitchen->allDayCounts(m_restaurant));
    QVERIFY(counts);
    QCOMPARE(counts->quantityOf(margherita), 3);
    QCOMPARE(counts->quantityOf(menuItem(QStringLiteral("Fritto misto"))), 1);
    QCOMPARE(counts->quantityOf(menuItem(QStringLiteral("Tiramisù"))), 2);
    QCOMPARE(counts->stationTotal(QStringLiteral("grill")), 3);
    QCOMPARE(counts->stationTotal(QStringLiteral("pastry")), 2);
    QCOMPARE(counts->total(), 6);
    QCOMPARE(counts->stations(),
             (QStringList{QStringLiteral("fry"), QStringLiteral("grill"), QStringLiteral("pastry")}));
    QCOMPARE(counts->items.at(1).name, QStringLiteral("Pizza Margherita"));

    // Started lines are still to cook; done lines and bumped tickets are not.
    QVERIFY(awaitFuture(
        m_kitchen->startItem(m_restaurant, Actor::system(), itemOf(second, QStringLiteral("Pizza Margherita")))));
    QCOMPARE(awaitFuture(m_kitchen->allDayCounts(m_restaurant))->quantityOf(margherita), 3);
    QVERIFY(awaitFuture(
        m_kitchen->bumpItem(m_restaurant, Actor::system(), itemOf(first, QStringLiteral("Pizza Margherita")))));
    QVERIFY(
        awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), ticketOf(second, QStringLiteral("pastry")))));
    counts = awaitFuture(m_kitchen->allDayCounts(m_restaurant));
    QCOMPARE(counts->quantityOf(margherita), 1);
    QCOMPARE(counts->quantityOf(menuItem(QStringLiteral("Tiramisù"))), 0);
    QCOMPARE(counts->total(), 2);

    const auto grill =
        awaitFuture(m_kitchen->allDayCounts(m_restaurant, KitchenScope::forStation(QStringLiteral("grill"))));
    QVERIFY(grill);
    QCOMPARE(grill->items.size(), 1);
    QCOMPARE(grill->total(), 1);

    // A recall puts the count back.
    QVERIFY(awaitFuture(
        m_kitchen->recallLast(m_restaurant, Actor::system(), KitchenScope::forStation(QStringLiteral("pastry")))));
    QCOMPARE(awaitFuture(m_kitchen->allDayCounts(m_restaurant))->quantityOf(menuItem(QStringLiteral("Tiramisù"))), 2);
}

void TestKitchenService::boardIsOneConsistentPicture()
{
    const qint64 order =
        placeOrder(QStringLiteral("takeout"),
                   {{QStringLiteral("Pizza Diavola"), 2, {}}, {QStringLiteral("Insalata verde"), 1, {}}});
    const auto board = awaitFuture(m_kitchen->board(m_restaurant, KitchenScope::forStation(QStringLiteral("grill"))));
    QVERIFY2(board, board ? "" : qPrintable(board.error().message));
    QVERIFY(board->now.isValid());
    QVERIFY(board->stations.contains(QStringLiteral("grill")));
    QVERIFY(board->stations.contains(QStringLiteral("cold")));
    QCOMPARE(board->tickets.size(), 1);
    QCOMPARE(board->tickets.first().orderId, order);
    QVERIFY(board->tickets.first().ageSeconds(board->now) >= 0);
    QCOMPARE(board->allDay.total(), 2);
    QVERIFY(board->comingUp.isEmpty());

    const auto expo = awaitFuture(m_kitchen->board(m_restaurant, KitchenScope::expo()));
    QVERIFY(expo);
    QCOMPARE(expo->tickets.size(), 1);
    QCOMPARE(expo->tickets.first().items.size(), 2);
    QCOMPARE(expo->allDay.total(), 3);
    QCOMPARE(awaitFuture(m_kitchen->board(987654)).error().kind, Error::Kind::NotFound);
}

void TestKitchenService::heldPreordersAreListedWithTheirFireTime()
{
    // Every table busy: the waits are long, so the pre-orders stay held.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE dining_tables SET state = 'occupied'")));
    const qint64 steak = menuItem(QStringLiteral("Bistecca alla griglia"));
    const qint64 burrata = menuItem(QStringLiteral("Burrata"));
    const auto later = join(QStringLiteral("Later"), {{steak, 2, QStringLiteral("medium")}, {burrata, 1, {}}});
    QVERIFY2(later, later ? "" : qPrintable(later.error().message));
    const auto sooner = join(QStringLiteral("Sooner"), {{burrata, 1, {}}});
    const auto gone = join(QStringLiteral("Gone"), {{burrata, 4, {}}});
    QVERIFY(sooner && gone);
    const QDateTime soon = QDateTime::currentDateTimeUtc().addSecs(300).toUTC();
    QVERIFY(m_db->exec(QStringLiteral("UPDATE orders SET fire_at = ? WHERE party_id = ?"), {soon, sooner->id}));
    QVERIFY(
        m_db->exec(QStringLiteral("UPDATE orders SET fire_at = ? WHERE party_id = ?"), {soon.addSecs(600), later->id}));
    QVERIFY(awaitFuture(m_queue->cancel(m_restaurant, Actor::system(), gone->id)));

    const auto comingUp = awaitFuture(m_kitchen->comingUp(m_restaurant));
    QVERIFY2(comingUp, comingUp ? "" : qPrintable(comingUp.error().message));
    QCOMPARE(comingUp->size(), 2); // the cancelled party's is not coming
    QCOMPARE(comingUp->at(0).partyName, QStringLiteral("Sooner"));
    QCOMPARE(comingUp->at(0).fireAt.toSecsSinceEpoch(), soon.toSecsSinceEpoch());
    const HeldPreorder& held = comingUp->at(1);
    QCOMPARE(held.partyName, QStringLiteral("Later"));
    QCOMPARE(held.partyId, later->id);
    QCOMPARE(held.partySize, 2);
    QCOMPARE(held.partyStatus, PartyStatus::Waiting);
    QCOMPARE(held.code, later->code);
    QCOMPARE(held.fireAt.toSecsSinceEpoch(), soon.addSecs(600).toSecsSinceEpoch());
    QCOMPARE(held.longestPrepMinutes, 20);
    QCOMPARE(held.items.size(), 2);
    QCOMPARE(held.items.first().name, QStringLiteral("Bistecca alla griglia"));
    QCOMPARE(held.items.first().quantity, 2);
    QCOMPARE(held.items.first().note, QStringLiteral("medium"));
    QCOMPARE(held.items.first().station, QStringLiteral("grill"));

    // A station sees only its own lines coming.
    const auto grill =
        awaitFuture(m_kitchen->comingUp(m_restaurant, KitchenScope::forStation(QStringLiteral("grill"))));
    QVERIFY(grill);
    QCOMPARE(grill->size(), 1);
    QCOMPARE(grill->first().items.size(), 1);
    // Held means not on the screens yet.
    QVERIFY(awaitFuture(m_kitchen->openTickets(m_restaurant))->isEmpty());
    QCOMPARE(awaitFuture(m_kitchen->board(m_restaurant))->comingUp.size(), 2);
}

void TestKitchenService::firedPreorderBecomesTickets()
{
    QVERIFY(m_db->exec(QStringLiteral("UPDATE dining_tables SET state = 'occupied'")));
    const auto party = join(QStringLiteral("Ana"),
                            {{menuItem(QStringLiteral("Bistecca alla griglia")), 1, QStringLiteral("rare")},
                             {menuItem(QStringLiteral("Burrata")), 1, {}}});
    QVERIFY2(party && party->preorder, party ? "" : qPrintable(party.error().message));
    QCOMPARE(awaitFuture(m_kitchen->comingUp(m_restaurant))->size(), 1);
    QVERIFY(m_db->exec(QStringLiteral("UPDATE dining_tables SET state = 'free' WHERE label = 'T1'")));

    // Seated before its fire time: fired at once, and on the screens with it.
    const auto seated =
        awaitFuture(m_queue->seat(m_restaurant, Actor::system(), party->id, {tableId(QStringLiteral("T1"))}));
    QVERIFY2(seated, seated ? "" : qPrintable(seated.error().message));
    const qint64 order = party->preorder->orderId;
    QCOMPARE(orderStatus(order), QStringLiteral("received"));
    QVERIFY(awaitFuture(m_kitchen->comingUp(m_restaurant))->isEmpty());
    const auto tickets = awaitFuture(m_kitchen->openTickets(m_restaurant));
    QVERIFY(tickets);
    QCOMPARE(tickets->size(), 2);
    for (const KitchenTicket& t : *tickets) {
        QCOMPARE(t.orderId, order);
        QCOMPARE(t.orderKind, QStringLiteral("preorder"));
        QCOMPARE(t.orderCode, party->code);
        QCOMPARE(t.tableLabel, QStringLiteral("T1"));
        QCOMPARE(t.guestName, QStringLiteral("Ana"));
    }
    QCOMPARE(tickets->at(0).station, QStringLiteral("cold"));
    QCOMPARE(tickets->at(1).station, QStringLiteral("grill"));
    QCOMPARE(tickets->at(1).items.first().note, QStringLiteral("rare"));
    QVERIFY(expoOf(order) > 0);
    QCOMPARE(events(QStringLiteral("order.fired")), 1);
    QCOMPARE(events(QStringLiteral("kitchen.routed")), 1);

    // The kitchen's bumps reach the pre-order's status.
    QVERIFY(awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), tickets->at(0).id)));
    QVERIFY(awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), tickets->at(1).id)));
    QCOMPARE(orderStatus(order), QStringLiteral("ready"));
}

void TestKitchenService::duePreorderBecomesTickets()
{
    // A free table right away: the wait (0) is shorter than the 20-minute prep.
    const auto party = join(QStringLiteral("Hungry"), {{menuItem(QStringLiteral("Bistecca alla griglia")), 1, {}}});
    QVERIFY(party && party->preorder);
    QCOMPARE(awaitFuture(m_kitchen->comingUp(m_restaurant))->size(), 1);
    QCOMPARE(*awaitFuture(m_queue->fireDuePreorders(m_restaurant)), 1);
    const auto grill =
        awaitFuture(m_kitchen->openTickets(m_restaurant, KitchenScope::forStation(QStringLiteral("grill"))));
    QVERIFY(grill);
    QCOMPARE(grill->size(), 1);
    QCOMPARE(grill->first().orderId, party->preorder->orderId);
    QVERIFY(grill->first().tableLabel.isEmpty()); // not seated yet
    QVERIFY(awaitFuture(m_kitchen->comingUp(m_restaurant))->isEmpty());
    // Nothing is fired, or routed, twice.
    QCOMPARE(*awaitFuture(m_queue->fireDuePreorders(m_restaurant)), 0);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM tickets")).toInt(), 2);
}

void TestKitchenService::concurrentTicketBumpsFromTwoConnections()
{
    const qint64 order = placeOrder(QStringLiteral("dine_in"), {{QStringLiteral("Branzino"), 1, {}}});
    const qint64 grill = ticketOf(order, QStringLiteral("grill"));

    // Two screens, each with its own connection.
    Store storeA(m_db->settings(), 1);
    Store storeB(m_db->settings(), 1);
    KitchenService screenA(storeA);
    KitchenService screenB(storeB);

    // Hold the ticket's row so both bumps are in flight at the same time.
    QSqlDatabase gate = m_db->connection();
    QVERIFY(gate.transaction());
    QVERIFY(Sql::exec(gate, QStringLiteral("SELECT id FROM tickets WHERE id = ? FOR UPDATE"), {grill}));
    auto a = screenA.bumpTicket(m_restaurant, Actor::system(), grill);
    auto b = screenB.bumpTicket(m_restaurant, Actor::system(), grill);
    {
        const QString name = QStringLiteral("kitchen-watch");
        {
            QSqlDatabase watch = m_db->settings().addDatabase(name);
            QVERIFY(watch.open());
            const bool bothWaiting = QTest::qWaitFor(
                [&watch] {
                    auto waiting = Sql::exec(watch,
                                             QStringLiteral("SELECT count(*) FROM pg_stat_activity"
                                                            " WHERE datname = current_database()"
                                                            " AND wait_event_type = 'Lock'"));
                    return waiting && waiting->next() && waiting->value(0).toInt() == 2;
                },
                20000);
            QVERIFY(bothWaiting);
            watch.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
    QVERIFY(gate.commit());

    const auto resultA = awaitFuture(a);
    const auto resultB = awaitFuture(b);
    QCOMPARE(int(resultA.has_value()) + int(resultB.has_value()), 1);
    const auto& refused = resultA ? resultB : resultA;
    QCOMPARE(refused.error().kind, Error::Kind::Conflict);
    QVERIFY2(refused.error().message.contains(QStringLiteral("already bumped")), qPrintable(refused.error().message));
    QCOMPARE(events(QStringLiteral("kitchen.ticket_bumped")), 1);
    QCOMPARE(events(QStringLiteral("order.ready")), 1);
    QCOMPARE(orderStatus(order), QStringLiteral("ready"));
}

void TestKitchenService::concurrentItemBumpsFromTwoConnections()
{
    const qint64 order =
        placeOrder(QStringLiteral("takeout"),
                   {{QStringLiteral("Branzino"), 1, {}}, {QStringLiteral("Pollo alla diavola"), 1, {}}});
    const qint64 item = itemOf(order, QStringLiteral("Branzino"));
    Store storeA(m_db->settings(), 1);
    Store storeB(m_db->settings(), 1);
    KitchenService screenA(storeA);
    KitchenService screenB(storeB);

    QSqlDatabase gate = m_db->connection();
    QVERIFY(gate.transaction());
    QVERIFY(Sql::exec(gate, QStringLiteral("SELECT id FROM orders WHERE id = ? FOR UPDATE"), {order}));
    auto a = screenA.bumpItem(m_restaurant, Actor::system(), item);
    auto b = screenB.bumpItem(m_restaurant, Actor::system(), item);
    {
        const QString name = QStringLiteral("kitchen-watch-items");
        {
            QSqlDatabase watch = m_db->settings().addDatabase(name);
            QVERIFY(watch.open());
            QVERIFY(QTest::qWaitFor(
                [&watch] {
                    auto waiting = Sql::exec(watch,
                                             QStringLiteral("SELECT count(*) FROM pg_stat_activity"
                                                            " WHERE datname = current_database()"
                                                            " AND wait_event_type = 'Lock'"));
                    return waiting && waiting->next() && waiting->value(0).toInt() == 2;
                },
                20000));
            watch.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
    QVERIFY(gate.commit());

    const auto resultA = awaitFuture(a);
    const auto resultB = awaitFuture(b);
    QCOMPARE(int(resultA.has_value()) + int(resultB.has_value()), 1);
    QCOMPARE((resultA ? resultB : resultA).error().kind, Error::Kind::Conflict);
    QCOMPARE(events(QStringLiteral("kitchen.item_bumped")), 1);
    QCOMPARE(itemStatus(item), QStringLiteral("done"));
    QCOMPARE(itemStatus(itemOf(order, QStringLiteral("Pollo alla diavola"))), QStringLiteral("open"));
}

void TestKitchenService::databaseRefusesDoubleBumps()
{
    const qint64 order = placeOrder(QStringLiteral("takeout"), {{QStringLiteral("Panna cotta"), 1, {}}});
    const qint64 pastry = ticketOf(order, QStringLiteral("pastry"));
    QVERIFY(awaitFuture(m_kitchen->bumpTicket(m_restaurant, Actor::system(), pastry)));
    QSqlDatabase db = m_db->connection();
    // Whatever a client does, a bumped ticket or a done line is not bumped again…
    QVERIFY(!Sql::exec(db,
                       QStringLiteral("UPDATE tickets SET status = 'bumped', bumped_at = now() + interval '1 second'"
                                      " WHERE id = ?"),
                       {pastry}));
    QVERIFY(!Sql::exec(db,
                       QStringLiteral("UPDATE ticket_items SET bumped_at = now() + interval '1 second'"
                                      " WHERE ticket_id = ?"),
                       {pastry}));
    // …a bumped ticket has its time, an order has one expo ticket, and a line is on one ticket.
    QVERIFY(!Sql::exec(db, QStringLiteral("UPDATE tickets SET bumped_at = NULL WHERE id = ?"), {pastry}));
    QVERIFY(!Sql::exec(db,
                       QStringLiteral("INSERT INTO tickets (restaurant_id, order_id, kind) VALUES (?, ?, 'expo')"),
                       {m_restaurant, order}));
    QVERIFY(!Sql::exec(db,
                       QStringLiteral("INSERT INTO ticket_items (restaurant_id, ticket_id, order_item_id)"
                                      " SELECT restaurant_id, ?, order_item_id FROM ticket_items WHERE ticket_id = ?"),
                       {expoOf(order), pastry}));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM tickets WHERE order_id = ?"), {order}).toInt(), 2);
}

QTEST_GUILESS_MAIN(TestKitchenService)
#include "tst_kitchenservice.moc"
