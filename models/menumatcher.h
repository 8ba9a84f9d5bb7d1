#pragma once

#include "menu.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

// Finds the dish a caller named (voice orders) on the menu, forgiving case,
// accents, plurals, word order and small typos; says when a name is unknown,
// could be several dishes, or names a dish that is sold out.
class MenuMatcher final
{
public:
    enum class Outcome
    {
        Found, // `item` is the dish, available
        Ambiguous, // `candidates`: the available dishes it could be
        Unknown, // no such dish; `candidates`: the closest available dishes, if any
        SoldOut // `item` is the dish, 86'd
    };

    struct Match
    {
        Outcome outcome = Outcome::Unknown;
        MenuItem item;
        QList<MenuItem> candidates;
    };

    static constexpr int MAX_SUGGESTIONS = 2;

    // Every item of every category, available or not (sold-out dishes are recognised).
    explicit MenuMatcher(const Menu& menu);

    Match match(const QString& spoken) const;

    // Case-folded, accents and punctuation gone, words separated by one space.
    static QString normalized(const QString& text);
    // Damerau-Levenshtein distance (optimal string alignment): a swap of two
    // neighbouring letters is one edit, as in "tirmaisu".
    static int distance(QStringView a, QStringView b);

private:
    struct Entry
    {
        MenuItem item;
        QStringList words; // must all be said for a full match
        QStringList optionalWords; // "(glass)" in "Chianti (glass)"
        QString joined; // `words` without spaces: "panacotta" still finds "Panna cotta"
    };

    struct Score
    {
        int tier = 0; // 0: every word of the name said; 1: only some
        int cost = 0; // edits across the words
        bool operator==(const Score&) const = default;
        bool operator<(const Score& other) const { return tier != other.tier ? tier < other.tier : cost < other.cost; }
    };

    static QStringList words(const QString& text);
    static int wordCost(const QString& said, const QString& name);
    static bool score(const QStringList& said, const QString& saidJoined, const Entry& entry, Score& out);
    QList<MenuItem> suggestions(const QStringList& said, const QString& saidJoined) const;

    QList<Entry> m_entries;
};
