#include "dinerjson.h"

#include <QCoreApplication>
#include <QCryptographicHash>

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
                          QCoreApplication::translate("DinerJson", "%1 must be %2.")
                              .arg(field, QCoreApplication::translate("DinerJson", expected)));
}

// Whole numbers only: 2.5 people or 1e3 dishes are refused, not rounded.
bool asInteger(const json& value, qint64& out)
{
    if (value.is_number_integer()) {
        out = value.get<qint64>();
        return true;
    }
    return false;
}

} // namespace

json DinerJson::time(const QDateTime& time)
{
    if (!time.isValid()) {
        return nullptr;
    }
    return text(time.toUTC().toString(Qt::ISODateWithMs));
}

json DinerJson::party(const Party& p)
{
    // {"token", "code", "name", "party_size", "status", "position", "parties_ahead",
    //  "quoted_minutes", "quote_range": {"low", "high"}, "joined_at", "notified_at",
    //  "seated_at", "hold_minutes", "hold_until", "tables": [...], "preorder": null | {...}}
    json out = {
        {"token", text(p.token)},
        {"code", text(p.code)},
        {"name", text(p.name)},
        {"party_size", p.size},
        {"status", text(PartyStatusRules::toString(p.status))},
        {"position", p.position > 0 ? json(p.position) : json(nullptr)},
        {"parties_ahead", p.position > 0 ? p.position - 1 : 0},
        {"quoted_minutes", p.isActive() ? p.quote.minutes : p.quotedMinutes},
        {"quote_range", {{"low", p.quote.low}, {"high", p.quote.high}}},
        {"joined_at", time(p.joinedAt)},
        {"notified_at", time(p.notifiedAt)},
        {"seated_at", time(p.seatedAt)},
        {"hold_minutes", p.holdMinutes},
        {"hold_until", p.status == PartyStatus::Notified ? time(p.holdUntil()) : json(nullptr)},
        {"tables", json::array()},
        {"preorder", nullptr},
    };
    for (const QString& label : p.tableLabels) {
        out["tables"].push_back(text(label));
    }
    if (p.preorder) {
        json items = json::array();
        for (const PreorderLine& line : p.preorder->lines) {
            items.push_back({{"menu_item_id", line.menuItemId},
                             {"name", text(line.name)},
                             {"quantity", line.quantity},
                             {"note", text(line.note)},
                             {"unit_price_cents", line.unitPriceCents},
                             {"line_total_cents", line.lineTotalCents()}});
        }
        out["preorder"] = {{"status", text(OrderStatusRules::toString(p.preorder->status))},
                           {"fire_at", time(p.preorder->fireAt)},
                           {"items", items},
                           {"subtotal_cents", p.preorder->subtotalCents()}};
    }
    return out;
}

json DinerJson::menu(const Menu& menu)
{
    // {"currency", "categories": [{"id", "name", "items": [{"id", "name", "description",
    //  "price_cents", "prep_minutes", "station", "tags", "available"}]}]}
    // Only what a diner can order: 86'd items and categories left empty are
    // omitted ("available" stays in the shape, always true, for older pages).
    json categories = json::array();
    for (const MenuCategory& category : menu.categories) {
        json items = json::array();
        for (const MenuItem& item : category.items) {
            if (!item.available) {
                continue;
            }
            json tags = json::array();
            for (const QString& tag : item.tags) {
                tags.push_back(text(tag));
            }
            items.push_back({{"id", item.id},
                             {"name", text(item.name)},
                             {"description", text(item.description)},
                             {"price_cents", item.priceCents},
                             {"prep_minutes", item.prepMinutes},
                             {"station", text(item.station)},
                             {"tags", tags},
                             {"available", item.available}});
        }
        if (!items.empty()) {
            categories.push_back({{"id", category.id}, {"name", text(category.name)}, {"items", items}});
        }
    }
    return {{"currency", text(menu.currency)}, {"categories", categories}};
}

json DinerJson::quote(int partySize, const WaitQuote& quote)
{
    // {"party_size", "parties_ahead", "quoted_minutes", "range": {"low", "high"}, "can_seat"}
    return {{"party_size", partySize},
            {"parties_ahead", quote.partiesAhead},
            {"quoted_minutes", quote.minutes},
            {"range", {{"low", quote.low}, {"high", quote.high}}},
            {"can_seat", quote.canSeat}};
}

bool DinerJson::isMalformed(const Error& error)
{
    return error.kind == Error::Kind::Internal && error.field == u"body";
}

Result<JoinRequest> DinerJson::joinRequest(const QByteArray& body)
{
    const json doc = json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return unexpected(Error{Error::Kind::Internal,
                                QCoreApplication::translate("DinerJson", "The request body is not a JSON object."),
                                QStringLiteral("body")});
    }
    JoinRequest request;
    if (!doc.contains("name") || !doc["name"].is_string()) {
        return unexpected(wrongType(QStringLiteral("name"), QT_TRANSLATE_NOOP("DinerJson", "a text")));
    }
    request.name = fromJson(doc["name"]);
    qint64 size = 0;
    if (!doc.contains("party_size") || !asInteger(doc["party_size"], size)) {
        return unexpected(wrongType(QStringLiteral("party_size"), QT_TRANSLATE_NOOP("DinerJson", "a whole number")));
    }
    request.partySize = int(std::clamp<qint64>(size, -1, 1000));
    if (doc.contains("phone") && !doc["phone"].is_null()) {
        if (!doc["phone"].is_string()) {
            return unexpected(wrongType(QStringLiteral("phone"), QT_TRANSLATE_NOOP("DinerJson", "a text")));
        }
        request.phone = fromJson(doc["phone"]);
    }
    if (doc.contains("items") && !doc["items"].is_null()) {
        const json& items = doc["items"];
        if (!items.is_array()) {
            return unexpected(wrongType(QStringLiteral("items"), QT_TRANSLATE_NOOP("DinerJson", "a list")));
        }
        for (size_t i = 0; i < items.size(); ++i) {
            const json& item = items[i];
            const QString prefix = QStringLiteral("items[%1].").arg(i);
            if (!item.is_object()) {
                return unexpected(
                    wrongType(QStringLiteral("items[%1]").arg(i), QT_TRANSLATE_NOOP("DinerJson", "an object")));
            }
            JoinRequest::Item parsed;
            if (!item.contains("menu_item_id") || !asInteger(item["menu_item_id"], parsed.menuItemId)) {
                return unexpected(wrongType(prefix + QStringLiteral("menu_item_id"),
                                            QT_TRANSLATE_NOOP("DinerJson", "a whole number")));
            }
            qint64 quantity = 0;
            if (!item.contains("quantity") || !asInteger(item["quantity"], quantity)) {
                return unexpected(
                    wrongType(prefix + QStringLiteral("quantity"), QT_TRANSLATE_NOOP("DinerJson", "a whole number")));
            }
            parsed.quantity = int(std::clamp<qint64>(quantity, -1, 1000));
            if (item.contains("note") && !item["note"].is_null()) {
                if (!item["note"].is_string()) {
                    return unexpected(
                        wrongType(prefix + QStringLiteral("note"), QT_TRANSLATE_NOOP("DinerJson", "a text")));
                }
                parsed.note = fromJson(item["note"]);
            }
            request.items.append(parsed);
        }
    }
    request.fingerprint = QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
    return request;
}
