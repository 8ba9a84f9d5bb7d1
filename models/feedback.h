#pragma once

#include <QDateTime>
#include <QString>

// A diner's rating of one visit (a party) or one order.
struct Feedback
{
    qint64 id = 0;
    QString subject; // "visit" or "order"
    int rating = 0; // 1–5
    QString comment;
    QDateTime createdAt;
};
