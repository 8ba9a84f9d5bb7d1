#pragma once

#include "latencystats.h"

#include <QObject>
#include <QTimer>

// How long the event loop of the thread it lives in goes without turning: a
// 5 ms timer records how late each tick is (the gap between ticks minus 5 ms).
class StallMeter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StallMeter)

public:
    static constexpr int INTERVAL_MS = 5;

    explicit StallMeter(QObject* parent = nullptr);

    void start();
    void stop();
    // Lateness of the ticks since start(), in ms: max, p99…
    const LatencyStats& lateness() const { return m_lateness; }

private:
    void tick();

    QTimer m_timer;
    LatencyStats m_lateness;
    qint64 m_lastUs = 0;
};
