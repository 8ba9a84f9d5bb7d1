#include "providerfactory.h"

#include "nominatimgeocoder.h"
#include "offlinegeocoder.h"
#include "offlinepaymentprovider.h"
#include "openaichatmodel.h"
#include "stripepaymentprovider.h"

#include <QUrl>

Result<std::unique_ptr<PaymentProvider>> ProviderFactory::makePaymentProvider(const RestaurantSettings& settings,
                                                                              const QString& stripeSecretKey)
{
    const QString kind = settings.paymentProvider.trimmed().toLower();
    if (kind.isEmpty() || kind == QLatin1String("offline")) {
        return std::unique_ptr<PaymentProvider>(std::make_unique<OfflinePaymentProvider>());
    }
    if (kind == QLatin1String("stripe")) {
        if (stripeSecretKey.trimmed().isEmpty()) {
            return unexpected(Error::invalid(QStringLiteral("payment_provider"),
                                             tr("Stripe is chosen for payments but no Stripe secret key is saved.")));
        }
        return std::unique_ptr<PaymentProvider>(std::make_unique<StripePaymentProvider>(stripeSecretKey.trimmed()));
    }
    return unexpected(
        Error::invalid(QStringLiteral("payment_provider"),
                       tr("Unknown payment provider “%1”: use offline or stripe.").arg(settings.paymentProvider)));
}

Result<std::unique_ptr<Geocoder>>
ProviderFactory::makeGeocoder(const RestaurantSettings& settings, Store& store, qint64 restaurantId)
{
    const QString kind = settings.geocoder.trimmed().toLower();
    if (kind.isEmpty() || kind == QLatin1String("offline")) {
        return std::unique_ptr<Geocoder>(std::make_unique<OfflineGeocoder>());
    }
    if (kind == QLatin1String("nominatim")) {
        const QUrl url(settings.nominatimUrl.trimmed(), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
            || url.host().isEmpty()) {
            return unexpected(Error::invalid(
                QStringLiteral("geocoder"),
                tr("The Nominatim address “%1” is not a valid http(s) URL.").arg(settings.nominatimUrl)));
        }
        return std::unique_ptr<Geocoder>(std::make_unique<NominatimGeocoder>(store, restaurantId, url));
    }
    return unexpected(Error::invalid(QStringLiteral("geocoder"),
                                     tr("Unknown geocoder “%1”: use offline or nominatim.").arg(settings.geocoder)));
}

Result<std::unique_ptr<LanguageModel>> ProviderFactory::makeLanguageModel(const RestaurantSettings& settings,
                                                                          const QString& apiKey)
{
    if (!settings.usesLanguageModel()) {
        return std::unique_ptr<LanguageModel>();
    }
    const QUrl url(settings.llmBaseUrl.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        || url.host().isEmpty()) {
        return unexpected(
            Error::invalid(QStringLiteral("llm_base_url"),
                           tr("The language model address “%1” is not a valid http(s) URL.").arg(settings.llmBaseUrl)));
    }
    OpenAiChatModel::Options options;
    options.baseUrl = url;
    options.model = settings.llmModel.trimmed();
    options.apiKey = apiKey.trimmed();
    return std::unique_ptr<LanguageModel>(std::make_unique<OpenAiChatModel>(options));
}
