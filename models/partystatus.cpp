#include "partystatus.h"

#include <QCoreApplication>

namespace PartyStatusRules
{

bool canTransition(PartyStatus from, PartyStatus to)
{
    switch (from) {
    case PartyStatus::Waiting:
        return to == PartyStatus::Notified || to == PartyStatus::Cancelled || to == PartyStatus::NoShow;
    case PartyStatus::Notified:
        return to == PartyStatus::Seated || to == PartyStatus::Cancelled || to == PartyStatus::NoShow;
    case PartyStatus::Seated:
        return to == PartyStatus::Done;
    case PartyStatus::Done:
    case PartyStatus::Cancelled:
    case PartyStatus::NoShow:
        return false;
    }
    return false;
}

Result<PartyStatus> transition(PartyStatus from, PartyStatus to)
{
    if (!canTransition(from, to)) {
        return unexpected(
            Error::conflict(QCoreApplication::translate("PartyStatus", "A party that is %1 cannot become %2.")
                                .arg(toString(from), toString(to))));
    }
    return to;
}

bool isActive(PartyStatus status)
{
    return status == PartyStatus::Waiting || status == PartyStatus::Notified;
}

QString toString(PartyStatus status)
{
    switch (status) {
    case PartyStatus::Waiting:
        return QStringLiteral("waiting");
    case PartyStatus::Notified:
        return QStringLiteral("notified");
    case PartyStatus::Seated:
        return QStringLiteral("seated");
    case PartyStatus::Done:
        return QStringLiteral("done");
    case PartyStatus::Cancelled:
        return QStringLiteral("cancelled");
    case PartyStatus::NoShow:
        return QStringLiteral("no_show");
    }
    return {};
}

std::optional<PartyStatus> fromString(const QString& text)
{
    for (auto s : {PartyStatus::Waiting,
                   PartyStatus::Notified,
                   PartyStatus::Seated,
                   PartyStatus::Done,
                   PartyStatus::Cancelled,
                   PartyStatus::NoShow}) {
        if (toString(s) == text) {
            return s;
        }
    }
    return std::nullopt;
}

} // namespace PartyStatusRules
