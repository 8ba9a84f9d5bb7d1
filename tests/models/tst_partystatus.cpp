#include "partystatus.h"

#include <QTest>

class TestPartyStatus final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transitions_data();
    void transitions();
    void rejectedTransitionSaysWhy();
    void roundTripsThroughText();
};

void TestPartyStatus::transitions_data()
{
    QTest::addColumn<PartyStatus>("from");
    QTest::addColumn<PartyStatus>("to");
    QTest::addColumn<bool>("allowed");
    const QList<PartyStatus> all{PartyStatus::Waiting,
                                 PartyStatus::Notified,
                                 PartyStatus::Seated,
                                 PartyStatus::Done,
                                 PartyStatus::Cancelled,
                                 PartyStatus::NoShow};
    // DESIGN.md: waiting → notified → seated → done; waiting|notified → cancelled | no_show.
    const QList<std::pair<PartyStatus, PartyStatus>> allowed{
        {PartyStatus::Waiting, PartyStatus::Notified},
        {PartyStatus::Waiting, PartyStatus::Cancelled},
        {PartyStatus::Waiting, PartyStatus::NoShow},
        {PartyStatus::Notified, PartyStatus::Seated},
        {PartyStatus::Notified, PartyStatus::Cancelled},
        {PartyStatus::Notified, PartyStatus::NoShow},
        {PartyStatus::Seated, PartyStatus::Done},
    };
    for (auto from : all) {
        for (auto to : all) {
            const QByteArray name = (PartyStatusRules::toString(from) + u"→" + PartyStatusRules::toString(to)).toUtf8();
            QTest::newRow(name.constData()) << from << to << allowed.contains({from, to});
        }
    }
}

void TestPartyStatus::transitions()
{
    QFETCH(PartyStatus, from);
    QFETCH(PartyStatus, to);
    QFETCH(bool, allowed);
    QCOMPARE(PartyStatusRules::canTransition(from, to), allowed);
    const auto result = PartyStatusRules::transition(from, to);
    QCOMPARE(result.has_value(), allowed);
    if (allowed) {
        QCOMPARE(*result, to);
    } else {
        QCOMPARE(result.error().kind, Error::Kind::Conflict);
    }
}

void TestPartyStatus::rejectedTransitionSaysWhy()
{
    const auto result = PartyStatusRules::transition(PartyStatus::Done, PartyStatus::Waiting);
    QVERIFY(!result);
    QVERIFY2(result.error().message.contains(u"done") && result.error().message.contains(u"waiting"),
             qPrintable(result.error().message));
}

void TestPartyStatus::roundTripsThroughText()
{
    for (auto s : {PartyStatus::Waiting,
                   PartyStatus::Notified,
                   PartyStatus::Seated,
                   PartyStatus::Done,
                   PartyStatus::Cancelled,
                   PartyStatus::NoShow}) {
        QCOMPARE(PartyStatusRules::fromString(PartyStatusRules::toString(s)), s);
    }
    QCOMPARE(PartyStatusRules::toString(PartyStatus::NoShow), QStringLiteral("no_show"));
    QVERIFY(!PartyStatusRules::fromString(QStringLiteral("eating")));
    QVERIFY(PartyStatusRules::isActive(PartyStatus::Notified));
    QVERIFY(!PartyStatusRules::isActive(PartyStatus::Seated));
}

QTEST_GUILESS_MAIN(TestPartyStatus)
#include "tst_partystatus.moc"
