#include "staffjson.h"

#include "dinerjson.h"

#include <QJsonDocument>

using nlohmann::json;

namespace
{

std::string text(const QString& s)
{
    return s.toStdString();
}

} // namespace

json StaffJson::queue(const QueueSnapshot& snapshot)
{
    // {"restaurant": {"id", "name", "slug", "timezone"}, "generated_at",
    //  "parties": [party...] (waiting and notified in queue order, then seated),
    //  "tables": [table...]}
    json parties = json::array();
    for (const Party& p : snapshot.parties) {
        parties.push_back(party(p));
    }
    json tables = json::array();
    for (const QueueSnapshot::Table& t : snapshot.tables) {
        tables.push_back(table(t));
    }
    return {
        {"restaurant",
         {{"id", snapshot.restaurantId},
          {"name", text(snapshot.restaurantName)},
          {"slug", text(snapshot.slug)},
          {"timezone", text(snapshot.timezone)}}},
        {"generated_at", DinerJson::time(snapshot.now)},
        {"parties", parties},
        {"tables", tables},
    };
}

json StaffJson::party(const Party& p)
{
    // What the diner sees (DinerJson::party) without the diner's secret link
    // token, plus {"id", "phone", "notes", "source", "quoted_at_join_minutes",
    // "left_at"}. The short code is for reading aloud and stays.
    json out = DinerJson::party(p);
    out.erase("token");
    out["id"] = p.id;
    out["phone"] = text(p.phone);
    out["notes"] = text(p.notes);
    out["source"] = text(p.source);
    out["quoted_at_join_minutes"] = p.quotedMinutes;
    out["left_at"] = DinerJson::time(p.leftAt);
    return out;
}

json StaffJson::table(const QueueSnapshot::Table& t)
{
    // {"id", "label", "seats", "combinable", "state", "party": null | {"id", "name", "party_size", "seated_at"}}
    json out = {
        {"id", t.table.id},
        {"label", text(t.table.label)},
        {"seats", t.table.seats},
        {"combinable", t.table.combinable},
        {"state", text(DiningTable::stateToString(t.table.state))},
        {"party", nullptr},
    };
    if (t.partyId != 0) {
        out["party"] = {{"id", t.partyId},
                        {"name", text(t.partyName)},
                        {"party_size", t.partySize},
                        {"seated_at", DinerJson::time(t.seatedAt)}};
    }
    return out;
}

json StaffJson::event(const DomainEvent& event)
{
    // {"id", "type", "restaurant_id", "occurred_at", "payload": {...}}
    const QByteArray payload = QJsonDocument(event.payload).toJson(QJsonDocument::Compact);
    return {
        {"id", event.id},
        {"type", text(event.type)},
        {"restaurant_id", event.restaurantId},
        {"occurred_at", DinerJson::time(event.occurredAt)},
        {"payload", json::parse(payload.cbegin(), payload.cend(), nullptr, false)},
    };
}
