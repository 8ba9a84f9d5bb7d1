#include "menumatcher.h"

#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <utility>
#include <vector>

namespace
{

// Joining words in dish names and in what callers say ("pollo alla diavola",
// "a glass of chianti"): never what tells two dishes apart.
const QSet<QString>& fillerWords()
{
    static const QSet<QString> words{
        QStringLiteral("a"),    QStringLiteral("an"),   QStringLiteral("the"), QStringLiteral("of"),
        QStringLiteral("with"), QStringLiteral("and"),  QStringLiteral("al"),  QStringLiteral("alla"),
        QStringLiteral("all"),  QStringLiteral("alle"), QStringLiteral("ai"),  QStringLiteral("agli"),
        QStringLiteral("allo"), QStringLiteral("di"),   QStringLiteral("del"), QStringLiteral("della"),
        QStringLiteral("dei"),  QStringLiteral("con"),  QStringLiteral("e"),   QStringLiteral("de"),
        QStringLiteral("la"),   QStringLiteral("il"),   QStringLiteral("le"),  QStringLiteral("lo"),
    };
    return words;
}

// Edits a word of this length may carry and still count: none for short words
// (too many dishes are one letter apart), one for most, two for long ones.
int allowance(qsizetype length)
{
    if (length <= 3) {
        return 0;
    }
    return length <= 7 ? 1 : 2;
}

// The word and its singulars: "pizzas" → "pizza", "tomatoes" → "tomato", "berries" → "berry".
QStringList singulars(const QString& word)
{
    QStringList forms{word};
    if (word.size() > 3 && word.endsWith(u's') && !word.endsWith(u"ss")) {
        forms.append(word.chopped(1));
        if (word.size() > 4 && word.endsWith(u"es")) {
            forms.append(word.chopped(2));
        }
        if (word.size() > 4 && word.endsWith(u"ies")) {
            forms.append(word.chopped(3) + u'y');
        }
    }
    return forms;
}

} // namespace

MenuMatcher::MenuMatcher(const Menu& menu)
{
    static const QRegularExpression bracketed(QStringLiteral("\\(([^)]*)\\)"));
    for (const MenuCategory& category : menu.categories) {
        for (const MenuItem& item : category.items) {
            Entry entry;
            entry.item = item;
            QString required = item.name;
            auto it = bracketed.globalMatch(item.name);
            while (it.hasNext()) {
                entry.optionalWords += words(it.next().captured(1));
            }
            required.remove(bracketed);
            entry.words = words(required);
            if (entry.words.isEmpty()) {
                entry.words = std::exchange(entry.optionalWords, {});
            }
            if (entry.words.isEmpty()) {
                continue; // a name of punctuation alone cannot be said
            }
            entry.joined = entry.words.join(QString());
            m_entries.append(std::move(entry));
        }
    }
}

QString MenuMatcher::normalized(const QString& text)
{
    // Compatibility decomposition splits "ù" into "u" and a combining accent, which goes.
    const QString decomposed = text.normalized(QString::NormalizationForm_KD).toCaseFolded();
    QString out;
    out.reserve(decomposed.size());
    bool space = true;
    for (QChar c : decomposed) {
        if (c.category() == QChar::Mark_NonSpacing) {
            continue;
        }
        if (c.isLetterOrNumber()) {
            out.append(c);
            space = false;
        } else if (!space) {
            out.append(u' ');
            space = true;
        }
    }
    if (out.endsWith(u' ')) {
        out.chop(1);
    }
    return out;
}

QStringList MenuMatcher::words(const QString& text)
{
    const QStringList all = normalized(text).split(u' ', Qt::SkipEmptyParts);
    QStringList kept;
    for (const QString& word : all) {
        if (!fillerWords().contains(word)) {
            kept.append(word);
        }
    }
    return kept.isEmpty() ? all : kept;
}

int MenuMatcher::distance(QStringView a, QStringView b)
{
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    // Three rows of the edit table: two back for a transposition.
    std::vector<int> before(size_t(m + 1)), previous(size_t(m + 1)), current(size_t(m + 1));
    for (qsizetype j = 0; j <= m; ++j) {
        previous[size_t(j)] = int(j);
    }
    for (qsizetype i = 1; i <= n; ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= m; ++j) {
            const int substitution = a[i - 1] == b[j - 1] ? 0 : 1;
            int best =
                std::min({previous[size_t(j)] + 1, current[size_t(j - 1)] + 1, previous[size_t(j - 1)] + substitution});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                best = std::min(best, before[size_t(j - 2)] + 1);
            }
            current[size_t(j)] = best;
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[size_t(m)];
}

// Edits between a said word and a word of a dish name, plurals free; -1 when too far apart.
int MenuMatcher::wordCost(const QString& said, const QString& name)
{
    int best = -1;
    for (const QString& s : singulars(said)) {
        for (const QString& n : singulars(name)) {
            const int d = distance(s, n);
            if (d <= allowance(std::min(s.size(), n.size())) && (best < 0 || d < best)) {
                best = d;
            }
        }
    }
    return best;
}

bool MenuMatcher::score(const QStringList& said, const QString& saidJoined, const Entry& entry, Score& out)
{
    // Every said word must land on its own word of the name, in any order;
    // the cheapest such assignment wins (names and requests are a few words).
    const QStringList nameWords = entry.words + entry.optionalWords;
    const qsizetype requiredCount = entry.words.size();
    std::vector<std::vector<int>> costs(size_t(said.size()), std::vector<int>(size_t(nameWords.size())));
    for (qsizetype i = 0; i < said.size(); ++i) {
        for (qsizetype j = 0; j < nameWords.size(); ++j) {
            costs[size_t(i)][size_t(j)] = wordCost(said.at(i), nameWords.at(j));
        }
    }
    std::vector<bool> used(size_t(nameWords.size()), false);
    bool found = false;
    Score best;
    const auto search = [&](auto&& self, qsizetype i, int cost) -> void {
        if (i == said.size()) {
            qsizetype requiredSaid = 0;
            for (qsizetype j = 0; j < requiredCount; ++j) {
                requiredSaid += used[size_t(j)] ? 1 : 0;
            }
            const Score candidate{requiredSaid == requiredCount ? 0 : 1, cost};
            if (!found || candidate < best) {
                best = candidate;
                found = true;
            }
            return;
        }
        for (qsizetype j = 0; j < nameWords.size(); ++j) {
            const int c = costs[size_t(i)][size_t(j)];
            if (c >= 0 && !used[size_t(j)]) {
                used[size_t(j)] = true;
                self(self, i + 1, cost + c);
                used[size_t(j)] = false;
            }
        }
    };
    if (said.size() <= nameWords.size()) {
        search(search, 0, 0);
    }
    // Words run together or split apart: "panacotta", "tira misu".
    const int joinedCost = distance(saidJoined, entry.joined);
    if (joinedCost <= allowance(std::min(saidJoined.size(), entry.joined.size()))) {
        const Score joined{0, joinedCost};
        if (!found || joined < best) {
            best = joined;
            found = true;
        }
    }
    out = best;
    return found;
}

MenuMatcher::Match MenuMatcher::match(const QString& spoken) const
{
    Match result;
    const QStringList said = words(spoken);
    if (said.isEmpty()) {
        return result;
    }
    const QString saidJoined = said.join(QString());

    QList<const Entry*> group; // the best-scoring dishes
    Score best;
    for (const Entry& entry : m_entries) {
        Score s;
        if (!score(said, saidJoined, entry, s)) {
            continue;
        }
        if (group.isEmpty() || s < best) {
            group = {&entry};
            best = s;
        } else if (s == best) {
            group.append(&entry);
        }
    }
    if (group.isEmpty()) {
        result.candidates = suggestions(said, saidJoined);
        return result;
    }
    QList<MenuItem> available;
    for (const Entry* entry : group) {
        if (entry->item.available) {
            available.append(entry->item);
        }
    }
    if (group.size() == 1 || available.isEmpty()) {
        result.item = group.first()->item;
        result.outcome = result.item.available ? Outcome::Found : Outcome::SoldOut;
        return result;
    }
    // Several dishes fit equally well: ask rather than guess, even when only
    // one of them is on today (the caller may want the one that is not).
    result.outcome = Outcome::Ambiguous;
    result.candidates = available;
    return result;
}

QList<MenuItem> MenuMatcher::suggestions(const QStringList& said, const QString& saidJoined) const
{
    struct Near
    {
        const Entry* entry;
        int wordsNear;
        int joinedDistance;
    };
    QList<Near> near;
    for (const Entry& entry : m_entries) {
        if (!entry.item.available) {
            continue;
        }
        int wordsNear = 0;
        for (const QString& s : said) {
            for (const QString& n : entry.words + entry.optionalWords) {
                // Looser than a match: a third of the word may differ, or one starts the other.
                const int d = distance(s, n);
                const qsizetype shorter = std::min(s.size(), n.size());
                if ((shorter >= 3 && d <= std::max<qsizetype>(1, shorter / 3))
                    || (shorter >= 4 && (s.startsWith(n) || n.startsWith(s)))) {
                    ++wordsNear;
                    break;
                }
            }
        }
        const int joinedDistance = distance(saidJoined, entry.joined);
        if (wordsNear > 0 || joinedDistance <= std::max(saidJoined.size(), entry.joined.size()) / 3) {
            near.append({&entry, wordsNear, joinedDistance});
        }
    }
    std::stable_sort(near.begin(), near.end(), [](const Near& a, const Near& b) {
        return a.wordsNear != b.wordsNear ? a.wordsNear > b.wordsNear : a.joinedDistance < b.joinedDistance;
    });
    QList<MenuItem> out;
    for (qsizetype i = 0; i < near.size() && i < MAX_SUGGESTIONS; ++i) {
        out.append(near.at(i).entry->item);
    }
    return out;
}
