#pragma once

#include "actor.h"
#include "analyticsrole.h"
#include "result.h"

#include <QFuture>
#include <QObject>

class Store;

// The way into the analytics schema from outside Maitre (BI tools): the
// read-only maitre_analytics role's state, and a new password for it, set
// through Maitre's own connection and recorded in the audit log.
class AnalyticsAccess final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnalyticsAccess)

public:
    explicit AnalyticsAccess(Store& owner, QObject* parent = nullptr);

    QFuture<Result<AnalyticsRole::Status>> status();
    // Needs EditSettings. Forbidden when the database user may not change roles.
    QFuture<VoidResult> changePassword(qint64 restaurantId, const Actor& actor, const QString& password);

private:
    Store& m_store;
};
