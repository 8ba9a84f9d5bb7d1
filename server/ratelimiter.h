#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <optional>

// A token bucket per client address for writes: a burst, then a steady rate.
// Generous by default, since a whole guest Wi-Fi may share one NAT address.
class RateLimiter final
{
public:
    RateLimiter(int burst = 60, int perMinute = 60);

    // Takes one token for `address`; when none is left, the seconds until one is.
    std::optional<int> take(const QHostAddress& address);
    void configure(int burst, int perMinute);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };
    double m_burst;
    double m_perMs;
    QElapsedTimer m_clock;
    QHash<QHostAddress, Bucket> m_buckets;
};
