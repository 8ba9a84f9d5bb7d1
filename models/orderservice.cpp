#include "orderservice.h"

#include "auditlog.h"
#include "geocoder.h"
#include "kitchenservice.h"
#include "orderpricing.h"
#include "orderrecords.h"
#include "orderwriter.h"
#include "paymentprovider.h"
#include "store/eventlog.h"
#include "store/sql.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QRegularExpression>

namespace
{

constexpr int MAX_IDEMPOTENCY_KEY = 200;
constexpr int MAX_ADDRESS_FIELD = 200;
constexpr int MAX_MODIFIERS = 20;
constexpr int MAX_MODIFIER_LENGTH = 80;
constexpr int MAX_REASON_LENGTH = 500;

template <typename T>
QFuture<Result<T>> failed(Error error)
{
    return QtFuture::makeReadyValueFuture(Result<T>(unexpected(std::move(error))));
}

// Calls `next` with the future's result on whichever thread finishes it; a
// cancelled future (a provider shut down mid-call) counts as unavailable.
template <typename T, typename F>
void whenReady(QFuture<Result<T>> future, F next)
{
    auto shared = std::make_shared<F>(std::move(next));
    future.then(QtFuture::Launch::Sync, [shared](const Result<T>& result) { (*shared)(result); }).onCanceled([shared] {
        (*shared)(Result<T>(unexpected(Error::unavailable(
            QCoreApplication::translate("OrderService", "The request was cancelled; please try again.")))));
    });
}

// Text a person typed: no control characters (PostgreSQL cannot store NUL).
bool printable(const QString& text, bool multiLine)
{
    return std::none_of(text.cbegin(), text.cend(), [multiLine](QChar c) {
        return c.category() == QChar::Other_Control && !(multiLine && (c == u'\n' || c == u'\t'));
    });
}

// What identifies a request for Idempotency-Key checks: the controller's hash of
// the raw body, or (for callers without one) a hash of the request's fields.
QString fingerprintOf(const OrderRequest& request)
{
    if (!request.fingerprint.isEmpty()) {
        return QString::fromLatin1(request.fingerprint.toHex());
    }
    QJsonArray items;
    for (const OrderRequest::Line& line : request.items) {
        items.append(QJsonArray{line.menuItemId, line.quantity, line.note, line.modifiers});
    }
    QJsonArray address;
    if (request.address) {
        address = {request.address->line1, request.address->city, request.address->postcode};
    }
    const QJsonArray canonical{request.kind,
                               request.source,
                               request.customerName,
                               request.customerPhone,
                               address,
                               items,
                               request.paymentMethod,
                               request.paymentToken};
    return QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(canonical).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256)
            .toHex());
}

// The provider's own idempotency keys: a retry of one order never charges
// (or refunds) twice, and restaurants sharing a provider account never clash.
QString chargeKey(qint64 restaurantId, const QString& idempotencyKey)
{
    return QStringLiteral("maitre-order-%1-%2").arg(restaurantId).arg(idempotencyKey);
}

QString refundKey(qint64 restaurantId, const QString& what)
{
    return QStringLiteral("maitre-refund-%1-%2").arg(restaurantId).arg(what);
}

// ---- staff moves ----------------------------------------------------------

struct LockedOrder
{
    qint64 id = 0;
    qint64 partyId = 0;
    QString kind;
    QString code;
    OrderStatus status = OrderStatus::Received;
    bool delivery = false;
};

Result<LockedOrder> lockOrder(QSqlDatabase& db, qint64 restaurantId, qint64 orderId, bool forUpdate)
{
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT o.id, coalesce(o.party_id, 0), o.kind, o.code, o.status,"
                                          " EXISTS (SELECT 1 FROM deliveries d WHERE d.order_id = o.id)"
                                          " FROM orders o WHERE o.restaurant_id = ? AND o.id = ?")
                               + (forUpdate ? QStringLiteral(" FOR UPDATE OF o") : QString()),
                           {restaurantId, orderId});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(Error::notFound(OrderService::tr("There is no such order.")));
    }
    LockedOrder order;
    order.id = query->value(0).toLongLong();
    order.partyId = query->value(1).toLongLong();
    order.kind = query->value(2).toString();
    order.code = query->value(3).toString();
    order.status = OrderStatusRules::fromString(query->value(4).toString()).value_or(OrderStatus::Received);
    order.delivery = query->value(5).toBool();
    return order;
}

// The kitchen's own rules agree: only a delivery goes out for delivery, and an
// order the kitchen is still cooking is made ready by bumping its tickets.
VoidResult checkMove(QSqlDatabase& db, const LockedOrder& order, OrderStatus to)
{
    if (auto moved = OrderStatusRules::transition(order.status, to); !moved) {
        return unexpected(moved.error());
    }
    if (to == OrderStatus::OutForDelivery && !order.delivery) {
        return unexpected(Error::conflict(OrderService::tr("Order %1 is not a delivery.").arg(order.code)));
    }
    if (to == OrderStatus::Ready) {
        auto open = Sql::exec(db,
                              QStringLiteral("SELECT count(*) FROM tickets WHERE order_id = ? AND kind = 'station'"
                                             " AND status = 'open'"),
                              {order.id});
        if (!open || !open->next()) {
            return unexpected(open ? Error::internal(QStringLiteral("no ticket count")) : open.error());
        }
        if (open->value(0).toInt() > 0) {
            return unexpected(Error::conflict(
                OrderService::tr("The kitchen is still working on order %1; it is ready once its tickets are bumped.")
                    .arg(order.code)));
        }
    }
    return {};
}

VoidResult recordMove(QSqlDatabase& db,
                      qint64 restaurantId,
                      const Actor& actor,
                      const LockedOrder& order,
                      OrderStatus to,
                      QJsonObject details)
{
    const QString status = OrderStatusRules::toString(to);
    details.insert(QStringLiteral("order_id"), order.id);
    details.insert(QStringLiteral("code"), order.code);
    details.insert(QStringLiteral("from"), OrderStatusRules::toString(order.status));
    if (auto audited = AuditLog::record(db, restaurantId, actor, QStringLiteral("order.") + status, details);
        !audited) {
        return audited;
    }
    // Named like the kitchen's status events (order.ready, order.cancelled, …).
    QJsonObject payload{{QStringLiteral("order_id"), order.id},
                        {QStringLiteral("kind"), order.kind},
                        {QStringLiteral("from"), OrderStatusRules::toString(order.status)},
                        {QStringLiteral("to"), status},
                        {QStringLiteral("reason"), QStringLiteral("staff")}};
    if (order.partyId > 0) {
        payload.insert(QStringLiteral("party_id"), order.partyId);
    }
    auto appended = EventLog::append(db, restaurantId, QStringLiteral("order.") + status, payload);
    if (!appended) {
        return unexpected(appended.error());
    }
    return {};
}

struct RefundDue
{
    qint64 paymentId = 0;
    QString reference;
    int amountCents = 0;
};

} // namespace

struct OrderService::Shared
{
    Shared(Store& s, PaymentProvider& p, Geocoder& g)
        : store(s)
        , payments(p)
        , geocoder(g)
    { }

    Store& store;
    PaymentProvider& payments;
    Geocoder& geocoder;
};

OrderService::OrderService(Store& store, PaymentProvider& payments, Geocoder& geocoder, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_shared(std::make_shared<Shared>(store, payments, geocoder))
{ }

OrderService::~OrderService() = default;

VoidResult OrderService::validate(const OrderRequest& request)
{
    const QString key = request.idempotencyKey.trimmed();
    if (key.isEmpty()) {
        return unexpected(
            Error::invalid(QStringLiteral("Idempotency-Key"),
                           tr("Send an Idempotency-Key header, so a retried order is never made twice.")));
    }
    if (key.size() > MAX_IDEMPOTENCY_KEY || !printable(key, false)) {
        return unexpected(Error::invalid(
            QStringLiteral("Idempotency-Key"),
            tr("The Idempotency-Key must be printable and at most %1 characters.").arg(MAX_IDEMPOTENCY_KEY)));
    }
    static const QStringList kinds{
        QStringLiteral("takeout"), QStringLiteral("delivery"), QStringLiteral("dine_in"), QStringLiteral("voice")};
    if (!kinds.contains(request.kind)) {
        return unexpected(Error::invalid(QStringLiteral("kind"),
                                         tr("The kind of order must be takeout, delivery, dine_in or voice.")));
    }
    static const QStringList sources{QStringLiteral("web"), QStringLiteral("voice"), QStringLiteral("counter")};
    if (!sources.contains(request.source)) {
        return unexpected(Error::invalid(QStringLiteral("source"), tr("An order comes from web, voice or counter.")));
    }
    const QString name = request.customerName.trimmed();
    if (name.isEmpty()) {
        return unexpected(Error::invalid(QStringLiteral("customer.name"), tr("Please tell us a name for the order.")));
    }
    if (name.size() > MAX_NAME_LENGTH) {
        return unexpected(Error::invalid(QStringLiteral("customer.name"),
                                         tr("The name is too long (at most %1 characters).").arg(MAX_NAME_LENGTH)));
    }
    if (!printable(name, false)) {
        return unexpected(
            Error::invalid(QStringLiteral("customer.name"), tr("The name contains characters we cannot show.")));
    }
    static const QRegularExpression phonePattern(QStringLiteral("^\\+?[0-9 ()./-]{6,25}$"));
    const QString phone = request.customerPhone.trimmed();
    if (phone.isEmpty() && request.kind == u"delivery") {
        return unexpected(Error::invalid(QStringLiteral("customer.phone"),
                                         tr("Please give a phone number, so the driver can call you.")));
    }
    if (!phone.isEmpty() && !phonePattern.match(phone).hasMatch()) {
        return unexpected(
            Error::invalid(QStringLiteral("customer.phone"), tr("That does not look like a phone number.")));
    }
    if (request.kind == u"delivery") {
        if (!request.address) {
            return unexpected(
                Error::invalid(QStringLiteral("address"), tr("Please tell us where to deliver the order.")));
        }
        const DeliveryAddress& a = *request.address;
        for (const auto& [field, text, required] :
             {std::tuple{QStringLiteral("address.line1"), a.line1, true},
              std::tuple{QStringLiteral("address.city"), a.city, true},
              std::tuple{QStringLiteral("address.postcode"), a.postcode, false}}) {
            if (required && text.trimmed().isEmpty()) {
                return unexpected(Error::invalid(field, tr("Please fill in the street and the city.")));
            }
            if (text.size() > MAX_ADDRESS_FIELD || !printable(text, false)) {
                return unexpected(
                    Error::invalid(field,
                                   tr("Each line of the address must be printable and at most %1 characters.")
                                       .arg(MAX_ADDRESS_FIELD)));
            }
        }
    }
    if (request.items.isEmpty()) {
        return unexpected(Error::invalid(QStringLiteral("items"), tr("An order needs at least one dish.")));
    }
    if (request.items.size() > MAX_ITEMS) {
        return unexpected(Error::invalid(QStringLiteral("items"), tr("An order has at most %1 lines.").arg(MAX_ITEMS)));
    }
    for (qsizetype i = 0; i < request.items.size(); ++i) {
        const OrderRequest::Line& line = request.items.at(i);
        const QString prefix = QStringLiteral("items[%1].").arg(i);
        if (line.menuItemId <= 0) {
            return unexpected(
                Error::invalid(prefix + QStringLiteral("menu_item_id"), tr("Choose a dish from the menu.")));
        }
        if (line.quantity < 1 || line.quantity > MAX_QUANTITY) {
            return unexpected(Error::invalid(prefix + QStringLiteral("quantity"),
                                             tr("Quantity must be from 1 to %1.").arg(MAX_QUANTITY)));
        }
        if (line.note.size() > MAX_NOTE_LENGTH) {
            return unexpected(Error::invalid(prefix + QStringLiteral("note"),
                                             tr("Notes are limited to %1 characters.").arg(MAX_NOTE_LENGTH)));
        }
        if (!printable(line.note, true)) {
            return unexpected(
                Error::invalid(prefix + QStringLiteral("note"), tr("The note contains characters we cannot show.")));
        }
        if (line.modifiers.size() > MAX_MODIFIERS) {
            return unexpected(Error::invalid(prefix + QStringLiteral("modifiers"),
                                             tr("A dish has at most %1 modifiers.").arg(MAX_MODIFIERS)));
        }
        for (const QJsonValue& modifier : line.modifiers) {
            if (!modifier.isString() || modifier.toString().size() > MAX_MODIFIER_LENGTH
                || !printable(modifier.toString(), false)) {
                return unexpected(Error::invalid(
                    prefix + QStringLiteral("modifiers"),
                    tr("Each modifier must be a text of at most %1 characters.").arg(MAX_MODIFIER_LENGTH)));
            }
        }
    }
    if (request.paymentMethod != u"card" && request.paymentMethod != u"counter") {
        return unexpected(
            Error::invalid(QStringLiteral("payment.method"), tr("Pay by card, or at the counter when you collect.")));
    }
    if (request.paymentMethod == u"card" && request.paymentToken.trimmed().isEmpty()) {
        return unexpected(Error::invalid(QStringLiteral("payment.token"), tr("The card details are missing.")));
    }
    if (request.paymentToken.size() > 500 || !printable(request.paymentToken, false)) {
        return unexpected(Error::invalid(QStringLiteral("payment.token"), tr("The card details are not valid.")));
    }
    return {};
}

QFuture<Result<Order>> OrderService::create(qint64 restaurantId, const OrderRequest& original)
{
    if (auto valid = validate(original); !valid) {
        return failed<Order>(valid.error());
    }
    OrderRequest request = original;
    request.idempotencyKey = original.idempotencyKey.trimmed();
    const QString fingerprint = fingerprintOf(request);

    auto promise = std::make_shared<QPromise<Result<Order>>>();
    QFuture<Result<Order>> future = promise->future();
    promise->start();
    const auto answer = [promise](Result<Order> result) {
        promise->addResult(std::move(result));
        promise->finish();
    };
    std::shared_ptr<Shared> shared = m_shared;

    // 4. Write; if that fails after the card was charged, give the money back.
    const auto write = [shared, restaurantId, request, answer](OrderWriter::Prepared prepared,
                                                               std::optional<PaymentProvider::Charge> charge) {
        const QString providerName = shared->payments.name();
        whenReady(
            shared->store.transact<OrderWriter::Written>(
                [restaurantId, request, prepared, charge, providerName](QSqlDatabase& db) {
                    return OrderWriter::write(db, restaurantId, request, prepared, charge, providerName);
                }),
            [shared, restaurantId, request, charge, answer](const Result<OrderWriter::Written>& written) {
                if (written) {
                    // A winner with the same key paid with this very charge (same provider key): keep it.
                    answer(written->order);
                    return;
                }
                // Refused because the winner of a race had another body: the charge
                // (same provider key) is the winner's, not this request's to refund.
                const bool winnersCharge =
                    written.error().kind == Error::Kind::Invalid && written.error().field == u"Idempotency-Key";
                if (charge && !winnersCharge) {
                    whenReady(
                        shared->payments.refund(charge->reference, refundKey(restaurantId, request.idempotencyKey)),
                        [answer, error = written.error()](const VoidResult&) { answer(unexpected(error)); });
                    return;
                }
                answer(unexpected(written.error()));
            });
    };

    // 3. Pay by card (a decline is remembered for retries), or at the counter.
    const auto pay = [shared, restaurantId, request, write, answer](OrderWriter::Prepared prepared) {
        if (request.paymentMethod != u"card") {
            write(std::move(prepared), std::nullopt);
            return;
        }
        const QString description =
            QCoreApplication::translate("OrderService", "Order at %1").arg(prepared.restaurantName);
        whenReady(
            shared->payments.charge(prepared.totalCents,
                                    prepared.currency,
                                    request.paymentToken,
                                    chargeKey(restaurantId, request.idempotencyKey),
                                    description),
            [shared, restaurantId, request, prepared, write, answer](const Result<PaymentProvider::Charge>& charge) {
                if (charge) {
                    write(prepared, *charge);
                    return;
                }
                if (charge.error().kind != Error::Kind::Declined) {
                    answer(unexpected(charge.error())); // a timeout: nothing kept, safe to retry
                    return;
                }
                const Error declined = charge.error();
                whenReady(shared->store.run<bool>([restaurantId, request, prepared, declined](
                                                      QSqlDatabase& db) -> Result<bool> {
                    auto kept =
                        Sql::exec(db,
                                  QStringLiteral("INSERT INTO order_attempts (restaurant_id, idempotency_key,"
                                                 " fingerprint, outcome, detail) VALUES (?, ?, ?, 'declined', ?)"
                                                 " ON CONFLICT (restaurant_id, idempotency_key) DO NOTHING"),
                                  {restaurantId, request.idempotencyKey, prepared.fingerprint, declined.message});
                    if (!kept) {
                        return unexpected(kept.error());
                    }
                    return true;
                }),
                          [answer, declined](const Result<bool>&) { answer(unexpected(declined)); });
            });
    };

    // 2. Find a delivery's address and check it is in the zone.
    const auto locate = [shared, request, pay, answer](OrderWriter::Prepared prepared) {
        if (request.kind != u"delivery") {
            pay(std::move(prepared));
            return;
        }
        whenReady(shared->geocoder.geocode(*request.address),
                  [prepared, pay, answer, request](const Result<Geocoder::Place>& place) mutable {
                      if (!place) {
                          Error error = place.error();
                          if (error.kind == Error::Kind::Invalid || error.kind == Error::Kind::NotFound) {
                              error = Error::invalid(QStringLiteral("address"),
                                                     error.message.isEmpty() ? tr("We could not find that address.")
                                                                             : error.message);
                          }
                          answer(unexpected(error));
                          return;
                      }
                      const double meters = OrderPricing::distanceMeters(
                          *prepared.latitude, *prepared.longitude, place->latitude, place->longitude);
                      if (meters > prepared.radiusMeters) {
                          answer(unexpected(Error::invalid(
                              QStringLiteral("address"),
                              tr("That address is %1 km away; we deliver up to %2 km from the restaurant.")
                                  .arg(meters / 1000.0, 0, 'f', 1)
                                  .arg(prepared.radiusMeters / 1000.0, 0, 'f', 1))));
                          return;
                      }
                      DeliveryAddress address = *request.address;
                      address.latitude = place->latitude;
                      address.longitude = place->longitude;
                      prepared.address = address;
                      prepared.travelMinutes = OrderPricing::travelMinutes(meters);
                      pay(std::move(prepared));
                  });
    };

    // 1. A retry answers from the first outcome; otherwise price the order.
    whenReady(m_store.run<OrderWriter::Prepared>([restaurantId, request, fingerprint](QSqlDatabase& db) {
        return OrderWriter::prepare(db, restaurantId, request, fingerprint);
    }),
              [locate, answer](const Result<OrderWriter::Prepared>& prepared) {
                  if (!prepared) {
                      answer(unexpected(prepared.error()));
                  } else if (prepared->replay) {
                      answer(*prepared->replay);
                  } else {
                      locate(*prepared);
                  }
              });
    return future;
}

QFuture<Result<Order>> OrderService::orderByToken(qint64 restaurantId, const QString& token)
{
    return m_store.run<Order>([restaurantId, token](QSqlDatabase& db) {
        return OrderRecords::loadOne(db, restaurantId, QStringLiteral("token"), token);
    });
}

QFuture<Result<Order>> OrderService::order(qint64 restaurantId, qint64 orderId)
{
    return m_store.run<Order>([restaurantId, orderId](QSqlDatabase& db) {
        return OrderRecords::loadOne(db, restaurantId, QStringLiteral("id"), orderId);
    });
}

QFuture<Result<QList<Order>>> OrderService::ordersOn(qint64 restaurantId, const QDate& day)
{
    if (!day.isValid()) {
        return failed<QList<Order>>(Error::invalid(QStringLiteral("day"), tr("Choose a day.")));
    }
    return m_store.run<QList<Order>>([restaurantId, day](QSqlDatabase& db) {
        return OrderRecords::load(
            db,
            QStringLiteral("o.restaurant_id = ? AND (o.created_at AT TIME ZONE"
                           " (SELECT timezone FROM restaurants WHERE id = o.restaurant_id))::date = ?::date"),
            {restaurantId, day.toString(Qt::ISODate)});
    });
}

QFuture<Result<Order>> OrderService::advance(qint64 restaurantId, const Actor& actor, qint64 orderId, OrderStatus to)
{
    if (!actor.can(Permission::SeatAndNotify) && !actor.can(Permission::Bump)) {
        return failed<Order>(actor.require(Permission::SeatAndNotify).error());
    }
    if (to == OrderStatus::Cancelled) {
        return failed<Order>(
            Error::invalid(QStringLiteral("status"), tr("Cancel an order with a reason, through cancel.")));
    }
    return m_store.transact<Order>([restaurantId, actor, orderId, to](QSqlDatabase& db) -> Result<Order> {
        auto order = lockOrder(db, restaurantId, orderId, true);
        if (!order) {
            return unexpected(order.error());
        }
        if (auto allowed = checkMove(db, *order, to); !allowed) {
            return unexpected(allowed.error());
        }
        if (auto updated = Sql::exec(db,
                                     QStringLiteral("UPDATE orders SET status = ?, updated_at = now(),"
                                                    " fire_at = CASE WHEN ? = 'received' THEN now() ELSE fire_at END"
                                                    " WHERE id = ?"),
                                     {OrderStatusRules::toString(to), OrderStatusRules::toString(to), orderId});
            !updated) {
            return unexpected(updated.error());
        }
        if (to == OrderStatus::OutForDelivery || to == OrderStatus::Delivered) {
            const QString column =
                to == OrderStatus::Delivered ? QStringLiteral("delivered_at") : QStringLiteral("out_at");
            if (auto moved = Sql::exec(
                    db,
                    QStringLiteral("UPDATE deliveries SET status = ?, %1 = now() WHERE order_id = ?").arg(column),
                    {OrderStatusRules::toString(to), orderId});
                !moved) {
                return unexpected(moved.error());
            }
        }
        // A held pre-order fired by hand goes to the kitchen like one fired on time.
        if (to == OrderStatus::Received) {
            if (auto routed = KitchenService::routeOrder(db, orderId); !routed) {
                return unexpected(routed.error());
            }
        }
        if (auto recorded = recordMove(db, restaurantId, actor, *order, to, {}); !recorded) {
            return unexpected(recorded.error());
        }
        return OrderRecords::loadOne(db, restaurantId, QStringLiteral("id"), orderId);
    });
}

QFuture<Result<Order>>
OrderService::cancel(qint64 restaurantId, const Actor& actor, qint64 orderId, const QString& givenReason)
{
    if (auto allowed = actor.require(Permission::CancelOrders); !allowed) {
        return failed<Order>(allowed.error());
    }
    const QString reason = givenReason.trimmed();
    if (reason.isEmpty()) {
        return failed<Order>(Error::invalid(QStringLiteral("reason"), tr("Say why the order is cancelled.")));
    }
    if (reason.size() > MAX_REASON_LENGTH || !printable(reason, true)) {
        return failed<Order>(
            Error::invalid(QStringLiteral("reason"),
                           tr("The reason must be printable and at most %1 characters.").arg(MAX_REASON_LENGTH)));
    }

    auto promise = std::make_shared<QPromise<Result<Order>>>();
    QFuture<Result<Order>> future = promise->future();
    promise->start();
    const auto answer = [promise](Result<Order> result) {
        promise->addResult(std::move(result));
        promise->finish();
    };
    std::shared_ptr<Shared> shared = m_shared;

    // 3. Cancel, marking the refunded payment, in one transaction.
    const auto commit = [shared, restaurantId, actor, orderId, reason, answer](std::optional<RefundDue> refunded) {
        whenReady(shared->store.transact<Order>([restaurantId, actor, orderId, reason, refunded](
                                                    QSqlDatabase& db) -> Result<Order> {
            auto order = lockOrder(db, restaurantId, orderId, true);
            if (!order) {
                return unexpected(order.error());
            }
            if (auto allowed = checkMove(db, *order, OrderStatus::Cancelled); !allowed) {
                return unexpected(allowed.error());
            }
            if (auto updated = Sql::exec(db,
                                         QStringLiteral("UPDATE orders SET status = 'cancelled', cancel_reason = ?,"
                                                        " updated_at = now() WHERE id = ?"),
                                         {reason, orderId});
                !updated) {
                return unexpected(updated.error());
            }
            if (auto delivery = Sql::exec(
                    db, QStringLiteral("UPDATE deliveries SET status = 'cancelled' WHERE order_id = ?"), {orderId});
                !delivery) {
                return unexpected(delivery.error());
            }
            QJsonObject details{{QStringLiteral("reason"), reason}};
            if (refunded) {
                if (auto marked = Sql::exec(db,
                                            QStringLiteral("UPDATE payments SET status = 'refunded',"
                                                           " refunded_at = now() WHERE id = ?"),
                                            {refunded->paymentId});
                    !marked) {
                    return unexpected(marked.error());
                }
                details.insert(QStringLiteral("refunded_cents"), refunded->amountCents);
            }
            if (auto recorded = recordMove(db, restaurantId, actor, *order, OrderStatus::Cancelled, details);
                !recorded) {
                return unexpected(recorded.error());
            }
            return OrderRecords::loadOne(db, restaurantId, QStringLiteral("id"), orderId);
        }),
                  answer);
    };

    // 1. May it be cancelled, and was it paid by card? 2. Refund first: a
    // refund that fails leaves the order as it was, to try again.
    whenReady(m_store.run<std::optional<RefundDue>>([restaurantId,
                                                     orderId](QSqlDatabase& db) -> Result<std::optional<RefundDue>> {
        auto order = lockOrder(db, restaurantId, orderId, false);
        if (!order) {
            return unexpected(order.error());
        }
        if (auto allowed = OrderStatusRules::transition(order->status, OrderStatus::Cancelled); !allowed) {
            return unexpected(allowed.error());
        }
        auto paid = Sql::exec(db,
                              QStringLiteral("SELECT id, provider_ref, amount_cents FROM payments"
                                             " WHERE order_id = ? AND method = 'card'"
                                             " AND status IN ('authorized', 'captured')"
                                             " AND provider_ref IS NOT NULL ORDER BY id DESC LIMIT 1"),
                              {orderId});
        if (!paid) {
            return unexpected(paid.error());
        }
        if (!paid->next()) {
            return std::optional<RefundDue>();
        }
        return std::optional<RefundDue>(
            RefundDue{paid->value(0).toLongLong(), paid->value(1).toString(), paid->value(2).toInt()});
    }),
              [shared, restaurantId, orderId, commit, answer](const Result<std::optional<RefundDue>>& due) {
                  if (!due) {
                      answer(unexpected(due.error()));
                      return;
                  }
                  if (!due->has_value()) {
                      commit(std::nullopt);
                      return;
                  }
                  const RefundDue refund = **due;
                  whenReady(shared->payments.refund(refund.reference,
                                                    refundKey(restaurantId, QStringLiteral("cancel-%1").arg(orderId))),
                            [commit, answer, refund](const VoidResult& refunded) {
                                if (!refunded) {
                                    answer(unexpected(refunded.error()));
                                    return;
                                }
                                commit(refund);
                            });
              });
    return future;
}
