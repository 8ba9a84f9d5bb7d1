#include "actor.h"
#include "permission.h"
#include "role.h"

#include <QSet>
#include <QTest>

// The permission table (who may do what) and how an Actor applies it.
class TestRolePermissions final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void permissionTable_data();
    void permissionTable();
    void actorsFollowTheirRole_data();
    void actorsFollowTheirRole();
    void requireNamesWhoAndWhat();
    void nobodyMayDoNothing();
    void kitchenDisplayMayOnlyBump();
    void systemMayDoEverything();
    void apiTokenActsWithItsRole();
    void rolesRoundTripThroughText();
    void permissionsHaveDistinctNames();
};

void TestRolePermissions::permissionTable_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<Permission>("permission");
    QTest::addColumn<bool>("allowed");
    // The table: the host seats, notifies and cancels; the kitchen bumps;
    // the manager and the owner do everything (the owner's account aside, StaffService).
    const QSet<Permission> host{Permission::SeatAndNotify, Permission::CancelOrders};
    const QSet<Permission> kitchen{Permission::Bump};
    for (Role role : Roles::all()) {
        for (Permission permission : Permissions::all()) {
            bool allowed = true;
            if (role == Role::Host) {
                allowed = host.contains(permission);
            } else if (role == Role::Kitchen) {
                allowed = kitchen.contains(permission);
            }
            const QByteArray name = (Roles::toString(role) + u'/' + Permissions::toString(permission)).toUtf8();
            QTest::newRow(name.constData()) << role << permission << allowed;
        }
    }
}

void TestRolePermissions::permissionTable()
{
    QFETCH(Role, role);
    QFETCH(Permission, permission);
    QFETCH(bool, allowed);
    QCOMPARE(Permissions::allows(role, permission), allowed);
}

void TestRolePermissions::actorsFollowTheirRole_data()
{
    permissionTable_data();
}

void TestRolePermissions::actorsFollowTheirRole()
{
    QFETCH(Role, role);
    QFETCH(Permission, permission);
    QFETCH(bool, allowed);
    const Actor actor = Actor::staff(7, QStringLiteral("Ana"), role);
    QCOMPARE(actor.can(permission), allowed);
    const VoidResult required = actor.require(permission);
    QCOMPARE(required.has_value(), allowed);
    if (!allowed) {
        QCOMPARE(required.error().kind, Error::Kind::Forbidden);
    }
}

void TestRolePermissions::requireNamesWhoAndWhat()
{
    const Actor host = Actor::staff(3, QStringLiteral("Hana"), Role::Host);
    const VoidResult refused = host.require(Permission::ManageStaff);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, Error::Kind::Forbidden);
    QCOMPARE(refused.error().message, QStringLiteral("Hana may not manage staff and API tokens."));

    const Actor cook = Actor::staff(4, QStringLiteral("Kenji"), Role::Kitchen);
    const VoidResult menu = cook.require(Permission::EditMenu);
    QVERIFY(!menu);
    QCOMPARE(menu.error().message, QStringLiteral("Kenji may not edit the menu."));
    QVERIFY(cook.require(Permission::Bump));
    QVERIFY(host.require(Permission::SeatAndNotify));
}

void TestRolePermissions::nobodyMayDoNothing()
{
    const Actor nobody = Actor::nobody();
    QCOMPARE(nobody.kind(), Actor::Kind::Nobody);
    QVERIFY(!nobody.role());
    QCOMPARE(nobody.staffId(), 0);
    for (Permission permission : Permissions::all()) {
        QVERIFY2(!nobody.can(permission), qPrintable(Permissions::toString(permission)));
        const VoidResult refused = nobody.require(permission);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Forbidden);
        QVERIFY2(refused.error().message.startsWith(u"Nobody signed in may not "), qPrintable(refused.error().message));
    }
}

void TestRolePermissions::kitchenDisplayMayOnlyBump()
{
    const Actor display = Actor::kitchenDisplay();
    QCOMPARE(display.kind(), Actor::Kind::KitchenDisplay);
    QCOMPARE(display.staffId(), 0);
    for (Permission permission : Permissions::all()) {
        QCOMPARE(display.can(permission), permission == Permission::Bump);
    }
    QCOMPARE(display.require(Permission::SeatAndNotify).error().message,
             QStringLiteral("Kitchen display may not seat and notify parties."));
}

void TestRolePermissions::systemMayDoEverything()
{
    const Actor system = Actor::system();
    QCOMPARE(system.kind(), Actor::Kind::System);
    QCOMPARE(system.name(), QStringLiteral("Maitre"));
    for (Permission permission : Permissions::all()) {
        QVERIFY(system.can(permission));
        QVERIFY(system.require(permission));
    }
}

void TestRolePermissions::apiTokenActsWithItsRole()
{
    const Actor token = Actor::apiToken(12, QStringLiteral("BI export"), Role::Manager);
    QCOMPARE(token.kind(), Actor::Kind::ApiToken);
    QCOMPARE(token.tokenId(), 12);
    QCOMPARE(token.staffId(), 0);
    QVERIFY(token.can(Permission::ViewAnalytics));
    const Actor limited = Actor::apiToken(13, QStringLiteral("Door tablet"), Role::Host);
    QVERIFY(!limited.can(Permission::ViewAnalytics));
    QCOMPARE(limited.require(Permission::Export).error().message, QStringLiteral("Door tablet may not export data."));
    QVERIFY(token != limited);
    QVERIFY(Actor::staff(1, QStringLiteral("A"), Role::Host) == Actor::staff(1, QStringLiteral("A"), Role::Host));
}

void TestRolePermissions::rolesRoundTripThroughText()
{
    QCOMPARE(Roles::all().size(), 4);
    for (Role role : Roles::all()) {
        QCOMPARE(Roles::fromString(Roles::toString(role)), role);
        QVERIFY(!Roles::displayName(role).isEmpty());
    }
    QCOMPARE(Roles::toString(Role::Owner), QStringLiteral("owner"));
    QVERIFY(!Roles::fromString(QStringLiteral("Owner")));
    QVERIFY(!Roles::fromString(QStringLiteral("admin")));
    QVERIFY(!Roles::fromString({}));
}

void TestRolePermissions::permissionsHaveDistinctNames()
{
    QSet<QString> names;
    QSet<QString> descriptions;
    for (Permission permission : Permissions::all()) {
        names.insert(Permissions::toString(permission));
        descriptions.insert(Permissions::describe(permission));
    }
    QCOMPARE(names.size(), Permissions::all().size());
    QCOMPARE(descriptions.size(), Permissions::all().size());
    QVERIFY(!names.contains(QString()));
}

QTEST_GUILESS_MAIN(TestRolePermissions)
#include "tst_rolepermissions.moc"
