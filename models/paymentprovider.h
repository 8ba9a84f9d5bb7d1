#pragma once

#include "result.h"

#include <QFuture>
#include <QString>

// Takes card payments for orders. Implementations: a Stripe client
// (providers/stripepaymentprovider) and an offline stand-in for drills
// (providers/offlinepaymentprovider). A refused card is Error::Kind::Declined
// (402) with the provider's reason; a timeout or outage is Unavailable (503,
// safe to retry). The same idempotency key never charges twice.
class PaymentProvider
{
public:
    struct Charge
    {
        QString reference; // the provider's id (Stripe: pi_…)
        QString status; // "authorized" | "captured"
    };

    virtual ~PaymentProvider() = default;
    virtual QString name() const = 0;
    // Callable from any thread; the future may finish on another thread.
    virtual QFuture<Result<Charge>> charge(int amountCents,
                                           const QString& currency,
                                           const QString& paymentToken,
                                           const QString& idempotencyKey,
                                           const QString& description) = 0;
    // Gives a charge back (an order that could not be written after paying, or a refund).
    virtual QFuture<VoidResult> refund(const QString& reference, const QString& idempotencyKey) = 0;
};
