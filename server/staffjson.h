#pragma once

#include "domainevent.h"
#include "queuesnapshot.h"

#include <nlohmann/json.hpp>

// The staff API's wire format: the live queue with what only staff may see
// (phones, notes, codes), and domain events for the event stream.
class StaffJson final
{
public:
    static nlohmann::json queue(const QueueSnapshot& snapshot);
    static nlohmann::json party(const Party& party);
    static nlohmann::json table(const QueueSnapshot::Table& table);
    static nlohmann::json event(const DomainEvent& event);
};
