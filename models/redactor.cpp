#include "redactor.h"

#include <QRegularExpression>
#include <algorithm>

namespace
{

QString folded(const QString& text)
{
    // "José" → "Jose": the same name typed with or without accents.
    QString decomposed = text.normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : std::as_const(decomposed)) {
        if (c.category() != QChar::Mark_NonSpacing) {
            out.append(c);
        }
    }
    return out;
}

const QRegularExpression& emailPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+"));
    return pattern;
}

// Runs of digits with the separators people write phone and card numbers
// with; whether a run is one is decided by phoneLike().
const QRegularExpression& numberRunPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("(?<![\\p{L}\\p{N}])\\+?\\(?\\d[\\d \\t().\\-/]{4,}\\d(?![\\p{L}\\p{N}])"));
    return pattern;
}

bool phoneLike(const QString& run)
{
    const qsizetype digits = std::count_if(run.cbegin(), run.cend(), [](QChar c) { return c.isDigit(); });
    if (digits < 7) {
        return false; // prices, quantities, party sizes, years
    }
    // Dates (2025-03-14, 14/03/2025) and price ranges (12.50-15.00) are not phone numbers.
    static const QRegularExpression date(
        QStringLiteral("^(\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4})$"));
    static const QRegularExpression priceRange(QStringLiteral("^\\d{1,4}[.,]\\d{2}\\s*[-/]\\s*\\d{1,4}[.,]\\d{2}$"));
    const QString trimmed = run.trimmed();
    return !date.match(trimmed).hasMatch() && !priceRange.match(trimmed).hasMatch();
}

// "my name is Ana", "call me Ana", "me llamo Ana García": any word after
// these; after "I'm", "soy" or "this is" only a capitalised one ("I'm
// vegetarian" is no name). Group 1 ends where the name begins.
const QList<QRegularExpression>& introductionPatterns()
{
    static const QString name = QStringLiteral("[\\p{L}][\\p{L}'’\\-]*((\\s+)\\p{Lu}[\\p{L}'’\\-]*){0,2}");
    static const QString capitalised = QStringLiteral("\\p{Lu}[\\p{L}'’\\-]*((\\s+)\\p{Lu}[\\p{L}'’\\-]*){0,2}");
    static const QList<QRegularExpression> patterns{
        QRegularExpression(QStringLiteral("(?<![\\p{L}])((?i:my name is|my name's|name's|call me|me llamo|mi nombre "
                                          "es|me dicen)\\s+)(?!(?i:and|y|but|pero)\\b)")
                           + name),
        QRegularExpression(QStringLiteral("(?<![\\p{L}])((?i:i am|i'm|i’m|soy|this is|aquí)\\s+)") + capitalised),
    };
    return patterns;
}

} // namespace

Redactor::Redactor(const QStringList& names)
{
    for (const QString& name : names) {
        const QString whole = name.simplified();
        if (whole.size() < 2) {
            continue;
        }
        m_names << whole;
        // Each part of a full name on its own too ("Ana" of "Ana García").
        const QStringList parts = whole.split(u' ', Qt::SkipEmptyParts);
        if (parts.size() > 1) {
            for (const QString& part : parts) {
                if (part.size() >= 3) {
                    m_names << part;
                }
            }
        }
    }
    m_names.removeDuplicates();
    std::sort(m_names.begin(), m_names.end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
}

QString Redactor::redact(const QString& text) const
{
    QString out = text;
    out.replace(emailPattern(), EMAIL);

    // Phone and card numbers, from the last so earlier positions stay right.
    QList<QRegularExpressionMatch> runs;
    auto numbers = numberRunPattern().globalMatch(out);
    while (numbers.hasNext()) {
        runs.append(numbers.next());
    }
    for (auto it = runs.crbegin(); it != runs.crend(); ++it) {
        if (phoneLike(it->captured(0))) {
            out.replace(it->capturedStart(0), it->capturedLength(0), PHONE);
        }
    }

    // Names people give themselves: the words after the introduction go, the introduction stays.
    for (const QRegularExpression& pattern : introductionPatterns()) {
        QList<QRegularExpressionMatch> introductions;
        auto intro = pattern.globalMatch(out);
        while (intro.hasNext()) {
            introductions.append(intro.next());
        }
        for (auto it = introductions.crbegin(); it != introductions.crend(); ++it) {
            const qsizetype nameStart = it->capturedEnd(1);
            out.replace(nameStart, it->capturedEnd(0) - nameStart, NAME);
        }
    }

    for (const QString& name : m_names) {
        for (const QString& form : {name, folded(name)}) {
            const QRegularExpression whole(QStringLiteral("(?<![\\p{L}\\p{N}])") + QRegularExpression::escape(form)
                                               + QStringLiteral("(?![\\p{L}\\p{N}])"),
                                           QRegularExpression::CaseInsensitiveOption);
            out.replace(whole, NAME);
        }
    }
    return out;
}

ChatRequest Redactor::redact(const ChatRequest& request) const
{
    ChatRequest out = request;
    for (ChatMessage& message : out.messages) {
        if (message.role == ChatMessage::Role::System) {
            continue; // the restaurant's own instructions (its assistant's name stays)
        }
        message.content = redact(message.content);
        for (ChatToolCall& call : message.toolCalls) {
            call.arguments = redact(call.arguments);
        }
    }
    return out;
}
