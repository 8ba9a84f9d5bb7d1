#pragma once

#include "assistantphrasebook.h"
#include "assistantsessions.h"
#include "assistanttools.h"
#include "menusearch.h"
#include "restaurantsettings.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// One thing the assistant did or said in a turn, in order: a tool call with
// its outcome, dishes to show, the cart to show, or a sentence.
struct AssistantStep
{
    enum class Kind
    {
        Tool,
        Cards,
        Cart,
        Text
    };
    Kind kind = Kind::Text;
    QString toolName;
    QJsonObject arguments;
    AssistantTools::Outcome outcome;
    QList<MenuItem> cards;
    bool confirmNeeded = false; // the cart card says: confirm on the page
    QString text;
};

// The ordering assistant without a language model: understands what diners
// ask in English or Spanish from the menu itself — what is vegetarian, spicy
// under 15, recommendations, "add two of those", "remove the pizza", "what's
// in my order", "place the order" (which it cannot do: it shows the cart and
// points to the page's confirm step) — and answers in the diner's language.
// Every change goes through AssistantTools, exactly as a model's would.
class OfflineAssistant final
{
public:
    OfflineAssistant(const MenuSearch& menu,
                     const AssistantPhrasebook& phrases,
                     const RestaurantSettings& settings,
                     bool hasPopularity);

    QList<AssistantStep> respond(const QString& message, AssistantSession& session);
    // The persona's greeting: the restaurant's own, or one by name and tone.
    QString greeting() const { return greetingFor(m_settings, m_phrases); }
    static QString greetingFor(const RestaurantSettings& settings, const AssistantPhrasebook& phrases);

private:
    struct Target
    {
        enum class Kind
        {
            None,
            Dish, // `items` has the one dish
            Several, // `items`: the dishes it could be (ask which)
            Focus, // `items`: the dishes "those" / "both" mean
            Unknown, // `said`: no dish by that name; `items`: close ones
            SoldOut // `items` has the dish
        };
        Kind kind = Kind::None;
        QList<MenuItem> items;
        QString said;
        int quantity = 0; // 0: not said
        bool all = false; // "both", "all of them"
    };

    Target findTarget(const QString& segment, const AssistantSession& session, bool forRemoval) const;
    void add(const QString& message, AssistantSession& session);
    void remove(const QString& message, AssistantSession& session);
    void clear(AssistantSession& session);
    void showCart(AssistantSession& session, bool confirm);
    void search(const QString& message, AssistantSession& session, bool recommend);
    bool answerAboutDish(const QString& message, AssistantSession& session);

    AssistantTools::Outcome tool(const QString& name, const QJsonObject& arguments, AssistantTools::Outcome outcome);
    void say(const QString& text);
    void cards(const QList<MenuItem>& items, AssistantSession& session);
    QString phrase(const char* source) const { return m_phrases.text(source); }
    QString price(int cents) const;
    QString acknowledgement() const;
    QString describeFilters(const MenuSearch::Query& query) const;
    QString addFailure(const AssistantTools::Outcome& outcome, const MenuItem& item) const;

    const MenuSearch& m_menu;
    const AssistantPhrasebook& m_phrases;
    RestaurantSettings m_settings;
    bool m_hasPopularity;
    AssistantCart* m_cart = nullptr;
    QList<AssistantStep> m_steps;
};
