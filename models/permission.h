#pragma once

#include "role.h"

#include <QList>
#include <QString>

// Something only some roles may do. The models layer checks it (Actor::require);
// the UI hides or disables what the signed-in role may not use.
enum class Permission
{
    SeatAndNotify, // notify, seat, finish, no-show, cancel a party; table states
    Bump, // start, bump and recall kitchen tickets
    CancelOrders,
    RefundOrders,
    EditMenu, // items, prices, availability (86), categories, menu import
    EditSettings, // restaurant profile, tables, wait, tax, providers, printers
    ViewAnalytics, // dashboard and co-pilot
    ManageStaff, // staff accounts and API tokens
    ViewAudit,
    Export
};

namespace Permissions
{
QList<Permission> all();
// The permission table: host seats and notifies; kitchen bumps; manager does
// everything but manage the owner; owner does everything.
bool allows(Role role, Permission permission);
QString toString(Permission permission);
// For people, translated: "seat and notify parties".
QString describe(Permission permission);
} // namespace Permissions
