#include "chitlistener.h"
#include "escposformatter.h"
#include "kitchenchit.h"
#include "kitchenprinter.h"
#include "kitchenticket.h"
#include "pdfchitrenderer.h"
#include "pdfkitchenprinter.h"
#include "printqueue.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace
{

// QVERIFY2 evaluates its message even when the check passes.
template <typename T>
QByteArray failure(const Result<T>& result)
{
    return result ? QByteArray() : result.error().message.toUtf8();
}

} // namespace

// Kitchen chits without a database: the ESC/POS bytes, a real socket to a
// local listener, the offline queue and its retry, and the PDF rendering.
class TestKitchenPrinter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escPosChitHasTextInitAndCut();
    void escPosFoldsAccentsAndDropsControlCharacters();
    void escPosWrapsLongLines();
    void printerUris_data();
    void printerUris();
    void tcpPrinterDeliversToAListener();
    void offlinePrinterQueuesAndRetriesOnce();
    void pdfRendererWritesAPdf();
    void pdfPrinterWritesIntoItsDirectory();

private:
    static KitchenTicket ticket(qint64 id = 17);
};

KitchenTicket TestKitchenPrinter::ticket(qint64 id)
{
    KitchenTicket t;
    t.id = id;
    t.orderId = 5;
    t.station = QStringLiteral("fry");
    t.orderKind = QStringLiteral("dine_in");
    t.orderCode = QStringLiteral("4821");
    t.tableLabel = QStringLiteral("T5");
    t.guestName = QStringLiteral("Ana");
    t.createdAt = QDateTime::currentDateTimeUtc();
    KitchenTicketItem fritto;
    fritto.name = QStringLiteral("Fritto misto");
    fritto.quantity = 2;
    fritto.note = QStringLiteral("sauce apart");
    fritto.modifiers = {QStringLiteral("no lemon"), QStringLiteral("extra aioli")};
    KitchenTicketItem fries;
    fries.name = QStringLiteral("Patatine fritte");
    fries.quantity = 1;
    t.items = {fritto, fries};
    return t;
}

void TestKitchenPrinter::escPosChitHasTextInitAndCut()
{
    const KitchenChit chit = KitchenChit::fromTicket(ticket(), QDateTime::currentDateTimeUtc());
    const QByteArray bytes = EscPosFormatter().format(chit);

    QVERIFY(bytes.startsWith(QByteArray("\x1b@"))); // ESC @: initialise
    QVERIFY(bytes.endsWith(QByteArray("\x1dV\x42\x00", 4))); // GS V 66 0: feed and partial cut
    // The station in double size and bold.
    QVERIFY(bytes.contains(QByteArray("\x1d!\x11\x1b"
                                      "E\x01"
                                      "FRY\n",
                                      10)));
    QVERIFY(bytes.contains("Order 4821 Table T5"));
    QVERIFY(bytes.contains("Dine in - Ana"));
    QVERIFY(bytes.contains("2 x Fritto misto\n"));
    QVERIFY(bytes.contains(QByteArrayLiteral("2 x Fritto misto\n\x1b"
                                             "E\x00\x1d!\x00    + no lemon\n")));
    QVERIFY(bytes.contains("\n    + extra aioli\n"));
    QVERIFY(bytes.contains("\n    Note: sauce apart\n"));
    QVERIFY(bytes.contains("1 x Patatine fritte\n"));
    QVERIFY(bytes.indexOf("Fritto misto") < bytes.indexOf("Patatine fritte"));
    QCOMPARE(bytes.count(QByteArray("\x1b@")), 1);
}

void TestKitchenPrinter::escPosFoldsAccentsAndDropsControlCharacters()
{
    QCOMPARE(EscPosFormatter::toPrinterText(QStringLiteral("Tiramisù, jalapeño, crème brûlée")),
             QByteArray("Tiramisu, jalapeno, creme brulee"));
    QCOMPARE(EscPosFormatter::toPrinterText(QStringLiteral("Straße, œuf, 5 €")), QByteArray("Strasse, oeuf, 5 EUR"));
    // A note must not carry a command: ESC and GS become spaces.
    QCOMPARE(EscPosFormatter::toPrinterText(QStringLiteral("no\x1b"
                                                           "i cut\x1dV")),
             QByteArray("no i cut V"));

    KitchenTicket t = ticket();
    t.items[0].note = QStringLiteral("cut\x1dVnow");
    const QByteArray bytes = EscPosFormatter().format(KitchenChit::fromTicket(t, QDateTime::currentDateTimeUtc()));
    QCOMPARE(bytes.count(QByteArray("\x1dV")), 1); // only the real cut, at the end
}

void TestKitchenPrinter::escPosWrapsLongLines()
{
    KitchenTicket t = ticket();
    t.items[0].note = QStringLiteral("please make it extra crispy and bring the sauce apart because the guest is "
                                     "allergic to garlic");
    const QByteArray bytes = EscPosFormatter(32).format(KitchenChit::fromTicket(t, QDateTime::currentDateTimeUtc()));
    const QList<QByteArray> lines = bytes.split('\n');
    for (const QByteArray& line : lines) {
        // Each line's printable part fits 32 columns (commands carry no width).
        QByteArray printable;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const char c = line.at(i);
            if (c == 0x1b || c == 0x1d) {
                i += 2; // every command used here has two bytes after its prefix
                continue;
            }
            printable += c;
        }
        QVERIFY2(printable.size() <= 32, printable.constData());
    }
    QVERIFY2(bytes.contains("\n    Note: please make it extra\n      crispy"), bytes.constData());
}

void TestKitchenPrinter::printerUris_data()
{
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QString>("expected"); // empty: rejected

    QTest::newRow("tcp with port") << QStringLiteral("tcp://10.0.0.20:9100") << QStringLiteral("tcp://10.0.0.20:9100");
    QTest::newRow("tcp default port") << QStringLiteral("tcp://kitchen-printer")
                                      << QStringLiteral("tcp://kitchen-printer:9100");
    QTest::newRow("pdf directory") << QStringLiteral("pdf:/srv/chits") << QStringLiteral("pdf:/srv/chits");
    QTest::newRow("no scheme") << QStringLiteral("10.0.0.20") << QString();
    QTest::newRow("unknown scheme") << QStringLiteral("lpt://1") << QString();
    QTest::newRow("tcp without host") << QStringLiteral("tcp://:9100") << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestKitchenPrinter::printerUris()
{
    QFETCH(QString, uri);
    QFETCH(QString, expected);
    const auto printer = KitchenPrinter::fromUri(uri);
    if (expected.isEmpty()) {
        QVERIFY(!printer);
        QCOMPARE(printer.error().kind, Error::Kind::Invalid);
        QCOMPARE(printer.error().field, QStringLiteral("uri"));
    } else {
        QVERIFY2(printer, failure(printer).constData());
        QCOMPARE((*printer)->uri(), expected);
    }
}

void TestKitchenPrinter::tcpPrinterDeliversToAListener()
{
    ChitListener listener;
    QVERIFY(listener.listen());
    auto printer = KitchenPrinter::fromUri(listener.uri());
    QVERIFY(printer);
    PrintQueue queue(*printer);
    QSignalSpy printed(&queue, &PrintQueue::printed);

    const KitchenChit chit = KitchenChit::fromTicket(ticket(), QDateTime::currentDateTimeUtc());
    queue.enqueue(chit);
    QTRY_COMPARE(listener.chits().size(), 1);
    QCOMPARE(listener.chits().first(), EscPosFormatter().format(chit));
    QTRY_COMPARE(printed.size(), 1);
    QCOMPARE(printed.first().first().toLongLong(), 17);
    QCOMPARE(queue.pendingCount(), 0);
    QVERIFY(queue.lastError().isEmpty());
}

void TestKitchenPrinter::offlinePrinterQueuesAndRetriesOnce()
{
    // A port nobody listens on: take a free one, then let it go.
    ChitListener listener;
    QVERIFY(listener.listen());
    const quint16 port = listener.port();
    listener.close();

    auto printer = KitchenPrinter::fromUri(QStringLiteral("tcp://127.0.0.1:%1").arg(port));
    QVERIFY(printer);
    PrintQueue queue(*printer);
    queue.setRetryDelays(50, 200);
    QSignalSpy state(&queue, &PrintQueue::stateChanged);
    QSignalSpy printed(&queue, &PrintQueue::printed);

    queue.enqueue(KitchenChit::fromTicket(ticket(17), QDateTime::currentDateTimeUtc()));
    QTRY_VERIFY(!queue.lastError().isEmpty());
    QCOMPARE(queue.pendingCount(), 1);
    QVERIFY(queue.lastError().contains(QStringLiteral("cannot be reached")));
    QVERIFY(std::any_of(state.cbegin(), state.cend(), [](const QList<QVariant>& args) {
        return args.at(0).toInt() == 1 && !args.at(1).toString().isEmpty();
    }));
    QCOMPARE(printed.size(), 0);

    // A second chit waits behind the first, in order.
    queue.enqueue(KitchenChit::fromTicket(ticket(18), QDateTime::currentDateTimeUtc()));
    QCOMPARE(queue.pendingCount(), 2);

    // The printer comes back on.
    QVERIFY(listener.listen(port));
    QTRY_COMPARE(listener.chits().size(), 2);
    QTRY_COMPARE(queue.pendingCount(), 0);
    QVERIFY(queue.lastError().isEmpty());
    QCOMPARE(state.last().at(0).toInt(), 0);
    QVERIFY(state.last().at(1).toString().isEmpty());
    QCOMPARE(printed.size(), 2);
    QCOMPARE(printed.at(0).first().toLongLong(), 17);
    QCOMPARE(printed.at(1).first().toLongLong(), 18);
    QVERIFY(listener.chits().at(0).contains("Ticket 17"));
    QVERIFY(listener.chits().at(1).contains("Ticket 18"));

    // Exactly once: a third chit is the only thing that arrives next.
    queue.enqueue(KitchenChit::fromTicket(ticket(19), QDateTime::currentDateTimeUtc()));
    QTRY_COMPARE(printed.size(), 3);
    QTRY_COMPARE(listener.chits().size(), 3);
    QVERIFY(listener.chits().at(2).contains("Ticket 19"));
}

void TestKitchenPrinter::pdfRendererWritesAPdf()
{
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    const auto rendered =
        PdfChitRenderer::render(KitchenChit::fromTicket(ticket(), QDateTime::currentDateTimeUtc()), buffer);
    QVERIFY2(rendered, failure(rendered).constData());
    const QByteArray pdf = buffer.data();
    QVERIFY(pdf.startsWith("%PDF"));
    QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    QVERIFY2(pdf.size() > 2000, QByteArray::number(pdf.size()).constData());
    // The page is 80 mm wide: 226.77 pt, which Qt writes rounded.
    const qsizetype box = pdf.indexOf("/MediaBox");
    QVERIFY(box >= 0);
    QVERIFY2(pdf.mid(box).startsWith("/MediaBox [0 0 227."), pdf.mid(box, 40).constData());
}

void TestKitchenPrinter::pdfPrinterWritesIntoItsDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString chits = dir.filePath(QStringLiteral("chits"));
    auto printer = KitchenPrinter::fromUri(QStringLiteral("pdf:") + chits);
    QVERIFY(printer);
    PrintQueue queue(*printer);
    queue.enqueue(KitchenChit::fromTicket(ticket(), QDateTime::currentDateTimeUtc()));
    QTRY_COMPARE(queue.pendingCount(), 0);
    QVERIFY(queue.lastError().isEmpty());

    const QStringList files = QDir(chits).entryList({QStringLiteral("*.pdf")}, QDir::Files);
    QCOMPARE(files.size(), 1);
    QVERIFY(files.first().contains(QStringLiteral("-4821-fry-17")));
    QFile file(QDir(chits).filePath(files.first()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pdf = file.readAll();
    QVERIFY(pdf.startsWith("%PDF"));
    QVERIFY(pdf.size() > 2000);
}

QTEST_MAIN(TestKitchenPrinter)
#include "tst_kitchenprinter.moc"
