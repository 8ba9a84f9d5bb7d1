#include "assistantcart.h"

#include <algorithm>

// Errors carry a code in `field` for the assistant to phrase in the diner's
// language; the message is for a language model reading the tool's result.

Result<int> AssistantCart::add(const MenuItem& item, int quantity)
{
    if (!item.available) {
        return unexpected(Error::invalid(QStringLiteral("sold_out"),
                                         QStringLiteral("%1 is sold out today and cannot be added.").arg(item.name)));
    }
    if (quantity < 1 || quantity > MAX_ADD) {
        return unexpected(Error::invalid(QStringLiteral("quantity"),
                                         QStringLiteral("Add from 1 to %1 of a dish at a time.").arg(MAX_ADD)));
    }
    const auto line =
        std::find_if(m_lines.begin(), m_lines.end(), [&item](const Line& l) { return l.menuItemId == item.id; });
    if (line == m_lines.end()) {
        if (m_lines.size() >= MAX_LINES) {
            return unexpected(Error::invalid(
                QStringLiteral("full"), QStringLiteral("An order has at most %1 different dishes.").arg(MAX_LINES)));
        }
        m_lines.append(Line{item.id, quantity, {}});
        return quantity;
    }
    if (line->quantity + quantity > MAX_QUANTITY) {
        return unexpected(Error::invalid(QStringLiteral("too_many"),
                                         QStringLiteral("An order has at most %1 of one dish.").arg(MAX_QUANTITY)));
    }
    line->quantity += quantity;
    return line->quantity;
}

Result<int> AssistantCart::remove(qint64 menuItemId, int quantity)
{
    const auto line = std::find_if(
        m_lines.begin(), m_lines.end(), [menuItemId](const Line& l) { return l.menuItemId == menuItemId; });
    if (line == m_lines.end()) {
        return unexpected(
            Error::invalid(QStringLiteral("not_in_cart"), QStringLiteral("That dish is not in the order.")));
    }
    if (quantity < 0 || quantity > MAX_QUANTITY) {
        return unexpected(Error::invalid(QStringLiteral("quantity"),
                                         QStringLiteral("Remove from 1 to %1, or 0 for all.").arg(MAX_QUANTITY)));
    }
    if (quantity == 0 || quantity >= line->quantity) {
        m_lines.erase(line);
        return 0;
    }
    line->quantity -= quantity;
    return line->quantity;
}

int AssistantCart::quantityOf(qint64 menuItemId) const
{
    for (const Line& line : m_lines) {
        if (line.menuItemId == menuItemId) {
            return line.quantity;
        }
    }
    return 0;
}

int AssistantCart::itemCount() const
{
    int n = 0;
    for (const Line& line : m_lines) {
        n += line.quantity;
    }
    return n;
}

int AssistantCart::subtotalCents(const MenuSearch& menu) const
{
    int sum = 0;
    for (const Line& line : m_lines) {
        if (const MenuItem* item = menu.item(line.menuItemId)) {
            sum += item->priceCents * line.quantity;
        }
    }
    return sum;
}

QJsonArray AssistantCart::toState() const
{
    QJsonArray out;
    for (const Line& line : m_lines) {
        QJsonObject entry{{QStringLiteral("menu_item_id"), line.menuItemId},
                          {QStringLiteral("quantity"), line.quantity}};
        if (!line.note.isEmpty()) {
            entry.insert(QStringLiteral("note"), line.note);
        }
        out.append(entry);
    }
    return out;
}

AssistantCart AssistantCart::fromState(const QJsonArray& state, const MenuSearch& menu, QStringList* dropped)
{
    AssistantCart cart;
    for (const QJsonValue& value : state) {
        const QJsonObject entry = value.toObject();
        const qint64 id = entry.value(QStringLiteral("menu_item_id")).toInteger();
        const int quantity =
            int(std::clamp<qint64>(entry.value(QStringLiteral("quantity")).toInteger(), 0, MAX_QUANTITY));
        const MenuItem* item = menu.item(id);
        if (item == nullptr || quantity < 1) {
            continue;
        }
        if (!item->available) {
            if (dropped) {
                dropped->append(item->name);
            }
            continue;
        }
        if (cart.m_lines.size() >= MAX_LINES || cart.quantityOf(id) > 0) {
            continue;
        }
        cart.m_lines.append(Line{id, quantity, entry.value(QStringLiteral("note")).toString().left(MAX_NOTE)});
    }
    return cart;
}

QJsonObject AssistantCart::toCard(const MenuSearch& menu) const
{
    QJsonArray lines;
    for (const Line& line : m_lines) {
        const MenuItem* item = menu.item(line.menuItemId);
        if (item == nullptr) {
            continue;
        }
        QJsonObject entry{{QStringLiteral("menu_item_id"), line.menuItemId},
                          {QStringLiteral("name"), item->name},
                          {QStringLiteral("quantity"), line.quantity},
                          {QStringLiteral("unit_price_cents"), item->priceCents},
                          {QStringLiteral("line_total_cents"), item->priceCents * line.quantity}};
        if (!line.note.isEmpty()) {
            entry.insert(QStringLiteral("note"), line.note);
        }
        lines.append(entry);
    }
    return {{QStringLiteral("lines"), lines},
            {QStringLiteral("item_count"), itemCount()},
            {QStringLiteral("subtotal_cents"), subtotalCents(menu)},
            {QStringLiteral("currency"), menu.menu().currency}};
}
