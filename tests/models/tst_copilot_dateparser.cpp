#include "datephraseparser.h"

#include <QTest>

namespace
{

const QTimeZone MADRID(QByteArrayLiteral("Europe/Madrid"));

// Wednesday 12 March 2025, 15:00 in Madrid.
QDateTime wednesdayAfternoon()
{
    return QDateTime(QDate(2025, 3, 12), QTime(15, 0), MADRID).toUTC();
}

} // namespace

// DatePhraseParser: the period a manager's question names, in the
// restaurant's time zone, from a fixed clock.
class TestCopilotDateParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void phrases_data();
    void phrases();
    void notUnderstood_data();
    void notUnderstood();
    void periodsAreLocalMidnights();
    void daylightSavingDayIsShorter();
    void todayFollowsTheRestaurantsZone();
};

void TestCopilotDateParser::phrases_data()
{
    QTest::addColumn<QString>("question");
    QTest::addColumn<QDate>("first");
    QTest::addColumn<QDate>("last");
    const auto d = [](int month, int day, int year = 2025) { return QDate(year, month, day); };
    QTest::newRow("today") << "How long did people wait today?" << d(3, 12) << d(3, 12);
    QTest::newRow("tonight") << "how busy are we tonight" << d(3, 12) << d(3, 12);
    QTest::newRow("yesterday") << "What sold best yesterday?" << d(3, 11) << d(3, 11);
    QTest::newRow("tomorrow") << "how busy will tomorrow be" << d(3, 13) << d(3, 13);
    QTest::newRow("last friday") << "how long did people wait last Friday?" << d(3, 7) << d(3, 7);
    QTest::newRow("last wednesday is a week ago") << "last Wednesday" << d(3, 5) << d(3, 5);
    QTest::newRow("this week") << "how accurate were our quotes this week?" << d(3, 10) << d(3, 16);
    QTest::newRow("last week") << "no-shows last week" << d(3, 3) << d(3, 9);
    QTest::newRow("this month") << "what sold best this month?" << d(3, 1) << d(3, 31);
    QTest::newRow("last month") << "feedback last month" << d(2, 1) << d(2, 28);
    QTest::newRow("in march") << "sales in March" << d(3, 1) << d(3, 31);
    QTest::newRow("in april is last year's") << "sales in April" << d(4, 1, 2024) << d(4, 30, 2024);
    QTest::newRow("in march 2024") << "in March 2024" << d(3, 1, 2024) << d(3, 31, 2024);
    QTest::newRow("on 3 march") << "waits on 3 March" << d(3, 3) << d(3, 3);
    QTest::newRow("march 3rd") << "what about March 3rd?" << d(3, 3) << d(3, 3);
    QTest::newRow("the 3rd of march") << "on the 3rd of March" << d(3, 3) << d(3, 3);
    QTest::newRow("date in the coming week") << "on 15 March" << d(3, 15) << d(3, 15);
    QTest::newRow("later date is last year's") << "on 30 March" << d(3, 30, 2024) << d(3, 30, 2024);
    QTest::newRow("saturday is the next one")
        << "How busy will Saturday be and how many servers do I need?" << d(3, 15) << d(3, 15);
    QTest::newRow("wednesday is today") << "Wednesday" << d(3, 12) << d(3, 12);
    QTest::newRow("next wednesday") << "next Wednesday" << d(3, 19) << d(3, 19);
    QTest::newRow("last 7 days") << "covers in the last 7 days" << d(3, 6) << d(3, 12);
    QTest::newRow("first phrase wins") << "compare last week with this week" << d(3, 3) << d(3, 9);
    QTest::newRow("es ayer") << "¿Qué se vendió ayer?" << d(3, 11) << d(3, 11);
    QTest::newRow("es viernes pasado") << "¿cuánto esperó la gente el viernes pasado?" << d(3, 7) << d(3, 7);
    QTest::newRow("es semana pasada") << "las ausencias de la semana pasada" << d(3, 3) << d(3, 9);
    QTest::newRow("es este mes") << "lo más vendido este mes" << d(3, 1) << d(3, 31);
    QTest::newRow("es mes pasado") << "el mes pasado" << d(2, 1) << d(2, 28);
    QTest::newRow("es en marzo") << "ventas en marzo" << d(3, 1) << d(3, 31);
    QTest::newRow("es 3 de marzo") << "el 3 de marzo" << d(3, 3) << d(3, 3);
    QTest::newRow("es sábado") << "¿cuánta gente vendrá el sábado?" << d(3, 15) << d(3, 15);
}

void TestCopilotDateParser::phrases()
{
    QFETCH(QString, question);
    QFETCH(QDate, first);
    QFETCH(QDate, last);
    const DatePhraseParser parser(MADRID, wednesdayAfternoon);
    const DatePhraseParser::Period period = parser.parse(question);
    QVERIFY2(period.understood, qPrintable(question));
    QCOMPARE(period.first, first);
    QCOMPARE(period.last, last);
    QVERIFY(!period.phrase.isEmpty());
}

void TestCopilotDateParser::notUnderstood_data()
{
    QTest::addColumn<QString>("question");
    QTest::newRow("no date") << "which dishes should I drop?";
    QTest::newRow("empty") << "";
    QTest::newRow("month without in") << "march on";
    QTest::newRow("impossible date") << "on 31 February";
}

void TestCopilotDateParser::notUnderstood()
{
    QFETCH(QString, question);
    const DatePhraseParser::Period period = DatePhraseParser(MADRID, wednesdayAfternoon).parse(question);
    QVERIFY(!period.understood);
    QVERIFY(!period.from.isValid());
}

void TestCopilotDateParser::periodsAreLocalMidnights()
{
    const DatePhraseParser::Period period =
        DatePhraseParser(MADRID, wednesdayAfternoon).parse(QStringLiteral("yesterday"));
    // Madrid is UTC+1 in winter: the 11th runs from 23:00 UTC on the 10th.
    QCOMPARE(period.from, QDateTime(QDate(2025, 3, 10), QTime(23, 0), QTimeZone::UTC));
    QCOMPARE(period.to, QDateTime(QDate(2025, 3, 11), QTime(23, 0), QTimeZone::UTC));
    QCOMPARE(period.phrase, QStringLiteral("yesterday"));
}

void TestCopilotDateParser::daylightSavingDayIsShorter()
{
    // Clocks go forward in Madrid on 30 March 2025: that day has 23 hours.
    const DatePhraseParser::Period period =
        DatePhraseParser(MADRID, wednesdayAfternoon).parse(QStringLiteral("on 30 March 2025"));
    QVERIFY(period.understood);
    QCOMPARE(period.from.secsTo(period.to), 23 * 3600);
    QCOMPARE(period.from, QDateTime(QDate(2025, 3, 29), QTime(23, 0), QTimeZone::UTC));
}

void TestCopilotDateParser::todayFollowsTheRestaurantsZone()
{
    // 23:30 UTC on the 12th is already the 13th in Madrid, still the 12th in New York.
    const auto late = [] { return QDateTime(QDate(2025, 3, 12), QTime(23, 30), QTimeZone::UTC); };
    QCOMPARE(DatePhraseParser(MADRID, late).parse(QStringLiteral("today")).first, QDate(2025, 3, 13));
    QCOMPARE(
        DatePhraseParser(QTimeZone(QByteArrayLiteral("America/New_York")), late).parse(QStringLiteral("today")).first,
        QDate(2025, 3, 12));
}

QTEST_GUILESS_MAIN(TestCopilotDateParser)
#include "tst_copilot_dateparser.moc"
