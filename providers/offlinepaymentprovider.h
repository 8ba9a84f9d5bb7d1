#pragma once

#include "paymentprovider.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <mutex>
#include <random>

// The default stand-in for Stripe in drills and demos: approves, or declines
// or times out at configured rates, drawn from a seeded generator so a run
// can be repeated. Remembers idempotency keys like Stripe: the same key gives
// the same answer and never a second charge. Safe from any thread.
class OfflinePaymentProvider final : public PaymentProvider
{
    Q_DECLARE_TR_FUNCTIONS(OfflinePaymentProvider)

public:
    struct Options
    {
        double declineRate = 0; // 0–1: the share of new charges refused
        double timeoutRate = 0; // 0–1: the share of new charges that time out (nothing charged)
        quint64 seed = 1;
        QString status = QStringLiteral("captured"); // what an approved charge becomes: "captured" | "authorized"
    };

    OfflinePaymentProvider();
    explicit OfflinePaymentProvider(const Options& options);

    QString name() const override;
    QFuture<Result<Charge>> charge(int amountCents,
                                   const QString& currency,
                                   const QString& paymentToken,
                                   const QString& idempotencyKey,
                                   const QString& description) override;
    QFuture<VoidResult> refund(const QString& reference, const QString& idempotencyKey) override;

    // How many charges were made (approved), for drills and tests.
    int chargeCount() const;
    bool isRefunded(const QString& reference) const;

private:
    struct Attempt
    {
        int amountCents = 0;
        QString currency;
        Result<Charge> outcome;
    };

    Result<Charge>
    chargeLocked(int amountCents, const QString& currency, const QString& paymentToken, const QString& key);
    VoidResult refundLocked(const QString& reference, const QString& key);

    Options m_options;
    mutable std::mutex m_mutex;
    std::mt19937_64 m_random;
    QHash<QString, Attempt> m_charges; // by idempotency key
    QHash<QString, QString> m_refunds; // refund key → payment reference
    QHash<QString, int> m_amounts; // approved payment reference → amount
    QSet<QString> m_refunded;
    int m_approved = 0;
};
