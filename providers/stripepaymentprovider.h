#pragma once

#include "paymentprovider.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPromise>
#include <QUrl>
#include <QUrlQuery>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

// Card payments through Stripe's PaymentIntents API: one confirmed intent per
// charge (Idempotency-Key, so a retry never charges twice), refunds, and
// Stripe's errors mapped to domain errors (declined, unavailable, internal).
// Network calls run on the thread that created the provider.
class StripePaymentProvider final : public QObject, public PaymentProvider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StripePaymentProvider)

public:
    static constexpr int DEFAULT_TIMEOUT_MS = 10000;
    static constexpr int DEFAULT_RETRY_DELAY_MS = 1000;
    static constexpr int MAX_RETRY_DELAY_MS = 5000;

    // `secretKey` is the restaurant's sk_… key (from SecretStore); it is sent
    // only in the Authorization header and never logged.
    explicit StripePaymentProvider(const QString& secretKey, QObject* parent = nullptr);
    ~StripePaymentProvider() override;

    // https://api.stripe.com unless a test points it at its own server.
    void setBaseUrl(const QUrl& baseUrl);
    QUrl baseUrl() const { return m_baseUrl; }
    // How long a request may go without an answer before it is Unavailable.
    void setTimeout(int milliseconds);
    // The wait before the one retry of a rate-limited (429) request.
    void setRetryDelay(int milliseconds);

    QString name() const override;
    QFuture<Result<Charge>> charge(int amountCents,
                                   const QString& currency,
                                   const QString& paymentToken,
                                   const QString& idempotencyKey,
                                   const QString& description) override;
    QFuture<VoidResult> refund(const QString& reference, const QString& idempotencyKey) override;

private:
    // Stripe's answer: the HTTP status (0: no answer) and the JSON body.
    struct Answer
    {
        int status = 0;
        QJsonObject body;
        QString networkError; // when there was no answer
        bool timedOut = false;
    };
    using AnswerPromise = std::shared_ptr<QPromise<Answer>>;

    // Posts `form` to `path` on the provider's thread, from any thread.
    QFuture<Answer> post(const QString& path, const QUrlQuery& form, const QString& idempotencyKey);
    void
    send(const QString& path, const QUrlQuery& form, const QString& idempotencyKey, int attempt, AnswerPromise promise);
    void finished(QNetworkReply* reply);

    static Result<Charge> toCharge(const Answer& answer);
    static VoidResult toRefund(const Answer& answer);
    // The domain error for an answer that is not a success.
    static Error toError(const Answer& answer);

    struct Pending
    {
        QString path;
        QUrlQuery form;
        QString idempotencyKey;
        int attempt = 0;
        AnswerPromise promise;
    };

    QString m_secretKey;
    QUrl m_baseUrl;
    int m_timeoutMs = DEFAULT_TIMEOUT_MS;
    int m_retryDelayMs = DEFAULT_RETRY_DELAY_MS;
    QNetworkAccessManager* m_network = nullptr;
    QHash<QNetworkReply*, Pending> m_pending;
    QList<AnswerPromise> m_waiting; // between a 429 and its retry
};
