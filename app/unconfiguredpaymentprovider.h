#pragma once

#include "paymentprovider.h"

// Card payments when the configured provider cannot be made (Stripe chosen
// without a key): every card is refused as unavailable, with the reason, so no
// order is ever marked paid without a payment. Counter payments still work.
class UnconfiguredPaymentProvider final : public PaymentProvider
{
public:
    explicit UnconfiguredPaymentProvider(QString reason);

    QString name() const override;
    QFuture<Result<Charge>> charge(int amountCents,
                                   const QString& currency,
                                   const QString& paymentToken,
                                   const QString& idempotencyKey,
                                   const QString& description) override;
    QFuture<VoidResult> refund(const QString& reference, const QString& idempotencyKey) override;

private:
    QString m_reason;
};
