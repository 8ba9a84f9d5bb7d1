#pragma once

#include "actor.h"
#include "order.h"
#include "orderrequest.h"
#include "result.h"

#include <QDate>
#include <QFuture>
#include <QObject>
#include <memory>

class Geocoder;
class PaymentProvider;
class Store;

// Takeout, delivery, dine-in and voice orders: priced from the database and
// settings (client prices are ignored), paid through a PaymentProvider (or at
// the counter), geocoded and checked against the delivery zone, written with
// their kitchen tickets in one transaction, and moved through the statuses in
// DESIGN.md. Nothing half-written on any error; a retry with the same
// idempotency key returns the first outcome (the order, or the same decline).
class OrderService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderService)

public:
    static constexpr int MAX_ITEMS = 50;
    static constexpr int MAX_QUANTITY = 99;
    static constexpr int MAX_NOTE_LENGTH = 200;
    static constexpr int MAX_NAME_LENGTH = 80;

    // The providers are not owned and must outlive the service.
    OrderService(Store& store, PaymentProvider& payments, Geocoder& geocoder, QObject* parent = nullptr);
    ~OrderService() override;

    // Field checks without the database: Invalid naming the field ("kind",
    // "customer.name", "customer.phone", "address", "address.line1", "items",
    // "items[2].quantity", "items[2].note", "payment.method", "Idempotency-Key").
    static VoidResult validate(const OrderRequest& request);

    // The whole path: validate, price, geocode and zone-check a delivery, pay
    // (card), then write the order and route it to the kitchen. Unknown or
    // unavailable dish → Invalid "items[i].menu_item_id"; outside the zone →
    // Invalid "address"; card refused → Declined; provider timeout → Unavailable.
    QFuture<Result<Order>> create(qint64 restaurantId, const OrderRequest& request);

    // Unknown → NotFound.
    QFuture<Result<Order>> orderByToken(qint64 restaurantId, const QString& token);
    QFuture<Result<Order>> order(qint64 restaurantId, qint64 orderId);
    // The orders created on `day` in the restaurant's time zone (pre-orders
    // included), oldest first: the orders view and the daily export.
    QFuture<Result<QList<Order>>> ordersOn(qint64 restaurantId, const QDate& day);

    // Staff moves (audited): ready, picked up, out for delivery, delivered
    // need SeatAndNotify or Bump; cancel needs CancelOrders and a reason
    // (refunds a card payment). A move the state machine refuses is Conflict.
    QFuture<Result<Order>> advance(qint64 restaurantId, const Actor& actor, qint64 orderId, OrderStatus to);
    QFuture<Result<Order>> cancel(qint64 restaurantId, const Actor& actor, qint64 orderId, const QString& reason);

private:
    struct Shared;
    Store& m_store;
    std::shared_ptr<Shared> m_shared;
};
