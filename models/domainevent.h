#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <optional>

// Something that happened and was committed, as announced by pg_notify and
// kept in the append-only `events` table.
struct DomainEvent
{
    qint64 id = 0;
    qint64 restaurantId = 0;
    QString type; // e.g. "table.updated", "party.seated"
    QDateTime occurredAt;
    QJsonObject payload;

    // Parses the JSON text the events trigger sends with pg_notify.
    static std::optional<DomainEvent> fromJson(const QByteArray& json);
};

Q_DECLARE_METATYPE(DomainEvent)
