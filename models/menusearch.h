#pragma once

#include "menu.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// Searches the menu the way a diner asks (English or Spanish): by words in a
// dish's name, description or category ("pizza", "dessert", "chicken"), by
// dietary tags ("vegetarian" — which vegan dishes are too — "gluten free",
// "spicy"; "no nuts" and "not spicy" leave dishes out) and by price ("under
// $15", "menos de 15 euros"). Only dishes on today (not 86'd) are found.
// Recommends by what diners here order most, then by the menu's own order.
class MenuSearch final
{
public:
    struct Query
    {
        QStringList words; // content words, normalized
        QStringList tags; // every one required
        QStringList excludedTags; // none of these
        std::optional<int> maxPriceCents;
        std::optional<int> minPriceCents;
        bool cheapestFirst = false; // "something cheap"
        bool isEmpty() const
        {
            return words.isEmpty() && tags.isEmpty() && excludedTags.isEmpty() && !maxPriceCents && !minPriceCents;
        }
        bool operator==(const Query&) const = default;
    };

    static constexpr int DEFAULT_LIMIT = 6;

    // `popularity`: how often each dish was ordered lately (menu item id → count).
    explicit MenuSearch(const Menu& menu, const QHash<qint64, int>& popularity = {});

    // What a diner's words ask for; words that only carry the question ("what",
    // "is", "something", "show me") are dropped.
    static Query parse(const QString& text);
    // The dietary tags Maitre knows, as stored on menu items.
    static const QStringList& knownTags();

    // Dishes matching every part of the query, best first; when no dish has
    // every word, those with most of them.
    QList<MenuItem> search(const Query& query, int limit = DEFAULT_LIMIT) const;
    // The dishes diners here order most that fit the query's filters (not its words).
    QList<MenuItem> recommend(const Query& query, int limit = 3) const;

    // Any dish on the menu, available or not; nullptr when there is none.
    const MenuItem* item(qint64 id) const;
    QString categoryName(qint64 categoryId) const;
    const Menu& menu() const { return m_menu; }
    // Whether `item` carries `tag` ("vegetarian" is true of vegan dishes too).
    static bool hasTag(const MenuItem& item, const QString& tag);

private:
    bool passesFilters(const MenuItem& item, const Query& query) const;
    // How many of the query's words the dish has (name words count double).
    int wordScore(const MenuItem& item, const QStringList& words) const;

    Menu m_menu;
    QHash<qint64, int> m_popularity;
    QHash<qint64, qsizetype> m_index; // id → position in m_items
    QList<MenuItem> m_items; // in menu order
    QHash<qint64, QString> m_categories;
    QHash<qint64, QStringList> m_nameWords;
    QHash<qint64, QStringList> m_otherWords; // description and category
};
