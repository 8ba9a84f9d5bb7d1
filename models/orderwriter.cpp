#include "orderwriter.h"

#include "kitchenservice.h"
#include "orderpricing.h"
#include "orderrecords.h"
#include "orderservice.h"
#include "restaurantsettings.h"
#include "store/eventlog.h"
#include "store/sql.h"
#include "tokengenerator.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>

namespace
{

QString jsonText(const QJsonValue& value)
{
    return value.isArray() ? QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact))
                           : QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

QVariant nullableText(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

// A code to read aloud that no open order of this restaurant has.
Result<QString> freshCode(QSqlDatabase& db, qint64 restaurantId)
{
    auto used =
        Sql::exec(db,
                  QStringLiteral("SELECT code FROM orders WHERE restaurant_id = ?"
                                 " AND status IN ('held', 'received', 'preparing', 'ready', 'out_for_delivery')"),
                  {restaurantId});
    if (!used) {
        return unexpected(used.error());
    }
    QSet<QString> codes;
    while (used->next()) {
        codes.insert(used->value(0).toString());
    }
    for (int attempt = 0;; ++attempt) {
        const QString code = TokenGenerator::code(attempt < 10 ? 4 : (attempt < 30 ? 5 : 6));
        if (!codes.contains(code)) {
            return code;
        }
    }
}

} // namespace

Error OrderWriter::keyReused()
{
    return Error::invalid(QStringLiteral("Idempotency-Key"),
                          OrderService::tr("This Idempotency-Key was already used for a different order."));
}

// Looks the key up, then prices the order from the menu and settings.
Result<OrderWriter::Prepared>
OrderWriter::prepare(QSqlDatabase& db, qint64 restaurantId, const OrderRequest& request, const QString& fingerprint)
{
    Prepared prepared;
    prepared.fingerprint = fingerprint;
    auto earlier = Sql::exec(db,
                             QStringLiteral("SELECT id, coalesce(idempotency_hash, '') FROM orders"
                                            " WHERE restaurant_id = ? AND idempotency_key = ?"),
                             {restaurantId, request.idempotencyKey});
    if (!earlier) {
        return unexpected(earlier.error());
    }
    if (earlier->next()) {
        if (earlier->value(1).toString() != fingerprint) {
            return unexpected(OrderWriter::keyReused());
        }
        auto order = OrderRecords::loadOne(db, restaurantId, QStringLiteral("id"), earlier->value(0));
        if (!order) {
            return unexpected(order.error());
        }
        prepared.replay = *order;
        return prepared;
    }
    // A declined card answers a retry the same way, without charging again.
    auto attempt = Sql::exec(db,
                             QStringLiteral("SELECT fingerprint, outcome, detail FROM order_attempts"
                                            " WHERE restaurant_id = ? AND idempotency_key = ?"
                                            " AND created_at > now() - interval '48 hours'"),
                             {restaurantId, request.idempotencyKey});
    if (!attempt) {
        return unexpected(attempt.error());
    }
    if (attempt->next()) {
        if (attempt->value(0).toString() != fingerprint) {
            return unexpected(OrderWriter::keyReused());
        }
        return unexpected(Error::declined(attempt->value(2).toString()));
    }

    auto restaurant = Sql::exec(
        db, QStringLiteral("SELECT name, timezone, settings::text FROM restaurants WHERE id = ?"), {restaurantId});
    if (!restaurant) {
        return unexpected(restaurant.error());
    }
    if (!restaurant->next()) {
        return unexpected(Error::notFound(OrderService::tr("No such restaurant.")));
    }
    const RestaurantSettings settings =
        RestaurantSettings::fromJson(restaurant->value(0).toString(),
                                     restaurant->value(1).toString(),
                                     QJsonDocument::fromJson(restaurant->value(2).toString().toUtf8()).object());
    prepared.currency = settings.currency;
    prepared.restaurantName = settings.name;
    prepared.latitude = settings.latitude;
    prepared.longitude = settings.longitude;
    prepared.radiusMeters = settings.deliveryRadiusMeters;
    if (request.kind == u"delivery" && !(settings.latitude && settings.longitude)) {
        return unexpected(Error::invalid(
            QStringLiteral("kind"),
            OrderService::tr("This restaurant does not take delivery orders yet; please order takeout.")));
    }

    // Server-side prices: whatever a client thinks a dish costs is ignored.
    QStringList ids;
    for (const OrderRequest::Line& line : request.items) {
        ids.append(QString::number(line.menuItemId));
    }
    auto menu = Sql::exec(db,
                          QStringLiteral("SELECT id, name, price_cents, prep_minutes, available FROM menu_items"
                                         " WHERE restaurant_id = ? AND id = ANY(?::bigint[])"),
                          {restaurantId, QString(u'{' + ids.join(u',') + u'}')});
    if (!menu) {
        return unexpected(menu.error());
    }
    struct Dish
    {
        QString name;
        int priceCents = 0;
        int prepMinutes = 0;
        bool available = false;
    };
    QHash<qint64, Dish> dishes;
    while (menu->next()) {
        dishes.insert(
            menu->value(0).toLongLong(),
            {menu->value(1).toString(), menu->value(2).toInt(), menu->value(3).toInt(), menu->value(4).toBool()});
    }
    for (qsizetype i = 0; i < request.items.size(); ++i) {
        const OrderRequest::Line& line = request.items.at(i);
        const QString field = QStringLiteral("items[%1].menu_item_id").arg(i);
        const auto dish = dishes.constFind(line.menuItemId);
        if (dish == dishes.cend()) {
            return unexpected(
                Error::invalid(field, OrderService::tr("There is no dish %1 on the menu.").arg(line.menuItemId)));
        }
        if (!dish->available) {
            return unexpected(
                Error::invalid(field, OrderService::tr("%1 is not available right now.").arg(dish->name)));
        }
        OrderLine priced;
        priced.menuItemId = line.menuItemId;
        priced.name = dish->name;
        priced.quantity = line.quantity;
        priced.unitPriceCents = dish->priceCents;
        priced.note = line.note.trimmed();
        priced.modifiers = line.modifiers;
        prepared.lines.append(priced);
        prepared.subtotalCents += priced.lineTotalCents();
        prepared.prepMinutes = std::max(prepared.prepMinutes, dish->prepMinutes);
    }
    prepared.taxCents = OrderPricing::taxCents(prepared.subtotalCents, settings.taxRateBasisPoints);
    prepared.deliveryFeeCents = request.kind == u"delivery" ? settings.deliveryFeeCents : 0;
    prepared.totalCents = prepared.subtotalCents + prepared.taxCents + prepared.deliveryFeeCents;

    auto open = Sql::exec(db,
                          QStringLiteral("SELECT count(*) FROM orders WHERE restaurant_id = ?"
                                         " AND status IN ('received', 'preparing')"),
                          {restaurantId});
    if (!open || !open->next()) {
        return unexpected(open ? Error::internal(QStringLiteral("no open order count")) : open.error());
    }
    prepared.queueMinutes = OrderPricing::queueMinutes(open->value(0).toInt());

    // Now and then, forget declines nobody will retry any more (kept 48 hours).
    if (QRandomGenerator::global()->bounded(32) == 0) {
        if (auto pruned = Sql::exec(
                db, QStringLiteral("DELETE FROM order_attempts WHERE created_at < now() - interval '48 hours'"));
            !pruned) {
            return unexpected(pruned.error());
        }
    }
    return prepared;
}

// The order, its lines, payment, delivery and kitchen tickets, and its event,
// inside the caller's transaction. A concurrent request with the same key that
// committed first wins: its order is the answer (replayed).
Result<OrderWriter::Written> OrderWriter::write(QSqlDatabase& db,
                                                qint64 restaurantId,
                                                const OrderRequest& request,
                                                const Prepared& prepared,
                                                const std::optional<PaymentProvider::Charge>& charge,
                                                const QString& providerName)
{
    auto code = freshCode(db, restaurantId);
    if (!code) {
        return unexpected(code.error());
    }
    const int etaMinutes = prepared.prepMinutes + prepared.queueMinutes + prepared.travelMinutes;
    // ON CONFLICT waits for a concurrent insert of the same key and then does
    // nothing: exactly one order per key, however many retries race.
    auto inserted = Sql::exec(
        db,
        QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, source, token, code, idempotency_key,"
                       " idempotency_hash, customer_name, customer_phone, subtotal_cents, tax_cents,"
                       " delivery_fee_cents, total_cents, eta)"
                       " VALUES (?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now() + make_interval(mins => ?))"
                       " ON CONFLICT (restaurant_id, idempotency_key) DO NOTHING RETURNING id"),
        {restaurantId,
         request.kind,
         request.source,
         TokenGenerator::token(),
         *code,
         request.idempotencyKey,
         prepared.fingerprint,
         request.customerName.trimmed(),
         nullableText(request.customerPhone.trimmed()),
         prepared.subtotalCents,
         prepared.taxCents,
         prepared.deliveryFeeCents,
         prepared.totalCents,
         etaMinutes});
    if (!inserted) {
        return unexpected(inserted.error());
    }
    if (!inserted->next()) {
        // Read committed: this statement sees the order the winner committed.
        auto winner = Sql::exec(db,
                                QStringLiteral("SELECT id, coalesce(idempotency_hash, '') FROM orders"
                                               " WHERE restaurant_id = ? AND idempotency_key = ?"),
                                {restaurantId, request.idempotencyKey});
        if (!winner) {
            return unexpected(winner.error());
        }
        if (!winner->next()) {
            return unexpected(Error::internal(QStringLiteral("an order key clashed with no order")));
        }
        if (winner->value(1).toString() != prepared.fingerprint) {
            return unexpected(OrderWriter::keyReused());
        }
        auto order = OrderRecords::loadOne(db, restaurantId, QStringLiteral("id"), winner->value(0));
        if (!order) {
            return unexpected(order.error());
        }
        return Written{*order, true};
    }
    const qint64 orderId = inserted->value(0).toLongLong();

    QJsonArray items;
    for (const OrderLine& line : prepared.lines) {
        items.append(QJsonObject{{QStringLiteral("i"), qint64(items.size())},
                                 {QStringLiteral("item"), line.menuItemId},
                                 {QStringLiteral("name"), line.name},
                                 {QStringLiteral("quantity"), line.quantity},
                                 {QStringLiteral("price"), line.unitPriceCents},
                                 {QStringLiteral("note"), line.note},
                                 {QStringLiteral("modifiers"), line.modifiers}});
    }
    if (auto written = Sql::exec(db,
                                 QStringLiteral("INSERT INTO order_items (restaurant_id, order_id, menu_item_id, name,"
                                                " quantity, unit_price_cents, note, modifiers)"
                                                " SELECT ?, ?, x.item, x.name, x.quantity, x.price, x.note, x.modifiers"
                                                " FROM jsonb_to_recordset(?::jsonb) AS x(i int, item bigint, name text,"
                                                " quantity int, price int, note text, modifiers jsonb) ORDER BY x.i"),
                                 {restaurantId, orderId, jsonText(items)});
        !written) {
        return unexpected(written.error());
    }

    const bool card = request.paymentMethod == u"card";
    if (auto paid = Sql::exec(db,
                              QStringLiteral("INSERT INTO payments (restaurant_id, order_id, method, provider,"
                                             " provider_ref, amount_cents, status, currency)"
                                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                              {restaurantId,
                               orderId,
                               request.paymentMethod,
                               nullableText(card ? providerName : QString()),
                               nullableText(charge ? charge->reference : QString()),
                               prepared.totalCents,
                               charge ? charge->status : QStringLiteral("pending"),
                               prepared.currency});
        !paid) {
        return unexpected(paid.error());
    }

    if (prepared.address) {
        const DeliveryAddress& a = *prepared.address;
        const QJsonObject address{{QStringLiteral("line1"), a.line1.trimmed()},
                                  {QStringLiteral("city"), a.city.trimmed()},
                                  {QStringLiteral("postcode"), a.postcode.trimmed()}};
        if (auto delivery =
                Sql::exec(db,
                          QStringLiteral("INSERT INTO deliveries (restaurant_id, order_id, address, lat, lon)"
                                         " VALUES (?, ?, ?::jsonb, ?, ?)"),
                          {restaurantId,
                           orderId,
                           jsonText(address),
                           a.latitude ? QVariant(*a.latitude) : QVariant(QMetaType::fromType<double>()),
                           a.longitude ? QVariant(*a.longitude) : QVariant(QMetaType::fromType<double>())});
            !delivery) {
            return unexpected(delivery.error());
        }
    }

    if (auto routed = KitchenService::routeOrder(db, orderId); !routed) {
        return unexpected(routed.error());
    }
    if (auto appended = EventLog::append(db,
                                         restaurantId,
                                         QStringLiteral("order.created"),
                                         {{QStringLiteral("order_id"), orderId},
                                          {QStringLiteral("kind"), request.kind},
                                          {QStringLiteral("source"), request.source},
                                          {QStringLiteral("items"), qint64(prepared.lines.size())},
                                          {QStringLiteral("total_cents"), prepared.totalCents},
                                          {QStringLiteral("payment"), request.paymentMethod}});
        !appended) {
        return unexpected(appended.error());
    }
    auto order = OrderRecords::loadOne(db, restaurantId, QStringLiteral("id"), orderId);
    if (!order) {
        return unexpected(order.error());
    }
    return Written{*order, false};
}
