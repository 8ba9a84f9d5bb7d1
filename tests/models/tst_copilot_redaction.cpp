#include "redactor.h"

#include <QTest>

// Redactor: diners' e-mails, phone numbers and names come out of anything sent
// to a language model; what the question is about (dates, prices, counts, dish
// names) stays.
class TestCopilotRedaction final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void personalDetailsGo_data();
    void personalDetailsGo();
    void meaningStays_data();
    void meaningStays();
    void knownNamesGoWithOrWithoutAccents();
    void wholeRequestIsRedacted();
};

void TestCopilotRedaction::personalDetailsGo_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("email") << "write to ana.garcia+menu@example.co.uk please"
                           << "write to [email] please";
    QTest::newRow("spanish mobile") << "mi móvil es 612 34 56 78" << "mi móvil es [phone]";
    QTest::newRow("international") << "call +34 (91) 123-45-67 when ready" << "call [phone] when ready";
    QTest::newRow("us") << "it's 415.555.0199" << "it's [phone]";
    QTest::newRow("card number") << "card 4242 4242 4242 4242 ok" << "card [phone] ok";
    QTest::newRow("my name is") << "Hi, my name is Ana and I want pizza" << "Hi, my name is [name] and I want pizza";
    QTest::newRow("my name is, lower case") << "my name is bob" << "my name is [name]";
    QTest::newRow("full name") << "Me llamo María José Pérez, mesa para 2" << "Me llamo [name], mesa para 2";
    QTest::newRow("I'm Capitalised") << "I'm Oliver, table for two" << "I'm [name], table for two";
    QTest::newRow("soy") << "Hola, soy Lucía" << "Hola, soy [name]";
    QTest::newRow("call me") << "call me Jo" << "call me [name]";
    QTest::newRow("all at once") << "I'm Tom, tom@x.io, 07700 900123"
                                 << "I'm [name], [email], [phone]";
}

void TestCopilotRedaction::personalDetailsGo()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(Redactor().redact(text), expected);
}

void TestCopilotRedaction::meaningStays_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("price") << "something spicy under $15.50";
    QTest::newRow("quantity") << "add 2 tiramisu and 12 espressos";
    QTest::newRow("iso date") << "how busy was 2025-03-14?";
    QTest::newRow("slash date") << "sales on 14/03/2025";
    QTest::newRow("time") << "a table at 19:30 for 4";
    QTest::newRow("price range") << "mains between 12.50-15.00";
    QTest::newRow("year") << "in March 2024";
    QTest::newRow("i'm vegetarian") << "I'm vegetarian, what can I eat?";
    QTest::newRow("this is") << "this is great, thanks";
    QTest::newRow("dish") << "Pollo alla diavola please";
}

void TestCopilotRedaction::meaningStays()
{
    QFETCH(QString, text);
    QCOMPARE(Redactor().redact(text), text);
}

void TestCopilotRedaction::knownNamesGoWithOrWithoutAccents()
{
    const Redactor redactor({QStringLiteral("José Núñez"), QStringLiteral("Li")});
    QCOMPARE(redactor.redact(QStringLiteral("Is José Núñez's pizza ready?")),
             QStringLiteral("Is [name]'s pizza ready?"));
    QCOMPARE(redactor.redact(QStringLiteral("order for jose nunez")), QStringLiteral("order for [name]"));
    QCOMPARE(redactor.redact(QStringLiteral("Núñez party of 4")), QStringLiteral("[name] party of 4"));
    // Whole words only: "Li" in "Limonata" stays, "Li" on its own goes.
    QCOMPARE(redactor.redact(QStringLiteral("Li wants a Limonata")), QStringLiteral("[name] wants a Limonata"));
}

void TestCopilotRedaction::wholeRequestIsRedacted()
{
    ChatRequest request;
    request.messages = {ChatMessage::system(QStringLiteral("You are Sofia.")),
                        ChatMessage::user(QStringLiteral("my name is Ana, text me on 612345678")),
                        ChatMessage::assistant(QString(),
                                               {ChatToolCall{QStringLiteral("c1"),
                                                             QStringLiteral("add_to_cart"),
                                                             QStringLiteral("{\"note\":\"for ana@example.com\"}")}})};
    const ChatRequest out = Redactor({QStringLiteral("Ana")}).redact(request);
    QCOMPARE(out.messages.at(0).content, QStringLiteral("You are Sofia."));
    QCOMPARE(out.messages.at(1).content, QStringLiteral("my name is [name], text me on [phone]"));
    QCOMPARE(out.messages.at(2).toolCalls.first().arguments, QStringLiteral("{\"note\":\"for [email]\"}"));
    QCOMPARE(out.messages.at(2).toolCalls.first().name, QStringLiteral("add_to_cart"));
}

QTEST_GUILESS_MAIN(TestCopilotRedaction)
#include "tst_copilot_redaction.moc"
