#include "store/connectionsettings.h"

#include <QTest>

class TestConnectionSettings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesUrls_data();
    void parsesUrls();
    void rejectsBadUrls_data();
    void rejectsBadUrls();
};

void TestConnectionSettings::parsesUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("database");
    QTest::newRow("full") << "postgresql://ana:s%40cret@db.lan:6543/maitre" << "db.lan" << 6543 << "ana" << "s@cret"
                          << "maitre";
    QTest::newRow("defaults") << "postgres://db.lan/shop" << "db.lan" << 5432 << "" << "" << "shop";
    QTest::newRow("socket") << "postgresql:///maitre?host=%2Fvar%2Frun%2Fpostgresql" << "/var/run/postgresql" << 5432
                            << "" << "" << "maitre";
}

void TestConnectionSettings::parsesUrls()
{
    QFETCH(QString, url);
    const auto settings = ConnectionSettings::fromUrl(url);
    QVERIFY2(settings.has_value(), qPrintable(settings ? QString() : settings.error().message));
    QTEST(settings->host, "host");
    QTEST(settings->port, "port");
    QTEST(settings->user, "user");
    QTEST(settings->password, "password");
    QTEST(settings->database, "database");
    QVERIFY(!settings->describe().contains(settings->password.isEmpty() ? QStringLiteral("\x01") : settings->password));
}

void TestConnectionSettings::rejectsBadUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("not a url") << "just words";
    QTest::newRow("wrong scheme") << "mysql://db/maitre";
    QTest::newRow("no database") << "postgresql://db.lan/";
    QTest::newRow("empty") << "";
}

void TestConnectionSettings::rejectsBadUrls()
{
    QFETCH(QString, url);
    const auto settings = ConnectionSettings::fromUrl(url);
    QVERIFY(!settings);
    QCOMPARE(settings.error().kind, Error::Kind::Invalid);
    QCOMPARE(settings.error().field, QStringLiteral("database-url"));
}

QTEST_GUILESS_MAIN(TestConnectionSettings)
#include "tst_connectionsettings.moc"
