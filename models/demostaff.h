#pragma once

#include "result.h"
#include "role.h"

#include <QFuture>
#include <QList>
#include <QString>

class StaffService;

// The demo restaurant's staff accounts, so a newcomer can sign in after
// "--demo" or "Explore with demo data" (the sign-in page shows their PINs
// for the demo restaurant only).
class DemoStaff final
{
public:
    struct Account
    {
        QString name;
        Role role = Role::Host;
        QString pin;
    };

    DemoStaff() = delete;

    // The demo restaurant's slug (resources/demo/demo.sql).
    static QString restaurantSlug();
    // Olivia (owner), Marco (manager), Hana (host), Kenji (kitchen).
    static QList<Account> accounts();
    // Creates the accounts through `staff` when the restaurant has none yet:
    // the owner as Actor::system() (the first owner), the others as that owner.
    // Call from a thread with an event loop (the continuations run there).
    static QFuture<VoidResult> ensure(StaffService& staff, qint64 restaurantId);
};
