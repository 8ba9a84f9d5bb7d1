#pragma once

#include "orderstatus.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>

// One line of a kitchen ticket: an order line as the cook reads it.
struct KitchenTicketItem
{
    enum class Status
    {
        Open, // not started yet
        Started,
        Done // bumped
    };

    qint64 id = 0; // ticket_items.id; 0 for a held pre-order's line (no ticket yet)
    qint64 ticketId = 0;
    qint64 orderItemId = 0;
    qint64 menuItemId = 0;
    QString name;
    int quantity = 0;
    QString note;
    QStringList modifiers;
    QString station;
    Status status = Status::Open;
    QDateTime startedAt;
    QDateTime bumpedAt;

    static QString statusToString(Status status);
    static std::optional<Status> statusFromString(const QString& text);
};

// A ticket on a kitchen screen: one station's share of an order, or the expo
// ticket that follows the whole order (its items are every station's).
struct KitchenTicket
{
    enum class Status
    {
        Open,
        Bumped
    };

    qint64 id = 0;
    qint64 restaurantId = 0;
    qint64 orderId = 0;
    bool expo = false;
    QString station; // empty for the expo ticket
    Status status = Status::Open;
    QDateTime createdAt; // when the order reached the kitchen (a pre-order's fire time)
    QDateTime bumpedAt;
    QDateTime recalledAt; // the last recall, if any
    int recallCount = 0;

    QString orderKind; // preorder, dine_in, takeout, delivery or voice
    OrderStatus orderStatus = OrderStatus::Received;
    QString orderCode; // read aloud at the pass
    QString tableLabel; // "T5", or "T5+T6" for combined tables; empty when not seated
    QString guestName; // the party's or the customer's name, if known
    QList<KitchenTicketItem> items;

    bool isRecalled() const { return status == Status::Open && recalledAt.isValid(); }
    // Seconds since the ticket reached the kitchen, against the database's clock.
    qint64 ageSeconds(const QDateTime& now) const { return createdAt.isValid() ? createdAt.secsTo(now) : 0; }

    static QString statusToString(Status status);
    static std::optional<Status> statusFromString(const QString& text);
};

Q_DECLARE_METATYPE(KitchenTicket)
