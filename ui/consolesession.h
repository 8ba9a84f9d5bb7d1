#pragma once

#include "actor.h"

#include <QObject>
#include <optional>

// Who is signed in at this console. Views pass actor() to the services and
// hide or disable what the role may not do; the console locks by signing out.
class ConsoleSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleSession)

public:
    explicit ConsoleSession(QObject* parent = nullptr);

    bool isSignedIn() const { return m_actor.has_value(); }
    // The signed-in actor; a kitchen screen without sign-in is Actor::kitchenDisplay().
    // Not signed in: Actor::nobody(), which may do nothing.
    Actor actor() const;
    bool can(Permission permission) const;

    void signIn(const Actor& actor);
    void signOut();

Q_SIGNALS:
    // After every sign-in, switch of user and sign-out (the console locked).
    void actorChanged();

private:
    std::optional<Actor> m_actor;
};
