#include "demostaff.h"

#include "staffservice.h"

#include <QPromise>
#include <memory>

namespace
{

// Creates accounts[index…] as `owner`, one after another, then fulfils `promise`.
void createRest(StaffService& staff,
                qint64 restaurantId,
                const Actor& owner,
                QList<DemoStaff::Account> accounts,
                std::shared_ptr<QPromise<VoidResult>> promise)
{
    if (accounts.isEmpty()) {
        promise->addResult(VoidResult());
        promise->finish();
        return;
    }
    const DemoStaff::Account account = accounts.takeFirst();
    staff.createStaff(restaurantId, owner, account.name, account.role, account.pin)
        .then(&staff, [&staff, restaurantId, owner, accounts, promise](const Result<StaffMember>& created) {
            if (!created) {
                promise->addResult(VoidResult(unexpected(created.error())));
                promise->finish();
                return;
            }
            createRest(staff, restaurantId, owner, accounts, promise);
        });
}

} // namespace

QString DemoStaff::restaurantSlug()
{
    return QStringLiteral("demo");
}

QList<DemoStaff::Account> DemoStaff::accounts()
{
    return {{QStringLiteral("Olivia"), Role::Owner, QStringLiteral("1111")},
            {QStringLiteral("Marco"), Role::Manager, QStringLiteral("2222")},
            {QStringLiteral("Hana"), Role::Host, QStringLiteral("3333")},
            {QStringLiteral("Kenji"), Role::Kitchen, QStringLiteral("4444")}};
}

QFuture<VoidResult> DemoStaff::ensure(StaffService& staff, qint64 restaurantId)
{
    auto promise = std::make_shared<QPromise<VoidResult>>();
    QFuture<VoidResult> future = promise->future();
    promise->start();
    staff.staff(restaurantId).then(&staff, [&staff, restaurantId, promise](const Result<QList<StaffMember>>& existing) {
        if (!existing) {
            promise->addResult(VoidResult(unexpected(existing.error())));
            promise->finish();
            return;
        }
        if (!existing->isEmpty()) {
            // Staff exist (created earlier, or changed by the owner): leave them be.
            promise->addResult(VoidResult());
            promise->finish();
            return;
        }
        QList<Account> rest = accounts();
        const Account owner = rest.takeFirst();
        staff.createStaff(restaurantId, Actor::system(), owner.name, owner.role, owner.pin)
            .then(&staff, [&staff, restaurantId, rest, promise](const Result<StaffMember>& created) {
                if (!created) {
                    promise->addResult(VoidResult(unexpected(created.error())));
                    promise->finish();
                    return;
                }
                createRest(staff, restaurantId, Actor::staff(created->id, created->name, created->role), rest, promise);
            });
    });
    return future;
}
