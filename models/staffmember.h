#pragma once

#include "role.h"

#include <QDateTime>
#include <QString>

// A member of staff as the console shows them (never their PIN or its hash).
struct StaffMember
{
    qint64 id = 0;
    QString name;
    Role role = Role::Host;
    bool active = true;
    int failedAttempts = 0;
    QDateTime lockedUntil; // invalid when not locked
    QDateTime createdAt;
};
