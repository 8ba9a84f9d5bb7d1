#include "menusearch.h"

#include "menumatcher.h"

#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <cmath>

namespace
{

const QString VEGETARIAN = QStringLiteral("vegetarian");
const QString VEGAN = QStringLiteral("vegan");
const QString GLUTEN_FREE = QStringLiteral("gluten-free");
const QString SPICY = QStringLiteral("spicy");
const QString NUTS = QStringLiteral("contains-nuts");

// Lower case without accents, keeping digits with their decimal marks so
// prices survive: "Menos de 15,50 €" → "menos de 15,50 €".
QString folded(const QString& text)
{
    const QString decomposed = text.toLower().normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() != QChar::Mark_NonSpacing) {
            out.append(c);
        }
    }
    return out;
}

struct Phrase
{
    QRegularExpression pattern;
    QString tag;
};

QRegularExpression phrase(const QString& alternatives)
{
    return QRegularExpression(QStringLiteral("(?<![\\p{L}\\p{N}])(") + alternatives
                              + QStringLiteral(")(?![\\p{L}\\p{N}])"));
}

// Checked first, and taken out, so "not spicy" never asks for spicy.
const QList<Phrase>& exclusions()
{
    static const QList<Phrase> phrases{
        {phrase(QStringLiteral("no nuts?|nut[- ]?free|without nuts?|nut allergy|allergic to nuts|sin frutos secos|sin "
                               "nueces|sin nuez|alergia a los frutos secos|alergico a los frutos secos")),
         NUTS},
        {phrase(QStringLiteral("not spicy|no spicy|nothing spicy|not hot|mild|non spicy|no picante|sin picante|nada "
                               "picante|que no pique")),
         SPICY},
    };
    return phrases;
}

const QList<Phrase>& tagPhrases()
{
    static const QList<Phrase> phrases{
        {phrase(QStringLiteral("vegan|vegans|veganos?|veganas?|plant[- ]based")), VEGAN},
        {phrase(QStringLiteral("vegetarian|vegetarians|veggie|veggies|vegetarian[oa]s?|meatless|no meat|without "
                               "meat|meat[- ]free|sin carne")),
         VEGETARIAN},
        {phrase(QStringLiteral("gluten[- ]?free|gf|celiac|coeliac|celiac[oa]s?|sin gluten|no gluten|without gluten")),
         GLUTEN_FREE},
        {phrase(QStringLiteral("spicy|spice|hot|chill?i|chile|picantes?|picoso|que pique")), SPICY},
    };
    return phrases;
}

const QRegularExpression& maxPricePattern()
{
    static const QRegularExpression pattern(QStringLiteral(
        "(?<![\\p{L}])(under|below|less than|cheaper than|no more than|at most|max|maximum|up to|for less than|menos "
        "de|por menos de|por debajo de|hasta|maximo|como mucho|no mas de)\\s*(?:a |an )?(?:\\$|€|£|usd |eur "
        "|euros? |dollars? )?\\s*(\\d{1,4}(?:[.,]\\d{1,2})?)\\s*(?:\\$|€|£|eur\\b|euros?\\b|dollars?\\b|bucks\\b|"
        "pounds?\\b)?"));
    return pattern;
}

const QRegularExpression& minPricePattern()
{
    static const QRegularExpression pattern(QStringLiteral(
        "(?<![\\p{L}])(over|above|more than|at least|mas de|por encima de|minimo)\\s*(?:\\$|€|£)?\\s*(\\d{1,4}(?:[.,]"
        "\\d{1,2})?)\\s*(?:\\$|€|£|eur\\b|euros?\\b|dollars?\\b)?"));
    return pattern;
}

int toCents(const QString& amount)
{
    QString text = amount;
    text.replace(u',', u'.');
    return int(std::lround(text.toDouble() * 100));
}

// Words that carry the question, not what it is about.
const QSet<QString>& stopWords()
{
    static const QSet<QString> set = [] {
        QSet<QString> s;
        const char* english[] = {
            "a",
            "an",
            "the",
            "of",
            "with",
            "and",
            "or",
            "for",
            "to",
            "in",
            "on",
            "at",
            "is",
            "are",
            "be",
            "it",
            "its",
            "this",
            "that",
            "these",
            "those",
            "there",
            "here",
            "what",
            "whats",
            "which",
            "who",
            "how",
            "any",
            "anything",
            "something",
            "some",
            "do",
            "does",
            "you",
            "your",
            "have",
            "has",
            "got",
            "i",
            "im",
            "we",
            "me",
            "my",
            "us",
            "our",
            "want",
            "would",
            "like",
            "could",
            "can",
            "may",
            "might",
            "should",
            "show",
            "see",
            "list",
            "tell",
            "give",
            "get",
            "find",
            "please",
            "pls",
            "thanks",
            "options",
            "option",
            "dishes",
            "dish",
            "food",
            "foods",
            "eat",
            "eating",
            "item",
            "items",
            "things",
            "thing",
            "choices",
            "choice",
            "menu",
            "today",
            "tonight",
            "recommend",
            "recommendation",
            "recommendations",
            "suggest",
            "suggestion",
            "suggestions",
            "popular",
            "best",
            "good",
            "great",
            "nice",
            "tasty",
            "favourite",
            "favorite",
            "favourites",
            "favorites",
            "special",
            "specials",
            "cheap",
            "cheapest",
            "inexpensive",
            "budget",
            "price",
            "priced",
            "prices",
            "cost",
            "costs",
            "euro",
            "euros",
            "eur",
            "dollar",
            "dollars",
            "usd",
            "bucks",
            "money",
            "also",
            "just",
            "only",
            "really",
            "very",
            "more",
            "less",
            "than",
            "else",
            "other",
            "others",
            "available",
            "serve",
            "offer",
            "kind",
            "kinds",
            "sort",
            "type",
            "hey",
            "hi",
            "hello",
            "ok",
            "okay",
            "so",
            "then",
            "not",
            "no",
            "without",
            "need",
            "looking",
            "try",
            "order",
            "um",
            "uh",
            "we're",
            "am",
            "was",
            "were",
            "one",
            "ones",
            "all",
            "every",
            "much",
            "many",
            "vegetarian",
            "vegan",
            "spicy",
            // Spanish
            "que",
            "cual",
            "cuales",
            "es",
            "son",
            "hay",
            "algo",
            "alguno",
            "alguna",
            "algun",
            "algunos",
            "algunas",
            "tienes",
            "teneis",
            "tienen",
            "tiene",
            "quiero",
            "queremos",
            "me",
            "gustaria",
            "puedes",
            "podrias",
            "un",
            "una",
            "unos",
            "unas",
            "el",
            "la",
            "los",
            "las",
            "de",
            "del",
            "al",
            "con",
            "y",
            "o",
            "para",
            "por",
            "favor",
            "plato",
            "platos",
            "opciones",
            "opcion",
            "comida",
            "comer",
            "recomiendas",
            "recomienda",
            "recomendacion",
            "recomendaciones",
            "sugerencia",
            "sugerencias",
            "mejor",
            "mejores",
            "rico",
            "rica",
            "barato",
            "barata",
            "baratos",
            "baratas",
            "precio",
            "menu",
            "carta",
            "hoy",
            "muestrame",
            "ensename",
            "dame",
            "ver",
            "lista",
            "mas",
            "menos",
            "otro",
            "otra",
            "solo",
            "tambien",
            "hola",
            "pues",
            "no",
            "sin",
            "nos",
            "en",
            "a",
            "lo",
            "le",
            "se",
            "mi",
            "tu",
            "te",
            "si",
        };
        for (const char* word : english) {
            s.insert(QString::fromUtf8(word));
        }
        return s;
    }();
    return set;
}

// Other words a diner may use for a menu's categories.
const QHash<QString, QStringList>& synonyms()
{
    static const QHash<QString, QStringList> map{
        {QStringLiteral("starter"),
         {QStringLiteral("starter"),
          QStringLiteral("appetizer"),
          QStringLiteral("appetiser"),
          QStringLiteral("entrante"),
          QStringLiteral("antipasti")}},
        {QStringLiteral("appetizer"), {QStringLiteral("starter"), QStringLiteral("appetizer")}},
        {QStringLiteral("appetiser"), {QStringLiteral("starter"), QStringLiteral("appetiser")}},
        {QStringLiteral("entrante"), {QStringLiteral("starter"), QStringLiteral("entrante")}},
        {QStringLiteral("dessert"), {QStringLiteral("dessert"), QStringLiteral("postre"), QStringLiteral("dolce")}},
        {QStringLiteral("sweet"), {QStringLiteral("dessert"), QStringLiteral("sweet")}},
        {QStringLiteral("postre"), {QStringLiteral("dessert"), QStringLiteral("postre")}},
        {QStringLiteral("drink"), {QStringLiteral("drink"), QStringLiteral("bebida"), QStringLiteral("beverage")}},
        {QStringLiteral("beverage"), {QStringLiteral("drink"), QStringLiteral("beverage")}},
        {QStringLiteral("bebida"), {QStringLiteral("drink"), QStringLiteral("bebida")}},
        {QStringLiteral("main"), {QStringLiteral("main"), QStringLiteral("principal"), QStringLiteral("secondi")}},
        {QStringLiteral("principal"), {QStringLiteral("main"), QStringLiteral("principal")}},
        {QStringLiteral("pollo"), {QStringLiteral("pollo"), QStringLiteral("chicken")}},
        {QStringLiteral("chicken"), {QStringLiteral("pollo"), QStringLiteral("chicken")}},
        {QStringLiteral("beef"), {QStringLiteral("beef"), QStringLiteral("manzo"), QStringLiteral("ternera")}},
        {QStringLiteral("fish"), {QStringLiteral("fish"), QStringLiteral("pescado"), QStringLiteral("bass")}},
        {QStringLiteral("pescado"), {QStringLiteral("fish"), QStringLiteral("pescado"), QStringLiteral("bass")}},
        {QStringLiteral("coffee"), {QStringLiteral("coffee"), QStringLiteral("espresso"), QStringLiteral("cafe")}},
        {QStringLiteral("cafe"), {QStringLiteral("coffee"), QStringLiteral("espresso"), QStringLiteral("cafe")}},
        {QStringLiteral("wine"), {QStringLiteral("wine"), QStringLiteral("vino"), QStringLiteral("chianti")}},
        {QStringLiteral("vino"), {QStringLiteral("wine"), QStringLiteral("vino"), QStringLiteral("chianti")}},
        {QStringLiteral("water"), {QStringLiteral("water"), QStringLiteral("acqua"), QStringLiteral("agua")}},
        {QStringLiteral("agua"), {QStringLiteral("water"), QStringLiteral("acqua"), QStringLiteral("agua")}},
        {QStringLiteral("soup"), {QStringLiteral("soup"), QStringLiteral("sopa"), QStringLiteral("minestrone")}},
        {QStringLiteral("sopa"), {QStringLiteral("soup"), QStringLiteral("sopa"), QStringLiteral("minestrone")}},
        {QStringLiteral("salad"), {QStringLiteral("salad"), QStringLiteral("ensalada"), QStringLiteral("insalata")}},
        {QStringLiteral("ensalada"), {QStringLiteral("salad"), QStringLiteral("ensalada"), QStringLiteral("insalata")}},
    };
    return map;
}

QStringList singularForms(const QString& word)
{
    QStringList forms{word};
    if (word.size() > 3 && word.endsWith(u's') && !word.endsWith(QLatin1String("ss"))) {
        forms << word.chopped(1);
        if (word.size() > 4 && word.endsWith(QLatin1String("es"))) {
            forms << word.chopped(2);
        }
        if (word.size() > 4 && word.endsWith(QLatin1String("ies"))) {
            forms << word.chopped(3) + u'y';
        }
    }
    return forms;
}

bool wordMatches(const QString& said, const QString& dishWord)
{
    for (const QString& s : singularForms(said)) {
        for (const QString& d : singularForms(dishWord)) {
            if (s == d) {
                return true;
            }
            const qsizetype shorter = std::min(s.size(), d.size());
            // "spag" finds "spaghetti"; a typo in a long word is forgiven.
            if (s.size() >= 4 && d.startsWith(s)) {
                return true;
            }
            const int allowed = shorter <= 3 ? 0 : shorter <= 7 ? 1 : 2;
            if (allowed > 0 && MenuMatcher::distance(s, d) <= allowed) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

MenuSearch::MenuSearch(const Menu& menu, const QHash<qint64, int>& popularity)
    : m_menu(menu)
    , m_popularity(popularity)
{
    for (const MenuCategory& category : menu.categories) {
        m_categories.insert(category.id, category.name);
        for (const MenuItem& item : category.items) {
            m_index.insert(item.id, m_items.size());
            m_items.append(item);
            m_nameWords.insert(item.id, MenuMatcher::normalized(item.name).split(u' ', Qt::SkipEmptyParts));
            m_otherWords.insert(
                item.id,
                MenuMatcher::normalized(item.description + u' ' + category.name).split(u' ', Qt::SkipEmptyParts));
        }
    }
}

const QStringList& MenuSearch::knownTags()
{
    static const QStringList tags{VEGETARIAN, VEGAN, GLUTEN_FREE, SPICY, NUTS};
    return tags;
}

MenuSearch::Query MenuSearch::parse(const QString& text)
{
    Query query;
    QString said = folded(text);
    // Prices first, on text that still has its decimal marks.
    if (const auto m = maxPricePattern().match(said); m.hasMatch()) {
        query.maxPriceCents = toCents(m.captured(2));
        said.replace(m.capturedStart(0), m.capturedLength(0), QStringLiteral(" "));
    }
    if (const auto m = minPricePattern().match(said); m.hasMatch()) {
        query.minPriceCents = toCents(m.captured(2));
        said.replace(m.capturedStart(0), m.capturedLength(0), QStringLiteral(" "));
    }
    said = MenuMatcher::normalized(said);
    for (const Phrase& phrase : exclusions()) {
        if (phrase.pattern.match(said).hasMatch()) {
            query.excludedTags << phrase.tag;
            said.replace(phrase.pattern, QStringLiteral(" "));
        }
    }
    for (const Phrase& phrase : tagPhrases()) {
        if (phrase.pattern.match(said).hasMatch()) {
            if (!query.excludedTags.contains(phrase.tag)) {
                query.tags << phrase.tag;
            }
            said.replace(phrase.pattern, QStringLiteral(" "));
        }
    }
    // Vegan is stricter than vegetarian: asking for both is asking for vegan.
    if (query.tags.contains(VEGAN)) {
        query.tags.removeAll(VEGETARIAN);
    }
    static const QRegularExpression cheap(
        QStringLiteral("\\b(cheap|cheapest|inexpensive|budget|barat[oa]s?|economic[oa]s?)\\b"));
    query.cheapestFirst = cheap.match(said).hasMatch();
    for (const QString& word : said.split(u' ', Qt::SkipEmptyParts)) {
        bool number = false;
        word.toInt(&number);
        if (!number && word.size() > 1 && !stopWords().contains(word) && !query.words.contains(word)) {
            query.words << word;
        }
    }
    return query;
}

bool MenuSearch::hasTag(const MenuItem& item, const QString& tag)
{
    if (item.tags.contains(tag)) {
        return true;
    }
    return tag == VEGETARIAN && item.tags.contains(VEGAN); // vegan dishes are vegetarian too
}

bool MenuSearch::passesFilters(const MenuItem& item, const Query& query) const
{
    if (!item.available) {
        return false;
    }
    for (const QString& tag : query.tags) {
        if (!hasTag(item, tag)) {
            return false;
        }
    }
    for (const QString& tag : query.excludedTags) {
        if (item.tags.contains(tag)) {
            return false;
        }
    }
    if (query.maxPriceCents && item.priceCents > *query.maxPriceCents) {
        return false;
    }
    return !(query.minPriceCents && item.priceCents < *query.minPriceCents);
}

int MenuSearch::wordScore(const MenuItem& item, const QStringList& words) const
{
    const QStringList& name = m_nameWords[item.id];
    const QStringList& other = m_otherWords[item.id];
    int score = 0;
    int matched = 0;
    for (const QString& word : words) {
        const QStringList alternatives = synonyms().value(word, {word});
        int best = 0;
        for (const QString& alternative : alternatives) {
            for (const QString& w : name) {
                if (wordMatches(alternative, w)) {
                    best = 2;
                }
            }
            if (best == 0) {
                for (const QString& w : other) {
                    if (wordMatches(alternative, w)) {
                        best = 1;
                    }
                }
            }
        }
        if (best > 0) {
            ++matched;
            score += best;
        }
    }
    // Every word found ranks above some: matched words count most.
    return matched * 100 + score;
}

QList<MenuItem> MenuSearch::search(const Query& query, int limit) const
{
    if (query.words.isEmpty() && !query.cheapestFirst) {
        return recommend(query, limit); // no words to rank by: the most ordered first
    }
    struct Scored
    {
        const MenuItem* item;
        int score;
        int popularity;
        qsizetype order;
    };
    QList<Scored> scored;
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        const MenuItem& item = m_items.at(i);
        if (!passesFilters(item, query)) {
            continue;
        }
        const int score = query.words.isEmpty() ? 0 : wordScore(item, query.words);
        if (!query.words.isEmpty() && score == 0) {
            continue;
        }
        scored.append({&item, score, m_popularity.value(item.id), i});
    }
    // Dishes with every word, if any; otherwise the best partial matches.
    const int everyWord = int(query.words.size()) * 100;
    const bool anyComplete =
        std::any_of(scored.cbegin(), scored.cend(), [everyWord](const Scored& s) { return s.score >= everyWord; });
    if (anyComplete) {
        scored.removeIf([everyWord](const Scored& s) { return s.score < everyWord; });
    }
    std::stable_sort(scored.begin(), scored.end(), [&query](const Scored& a, const Scored& b) {
        if (query.cheapestFirst && a.item->priceCents != b.item->priceCents) {
            return a.item->priceCents < b.item->priceCents;
        }
        if (a.score != b.score) {
            return a.score > b.score;
        }
        return a.order < b.order;
    });
    QList<MenuItem> out;
    for (qsizetype i = 0; i < scored.size() && i < limit; ++i) {
        out.append(*scored.at(i).item);
    }
    return out;
}

QList<MenuItem> MenuSearch::recommend(const Query& query, int limit) const
{
    // Without history, the first dishes of each category in turn: the kitchen's own order.
    QHash<qint64, int> positionInCategory;
    QHash<qint64, int> categoryIndex;
    int categoryNumber = 0;
    for (const MenuCategory& category : m_menu.categories) {
        int position = 0;
        for (const MenuItem& item : category.items) {
            positionInCategory.insert(item.id, position++);
            categoryIndex.insert(item.id, categoryNumber);
        }
        ++categoryNumber;
    }
    Query filters = query;
    filters.words.clear();
    QList<MenuItem> candidates;
    for (const MenuItem& item : m_items) {
        if (passesFilters(item, filters)) {
            candidates.append(item);
        }
    }
    std::stable_sort(candidates.begin(), candidates.end(), [&](const MenuItem& a, const MenuItem& b) {
        const int pa = m_popularity.value(a.id);
        const int pb = m_popularity.value(b.id);
        if (pa != pb) {
            return pa > pb;
        }
        const int ra = positionInCategory.value(a.id) * 1000 + categoryIndex.value(a.id);
        const int rb = positionInCategory.value(b.id) * 1000 + categoryIndex.value(b.id);
        return ra < rb;
    });
    return candidates.mid(0, limit);
}

const MenuItem* MenuSearch::item(qint64 id) const
{
    const auto found = m_index.constFind(id);
    return found == m_index.cend() ? nullptr : &m_items.at(*found);
}

QString MenuSearch::categoryName(qint64 categoryId) const
{
    return m_categories.value(categoryId);
}
