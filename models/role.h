#pragma once

#include <QList>
#include <QString>
#include <optional>

// What a member of staff is: the permission table (Permissions) says what each may do.
enum class Role
{
    Host,
    Kitchen,
    Manager,
    Owner
};

namespace Roles
{
QList<Role> all();
// The database spelling: "host", "kitchen", "manager", "owner".
QString toString(Role role);
std::optional<Role> fromString(const QString& text);
// For people: "Host", "Kitchen", "Manager", "Owner", translated.
QString displayName(Role role);
} // namespace Roles
