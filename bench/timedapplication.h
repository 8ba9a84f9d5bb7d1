#pragma once

#include <QApplication>
#include <QString>
#include <vector>

// A QApplication that times every event it delivers in its own thread (the
// outermost delivery only, so nested ones count once) and remembers the
// slowest: which receiver, which event, how long. To tell what stalls the GUI.
class TimedApplication final : public QApplication
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimedApplication)

public:
    struct SlowEvent
    {
        qint64 microseconds = 0;
        QString what; // "QueueView(queueView) MetaCall"
    };

    TimedApplication(int& argc, char** argv);

    bool notify(QObject* receiver, QEvent* event) override;

    void resetSlowest() { m_slowest.clear(); }
    // The slowest events since the last reset, slowest first.
    std::vector<SlowEvent> slowest() const { return m_slowest; }

private:
    static constexpr size_t KEEP = 8;
    int m_depth = 0;
    std::vector<SlowEvent> m_slowest;
};
