#include "datephraseparser.h"

#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <optional>

namespace
{

// Lower case, no accents, punctuation as spaces: "¿El sábado?" → "el sabado".
QString normalized(const QString& text)
{
    const QString decomposed = text.toLower().normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() == QChar::Mark_NonSpacing) {
            continue;
        }
        out.append(c.isLetterOrNumber() ? c : QChar(u' '));
    }
    return out.simplified();
}

const QHash<QString, int>& weekdays()
{
    static const QHash<QString, int> days{
        {QStringLiteral("monday"), 1},
        {QStringLiteral("tuesday"), 2},
        {QStringLiteral("wednesday"), 3},
        {QStringLiteral("thursday"), 4},
        {QStringLiteral("friday"), 5},
        {QStringLiteral("saturday"), 6},
        {QStringLiteral("sunday"), 7},
        {QStringLiteral("lunes"), 1},
        {QStringLiteral("martes"), 2},
        {QStringLiteral("miercoles"), 3},
        {QStringLiteral("jueves"), 4},
        {QStringLiteral("viernes"), 5},
        {QStringLiteral("sabado"), 6},
        {QStringLiteral("domingo"), 7},
    };
    return days;
}

const QHash<QString, int>& months()
{
    static const QHash<QString, int> names{
        {QStringLiteral("january"), 1},  {QStringLiteral("february"), 2},   {QStringLiteral("march"), 3},
        {QStringLiteral("april"), 4},    {QStringLiteral("may"), 5},        {QStringLiteral("june"), 6},
        {QStringLiteral("july"), 7},     {QStringLiteral("august"), 8},     {QStringLiteral("september"), 9},
        {QStringLiteral("october"), 10}, {QStringLiteral("november"), 11},  {QStringLiteral("december"), 12},
        {QStringLiteral("jan"), 1},      {QStringLiteral("feb"), 2},        {QStringLiteral("apr"), 4},
        {QStringLiteral("jun"), 6},      {QStringLiteral("jul"), 7},        {QStringLiteral("aug"), 8},
        {QStringLiteral("sep"), 9},      {QStringLiteral("sept"), 9},       {QStringLiteral("oct"), 10},
        {QStringLiteral("nov"), 11},     {QStringLiteral("dec"), 12},       {QStringLiteral("enero"), 1},
        {QStringLiteral("febrero"), 2},  {QStringLiteral("marzo"), 3},      {QStringLiteral("abril"), 4},
        {QStringLiteral("mayo"), 5},     {QStringLiteral("junio"), 6},      {QStringLiteral("julio"), 7},
        {QStringLiteral("agosto"), 8},   {QStringLiteral("septiembre"), 9}, {QStringLiteral("setiembre"), 9},
        {QStringLiteral("octubre"), 10}, {QStringLiteral("noviembre"), 11}, {QStringLiteral("diciembre"), 12},
    };
    return names;
}

QString alternation(const QHash<QString, int>& names)
{
    QStringList keys = names.keys();
    // Longest first, so "sept" is tried before "sep".
    std::sort(keys.begin(), keys.end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
    return u'(' + keys.join(u'|') + u')';
}

struct Candidate
{
    qsizetype start = 0;
    qsizetype length = 0;
    QDate first;
    QDate last;
};

QDate mondayOf(const QDate& day)
{
    return day.addDays(1 - day.dayOfWeek());
}

} // namespace

DatePhraseParser::DatePhraseParser(const QTimeZone& zone, std::function<QDateTime()> clock)
    : m_zone(zone.isValid() ? zone : QTimeZone::UTC)
    , m_clock(clock ? std::move(clock) : std::function<QDateTime()>([] { return QDateTime::currentDateTimeUtc(); }))
{ }

QDate DatePhraseParser::today() const
{
    return m_clock().toTimeZone(m_zone).date();
}

DatePhraseParser::Period DatePhraseParser::period(const QDate& first, const QDate& last, const QString& phrase) const
{
    Period p;
    p.understood = first.isValid() && last.isValid() && first <= last;
    if (!p.understood) {
        return p;
    }
    p.first = first;
    p.last = last;
    // Local midnights; on a day that skips midnight (a DST gap) Qt moves forward.
    p.from = QDateTime(first, QTime(0, 0), m_zone).toUTC();
    p.to = QDateTime(last.addDays(1), QTime(0, 0), m_zone).toUTC();
    p.phrase = phrase;
    return p;
}

DatePhraseParser::Period DatePhraseParser::parse(const QString& text) const
{
    const QString said = normalized(text);
    const QDate now = today();
    const QString day = alternation(weekdays());
    const QString month = alternation(months());
    QList<Candidate> found;

    const auto each = [&](const QString& pattern,
                          const std::function<std::optional<Candidate>(const QRegularExpressionMatch&)>& make) {
        const QRegularExpression re(QStringLiteral("\\b") + pattern + QStringLiteral("\\b"));
        auto it = re.globalMatch(said);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            if (std::optional<Candidate> c = make(m)) {
                c->start = m.capturedStart(0);
                c->length = m.capturedLength(0);
                found.append(*c);
            }
        }
    };
    const auto single = [](const QDate& d) { return std::optional<Candidate>(Candidate{0, 0, d, d}); };
    const auto weekdayOf = [](const QString& name) { return weekdays().value(name); };
    const auto monthOf = [](const QString& name) { return months().value(name); };

    each(QStringLiteral("(today|tonight|hoy|esta noche|esta manana|this morning)"), [&](auto&) { return single(now); });
    each(QStringLiteral("(yesterday|last night|ayer|anoche)"), [&](auto&) { return single(now.addDays(-1)); });
    each(QStringLiteral("(day before yesterday|anteayer|antes de ayer)"),
         [&](auto&) { return single(now.addDays(-2)); });
    each(QStringLiteral("(tomorrow|(?<!esta )(?<!la )manana)"), [&](auto&) { return single(now.addDays(1)); });
    each(QStringLiteral("(last|past|previous) (\\d{1,3}) days"), [&](const QRegularExpressionMatch& m) {
        const int n = m.captured(2).toInt();
        return n < 1 ? std::nullopt : std::optional<Candidate>(Candidate{0, 0, now.addDays(1 - n), now});
    });
    each(QStringLiteral("(los )?ultimos (\\d{1,3}) dias"), [&](const QRegularExpressionMatch& m) {
        const int n = m.captured(2).toInt();
        return n < 1 ? std::nullopt : std::optional<Candidate>(Candidate{0, 0, now.addDays(1 - n), now});
    });
    each(QStringLiteral("(this week|esta semana)"),
         [&](auto&) { return std::optional<Candidate>(Candidate{0, 0, mondayOf(now), mondayOf(now).addDays(6)}); });
    each(QStringLiteral("(last week|previous week|(la )?semana pasada)"), [&](auto&) {
        const QDate monday = mondayOf(now).addDays(-7);
        return std::optional<Candidate>(Candidate{0, 0, monday, monday.addDays(6)});
    });
    each(QStringLiteral("(next week|(la )?semana que viene|(la )?proxima semana)"), [&](auto&) {
        const QDate monday = mondayOf(now).addDays(7);
        return std::optional<Candidate>(Candidate{0, 0, monday, monday.addDays(6)});
    });
    each(QStringLiteral("(this month|este mes)"), [&](auto&) {
        const QDate first(now.year(), now.month(), 1);
        return std::optional<Candidate>(Candidate{0, 0, first, first.addMonths(1).addDays(-1)});
    });
    each(QStringLiteral("(last month|previous month|(el )?mes pasado)"), [&](auto&) {
        const QDate first = QDate(now.year(), now.month(), 1).addMonths(-1);
        return std::optional<Candidate>(Candidate{0, 0, first, first.addMonths(1).addDays(-1)});
    });
    // The latest such weekday before today.
    const auto lastWeekday = [&](int weekday) {
        int back = now.dayOfWeek() - weekday;
        if (back <= 0) {
            back += 7;
        }
        return single(now.addDays(-back));
    };
    // The next one, today included (or not).
    const auto nextWeekday = [&](int weekday, bool todayCounts) {
        int ahead = weekday - now.dayOfWeek();
        if (ahead < 0 || (ahead == 0 && !todayCounts)) {
            ahead += 7;
        }
        return single(now.addDays(ahead));
    };
    each(QStringLiteral("(last|previous) ") + day,
         [&](const QRegularExpressionMatch& m) { return lastWeekday(weekdayOf(m.captured(2))); });
    each(QStringLiteral("(el )?") + day + QStringLiteral(" pasado"),
         [&](const QRegularExpressionMatch& m) { return lastWeekday(weekdayOf(m.captured(2))); });
    each(QStringLiteral("next ") + day,
         [&](const QRegularExpressionMatch& m) { return nextWeekday(weekdayOf(m.captured(1)), false); });
    each(QStringLiteral("(el )?(proximo )?") + day + QStringLiteral(" que viene"),
         [&](const QRegularExpressionMatch& m) { return nextWeekday(weekdayOf(m.captured(3)), false); });
    each(QStringLiteral("el proximo ") + day,
         [&](const QRegularExpressionMatch& m) { return nextWeekday(weekdayOf(m.captured(1)), false); });
    each(QStringLiteral("(on |this |este |el )?") + day,
         [&](const QRegularExpressionMatch& m) { return nextWeekday(weekdayOf(m.captured(2)), true); });

    // A date without a year: the latest one, unless it lies within the coming week
    // (a question about the days ahead, as the forecast answers).
    const auto dated = [&](int dayOfMonth, int monthNumber, const QString& year) -> std::optional<Candidate> {
        if (!year.isEmpty()) {
            const QDate d(year.toInt(), monthNumber, dayOfMonth);
            return d.isValid() ? single(d) : std::nullopt;
        }
        QDate d(now.year(), monthNumber, dayOfMonth);
        if (!d.isValid()) {
            d = QDate(now.year() - 1, monthNumber, dayOfMonth); // 29 February
            return d.isValid() ? single(d) : std::nullopt;
        }
        if (d > now.addDays(7)) {
            d = QDate(now.year() - 1, monthNumber, dayOfMonth);
        }
        return d.isValid() ? single(d) : std::nullopt;
    };
    each(QStringLiteral("(on )?(the )?(\\d{1,2})(st|nd|rd|th)? (of )?") + month + QStringLiteral("( (\\d{4}))?"),
         [&](const QRegularExpressionMatch& m) {
             return dated(m.captured(3).toInt(), monthOf(m.captured(6)), m.captured(8));
         });
    each(QStringLiteral("(on )?") + month + QStringLiteral(" (the )?(\\d{1,2})(st|nd|rd|th)?( (\\d{4}))?"),
         [&](const QRegularExpressionMatch& m) {
             return dated(m.captured(4).toInt(), monthOf(m.captured(2)), m.captured(7));
         });
    each(QStringLiteral("(el )?(\\d{1,2}) de ") + month + QStringLiteral("( de (\\d{4}))?"),
         [&](const QRegularExpressionMatch& m) {
             return dated(m.captured(2).toInt(), monthOf(m.captured(3)), m.captured(5));
         });
    // In a month: the latest one that has begun.
    each(QStringLiteral("(in|during|en|durante)( el mes de)? ") + month + QStringLiteral("( (de )?(\\d{4}))?"),
         [&](const QRegularExpressionMatch& m) -> std::optional<Candidate> {
             const int monthNumber = monthOf(m.captured(3));
             int year = m.captured(6).isEmpty() ? now.year() : m.captured(6).toInt();
             if (m.captured(6).isEmpty() && monthNumber > now.month()) {
                 --year;
             }
             const QDate first(year, monthNumber, 1);
             if (!first.isValid()) {
                 return std::nullopt;
             }
             return Candidate{0, 0, first, first.addMonths(1).addDays(-1)};
         });

    if (found.isEmpty()) {
        return {};
    }
    // The first phrase in the question; of two starting together, the longer.
    const Candidate* best = &found.first();
    for (const Candidate& c : std::as_const(found)) {
        if (c.start < best->start || (c.start == best->start && c.length > best->length)) {
            best = &c;
        }
    }
    return period(best->first, best->last, said.mid(best->start, best->length));
}
