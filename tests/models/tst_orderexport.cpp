#include "geocoder.h"
#include "orderexporter.h"
#include "orderservice.h"
#include "paymentprovider.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

namespace
{

// Exports only read orders: the providers must exist, never be called.
class UnusedPayments final : public PaymentProvider
{
public:
    QString name() const override { return QStringLiteral("unused"); }
    QFuture<Result<Charge>> charge(int, const QString&, const QString&, const QString&, const QString&) override
    {
        return QtFuture::makeReadyValueFuture(Result<Charge>(unexpected(Error::internal(QStringLiteral("unused")))));
    }
    QFuture<VoidResult> refund(const QString&, const QString&) override
    {
        return QtFuture::makeReadyValueFuture(VoidResult(unexpected(Error::internal(QStringLiteral("unused")))));
    }
};

class UnusedGeocoder final : public Geocoder
{
public:
    QString name() const override { return QStringLiteral("unused"); }
    QFuture<Result<Place>> geocode(const DeliveryAddress&) override
    {
        return QtFuture::makeReadyValueFuture(Result<Place>(unexpected(Error::internal(QStringLiteral("unused")))));
    }
};

const QDate DAY(2026, 11, 20);

} // namespace

// The daily export against a real database: what the CSV and XLSX files hold,
// that a file is replaced whole (two exports at once, a failed one), and the
// audit line.
class TestOrderExport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void csvHoldsOneRowPerOrderInTheRestaurantsTime();
    void xlsxHoldsTheValuesAsNumbersAndText();
    void xlsxCanBeAProtectedSheet();
    void twoExportsToOnePathLeaveOneWholeFile();
    void failedExportLeavesThePreviousFile();
    void formatNames();
    void csvDefusesFormulasButNotPhoneNumbers();

private:
    qint64 placeOrder(const QString& code,
                      const QString& kind,
                      const QString& status,
                      const QString& customer,
                      const QString& createdAt,
                      const QList<std::pair<QString, int>>& lines,
                      const QString& payment = QStringLiteral("counter"));
    Result<OrderExporter::Outcome> exportTo(const QDate& day,
                                            OrderExporter::Format format,
                                            const QString& path,
                                            const Actor& actor = Actor::system(),
                                            bool protect = false);
    QByteArray readZipEntry(const QString& zip, const QString& entry);
    QByteArray read(const QString& path);
    int auditLines();

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    UnusedPayments m_payments;
    UnusedGeocoder m_geocoder;
    std::unique_ptr<OrderService> m_orders;
    std::unique_ptr<OrderExporter> m_exporter;
    std::unique_ptr<QTemporaryDir> m_dir;
    qint64 m_restaurant = 0;
};

void TestOrderExport::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 3);
    m_orders = std::make_unique<OrderService>(*m_store, m_payments, m_geocoder);
    m_exporter = std::make_unique<OrderExporter>(*m_store, *m_orders);
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestOrderExport::cleanup()
{
    m_exporter.reset();
    m_orders.reset();
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

qint64 TestOrderExport::placeOrder(const QString& code,
                                   const QString& kind,
                                   const QString& status,
                                   const QString& customer,
                                   const QString& createdAt,
                                   const QList<std::pair<QString, int>>& lines,
                                   const QString& payment)
{
    const qint64 id = m_db->scalar(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code,"
                                                  " customer_name, customer_phone, created_at, updated_at)"
                                                  " VALUES (?, ?, ?, ?, ?, ?, '+34 600 000 000', ?::timestamptz,"
                                                  " ?::timestamptz) RETURNING id"),
                                   {m_restaurant,
                                    kind,
                                    status,
                                    QUuid::createUuid().toString(QUuid::WithoutBraces),
                                    code,
                                    customer,
                                    createdAt,
                                    createdAt})
                          .toLongLong();
    for (const auto& [dish, quantity] : lines) {
        m_db->exec(QStringLiteral("INSERT INTO order_items (restaurant_id, order_id, menu_item_id, name, quantity,"
                                  " unit_price_cents) SELECT ?, ?, id, name, ?, price_cents FROM menu_items"
                                  " WHERE name = ?"),
                   {m_restaurant, id, quantity, dish});
    }
    // Totals as the service writes them: 10 % tax, 3.50 delivery.
    const int fee = kind == u"delivery" ? 350 : 0;
    m_db->exec(QStringLiteral("UPDATE orders o SET subtotal_cents = s.sum, tax_cents = (s.sum + 5) / 10,"
                              " delivery_fee_cents = ?, total_cents = s.sum + (s.sum + 5) / 10 + ?"
                              " FROM (SELECT COALESCE(sum(quantity * unit_price_cents), 0)::int AS sum"
                              " FROM order_items WHERE order_id = ?) s WHERE o.id = ?"),
               {fee, fee, id, id});
    m_db->exec(
        QStringLiteral("INSERT INTO payments (restaurant_id, order_id, method, amount_cents, status)"
                       " SELECT ?, id, ?, total_cents, ? FROM orders WHERE id = ?"),
        {m_restaurant, payment, payment == u"card" ? QStringLiteral("captured") : QStringLiteral("pending"), id});
    return id;
}

Result<OrderExporter::Outcome> TestOrderExport::exportTo(
    const QDate& day, OrderExporter::Format format, const QString& path, const Actor& actor, bool protect)
{
    return awaitFuture(m_exporter->exportDay(m_restaurant, actor, day, format, path, protect));
}

QByteArray TestOrderExport::read(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return file.readAll();
}

// The environment has python3 (clang-format and ninja need it) but no unzip.
QByteArray TestOrderExport::readZipEntry(const QString& zip, const QString& entry)
{
    QProcess python;
    python.start(QStringLiteral("python3"),
                 {QStringLiteral("-c"),
                  QStringLiteral("import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1])"
                                 ".read(sys.argv[2]))"),
                  zip,
                  entry});
    if (!python.waitForFinished(30000) || python.exitCode() != 0) {
        qWarning() << python.readAllStandardError();
        return {};
    }
    return python.readAllStandardOutput();
}

int TestOrderExport::auditLines()
{
    return m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'orders.exported'")).toInt();
}

void TestOrderExport::csvHoldsOneRowPerOrderInTheRestaurantsTime()
{
    // 12:05 UTC is 13:05 in Madrid (CET in November).
    placeOrder(QStringLiteral("A101"),
               QStringLiteral("takeout"),
               QStringLiteral("picked_up"),
               QStringLiteral("José Núñez"),
               QStringLiteral("2026-11-20 12:05:00+00"),
               {{QStringLiteral("Burrata"), 2}, {QStringLiteral("Arancini"), 1}},
               QStringLiteral("card"));
    placeOrder(QStringLiteral("A102"),
               QStringLiteral("delivery"),
               QStringLiteral("cancelled"),
               QStringLiteral("Smith, \"Jo\""),
               QStringLiteral("2026-11-20 19:30:00+00"),
               {{QStringLiteral("Fritto misto"), 1}});
    placeOrder(QStringLiteral("A103"),
               QStringLiteral("voice"),
               QStringLiteral("received"),
               QStringLiteral("=HYPERLINK(\"x\")"),
               QStringLiteral("2026-11-20 22:30:00+00"), // 23:30 in Madrid: still the 20th
               {{QStringLiteral("Burrata"), 1}});
    // 23:30 UTC on the 20th is the 21st in Madrid: not in this export.
    placeOrder(QStringLiteral("B201"),
               QStringLiteral("takeout"),
               QStringLiteral("received"),
               QStringLiteral("Tomorrow"),
               QStringLiteral("2026-11-20 23:30:00+00"),
               {{QStringLiteral("Burrata"), 1}});

    const QString path = m_dir->filePath(QStringLiteral("orders.csv"));
    const auto outcome = exportTo(DAY, OrderExporter::Format::Csv, path);
    QVERIFY2(outcome, qPrintable(outcome ? QString() : outcome.error().message));
    QCOMPARE(outcome->orders, 3);
    QCOMPARE(outcome->path, path);

    const QByteArray bytes = read(path);
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    const QString text = QString::fromUtf8(bytes.mid(3));
    QVERIFY(text.endsWith(QStringLiteral("\r\n")));
    const QStringList lines = text.chopped(2).split(QStringLiteral("\r\n"));
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0),
             QStringLiteral("Code,Kind,Status,Customer,Phone,Items,Subtotal,Tax,Delivery fee,Total,Payment,"
                            "Payment status,Created,Cancel reason"));
    // Oldest first; 2 × 11.50 + 8.50 = 31.50, tax 3.15.
    QCOMPARE(lines.at(1),
             QStringLiteral("A101,takeout,picked_up,José Núñez,+34 600 000 000,2 × Burrata; 1 × Arancini,31.50,3.15,"
                            "0.00,34.65,card,captured,2026-11-20 13:05:00,"));
    // Commas and quotes are quoted, quotes doubled (RFC 4180).
    QVERIFY2(lines.at(2).startsWith(QStringLiteral("A102,delivery,cancelled,\"Smith, \"\"Jo\"\"\",")),
             qPrintable(lines.at(2)));
    QVERIFY(lines.at(2).contains(QStringLiteral(",12.50,1.25,3.50,17.25,counter,pending,2026-11-20 20:30:00,")));
    // A name that a spreadsheet would run as a formula is written as text.
    QVERIFY2(lines.at(3).startsWith(QStringLiteral("A103,voice,received,\"'=HYPERLINK(\"\"x\"\")\",")),
             qPrintable(lines.at(3)));
    QVERIFY(lines.at(3).contains(QStringLiteral("2026-11-20 23:30:00")));
    QVERIFY(!text.contains(QStringLiteral("B201")));

    // Audited, with what was exported.
    QCOMPARE(auditLines(), 1);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT details->>'orders' FROM audit_log WHERE action = 'orders.exported'"))
                 .toString(),
             QStringLiteral("3"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT details->>'day' FROM audit_log WHERE action = 'orders.exported'"))
                 .toString(),
             QStringLiteral("2026-11-20"));
}

void TestOrderExport::xlsxHoldsTheValuesAsNumbersAndText()
{
    placeOrder(QStringLiteral("X301"),
               QStringLiteral("delivery"),
               QStringLiteral("delivered"),
               QStringLiteral("Ana Beltrán"),
               QStringLiteral("2026-11-20 12:00:00+00"),
               {{QStringLiteral("Burrata"), 1}},
               QStringLiteral("card"));
    placeOrder(QStringLiteral("X302"),
               QStringLiteral("takeout"),
               QStringLiteral("ready"),
               QStringLiteral("=1+1"),
               QStringLiteral("2026-11-20 13:00:00+00"),
               {{QStringLiteral("Arancini"), 2}});
    const QString path = m_dir->filePath(QStringLiteral("orders.xlsx"));
    const auto outcome = exportTo(DAY, OrderExporter::Format::Xlsx, path);
    QVERIFY2(outcome, qPrintable(outcome ? QString() : outcome.error().message));
    QCOMPARE(outcome->orders, 2);
    QVERIFY(read(path).startsWith("PK\x03\x04")); // a zip, as XLSX is

    const QString sheet = QString::fromUtf8(readZipEntry(path, QStringLiteral("xl/worksheets/sheet1.xml")));
    const QString strings = QString::fromUtf8(readZipEntry(path, QStringLiteral("xl/sharedStrings.xml")));
    QVERIFY2(!sheet.isEmpty(), "no xl/worksheets/sheet1.xml");
    QVERIFY(!strings.isEmpty());
    for (const QString& text : {QStringLiteral("Code"),
                                QStringLiteral("Total"),
                                QStringLiteral("X301"),
                                QStringLiteral("Ana Beltrán"),
                                QStringLiteral("1 × Burrata"),
                                QStringLiteral("delivered"),
                                QStringLiteral("=1+1")}) {
        QVERIFY2(strings.contains(text), qPrintable(text));
    }
    // Money as numbers (11.50 + 1.15 tax + 3.50 fee = 16.15), not text.
    QVERIFY(sheet.contains(QStringLiteral("<v>11.5</v>")));
    QVERIFY(sheet.contains(QStringLiteral("<v>16.15</v>")));
    QVERIFY(sheet.contains(QStringLiteral("<v>18.7</v>"))); // 17.00 + 1.70
    // "=1+1" is a string cell, never a formula.
    QVERIFY(!sheet.contains(QStringLiteral("<f>")));
    QVERIFY(!sheet.contains(QStringLiteral("sheetProtection")));
    const QString styles = QString::fromUtf8(readZipEntry(path, QStringLiteral("xl/styles.xml")));
    QVERIFY2(styles.contains(QStringLiteral("€")), "money has the currency's format");
}

void TestOrderExport::xlsxCanBeAProtectedSheet()
{
    placeOrder(QStringLiteral("P401"),
               QStringLiteral("takeout"),
               QStringLiteral("received"),
               QStringLiteral("Lola"),
               QStringLiteral("2026-11-20 12:00:00+00"),
               {{QStringLiteral("Burrata"), 1}});
    const QString path = m_dir->filePath(QStringLiteral("locked.xlsx"));
    const auto outcome = exportTo(DAY, OrderExporter::Format::Xlsx, path, Actor::system(), true);
    QVERIFY(outcome);
    QVERIFY(QString::fromUtf8(readZipEntry(path, QStringLiteral("xl/worksheets/sheet1.xml")))
                .contains(QStringLiteral("sheetProtection")));
}

void TestOrderExport::twoExportsToOnePathLeaveOneWholeFile()
{
    for (int i = 0; i < 30; ++i) {
        placeOrder(QStringLiteral("C%1").arg(500 + i),
                   QStringLiteral("takeout"),
                   QStringLiteral("picked_up"),
                   QStringLiteral("Guest %1").arg(i),
                   QStringLiteral("2026-11-20 12:%1:00+00").arg(i, 2, 10, QLatin1Char('0')),
                   {{QStringLiteral("Burrata"), 1 + i % 3}});
    }
    placeOrder(QStringLiteral("D600"),
               QStringLiteral("takeout"),
               QStringLiteral("received"),
               QStringLiteral("Next day"),
               QStringLiteral("2026-11-21 12:00:00+00"),
               {{QStringLiteral("Arancini"), 1}});
    // What each export alone writes.
    const QString first = m_dir->filePath(QStringLiteral("first.csv"));
    const QString second = m_dir->filePath(QStringLiteral("second.csv"));
    QVERIFY(exportTo(DAY, OrderExporter::Format::Csv, first));
    QVERIFY(exportTo(DAY.addDays(1), OrderExporter::Format::Csv, second));
    const QByteArray one = read(first);
    const QByteArray other = read(second);
    QVERIFY(one != other);

    const QString shared = m_dir->filePath(QStringLiteral("shared.csv"));
    for (int round = 0; round < 5; ++round) {
        auto a = m_exporter->exportDay(m_restaurant, Actor::system(), DAY, OrderExporter::Format::Csv, shared);
        auto b =
            m_exporter->exportDay(m_restaurant, Actor::system(), DAY.addDays(1), OrderExporter::Format::Csv, shared);
        QVERIFY(awaitFuture(a));
        QVERIFY(awaitFuture(b));
        const QByteArray result = read(shared);
        QVERIFY2(result == one || result == other, "the file is one export, whole");
    }
    // No temporary files left behind.
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden).size(), 3);
}

void TestOrderExport::failedExportLeavesThePreviousFile()
{
    placeOrder(QStringLiteral("F700"),
               QStringLiteral("takeout"),
               QStringLiteral("received"),
               QStringLiteral("Someone"),
               QStringLiteral("2026-11-20 12:00:00+00"),
               {{QStringLiteral("Burrata"), 1}});
    const QString path = m_dir->filePath(QStringLiteral("orders.csv"));
    const QByteArray previous("the previous export\r\n");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(previous);
    }

    // A host may not export.
    const auto refused =
        exportTo(DAY, OrderExporter::Format::Csv, path, Actor::staff(1, QStringLiteral("Hana"), Role::Host));
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, Error::Kind::Forbidden);
    QCOMPARE(read(path), previous);

    // The orders cannot be read: nothing is written.
    QVERIFY(m_db->exec(QStringLiteral("ALTER TABLE order_items RENAME TO order_items_away")));
    const auto unreadable = exportTo(DAY, OrderExporter::Format::Csv, path);
    QVERIFY(!unreadable);
    QCOMPARE(read(path), previous);
    QVERIFY(m_db->exec(QStringLiteral("ALTER TABLE order_items_away RENAME TO order_items")));

    // A folder where the file should be, and a folder that does not exist.
    const auto folder = exportTo(DAY, OrderExporter::Format::Csv, m_dir->path());
    QVERIFY(!folder);
    QCOMPARE(folder.error().kind, Error::Kind::Invalid);
    const auto nowhere = exportTo(DAY, OrderExporter::Format::Xlsx, m_dir->filePath(QStringLiteral("no/such.xlsx")));
    QVERIFY(!nowhere);
    QCOMPARE(nowhere.error().kind, Error::Kind::Invalid);

    // None of them was audited, and no stray files.
    QCOMPARE(auditLines(), 0);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("orders.csv")});
}

void TestOrderExport::formatNames()
{
    QCOMPARE(OrderExporter::formatFromString(QStringLiteral("CSV")), OrderExporter::Format::Csv);
    QCOMPARE(OrderExporter::formatFromString(QStringLiteral(" xlsx ")), OrderExporter::Format::Xlsx);
    QVERIFY(!OrderExporter::formatFromString(QStringLiteral("xls")));
    QCOMPARE(OrderExporter::formatToString(OrderExporter::Format::Xlsx), QStringLiteral("xlsx"));
}

void TestOrderExport::csvDefusesFormulasButNotPhoneNumbers()
{
    Order order;
    order.code = QStringLiteral("Z1");
    order.kind = QStringLiteral("takeout");
    order.customerName = QStringLiteral("@SUM(1)");
    order.customerPhone = QStringLiteral("+1 (555) 010-0000");
    order.cancelReason = QStringLiteral("-2+3");
    Order other = order;
    other.customerPhone = QStringLiteral("+1+cmd|' /C calc'!A0");
    const QStringList lines = QString::fromUtf8(OrderExporter::toCsv({order, other}, {}).mid(3))
                                  .split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("Z1,takeout,received,'@SUM(1),+1 (555) 010-0000,")),
             qPrintable(lines.at(1)));
    QVERIFY(lines.at(1).endsWith(QStringLiteral(",'-2+3")));
    QVERIFY2(lines.at(2).contains(QStringLiteral(",'+1+cmd|' /C calc'!A0,")), qPrintable(lines.at(2)));
}

QTEST_GUILESS_MAIN(TestOrderExport)
#include "tst_orderexport.moc"
