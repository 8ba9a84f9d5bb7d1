#include "orderrecords.h"

#include "orderservice.h"
#include "store/sql.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace
{

QDateTime utc(const QVariant& value)
{
    return value.isNull() ? QDateTime() : value.toDateTime().toUTC();
}

const QString ORDER_COLUMNS = QStringLiteral(
    "SELECT o.id, o.token, o.code, o.kind, o.status, o.source, coalesce(o.customer_name, ''),"
    " coalesce(o.customer_phone, ''), o.subtotal_cents, o.tax_cents, o.delivery_fee_cents, o.total_cents,"
    " coalesce(o.cancel_reason, ''), o.created_at, o.updated_at, o.eta, coalesce(p.method, ''),"
    " coalesce(p.status, ''), d.address::text, d.lat, d.lon"
    " FROM orders o"
    " LEFT JOIN LATERAL (SELECT method, status FROM payments WHERE order_id = o.id ORDER BY id DESC LIMIT 1) p"
    " ON true LEFT JOIN deliveries d ON d.order_id = o.id");

} // namespace

Result<QList<Order>> OrderRecords::load(QSqlDatabase& db, const QString& where, const QVariantList& bindings)
{
    auto query =
        Sql::exec(db,
                  ORDER_COLUMNS + QStringLiteral(" WHERE ") + where + QStringLiteral(" ORDER BY o.created_at, o.id"),
                  bindings);
    if (!query) {
        return unexpected(query.error());
    }
    QList<Order> orders;
    QHash<qint64, qsizetype> byId;
    QStringList ids;
    while (query->next()) {
        Order o;
        o.id = query->value(0).toLongLong();
        o.token = query->value(1).toString();
        o.code = query->value(2).toString();
        o.kind = query->value(3).toString();
        o.status = OrderStatusRules::fromString(query->value(4).toString()).value_or(OrderStatus::Received);
        o.source = query->value(5).toString();
        o.customerName = query->value(6).toString();
        o.customerPhone = query->value(7).toString();
        o.subtotalCents = query->value(8).toInt();
        o.taxCents = query->value(9).toInt();
        o.deliveryFeeCents = query->value(10).toInt();
        o.totalCents = query->value(11).toInt();
        o.cancelReason = query->value(12).toString();
        o.createdAt = utc(query->value(13));
        o.updatedAt = utc(query->value(14));
        o.eta = utc(query->value(15));
        o.paymentMethod = query->value(16).toString();
        o.paymentStatus = query->value(17).toString();
        if (!query->value(18).isNull()) {
            const QJsonObject json = QJsonDocument::fromJson(query->value(18).toString().toUtf8()).object();
            DeliveryAddress address;
            address.line1 = json.value(QLatin1String("line1")).toString();
            address.city = json.value(QLatin1String("city")).toString();
            address.postcode = json.value(QLatin1String("postcode")).toString();
            if (!query->value(19).isNull() && !query->value(20).isNull()) {
                address.latitude = query->value(19).toDouble();
                address.longitude = query->value(20).toDouble();
            }
            o.address = address;
        }
        byId.insert(o.id, orders.size());
        ids.append(QString::number(o.id));
        orders.append(o);
    }
    if (orders.isEmpty()) {
        return orders;
    }
    auto items = Sql::exec(db,
                           QStringLiteral("SELECT order_id, menu_item_id, name, quantity, unit_price_cents, note,"
                                          " modifiers::text FROM order_items WHERE order_id = ANY(?::bigint[])"
                                          " ORDER BY order_id, id"),
                           {QString(u'{' + ids.join(u',') + u'}')});
    if (!items) {
        return unexpected(items.error());
    }
    while (items->next()) {
        OrderLine line;
        line.menuItemId = items->value(1).toLongLong();
        line.name = items->value(2).toString();
        line.quantity = items->value(3).toInt();
        line.unitPriceCents = items->value(4).toInt();
        line.note = items->value(5).toString();
        line.modifiers = QJsonDocument::fromJson(items->value(6).toString().toUtf8()).array();
        orders[byId.value(items->value(0).toLongLong())].items.append(line);
    }
    return orders;
}

Result<Order> OrderRecords::loadOne(QSqlDatabase& db, qint64 restaurantId, const QString& column, const QVariant& key)
{
    auto orders = load(db,
                       QStringLiteral("o.restaurant_id = ? AND o.%1 = ?")
                           .arg(column == u"token" ? QStringLiteral("token") : QStringLiteral("id")),
                       {restaurantId, key});
    if (!orders) {
        return unexpected(orders.error());
    }
    if (orders->isEmpty()) {
        return unexpected(Error::notFound(OrderService::tr("There is no such order.")));
    }
    return orders->first();
}
