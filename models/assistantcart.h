#pragma once

#include "menusearch.h"
#include "result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// A diner's cart as the ordering assistant builds it: dishes and quantities,
// no prices (they come from the menu when shown, and from the server when the
// diner confirms). Only what the diner could do by tapping on the page: add a
// dish that is on today, change or remove lines, within the confirm step's
// limits (QueueService's 99 of a dish, 50 lines).
class AssistantCart final
{
public:
    struct Line
    {
        qint64 menuItemId = 0;
        int quantity = 0;
        QString note; // for the kitchen, as the diner typed it on the page
        bool operator==(const Line&) const = default;
    };

    static constexpr int MAX_QUANTITY = 99;
    static constexpr int MAX_LINES = 50;
    static constexpr int MAX_ADD = 20; // in one request: "add 500" is not a tap
    static constexpr int MAX_NOTE = 140;

    // Adds `quantity` of `item`; the line's new quantity. Invalid when the
    // dish is sold out, the quantity is out of range or the cart is full.
    Result<int> add(const MenuItem& item, int quantity);
    // Takes `quantity` (all when 0) of a dish away; what is left of it.
    Result<int> remove(qint64 menuItemId, int quantity = 0);
    void clear() { m_lines.clear(); }

    const QList<Line>& lines() const { return m_lines; }
    int quantityOf(qint64 menuItemId) const;
    int itemCount() const;
    bool isEmpty() const { return m_lines.isEmpty(); }
    int subtotalCents(const MenuSearch& menu) const;

    // [{"menu_item_id", "quantity", "note"?}] — the page's cart, as AG-UI state.
    QJsonArray toState() const;
    // The page's cart from AG-UI state: dishes not on the menu today are left
    // out (their names in `dropped`), quantities clamped to the limits.
    static AssistantCart fromState(const QJsonArray& state, const MenuSearch& menu, QStringList* dropped = nullptr);
    // For the cart card and the tools: lines with names and server prices.
    QJsonObject toCard(const MenuSearch& menu) const;

    bool operator==(const AssistantCart&) const = default;

private:
    QList<Line> m_lines;
};
