#pragma once

#include "permission.h"
#include "result.h"

#include <QString>
#include <optional>

// Who asks for a change: a signed-in member of staff, the kitchen display
// (bumping without sign-in), an API token, or Maitre itself (timers, demo data).
// Sensitive service calls take one, check it with require() and record it in
// the audit log.
class Actor final
{
public:
    enum class Kind
    {
        Staff,
        KitchenDisplay,
        ApiToken,
        System,
        Nobody
    };

    static Actor staff(qint64 staffId, const QString& name, Role role);
    // A kitchen screen left open without sign-in: it may bump, nothing else.
    static Actor kitchenDisplay();
    // An integration's token: acts with `role`'s rights (its scopes are checked by the server).
    static Actor apiToken(qint64 tokenId, const QString& name, Role role);
    // Maitre's own jobs: firing pre-orders, seeding demo data, migrations.
    static Actor system();
    // No one signed in: may do nothing.
    static Actor nobody();

    Kind kind() const { return m_kind; }
    // The staff row, for Kind::Staff; 0 otherwise.
    qint64 staffId() const { return m_staffId; }
    // The API token row, for Kind::ApiToken; 0 otherwise.
    qint64 tokenId() const { return m_tokenId; }
    const QString& name() const { return m_name; }
    std::optional<Role> role() const { return m_role; }

    bool can(Permission permission) const;
    // Nothing, or a Forbidden error naming who was refused what.
    VoidResult require(Permission permission) const;

    bool operator==(const Actor& other) const = default;

private:
    Actor() = default;

    Kind m_kind = Kind::System;
    qint64 m_staffId = 0;
    qint64 m_tokenId = 0;
    QString m_name;
    std::optional<Role> m_role;
};
