#include "orderjson.h"

#include "dinerjson.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>

using nlohmann::json;

namespace
{

std::string text(const QString& s)
{
    return s.toStdString();
}

QString fromJson(const json& value)
{
    return QString::fromStdString(value.get<std::string>());
}

Error wrongType(const QString& field, const char* expected)
{
    return Error::invalid(field,
                          QCoreApplication::translate("OrderJson", "%1 must be %2.")
                              .arg(field, QCoreApplication::translate("OrderJson", expected)));
}

const char* const A_TEXT = QT_TRANSLATE_NOOP("OrderJson", "a text");
const char* const A_WHOLE_NUMBER = QT_TRANSLATE_NOOP("OrderJson", "a whole number");
const char* const AN_OBJECT = QT_TRANSLATE_NOOP("OrderJson", "an object");
const char* const A_LIST = QT_TRANSLATE_NOOP("OrderJson", "a list");

bool present(const json& object, const char* key)
{
    return object.contains(key) && !object[key].is_null();
}

// An optional text member: absent or null is empty.
Result<QString> optionalText(const json& object, const char* key, const QString& field)
{
    if (!present(object, key)) {
        return QString();
    }
    if (!object[key].is_string()) {
        return unexpected(wrongType(field, A_TEXT));
    }
    return fromJson(object[key]);
}

Result<QString> requiredText(const json& object, const char* key, const QString& field)
{
    if (!present(object, key) || !object[key].is_string()) {
        return unexpected(wrongType(field, A_TEXT));
    }
    return fromJson(object[key]);
}

// Whole numbers only, clamped so an absurd one is refused by validation, not wrapped.
Result<qint64> wholeNumber(const json& object, const char* key, const QString& field)
{
    if (!present(object, key) || !object[key].is_number_integer()) {
        return unexpected(wrongType(field, A_WHOLE_NUMBER));
    }
    if (object[key].is_number_unsigned()) {
        return std::min<quint64>(object[key].get<quint64>(), quint64(std::numeric_limits<qint64>::max()));
    }
    return object[key].get<qint64>();
}

json nullable(const QString& s)
{
    return s.isEmpty() ? json(nullptr) : json(text(s));
}

} // namespace

json OrderJson::order(const Order& o)
{
    // {"token", "code", "kind", "status", "source", "customer": {"name", "phone"},
    //  "address": null | {"line1", "city", "postcode", "latitude", "longitude"},
    //  "items": [{"menu_item_id", "name", "quantity", "note", "modifiers",
    //             "unit_price_cents", "line_total_cents"}],
    //  "subtotal_cents", "tax_cents", "delivery_fee_cents", "total_cents",
    //  "payment": {"method", "status"}, "eta", "created_at", "updated_at", "cancel_reason"}
    json items = json::array();
    for (const OrderLine& line : o.items) {
        items.push_back(
            {{"menu_item_id", line.menuItemId},
             {"name", text(line.name)},
             {"quantity", line.quantity},
             {"note", text(line.note)},
             {"modifiers", json::parse(QJsonDocument(line.modifiers).toJson(QJsonDocument::Compact).toStdString())},
             {"unit_price_cents", line.unitPriceCents},
             {"line_total_cents", line.lineTotalCents()}});
    }
    json address = nullptr;
    if (o.address) {
        address = {{"line1", text(o.address->line1)},
                   {"city", text(o.address->city)},
                   {"postcode", text(o.address->postcode)},
                   {"latitude", o.address->latitude ? json(*o.address->latitude) : json(nullptr)},
                   {"longitude", o.address->longitude ? json(*o.address->longitude) : json(nullptr)}};
    }
    return {{"token", text(o.token)},
            {"code", text(o.code)},
            {"kind", text(o.kind)},
            {"status", text(OrderStatusRules::toString(o.status))},
            {"source", text(o.source)},
            {"customer", {{"name", text(o.customerName)}, {"phone", nullable(o.customerPhone)}}},
            {"address", address},
            {"items", items},
            {"subtotal_cents", o.subtotalCents},
            {"tax_cents", o.taxCents},
            {"delivery_fee_cents", o.deliveryFeeCents},
            {"total_cents", o.totalCents},
            {"payment", {{"method", nullable(o.paymentMethod)}, {"status", nullable(o.paymentStatus)}}},
            {"eta", DinerJson::time(o.eta)},
            {"created_at", DinerJson::time(o.createdAt)},
            {"updated_at", DinerJson::time(o.updatedAt)},
            {"cancel_reason", nullable(o.cancelReason)}};
}

Result<OrderRequest> OrderJson::orderRequest(const QByteArray& body)
{
    const json doc = json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return unexpected(Error{Error::Kind::Internal,
                                QCoreApplication::translate("OrderJson", "The request body is not a JSON object."),
                                QStringLiteral("body")});
    }
    OrderRequest request;
    auto kind = requiredText(doc, "kind", QStringLiteral("kind"));
    if (!kind) {
        return unexpected(kind.error());
    }
    request.kind = *kind;

    if (!present(doc, "customer") || !doc["customer"].is_object()) {
        return unexpected(wrongType(QStringLiteral("customer"), AN_OBJECT));
    }
    const json& customer = doc["customer"];
    auto name = requiredText(customer, "name", QStringLiteral("customer.name"));
    if (!name) {
        return unexpected(name.error());
    }
    request.customerName = *name;
    auto phone = optionalText(customer, "phone", QStringLiteral("customer.phone"));
    if (!phone) {
        return unexpected(phone.error());
    }
    request.customerPhone = *phone;

    if (present(doc, "address")) {
        if (!doc["address"].is_object()) {
            return unexpected(wrongType(QStringLiteral("address"), AN_OBJECT));
        }
        const json& a = doc["address"];
        DeliveryAddress address;
        for (const auto& [key, target] : {std::pair{"line1", &address.line1},
                                          std::pair{"city", &address.city},
                                          std::pair{"postcode", &address.postcode}}) {
            auto value = optionalText(a, key, QStringLiteral("address.") + QLatin1String(key));
            if (!value) {
                return unexpected(value.error());
            }
            *target = *value;
        }
        request.address = address;
    }

    if (!present(doc, "items") || !doc["items"].is_array()) {
        return unexpected(wrongType(QStringLiteral("items"), A_LIST));
    }
    const json& items = doc["items"];
    for (size_t i = 0; i < items.size(); ++i) {
        const json& item = items[i];
        const QString prefix = QStringLiteral("items[%1].").arg(i);
        if (!item.is_object()) {
            return unexpected(wrongType(QStringLiteral("items[%1]").arg(i), AN_OBJECT));
        }
        OrderRequest::Line line;
        auto id = wholeNumber(item, "menu_item_id", prefix + QStringLiteral("menu_item_id"));
        if (!id) {
            return unexpected(id.error());
        }
        line.menuItemId = *id;
        auto quantity = wholeNumber(item, "quantity", prefix + QStringLiteral("quantity"));
        if (!quantity) {
            return unexpected(quantity.error());
        }
        line.quantity = int(std::clamp<qint64>(*quantity, -1, 1000));
        auto note = optionalText(item, "note", prefix + QStringLiteral("note"));
        if (!note) {
            return unexpected(note.error());
        }
        line.note = *note;
        if (present(item, "modifiers")) {
            if (!item["modifiers"].is_array()) {
                return unexpected(wrongType(prefix + QStringLiteral("modifiers"), A_LIST));
            }
            const std::string raw = item["modifiers"].dump();
            line.modifiers = QJsonDocument::fromJson(QByteArray(raw.data(), qsizetype(raw.size()))).array();
        }
        request.items.append(line);
    }

    if (present(doc, "payment")) {
        if (!doc["payment"].is_object()) {
            return unexpected(wrongType(QStringLiteral("payment"), AN_OBJECT));
        }
        const json& payment = doc["payment"];
        auto method = requiredText(payment, "method", QStringLiteral("payment.method"));
        if (!method) {
            return unexpected(method.error());
        }
        request.paymentMethod = *method;
        auto token = optionalText(payment, "token", QStringLiteral("payment.token"));
        if (!token) {
            return unexpected(token.error());
        }
        request.paymentToken = *token;
    }
    request.fingerprint = QCryptographicHash::hash(body, QCryptographicHash::Sha256);
    return request;
}
