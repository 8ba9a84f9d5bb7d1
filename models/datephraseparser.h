#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QTimeZone>
#include <functional>

// Finds the period a manager's question is about ("how long did people wait
// last Friday?", "¿qué se vendió más el mes pasado?") in the restaurant's time
// zone: today, yesterday, tomorrow, last/next <weekday>, <weekday> (the next
// one, today included), this/last week (Monday to Sunday), this/last month,
// in <month> [year] (the latest one that has begun), on <day> <month> [year]
// (the latest, unless it is within the coming week), the last N days. English
// and Spanish. Says plainly when it finds no period.
class DatePhraseParser final
{
public:
    struct Period
    {
        bool understood = false;
        QDate first; // local dates, inclusive
        QDate last;
        QDateTime from; // UTC instants, [from, to)
        QDateTime to;
        QString phrase; // the words that named it, as written
        bool operator==(const Period&) const = default;
    };

    // `clock` gives the current instant (a seam for tests); empty: the system clock.
    explicit DatePhraseParser(const QTimeZone& zone, std::function<QDateTime()> clock = {});

    // The first period named in `text`; understood == false when there is none.
    Period parse(const QString& text) const;
    // The local dates `first`…`last` as a Period (for callers that know the dates).
    Period period(const QDate& first, const QDate& last, const QString& phrase = {}) const;
    QDate today() const;

private:
    QTimeZone m_zone;
    std::function<QDateTime()> m_clock;
};
