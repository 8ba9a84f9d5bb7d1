#pragma once

#include "order.h"

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <optional>

// What a client asks for; prices are never taken from it.
struct OrderRequest
{
    struct Line
    {
        qint64 menuItemId = 0;
        int quantity = 0;
        QString note;
        QJsonArray modifiers;
    };

    QString kind; // "takeout" | "delivery" | "dine_in" | "voice"
    QString source = QStringLiteral("web"); // "web" | "voice" | "counter"
    QString customerName;
    QString customerPhone;
    std::optional<DeliveryAddress> address; // required for delivery
    QList<Line> items;
    QString paymentMethod = QStringLiteral("counter"); // "card" | "counter"
    QString paymentToken; // the card provider's token for "card" (e.g. Stripe's pm_…)
    // Retries with the same key return the first outcome; required.
    QString idempotencyKey;
    // Identifies the request body (SHA-256 of it): the same key with another
    // body is refused (Invalid on "Idempotency-Key").
    QByteArray fingerprint;
};
