#pragma once

#include <QList>
#include <QString>

// What a diner (or the host, for a walk-in) asks for when joining the queue.
struct JoinRequest
{
    struct Item
    {
        qint64 menuItemId = 0;
        int quantity = 0;
        QString note;
    };

    QString name;
    int partySize = 0;
    QString phone;
    QString notes;
    QString source = QStringLiteral("diner");
    QList<Item> items;
    // Retries with the same key return the first result; empty: no retry protection.
    QString idempotencyKey;
    // A digest of the request body, to tell a retry from a different request
    // that reuses a key.
    QString fingerprint;
};
