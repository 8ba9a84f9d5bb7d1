#pragma once

#include "result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTime>
#include <optional>

// Restaurant-wide settings, shared by every console (restaurants.name,
// .timezone and the .settings JSON). Secrets are never here: they live in the
// keychain (SecretStore), named by SecretStore's keys.
struct RestaurantSettings
{
    struct OpeningHours
    {
        int dayOfWeek = 1; // 1 = Monday … 7 = Sunday (Qt's numbering)
        QTime opens;
        QTime closes; // earlier than `opens`: closes after midnight
    };

    QString name;
    QString timezone = QStringLiteral("UTC"); // IANA id, e.g. "Europe/Madrid"
    QString currency = QStringLiteral("EUR"); // ISO 4217
    QList<OpeningHours> openingHours; // no entry for a day: closed that day

    // Wait
    int holdMinutes = 10; // how long a notified party's table is held
    // Turn times until the restaurant's own history says otherwise (TurnTimes' buckets).
    int defaultTurnMinutesSmall = 45; // parties of 1–2, until enough history
    int defaultTurnMinutesMedium = 60; // 3–4
    int defaultTurnMinutesLarge = 75; // 5–6
    int defaultTurnMinutesXLarge = 90; // 7 and more

    // Money: tax in basis points (1000 = 10 %), fees in cents.
    int taxRateBasisPoints = 1000;
    int deliveryFeeCents = 0;
    int deliveryRadiusMeters = 5000;
    // Where the restaurant is: the centre of the delivery zone (WGS 84 degrees).
    // Unset: no delivery orders are taken.
    std::optional<double> latitude;
    std::optional<double> longitude;

    // Providers (names and non-secret settings only)
    QString paymentProvider = QStringLiteral("offline"); // "offline" | "stripe"
    QString geocoder = QStringLiteral("offline"); // "offline" | "nominatim"
    QString nominatimUrl = QStringLiteral("https://nominatim.openstreetmap.org");
    QString llmBaseUrl; // empty: the co-pilot works offline
    QString llmModel;
    bool llmEnabled = false; // off: the co-pilot and the diner assistant work offline
    QString tileServerUrl; // empty: the map draws on a plain background
    int coversPerServer = 20;

    // The diner ordering assistant's persona for this location.
    QString assistantName = QStringLiteral("Sofia");
    QString assistantTone = QStringLiteral("friendly"); // "friendly" | "formal" | "playful"
    QString assistantGreeting; // empty: a greeting in the diner's language, by name and tone

    // Whether the language model is switched on and pointed somewhere.
    bool usesLanguageModel() const { return llmEnabled && !llmBaseUrl.isEmpty() && !llmModel.isEmpty(); }

    // Every field checked; the first problem as an Invalid error naming the
    // field ("timezone", "hold_minutes", "tax_rate_bp", "latitude", …) with a readable message.
    VoidResult validate() const;

    // The .settings JSON (name and timezone are columns, not in it).
    QJsonObject toJson() const;
    // Missing keys keep their defaults.
    static RestaurantSettings fromJson(const QString& name, const QString& timezone, const QJsonObject& json);

    bool operator==(const RestaurantSettings& other) const;
};
