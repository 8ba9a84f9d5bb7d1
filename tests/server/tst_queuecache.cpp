#include "menuservice.h"
#include "queuecache.h"
#include "queueservice.h"
#include "servercontext.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QSignalSpy>
#include <QTest>

// The queue cache reads the queue again for queue, table and pre-order events,
// and not for the takeout and delivery orders of a lunch rush.
class TestQueueCache final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ordersWithoutAPartyLeaveTheQueueAlone();
};

void TestQueueCache::ordersWithoutAPartyLeaveTheQueueAlone()
{
    TestDatabase db;
    QVERIFY2(db.isValid(), qPrintable(db.error()));
    QVERIFY(db.migrate(true).isEmpty());
    const qint64 restaurant = db.scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    Store store(db.settings(), 2);
    MenuService menu(store);
    QueueService queue(store);
    ServerContext context{store, menu, queue, RateLimiter(), restaurant, nullptr, {}, nullptr};
    QueueCache cache(context);
    QSignalSpy changed(&cache, &QueueCache::snapshotChanged);
    cache.refresh();
    QVERIFY(changed.wait(30000));
    changed.clear();

    DomainEvent takeout;
    takeout.id = 1;
    takeout.restaurantId = restaurant;
    takeout.type = QStringLiteral("order.created");
    takeout.payload = {{QStringLiteral("order_id"), 7}, {QStringLiteral("kind"), QStringLiteral("takeout")}};
    cache.handleEvent(takeout);
    takeout.type = QStringLiteral("order.ready");
    cache.handleEvent(takeout);
    // Nothing is read for them (a read would come within the 5 ms debounce and one query).
    QVERIFY(!changed.wait(1500));
    // The cache still follows the queue: a table event is read.
    DomainEvent table;
    table.id = 2;
    table.restaurantId = restaurant;
    table.type = QStringLiteral("table.updated");
    cache.handleEvent(table);
    QVERIFY(changed.wait(30000));
    changed.clear();

    // A pre-order names its party: the diner's page shows its status, so it is read.
    DomainEvent preorder = takeout;
    preorder.id = 3;
    preorder.type = QStringLiteral("order.fired");
    preorder.payload.insert(QStringLiteral("party_id"), 11);
    cache.handleEvent(preorder);
    QVERIFY(changed.wait(30000));
}

QTEST_GUILESS_MAIN(TestQueueCache)
#include "tst_queuecache.moc"
