#include "permission.h"

#include <QCoreApplication>

namespace Permissions
{
QList<Permission> all()
{
    return {Permission::SeatAndNotify,
            Permission::Bump,
            Permission::CancelOrders,
            Permission::RefundOrders,
            Permission::EditMenu,
            Permission::EditSettings,
            Permission::ViewAnalytics,
            Permission::ManageStaff,
            Permission::ViewAudit,
            Permission::Export};
}

bool allows(Role role, Permission permission)
{
    switch (role) {
    case Role::Owner:
        return true;
    case Role::Manager:
        // Managers run the restaurant; only the owner's account is beyond them
        // (StaffService refuses a manager changing an owner).
        return true;
    case Role::Host:
        return permission == Permission::SeatAndNotify || permission == Permission::CancelOrders;
    case Role::Kitchen:
        return permission == Permission::Bump;
    }
    return false;
}

QString toString(Permission permission)
{
    switch (permission) {
    case Permission::SeatAndNotify:
        return QStringLiteral("seat_notify");
    case Permission::Bump:
        return QStringLiteral("bump");
    case Permission::CancelOrders:
        return QStringLiteral("cancel_orders");
    case Permission::RefundOrders:
        return QStringLiteral("refund_orders");
    case Permission::EditMenu:
        return QStringLiteral("edit_menu");
    case Permission::EditSettings:
        return QStringLiteral("edit_settings");
    case Permission::ViewAnalytics:
        return QStringLiteral("view_analytics");
    case Permission::ManageStaff:
        return QStringLiteral("manage_staff");
    case Permission::ViewAudit:
        return QStringLiteral("view_audit");
    case Permission::Export:
        return QStringLiteral("export");
    }
    return {};
}

QString describe(Permission permission)
{
    switch (permission) {
    case Permission::SeatAndNotify:
        return QCoreApplication::translate("Permissions", "seat and notify parties");
    case Permission::Bump:
        return QCoreApplication::translate("Permissions", "bump kitchen tickets");
    case Permission::CancelOrders:
        return QCoreApplication::translate("Permissions", "cancel orders");
    case Permission::RefundOrders:
        return QCoreApplication::translate("Permissions", "refund orders");
    case Permission::EditMenu:
        return QCoreApplication::translate("Permissions", "edit the menu");
    case Permission::EditSettings:
        return QCoreApplication::translate("Permissions", "change settings");
    case Permission::ViewAnalytics:
        return QCoreApplication::translate("Permissions", "see analytics and the co-pilot");
    case Permission::ManageStaff:
        return QCoreApplication::translate("Permissions", "manage staff and API tokens");
    case Permission::ViewAudit:
        return QCoreApplication::translate("Permissions", "see the audit log");
    case Permission::Export:
        return QCoreApplication::translate("Permissions", "export data");
    }
    return {};
}
} // namespace Permissions
