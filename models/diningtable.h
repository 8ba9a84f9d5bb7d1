#pragma once

#include <QMetaType>
#include <QString>
#include <optional>

// A table in the dining room, as the host sees it.
struct DiningTable
{
    enum class State
    {
        Free,
        Occupied,
        Dirty, // the party left; needs cleaning before the next
        Reserved,
        OutOfService
    };

    qint64 id = 0;
    QString label;
    int seats = 0;
    bool combinable = false;
    State state = State::Free;

    static QString stateToString(State state);
    static std::optional<State> stateFromString(const QString& text);
};
