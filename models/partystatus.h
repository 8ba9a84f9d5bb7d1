#pragma once

#include "result.h"

#include <QString>
#include <optional>

// The life of a queue entry: waiting → notified → seated → done, and
// waiting|notified → cancelled | no_show. Anything else is rejected.
enum class PartyStatus
{
    Waiting,
    Notified,
    Seated,
    Done,
    Cancelled,
    NoShow
};

namespace PartyStatusRules
{
bool canTransition(PartyStatus from, PartyStatus to);
// The new status, or a Conflict error that says which move was refused.
Result<PartyStatus> transition(PartyStatus from, PartyStatus to);
bool isActive(PartyStatus status);
QString toString(PartyStatus status);
std::optional<PartyStatus> fromString(const QString& text);
} // namespace PartyStatusRules
