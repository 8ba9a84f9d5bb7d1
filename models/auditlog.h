#pragma once

#include "actor.h"
#include "auditentry.h"
#include "result.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>

// The append-only record of sensitive actions. record() runs inside the
// caller's transaction, so an action and its audit line commit together;
// the table refuses UPDATE and DELETE (migration 0005).
class AuditLog final
{
public:
    static VoidResult record(QSqlDatabase& db,
                             qint64 restaurantId,
                             const Actor& actor,
                             const QString& action,
                             const QJsonObject& details = {});
    // Newest first.
    static Result<QList<AuditEntry>> entries(QSqlDatabase& db, qint64 restaurantId, const AuditFilter& filter);
};
