#pragma once

#include "role.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

// A staff API token as listed (the secret itself is shown once, at creation).
struct ApiToken
{
    qint64 id = 0;
    QString name;
    QStringList scopes; // "events" (the SSE stream), "staff" (staff endpoints)
    QDateTime createdAt;
    QDateTime lastUsedAt;
    QDateTime revokedAt; // invalid while the token works
    bool isRevoked() const { return revokedAt.isValid(); }
};
