#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

struct KitchenTicket;

// What a printed kitchen chit says, line by line, before any printer's
// encoding: the ESC/POS and PDF renderings both draw these lines, so the two
// never disagree on content or wording.
class KitchenChit final
{
    Q_DECLARE_TR_FUNCTIONS(KitchenChit)

public:
    struct Line
    {
        enum class Style
        {
            Title, // the station, as large as the printer goes
            Heading, // order code and table
            Item, // "2 x Burger"
            Detail, // a modifier or a note, indented under its item
            Normal,
            Rule // a separating line; `text` is empty
        };

        Style style = Style::Normal;
        QString text;
    };

    qint64 ticketId = 0;
    QString orderCode;
    QString station; // empty for the expo ticket
    QDateTime printedAt; // UTC
    QList<Line> lines;

    static KitchenChit fromTicket(const KitchenTicket& ticket, const QDateTime& printedAt);
    // The order kind as the kitchen reads it: "Takeout", "Dine in", ...
    static QString kindLabel(const QString& kind);
};

Q_DECLARE_METATYPE(KitchenChit)
