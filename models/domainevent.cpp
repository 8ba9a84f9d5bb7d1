#include "domainevent.h"

#include <QJsonDocument>

std::optional<DomainEvent> DomainEvent::fromJson(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    DomainEvent event;
    event.id = o.value(QLatin1String("id")).toInteger();
    event.restaurantId = o.value(QLatin1String("restaurant_id")).toInteger();
    event.type = o.value(QLatin1String("type")).toString();
    event.occurredAt = QDateTime::fromString(o.value(QLatin1String("occurred_at")).toString(), Qt::ISODateWithMs);
    event.payload = o.value(QLatin1String("payload")).toObject();
    if (event.id <= 0 || event.type.isEmpty()) {
        return std::nullopt;
    }
    return event;
}
