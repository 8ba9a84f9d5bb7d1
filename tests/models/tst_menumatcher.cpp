#include "menumatcher.h"

#include <QTest>

// Dish names as a caller says them, matched against the demo menu
// (resources/demo/demo.sql).
class TestMenuMatcher final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void finds_data();
    void finds();
    void asksWhenSeveralDishesFit_data();
    void asksWhenSeveralDishesFit();
    void unknownDishesGetSuggestions_data();
    void unknownDishesGetSuggestions();
    void suggestionsShareAWord();
    void soldOutDishesAreRecognised();
    void distanceCountsSwapsAsOneEdit_data();
    void distanceCountsSwapsAsOneEdit();
    void normalizedDropsCaseAccentsAndPunctuation();

private:
    static QStringList names(const QList<MenuItem>& items);
    Menu m_menu;
};

void TestMenuMatcher::initTestCase()
{
    // The demo menu's names, as in resources/demo/demo.sql.
    const QList<QPair<QString, QStringList>> categories{
        {QStringLiteral("Starters"),
         {QStringLiteral("Bruschetta al pomodoro"),
          QStringLiteral("Burrata"),
          QStringLiteral("Fritto misto"),
          QStringLiteral("Arancini"),
          QStringLiteral("Minestrone"),
          QStringLiteral("Carpaccio di manzo")}},
        {QStringLiteral("Pizza & Pasta"),
         {QStringLiteral("Pizza Margherita"),
          QStringLiteral("Pizza Diavola"),
          QStringLiteral("Pizza Ortolana"),
          QStringLiteral("Spaghetti carbonara"),
          QStringLiteral("Penne all'arrabbiata"),
          QStringLiteral("Lasagne al forno"),
          QStringLiteral("Risotto ai funghi")}},
        {QStringLiteral("Mains"),
         {QStringLiteral("Bistecca alla griglia"),
          QStringLiteral("Pollo alla diavola"),
          QStringLiteral("Branzino"),
          QStringLiteral("Melanzane alla parmigiana"),
          QStringLiteral("Patatine fritte"),
          QStringLiteral("Insalata verde")}},
        {QStringLiteral("Desserts"),
         {QStringLiteral("Tiramisù"),
          QStringLiteral("Panna cotta"),
          QStringLiteral("Cannoli"),
          QStringLiteral("Affogato")}},
        {QStringLiteral("Drinks"),
         {QStringLiteral("Espresso"),
          QStringLiteral("Limonata"),
          QStringLiteral("Negroni"),
          QStringLiteral("Chianti (glass)"),
          QStringLiteral("Acqua frizzante")}},
    };
    m_menu.currency = QStringLiteral("EUR");
    qint64 id = 0;
    for (const auto& [name, items] : categories) {
        MenuCategory category;
        category.id = ++id;
        category.name = name;
        for (const QString& itemName : items) {
            MenuItem item;
            item.id = ++id;
            item.categoryId = category.id;
            item.name = itemName;
            item.priceCents = 1000;
            category.items.append(item);
        }
        m_menu.categories.append(category);
    }
}

QStringList TestMenuMatcher::names(const QList<MenuItem>& items)
{
    QStringList out;
    for (const MenuItem& item : items) {
        out.append(item.name);
    }
    return out;
}

void TestMenuMatcher::finds_data()
{
    QTest::addColumn<QString>("spoken");
    QTest::addColumn<QString>("dish");
    const auto row = [](const char* name, const char* spoken, const char* dish) {
        QTest::newRow(name) << QString::fromUtf8(spoken) << QString::fromUtf8(dish);
    };
    row("exact", "Pizza Margherita", "Pizza Margherita");
    row("case", "PIZZA margherita", "Pizza Margherita");
    row("word order", "margherita pizza", "Pizza Margherita");
    row("plural s", "margherita pizzas", "Pizza Margherita");
    row("plural of a one-word dish", "espressos", "Espresso");
    row("plural es", "Burrataes", "Burrata");
    row("one word of the name is enough when only one dish has it", "carbonara", "Spaghetti carbonara");
    row("accent missing", "tiramisu", "Tiramisù");
    row("accent added", "Pénne all'arrabbiàta", "Penne all'arrabbiata");
    row("typo: a letter missing", "margerita pizza", "Pizza Margherita");
    row("typo: a letter wrong", "expresso", "Espresso");
    row("typo: two letters swapped", "tirmaisu", "Tiramisù");
    row("two typos in a long word", "brushceta al pomodoro", "Bruschetta al pomodoro");
    row("typo and plural", "aranchinis", "Arancini");
    row("joined words", "pannacotta", "Panna cotta");
    row("joined words with a typo", "panacotta", "Panna cotta");
    row("filler words", "a glass of chianti", "Chianti (glass)");
    row("bracketed words optional", "chianti", "Chianti (glass)");
    row("connectors optional", "pollo diavola", "Pollo alla diavola");
    row("connectors in another order", "diavola pollo", "Pollo alla diavola");
    row("punctuation", "  Lasagne, al forno!  ", "Lasagne al forno");
    row("exact beats a typo of another dish", "pizza diavola", "Pizza Diavola");
}

void TestMenuMatcher::finds()
{
    QFETCH(QString, spoken);
    QFETCH(QString, dish);
    const MenuMatcher matcher(m_menu);
    const auto match = matcher.match(spoken);
    QVERIFY2(match.outcome == MenuMatcher::Outcome::Found,
             qPrintable(QStringLiteral("outcome %1, candidates %2")
                            .arg(int(match.outcome))
                            .arg(names(match.candidates).join(u", "))));
    QCOMPARE(match.item.name, dish);
    QVERIFY(match.item.id > 0);
}

void TestMenuMatcher::asksWhenSeveralDishesFit_data()
{
    QTest::addColumn<QString>("spoken");
    QTest::addColumn<QStringList>("candidates");
    QTest::newRow("pizza") << QStringLiteral("pizza")
                           << QStringList{QStringLiteral("Pizza Margherita"),
                                          QStringLiteral("Pizza Diavola"),
                                          QStringLiteral("Pizza Ortolana")};
    QTest::newRow("plural pizzas") << QStringLiteral("two pizzas") << QStringList();
    QTest::newRow("diavola") << QStringLiteral("Diavola")
                             << QStringList{QStringLiteral("Pizza Diavola"), QStringLiteral("Pollo alla diavola")};
}

void TestMenuMatcher::asksWhenSeveralDishesFit()
{
    QFETCH(QString, spoken);
    QFETCH(QStringList, candidates);
    const MenuMatcher matcher(m_menu);
    const auto match = matcher.match(spoken);
    if (candidates.isEmpty()) {
        // "two" is no word of any dish: not a match at all, never a guess.
        QVERIFY(match.outcome != MenuMatcher::Outcome::Found);
        return;
    }
    QCOMPARE(match.outcome, MenuMatcher::Outcome::Ambiguous);
    QCOMPARE(names(match.candidates), candidates);
}

void TestMenuMatcher::unknownDishesGetSuggestions_data()
{
    QTest::addColumn<QString>("spoken");
    QTest::addColumn<QStringList>("suggestions");
    QTest::newRow("a word too far off") << QStringLiteral("lasagna bolognese")
                                        << QStringList{QStringLiteral("Lasagne al forno")};
    QTest::newRow("nothing like it") << QStringLiteral("sushi") << QStringList();
    QTest::newRow("three edits in a short word") << QStringLiteral("negrozzo") << QStringList();
    QTest::newRow("empty") << QStringLiteral("  ") << QStringList();
}

void TestMenuMatcher::unknownDishesGetSuggestions()
{
    QFETCH(QString, spoken);
    QFETCH(QStringList, suggestions);
    const MenuMatcher matcher(m_menu);
    const auto match = matcher.match(spoken);
    QCOMPARE(match.outcome, MenuMatcher::Outcome::Unknown);
    QCOMPARE(names(match.candidates), suggestions);
}

void TestMenuMatcher::suggestionsShareAWord()
{
    const MenuMatcher matcher(m_menu);
    const auto match = matcher.match(QStringLiteral("pizza hawaiana"));
    QCOMPARE(match.outcome, MenuMatcher::Outcome::Unknown);
    QCOMPARE(match.candidates.size(), MenuMatcher::MAX_SUGGESTIONS);
    for (const MenuItem& item : match.candidates) {
        QVERIFY2(item.name.startsWith(u"Pizza "), qPrintable(item.name));
    }
}

void TestMenuMatcher::soldOutDishesAreRecognised()
{
    Menu menu = m_menu;
    for (MenuCategory& category : menu.categories) {
        for (MenuItem& item : category.items) {
            if (item.name == u"Pizza Diavola" || item.name == u"Tiramisù") {
                item.available = false;
            }
        }
    }
    const MenuMatcher matcher(menu);
    const auto tiramisu = matcher.match(QStringLiteral("tiramisus"));
    QCOMPARE(tiramisu.outcome, MenuMatcher::Outcome::SoldOut);
    QCOMPARE(tiramisu.item.name, QStringLiteral("Tiramisù"));
    const auto diavola = matcher.match(QStringLiteral("diavola pizza"));
    QCOMPARE(diavola.outcome, MenuMatcher::Outcome::SoldOut);
    QCOMPARE(diavola.item.name, QStringLiteral("Pizza Diavola"));
    // "pizza" now fits the two that are on; a sold-out dish is never suggested.
    const auto pizza = matcher.match(QStringLiteral("pizza"));
    QCOMPARE(pizza.outcome, MenuMatcher::Outcome::Ambiguous);
    QCOMPARE(names(pizza.candidates),
             (QStringList{QStringLiteral("Pizza Margherita"), QStringLiteral("Pizza Ortolana")}));
    // Both diavolas fit equally: ask, even though only one is on today.
    const auto either = matcher.match(QStringLiteral("diavola"));
    QCOMPARE(either.outcome, MenuMatcher::Outcome::Ambiguous);
    QCOMPARE(names(either.candidates), QStringList{QStringLiteral("Pollo alla diavola")});
}

void TestMenuMatcher::distanceCountsSwapsAsOneEdit_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("edits");
    QTest::newRow("same") << QStringLiteral("pizza") << QStringLiteral("pizza") << 0;
    QTest::newRow("empty") << QString() << QStringLiteral("abc") << 3;
    QTest::newRow("insert") << QStringLiteral("margerita") << QStringLiteral("margherita") << 1;
    QTest::newRow("substitute") << QStringLiteral("expresso") << QStringLiteral("espresso") << 1;
    QTest::newRow("swap") << QStringLiteral("tirmaisu") << QStringLiteral("tiramisu") << 1;
    QTest::newRow("swap and substitute") << QStringLiteral("tirmaiso") << QStringLiteral("tiramisu") << 2;
    QTest::newRow("unrelated") << QStringLiteral("sushi") << QStringLiteral("pizza") << 5;
}

void TestMenuMatcher::distanceCountsSwapsAsOneEdit()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, edits);
    QCOMPARE(MenuMatcher::distance(a, b), edits);
    QCOMPARE(MenuMatcher::distance(b, a), edits);
}

void TestMenuMatcher::normalizedDropsCaseAccentsAndPunctuation()
{
    QCOMPARE(MenuMatcher::normalized(QStringLiteral("  Tiramisù,  PENNE all'Arrabbiata! ")),
             QStringLiteral("tiramisu penne all arrabbiata"));
    QCOMPARE(MenuMatcher::normalized(QStringLiteral("Crème brûlée")), QStringLiteral("creme brulee"));
    QCOMPARE(MenuMatcher::normalized(QStringLiteral("!!!")), QString());
}

QTEST_GUILESS_MAIN(TestMenuMatcher)
#include "tst_menumatcher.moc"
