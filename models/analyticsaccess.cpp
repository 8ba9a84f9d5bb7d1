#include "analyticsaccess.h"

#include "auditlog.h"
#include "store/store.h"

AnalyticsAccess::AnalyticsAccess(Store& owner, QObject* parent)
    : QObject(parent)
    , m_store(owner)
{ }

QFuture<Result<AnalyticsRole::Status>> AnalyticsAccess::status()
{
    return m_store.run<AnalyticsRole::Status>([](QSqlDatabase& db) { return AnalyticsRole::status(db); });
}

QFuture<VoidResult> AnalyticsAccess::changePassword(qint64 restaurantId, const Actor& actor, const QString& password)
{
    if (auto allowed = actor.require(Permission::EditSettings); !allowed) {
        return QtFuture::makeReadyValueFuture(allowed);
    }
    if (password.size() < 12) {
        return QtFuture::makeReadyValueFuture(VoidResult(
            unexpected(Error::invalid(QStringLiteral("password"), tr("The password needs at least 12 characters.")))));
    }
    return m_store
        .transact<bool>([restaurantId, actor, password](QSqlDatabase& db) -> Result<bool> {
            auto status = AnalyticsRole::status(db);
            if (!status) {
                return unexpected(status.error());
            }
            if (!status->exists || !status->manageable) {
                return unexpected(
                    Error::forbidden(tr("Maitre's database user may not change the maitre_analytics role here; "
                                        "ask the database's administrator to set its password.")));
            }
            if (auto set = AnalyticsRole::setPassword(db, password); !set) {
                return unexpected(set.error());
            }
            // Who changed it, never the password.
            if (auto audited = AuditLog::record(db, restaurantId, actor, QStringLiteral("analytics.password_changed"));
                !audited) {
                return unexpected(audited.error());
            }
            return true;
        })
        .then([](const Result<bool>& done) -> VoidResult {
            if (!done) {
                return unexpected(done.error());
            }
            return {};
        });
}
