#include "dinerserver.h"
#include "menuservice.h"
#include "queueservice.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QProcess>
#include <QTest>

// POST /api/v1/agent driven by the off-the-shelf AG-UI client from npm
// (@ag-ui/client's HttpAgent, tests/browser/agui.mjs), which checks the
// stream's events and their order itself and fails the run otherwise.
class TestCopilotAguiClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void httpAgentRunsThreeTurns();
};

void TestCopilotAguiClient::httpAgentRunsThreeTurns()
{
    TestDatabase db;
    QVERIFY(db.migrate(true).isEmpty());
    Store store(db.settings(), 2);
    MenuService menu(store);
    QueueService queue(store);
    DinerServer server(store, menu, queue);
    server.setRestaurantId(db.scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong());
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    const auto port = server.listen(options);
    QVERIFY(port);

    QProcess client;
    client.setProcessChannelMode(QProcess::SeparateChannels);
    client.setWorkingDirectory(QStringLiteral(MAITRE_BROWSER_TEST_DIR));
    client.start(QStringLiteral("node"),
                 {QStringLiteral("agui.mjs"), QStringLiteral("http://127.0.0.1:%1/").arg(*port)});
    QVERIFY2(client.waitForStarted(10000), qPrintable(client.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(client.state() == QProcess::NotRunning, 70000);
    const QString out = QString::fromUtf8(client.readAllStandardOutput());
    const QString errors = QString::fromUtf8(client.readAllStandardError());
    QVERIFY2(out.contains(QStringLiteral("\nOK")), qPrintable(out + errors));
    QCOMPARE(client.exitCode(), 0);
    QVERIFY(
        out.contains(QStringLiteral("RUN 2 RUN_STARTED TOOL_CALL_START TOOL_CALL_ARGS TOOL_CALL_END TOOL_CALL_RESULT "
                                    "CUSTOM:maitre.cart TEXT_MESSAGE_START TEXT_MESSAGE_CONTENT TEXT_MESSAGE_END "
                                    "STATE_SNAPSHOT RUN_FINISHED")));
    QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM orders")).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestCopilotAguiClient)
#include "tst_copilot_aguiclient.moc"
