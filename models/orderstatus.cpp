#include "orderstatus.h"

#include <QCoreApplication>
#include <array>

namespace OrderStatusRules
{

namespace
{
constexpr std::array ALL = {OrderStatus::Held,
                            OrderStatus::Received,
                            OrderStatus::Preparing,
                            OrderStatus::Ready,
                            OrderStatus::Served,
                            OrderStatus::PickedUp,
                            OrderStatus::OutForDelivery,
                            OrderStatus::Delivered,
                            OrderStatus::Cancelled};
}

bool isOpen(OrderStatus status)
{
    switch (status) {
    case OrderStatus::Held:
    case OrderStatus::Received:
    case OrderStatus::Preparing:
    case OrderStatus::Ready:
    case OrderStatus::OutForDelivery:
        return true;
    case OrderStatus::Served:
    case OrderStatus::PickedUp:
    case OrderStatus::Delivered:
    case OrderStatus::Cancelled:
        return false;
    }
    return false;
}

bool canTransition(OrderStatus from, OrderStatus to)
{
    if (to == OrderStatus::Cancelled) {
        return isOpen(from);
    }
    switch (from) {
    case OrderStatus::Held:
        return to == OrderStatus::Received;
    case OrderStatus::Received:
        return to == OrderStatus::Preparing;
    case OrderStatus::Preparing:
        return to == OrderStatus::Ready;
    case OrderStatus::Ready:
        return to == OrderStatus::Served || to == OrderStatus::PickedUp || to == OrderStatus::OutForDelivery;
    case OrderStatus::OutForDelivery:
        return to == OrderStatus::Delivered;
    case OrderStatus::Served:
    case OrderStatus::PickedUp:
    case OrderStatus::Delivered:
    case OrderStatus::Cancelled:
        return false;
    }
    return false;
}

Result<OrderStatus> transition(OrderStatus from, OrderStatus to)
{
    if (!canTransition(from, to)) {
        return unexpected(
            Error::conflict(QCoreApplication::translate("OrderStatus", "An order that is %1 cannot become %2.")
                                .arg(toString(from), toString(to))));
    }
    return to;
}

Result<OrderStatus> reopen(OrderStatus from)
{
    if (from != OrderStatus::Ready) {
        return unexpected(Error::conflict(
            QCoreApplication::translate("OrderStatus", "An order that is %1 cannot go back to preparing.")
                .arg(toString(from))));
    }
    return OrderStatus::Preparing;
}

QString toString(OrderStatus status)
{
    switch (status) {
    case OrderStatus::Held:
        return QStringLiteral("held");
    case OrderStatus::Received:
        return QStringLiteral("received");
    case OrderStatus::Preparing:
        return QStringLiteral("preparing");
    case OrderStatus::Ready:
        return QStringLiteral("ready");
    case OrderStatus::Served:
        return QStringLiteral("served");
    case OrderStatus::PickedUp:
        return QStringLiteral("picked_up");
    case OrderStatus::OutForDelivery:
        return QStringLiteral("out_for_delivery");
    case OrderStatus::Delivered:
        return QStringLiteral("delivered");
    case OrderStatus::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

std::optional<OrderStatus> fromString(const QString& text)
{
    for (auto s : ALL) {
        if (toString(s) == text) {
            return s;
        }
    }
    return std::nullopt;
}

} // namespace OrderStatusRules
