#include "menucsvimporter.h"

#include <QTest>

// Reading a menu from CSV: RFC 4180 details, and every bad row reported with
// its line and column without stopping at the first.
class TestMenuCsvImport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goodFile();
    void columnsInAnyOrderAndOptionalOnesLeftOut();
    void priceFormats_data();
    void priceFormats();
    void badRowsAreAllReported();
    void duplicateNames();
    void headerProblems_data();
    void headerProblems();
    void quoteProblems();
    void emptyFile();

private:
    static bool hasProblem(const MenuCsvImporter::Parsed& parsed, int line, const QString& column);
    static QByteArray describe(const MenuCsvImporter::Parsed& parsed);
};

bool TestMenuCsvImport::hasProblem(const MenuCsvImporter::Parsed& parsed, int line, const QString& column)
{
    for (const auto& problem : parsed.problems) {
        if (problem.line == line && problem.column == column && !problem.message.isEmpty()) {
            return true;
        }
    }
    return false;
}

QByteArray TestMenuCsvImport::describe(const MenuCsvImporter::Parsed& parsed)
{
    QStringList lines;
    for (const auto& problem : parsed.problems) {
        lines << QStringLiteral("%1 [%2] %3").arg(problem.line).arg(problem.column, problem.message);
    }
    return lines.join(u'\n').toUtf8();
}

void TestMenuCsvImport::goodFile()
{
    // A byte-order mark, CRLF line ends, a quoted comma, doubled quotes, a line
    // break inside quotes, a blank line, UTF-8 text and a last line without an end.
    const QByteArray csv = "\xEF\xBB\xBF"
                           "category,name,description,price,prep_minutes,station,tags,available\r\n"
                           "Starters,Bruschetta,\"Bread, tomato, basil\",7.50,6,cold,vegan,yes\r\n"
                           "Starters,\"The \"\"Big\"\" Burrata\",\"Burrata\r\nwith tomatoes\",11,5,Cold,"
                           "vegetarian|gluten-free,\r\n"
                           "\r\n"
                           "Desserts,Tiramis\xC3\xB9,,6.5,3,pastry,,no";
    const auto parsed = MenuCsvImporter::parse(csv);
    QVERIFY2(parsed.problems.isEmpty(), describe(parsed).constData());
    QCOMPARE(parsed.rows.size(), 3);

    const auto& bruschetta = parsed.rows.at(0);
    QCOMPARE(bruschetta.line, 2);
    QCOMPARE(bruschetta.category, QStringLiteral("Starters"));
    QCOMPARE(bruschetta.name, QStringLiteral("Bruschetta"));
    QCOMPARE(bruschetta.description, QStringLiteral("Bread, tomato, basil"));
    QCOMPARE(bruschetta.priceCents, 750);
    QCOMPARE(bruschetta.prepMinutes, 6);
    QCOMPARE(bruschetta.station, QStringLiteral("cold"));
    QCOMPARE(bruschetta.tags, QStringList{QStringLiteral("vegan")});
    QVERIFY(bruschetta.available);

    const auto& burrata = parsed.rows.at(1);
    QCOMPARE(burrata.line, 3);
    QCOMPARE(burrata.name, QStringLiteral("The \"Big\" Burrata"));
    QVERIFY(burrata.description.startsWith(QStringLiteral("Burrata")));
    QVERIFY(burrata.description.endsWith(QStringLiteral("with tomatoes")));
    QCOMPARE(burrata.description, QStringLiteral("Burrata\nwith tomatoes"));
    QCOMPARE(burrata.priceCents, 1100);
    QCOMPARE(burrata.station, QStringLiteral("cold")); // stations are lower case
    QCOMPARE(burrata.tags, (QStringList{QStringLiteral("vegetarian"), QStringLiteral("gluten-free")}));
    QVERIFY(burrata.available); // empty: yes

    const auto& tiramisu = parsed.rows.at(2);
    QCOMPARE(tiramisu.line, 6); // the quoted line break and the blank line count
    QCOMPARE(tiramisu.name, QStringLiteral("Tiramisù"));
    QCOMPARE(tiramisu.priceCents, 650);
    QVERIFY(tiramisu.tags.isEmpty());
    QVERIFY(!tiramisu.available);
}

void TestMenuCsvImport::columnsInAnyOrderAndOptionalOnesLeftOut()
{
    const auto parsed = MenuCsvImporter::parse("Station , PRICE,name,prep_minutes,category\n"
                                               "grill,14,Lasagne,8,Pasta\n");
    QVERIFY2(parsed.problems.isEmpty(), describe(parsed).constData());
    QCOMPARE(parsed.rows.size(), 1);
    QCOMPARE(parsed.rows.at(0).name, QStringLiteral("Lasagne"));
    QCOMPARE(parsed.rows.at(0).category, QStringLiteral("Pasta"));
    QCOMPARE(parsed.rows.at(0).station, QStringLiteral("grill"));
    QCOMPARE(parsed.rows.at(0).priceCents, 1400);
    QCOMPARE(parsed.rows.at(0).prepMinutes, 8);
    QVERIFY(parsed.rows.at(0).description.isEmpty());
    QVERIFY(parsed.rows.at(0).available);
}

void TestMenuCsvImport::priceFormats_data()
{
    QTest::addColumn<QString>("price");
    QTest::addColumn<int>("cents"); // -1: a problem in the price column

    QTest::newRow("whole") << QStringLiteral("12") << 1200;
    QTest::newRow("one decimal") << QStringLiteral("12.5") << 1250;
    QTest::newRow("two decimals") << QStringLiteral("0.05") << 5;
    QTest::newRow("trailing dot") << QStringLiteral("3.") << 300;
    QTest::newRow("zero") << QStringLiteral("0") << 0;
    QTest::newRow("highest") << QStringLiteral("10000.00") << 1000000;
    QTest::newRow("too high") << QStringLiteral("10001") << -1;
    QTest::newRow("three decimals") << QStringLiteral("1.005") << -1;
    QTest::newRow("negative") << QStringLiteral("-1.00") << -1;
    QTest::newRow("comma") << QStringLiteral("\"1,50\"") << -1;
    QTest::newRow("currency sign") << QStringLiteral("€5") << -1;
    QTest::newRow("word") << QStringLiteral("free") << -1;
}

void TestMenuCsvImport::priceFormats()
{
    QFETCH(QString, price);
    QFETCH(int, cents);
    const auto parsed = MenuCsvImporter::parse(
        (QStringLiteral("category,name,price,prep_minutes,station\nMains,Dish,%1,10,grill\n").arg(price)).toUtf8());
    if (cents < 0) {
        QVERIFY(parsed.rows.isEmpty());
        QCOMPARE(parsed.problems.size(), 1);
        QVERIFY2(hasProblem(parsed, 2, QStringLiteral("price")), describe(parsed).constData());
    } else {
        QVERIFY2(parsed.problems.isEmpty(), describe(parsed).constData());
        QCOMPARE(parsed.rows.value(0).priceCents, cents);
    }
}

void TestMenuCsvImport::badRowsAreAllReported()
{
    const QByteArray csv = "category,name,price,prep_minutes,station,available,tags\n"
                           "Mains,Good one,10,10,grill,yes,\n" // 2
                           ",No category,10,10,grill,yes,\n" // 3
                           "Mains,,10,10,grill,yes,\n" // 4
                           "Mains,Bad prep,10,ten,grill,yes,\n" // 5
                           "Mains,Long prep,10,241,grill,yes,\n" // 6
                           "Mains,No station,10,10,,yes,\n" // 7
                           "Mains,Odd station,10,10,Grill!,yes,\n" // 8
                           "Mains,Maybe,10,10,grill,maybe,\n" // 9
                           "Mains,Too few fields,10\n" // 10
                           "Mains,Many tags,10,10,grill,yes,a|b|c|d|e|f|g|h|i|j|k\n" // 11
                           "Mains,Two problems,-3,500,grill,yes,\n" // 12
                           "Mains,Another good one,10,10,grill,no,\n"; // 13
    const auto parsed = MenuCsvImporter::parse(csv);
    const QByteArray problems = describe(parsed);
    QVERIFY2(hasProblem(parsed, 3, QStringLiteral("category")), problems.constData());
    QVERIFY2(hasProblem(parsed, 4, QStringLiteral("name")), problems.constData());
    QVERIFY2(hasProblem(parsed, 5, QStringLiteral("prep_minutes")), problems.constData());
    QVERIFY2(hasProblem(parsed, 6, QStringLiteral("prep_minutes")), problems.constData());
    QVERIFY2(hasProblem(parsed, 7, QStringLiteral("station")), problems.constData());
    QVERIFY2(hasProblem(parsed, 8, QStringLiteral("station")), problems.constData());
    QVERIFY2(hasProblem(parsed, 9, QStringLiteral("available")), problems.constData());
    QVERIFY2(hasProblem(parsed, 10, QString()), problems.constData());
    QVERIFY2(hasProblem(parsed, 11, QStringLiteral("tags")), problems.constData());
    QVERIFY2(hasProblem(parsed, 12, QStringLiteral("price")), problems.constData());
    QVERIFY2(hasProblem(parsed, 12, QStringLiteral("prep_minutes")), problems.constData());
    QCOMPARE(parsed.problems.size(), 11);
    // Good rows are still read, but problems mean nothing may be imported.
    QCOMPARE(parsed.rows.size(), 2);
    QCOMPARE(parsed.rows.at(0).line, 2);
    QCOMPARE(parsed.rows.at(1).line, 13);
}

void TestMenuCsvImport::duplicateNames()
{
    const auto parsed = MenuCsvImporter::parse("category,name,price,prep_minutes,station\n"
                                               "Mains,Lasagne,14,8,grill\n"
                                               "Mains,Risotto,16,18,grill\n"
                                               "Specials,LASAGNE,15,8,grill\n"
                                               "Mains,Lasagne ,14,8,grill\n");
    QCOMPARE(parsed.problems.size(), 2);
    QVERIFY(hasProblem(parsed, 4, QStringLiteral("name")));
    QVERIFY(hasProblem(parsed, 5, QStringLiteral("name")));
    // The message points back at the first.
    QVERIFY2(parsed.problems.at(0).message.contains(u'2'), describe(parsed).constData());
}

void TestMenuCsvImport::headerProblems_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QStringList>("columns"); // reported on line 1

    QTest::newRow("unknown column") << QByteArray("category,name,price,prep_minutes,station,calories\n"
                                                  "Mains,Dish,10,10,grill,500\n")
                                    << QStringList{QStringLiteral("calories")};
    QTest::newRow("missing columns") << QByteArray("category,name,prep_minutes\nMains,Dish,10\n")
                                     << QStringList{QStringLiteral("price"), QStringLiteral("station")};
    QTest::newRow("twice") << QByteArray("category,name,price,prep_minutes,station,name\n"
                                         "Mains,Dish,10,10,grill,Dish\n")
                           << QStringList{QStringLiteral("name")};
    QTest::newRow("no header, data first") << QByteArray("Mains,Dish,10,10,grill\n")
                                           << QStringList{QStringLiteral("mains"),
                                                          QStringLiteral("dish"),
                                                          QStringLiteral("10"),
                                                          QStringLiteral("grill"),
                                                          QStringLiteral("category"),
                                                          QStringLiteral("name"),
                                                          QStringLiteral("price"),
                                                          QStringLiteral("prep_minutes"),
                                                          QStringLiteral("station")};
}

void TestMenuCsvImport::headerProblems()
{
    QFETCH(QByteArray, csv);
    QFETCH(QStringList, columns);
    const auto parsed = MenuCsvImporter::parse(csv);
    for (const QString& column : columns) {
        const QByteArray message = column.toUtf8() + ": " + describe(parsed);
        QVERIFY2(hasProblem(parsed, 1, column), message.constData());
    }
}

void TestMenuCsvImport::quoteProblems()
{
    const auto stray = MenuCsvImporter::parse("category,name,price,prep_minutes,station\n"
                                              "Mains,\"Dish\"x,10,10,grill\n"
                                              "Mains,Other,10,10,grill\n");
    QVERIFY2(hasProblem(stray, 2, QString()), describe(stray).constData());
    QCOMPARE(stray.problems.size(), 1);

    const auto unclosed = MenuCsvImporter::parse("category,name,price,prep_minutes,station\n"
                                                 "Mains,Dish,10,10,grill\n"
                                                 "Mains,\"Never closed,10,10,grill\n");
    QVERIFY2(hasProblem(unclosed, 3, QString()), describe(unclosed).constData());
}

void TestMenuCsvImport::emptyFile()
{
    QVERIFY(!MenuCsvImporter::parse(QByteArray()).problems.isEmpty());
    QVERIFY(!MenuCsvImporter::parse("\xEF\xBB\xBF\r\n").problems.isEmpty());
    const auto headerOnly = MenuCsvImporter::parse("category,name,price,prep_minutes,station\r\n");
    QVERIFY(hasProblem(headerOnly, 1, QString()));
    QVERIFY(headerOnly.rows.isEmpty());
    const auto notUtf8 =
        MenuCsvImporter::parse("category,name,price,prep_minutes,station\nMains,Tiramis\xF9,5,3,pastry\n");
    QVERIFY(!notUtf8.problems.isEmpty());
    QVERIFY(notUtf8.rows.isEmpty());
}

QTEST_GUILESS_MAIN(TestMenuCsvImport)
#include "tst_menucsvimport.moc"
