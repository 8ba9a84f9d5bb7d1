#pragma once

#include "actor.h"
#include "auditentry.h"
#include "result.h"
#include "staffmember.h"

#include <QFuture>
#include <QObject>

class Store;

// Staff accounts, PIN sign-in with lockout, and the audit log viewer.
// PINs (4–8 digits) are kept only as Argon2id hashes (PinHasher). Five wrong
// PINs in a row lock the account for five minutes. Every change is audited.
class StaffService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StaffService)

public:
    static constexpr int MAX_FAILED_ATTEMPTS = 5;
    static constexpr int LOCKOUT_SECONDS = 5 * 60;

    explicit StaffService(Store& store, QObject* parent = nullptr);

    // Active staff, for the sign-in screen's list of names (no secrets).
    enum class Members
    {
        Active,
        All // deactivated too, last: for the manager's staff page, to bring someone back
    };
    QFuture<Result<QList<StaffMember>>> staff(qint64 restaurantId, Members members = Members::Active);
    // True when the restaurant has no active owner yet (first run).
    QFuture<Result<bool>> needsOwner(qint64 restaurantId);

    // Checks the PIN of `staffId`. A wrong PIN → Forbidden("Wrong PIN…", with
    // attempts left); a locked account → Forbidden naming when it unlocks,
    // even with the right PIN. Success resets the count and is audited.
    QFuture<Result<Actor>> signIn(qint64 restaurantId, qint64 staffId, const QString& pin);

    // Needs ManageStaff (the first owner of an empty restaurant may be created by Actor::system()).
    // A manager cannot create, change or remove an owner.
    QFuture<Result<StaffMember>>
    createStaff(qint64 restaurantId, const Actor& actor, const QString& name, Role role, const QString& pin);
    QFuture<Result<StaffMember>>
    updateStaff(qint64 restaurantId, const Actor& actor, qint64 staffId, const QString& name, Role role, bool active);
    QFuture<Result<StaffMember>> resetPin(qint64 restaurantId, const Actor& actor, qint64 staffId, const QString& pin);
    // Clears a lockout early.
    QFuture<Result<StaffMember>> unlock(qint64 restaurantId, const Actor& actor, qint64 staffId);

    // Needs ViewAudit.
    QFuture<Result<QList<AuditEntry>>> audit(qint64 restaurantId, const Actor& actor, const AuditFilter& filter);

    // "4–8 digits", or an Invalid error on field "pin".
    static VoidResult validatePin(const QString& pin);

private:
    Store& m_store;
};
