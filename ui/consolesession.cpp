#include "consolesession.h"

ConsoleSession::ConsoleSession(QObject* parent)
    : QObject(parent)
{ }

Actor ConsoleSession::actor() const
{
    if (m_actor) {
        return *m_actor;
    }
    return Actor::nobody();
}

bool ConsoleSession::can(Permission permission) const
{
    return m_actor && m_actor->can(permission);
}

void ConsoleSession::signIn(const Actor& actor)
{
    m_actor = actor;
    Q_EMIT actorChanged();
}

void ConsoleSession::signOut()
{
    if (!m_actor) {
        return;
    }
    m_actor.reset();
    Q_EMIT actorChanged();
}
