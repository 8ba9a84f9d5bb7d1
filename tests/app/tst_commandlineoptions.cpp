#include "commandlineoptions.h"

#include <QDir>
#include <QTest>

class TestCommandLineOptions final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void allOptions();
    void rejects_data();
    void rejects();
    void helpAndVersion();
    void kitchenDisplay();
};

static Result<CommandLineOptions> parse(QStringList args)
{
    args.prepend(QStringLiteral("maitre"));
    return CommandLineOptions::parse(args);
}

void TestCommandLineOptions::defaults()
{
    const auto options = parse({});
    QVERIFY(options);
    QCOMPARE(options->action, CommandLineOptions::Action::Run);
    QCOMPARE(options->port, quint16(8080));
    QCOMPARE(options->bindAddress, QHostAddress(QHostAddress::Any));
    QVERIFY(!options->headless);
    QVERIFY(!options->demo);
    QVERIFY(options->databaseUrl.isEmpty());
    QVERIFY(!options->kitchen);
    QVERIFY(options->station.isEmpty());
    QCOMPARE(options->dataDir, CommandLineOptions::defaultDataDir());
    QVERIFY(options->dataDir.endsWith(QStringLiteral("maitre")));
}

void TestCommandLineOptions::allOptions()
{
    const auto options = parse({QStringLiteral("--headless"),
                                QStringLiteral("--demo"),
                                QStringLiteral("--port"),
                                QStringLiteral("9090"),
                                QStringLiteral("--bind"),
                                QStringLiteral("127.0.0.1"),
                                QStringLiteral("--data-dir"),
                                QStringLiteral("relative/dir"),
                                QStringLiteral("--database-url"),
                                QStringLiteral("postgresql://u@db/maitre"),
                                QStringLiteral("--lang"),
                                QStringLiteral("ES")});
    QVERIFY2(options, options ? "" : qPrintable(options.error().message));
    QVERIFY(options->headless);
    QVERIFY(options->demo);
    QCOMPARE(options->port, quint16(9090));
    QCOMPARE(options->bindAddress, QHostAddress(QStringLiteral("127.0.0.1")));
    QCOMPARE(options->dataDir, QDir::current().absoluteFilePath(QStringLiteral("relative/dir")));
    QCOMPARE(options->databaseUrl, QStringLiteral("postgresql://u@db/maitre"));
    QCOMPARE(options->language, QStringLiteral("es"));
}

void TestCommandLineOptions::rejects_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << QString();
    QTest::newRow("port not a number") << QStringList{QStringLiteral("--port"), QStringLiteral("abc")}
                                       << QStringLiteral("port");
    QTest::newRow("port too large") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")}
                                    << QStringLiteral("port");
    QTest::newRow("port missing value") << QStringList{QStringLiteral("--port")} << QString();
    QTest::newRow("bad bind") << QStringList{QStringLiteral("--bind"), QStringLiteral("my-laptop")}
                              << QStringLiteral("bind");
    QTest::newRow("bad url") << QStringList{QStringLiteral("--database-url"), QStringLiteral("http://x/y")}
                             << QStringLiteral("database-url");
    QTest::newRow("unknown language") << QStringList{QStringLiteral("--lang"), QStringLiteral("tlh")}
                                      << QStringLiteral("lang");
    QTest::newRow("stray argument") << QStringList{QStringLiteral("extra")} << QString();
    QTest::newRow("station missing value")
        << QStringList{QStringLiteral("--kitchen"), QStringLiteral("--station")} << QString();
    QTest::newRow("blank station") << QStringList{QStringLiteral("--station"), QStringLiteral(" ")}
                                   << QStringLiteral("station");
    QTest::newRow("kitchen without a window")
        << QStringList{QStringLiteral("--kitchen"), QStringLiteral("--headless")} << QStringLiteral("kitchen");
}

void TestCommandLineOptions::rejects()
{
    QFETCH(QStringList, args);
    QFETCH(QString, field);
    const auto options = parse(args);
    QVERIFY(!options);
    QCOMPARE(options.error().kind, Error::Kind::Invalid);
    QCOMPARE(options.error().field, field);
    QVERIFY(!options.error().message.isEmpty());
}

void TestCommandLineOptions::helpAndVersion()
{
    const auto help = parse({QStringLiteral("--help")});
    QVERIFY(help);
    QCOMPARE(help->action, CommandLineOptions::Action::ShowHelp);
    for (const char* option : {"--data-dir",
                               "--port",
                               "--bind",
                               "--headless",
                               "--demo",
                               "--database-url",
                               "--lang",
                               "--kitchen",
                               "--station"}) {
        QVERIFY2(help->helpText.contains(QLatin1String(option)), option);
    }
    const auto version = parse({QStringLiteral("--version")});
    QVERIFY(version);
    QCOMPARE(version->action, CommandLineOptions::Action::ShowVersion);
}

void TestCommandLineOptions::kitchenDisplay()
{
    const auto all = parse({QStringLiteral("--kitchen")});
    QVERIFY(all);
    QVERIFY(all->kitchen);
    QVERIFY(all->station.isEmpty());
    const auto grill = parse({QStringLiteral("--kitchen"), QStringLiteral("--station"), QStringLiteral("grill")});
    QVERIFY(grill);
    QVERIFY(grill->kitchen);
    QCOMPARE(grill->station, QStringLiteral("grill"));
    // A station alone means the kitchen display too.
    const auto expo = parse({QStringLiteral("--station=expo")});
    QVERIFY(expo);
    QVERIFY(expo->kitchen);
    QCOMPARE(expo->station, QStringLiteral("expo"));
}

QTEST_GUILESS_MAIN(TestCommandLineOptions)
#include "tst_commandlineoptions.moc"
