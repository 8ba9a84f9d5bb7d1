#include "staffservice.h"

#include "auditlog.h"
#include "pinhasher.h"
#include "store/eventlog.h"
#include "store/sql.h"
#include "store/store.h"

#include <QJsonArray>
#include <QTimeZone>

namespace
{
constexpr int MAX_NAME_LENGTH = 60;

template <typename T>
QFuture<Result<T>> failed(Error error)
{
    return QtFuture::makeReadyValueFuture(Result<T>(unexpected(std::move(error))));
}

// Columns, in this order, that readStaff() expects. An expired lock reads as
// no lock and a fresh count, as signIn() treats it.
const QString STAFF_COLUMNS =
    QStringLiteral("id, name, role, active,"
                   " CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 0 ELSE failed_attempts END,"
                   " CASE WHEN locked_until > now() THEN locked_until END, created_at");

StaffMember readStaff(const QSqlQuery& query)
{
    StaffMember member;
    member.id = query.value(0).toLongLong();
    member.name = query.value(1).toString();
    member.role = Roles::fromString(query.value(2).toString()).value_or(Role::Host);
    member.active = query.value(3).toBool();
    member.failedAttempts = query.value(4).toInt();
    member.lockedUntil = query.value(5).isNull() ? QDateTime() : query.value(5).toDateTime().toUTC();
    member.createdAt = query.value(6).toDateTime().toUTC();
    return member;
}

Result<QString> validName(const QString& name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        return unexpected(Error::invalid(QStringLiteral("name"), StaffService::tr("Please enter a name.")));
    }
    if (trimmed.size() > MAX_NAME_LENGTH) {
        return unexpected(
            Error::invalid(QStringLiteral("name"),
                           StaffService::tr("The name is too long (at most %1 characters).").arg(MAX_NAME_LENGTH)));
    }
    if (std::any_of(trimmed.cbegin(), trimmed.cend(), [](QChar c) { return c.category() == QChar::Other_Control; })) {
        return unexpected(Error::invalid(QStringLiteral("name"),
                                         StaffService::tr("The name contains characters that cannot be shown.")));
    }
    return trimmed;
}

bool actsAsOwner(const Actor& actor)
{
    return actor.kind() == Actor::Kind::System || actor.role() == Role::Owner;
}

// Staff changes of one restaurant take turns, so two of them cannot each
// remove "the other" last owner. FOR NO KEY UPDATE leaves inserts that only
// reference the restaurant (orders, parties) unblocked.
Result<QString> lockRestaurant(QSqlDatabase& db, qint64 restaurantId)
{
    auto query = Sql::exec(
        db, QStringLiteral("SELECT timezone FROM restaurants WHERE id = ? FOR NO KEY UPDATE"), {restaurantId});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(Error::notFound(StaffService::tr("No such restaurant.")));
    }
    return query->value(0).toString();
}

Result<StaffMember> lockStaff(QSqlDatabase& db, qint64 restaurantId, qint64 staffId)
{
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT ") + STAFF_COLUMNS
                               + QStringLiteral(" FROM staff WHERE restaurant_id = ? AND id = ? FOR UPDATE"),
                           {restaurantId, staffId});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(Error::notFound(StaffService::tr("No such member of staff.")));
    }
    return readStaff(*query);
}

Result<StaffMember> loadStaff(QSqlDatabase& db, qint64 staffId)
{
    auto query = Sql::exec(
        db, QStringLiteral("SELECT ") + STAFF_COLUMNS + QStringLiteral(" FROM staff WHERE id = ?"), {staffId});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(Error::notFound(StaffService::tr("No such member of staff.")));
    }
    return readStaff(*query);
}

Result<int> activeOwners(QSqlDatabase& db, qint64 restaurantId)
{
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT count(*) FROM staff"
                                          " WHERE restaurant_id = ? AND role = 'owner' AND active"),
                           {restaurantId});
    if (!query) {
        return unexpected(query.error());
    }
    query->next();
    return query->value(0).toInt();
}

// Names are told apart as people read them: "ana" and "Ana" are the same person.
VoidResult checkNameFree(QSqlDatabase& db, qint64 restaurantId, const QString& name, qint64 exceptId)
{
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT 1 FROM staff WHERE restaurant_id = ? AND lower(name) = lower(?)"
                                          " AND id <> ?"),
                           {restaurantId, name, exceptId});
    if (!query) {
        return unexpected(query.error());
    }
    if (query->next()) {
        return unexpected(Error::invalid(
            QStringLiteral("name"),
            StaffService::tr("There is already someone called \"%1\". Add an initial to tell them apart.").arg(name)));
    }
    return {};
}

// A manager runs the staff list but not the owner's account.
VoidResult checkMayTouch(const Actor& actor, const StaffMember& member)
{
    if (member.role == Role::Owner && !actsAsOwner(actor)) {
        return unexpected(Error::forbidden(
            StaffService::tr("Only an owner can change %1's account: %1 is an owner.").arg(member.name)));
    }
    return {};
}

// The audit line and the "staff.changed" event that every change writes.
VoidResult recordChange(QSqlDatabase& db,
                        qint64 restaurantId,
                        const Actor& actor,
                        const QString& action,
                        const StaffMember& member,
                        QJsonObject details = {})
{
    details.insert(QStringLiteral("staff_id"), member.id);
    details.insert(QStringLiteral("name"), member.name);
    if (auto audited = AuditLog::record(db, restaurantId, actor, action, details); !audited) {
        return audited;
    }
    if (auto appended = EventLog::append(
            db, restaurantId, QStringLiteral("staff.changed"), {{QStringLiteral("staff_id"), member.id}});
        !appended) {
        return unexpected(appended.error());
    }
    return {};
}

QString localTime(const QDateTime& at, const QString& timezone)
{
    const QTimeZone zone(timezone.toUtf8());
    return (zone.isValid() ? at.toTimeZone(zone) : at.toLocalTime()).toString(QStringLiteral("HH:mm"));
}

Error lockedError(const QDateTime& until, const QString& timezone)
{
    return Error::forbidden(
        StaffService::tr("Locked after %1 wrong PINs. Try again at %2, or ask a manager to unlock it.")
            .arg(StaffService::MAX_FAILED_ATTEMPTS)
            .arg(localTime(until, timezone)));
}

// What a sign-in attempt decided: `answer` goes to the caller; `keep` says
// whether what it wrote (the failed count, the audit lines) is committed.
struct Attempt
{
    Result<Actor> answer;
    bool keep = false;
};

Attempt refuse(Error error, bool keep)
{
    return {Result<Actor>(unexpected(std::move(error))), keep};
}

Attempt attemptSignIn(QSqlDatabase& db, qint64 restaurantId, qint64 staffId, const QString& pin)
{
    // The row lock makes concurrent attempts take turns, so none of their counts is lost.
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT s.name, s.role, s.active, s.pin_hash, s.failed_attempts,"
                                          " s.locked_until, s.locked_until > now(), r.timezone"
                                          " FROM staff s JOIN restaurants r ON r.id = s.restaurant_id"
                                          " WHERE s.restaurant_id = ? AND s.id = ? FOR UPDATE OF s"),
                           {restaurantId, staffId});
    if (!query) {
        return refuse(query.error(), false);
    }
    if (!query->next()) {
        return refuse(Error::notFound(StaffService::tr("No such member of staff.")), false);
    }
    const QString name = query->value(0).toString();
    const Role role = Roles::fromString(query->value(1).toString()).value_or(Role::Host);
    const bool active = query->value(2).toBool();
    const QString hash = query->value(3).toString();
    const bool hadLock = !query->value(5).isNull();
    const bool locked = query->value(6).toBool();
    const QDateTime lockedUntil = hadLock ? query->value(5).toDateTime().toUTC() : QDateTime();
    const QString timezone = query->value(7).toString();
    // An expired lock starts a fresh round of tries.
    const int failedBefore = hadLock && !locked ? 0 : query->value(4).toInt();

    if (!active) {
        return refuse(Error::forbidden(StaffService::tr("%1's account is switched off. Ask a manager.").arg(name)),
                      false);
    }
    if (locked) {
        return refuse(lockedError(lockedUntil, timezone), false);
    }
    const Actor person = Actor::staff(staffId, name, role);
    if (PinHasher::verify(pin, hash)) {
        if (auto reset = Sql::exec(db,
                                   QStringLiteral("UPDATE staff SET failed_attempts = 0, locked_until = NULL"
                                                  " WHERE id = ?"),
                                   {staffId});
            !reset) {
            return refuse(reset.error(), false);
        }
        if (auto audited = AuditLog::record(
                db, restaurantId, person, QStringLiteral("staff.signed_in"), {{QStringLiteral("staff_id"), staffId}});
            !audited) {
            return refuse(audited.error(), false);
        }
        return {Result<Actor>(person), true};
    }

    const int failed = failedBefore + 1;
    const bool lockNow = failed >= StaffService::MAX_FAILED_ATTEMPTS;
    auto updated = Sql::exec(db,
                             lockNow ? QStringLiteral("UPDATE staff SET failed_attempts = ?,"
                                                      " locked_until = now() + make_interval(secs => ?)"
                                                      " WHERE id = ? RETURNING locked_until")
                                     : QStringLiteral("UPDATE staff SET failed_attempts = ?, locked_until = NULL"
                                                      " WHERE id = ? RETURNING locked_until"),
                             lockNow ? QVariantList{failed, StaffService::LOCKOUT_SECONDS, staffId}
                                     : QVariantList{failed, staffId});
    if (!updated) {
        return refuse(updated.error(), false);
    }
    updated->next();
    const QDateTime until = updated->value(0).isNull() ? QDateTime() : updated->value(0).toDateTime().toUTC();
    // Nobody is signed in yet: the attempt is recorded against the account, not by it.
    const Actor unknown = Actor::nobody();
    if (auto audited = AuditLog::record(db,
                                        restaurantId,
                                        unknown,
                                        QStringLiteral("staff.sign_in_failed"),
                                        {{QStringLiteral("staff_id"), staffId},
                                         {QStringLiteral("name"), name},
                                         {QStringLiteral("failed_attempts"), failed}});
        !audited) {
        return refuse(audited.error(), false);
    }
    if (!lockNow) {
        const int left = StaffService::MAX_FAILED_ATTEMPTS - failed;
        // Spelled out rather than %n: English has no translation file to pluralise.
        const QString message = left == 1
            ? StaffService::tr("Wrong PIN. 1 try left before the account locks.")
            : StaffService::tr("Wrong PIN. %1 tries left before the account locks.").arg(left);
        return refuse(Error::forbidden(message), true);
    }
    if (auto audited = AuditLog::record(db,
                                        restaurantId,
                                        unknown,
                                        QStringLiteral("staff.locked"),
                                        {{QStringLiteral("staff_id"), staffId},
                                         {QStringLiteral("name"), name},
                                         {QStringLiteral("until"), until.toString(Qt::ISODateWithMs)}});
        !audited) {
        return refuse(audited.error(), false);
    }
    // Other consoles show the lock in their sign-in list.
    if (auto appended = EventLog::append(
            db, restaurantId, QStringLiteral("staff.changed"), {{QStringLiteral("staff_id"), staffId}});
        !appended) {
        return refuse(appended.error(), false);
    }
    return refuse(lockedError(until, timezone), true);
}
} // namespace

StaffService::StaffService(Store& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{ }

VoidResult StaffService::validatePin(const QString& pin)
{
    const bool digits = std::all_of(pin.cbegin(), pin.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    if (pin.size() < 4 || pin.size() > 8 || !digits) {
        return unexpected(Error::invalid(QStringLiteral("pin"), tr("The PIN must be 4 to 8 digits.")));
    }
    return {};
}

QFuture<Result<QList<StaffMember>>> StaffService::staff(qint64 restaurantId, Members which)
{
    const bool all = which == Members::All;
    return m_store.run<QList<StaffMember>>([restaurantId, all](QSqlDatabase& db) -> Result<QList<StaffMember>> {
        auto query = Sql::exec(db,
                               QStringLiteral("SELECT ") + STAFF_COLUMNS
                                   + QStringLiteral(" FROM staff WHERE restaurant_id = ? AND (active OR ?)"
                                                    " ORDER BY NOT active, lower(name), id"),
                               {restaurantId, all});
        if (!query) {
            return unexpected(query.error());
        }
        QList<StaffMember> members;
        while (query->next()) {
            members.append(readStaff(*query));
        }
        return members;
    });
}

QFuture<Result<bool>> StaffService::needsOwner(qint64 restaurantId)
{
    return m_store.run<bool>([restaurantId](QSqlDatabase& db) -> Result<bool> {
        auto owners = activeOwners(db, restaurantId);
        if (!owners) {
            return unexpected(owners.error());
        }
        return *owners == 0;
    });
}

QFuture<Result<Actor>> StaffService::signIn(qint64 restaurantId, qint64 staffId, const QString& pin)
{
    // Not transact(): a refused PIN is an error for the caller, yet its count must be committed.
    return m_store.run<Actor>([restaurantId, staffId, pin](QSqlDatabase& db) -> Result<Actor> {
        if (!db.transaction()) {
            return unexpected(Sql::toError(db.lastError()));
        }
        Attempt attempt = attemptSignIn(db, restaurantId, staffId, pin);
        if (!attempt.keep) {
            db.rollback();
            return std::move(attempt.answer);
        }
        if (!db.commit()) {
            const Error error = Sql::toError(db.lastError());
            db.rollback();
            return unexpected(error);
        }
        return std::move(attempt.answer);
    });
}

QFuture<Result<StaffMember>>
StaffService::createStaff(qint64 restaurantId, const Actor& actor, const QString& name, Role role, const QString& pin)
{
    if (auto allowed = actor.require(Permission::ManageStaff); !allowed) {
        return failed<StaffMember>(allowed.error());
    }
    auto valid = validName(name);
    if (!valid) {
        return failed<StaffMember>(valid.error());
    }
    if (auto pinOk = validatePin(pin); !pinOk) {
        return failed<StaffMember>(pinOk.error());
    }
    if (actor.kind() == Actor::Kind::System && role != Role::Owner) {
        return failed<StaffMember>(
            Error::forbidden(tr("Maitre itself only creates the first owner; the owner adds everyone else.")));
    }
    if (role == Role::Owner && !actsAsOwner(actor)) {
        return failed<StaffMember>(Error::forbidden(tr("Only an owner can make someone an owner.")));
    }
    // Slow on purpose (Argon2id), so done before any lock is taken.
    auto hash = PinHasher::hash(pin);
    if (!hash) {
        return failed<StaffMember>(hash.error());
    }
    return m_store.transact<StaffMember>(
        [restaurantId, actor, name = *valid, role, hash = *hash](QSqlDatabase& db) -> Result<StaffMember> {
            if (auto locked = lockRestaurant(db, restaurantId); !locked) {
                return unexpected(locked.error());
            }
            if (actor.kind() == Actor::Kind::System) {
                auto owners = activeOwners(db, restaurantId);
                if (!owners) {
                    return unexpected(owners.error());
                }
                if (*owners > 0) {
                    return unexpected(Error::forbidden(
                        tr("The restaurant already has an owner: sign in as the owner to add staff.")));
                }
            }
            if (auto free = checkNameFree(db, restaurantId, name, 0); !free) {
                return unexpected(free.error());
            }
            auto inserted = Sql::exec(db,
                                      QStringLiteral("INSERT INTO staff (restaurant_id, name, role, pin_hash)"
                                                     " VALUES (?, ?, ?, ?) RETURNING id"),
                                      {restaurantId, name, Roles::toString(role), hash});
            if (!inserted) {
                return unexpected(inserted.error());
            }
            inserted->next();
            auto member = loadStaff(db, inserted->value(0).toLongLong());
            if (!member) {
                return member;
            }
            if (auto recorded = recordChange(db,
                                             restaurantId,
                                             actor,
                                             QStringLiteral("staff.created"),
                                             *member,
                                             {{QStringLiteral("role"), Roles::toString(role)}});
                !recorded) {
                return unexpected(recorded.error());
            }
            return member;
        });
}

QFuture<Result<StaffMember>> StaffService::updateStaff(
    qint64 restaurantId, const Actor& actor, qint64 staffId, const QString& name, Role role, bool active)
{
    if (auto allowed = actor.require(Permission::ManageStaff); !allowed) {
        return failed<StaffMember>(allowed.error());
    }
    auto valid = validName(name);
    if (!valid) {
        return failed<StaffMember>(valid.error());
    }
    return m_store.transact<StaffMember>([restaurantId, actor, staffId, name = *valid, role, active](
                                             QSqlDatabase& db) -> Result<StaffMember> {
        if (auto locked = lockRestaurant(db, restaurantId); !locked) {
            return unexpected(locked.error());
        }
        auto before = lockStaff(db, restaurantId, staffId);
        if (!before) {
            return before;
        }
        if (auto may = checkMayTouch(actor, *before); !may) {
            return unexpected(may.error());
        }
        if (role == Role::Owner && before->role != Role::Owner && !actsAsOwner(actor)) {
            return unexpected(Error::forbidden(tr("Only an owner can make someone an owner.")));
        }
        const bool wasOwner = before->role == Role::Owner && before->active;
        const bool staysOwner = role == Role::Owner && active;
        if (wasOwner && !staysOwner) {
            auto owners = activeOwners(db, restaurantId);
            if (!owners) {
                return unexpected(owners.error());
            }
            if (*owners <= 1) {
                return unexpected(Error::conflict(
                    tr("%1 is the last active owner. Make someone else an owner first.").arg(before->name)));
            }
        }
        QJsonObject changes;
        if (name != before->name) {
            if (auto free = checkNameFree(db, restaurantId, name, staffId); !free) {
                return unexpected(free.error());
            }
            changes.insert(QStringLiteral("name"), QJsonArray{before->name, name});
        }
        if (role != before->role) {
            changes.insert(QStringLiteral("role"), QJsonArray{Roles::toString(before->role), Roles::toString(role)});
        }
        if (active != before->active) {
            changes.insert(QStringLiteral("active"), QJsonArray{before->active, active});
        }
        if (changes.isEmpty()) {
            return before;
        }
        if (auto updated = Sql::exec(db,
                                     QStringLiteral("UPDATE staff SET name = ?, role = ?, active = ? WHERE id = ?"),
                                     {name, Roles::toString(role), active, staffId});
            !updated) {
            return unexpected(updated.error());
        }
        auto member = loadStaff(db, staffId);
        if (!member) {
            return member;
        }
        if (auto recorded = recordChange(db,
                                         restaurantId,
                                         actor,
                                         QStringLiteral("staff.updated"),
                                         *member,
                                         {{QStringLiteral("changes"), changes}});
            !recorded) {
            return unexpected(recorded.error());
        }
        return member;
    });
}

QFuture<Result<StaffMember>>
StaffService::resetPin(qint64 restaurantId, const Actor& actor, qint64 staffId, const QString& pin)
{
    if (auto allowed = actor.require(Permission::ManageStaff); !allowed) {
        return failed<StaffMember>(allowed.error());
    }
    if (auto pinOk = validatePin(pin); !pinOk) {
        return failed<StaffMember>(pinOk.error());
    }
    auto hash = PinHasher::hash(pin);
    if (!hash) {
        return failed<StaffMember>(hash.error());
    }
    return m_store.transact<StaffMember>(
        [restaurantId, actor, staffId, hash = *hash](QSqlDatabase& db) -> Result<StaffMember> {
            auto before = lockStaff(db, restaurantId, staffId);
            if (!before) {
                return before;
            }
            if (auto may = checkMayTouch(actor, *before); !may) {
                return unexpected(may.error());
            }
            // A new PIN also clears a lockout: the person has just been given it.
            if (auto updated = Sql::exec(db,
                                         QStringLiteral("UPDATE staff SET pin_hash = ?, failed_attempts = 0,"
                                                        " locked_until = NULL WHERE id = ?"),
                                         {hash, staffId});
                !updated) {
                return unexpected(updated.error());
            }
            auto member = loadStaff(db, staffId);
            if (!member) {
                return member;
            }
            if (auto recorded = recordChange(db, restaurantId, actor, QStringLiteral("staff.pin_reset"), *member);
                !recorded) {
                return unexpected(recorded.error());
            }
            return member;
        });
}

QFuture<Result<StaffMember>> StaffService::unlock(qint64 restaurantId, const Actor& actor, qint64 staffId)
{
    if (auto allowed = actor.require(Permission::ManageStaff); !allowed) {
        return failed<StaffMember>(allowed.error());
    }
    return m_store.transact<StaffMember>([restaurantId, actor, staffId](QSqlDatabase& db) -> Result<StaffMember> {
        auto before = lockStaff(db, restaurantId, staffId);
        if (!before) {
            return before;
        }
        if (auto may = checkMayTouch(actor, *before); !may) {
            return unexpected(may.error());
        }
        if (auto updated = Sql::exec(db,
                                     QStringLiteral("UPDATE staff SET failed_attempts = 0, locked_until = NULL"
                                                    " WHERE id = ?"),
                                     {staffId});
            !updated) {
            return unexpected(updated.error());
        }
        auto member = loadStaff(db, staffId);
        if (!member) {
            return member;
        }
        if (auto recorded = recordChange(db, restaurantId, actor, QStringLiteral("staff.unlocked"), *member);
            !recorded) {
            return unexpected(recorded.error());
        }
        return member;
    });
}

QFuture<Result<QList<AuditEntry>>>
StaffService::audit(qint64 restaurantId, const Actor& actor, const AuditFilter& filter)
{
    if (auto allowed = actor.require(Permission::ViewAudit); !allowed) {
        return failed<QList<AuditEntry>>(allowed.error());
    }
    return m_store.run<QList<AuditEntry>>(
        [restaurantId, filter](QSqlDatabase& db) { return AuditLog::entries(db, restaurantId, filter); });
}
