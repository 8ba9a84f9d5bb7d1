#include "stallmeter.h"

StallMeter::StallMeter(QObject* parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(INTERVAL_MS);
    connect(&m_timer, &QTimer::timeout, this, &StallMeter::tick);
}

void StallMeter::start()
{
    m_lateness = {};
    m_lastUs = LatencyStats::nowUs();
    m_timer.start();
}

void StallMeter::stop()
{
    m_timer.stop();
}

void StallMeter::tick()
{
    const qint64 now = LatencyStats::nowUs();
    m_lateness.add(std::max<qint64>(0, now - m_lastUs - INTERVAL_MS * 1000));
    m_lastUs = now;
}
