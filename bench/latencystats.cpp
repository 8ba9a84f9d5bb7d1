#include "latencystats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

void LatencyStats::add(const LatencyStats& other)
{
    m_samples.insert(m_samples.end(), other.m_samples.begin(), other.m_samples.end());
    m_sorted = false;
}

double LatencyStats::percentileMs(double percentile) const
{
    if (m_samples.empty()) {
        return 0.0;
    }
    if (!m_sorted) {
        std::ranges::sort(m_samples);
        m_sorted = true;
    }
    const double rank = std::ceil(percentile / 100.0 * double(m_samples.size()));
    const auto index = size_t(std::clamp(rank, 1.0, double(m_samples.size()))) - 1;
    return double(m_samples[index]) / 1000.0;
}

double LatencyStats::maxMs() const
{
    return m_samples.empty() ? 0.0 : double(*std::ranges::max_element(m_samples)) / 1000.0;
}

double LatencyStats::meanMs() const
{
    if (m_samples.empty()) {
        return 0.0;
    }
    return double(std::accumulate(m_samples.begin(), m_samples.end(), qint64(0))) / double(m_samples.size()) / 1000.0;
}

QString LatencyStats::summary() const
{
    return QStringLiteral("p50 %1 ms  p99 %2 ms  max %3 ms (n = %4)")
        .arg(percentileMs(50), 0, 'f', 2)
        .arg(percentileMs(99), 0, 'f', 2)
        .arg(maxMs(), 0, 'f', 2)
        .arg(count());
}
