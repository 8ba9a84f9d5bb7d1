#pragma once

#include "geocoder.h"
#include "languagemodel.h"
#include "paymentprovider.h"
#include "restaurantsettings.h"
#include "result.h"

#include <QCoreApplication>
#include <memory>

class QObject;
class Store;

// Makes the payment provider, the geocoder and the language model a
// restaurant's settings name (RestaurantSettings::paymentProvider, ::geocoder,
// ::nominatimUrl, ::llmEnabled, ::llmBaseUrl, ::llmModel). The app
// calls it on the thread the providers should live on (their network calls run there).
class ProviderFactory final
{
    Q_DECLARE_TR_FUNCTIONS(ProviderFactory)

public:
    // "offline" or "stripe"; Stripe needs `stripeSecretKey` (from SecretStore).
    // An unknown name or a missing key is Invalid on "payment_provider".
    static Result<std::unique_ptr<PaymentProvider>> makePaymentProvider(const RestaurantSettings& settings,
                                                                        const QString& stripeSecretKey);
    // "offline" or "nominatim" (cached through `store` for `restaurantId`).
    // An unknown name or a bad URL is Invalid on "geocoder".
    static Result<std::unique_ptr<Geocoder>>
    makeGeocoder(const RestaurantSettings& settings, Store& store, qint64 restaurantId);
    // An OpenAI-compatible client when the settings switch a model on; null
    // when they leave it off (everything then works offline). The key (from
    // SecretStore) may be empty for local servers. A bad URL is Invalid on "llm_base_url".
    static Result<std::unique_ptr<LanguageModel>> makeLanguageModel(const RestaurantSettings& settings,
                                                                    const QString& apiKey);
};
