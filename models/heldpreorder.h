#pragma once

#include "kitchenticket.h"
#include "partystatus.h"

#include <QDateTime>
#include <QList>
#include <QString>

// A pre-order held for its party, shown to the kitchen ahead of its fire time
// ("coming up"); it becomes tickets when it is fired.
struct HeldPreorder
{
    qint64 orderId = 0;
    qint64 partyId = 0;
    QString partyName;
    int partySize = 0;
    PartyStatus partyStatus = PartyStatus::Waiting;
    QString code;
    QDateTime fireAt; // when it goes to the kitchen, kept current by the queue
    int longestPrepMinutes = 0;
    QList<KitchenTicketItem> items; // not on a ticket yet: ids are 0
};
