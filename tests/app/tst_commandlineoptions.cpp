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
    void tokenCommands();
    void tokenCommandsReject_data();
    void tokenCommandsReject();
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
                               "--station",
                               "--create-token",
                               "--scope",
                               "--list-tokens",
                               "--revoke-token"}) {
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

void TestCommandLineOptions::tokenCommands()
{
    const auto plain = parse({});
    QVERIFY(plain);
    QVERIFY(!plain->isTokenCommand());

    const auto create = parse({QStringLiteral("--create-token"),
                               QStringLiteral(" BI dashboard "),
                               QStringLiteral("--scope"),
                               QStringLiteral("events"),
                               QStringLiteral("--scope=Staff,events"),
                               QStringLiteral("--data-dir"),
                               QStringLiteral("somewhere")});
    QVERIFY2(create, create ? "" : qPrintable(create.error().message));
    QCOMPARE(create->action, CommandLineOptions::Action::CreateToken);
    QVERIFY(create->isTokenCommand());
    QCOMPARE(create->tokenName, QStringLiteral("BI dashboard"));
    QCOMPARE(create->tokenScopes, (QStringList{QStringLiteral("events"), QStringLiteral("staff")}));
    QCOMPARE(create->dataDir, QDir::current().absoluteFilePath(QStringLiteral("somewhere")));

    const auto list = parse(
        {QStringLiteral("--list-tokens"), QStringLiteral("--database-url"), QStringLiteral("postgresql://u@db/m")});
    QVERIFY(list);
    QCOMPARE(list->action, CommandLineOptions::Action::ListTokens);
    QCOMPARE(list->databaseUrl, QStringLiteral("postgresql://u@db/m"));

    const auto revoke = parse({QStringLiteral("--revoke-token"), QStringLiteral("bi")});
    QVERIFY(revoke);
    QCOMPARE(revoke->action, CommandLineOptions::Action::RevokeToken);
    QCOMPARE(revoke->tokenName, QStringLiteral("bi"));

    // --help still wins, so "maitre --create-token x --help" explains itself.
    const auto help = parse({QStringLiteral("--create-token"), QStringLiteral("x"), QStringLiteral("--help")});
    QVERIFY(help);
    QCOMPARE(help->action, CommandLineOptions::Action::ShowHelp);
}

void TestCommandLineOptions::tokenCommandsReject_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no scope") << QStringList{QStringLiteral("--create-token"), QStringLiteral("bi")}
                              << QStringLiteral("scope") << QStringLiteral("--scope");
    QTest::newRow("unknown scope") << QStringList{QStringLiteral("--create-token"),
                                                  QStringLiteral("bi"),
                                                  QStringLiteral("--scope"),
                                                  QStringLiteral("admin")}
                                   << QStringLiteral("scope") << QStringLiteral("admin");
    QTest::newRow("blank scope") << QStringList{QStringLiteral("--create-token"),
                                                QStringLiteral("bi"),
                                                QStringLiteral("--scope"),
                                                QStringLiteral(",")}
                                 << QStringLiteral("scope") << QStringLiteral("--scope");
    QTest::newRow("blank name") << QStringList{QStringLiteral("--create-token"),
                                               QStringLiteral("  "),
                                               QStringLiteral("--scope"),
                                               QStringLiteral("events")}
                                << QStringLiteral("create-token") << QStringLiteral("name");
    QTest::newRow("name missing") << QStringList{QStringLiteral("--create-token")} << QString()
                                  << QStringLiteral("create-token");
    QTest::newRow("scope alone") << QStringList{QStringLiteral("--scope"), QStringLiteral("events")}
                                 << QStringLiteral("scope") << QStringLiteral("--create-token");
    QTest::newRow("scope with list") << QStringList{QStringLiteral("--list-tokens"),
                                                    QStringLiteral("--scope"),
                                                    QStringLiteral("events")}
                                     << QStringLiteral("scope") << QStringLiteral("--create-token");
    QTest::newRow("two commands") << QStringList{QStringLiteral("--list-tokens"),
                                                 QStringLiteral("--revoke-token"),
                                                 QStringLiteral("bi")}
                                  << QStringLiteral("create-token") << QStringLiteral("one of");
    QTest::newRow("blank revoke") << QStringList{QStringLiteral("--revoke-token"), QStringLiteral("")}
                                  << QStringLiteral("revoke-token") << QStringLiteral("--revoke-token");
    QTest::newRow("with a window") << QStringList{QStringLiteral("--list-tokens"), QStringLiteral("--kitchen")}
                                   << QStringLiteral("create-token") << QStringLiteral("--kitchen");
    QTest::newRow("with demo") << QStringList{QStringLiteral("--list-tokens"), QStringLiteral("--demo")}
                               << QStringLiteral("create-token") << QStringLiteral("--demo");
}

void TestCommandLineOptions::tokenCommandsReject()
{
    QFETCH(QStringList, args);
    QFETCH(QString, field);
    QFETCH(QString, mentions);
    const auto options = parse(args);
    QVERIFY(!options);
    QCOMPARE(options.error().kind, Error::Kind::Invalid);
    QCOMPARE(options.error().field, field);
    QVERIFY2(options.error().message.contains(mentions), qPrintable(options.error().message));
}

QTEST_GUILESS_MAIN(TestCommandLineOptions)
#include "tst_commandlineoptions.moc"
