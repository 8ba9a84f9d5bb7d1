#include "localpostgres.h"
#include "store/eventlistener.h"
#include "store/eventlog.h"
#include "store/migrator.h"
#include "testdatabase.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

class TestEventListener final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deliversCommittedEventsOnly();
    void largePayloadsArriveWhole();
    void reconnectsAndCatchesUpAfterRestart();
};

namespace
{
qint64 appendEvent(QSqlDatabase db, const QString& type, const QJsonObject& payload, bool commit = true)
{
    db.transaction();
    const auto id = EventLog::append(db, 0, type, payload);
    if (commit) {
        db.commit();
    } else {
        db.rollback();
    }
    return id ? *id : -1;
}
} // namespace

void TestEventListener::deliversCommittedEventsOnly()
{
    TestDatabase db;
    QVERIFY(db.migrate().isEmpty());
    EventListener listener(db.settings());
    QSignalSpy events(&listener, &EventListener::eventReceived);
    QSignalSpy state(&listener, &EventListener::connectionStateChanged);
    listener.start();
    QTRY_VERIFY(listener.isConnected());
    QCOMPARE(state.count(), 1);

    appendEvent(db.connection(), QStringLiteral("table.updated"), {{QStringLiteral("table_id"), 7}}, false);
    const qint64 id =
        appendEvent(db.connection(), QStringLiteral("party.seated"), {{QStringLiteral("party_id"), 42}}, true);
    QTRY_COMPARE(events.count(), 1);
    const auto event = events.takeFirst().at(0).value<DomainEvent>();
    QCOMPARE(event.id, id);
    QCOMPARE(event.type, QStringLiteral("party.seated"));
    QCOMPARE(event.payload.value(QStringLiteral("party_id")).toInt(), 42);
    QVERIFY(event.occurredAt.isValid());
    // The rolled-back one never shows up.
    QTest::qWait(300);
    QCOMPARE(events.count(), 0);
    listener.stop();
}

void TestEventListener::largePayloadsArriveWhole()
{
    TestDatabase db;
    QVERIFY(db.migrate().isEmpty());
    EventListener listener(db.settings());
    QSignalSpy events(&listener, &EventListener::eventReceived);
    listener.start();
    QTRY_VERIFY(listener.isConnected());
    const QString big(20000, u'x'); // over NOTIFY's 8000-byte limit
    appendEvent(db.connection(), QStringLiteral("menu.updated"), {{QStringLiteral("text"), big}});
    QTRY_COMPARE(events.count(), 1);
    QCOMPARE(events.at(0).at(0).value<DomainEvent>().payload.value(QStringLiteral("text")).toString(), big);
    listener.stop();
}

void TestEventListener::reconnectsAndCatchesUpAfterRestart()
{
    // Its own cluster: restarting the shared one would disturb other tests.
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/maitre-listener-XXXXXX"));
    QVERIFY(dir.isValid());
    QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ExeOther);
    LocalPostgres cluster(dir.filePath(QStringLiteral("pg")), {.durable = false, .database = QStringLiteral("maitre")});
    const auto started = cluster.start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    const QString conn = QStringLiteral("writer-") + QUuid::createUuid().toString();
    {
        QSqlDatabase writer = cluster.connectionSettings().addDatabase(conn);
        QVERIFY(writer.open());
        QVERIFY(Migrator().migrate(writer));

        EventListener listener(cluster.connectionSettings());
        listener.setHeartbeatInterval(200);
        // Slow enough to reconnect that an event lands while it is away.
        listener.setReconnectDelays(1500, 1500);
        QSignalSpy events(&listener, &EventListener::eventReceived);
        QSignalSpy state(&listener, &EventListener::connectionStateChanged);
        listener.start();
        QTRY_VERIFY(listener.isConnected());

        appendEvent(writer, QStringLiteral("table.updated"), {{QStringLiteral("n"), 1}});
        QTRY_COMPARE(events.count(), 1);

        writer.close();
        QVERIFY(cluster.stop());
        QTRY_VERIFY_WITH_TIMEOUT(!listener.isConnected(), 10000);
        QVERIFY(cluster.start());
        QVERIFY(writer.open());
        // Committed while the listener is still disconnected: only the
        // catch-up query can deliver it.
        const qint64 missed = appendEvent(writer, QStringLiteral("table.updated"), {{QStringLiteral("n"), 2}});
        QVERIFY(missed > 0);
        QTRY_VERIFY_WITH_TIMEOUT(listener.isConnected(), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(events.count(), 2, 10000);
        QCOMPARE(events.at(1).at(0).value<DomainEvent>().id, missed);

        // Subscribed again: a new event arrives by notification.
        appendEvent(writer, QStringLiteral("table.updated"), {{QStringLiteral("n"), 3}});
        QTRY_COMPARE(events.count(), 3);
        QCOMPARE(events.at(2).at(0).value<DomainEvent>().payload.value(QStringLiteral("n")).toInt(), 3);
        // Each delivered exactly once.
        QTest::qWait(500);
        QCOMPARE(events.count(), 3);
        listener.stop();
        writer.close();
    }
    QSqlDatabase::removeDatabase(conn);
    QVERIFY(cluster.stop());
}

QTEST_GUILESS_MAIN(TestEventListener)
#include "tst_eventlistener.moc"
