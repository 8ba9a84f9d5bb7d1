#include "assistanttools.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <cmath>
#include <optional>

namespace
{

QJsonObject schema(const QJsonObject& properties, const QStringList& required = {})
{
    QJsonObject out{{QStringLiteral("type"), QStringLiteral("object")},
                    {QStringLiteral("properties"), properties},
                    {QStringLiteral("additionalProperties"), false}};
    if (!required.isEmpty()) {
        out.insert(QStringLiteral("required"), QJsonArray::fromStringList(required));
    }
    return out;
}

QJsonObject integer(const QString& description, int minimum, int maximum)
{
    return {{QStringLiteral("type"), QStringLiteral("integer")},
            {QStringLiteral("description"), description},
            {QStringLiteral("minimum"), minimum},
            {QStringLiteral("maximum"), maximum}};
}

// A whole number, also when a model writes it as "8" or 8.0; nullopt otherwise.
std::optional<qint64> wholeNumber(const QJsonValue& value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 1e12) {
            return qint64(d);
        }
        return std::nullopt;
    }
    if (value.isString()) {
        bool ok = false;
        const qint64 n = value.toString().trimmed().toLongLong(&ok);
        return ok ? std::optional<qint64>(n) : std::nullopt;
    }
    return std::nullopt;
}

} // namespace

AssistantTools::AssistantTools(const MenuSearch& menu, AssistantCart& cart)
    : m_menu(menu)
    , m_cart(cart)
{ }

QList<ChatTool> AssistantTools::definitions()
{
    QJsonArray tags;
    for (const QString& tag : MenuSearch::knownTags()) {
        tags.append(tag);
    }
    const QJsonObject tagList{
        {QStringLiteral("type"), QStringLiteral("array")},
        {QStringLiteral("items"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}, {QStringLiteral("enum"), tags}}}};
    return {
        ChatTool{
            SEARCH,
            QStringLiteral("Search today's menu. Returns matching dishes with their ids, prices (in cents) and "
                           "dietary tags; dishes that are sold out are never returned."),
            schema(
                {{QStringLiteral("query"),
                  QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                              {QStringLiteral("description"),
                               QStringLiteral("Words to look for in names, descriptions and categories, e.g. "
                                              "\"pizza\" or \"dessert\"; may be empty.")}}},
                 {QStringLiteral("tags"), tagList},
                 {QStringLiteral("exclude_tags"), tagList},
                 {QStringLiteral("max_price_cents"), integer(QStringLiteral("Highest price, in cents."), 0, 1000000)},
                 {QStringLiteral("min_price_cents"), integer(QStringLiteral("Lowest price, in cents."), 0, 1000000)},
                 {QStringLiteral("limit"), integer(QStringLiteral("How many dishes at most."), 1, MAX_RESULTS)}})},
        ChatTool{ADD,
                 QStringLiteral("Add a dish to the diner's order (their cart on the page). The diner still has to "
                                "confirm the order themselves on the page."),
                 schema({{QStringLiteral("menu_item_id"),
                          integer(QStringLiteral("The dish's id from search_menu."), 1, INT_MAX)},
                         {QStringLiteral("quantity"),
                          integer(QStringLiteral("How many to add."), 1, AssistantCart::MAX_ADD)}},
                        {QStringLiteral("menu_item_id")})},
        ChatTool{REMOVE,
                 QStringLiteral("Remove a dish from the diner's order, or some of it."),
                 schema({{QStringLiteral("menu_item_id"), integer(QStringLiteral("The dish's id."), 1, INT_MAX)},
                         {QStringLiteral("quantity"),
                          integer(QStringLiteral("How many to take away; 0 or absent: all of it."),
                                  0,
                                  AssistantCart::MAX_QUANTITY)}},
                        {QStringLiteral("menu_item_id")})},
        ChatTool{SHOW_CART, QStringLiteral("Show the diner's order: its dishes, quantities and subtotal."), schema({})},
    };
}

AssistantTools::Outcome AssistantTools::failed(const QString& reason, const QString& message) const
{
    Outcome out;
    out.ok = false;
    out.error = Error::invalid(reason, message);
    out.result = {{QStringLiteral("ok"), false}, {QStringLiteral("error"), message}};
    return out;
}

QJsonObject AssistantTools::card(const MenuItem& item) const
{
    return {{QStringLiteral("id"), item.id},
            {QStringLiteral("name"), item.name},
            {QStringLiteral("description"), item.description},
            {QStringLiteral("price_cents"), item.priceCents},
            {QStringLiteral("tags"), QJsonArray::fromStringList(item.tags)},
            {QStringLiteral("category"), m_menu.categoryName(item.categoryId)}};
}

AssistantTools::Outcome AssistantTools::call(const QString& name, const QString& arguments)
{
    QJsonObject args;
    if (!arguments.trimmed().isEmpty()) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(arguments.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            return failed(QStringLiteral("arguments"), QStringLiteral("The arguments must be a JSON object."));
        }
        args = doc.object();
    }
    // Only the arguments each tool has; anything else (a price, another session, …) is refused.
    static const QHash<QString, QSet<QString>> allowed{
        {SEARCH,
         {QStringLiteral("query"),
          QStringLiteral("tags"),
          QStringLiteral("exclude_tags"),
          QStringLiteral("max_price_cents"),
          QStringLiteral("min_price_cents"),
          QStringLiteral("limit")}},
        {ADD, {QStringLiteral("menu_item_id"), QStringLiteral("quantity")}},
        {REMOVE, {QStringLiteral("menu_item_id"), QStringLiteral("quantity")}},
        {SHOW_CART, {}},
    };
    const auto known = allowed.constFind(name);
    if (known == allowed.cend()) {
        return failed(QStringLiteral("unknown_tool"),
                      QStringLiteral("There is no tool called \"%1\". The tools are search_menu, add_to_cart, "
                                     "remove_from_cart and show_cart; orders are confirmed by the diner on the page.")
                          .arg(name.left(60)));
    }
    for (auto it = args.constBegin(); it != args.constEnd(); ++it) {
        if (!known->contains(it.key())) {
            return failed(QStringLiteral("arguments"),
                          QStringLiteral("%1 takes no argument \"%2\".").arg(name, it.key().left(60)));
        }
    }

    if (name == SEARCH) {
        const QJsonValue queryValue = args.value(QStringLiteral("query"));
        if (!queryValue.isUndefined() && !queryValue.isString() && !queryValue.isNull()) {
            return failed(QStringLiteral("arguments"), QStringLiteral("query must be a text."));
        }
        const QString text = queryValue.toString().left(200);
        MenuSearch::Query query = MenuSearch::parse(text);
        for (const auto& [key, target] : {std::pair{QStringLiteral("tags"), &query.tags},
                                          std::pair{QStringLiteral("exclude_tags"), &query.excludedTags}}) {
            const QJsonValue value = args.value(key);
            if (value.isUndefined() || value.isNull()) {
                continue;
            }
            if (!value.isArray()) {
                return failed(QStringLiteral("arguments"), QStringLiteral("%1 must be a list of tags.").arg(key));
            }
            for (const QJsonValue& tag : value.toArray()) {
                if (!MenuSearch::knownTags().contains(tag.toString())) {
                    return failed(
                        QStringLiteral("arguments"),
                        QStringLiteral("Unknown tag \"%1\"; the tags are %2.")
                            .arg(tag.toString().left(40), MenuSearch::knownTags().join(QStringLiteral(", "))));
                }
                if (!target->contains(tag.toString())) {
                    target->append(tag.toString());
                }
            }
        }
        for (const auto& [key, target] : {std::pair{QStringLiteral("max_price_cents"), &query.maxPriceCents},
                                          std::pair{QStringLiteral("min_price_cents"), &query.minPriceCents}}) {
            const QJsonValue value = args.value(key);
            if (value.isUndefined() || value.isNull()) {
                continue;
            }
            const auto cents = wholeNumber(value);
            if (!cents || *cents < 0 || *cents > 1000000) {
                return failed(QStringLiteral("arguments"),
                              QStringLiteral("%1 must be a whole number of cents.").arg(key));
            }
            *target = int(*cents);
        }
        int limit = 6;
        if (args.contains(QStringLiteral("limit"))) {
            const auto n = wholeNumber(args.value(QStringLiteral("limit")));
            if (!n || *n < 1 || *n > MAX_RESULTS) {
                return failed(QStringLiteral("arguments"),
                              QStringLiteral("limit must be from 1 to %1.").arg(MAX_RESULTS));
            }
            limit = int(*n);
        }
        return search(query, limit);
    }
    if (name == SHOW_CART) {
        return showCart();
    }
    const auto id = wholeNumber(args.value(QStringLiteral("menu_item_id")));
    if (!id || *id < 1) {
        return failed(QStringLiteral("arguments"),
                      QStringLiteral("menu_item_id must be a dish's id from search_menu."));
    }
    std::optional<qint64> quantity;
    if (args.contains(QStringLiteral("quantity")) && !args.value(QStringLiteral("quantity")).isNull()) {
        quantity = wholeNumber(args.value(QStringLiteral("quantity")));
        if (!quantity) {
            return failed(QStringLiteral("quantity"), QStringLiteral("quantity must be a whole number."));
        }
    }
    if (name == ADD) {
        return add(*id, int(std::clamp<qint64>(quantity.value_or(1), -1, 100000)));
    }
    return remove(*id, int(std::clamp<qint64>(quantity.value_or(0), -1, 100000)));
}

AssistantTools::Outcome AssistantTools::search(const MenuSearch::Query& query, int limit)
{
    const QList<MenuItem> all = m_menu.search(query, 1000);
    Outcome out;
    out.ok = true;
    out.total = int(all.size());
    out.cards = all.mid(0, std::clamp(limit, 1, MAX_RESULTS));
    QJsonArray items;
    for (const MenuItem& item : std::as_const(out.cards)) {
        items.append(card(item));
    }
    out.result = {{QStringLiteral("ok"), true},
                  {QStringLiteral("count"), out.total},
                  {QStringLiteral("shown"), items.size()},
                  {QStringLiteral("dishes"), items}};
    return out;
}

AssistantTools::Outcome AssistantTools::add(qint64 menuItemId, int quantity)
{
    const MenuItem* item = m_menu.item(menuItemId);
    if (item == nullptr) {
        return failed(QStringLiteral("not_on_menu"), QStringLiteral("There is no dish with id %1.").arg(menuItemId));
    }
    const Result<int> added = m_cart.add(*item, quantity);
    if (!added) {
        Outcome out = failed(added.error().field, added.error().message);
        out.itemId = item->id;
        out.quantityNow = m_cart.quantityOf(item->id);
        return out;
    }
    Outcome out;
    out.ok = true;
    out.cartChanged = true;
    out.itemId = item->id;
    out.quantityNow = *added;
    out.result = {{QStringLiteral("ok"), true},
                  {QStringLiteral("added"), item->name},
                  {QStringLiteral("quantity_in_cart"), *added},
                  {QStringLiteral("cart"), m_cart.toCard(m_menu)},
                  {QStringLiteral("note"), QStringLiteral("Not ordered yet: the diner confirms on the page.")}};
    return out;
}

AssistantTools::Outcome AssistantTools::remove(qint64 menuItemId, int quantity)
{
    const MenuItem* item = m_menu.item(menuItemId);
    const Result<int> left = m_cart.remove(menuItemId, quantity);
    if (!left) {
        Outcome out = failed(left.error().field, left.error().message);
        out.itemId = menuItemId;
        return out;
    }
    Outcome out;
    out.ok = true;
    out.cartChanged = true;
    out.itemId = menuItemId;
    out.quantityNow = *left;
    out.result = {{QStringLiteral("ok"), true},
                  {QStringLiteral("removed"), item ? item->name : QString()},
                  {QStringLiteral("quantity_in_cart"), *left},
                  {QStringLiteral("cart"), m_cart.toCard(m_menu)}};
    return out;
}

AssistantTools::Outcome AssistantTools::showCart()
{
    Outcome out;
    out.ok = true;
    out.cartShown = true;
    out.result = {{QStringLiteral("ok"), true},
                  {QStringLiteral("cart"), m_cart.toCard(m_menu)},
                  {QStringLiteral("note"),
                   QStringLiteral("The diner places the order by pressing the confirm button on the page; you "
                                  "cannot place it.")}};
    return out;
}

QJsonObject AssistantTools::argumentsFor(const MenuSearch::Query& query, const QString& text)
{
    QJsonObject args{{QStringLiteral("query"), text}};
    if (!query.tags.isEmpty()) {
        args.insert(QStringLiteral("tags"), QJsonArray::fromStringList(query.tags));
    }
    if (!query.excludedTags.isEmpty()) {
        args.insert(QStringLiteral("exclude_tags"), QJsonArray::fromStringList(query.excludedTags));
    }
    if (query.maxPriceCents) {
        args.insert(QStringLiteral("max_price_cents"), *query.maxPriceCents);
    }
    if (query.minPriceCents) {
        args.insert(QStringLiteral("min_price_cents"), *query.minPriceCents);
    }
    return args;
}
