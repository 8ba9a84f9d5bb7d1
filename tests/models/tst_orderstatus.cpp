#include "orderstatus.h"

#include <QTest>

class TestOrderStatus final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transitions_data();
    void transitions();
    void roundTripsThroughText();
};

void TestOrderStatus::transitions_data()
{
    QTest::addColumn<OrderStatus>("from");
    QTest::addColumn<OrderStatus>("to");
    QTest::addColumn<bool>("allowed");
    using S = OrderStatus;
    const QList<S> all{S::Held,
                       S::Received,
                       S::Preparing,
                       S::Ready,
                       S::Served,
                       S::PickedUp,
                       S::OutForDelivery,
                       S::Delivered,
                       S::Cancelled};
    // DESIGN.md: held → received → preparing → ready → served | picked_up |
    // out_for_delivery → delivered; any open state → cancelled.
    const QList<std::pair<S, S>> allowed{
        {S::Held, S::Received},
        {S::Received, S::Preparing},
        {S::Preparing, S::Ready},
        {S::Ready, S::Served},
        {S::Ready, S::PickedUp},
        {S::Ready, S::OutForDelivery},
        {S::OutForDelivery, S::Delivered},
        {S::Held, S::Cancelled},
        {S::Received, S::Cancelled},
        {S::Preparing, S::Cancelled},
        {S::Ready, S::Cancelled},
        {S::OutForDelivery, S::Cancelled},
    };
    for (auto from : all) {
        for (auto to : all) {
            const QByteArray name = (OrderStatusRules::toString(from) + u"→" + OrderStatusRules::toString(to)).toUtf8();
            QTest::newRow(name.constData()) << from << to << allowed.contains({from, to});
        }
    }
}

void TestOrderStatus::transitions()
{
    QFETCH(OrderStatus, from);
    QFETCH(OrderStatus, to);
    QFETCH(bool, allowed);
    QCOMPARE(OrderStatusRules::canTransition(from, to), allowed);
    const auto result = OrderStatusRules::transition(from, to);
    QCOMPARE(result.has_value(), allowed);
    if (!allowed) {
        QCOMPARE(result.error().kind, Error::Kind::Conflict);
    }
}

void TestOrderStatus::roundTripsThroughText()
{
    for (const QString& text : {QStringLiteral("held"),
                                QStringLiteral("received"),
                                QStringLiteral("preparing"),
                                QStringLiteral("ready"),
                                QStringLiteral("served"),
                                QStringLiteral("picked_up"),
                                QStringLiteral("out_for_delivery"),
                                QStringLiteral("delivered"),
                                QStringLiteral("cancelled")}) {
        const auto status = OrderStatusRules::fromString(text);
        QVERIFY2(status.has_value(), qPrintable(text));
        QCOMPARE(OrderStatusRules::toString(*status), text);
    }
    QVERIFY(!OrderStatusRules::fromString(QStringLiteral("lost")));
    QVERIFY(OrderStatusRules::isOpen(OrderStatus::OutForDelivery));
    QVERIFY(!OrderStatusRules::isOpen(OrderStatus::Delivered));
}

QTEST_GUILESS_MAIN(TestOrderStatus)
#include "tst_orderstatus.moc"
