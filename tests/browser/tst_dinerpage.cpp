#include "dinerserver.h"
#include "menuservice.h"
#include "queueservice.h"
#include "store/eventlistener.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

// The diner page in real headless Chromium (driven by tests/browser/diner.mjs
// with playwright-core) against the real server and database: a diner joins
// with a pre-order, sees their place, the host notifies them through the
// service, and the page says "come in" without a reload; seated, the diner
// rates the visit.
class TestDinerPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dinerJoinsAndIsCalledIn();
};

void TestDinerPage::dinerJoinsAndIsCalledIn()
{
    TestDatabase db;
    QVERIFY(db.migrate(true).isEmpty());
    const qint64 restaurant = db.scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    Store store(db.settings(), 4);
    MenuService menu(store);
    QueueService queue(store);
    DinerServer server(store, menu, queue);
    server.setRestaurantId(restaurant);
    EventListener listener(db.settings());
    connect(&listener, &EventListener::eventReceived, &server, &DinerServer::handleEvent);
    listener.start();
    QTRY_VERIFY(listener.isConnected());
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    const auto port = server.listen(options);
    QVERIFY(port);

    // Screenshots go to MAITRE_TEST_SCREENSHOT_DIR when set (docs/screenshots), else a temporary folder.
    QTemporaryDir temporary;
    const QString shots = qEnvironmentVariable("MAITRE_TEST_SCREENSHOT_DIR", temporary.path());
    QProcess driver;
    driver.setProcessChannelMode(QProcess::SeparateChannels);
    driver.setWorkingDirectory(QStringLiteral(MAITRE_BROWSER_TEST_DIR));
    driver.start(QStringLiteral("node"),
                 {QStringLiteral("diner.mjs"), QStringLiteral("http://127.0.0.1:%1/").arg(*port), shots});
    QVERIFY2(driver.waitForStarted(10000), qPrintable(driver.errorString()));

    static const QRegularExpression joined(QStringLiteral("^JOINED (\\S+)$"), QRegularExpression::MultilineOption);
    static const QRegularExpression eightySix(QStringLiteral("^EIGHTY_SIX (\\d+)$"),
                                              QRegularExpression::MultilineOption);
    QString out;
    const auto read = [&] {
        out += QString::fromUtf8(driver.readAllStandardOutput());
        return out;
    };
    // While the diner chooses, the kitchen 86s a dish in their cart.
    QTRY_VERIFY2_WITH_TIMEOUT(
        eightySix.match(read()).hasMatch() || driver.state() == QProcess::NotRunning, qPrintable(out), 90000);
    const auto soldOut = eightySix.match(out);
    QVERIFY2(soldOut.hasMatch(), qPrintable(out + QString::fromUtf8(driver.readAllStandardError())));
    QVERIFY(awaitFuture(menu.setAvailable(restaurant, Actor::system(), soldOut.captured(1).toLongLong(), false)));
    QTRY_VERIFY2_WITH_TIMEOUT(
        joined.match(read()).hasMatch() || driver.state() == QProcess::NotRunning, qPrintable(out), 90000);
    const auto match = joined.match(out);
    QVERIFY2(match.hasMatch(), qPrintable(out + QString::fromUtf8(driver.readAllStandardError())));
    const QString token = match.captured(1);

    // What the page sent was committed, with server-side prices.
    const qint64 party = db.scalar(QStringLiteral("SELECT id FROM parties WHERE token = ?"), {token}).toLongLong();
    QVERIFY(party > 0);
    QCOMPARE(db.scalar(QStringLiteral("SELECT size FROM parties WHERE id = ?"), {party}).toInt(), 2);
    QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM order_items oi JOIN orders o ON o.id = oi.order_id"
                                      " WHERE o.party_id = ?"),
                       {party})
                 .toInt(),
             2);

    // The host calls them in.
    const auto notified = awaitFuture(queue.notify(restaurant, Actor::system(), party));
    QVERIFY(notified);
    QTRY_VERIFY2_WITH_TIMEOUT(
        read().contains(QStringLiteral("\nREADY")) || driver.state() == QProcess::NotRunning, qPrintable(out), 70000);
    QVERIFY2(out.contains(QStringLiteral("\nREADY")),
             qPrintable(out + QString::fromUtf8(driver.readAllStandardError())));
    // …and seats them; the page asks how it was, and the diner answers.
    const qint64 table = db.scalar(QStringLiteral("SELECT id FROM dining_tables WHERE seats >= 2 AND state = 'free'"
                                                  " ORDER BY seats LIMIT 1"))
                             .toLongLong();
    QVERIFY(awaitFuture(queue.seat(restaurant, Actor::system(), party, {table})));
    QTRY_VERIFY2_WITH_TIMEOUT(driver.state() == QProcess::NotRunning, qPrintable(read()), 70000);
    read();
    const QString errors = QString::fromUtf8(driver.readAllStandardError());
    QVERIFY2(out.contains(QStringLiteral("\nRATED")), qPrintable(out + errors));
    QCOMPARE(driver.exitCode(), 0);
    QCOMPARE(db.scalar(QStringLiteral("SELECT rating FROM feedback WHERE party_id = ?"), {party}).toInt(), 4);
    QCOMPARE(db.scalar(QStringLiteral("SELECT comment FROM feedback WHERE party_id = ?"), {party}).toString(),
             QStringLiteral("The pre-order was ready as we sat down"));
    for (const char* shot : {"diner-join.png", "diner-waiting.png", "diner-ready.png", "diner-feedback.png"}) {
        QVERIFY2(QFileInfo(QDir(shots).filePath(QLatin1String(shot))).size() > 1000, shot);
    }
    listener.stop();
}

QTEST_GUILESS_MAIN(TestDinerPage)
#include "tst_dinerpage.moc"
