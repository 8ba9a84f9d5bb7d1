#pragma once

#include <QString>
#include <chrono>
#include <vector>

// Samples of a duration in microseconds, and their percentiles.
class LatencyStats final
{
public:
    // A steady clock all threads share, in microseconds.
    static qint64 nowUs()
    {
        return std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }

    void add(qint64 microseconds) { m_samples.push_back(microseconds); }
    void add(const LatencyStats& other);
    qsizetype count() const { return qsizetype(m_samples.size()); }
    bool isEmpty() const { return m_samples.empty(); }

    // Nearest-rank percentile (0–100) in milliseconds; 0 without samples.
    double percentileMs(double percentile) const;
    double maxMs() const;
    double meanMs() const;
    // "p50 1.23 ms  p99 4.56 ms  max 7.89 ms (n = 200)"
    QString summary() const;

private:
    mutable std::vector<qint64> m_samples;
    mutable bool m_sorted = false;
};
