#include "ratelimiter.h"

#include <cmath>

RateLimiter::RateLimiter(int burst, int perMinute)
{
    configure(burst, perMinute);
    m_clock.start();
}

void RateLimiter::configure(int burst, int perMinute)
{
    m_burst = std::max(1, burst);
    m_perMs = std::max(1, perMinute) / 60000.0;
    m_buckets.clear();
}

std::optional<int> RateLimiter::take(const QHostAddress& address)
{
    const qint64 now = m_clock.elapsed();
    // Forget full buckets now and then, so the table stays small.
    if (m_buckets.size() > 10000) {
        m_buckets.removeIf([this, now](const auto& it) {
            return it.value().tokens + (now - it.value().updatedMs) * m_perMs >= m_burst;
        });
    }
    auto it = m_buckets.find(address);
    if (it == m_buckets.end()) {
        it = m_buckets.insert(address, Bucket{m_burst, now});
    }
    Bucket& bucket = it.value();
    bucket.tokens = std::min(m_burst, bucket.tokens + (now - bucket.updatedMs) * m_perMs);
    bucket.updatedMs = now;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return std::nullopt;
    }
    return std::max(1, int(std::ceil((1.0 - bucket.tokens) / m_perMs / 1000.0)));
}
