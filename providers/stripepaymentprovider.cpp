#include "stripepaymentprovider.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>
#include <QUuid>
#include <utility>

namespace
{

Q_LOGGING_CATEGORY(lcStripe, "maitre.providers.stripe")

const QString PAYMENT_INTENTS = QStringLiteral("/v1/payment_intents");
const QString REFUNDS = QStringLiteral("/v1/refunds");

// Stripe keeps idempotency keys up to 255 characters.
constexpr int MAX_IDEMPOTENCY_KEY = 255;

QString errorField(const QJsonObject& body, const QString& key)
{
    return body.value(QStringLiteral("error")).toObject().value(key).toString();
}

} // namespace

StripePaymentProvider::StripePaymentProvider(const QString& secretKey, QObject* parent)
    : QObject(parent)
    , m_secretKey(secretKey)
    , m_baseUrl(QStringLiteral("https://api.stripe.com"))
    , m_network(new QNetworkAccessManager(this))
{
    connect(m_network, &QNetworkAccessManager::finished, this, &StripePaymentProvider::finished);
}

StripePaymentProvider::~StripePaymentProvider()
{
    // Nobody may wait forever on a provider that is gone.
    Answer gone;
    gone.networkError = QStringLiteral("the payment provider was shut down");
    m_network->disconnect(this);
    const QHash<QNetworkReply*, Pending> pending = std::exchange(m_pending, {});
    for (auto it = pending.begin(); it != pending.end(); ++it) {
        it.key()->abort();
        it->promise->addResult(gone);
        it->promise->finish();
    }
    for (const AnswerPromise& promise : std::as_const(m_waiting)) {
        promise->addResult(gone);
        promise->finish();
    }
}

void StripePaymentProvider::setBaseUrl(const QUrl& baseUrl)
{
    m_baseUrl = baseUrl;
}

void StripePaymentProvider::setTimeout(int milliseconds)
{
    m_timeoutMs = qMax(1, milliseconds);
}

void StripePaymentProvider::setRetryDelay(int milliseconds)
{
    m_retryDelayMs = qBound(0, milliseconds, MAX_RETRY_DELAY_MS);
}

QString StripePaymentProvider::name() const
{
    return QStringLiteral("stripe");
}

QFuture<Result<PaymentProvider::Charge>> StripePaymentProvider::charge(int amountCents,
                                                                       const QString& currency,
                                                                       const QString& paymentToken,
                                                                       const QString& idempotencyKey,
                                                                       const QString& description)
{
    static const QRegularExpression currencyCode(QStringLiteral("^[A-Za-z]{3}$"));
    if (amountCents <= 0) {
        return QtFuture::makeReadyValueFuture(Result<Charge>(
            unexpected(Error::invalid(QStringLiteral("amount"), tr("The amount to charge must be positive.")))));
    }
    if (!currencyCode.match(currency).hasMatch()) {
        return QtFuture::makeReadyValueFuture(Result<Charge>(unexpected(
            Error::invalid(QStringLiteral("currency"), tr("The currency must be a three-letter ISO 4217 code.")))));
    }
    if (paymentToken.trimmed().isEmpty()) {
        return QtFuture::makeReadyValueFuture(Result<Charge>(unexpected(
            Error::invalid(QStringLiteral("payment_token"), tr("The card details are missing: no payment token.")))));
    }
    if (idempotencyKey.size() > MAX_IDEMPOTENCY_KEY) {
        return QtFuture::makeReadyValueFuture(Result<Charge>(unexpected(Error::invalid(
            QStringLiteral("Idempotency-Key"), tr("The idempotency key is longer than 255 characters.")))));
    }

    QUrlQuery form;
    form.addQueryItem(QStringLiteral("amount"), QString::number(amountCents));
    form.addQueryItem(QStringLiteral("currency"), currency.toLower());
    form.addQueryItem(QStringLiteral("payment_method"), paymentToken.trimmed());
    form.addQueryItem(QStringLiteral("confirm"), QStringLiteral("true"));
    // Cards only, confirmed here: no redirect-based method could finish.
    form.addQueryItem(QStringLiteral("automatic_payment_methods[enabled]"), QStringLiteral("true"));
    form.addQueryItem(QStringLiteral("automatic_payment_methods[allow_redirects]"), QStringLiteral("never"));
    if (!description.isEmpty()) {
        form.addQueryItem(QStringLiteral("description"), description);
    }
    return post(PAYMENT_INTENTS, form, idempotencyKey).then([](const Answer& answer) { return toCharge(answer); });
}

QFuture<VoidResult> StripePaymentProvider::refund(const QString& reference, const QString& idempotencyKey)
{
    if (reference.trimmed().isEmpty()) {
        return QtFuture::makeReadyValueFuture(
            VoidResult(unexpected(Error::invalid(QStringLiteral("reference"), tr("There is no payment to refund.")))));
    }
    if (idempotencyKey.size() > MAX_IDEMPOTENCY_KEY) {
        return QtFuture::makeReadyValueFuture(VoidResult(unexpected(Error::invalid(
            QStringLiteral("Idempotency-Key"), tr("The idempotency key is longer than 255 characters.")))));
    }
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("payment_intent"), reference.trimmed());
    return post(REFUNDS, form, idempotencyKey).then([](const Answer& answer) { return toRefund(answer); });
}

QFuture<StripePaymentProvider::Answer>
StripePaymentProvider::post(const QString& path, const QUrlQuery& form, const QString& idempotencyKey)
{
    auto promise = std::make_shared<QPromise<Answer>>();
    QFuture<Answer> future = promise->future();
    promise->start();
    // Without a key of the caller's, one of ours still makes our own retry safe.
    const QString key = idempotencyKey.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : idempotencyKey;
    // QNetworkAccessManager is used only on the thread that owns it.
    QMetaObject::invokeMethod(this, [this, path, form, key, promise] { send(path, form, key, 1, promise); });
    return future;
}

void StripePaymentProvider::send(
    const QString& path, const QUrlQuery& form, const QString& idempotencyKey, int attempt, AnswerPromise promise)
{
    QUrl url = m_baseUrl;
    url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) + path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + m_secretKey.toUtf8());
    request.setRawHeader(QByteArrayLiteral("Idempotency-Key"), idempotencyKey.toUtf8());
    request.setRawHeader(QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Maitre/" MAITRE_VERSION));
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // Form encoding: '+' and the like must arrive as themselves.
    const QByteArray body = form.query(QUrl::FullyEncoded).toUtf8().replace('+', "%2B");
    QNetworkReply* reply = m_network->post(request, body);
    m_pending.insert(reply, Pending{path, form, idempotencyKey, attempt, std::move(promise)});
}

void StripePaymentProvider::finished(QNetworkReply* reply)
{
    reply->deleteLater();
    const auto found = m_pending.find(reply);
    if (found == m_pending.end()) {
        return;
    }
    Pending pending = *found;
    m_pending.erase(found);

    Answer answer;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid()) {
        answer.status = status.toInt();
        answer.body = QJsonDocument::fromJson(reply->readAll()).object();
    } else {
        answer.timedOut =
            reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError;
        answer.networkError = reply->errorString();
    }
    qCDebug(lcStripe) << "POST" << pending.path << "attempt" << pending.attempt << "→" << answer.status
                      << answer.networkError;

    // Rate limited: once more after a pause, with the same key (safe by design).
    if (answer.status == 429 && pending.attempt == 1) {
        int delay = m_retryDelayMs;
        bool isNumber = false;
        const int retryAfter = reply->rawHeader(QByteArrayLiteral("Retry-After")).toInt(&isNumber);
        if (isNumber) {
            delay = qBound(0, retryAfter * 1000, MAX_RETRY_DELAY_MS);
        }
        m_waiting.append(pending.promise);
        QTimer::singleShot(delay, this, [this, pending] {
            m_waiting.removeOne(pending.promise);
            send(pending.path, pending.form, pending.idempotencyKey, pending.attempt + 1, pending.promise);
        });
        return;
    }
    pending.promise->addResult(answer);
    pending.promise->finish();
}

Result<PaymentProvider::Charge> StripePaymentProvider::toCharge(const Answer& answer)
{
    if (answer.status != 200) {
        return unexpected(toError(answer));
    }
    const QString id = answer.body.value(QStringLiteral("id")).toString();
    const QString status = answer.body.value(QStringLiteral("status")).toString();
    if (id.isEmpty()) {
        return unexpected(Error::internal(tr("The payment provider's answer had no payment id.")));
    }
    if (status == QLatin1String("succeeded")) {
        return Charge{id, QStringLiteral("captured")};
    }
    if (status == QLatin1String("requires_capture")) {
        return Charge{id, QStringLiteral("authorized")};
    }
    if (status == QLatin1String("processing")) {
        // Accepted by the card network, settled later: held like an authorisation.
        return Charge{id, QStringLiteral("authorized")};
    }
    if (status == QLatin1String("requires_action")) {
        return unexpected(Error::declined(
            tr("The card asks the customer to confirm the payment with their bank, which cannot be done here. "
               "Try another card.")));
    }
    if (status == QLatin1String("requires_payment_method") || status == QLatin1String("canceled")) {
        const QString reason = answer.body.value(QStringLiteral("last_payment_error"))
                                   .toObject()
                                   .value(QStringLiteral("message"))
                                   .toString();
        return unexpected(Error::declined(reason.isEmpty() ? tr("The card was declined.") : reason));
    }
    return unexpected(Error::internal(tr("The payment provider answered with an unknown status “%1”.").arg(status)));
}

VoidResult StripePaymentProvider::toRefund(const Answer& answer)
{
    if (answer.status != 200) {
        return unexpected(toError(answer));
    }
    const QString status = answer.body.value(QStringLiteral("status")).toString();
    if (status == QLatin1String("failed") || status == QLatin1String("canceled")) {
        return unexpected(Error::conflict(tr("The payment provider could not refund this payment.")));
    }
    return {};
}

Error StripePaymentProvider::toError(const Answer& answer)
{
    if (answer.status == 0) {
        if (answer.timedOut) {
            return Error::unavailable(tr("The payment provider did not answer in time. Try again."));
        }
        qCWarning(lcStripe) << "no answer from the payment provider:" << answer.networkError;
        return Error::unavailable(tr("The payment provider cannot be reached. Try again."));
    }
    const QString type = errorField(answer.body, QStringLiteral("type"));
    const QString code = errorField(answer.body, QStringLiteral("code"));
    const QString message = errorField(answer.body, QStringLiteral("message"));
    if (answer.status == 429 || code == QLatin1String("rate_limit") || code == QLatin1String("lock_timeout")) {
        return Error::unavailable(tr("The payment provider is busy. Try again in a moment."));
    }
    if (answer.status >= 500) {
        return Error::unavailable(tr("The payment provider is having problems. Try again."));
    }
    if (answer.status == 401 || answer.status == 403) {
        qCWarning(lcStripe) << "the payment provider refused the secret key, HTTP" << answer.status;
        return Error::internal(tr("The payment provider rejected the key. Check the Stripe key in the settings."));
    }
    if (type == QLatin1String("card_error") || answer.status == 402) {
        qCDebug(lcStripe) << "declined:" << code << errorField(answer.body, QStringLiteral("decline_code"));
        return Error::declined(message.isEmpty() ? tr("The card was declined.") : message);
    }
    if (type == QLatin1String("idempotency_error")) {
        return Error::conflict(tr("This idempotency key was already used for a different payment."));
    }
    if (code == QLatin1String("charge_already_refunded")) {
        return Error::conflict(tr("This payment was already refunded."));
    }
    if (code == QLatin1String("resource_missing")) {
        return Error::notFound(tr("The payment provider does not know this payment."));
    }
    if (answer.status == 400 && errorField(answer.body, QStringLiteral("param")) == QLatin1String("payment_method")) {
        return Error::invalid(QStringLiteral("payment_token"),
                              message.isEmpty() ? tr("The card details are not valid.") : message);
    }
    qCWarning(lcStripe) << "unexpected answer from the payment provider: HTTP" << answer.status << type << code;
    return Error::internal(
        tr("The payment provider refused the request (HTTP %1): %2").arg(answer.status).arg(message));
}
