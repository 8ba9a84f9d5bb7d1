#pragma once

#include <QString>

// A domain failure, carried as a value across layers (never as an exception).
struct Error
{
    enum class Kind
    {
        Invalid, // a field is wrong; `field` names it
        NotFound, // no such entity
        Conflict, // a rejected state transition or a clash with existing data
        Forbidden, // the actor's role may not do this (or a sign-in was refused)
        Declined, // a payment was refused (402); nothing was written
        Unavailable, // the database cannot be reached
        Internal // a bug or an unexpected database answer
    };

    Kind kind = Kind::Internal;
    QString message;
    QString field;

    static Error invalid(const QString& field, const QString& message) { return {Kind::Invalid, message, field}; }
    static Error notFound(const QString& message) { return {Kind::NotFound, message, {}}; }
    static Error conflict(const QString& message) { return {Kind::Conflict, message, {}}; }
    static Error forbidden(const QString& message) { return {Kind::Forbidden, message, {}}; }
    static Error declined(const QString& message) { return {Kind::Declined, message, {}}; }
    static Error unavailable(const QString& message) { return {Kind::Unavailable, message, {}}; }
    static Error internal(const QString& message) { return {Kind::Internal, message, {}}; }
};
