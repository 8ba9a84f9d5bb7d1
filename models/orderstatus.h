#pragma once

#include "result.h"

#include <QString>
#include <optional>

// The life of an order: held (a pre-order waiting for its party) → received →
// preparing → ready → served | picked_up | out_for_delivery → delivered; any
// open state → cancelled. Anything else is rejected.
enum class OrderStatus
{
    Held,
    Received,
    Preparing,
    Ready,
    Served,
    PickedUp,
    OutForDelivery,
    Delivered,
    Cancelled
};

namespace OrderStatusRules
{
bool canTransition(OrderStatus from, OrderStatus to);
Result<OrderStatus> transition(OrderStatus from, OrderStatus to);
// The one way back: a kitchen recall sends a ready order back to preparing.
Result<OrderStatus> reopen(OrderStatus from);
// Open means the order may still change: not served, picked up, delivered or cancelled.
bool isOpen(OrderStatus status);
QString toString(OrderStatus status);
std::optional<OrderStatus> fromString(const QString& text);
} // namespace OrderStatusRules
