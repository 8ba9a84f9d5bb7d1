#include "actor.h"

#include <QCoreApplication>

Actor Actor::staff(qint64 staffId, const QString& name, Role role)
{
    Actor actor;
    actor.m_kind = Kind::Staff;
    actor.m_staffId = staffId;
    actor.m_name = name;
    actor.m_role = role;
    return actor;
}

Actor Actor::kitchenDisplay()
{
    Actor actor;
    actor.m_kind = Kind::KitchenDisplay;
    actor.m_name = QCoreApplication::translate("Actor", "Kitchen display");
    actor.m_role = Role::Kitchen;
    return actor;
}

Actor Actor::apiToken(qint64 tokenId, const QString& name, Role role)
{
    Actor actor;
    actor.m_kind = Kind::ApiToken;
    actor.m_tokenId = tokenId;
    actor.m_name = name;
    actor.m_role = role;
    return actor;
}

Actor Actor::system()
{
    Actor actor;
    actor.m_kind = Kind::System;
    actor.m_name = QStringLiteral("Maitre");
    return actor;
}

Actor Actor::nobody()
{
    Actor actor;
    actor.m_kind = Kind::Nobody;
    actor.m_name = QCoreApplication::translate("Actor", "Nobody signed in");
    return actor;
}

bool Actor::can(Permission permission) const
{
    if (m_kind == Kind::System) {
        return true;
    }
    return m_role && Permissions::allows(*m_role, permission);
}

VoidResult Actor::require(Permission permission) const
{
    if (can(permission)) {
        return {};
    }
    return unexpected(Error::forbidden(
        QCoreApplication::translate("Actor", "%1 may not %2.").arg(m_name, Permissions::describe(permission))));
}
