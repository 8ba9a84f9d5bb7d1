#pragma once

#include "orderstatus.h"
#include "partystatus.h"
#include "waitestimator.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

// One line of a pre-order, priced by the server.
struct PreorderLine
{
    qint64 menuItemId = 0;
    QString name;
    int quantity = 0;
    QString note;
    int unitPriceCents = 0;
    int prepMinutes = 0;

    int lineTotalCents() const { return quantity * unitPriceCents; }
};

// A party's pre-order: an order held until it is fired to the kitchen.
struct Preorder
{
    qint64 orderId = 0;
    OrderStatus status = OrderStatus::Held;
    QDateTime fireAt;
    QList<PreorderLine> lines;

    int subtotalCents() const;
    int longestPrepMinutes() const;
};

// A queue entry with what the host and the diner see of it: its place in the
// queue and the current quote are computed from the live queue.
struct Party
{
    qint64 id = 0;
    qint64 restaurantId = 0;
    QString name;
    int size = 0;
    QString phone;
    QString notes;
    QString source; // "diner" or "host"
    PartyStatus status = PartyStatus::Waiting;
    QString token;
    QString code;
    QDateTime joinedAt;
    QDateTime notifiedAt;
    QDateTime seatedAt;
    QDateTime leftAt;
    int quotedMinutes = 0; // the quote given at join, kept for accuracy
    int holdMinutes = 10; // how long a notified party's table is held
    int position = 0; // 1-based among waiting and notified parties; 0 otherwise
    WaitQuote quote; // now, from the live queue
    QList<QString> tableLabels;
    std::optional<Preorder> preorder;

    bool isActive() const { return PartyStatusRules::isActive(status); }
    QDateTime holdUntil() const { return notifiedAt.isValid() ? notifiedAt.addSecs(holdMinutes * 60LL) : QDateTime(); }
};

Q_DECLARE_METATYPE(Party)
