#pragma once

#include "assistantcart.h"
#include "chat.h"
#include "menusearch.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// The ordering assistant's tools, the same whether the rule-based assistant
// or a language model calls them: search the menu, add to and remove from
// this diner's own cart, show it. Nothing else exists to be called — no
// ordering, no prices, no other session — and every argument is checked
// (unknown ones refused), so text in a message cannot make a tool do more
// than the diner could by tapping.
class AssistantTools final
{
public:
    static inline const QString SEARCH = QStringLiteral("search_menu");
    static inline const QString ADD = QStringLiteral("add_to_cart");
    static inline const QString REMOVE = QStringLiteral("remove_from_cart");
    static inline const QString SHOW_CART = QStringLiteral("show_cart");
    static constexpr int MAX_RESULTS = 8;

    struct Outcome
    {
        bool ok = false;
        QJsonObject result; // what the tool answers (to the model, and on the AG-UI stream)
        QList<MenuItem> cards; // dishes to show as cards
        bool cartChanged = false;
        bool cartShown = false;
        int total = 0; // search: how many dishes matched in all
        qint64 itemId = 0; // add / remove: the dish
        int quantityNow = 0; // add / remove: how many of it are in the cart now
        Error error; // when !ok; `field` names the reason ("sold_out", "not_on_menu", …)
    };

    AssistantTools(const MenuSearch& menu, AssistantCart& cart);

    // Their JSON Schemas, for a language model.
    static QList<ChatTool> definitions();

    // Calls `name` with the JSON `arguments` as a model wrote them.
    Outcome call(const QString& name, const QString& arguments);

    Outcome search(const MenuSearch::Query& query, int limit = 6);
    Outcome add(qint64 menuItemId, int quantity);
    Outcome remove(qint64 menuItemId, int quantity);
    Outcome showCart();

    // The arguments search_menu would be called with for `query` (the rule-based
    // assistant shows its calls on the AG-UI stream like a model's).
    static QJsonObject argumentsFor(const MenuSearch::Query& query, const QString& text);

private:
    Outcome failed(const QString& reason, const QString& message) const;
    QJsonObject card(const MenuItem& item) const;

    const MenuSearch& m_menu;
    AssistantCart& m_cart;
};
