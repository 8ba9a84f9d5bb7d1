#pragma once

#include "orderstatus.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <optional>

// Where a delivery goes; lat/lon once geocoded.
struct DeliveryAddress
{
    QString line1;
    QString city;
    QString postcode;
    std::optional<double> latitude;
    std::optional<double> longitude;
};

// One line of an order, priced by the server from the menu.
struct OrderLine
{
    qint64 menuItemId = 0;
    QString name;
    int quantity = 1;
    int unitPriceCents = 0;
    QString note;
    QJsonArray modifiers;
    int lineTotalCents() const { return unitPriceCents * quantity; }
};

// A takeout, delivery, dine-in or voice order as staff and its customer see it.
struct Order
{
    qint64 id = 0;
    QString token; // the customer's secret for GET /api/v1/orders/{token}
    QString code; // read aloud at the counter
    QString kind; // "takeout" | "delivery" | "dine_in" | "voice" | "preorder"
    OrderStatus status = OrderStatus::Received;
    QString source; // "web" | "voice" | "counter"
    QString customerName;
    QString customerPhone;
    std::optional<DeliveryAddress> address;
    QList<OrderLine> items;
    int subtotalCents = 0;
    int taxCents = 0;
    int deliveryFeeCents = 0;
    int totalCents = 0;
    QString paymentMethod; // "card" | "counter"
    QString paymentStatus; // "authorized" | "captured" | "pending" (counter) | "refunded"
    QString cancelReason;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime eta; // when it should be ready (takeout) or arrive (delivery)
};
