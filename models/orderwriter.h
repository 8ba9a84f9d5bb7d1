#pragma once

#include "order.h"
#include "orderrequest.h"
#include "paymentprovider.h"
#include "result.h"

#include <QSqlDatabase>
#include <optional>

// The database half of taking an order, for OrderService: first the retry
// check and the prices (before paying), then the one transaction that writes
// the order with its lines, payment, delivery, kitchen tickets and event.
class OrderWriter final
{
public:
    // What the first look at the database found: an earlier order with the
    // same key (a retry), or the priced order to pay for and write.
    struct Prepared
    {
        std::optional<Order> replay;
        QList<OrderLine> lines;
        int subtotalCents = 0;
        int taxCents = 0;
        int deliveryFeeCents = 0;
        int totalCents = 0;
        QString currency;
        QString restaurantName;
        int prepMinutes = 0; // the longest dish
        int queueMinutes = 0;
        std::optional<double> latitude; // the restaurant: the zone's centre
        std::optional<double> longitude;
        int radiusMeters = 0;
        int travelMinutes = 0; // delivery, once geocoded
        std::optional<DeliveryAddress> address; // with coordinates, once geocoded
        QString fingerprint; // hex, kept with the key
    };

    struct Written
    {
        Order order;
        bool replayed = false; // another request with this key wrote it first
    };

    // Looks the key up (an earlier order is the answer; a remembered decline
    // is Declined; another body is Invalid on "Idempotency-Key"), then prices
    // the order from the menu and the restaurant's settings.
    static Result<Prepared>
    prepare(QSqlDatabase& db, qint64 restaurantId, const OrderRequest& request, const QString& fingerprint);
    // Inside the caller's transaction. A concurrent request with the same key
    // that committed first wins: its order is the answer (replayed).
    static Result<Written> write(QSqlDatabase& db,
                                 qint64 restaurantId,
                                 const OrderRequest& request,
                                 const Prepared& prepared,
                                 const std::optional<PaymentProvider::Charge>& charge,
                                 const QString& providerName);
    // Invalid on "Idempotency-Key": the key was used for another request.
    static Error keyReused();
};
