#include "idlewatcher.h"

#include "consolesession.h"

#include <QCoreApplication>
#include <QEvent>
#include <QSettings>

const QString IdleWatcher::SETTINGS_KEY = QStringLiteral("console/lockAfterMinutes");

IdleWatcher::IdleWatcher(ConsoleSession& session, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_timeout(configuredTimeout())
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_session.actor().kind() == Actor::Kind::Staff) {
            m_session.signOut();
        }
    });
    connect(&m_session, &ConsoleSession::actorChanged, this, &IdleWatcher::rearm);
    if (QCoreApplication::instance() != nullptr) {
        QCoreApplication::instance()->installEventFilter(this);
    }
    rearm();
}

IdleWatcher::~IdleWatcher()
{
    if (QCoreApplication::instance() != nullptr) {
        QCoreApplication::instance()->removeEventFilter(this);
    }
}

std::chrono::milliseconds IdleWatcher::configuredTimeout()
{
    bool ok = false;
    const int minutes = QSettings().value(SETTINGS_KEY, DEFAULT_MINUTES).toInt(&ok);
    if (!ok) {
        return std::chrono::minutes(DEFAULT_MINUTES);
    }
    return std::chrono::minutes(std::max(0, minutes));
}

void IdleWatcher::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = std::max(std::chrono::milliseconds(0), timeout);
    rearm();
}

void IdleWatcher::rearm()
{
    // Only a member of staff is locked out: the kitchen display stays open
    // for bumping, and nobody signed in has nothing to lock.
    if (m_timeout.count() > 0 && m_session.actor().kind() == Actor::Kind::Staff) {
        m_timer.start(m_timeout);
    } else {
        m_timer.stop();
    }
}

bool IdleWatcher::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::TabletPress:
        if (m_timer.isActive()) {
            m_timer.start(m_timeout);
        }
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}
