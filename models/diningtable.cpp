#include "diningtable.h"

QString DiningTable::stateToString(State state)
{
    switch (state) {
    case State::Free:
        return QStringLiteral("free");
    case State::Occupied:
        return QStringLiteral("occupied");
    case State::Dirty:
        return QStringLiteral("dirty");
    case State::Reserved:
        return QStringLiteral("reserved");
    case State::OutOfService:
        return QStringLiteral("out_of_service");
    }
    return {};
}

std::optional<DiningTable::State> DiningTable::stateFromString(const QString& text)
{
    for (auto s : {State::Free, State::Occupied, State::Dirty, State::Reserved, State::OutOfService}) {
        if (stateToString(s) == text) {
            return s;
        }
    }
    return std::nullopt;
}
