#include "testdatabase.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

// maitre --export DATE --format csv|xlsx --out FILE, run as the real binary
// against a real database: the file, the exit codes, the audit line, and
// bad input refused with a readable message and nothing written.
class TestExportCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void exportsADayToCsv();
    void exportsXlsxWithTheFormatFromTheName();
    void badInputIsRefused_data();
    void badInputIsRefused();
    void unwritableFileFails();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static Run maitre(const QStringList& args);
    Run withDatabase(QStringList args) const;
    void placeOrder(const QString& code, const QString& customer, const QString& createdAt);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<QTemporaryDir> m_dir;
    qint64 m_restaurant = 0;
};

void TestExportCli::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    const QString migrated = m_db->migrate(true);
    QVERIFY2(migrated.isEmpty(), qPrintable(migrated));
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestExportCli::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

TestExportCli::Run TestExportCli::maitre(const QStringList& args)
{
    QProcess process;
    process.start(qEnvironmentVariable("MAITRE_BINARY"), args);
    Run run;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

TestExportCli::Run TestExportCli::withDatabase(QStringList args) const
{
    const ConnectionSettings& s = m_db->settings();
    args << QStringLiteral("--database-url")
         << QStringLiteral("postgresql://%1@localhost:%2/%3?host=%4").arg(s.user).arg(s.port).arg(s.database, s.host);
    return maitre(args);
}

void TestExportCli::placeOrder(const QString& code, const QString& customer, const QString& createdAt)
{
    const qint64 id =
        m_db->scalar(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code,"
                                    " customer_name, created_at) VALUES (?, 'takeout', 'received', ?,"
                                    " ?, ?, ?::timestamptz) RETURNING id"),
                     {m_restaurant, QUuid::createUuid().toString(QUuid::WithoutBraces), code, customer, createdAt})
            .toLongLong();
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO order_items (restaurant_id, order_id, menu_item_id, name, quantity,"
                                      " unit_price_cents) SELECT ?, ?, id, name, 1, price_cents FROM menu_items"
                                      " WHERE name = 'Burrata'"),
                       {m_restaurant, id}));
    QVERIFY(m_db->exec(QStringLiteral("UPDATE orders SET subtotal_cents = 1150, tax_cents = 115, total_cents = 1265"
                                      " WHERE id = ?"),
                       {id}));
}

void TestExportCli::exportsADayToCsv()
{
    placeOrder(QStringLiteral("CLI1"), QStringLiteral("Nora"), QStringLiteral("2026-11-25 12:00:00+00"));
    placeOrder(QStringLiteral("CLI2"), QStringLiteral("Ivo"), QStringLiteral("2026-11-25 13:00:00+00"));
    placeOrder(QStringLiteral("CLI3"), QStringLiteral("Other day"), QStringLiteral("2026-11-24 12:00:00+00"));
    const QString path = m_dir->filePath(QStringLiteral("orders.csv"));
    const Run run = withDatabase({QStringLiteral("--export"),
                                  QStringLiteral("2026-11-25"),
                                  QStringLiteral("--format"),
                                  QStringLiteral("csv"),
                                  QStringLiteral("--out"),
                                  path});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    // The path alone on stdout, for scripts; the sentence on stderr.
    QCOMPARE(run.out, path + u'\n');
    QVERIFY2(run.err.contains(QStringLiteral("2 order")), qPrintable(run.err));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.contains(QStringLiteral("CLI1,takeout,received,Nora,,1 × Burrata,11.50,1.15,0.00,12.65")));
    QVERIFY(text.contains(QStringLiteral("CLI2,")));
    QVERIFY(!text.contains(QStringLiteral("CLI3")));
    // Audited as Maitre itself.
    QCOMPARE(
        m_db->scalar(QStringLiteral("SELECT actor_kind FROM audit_log WHERE action = 'orders.exported'")).toString(),
        QStringLiteral("system"));
}

void TestExportCli::exportsXlsxWithTheFormatFromTheName()
{
    placeOrder(QStringLiteral("XLS1"), QStringLiteral("Nora"), QStringLiteral("2026-11-25 12:00:00+00"));
    const QString path = m_dir->filePath(QStringLiteral("orders.xlsx"));
    const Run run =
        withDatabase({QStringLiteral("--export"), QStringLiteral("2026-11-25"), QStringLiteral("--out"), path});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(4) == QByteArray("PK\x03\x04"));
}

void TestExportCli::badInputIsRefused_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString out = QStringLiteral("/tmp/never-written-by-tst-exportcli.csv");
    QTest::newRow("bad date") << QStringList{QStringLiteral("--export"),
                                             QStringLiteral("25/11/2026"),
                                             QStringLiteral("--out"),
                                             out}
                              << QStringLiteral("YYYY-MM-DD");
    QTest::newRow("no out") << QStringList{QStringLiteral("--export"), QStringLiteral("2026-11-25")}
                            << QStringLiteral("--out");
    QTest::newRow("bad format") << QStringList{QStringLiteral("--export"),
                                               QStringLiteral("2026-11-25"),
                                               QStringLiteral("--format"),
                                               QStringLiteral("pdf"),
                                               QStringLiteral("--out"),
                                               out}
                                << QStringLiteral("csv or xlsx");
    QTest::newRow("format from nothing") << QStringList{QStringLiteral("--export"),
                                                        QStringLiteral("2026-11-25"),
                                                        QStringLiteral("--out"),
                                                        QStringLiteral("/tmp/orders")}
                                         << QStringLiteral("--format");
    QTest::newRow("out alone") << QStringList{QStringLiteral("--out"), out} << QStringLiteral("--export");
}

void TestExportCli::badInputIsRefused()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run run = withDatabase(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/never-written-by-tst-exportcli.csv")));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'orders.exported'")).toInt(),
             0);
}

void TestExportCli::unwritableFileFails()
{
    const Run run = withDatabase({QStringLiteral("--export"),
                                  QStringLiteral("2026-11-25"),
                                  QStringLiteral("--out"),
                                  m_dir->filePath(QStringLiteral("missing/folder/orders.csv"))});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("does not exist")), qPrintable(run.err));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'orders.exported'")).toInt(),
             0);
}

QTEST_GUILESS_MAIN(TestExportCli)
#include "tst_exportcli.moc"
