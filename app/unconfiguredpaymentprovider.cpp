#include "unconfiguredpaymentprovider.h"

#include <QCoreApplication>

UnconfiguredPaymentProvider::UnconfiguredPaymentProvider(QString reason)
    : m_reason(std::move(reason))
{ }

QString UnconfiguredPaymentProvider::name() const
{
    return QStringLiteral("unconfigured");
}

QFuture<Result<PaymentProvider::Charge>>
UnconfiguredPaymentProvider::charge(int, const QString&, const QString&, const QString&, const QString&)
{
    return QtFuture::makeReadyValueFuture(Result<Charge>(unexpected(Error::unavailable(
        QCoreApplication::translate("UnconfiguredPaymentProvider", "Card payments are not set up: %1")
            .arg(m_reason)))));
}

QFuture<VoidResult> UnconfiguredPaymentProvider::refund(const QString&, const QString&)
{
    return QtFuture::makeReadyValueFuture(VoidResult(unexpected(Error::unavailable(
        QCoreApplication::translate("UnconfiguredPaymentProvider", "Card payments are not set up: %1")
            .arg(m_reason)))));
}
