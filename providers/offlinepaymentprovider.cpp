#include "offlinepaymentprovider.h"

#include <QSet>

namespace
{

// Stripe's test tokens that always decline, honoured here too so a drill can
// refuse one particular card without touching the rates.
bool alwaysDeclines(const QString& token)
{
    return token == QLatin1String("pm_card_visa_chargeDeclined")
        || token == QLatin1String("pm_card_chargeDeclinedInsufficientFunds")
        || token == QLatin1String("tok_chargeDeclined");
}

} // namespace

OfflinePaymentProvider::OfflinePaymentProvider()
    : OfflinePaymentProvider(Options{})
{ }

OfflinePaymentProvider::OfflinePaymentProvider(const Options& options)
    : m_options(options)
    , m_random(options.seed)
{
    m_options.declineRate = qBound(0.0, m_options.declineRate, 1.0);
    m_options.timeoutRate = qBound(0.0, m_options.timeoutRate, 1.0 - m_options.declineRate);
}

QString OfflinePaymentProvider::name() const
{
    return QStringLiteral("offline");
}

QFuture<Result<PaymentProvider::Charge>> OfflinePaymentProvider::charge(int amountCents,
                                                                        const QString& currency,
                                                                        const QString& paymentToken,
                                                                        const QString& idempotencyKey,
                                                                        const QString& description)
{
    Q_UNUSED(description)
    std::lock_guard lock(m_mutex);
    return QtFuture::makeReadyValueFuture(chargeLocked(amountCents, currency, paymentToken, idempotencyKey));
}

Result<PaymentProvider::Charge> OfflinePaymentProvider::chargeLocked(int amountCents,
                                                                     const QString& currency,
                                                                     const QString& paymentToken,
                                                                     const QString& key)
{
    if (amountCents <= 0) {
        return unexpected(Error::invalid(QStringLiteral("amount"), tr("The amount to charge must be positive.")));
    }
    if (currency.size() != 3) {
        return unexpected(
            Error::invalid(QStringLiteral("currency"), tr("The currency must be a three-letter ISO 4217 code.")));
    }
    if (paymentToken.trimmed().isEmpty()) {
        return unexpected(
            Error::invalid(QStringLiteral("payment_token"), tr("The card details are missing: no payment token.")));
    }
    if (!key.isEmpty()) {
        if (const auto known = m_charges.constFind(key); known != m_charges.constEnd()) {
            if (known->amountCents != amountCents || known->currency.compare(currency, Qt::CaseInsensitive) != 0) {
                return unexpected(
                    Error::conflict(tr("This idempotency key was already used for a different payment.")));
            }
            return known->outcome;
        }
    }

    const double draw = std::uniform_real_distribution<double>(0.0, 1.0)(m_random);
    if (draw < m_options.declineRate || alwaysDeclines(paymentToken)) {
        Result<Charge> declined = unexpected(Error::declined(tr("The card was declined (drill).")));
        if (!key.isEmpty()) {
            m_charges.insert(key, Attempt{amountCents, currency, declined});
        }
        return declined;
    }
    if (draw < m_options.declineRate + m_options.timeoutRate) {
        // Like a real timeout nothing is remembered: a retry may go through.
        return unexpected(Error::unavailable(tr("The payment provider did not answer in time (drill). Try again.")));
    }
    ++m_approved;
    const Charge approved{QStringLiteral("off_%1").arg(m_approved, 6, 10, QLatin1Char('0')), m_options.status};
    m_amounts.insert(approved.reference, amountCents);
    if (!key.isEmpty()) {
        m_charges.insert(key, Attempt{amountCents, currency, approved});
    }
    return approved;
}

QFuture<VoidResult> OfflinePaymentProvider::refund(const QString& reference, const QString& idempotencyKey)
{
    std::lock_guard lock(m_mutex);
    return QtFuture::makeReadyValueFuture(refundLocked(reference, idempotencyKey));
}

VoidResult OfflinePaymentProvider::refundLocked(const QString& reference, const QString& key)
{
    if (!key.isEmpty()) {
        if (const auto known = m_refunds.constFind(key); known != m_refunds.constEnd()) {
            if (*known != reference) {
                return unexpected(Error::conflict(tr("This idempotency key was already used for a different refund.")));
            }
            return {};
        }
    }
    if (!m_amounts.contains(reference)) {
        return unexpected(Error::notFound(tr("The payment provider does not know this payment.")));
    }
    if (m_refunded.contains(reference)) {
        return unexpected(Error::conflict(tr("This payment was already refunded.")));
    }
    m_refunded.insert(reference);
    if (!key.isEmpty()) {
        m_refunds.insert(key, reference);
    }
    return {};
}

int OfflinePaymentProvider::chargeCount() const
{
    std::lock_guard lock(m_mutex);
    return m_approved;
}

bool OfflinePaymentProvider::isRefunded(const QString& reference) const
{
    std::lock_guard lock(m_mutex);
    return m_refunded.contains(reference);
}
