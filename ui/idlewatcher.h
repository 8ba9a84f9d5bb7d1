#pragma once

#include <QObject>
#include <QTimer>
#include <chrono>

class ConsoleSession;

// Locks a shared console after a while without input: watches every key,
// mouse and touch event of the application and signs the session out when
// none came for the idle time. A kitchen display never locks.
class IdleWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IdleWatcher)

public:
    // QSettings key with the minutes before the console locks (0 = never).
    static const QString SETTINGS_KEY;
    static constexpr int DEFAULT_MINUTES = 5;

    explicit IdleWatcher(ConsoleSession& session, QObject* parent = nullptr);
    ~IdleWatcher() override;

    // From QSettings "console/lockAfterMinutes" (default 5; 0 or less: never).
    static std::chrono::milliseconds configuredTimeout();
    // Zero: never lock.
    void setTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds timeout() const { return m_timeout; }
    bool isArmed() const { return m_timer.isActive(); }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rearm();

    ConsoleSession& m_session;
    QTimer m_timer;
    std::chrono::milliseconds m_timeout;
};
