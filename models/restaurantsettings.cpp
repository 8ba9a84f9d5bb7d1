#include "restaurantsettings.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>
#include <QUrl>
#include <cmath>

namespace
{

// Keys of restaurants.settings. The first four were used before this file
// (demo data, queue snapshot, menu): keep their names.
const QString KEY_CURRENCY = QStringLiteral("currency");
const QString KEY_HOLD = QStringLiteral("hold_minutes");
const QString KEY_TAX = QStringLiteral("tax_rate_bp");
const QString KEY_DELIVERY_FEE = QStringLiteral("delivery_fee_cents");
const QString KEY_OPENING_HOURS = QStringLiteral("opening_hours");
const QString KEY_TURN_SMALL = QStringLiteral("default_turn_minutes_small");
const QString KEY_TURN_MEDIUM = QStringLiteral("default_turn_minutes_medium");
const QString KEY_TURN_LARGE = QStringLiteral("default_turn_minutes_large");
const QString KEY_TURN_XLARGE = QStringLiteral("default_turn_minutes_xlarge");
const QString KEY_RADIUS = QStringLiteral("delivery_radius_m");
const QString KEY_LATITUDE = QStringLiteral("latitude");
const QString KEY_LONGITUDE = QStringLiteral("longitude");
const QString KEY_PAYMENT = QStringLiteral("payment_provider");
const QString KEY_GEOCODER = QStringLiteral("geocoder");
const QString KEY_NOMINATIM = QStringLiteral("nominatim_url");
const QString KEY_LLM_URL = QStringLiteral("llm_base_url");
const QString KEY_LLM_MODEL = QStringLiteral("llm_model");
const QString KEY_TILES = QStringLiteral("tile_server_url");
const QString KEY_COVERS = QStringLiteral("covers_per_server");
const QString KEY_LLM_ENABLED = QStringLiteral("llm_enabled");
const QString KEY_ASSISTANT_NAME = QStringLiteral("assistant_name");
const QString KEY_ASSISTANT_TONE = QStringLiteral("assistant_tone");
const QString KEY_ASSISTANT_GREETING = QStringLiteral("assistant_greeting");

const QString TIME_FORMAT = QStringLiteral("HH:mm");

// `message` shows the limits divided by `shownPer` (cents and basis points as units and percent).
VoidResult inRange(const QString& field, int value, int low, int high, const QString& message, int shownPer = 1)
{
    if (value < low || value > high) {
        return unexpected(Error::invalid(field, message.arg(low / shownPer).arg(high / shownPer)));
    }
    return {};
}

bool isWebUrl(const QString& text)
{
    // Tolerant, so tile templates such as "…/{z}/{x}/{y}.png" or "…/%z/%x/%y.png" pass.
    const QUrl url(text, QUrl::TolerantMode);
    static const QRegularExpression space(QStringLiteral("\\s"));
    return !text.contains(space) && url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https")
        && !url.host().isEmpty();
}

VoidResult checkUrl(const QString& field, const QString& text)
{
    if (!text.isEmpty() && !isWebUrl(text)) {
        return unexpected(Error::invalid(
            field,
            QCoreApplication::translate(
                "RestaurantSettings",
                "“%1” is not a web address; enter one starting with http:// or https://, or leave it empty.")
                .arg(text)));
    }
    // Settings are stored in the database and audited in clear: secrets belong in the keychain.
    if (!QUrl(text, QUrl::TolerantMode).userInfo().isEmpty()) {
        return unexpected(Error::invalid(field,
                                         QCoreApplication::translate("RestaurantSettings",
                                                                     "Leave the user name and password out of the "
                                                                     "address; keys and passwords are kept in the "
                                                                     "keychain.")));
    }
    return {};
}

int intOr(const QJsonObject& json, const QString& key, int fallback)
{
    const QJsonValue value = json.value(key);
    return value.isDouble() ? value.toInt(fallback) : fallback;
}

std::optional<double> degreesOr(const QJsonObject& json, const QString& key)
{
    const QJsonValue value = json.value(key);
    return value.isDouble() ? std::optional<double>(value.toDouble()) : std::nullopt;
}

QJsonValue degrees(const std::optional<double>& value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QString stringOr(const QJsonObject& json, const QString& key, const QString& fallback)
{
    const QJsonValue value = json.value(key);
    return value.isString() ? value.toString() : fallback;
}

} // namespace

VoidResult RestaurantSettings::validate() const
{
    if (name.trimmed().isEmpty()) {
        return unexpected(Error::invalid(
            QStringLiteral("name"), QCoreApplication::translate("RestaurantSettings", "Enter the restaurant's name.")));
    }
    if (name.size() > 200) {
        return unexpected(
            Error::invalid(QStringLiteral("name"),
                           QCoreApplication::translate("RestaurantSettings",
                                                       "The restaurant's name can have at most 200 characters.")));
    }
    if (timezone.isEmpty() || !QTimeZone::isTimeZoneIdAvailable(timezone.toUtf8())) {
        return unexpected(
            Error::invalid(QStringLiteral("timezone"),
                           QCoreApplication::translate(
                               "RestaurantSettings",
                               "“%1” is not a known time zone; choose one such as Europe/Madrid or America/New_York.")
                               .arg(timezone)));
    }
    static const QRegularExpression currencyCode(QStringLiteral("^[A-Z]{3}$"));
    if (!currencyCode.match(currency).hasMatch()) {
        return unexpected(Error::invalid(
            KEY_CURRENCY,
            QCoreApplication::translate("RestaurantSettings",
                                        "The currency must be a three-letter ISO 4217 code such as EUR or USD.")));
    }
    QSet<int> days;
    for (const OpeningHours& hours : openingHours) {
        if (hours.dayOfWeek < 1 || hours.dayOfWeek > 7) {
            return unexpected(Error::invalid(
                KEY_OPENING_HOURS,
                QCoreApplication::translate("RestaurantSettings", "Opening hours name a day that does not exist.")));
        }
        if (days.contains(hours.dayOfWeek)) {
            return unexpected(
                Error::invalid(KEY_OPENING_HOURS,
                               QCoreApplication::translate("RestaurantSettings",
                                                           "%1 has opening hours twice; give each day one entry.")
                                   .arg(QLocale().dayName(hours.dayOfWeek))));
        }
        days.insert(hours.dayOfWeek);
        if (!hours.opens.isValid() || !hours.closes.isValid()) {
            return unexpected(Error::invalid(
                KEY_OPENING_HOURS,
                QCoreApplication::translate("RestaurantSettings",
                                            "The opening hours for %1 need a valid opening and closing time.")
                    .arg(QLocale().dayName(hours.dayOfWeek))));
        }
        if (hours.opens == hours.closes) {
            return unexpected(Error::invalid(
                KEY_OPENING_HOURS,
                QCoreApplication::translate(
                    "RestaurantSettings",
                    "On %1 the restaurant opens and closes at the same time; leave the day out if it is closed.")
                    .arg(QLocale().dayName(hours.dayOfWeek))));
        }
    }
    const QList<VoidResult> ranges = {
        inRange(KEY_HOLD,
                holdMinutes,
                1,
                120,
                QCoreApplication::translate("RestaurantSettings", "The hold time must be between %1 and %2 minutes.")),
        inRange(
            KEY_TURN_SMALL,
            defaultTurnMinutesSmall,
            10,
            480,
            QCoreApplication::translate("RestaurantSettings",
                                        "The default turn time for parties of 1–2 must be between %1 and %2 minutes.")),
        inRange(
            KEY_TURN_MEDIUM,
            defaultTurnMinutesMedium,
            10,
            480,
            QCoreApplication::translate("RestaurantSettings",
                                        "The default turn time for parties of 3–4 must be between %1 and %2 minutes.")),
        inRange(
            KEY_TURN_LARGE,
            defaultTurnMinutesLarge,
            10,
            480,
            QCoreApplication::translate("RestaurantSettings",
                                        "The default turn time for parties of 5–6 must be between %1 and %2 minutes.")),
        inRange(KEY_TURN_XLARGE,
                defaultTurnMinutesXLarge,
                10,
                480,
                QCoreApplication::translate(
                    "RestaurantSettings",
                    "The default turn time for parties of 7 or more must be between %1 and %2 minutes.")),
        inRange(KEY_TAX,
                taxRateBasisPoints,
                0,
                5000,
                QCoreApplication::translate("RestaurantSettings", "The tax rate must be between %1 % and %2 %."),
                100),
        inRange(KEY_DELIVERY_FEE,
                deliveryFeeCents,
                0,
                10000,
                QCoreApplication::translate("RestaurantSettings", "The delivery fee must be between %1 and %2."),
                100),
        inRange(
            KEY_RADIUS,
            deliveryRadiusMeters,
            100,
            50000,
            QCoreApplication::translate("RestaurantSettings", "The delivery radius must be between %1 and %2 metres.")),
    };
    for (const VoidResult& range : ranges) {
        if (!range) {
            return range;
        }
    }
    // The zone's centre: both coordinates or neither (no delivery).
    if (latitude.has_value() != longitude.has_value()) {
        return unexpected(Error::invalid(
            latitude ? KEY_LONGITUDE : KEY_LATITUDE,
            QCoreApplication::translate("RestaurantSettings",
                                        "Enter both the latitude and the longitude of the restaurant, or neither.")));
    }
    if (latitude && (!std::isfinite(*latitude) || *latitude < -90 || *latitude > 90)) {
        return unexpected(Error::invalid(
            KEY_LATITUDE,
            QCoreApplication::translate("RestaurantSettings", "The latitude must be between -90 and 90 degrees.")));
    }
    if (longitude && (!std::isfinite(*longitude) || *longitude < -180 || *longitude > 180)) {
        return unexpected(Error::invalid(
            KEY_LONGITUDE,
            QCoreApplication::translate("RestaurantSettings", "The longitude must be between -180 and 180 degrees.")));
    }
    if (paymentProvider != u"offline" && paymentProvider != u"stripe") {
        return unexpected(Error::invalid(
            KEY_PAYMENT,
            QCoreApplication::translate("RestaurantSettings",
                                        "“%1” is not a payment provider Maitre knows; choose offline or stripe.")
                .arg(paymentProvider)));
    }
    if (geocoder != u"offline" && geocoder != u"nominatim") {
        return unexpected(Error::invalid(
            KEY_GEOCODER,
            QCoreApplication::translate("RestaurantSettings",
                                        "“%1” is not a geocoder Maitre knows; choose offline or nominatim.")
                .arg(geocoder)));
    }
    for (const auto& [field, url] : {std::pair{KEY_NOMINATIM, nominatimUrl},
                                     std::pair{KEY_LLM_URL, llmBaseUrl},
                                     std::pair{KEY_TILES, tileServerUrl}}) {
        if (auto checked = checkUrl(field, url); !checked) {
            return checked;
        }
    }
    if (geocoder == u"nominatim" && nominatimUrl.isEmpty()) {
        return unexpected(Error::invalid(
            KEY_NOMINATIM,
            QCoreApplication::translate("RestaurantSettings",
                                        "Enter the Nominatim server's address, or choose the offline geocoder.")));
    }
    if (llmModel.size() > 200) {
        return unexpected(Error::invalid(
            KEY_LLM_MODEL,
            QCoreApplication::translate("RestaurantSettings", "The model name can have at most 200 characters.")));
    }
    if (llmEnabled && (llmBaseUrl.isEmpty() || llmModel.trimmed().isEmpty())) {
        return unexpected(Error::invalid(
            llmBaseUrl.isEmpty() ? KEY_LLM_URL : KEY_LLM_MODEL,
            QCoreApplication::translate("RestaurantSettings",
                                        "To use a language model, enter its base URL and the model's name.")));
    }
    if (assistantName.trimmed().isEmpty() || assistantName.size() > 40) {
        return unexpected(
            Error::invalid(KEY_ASSISTANT_NAME,
                           QCoreApplication::translate(
                               "RestaurantSettings", "Give the ordering assistant a name of at most 40 characters.")));
    }
    if (assistantTone != u"friendly" && assistantTone != u"formal" && assistantTone != u"playful") {
        return unexpected(Error::invalid(
            KEY_ASSISTANT_TONE,
            QCoreApplication::translate("RestaurantSettings",
                                        "“%1” is not a tone Maitre knows; choose friendly, formal or playful.")
                .arg(assistantTone)));
    }
    if (assistantGreeting.size() > 300) {
        return unexpected(
            Error::invalid(KEY_ASSISTANT_GREETING,
                           QCoreApplication::translate("RestaurantSettings",
                                                       "The assistant's greeting can have at most 300 characters.")));
    }
    return inRange(KEY_COVERS,
                   coversPerServer,
                   1,
                   200,
                   QCoreApplication::translate("RestaurantSettings", "Covers per server must be between %1 and %2."));
}

QJsonObject RestaurantSettings::toJson() const
{
    QJsonArray hours;
    for (const OpeningHours& h : openingHours) {
        hours.append(QJsonObject{{QStringLiteral("day"), h.dayOfWeek},
                                 {QStringLiteral("opens"), h.opens.toString(TIME_FORMAT)},
                                 {QStringLiteral("closes"), h.closes.toString(TIME_FORMAT)}});
    }
    return {{KEY_CURRENCY, currency},
            {KEY_OPENING_HOURS, hours},
            {KEY_HOLD, holdMinutes},
            {KEY_TURN_SMALL, defaultTurnMinutesSmall},
            {KEY_TURN_MEDIUM, defaultTurnMinutesMedium},
            {KEY_TURN_LARGE, defaultTurnMinutesLarge},
            {KEY_TURN_XLARGE, defaultTurnMinutesXLarge},
            {KEY_TAX, taxRateBasisPoints},
            {KEY_DELIVERY_FEE, deliveryFeeCents},
            {KEY_RADIUS, deliveryRadiusMeters},
            {KEY_LATITUDE, degrees(latitude)},
            {KEY_LONGITUDE, degrees(longitude)},
            {KEY_PAYMENT, paymentProvider},
            {KEY_GEOCODER, geocoder},
            {KEY_NOMINATIM, nominatimUrl},
            {KEY_LLM_URL, llmBaseUrl},
            {KEY_LLM_MODEL, llmModel},
            {KEY_TILES, tileServerUrl},
            {KEY_COVERS, coversPerServer},
            {KEY_LLM_ENABLED, llmEnabled},
            {KEY_ASSISTANT_NAME, assistantName},
            {KEY_ASSISTANT_TONE, assistantTone},
            {KEY_ASSISTANT_GREETING, assistantGreeting}};
}

RestaurantSettings RestaurantSettings::fromJson(const QString& name, const QString& timezone, const QJsonObject& json)
{
    RestaurantSettings s;
    s.name = name;
    s.timezone = timezone.isEmpty() ? s.timezone : timezone;
    s.currency = stringOr(json, KEY_CURRENCY, s.currency);
    for (const QJsonValue& value : json.value(KEY_OPENING_HOURS).toArray()) {
        const QJsonObject entry = value.toObject();
        OpeningHours hours;
        hours.dayOfWeek = entry.value(QLatin1String("day")).toInt();
        hours.opens = QTime::fromString(entry.value(QLatin1String("opens")).toString(), TIME_FORMAT);
        hours.closes = QTime::fromString(entry.value(QLatin1String("closes")).toString(), TIME_FORMAT);
        s.openingHours.append(hours);
    }
    s.holdMinutes = intOr(json, KEY_HOLD, s.holdMinutes);
    s.defaultTurnMinutesSmall = intOr(json, KEY_TURN_SMALL, s.defaultTurnMinutesSmall);
    s.defaultTurnMinutesMedium = intOr(json, KEY_TURN_MEDIUM, s.defaultTurnMinutesMedium);
    s.defaultTurnMinutesLarge = intOr(json, KEY_TURN_LARGE, s.defaultTurnMinutesLarge);
    s.defaultTurnMinutesXLarge = intOr(json, KEY_TURN_XLARGE, s.defaultTurnMinutesXLarge);
    s.taxRateBasisPoints = intOr(json, KEY_TAX, s.taxRateBasisPoints);
    s.deliveryFeeCents = intOr(json, KEY_DELIVERY_FEE, s.deliveryFeeCents);
    s.deliveryRadiusMeters = intOr(json, KEY_RADIUS, s.deliveryRadiusMeters);
    s.latitude = degreesOr(json, KEY_LATITUDE);
    s.longitude = degreesOr(json, KEY_LONGITUDE);
    s.paymentProvider = stringOr(json, KEY_PAYMENT, s.paymentProvider);
    s.geocoder = stringOr(json, KEY_GEOCODER, s.geocoder);
    s.nominatimUrl = stringOr(json, KEY_NOMINATIM, s.nominatimUrl);
    s.llmBaseUrl = stringOr(json, KEY_LLM_URL, s.llmBaseUrl);
    s.llmModel = stringOr(json, KEY_LLM_MODEL, s.llmModel);
    s.tileServerUrl = stringOr(json, KEY_TILES, s.tileServerUrl);
    s.coversPerServer = intOr(json, KEY_COVERS, s.coversPerServer);
    s.llmEnabled = json.value(KEY_LLM_ENABLED).toBool(s.llmEnabled);
    s.assistantName = stringOr(json, KEY_ASSISTANT_NAME, s.assistantName);
    s.assistantTone = stringOr(json, KEY_ASSISTANT_TONE, s.assistantTone);
    s.assistantGreeting = stringOr(json, KEY_ASSISTANT_GREETING, s.assistantGreeting);
    return s;
}

bool RestaurantSettings::operator==(const RestaurantSettings& other) const
{
    // Compared through the stored form, so every field counts and none is forgotten.
    return name == other.name && timezone == other.timezone && toJson() == other.toJson();
}
