#include "role.h"

#include <QCoreApplication>

namespace Roles
{
QList<Role> all()
{
    return {Role::Host, Role::Kitchen, Role::Manager, Role::Owner};
}

QString toString(Role role)
{
    switch (role) {
    case Role::Host:
        return QStringLiteral("host");
    case Role::Kitchen:
        return QStringLiteral("kitchen");
    case Role::Manager:
        return QStringLiteral("manager");
    case Role::Owner:
        return QStringLiteral("owner");
    }
    return {};
}

std::optional<Role> fromString(const QString& text)
{
    for (Role role : all()) {
        if (toString(role) == text) {
            return role;
        }
    }
    return std::nullopt;
}

QString displayName(Role role)
{
    switch (role) {
    case Role::Host:
        return QCoreApplication::translate("Roles", "Host");
    case Role::Kitchen:
        return QCoreApplication::translate("Roles", "Kitchen");
    case Role::Manager:
        return QCoreApplication::translate("Roles", "Manager");
    case Role::Owner:
        return QCoreApplication::translate("Roles", "Owner");
    }
    return {};
}
} // namespace Roles
