#include "dinerserver.h"
#include "menuservice.h"
#include "queueservice.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

// The diner page's assistant drawer in real headless Chromium (driven by
// tests/browser/assistant.mjs) against the real server and database, with no
// language model: answers and menu cards from the menu, Add on a card, the
// assistant's cart becoming the page's, the hand-over to the join form, the
// drawer in Spanish and beside the menu on a wide screen. Nothing is ordered.
class TestCopilotDinerDrawer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void drawerBuildsThePageCart();
};

void TestCopilotDinerDrawer::drawerBuildsThePageCart()
{
    TestDatabase db;
    QVERIFY(db.migrate(true).isEmpty());
    const qint64 restaurant = db.scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    Store store(db.settings(), 4);
    MenuService menu(store);
    QueueService queue(store);
    DinerServer server(store, menu, queue);
    server.setRestaurantId(restaurant);
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    const auto port = server.listen(options);
    QVERIFY(port);

    QTemporaryDir temporary;
    const QString shots = qEnvironmentVariable("MAITRE_TEST_SCREENSHOT_DIR", temporary.path());
    QProcess driver;
    driver.setProcessChannelMode(QProcess::SeparateChannels);
    driver.setWorkingDirectory(QStringLiteral(MAITRE_BROWSER_TEST_DIR));
    driver.start(QStringLiteral("node"),
                 {QStringLiteral("assistant.mjs"), QStringLiteral("http://127.0.0.1:%1/").arg(*port), shots});
    QVERIFY2(driver.waitForStarted(10000), qPrintable(driver.errorString()));
    QString out;
    QTRY_VERIFY_WITH_TIMEOUT(
        (out += QString::fromUtf8(driver.readAllStandardOutput()), driver.state() == QProcess::NotRunning), 130000);
    out += QString::fromUtf8(driver.readAllStandardOutput());
    const QString errors = QString::fromUtf8(driver.readAllStandardError());
    QVERIFY2(out.contains(QStringLiteral("\nOK")), qPrintable(out + errors));
    QCOMPARE(driver.exitCode(), 0);

    // The page's cart: the dish added from a card once, and two tiramisu from the assistant.
    static const QRegularExpression cartLine(QStringLiteral("^CART (.*)$"), QRegularExpression::MultilineOption);
    const QStringList lines = cartLine.match(out).captured(1).split(u' ', Qt::SkipEmptyParts);
    const QString tiramisu = db.scalar(QStringLiteral("SELECT id FROM menu_items WHERE name = 'Tiramisù'")).toString();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(1), tiramisu + QStringLiteral("x2"));
    // The assistant never joined or ordered: that is the diner's confirm.
    QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM parties")).toInt(), 0);
    QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM orders")).toInt(), 0);
    for (const char* shot : {"diner-assistant.png", "diner-assistant-wide.png"}) {
        QVERIFY2(QFileInfo(QDir(shots).filePath(QLatin1String(shot))).size() > 1000, shot);
    }
}

QTEST_GUILESS_MAIN(TestCopilotDinerDrawer)
#include "tst_copilot_dinerdrawer.moc"
