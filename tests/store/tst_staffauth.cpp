#include "apitokenservice.h"
#include "pinhasher.h"
#include "staffservice.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <algorithm>

// Staff sign-in with lockout, the permission rules for staff and tokens, and
// the audit log, on a real database. Each PIN hash costs about a tenth of a
// second (Argon2id, 64 MiB), so the tests make few of them.
class TestStaffAuth final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void pinHashesAreSaltedArgon2id();
    void pinIsNeverStored();
    void validatePin_data();
    void validatePin();
    void signInWithTheRightPin();
    void lockoutAfterFiveWrongPins();
    void lockExpires();
    void concurrentWrongPinsKeepEveryCount();
    void inactiveAndUnknownStaffCannotSignIn();
    void hostCannotManageStaff();
    void managerCannotTouchTheOwner();
    void lastOwnerIsProtected();
    void systemCreatesOnlyTheFirstOwner();
    void namesAreValidated();
    void staffListAndChangeEvents();
    void auditRecordsEveryStaffAction();
    void auditFilters();
    void auditLogIsAppendOnly();
    void apiTokenLifecycle();
    void apiTokenInputIsValidated();
    void hostCannotManageApiTokens();

private:
    Result<StaffMember> create(const Actor& actor, const QString& name, Role role, const QString& pin);
    Actor actorFor(const StaffMember& member) const;
    QList<AuditEntry> audit(const AuditFilter& filter = {});
    static AuditFilter byAction(const QString& prefix);
    static AuditFilter byStaff(qint64 staffId);
    static AuditFilter byText(const QString& text);
    int count(const QString& sql, const QVariantList& bindings = {});

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<StaffService> m_staff;
    std::unique_ptr<ApiTokenService> m_tokens;
    qint64 m_restaurant = 0;
    StaffMember m_owner;
    Actor m_ownerActor = Actor::nobody();
};

void TestStaffAuth::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    QVERIFY(m_db->migrate().isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("INSERT INTO restaurants (slug, name, timezone)"
                                               " VALUES ('bistro', 'Bistro', 'Europe/Berlin') RETURNING id"))
                       .toLongLong();
    QVERIFY(m_restaurant > 0);
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_staff = std::make_unique<StaffService>(*m_store);
    m_tokens = std::make_unique<ApiTokenService>(*m_store);
    // The first owner, as the first-run guide creates it.
    const auto owner = create(Actor::system(), QStringLiteral("Olivia"), Role::Owner, QStringLiteral("1111"));
    QVERIFY2(owner, owner ? "" : qPrintable(owner.error().message));
    m_owner = *owner;
    m_ownerActor = actorFor(m_owner);
}

void TestStaffAuth::cleanup()
{
    m_tokens.reset();
    m_staff.reset();
    m_store.reset();
    m_db.reset();
}

Result<StaffMember> TestStaffAuth::create(const Actor& actor, const QString& name, Role role, const QString& pin)
{
    return awaitFuture(m_staff->createStaff(m_restaurant, actor, name, role, pin));
}

Actor TestStaffAuth::actorFor(const StaffMember& member) const
{
    return Actor::staff(member.id, member.name, member.role);
}

QList<AuditEntry> TestStaffAuth::audit(const AuditFilter& filter)
{
    const auto entries = awaitFuture(m_staff->audit(m_restaurant, m_ownerActor, filter));
    if (!entries) {
        qWarning("audit failed: %s", qPrintable(entries.error().message));
        return {};
    }
    return *entries;
}

AuditFilter TestStaffAuth::byAction(const QString& prefix)
{
    AuditFilter filter;
    filter.actionPrefix = prefix;
    return filter;
}

AuditFilter TestStaffAuth::byStaff(qint64 staffId)
{
    AuditFilter filter;
    filter.staffId = staffId;
    return filter;
}

AuditFilter TestStaffAuth::byText(const QString& text)
{
    AuditFilter filter;
    filter.text = text;
    return filter;
}

int TestStaffAuth::count(const QString& sql, const QVariantList& bindings)
{
    return m_db->scalar(sql, bindings).toInt();
}

void TestStaffAuth::pinHashesAreSaltedArgon2id()
{
    const auto first = PinHasher::hash(QStringLiteral("2468"));
    const auto second = PinHasher::hash(QStringLiteral("2468"));
    QVERIFY(first && second);
    QVERIFY2(first->startsWith(u"$argon2id$"), qPrintable(*first));
    QVERIFY(!first->contains(u"2468"));
    QVERIFY(*first != *second); // a fresh salt each time
    QVERIFY(PinHasher::verify(QStringLiteral("2468"), *first));
    QVERIFY(PinHasher::verify(QStringLiteral("2468"), *second));
    QVERIFY(!PinHasher::verify(QStringLiteral("2469"), *first));
    QVERIFY(!PinHasher::verify(QStringLiteral("24680"), *first));
    QVERIFY(!PinHasher::verify(QString(), *first));
    QVERIFY(!PinHasher::verify(QStringLiteral("2468"), QString()));
    QVERIFY(!PinHasher::verify(QStringLiteral("2468"), QStringLiteral("2468")));
}

void TestStaffAuth::pinIsNeverStored()
{
    const auto host = create(m_ownerActor, QStringLiteral("Hana"), Role::Host, QStringLiteral("482913"));
    QVERIFY(host);
    const QString row =
        m_db->scalar(QStringLiteral("SELECT row_to_json(s)::text FROM staff s WHERE id = ?"), {host->id}).toString();
    QVERIFY(!row.isEmpty());
    QVERIFY2(!row.contains(u"482913"), qPrintable(row));
    const QString hash = m_db->scalar(QStringLiteral("SELECT pin_hash FROM staff WHERE id = ?"), {host->id}).toString();
    QVERIFY(hash.startsWith(u"$argon2id$"));
    QVERIFY(PinHasher::verify(QStringLiteral("482913"), hash));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE details::text LIKE '%482913%'")), 0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE payload::text LIKE '%482913%'")), 0);
    // And the database itself refuses a plain PIN in the column.
    QSqlDatabase conn = m_db->connection();
    QSqlQuery query(conn);
    QVERIFY(!query.exec(QStringLiteral("UPDATE staff SET pin_hash = '482913' WHERE id = %1").arg(host->id)));
}

void TestStaffAuth::validatePin_data()
{
    QTest::addColumn<QString>("pin");
    QTest::addColumn<bool>("valid");
    QTest::newRow("four digits") << QStringLiteral("0000") << true;
    QTest::newRow("eight digits") << QStringLiteral("12345678") << true;
    QTest::newRow("three digits") << QStringLiteral("123") << false;
    QTest::newRow("nine digits") << QStringLiteral("123456789") << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("letter") << QStringLiteral("12a4") << false;
    QTest::newRow("space") << QStringLiteral(" 1234") << false;
    QTest::newRow("arabic-indic digits") << QStringLiteral("\u0661\u0662\u0663\u0664") << false;
    QTest::newRow("fullwidth digits") << QStringLiteral("\uff11\uff12\uff13\uff14") << false;
}

void TestStaffAuth::validatePin()
{
    QFETCH(QString, pin);
    QFETCH(bool, valid);
    const VoidResult checked = StaffService::validatePin(pin);
    QCOMPARE(checked.has_value(), valid);
    if (!valid) {
        QCOMPARE(checked.error().kind, Error::Kind::Invalid);
        QCOMPARE(checked.error().field, QStringLiteral("pin"));
        QCOMPARE(checked.error().message, QStringLiteral("The PIN must be 4 to 8 digits."));
        // A bad PIN creates nobody.
        const int before = count(QStringLiteral("SELECT count(*) FROM staff"));
        const auto refused = create(m_ownerActor, QStringLiteral("Pat"), Role::Host, pin);
        QVERIFY(!refused);
        QCOMPARE(refused.error().field, QStringLiteral("pin"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff")), before);
    }
}

void TestStaffAuth::signInWithTheRightPin()
{
    const auto signedIn = awaitFuture(m_staff->signIn(m_restaurant, m_owner.id, QStringLiteral("1111")));
    QVERIFY2(signedIn, signedIn ? "" : qPrintable(signedIn.error().message));
    QCOMPARE(signedIn->kind(), Actor::Kind::Staff);
    QCOMPARE(signedIn->staffId(), m_owner.id);
    QCOMPARE(signedIn->name(), QStringLiteral("Olivia"));
    QVERIFY(signedIn->role() == Role::Owner);
    QVERIFY(*signedIn == m_ownerActor);
    const auto entries = audit(byAction(QStringLiteral("staff.signed_in")));
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().staffId, m_owner.id);
    QCOMPARE(entries.first().actor, QStringLiteral("Olivia"));
    // Another restaurant's staff cannot sign in here.
    const auto elsewhere = awaitFuture(m_staff->signIn(m_restaurant + 1000, m_owner.id, QStringLiteral("1111")));
    QVERIFY(!elsewhere);
    QCOMPARE(elsewhere.error().kind, Error::Kind::NotFound);
}

void TestStaffAuth::lockoutAfterFiveWrongPins()
{
    const auto host = create(m_ownerActor, QStringLiteral("Hana"), Role::Host, QStringLiteral("4321"));
    QVERIFY(host);
    for (int attempt = 1; attempt < StaffService::MAX_FAILED_ATTEMPTS; ++attempt) {
        const auto wrong = awaitFuture(m_staff->signIn(m_restaurant, host->id, QStringLiteral("0000")));
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().kind, Error::Kind::Forbidden);
        const int left = StaffService::MAX_FAILED_ATTEMPTS - attempt;
        const QString expected = left == 1
            ? QStringLiteral("Wrong PIN. 1 try left before the account locks.")
            : QStringLiteral("Wrong PIN. %1 tries left before the account locks.").arg(left);
        QCOMPARE(wrong.error().message, expected);
        // The count is committed although the call failed.
        QCOMPARE(count(QStringLiteral("SELECT failed_attempts FROM staff WHERE id = ?"), {host->id}), attempt);
    }
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff WHERE id = ? AND locked_until IS NOT NULL"), {host->id}),
             0);

    const auto fifth = awaitFuture(m_staff->signIn(m_restaurant, host->id, QStringLiteral("9999")));
    QVERIFY(!fifth);
    QCOMPARE(fifth.error().kind, Error::Kind::Forbidden);
    // Told in the restaurant's own time zone, as PostgreSQL reads it.
    const QString at = m_db->scalar(QStringLiteral("SELECT to_char(locked_until AT TIME ZONE 'Europe/Berlin',"
                                                   " 'HH24:MI') FROM staff WHERE id = ?"),
                                    {host->id})
                           .toString();
    const QString lockedMessage =
        QStringLiteral("Locked after 5 wrong PINs. Try again at %1, or ask a manager to unlock it.").arg(at);
    QCOMPARE(fifth.error().message, lockedMessage);
    QCOMPARE(count(QStringLiteral("SELECT round(extract(epoch FROM locked_until - now()) / 60)::int"
                                  " FROM staff WHERE id = ?"),
                   {host->id}),
             5);

    // Locked: even the right PIN is refused, and nothing more is counted.
    const auto right = awaitFuture(m_staff->signIn(m_restaurant, host->id, QStringLiteral("4321")));
    QVERIFY(!right);
    QCOMPARE(right.error().kind, Error::Kind::Forbidden);
    QCOMPARE(right.error().message, lockedMessage);
    QCOMPARE(count(QStringLiteral("SELECT failed_attempts FROM staff WHERE id = ?"), {host->id}), 5);

    const auto listed = awaitFuture(m_staff->staff(m_restaurant));
    QVERIFY(listed);
    const auto hana = std::ranges::find(*listed, host->id, &StaffMember::id);
    QVERIFY(hana != listed->end());
    QVERIFY(hana->lockedUntil.isValid());
    QCOMPARE(hana->failedAttempts, 5);

    QCOMPARE(audit(byAction(QStringLiteral("staff.sign_in_failed"))).size(), 5);
    const auto locked = audit(byAction(QStringLiteral("staff.locked")));
    QCOMPARE(locked.size(), 1);
    QCOMPARE(locked.first().details.value(u"staff_id").toInteger(), host->id);
    QCOMPARE(locked.first().staffId, 0); // nobody was signed in

    // A manager unlocks it; the right PIN works again.
    const auto manager = create(m_ownerActor, QStringLiteral("Marco"), Role::Manager, QStringLiteral("2222"));
    QVERIFY(manager);
    const auto unlocked = awaitFuture(m_staff->unlock(m_restaurant, actorFor(*manager), host->id));
    QVERIFY2(unlocked, unlocked ? "" : qPrintable(unlocked.error().message));
    QVERIFY(!unlocked->lockedUntil.isValid());
    QCOMPARE(unlocked->failedAttempts, 0);
    const auto again = awaitFuture(m_staff->signIn(m_restaurant, host->id, QStringLiteral("4321")));
    QVERIFY2(again, again ? "" : qPrintable(again.error().message));
    QCOMPARE(again->staffId(), host->id);
    const auto unlocks = audit(byAction(QStringLiteral("staff.unlocked")));
    QCOMPARE(unlocks.size(), 1);
    QCOMPARE(unlocks.first().staffId, manager->id);
    QCOMPARE(unlocks.first().actor, QStringLiteral("Marco"));
}

void TestStaffAuth::lockExpires()
{
    const auto cook = create(m_ownerActor, QStringLiteral("Kenji"), Role::Kitchen, QStringLiteral("5555"));
    QVERIFY(cook);
    for (int attempt = 0; attempt < StaffService::MAX_FAILED_ATTEMPTS; ++attempt) {
        QVERIFY(!awaitFuture(m_staff->signIn(m_restaurant, cook->id, QStringLiteral("5556"))));
    }
    QVERIFY(!awaitFuture(m_staff->signIn(m_restaurant, cook->id, QStringLiteral("5555"))));
    // Five minutes pass.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE staff SET locked_until = now() - interval '1 second' WHERE id = ?"),
                       {cook->id}));
    // A fresh round of tries: one wrong PIN leaves four.
    const auto wrong = awaitFuture(m_staff->signIn(m_restaurant, cook->id, QStringLiteral("5556")));
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().message, QStringLiteral("Wrong PIN. 4 tries left before the account locks."));
    QCOMPARE(count(QStringLiteral("SELECT failed_attempts FROM staff WHERE id = ?"), {cook->id}), 1);
    const auto right = awaitFuture(m_staff->signIn(m_restaurant, cook->id, QStringLiteral("5555")));
    QVERIFY2(right, right ? "" : qPrintable(right.error().message));
    QCOMPARE(count(QStringLiteral("SELECT failed_attempts FROM staff WHERE id = ?"), {cook->id}), 0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff WHERE id = ? AND locked_until IS NULL"), {cook->id}), 1);
}

void TestStaffAuth::concurrentWrongPinsKeepEveryCount()
{
    const auto host = create(m_ownerActor, QStringLiteral("Hana"), Role::Host, QStringLiteral("4321"));
    QVERIFY(host);
    // Four workers, four wrong PINs at once: each attempt must see the ones before it.
    Store busy(m_db->settings(), 4);
    StaffService service(busy);
    QList<QFuture<Result<Actor>>> attempts;
    for (int i = 0; i < 4; ++i) {
        attempts.append(service.signIn(m_restaurant, host->id, QStringLiteral("000%1").arg(i)));
    }
    QSet<QString> messages;
    for (const auto& attempt : attempts) {
        const auto result = awaitFuture(attempt);
        QVERIFY(!result);
        QCOMPARE(result.error().kind, Error::Kind::Forbidden);
        messages.insert(result.error().message);
    }
    QCOMPARE(count(QStringLiteral("SELECT failed_attempts FROM staff WHERE id = ?"), {host->id}), 4);
    QCOMPARE(messages,
             (QSet<QString>{QStringLiteral("Wrong PIN. 4 tries left before the account locks."),
                            QStringLiteral("Wrong PIN. 3 tries left before the account locks."),
                            QStringLiteral("Wrong PIN. 2 tries left before the account locks."),
                            QStringLiteral("Wrong PIN. 1 try left before the account locks.")}));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'staff.sign_in_failed'")), 4);
}

void TestStaffAuth::inactiveAndUnknownStaffCannotSignIn()
{
    const auto host = create(m_ownerActor, QStringLiteral("Hana"), Role::Host, QStringLiteral("4321"));
    QVERIFY(host);
    QVERIFY(awaitFuture(
        m_staff->updateStaff(m_restaurant, m_ownerActor, host->id, QStringLiteral("Hana"), Role::Host, false)));
    const auto inactive = awaitFuture(m_staff->signIn(m_restaurant, host->id, QStringLiteral("4321")));
    QVERIFY(!inactive);
    QCOMPARE(inactive.error().kind, Error::Kind::Forbidden);
    QCOMPARE(inactive.error().message, QStringLiteral("Hana's account is switched off. Ask a manager."));
    // Gone from the sign-in list, still on the manager's list (last) to be brought back.
    const auto signInList = awaitFuture(m_staff->staff(m_restaurant));
    QVERIFY(
        std::none_of(signInList->cbegin(), signInList->cend(), [](const StaffMember& m) { return m.name == u"Hana"; }));
    const auto everyone = awaitFuture(m_staff->staff(m_restaurant, StaffService::Members::All));
    QCOMPARE(everyone->last().name, QStringLiteral("Hana"));
    QVERIFY(!everyone->last().active);
    const auto unknown = awaitFuture(m_staff->signIn(m_restaurant, 987654, QStringLiteral("4321")));
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().kind, Error::Kind::NotFound);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action LIKE 'staff.sign%'")), 0);
}

void TestStaffAuth::hostCannotManageStaff()
{
    const auto host = create(m_ownerActor, QStringLiteral("Hana"), Role::Host, QStringLiteral("4321"));
    QVERIFY(host);
    const Actor hostActor = actorFor(*host);
    const int staffBefore = count(QStringLiteral("SELECT count(*) FROM staff"));
    const int auditBefore = count(QStringLiteral("SELECT count(*) FROM audit_log"));
    const int eventsBefore = count(QStringLiteral("SELECT count(*) FROM events"));

    for (const Actor& actor : {hostActor, Actor::kitchenDisplay(), Actor::nobody()}) {
        const auto created = create(actor, QStringLiteral("Sneaky"), Role::Manager, QStringLiteral("1234"));
        QVERIFY(!created);
        QCOMPARE(created.error().kind, Error::Kind::Forbidden);
        QVERIFY2(created.error().message.endsWith(u" may not manage staff and API tokens."),
                 qPrintable(created.error().message));
    }
    QCOMPARE(create(hostActor, QStringLiteral("Sneaky"), Role::Host, QStringLiteral("1234")).error().message,
             QStringLiteral("Hana may not manage staff and API tokens."));
    for (auto future :
         {m_staff->updateStaff(m_restaurant, hostActor, host->id, QStringLiteral("Hana"), Role::Manager, true),
          m_staff->resetPin(m_restaurant, hostActor, m_owner.id, QStringLiteral("9999")),
          m_staff->unlock(m_restaurant, hostActor, host->id)}) {
        const auto refused = awaitFuture(future);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Forbidden);
    }
    const auto auditView = awaitFuture(m_staff->audit(m_restaurant, hostActor, {}));
    QVERIFY(!auditView);
    QCOMPARE(auditView.error().kind, Error::Kind::Forbidden);
    QCOMPARE(auditView.error().message, QStringLiteral("Hana may not see the audit log."));

    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff")), staffBefore);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log")), auditBefore);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events")), eventsBefore);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT role FROM staff WHERE id = ?"), {host->id}).toString(),
             QStringLiteral("host"));
    QVERIFY(awaitFuture(m_staff->signIn(m_restaurant, m_owner.id, QStringLiteral("1111"))));
}

void TestStaffAuth::managerCannotTouchTheOwner()
{
    const auto manager = create(m_ownerActor, QStringLiteral("Marco"), Role::Manager, QStringLiteral("2222"));
    QVERIFY(manager);
    const Actor managerActor = actorFor(*manager);
    const int auditBefore = count(QStringLiteral("SELECT count(*) FROM audit_log"));

    const auto newOwner = create(managerActor, QStringLiteral("Otto"), Role::Owner, QStringLiteral("3333"));
    QVERIFY(!newOwner);
    QCOMPARE(newOwner.error().kind, Error::Kind::Forbidden);
    QCOMPARE(newOwner.error().message, QStringLiteral("Only an owner can make someone an owner."));
    for (auto future :
         {m_staff->updateStaff(m_restaurant, managerActor, m_owner.id, QStringLiteral("Liv"), Role::Owner, true),
          m_staff->updateStaff(m_restaurant, managerActor, m_owner.id, QStringLiteral("Olivia"), Role::Host, true),
          m_staff->resetPin(m_restaurant, managerActor, m_owner.id, QStringLiteral("9999")),
          m_staff->unlock(m_restaurant, managerActor, m_owner.id)}) {
        const auto refused = awaitFuture(future);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Forbidden);
        QCOMPARE(refused.error().message,
                 QStringLiteral("Only an owner can change Olivia's account: Olivia is an owner."));
    }
    // Nor promote someone (themselves included) to owner.
    const auto promoted = awaitFuture(
        m_staff->updateStaff(m_restaurant, managerActor, manager->id, QStringLiteral("Marco"), Role::Owner, true));
    QVERIFY(!promoted);
    QCOMPARE(promoted.error().kind, Error::Kind::Forbidden);

    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log")), auditBefore);
    QCOMPARE(
        m_db->scalar(QStringLiteral("SELECT name || ':' || role FROM staff WHERE id = ?"), {m_owner.id}).toString(),
        QStringLiteral("Olivia:owner"));
    QVERIFY(awaitFuture(m_staff->signIn(m_restaurant, m_owner.id, QStringLiteral("1111"))));

    // Everyone else is the manager's to run.
    const auto host = create(managerActor, QStringLiteral("Hana"), Role::Host, QStringLiteral("4321"));
    QVERIFY2(host, host ? "" : qPrintable(host.error().message));
    const auto renamed = awaitFuture(
        m_staff->updateStaff(m_restaurant, managerActor, host->id, QStringLiteral("Hana K."), Role::Kitchen, true));
    QVERIFY(renamed);
    QCOMPARE(renamed->name, QStringLiteral("Hana K."));
    QCOMPARE(renamed->role, Role::Kitchen);
    QVERIFY(awaitFuture(m_staff->resetPin(m_restaurant, managerActor, host->id, QStringLiteral("8642"))));
    QVERIFY(awaitFuture(m_staff->signIn(m_restaurant, host->id, QStringLiteral("8642"))));
    QVERIFY(!awaitFuture(m_staff->signIn(m_restaurant, host->id, QStringLiteral("4321"))));
}

void TestStaffAuth::lastOwnerIsProtected()
{
    for (auto future :
         {m_staff->updateStaff(m_restaurant, m_ownerActor, m_owner.id, QStringLiteral("Olivia"), Role::Manager, true),
          m_staff->updateStaff(m_restaurant, m_ownerActor, m_owner.id, QStringLiteral("Olivia"), Role::Owner, false)}) {
        const auto refused = awaitFuture(future);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Conflict);
        QCOMPARE(refused.error().message,
                 QStringLiteral("Olivia is the last active owner. Make someone else an owner first."));
    }
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT role FROM staff WHERE id = ?"), {m_owner.id}).toString(),
             QStringLiteral("owner"));

    // With a second owner, the first may step down; then the second is the last.
    const auto second = create(m_ownerActor, QStringLiteral("Otto"), Role::Owner, QStringLiteral("3333"));
    QVERIFY2(second, second ? "" : qPrintable(second.error().message));
    const auto steppedDown = awaitFuture(
        m_staff->updateStaff(m_restaurant, m_ownerActor, m_owner.id, QStringLiteral("Olivia"), Role::Manager, true));
    QVERIFY2(steppedDown, steppedDown ? "" : qPrintable(steppedDown.error().message));
    QCOMPARE(steppedDown->role, Role::Manager);
    const auto last = awaitFuture(
        m_staff->updateStaff(m_restaurant, actorFor(*second), second->id, QStringLiteral("Otto"), Role::Owner, false));
    QVERIFY(!last);
    QCOMPARE(last.error().kind, Error::Kind::Conflict);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff WHERE role = 'owner' AND active")), 1);
}

void TestStaffAuth::systemCreatesOnlyTheFirstOwner()
{
    // init() made Olivia as Maitre itself; now that there is an owner, Maitre may not add anyone.
    const auto needs = awaitFuture(m_staff->needsOwner(m_restaurant));
    QVERIFY(needs);
    QVERIFY(!*needs);
    const auto another = create(Actor::system(), QStringLiteral("Otto"), Role::Owner, QStringLiteral("3333"));
    QVERIFY(!another);
    QCOMPARE(another.error().kind, Error::Kind::Forbidden);
    const auto host = create(Actor::system(), QStringLiteral("Hana"), Role::Host, QStringLiteral("4321"));
    QVERIFY(!host);
    QCOMPARE(host.error().kind, Error::Kind::Forbidden);

    // A second restaurant has no owner yet: Maitre creates its first one.
    const qint64 other = m_db->scalar(QStringLiteral("INSERT INTO restaurants (slug, name) VALUES ('cafe', 'Cafe')"
                                                     " RETURNING id"))
                             .toLongLong();
    const auto otherNeeds = awaitFuture(m_staff->needsOwner(other));
    QVERIFY(otherNeeds);
    QVERIFY(*otherNeeds);
    const auto first = awaitFuture(
        m_staff->createStaff(other, Actor::system(), QStringLiteral("Olivia"), Role::Owner, QStringLiteral("7777")));
    QVERIFY2(first, first ? "" : qPrintable(first.error().message)); // names are per restaurant
    QCOMPARE(first->role, Role::Owner);
    QVERIFY(!*awaitFuture(m_staff->needsOwner(other)));
    const auto entry = awaitFuture(m_staff->audit(other, actorFor(*first), {}));
    QVERIFY(entry);
    QCOMPARE(entry->size(), 1);
    QCOMPARE(entry->first().action, QStringLiteral("staff.created"));
    QCOMPARE(entry->first().actor, QStringLiteral("Maitre"));
    QCOMPARE(entry->first().staffId, 0);
}

void TestStaffAuth::namesAreValidated()
{
    const auto check = [](const Result<StaffMember>& result, const QString& message) {
        QVERIFY(!result);
        QCOMPARE(result.error().kind, Error::Kind::Invalid);
        QCOMPARE(result.error().field, QStringLiteral("name"));
        QCOMPARE(result.error().message, message);
    };
    const int before = count(QStringLiteral("SELECT count(*) FROM staff"));
    check(create(m_ownerActor, QStringLiteral("   "), Role::Host, QStringLiteral("1234")),
          QStringLiteral("Please enter a name."));
    check(create(m_ownerActor, QString(61, u'x'), Role::Host, QStringLiteral("1234")),
          QStringLiteral("The name is too long (at most 60 characters)."));
    check(create(m_ownerActor, QStringLiteral("Ana\u0007"), Role::Host, QStringLiteral("1234")),
          QStringLiteral("The name contains characters that cannot be shown."));
    check(create(m_ownerActor, QStringLiteral(" olivia "), Role::Host, QStringLiteral("1234")),
          QStringLiteral("There is already someone called \"olivia\". Add an initial to tell them apart."));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff")), before);

    const auto sixty = create(m_ownerActor, QString(60, u'y'), Role::Host, QStringLiteral("1234"));
    QVERIFY(sixty);
    const auto trimmed = create(m_ownerActor, QStringLiteral("  Ana  "), Role::Host, QStringLiteral("1234"));
    QVERIFY(trimmed);
    QCOMPARE(trimmed->name, QStringLiteral("Ana"));
    check(awaitFuture(m_staff->updateStaff(
              m_restaurant, m_ownerActor, trimmed->id, QStringLiteral("OLIVIA"), Role::Host, true)),
          QStringLiteral("There is already someone called \"OLIVIA\". Add an initial to tell them apart."));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT name FROM staff WHERE id = ?"), {trimmed->id}).toString(),
             QStringLiteral("Ana"));
    // Changing only the case of one's own name is fine.
    const auto recased = awaitFuture(
        m_staff->updateStaff(m_restaurant, m_ownerActor, trimmed->id, QStringLiteral("ANA"), Role::Host, true));
    QVERIFY(recased);
    QCOMPARE(recased->name, QStringLiteral("ANA"));
    const auto missing = awaitFuture(
        m_staff->updateStaff(m_restaurant, m_ownerActor, 987654, QStringLiteral("Nobody"), Role::Host, true));
    QVERIFY(!missing);
    QCOMPARE(missing.error().kind, Error::Kind::NotFound);
}

void TestStaffAuth::staffListAndChangeEvents()
{
    const int eventsBefore = count(QStringLiteral("SELECT count(*) FROM events WHERE type = 'staff.changed'"));
    QCOMPARE(eventsBefore, 1); // the owner's creation
    const auto host = create(m_ownerActor, QStringLiteral("Hana"), Role::Host, QStringLiteral("4321"));
    const auto cook = create(m_ownerActor, QStringLiteral("Kenji"), Role::Kitchen, QStringLiteral("5555"));
    QVERIFY(host && cook);
    QVERIFY(awaitFuture(
        m_staff->updateStaff(m_restaurant, m_ownerActor, cook->id, QStringLiteral("Kenji"), Role::Kitchen, false)));
    const auto listed = awaitFuture(m_staff->staff(m_restaurant));
    QVERIFY(listed);
    QStringList names;
    for (const StaffMember& member : *listed) {
        names << member.name;
    }
    QCOMPARE(names, (QStringList{QStringLiteral("Hana"), QStringLiteral("Olivia")}));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE type = 'staff.changed'")), eventsBefore + 3);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT payload->>'staff_id' FROM events WHERE type = 'staff.changed'"
                                         " ORDER BY id DESC LIMIT 1"))
                 .toLongLong(),
             cook->id);
    // An update that changes nothing writes nothing.
    QVERIFY(awaitFuture(
        m_staff->updateStaff(m_restaurant, m_ownerActor, host->id, QStringLiteral("Hana"), Role::Host, true)));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE type = 'staff.changed'")), eventsBefore + 3);
}

void TestStaffAuth::auditRecordsEveryStaffAction()
{
    const auto manager = create(m_ownerActor, QStringLiteral("Marco"), Role::Manager, QStringLiteral("2222"));
    QVERIFY(manager);
    const Actor marco = actorFor(*manager);
    const auto host = create(marco, QStringLiteral("Hana"), Role::Host, QStringLiteral("4321"));
    QVERIFY(host);
    QVERIFY(
        awaitFuture(m_staff->updateStaff(m_restaurant, marco, host->id, QStringLiteral("Hana"), Role::Kitchen, true)));
    QVERIFY(awaitFuture(m_staff->resetPin(m_restaurant, marco, host->id, QStringLiteral("8642"))));
    QVERIFY(!awaitFuture(m_staff->signIn(m_restaurant, host->id, QStringLiteral("0000"))));
    QVERIFY(awaitFuture(m_staff->unlock(m_restaurant, marco, host->id)));
    QVERIFY(awaitFuture(m_staff->signIn(m_restaurant, host->id, QStringLiteral("8642"))));
    // The manager is renamed later: the log keeps the name of the time.
    QVERIFY(awaitFuture(m_staff->updateStaff(
        m_restaurant, m_ownerActor, manager->id, QStringLiteral("Marco R."), Role::Manager, true)));

    const auto entries = audit();
    QStringList actions;
    QStringList actors;
    for (const AuditEntry& entry : entries) {
        actions << entry.action;
        actors << entry.actor;
    }
    QCOMPARE(actions,
             (QStringList{QStringLiteral("staff.updated"),
                          QStringLiteral("staff.signed_in"),
                          QStringLiteral("staff.unlocked"),
                          QStringLiteral("staff.sign_in_failed"),
                          QStringLiteral("staff.pin_reset"),
                          QStringLiteral("staff.updated"),
                          QStringLiteral("staff.created"),
                          QStringLiteral("staff.created"),
                          QStringLiteral("staff.created")}));
    QCOMPARE(actors,
             (QStringList{QStringLiteral("Olivia"),
                          QStringLiteral("Hana"),
                          QStringLiteral("Marco"),
                          QStringLiteral("Nobody signed in"),
                          QStringLiteral("Marco"),
                          QStringLiteral("Marco"),
                          QStringLiteral("Marco"),
                          QStringLiteral("Olivia"),
                          QStringLiteral("Maitre")}));
    for (qsizetype i = 1; i < entries.size(); ++i) {
        QVERIFY(entries.at(i - 1).at >= entries.at(i).at);
        QVERIFY(entries.at(i - 1).id > entries.at(i).id);
    }
    const AuditEntry& roleChange = entries.at(5);
    QCOMPARE(roleChange.staffId, manager->id);
    QCOMPARE(roleChange.details.value(u"staff_id").toInteger(), host->id);
    QCOMPARE(roleChange.details.value(u"changes").toObject().value(u"role").toArray(),
             (QJsonArray{QStringLiteral("host"), QStringLiteral("kitchen")}));
    const AuditEntry& rename = entries.first();
    QCOMPARE(rename.details.value(u"changes").toObject().value(u"name").toArray(),
             (QJsonArray{QStringLiteral("Marco"), QStringLiteral("Marco R.")}));
    QCOMPARE(entries.at(3).details.value(u"failed_attempts").toInt(), 1);
    QVERIFY(entries.first().at.isValid());
    QCOMPARE(entries.first().at.timeSpec(), Qt::UTC);
}

void TestStaffAuth::auditFilters()
{
    const auto manager = create(m_ownerActor, QStringLiteral("Marco"), Role::Manager, QStringLiteral("2222"));
    QVERIFY(manager);
    const auto host = create(actorFor(*manager), QStringLiteral("Hana_1%"), Role::Host, QStringLiteral("4321"));
    QVERIFY(host);
    QVERIFY(awaitFuture(m_staff->signIn(m_restaurant, host->id, QStringLiteral("4321"))));
    // An entry from yesterday, as if written then (the log cannot be edited, only added to).
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO audit_log (restaurant_id, staff_id, actor_name, actor_kind, action,"
                                      " details, at) VALUES (?, ?, 'Olivia', 'staff', 'menu.item_changed',"
                                      " '{\"item\": \"Soup\"}', now() - interval '1 day')"),
                       {m_restaurant, m_owner.id}));

    QCOMPARE(audit().size(), 5);
    QCOMPARE(audit(byStaff(manager->id)).size(), 1);
    QCOMPARE(audit(byStaff(manager->id)).first().action, QStringLiteral("staff.created"));
    QCOMPARE(audit(byStaff(m_owner.id)).size(), 2);
    QCOMPARE(audit(byAction(QStringLiteral("staff."))).size(), 4);
    QCOMPARE(audit(byAction(QStringLiteral("menu."))).size(), 1);
    QCOMPARE(audit(byAction(QStringLiteral("staff.sign"))).first().actor, QStringLiteral("Hana_1%"));
    // Text is matched literally: "_" and "%" are not wildcards.
    QCOMPARE(audit(byText(QStringLiteral("hana_1%"))).size(), 1);
    QCOMPARE(audit(byText(QStringLiteral("Hana%1"))).size(), 0);
    QCOMPARE(audit(byText(QStringLiteral("soup"))).size(), 1);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    AuditFilter older;
    older.to = now.addSecs(-3600);
    QCOMPARE(audit(older).size(), 1);
    AuditFilter recent;
    recent.from = now.addSecs(-3600);
    QCOMPARE(audit(recent).size(), 4);
    AuditFilter window = byAction(QStringLiteral("menu."));
    window.from = now.addDays(-2);
    window.to = now.addSecs(-3600);
    QCOMPARE(audit(window).size(), 1);
    window.to = now.addDays(-1).addSecs(-3600);
    QCOMPARE(audit(window).size(), 0);
    AuditFilter two;
    two.limit = 2;
    const auto limited = audit(two);
    QCOMPARE(limited.size(), 2);
    QCOMPARE(limited.first().action, QStringLiteral("staff.signed_in"));
    // Other restaurants' lines stay out.
    const qint64 other =
        m_db->scalar(QStringLiteral("INSERT INTO restaurants (slug, name) VALUES ('cafe', 'Cafe') RETURNING id"))
            .toLongLong();
    const auto elsewhere = awaitFuture(m_staff->audit(other, m_ownerActor, {}));
    QVERIFY(elsewhere);
    QVERIFY(elsewhere->isEmpty());
}

void TestStaffAuth::auditLogIsAppendOnly()
{
    QVERIFY(awaitFuture(m_staff->signIn(m_restaurant, m_owner.id, QStringLiteral("1111"))));
    const int before = count(QStringLiteral("SELECT count(*) FROM audit_log"));
    QVERIFY(before >= 2);
    QSqlDatabase conn = m_db->connection();
    QSqlQuery query(conn);
    QVERIFY(!query.exec(QStringLiteral("UPDATE audit_log SET actor_name = 'Someone else'")));
    QVERIFY2(query.lastError().databaseText().contains(u"append-only"), qPrintable(query.lastError().databaseText()));
    QVERIFY(!query.exec(QStringLiteral("DELETE FROM audit_log")));
    QVERIFY(query.lastError().databaseText().contains(u"append-only"));
    QVERIFY(!query.exec(QStringLiteral("TRUNCATE audit_log")));
    QVERIFY(query.lastError().databaseText().contains(u"append-only"));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log")), before);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE actor_name = 'Someone else'")), 0);
}

void TestStaffAuth::apiTokenLifecycle()
{
    const auto manager = create(m_ownerActor, QStringLiteral("Marco"), Role::Manager, QStringLiteral("2222"));
    QVERIFY(manager);
    const Actor marco = actorFor(*manager);
    const auto created =
        awaitFuture(m_tokens->create(m_restaurant, marco, QStringLiteral(" BI export "), {QStringLiteral("events")}));
    QVERIFY2(created, created ? "" : qPrintable(created.error().message));
    QVERIFY(created->secret.startsWith(u"mt_"));
    QVERIFY(created->secret.size() >= 3 + 32);
    QCOMPARE(created->token.name, QStringLiteral("BI export"));
    QCOMPARE(created->token.scopes, QStringList{QStringLiteral("events")});
    QVERIFY(created->token.createdAt.isValid());
    QVERIFY(!created->token.lastUsedAt.isValid());
    QVERIFY(!created->token.isRevoked());

    // Only the SHA-256 is stored; the secret is nowhere in the database.
    const QString expectedHash =
        QString::fromLatin1(QCryptographicHash::hash(created->secret.toUtf8(), QCryptographicHash::Sha256).toHex());
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT token_hash FROM staff_tokens WHERE id = ?"), {created->token.id})
                 .toString(),
             expectedHash);
    const QString secretPart = created->secret.mid(3);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff_tokens t WHERE strpos(row_to_json(t)::text, ?) > 0"),
                   {secretPart}),
             0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log a WHERE strpos(row_to_json(a)::text, ?) > 0"),
                   {secretPart}),
             0);

    const auto second =
        awaitFuture(m_tokens->create(m_restaurant,
                                     marco,
                                     QStringLiteral("Kitchen script"),
                                     {QStringLiteral("staff"), QStringLiteral("events"), QStringLiteral("staff")}));
    QVERIFY(second);
    QCOMPARE(second->token.scopes, (QStringList{QStringLiteral("staff"), QStringLiteral("events")}));
    QVERIFY(second->secret != created->secret);

    // The server's check.
    const auto verified = awaitFuture(m_tokens->verify(created->secret));
    QVERIFY2(verified, verified ? "" : qPrintable(verified.error().message));
    QCOMPARE(verified->restaurantId, m_restaurant);
    QCOMPARE(verified->token.id, created->token.id);
    QCOMPARE(verified->token.scopes, QStringList{QStringLiteral("events")});
    QVERIFY(verified->token.lastUsedAt.isValid());
    QVERIFY(verified->actor == Actor::apiToken(created->token.id, QStringLiteral("BI export"), Role::Manager));
    for (const QString& wrong : {QString(),
                                 QStringLiteral("mt_"),
                                 created->secret.chopped(1),
                                 created->secret.mid(3),
                                 expectedHash,
                                 QString(created->secret + u'x')}) {
        const auto refused = awaitFuture(m_tokens->verify(wrong));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::NotFound);
    }

    // The list shows names, scopes and times (no secret exists to show).
    const auto listed = awaitFuture(m_tokens->list(m_restaurant, marco));
    QVERIFY(listed);
    QCOMPARE(listed->size(), 2);
    QCOMPARE(listed->at(0).name, QStringLiteral("BI export"));
    QVERIFY(listed->at(0).lastUsedAt.isValid());
    QCOMPARE(listed->at(1).name, QStringLiteral("Kitchen script"));

    // Revoking stops the secret working at once; the name may then be reused.
    const auto revoked = awaitFuture(m_tokens->revoke(m_restaurant, marco, QStringLiteral("BI export")));
    QVERIFY2(revoked, revoked ? "" : qPrintable(revoked.error().message));
    QVERIFY(revoked->isRevoked());
    const auto afterRevoke = awaitFuture(m_tokens->verify(created->secret));
    QVERIFY(!afterRevoke);
    QCOMPARE(afterRevoke.error().kind, Error::Kind::NotFound);
    const auto twice = awaitFuture(m_tokens->revoke(m_restaurant, marco, QStringLiteral("BI export")));
    QVERIFY(!twice);
    QCOMPARE(twice.error().kind, Error::Kind::NotFound);
    QCOMPARE(twice.error().message, QStringLiteral("There is no working token called \"BI export\"."));
    const auto reused = awaitFuture(
        m_tokens->create(m_restaurant, m_ownerActor, QStringLiteral("BI export"), {QStringLiteral("events")}));
    QVERIFY2(reused, reused ? "" : qPrintable(reused.error().message));
    QVERIFY(awaitFuture(m_tokens->verify(reused->secret)));
    QVERIFY(awaitFuture(m_tokens->verify(second->secret)));
    const auto all = awaitFuture(m_tokens->list(m_restaurant, marco));
    QVERIFY(all);
    QCOMPARE(all->size(), 3);
    QVERIFY(!all->at(0).isRevoked() && !all->at(1).isRevoked());
    QVERIFY(all->at(2).isRevoked()); // revoked ones last

    const auto entries = audit(byAction(QStringLiteral("token.")));
    QCOMPARE(entries.size(), 4);
    QCOMPARE(entries.at(0).action, QStringLiteral("token.created"));
    QCOMPARE(entries.at(0).actor, QStringLiteral("Olivia"));
    QCOMPARE(entries.at(1).action, QStringLiteral("token.revoked"));
    QCOMPARE(entries.at(1).staffId, manager->id);
    QCOMPARE(entries.at(1).details.value(u"name").toString(), QStringLiteral("BI export"));
    QCOMPARE(entries.at(3).details.value(u"scopes").toArray(), QJsonArray{QStringLiteral("events")});
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT created_by FROM staff_tokens WHERE id = ?"), {created->token.id})
                 .toLongLong(),
             manager->id);
}

void TestStaffAuth::apiTokenInputIsValidated()
{
    const auto check = [](const Result<ApiTokenService::Created>& result, const QString& field) {
        QVERIFY(!result);
        QCOMPARE(result.error().kind, Error::Kind::Invalid);
        QCOMPARE(result.error().field, field);
        QVERIFY(!result.error().message.isEmpty());
    };
    const QStringList events{QStringLiteral("events")};
    check(awaitFuture(m_tokens->create(m_restaurant, m_ownerActor, QStringLiteral("Feed"), {QStringLiteral("admin")})),
          QStringLiteral("scopes"));
    check(
        awaitFuture(m_tokens->create(
            m_restaurant, m_ownerActor, QStringLiteral("Feed"), {QStringLiteral("events"), QStringLiteral("Events")})),
        QStringLiteral("scopes"));
    check(awaitFuture(m_tokens->create(m_restaurant, m_ownerActor, QStringLiteral("Feed"), {})),
          QStringLiteral("scopes"));
    check(awaitFuture(m_tokens->create(m_restaurant, m_ownerActor, QStringLiteral("  "), events)),
          QStringLiteral("name"));
    check(awaitFuture(m_tokens->create(m_restaurant, m_ownerActor, QString(61, u'n'), events)), QStringLiteral("name"));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff_tokens")), 0);

    QVERIFY(awaitFuture(m_tokens->create(m_restaurant, m_ownerActor, QStringLiteral("Feed"), events)));
    const auto duplicate = awaitFuture(m_tokens->create(m_restaurant, m_ownerActor, QStringLiteral("Feed"), events));
    check(duplicate, QStringLiteral("name"));
    QCOMPARE(duplicate.error().message,
             QStringLiteral("A token called \"Feed\" already exists. Revoke it first or choose another name."));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff_tokens")), 1);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action LIKE 'token.%'")), 1);
}

void TestStaffAuth::hostCannotManageApiTokens()
{
    const auto host = create(m_ownerActor, QStringLiteral("Hana"), Role::Host, QStringLiteral("4321"));
    QVERIFY(host);
    QVERIFY(
        awaitFuture(m_tokens->create(m_restaurant, m_ownerActor, QStringLiteral("Feed"), {QStringLiteral("events")})));
    const int auditBefore = count(QStringLiteral("SELECT count(*) FROM audit_log"));
    for (const Actor& actor : {actorFor(*host), Actor::kitchenDisplay(), Actor::nobody()}) {
        const auto created =
            awaitFuture(m_tokens->create(m_restaurant, actor, QStringLiteral("Mine"), {QStringLiteral("staff")}));
        QVERIFY(!created);
        QCOMPARE(created.error().kind, Error::Kind::Forbidden);
        const auto listed = awaitFuture(m_tokens->list(m_restaurant, actor));
        QVERIFY(!listed);
        QCOMPARE(listed.error().kind, Error::Kind::Forbidden);
        const auto revoked = awaitFuture(m_tokens->revoke(m_restaurant, actor, QStringLiteral("Feed")));
        QVERIFY(!revoked);
        QCOMPARE(revoked.error().kind, Error::Kind::Forbidden);
    }
    QCOMPARE(
        awaitFuture(m_tokens->create(m_restaurant, actorFor(*host), QStringLiteral("Mine"), {QStringLiteral("staff")}))
            .error()
            .message,
        QStringLiteral("Hana may not manage staff and API tokens."));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff_tokens")), 1);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff_tokens WHERE revoked_at IS NULL")), 1);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log")), auditBefore);
}

QTEST_GUILESS_MAIN(TestStaffAuth)
#include "tst_staffauth.moc"
