#include "turntimes.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace
{

// Defaults for a restaurant with no history: minutes per bucket at a neutral
// daypart, scaled by daypart (breakfast and lunch are quicker, dinner longer).
constexpr std::array<double, TurnTimes::BUCKET_COUNT> BASE_MINUTES{45.0, 60.0, 75.0, 90.0};
constexpr std::array<double, TurnTimes::DAYPART_COUNT> DAYPART_FACTOR{0.8, 0.85, 0.9, 1.15, 1.0};
constexpr double DEFAULT_RELATIVE_SPREAD = 0.3;
// How many visits a prior is worth: with this many samples a cell is half data, half prior.
constexpr double PRIOR_WEIGHT = 8.0;
// Visits of other sizes or dayparts say less about a cell, so they need more to move its prior.
constexpr double POOLED_PRIOR_WEIGHT = 20.0;
constexpr double MIN_VISIT_MINUTES = 1.0;
constexpr double MAX_VISIT_MINUTES = 8.0 * 60.0;
// 1.4826 × MAD estimates a standard deviation for normally distributed data.
constexpr double MAD_TO_SIGMA = 1.4826;

double defaultMinutes(int bucket, int daypart)
{
    return BASE_MINUTES[bucket] * DAYPART_FACTOR[daypart];
}

double shrink(double estimate, double prior, double sampleCount, double priorWeight = PRIOR_WEIGHT)
{
    if (sampleCount <= 0) {
        return prior;
    }
    return (priorWeight * prior + sampleCount * estimate) / (priorWeight + sampleCount);
}

double median(std::vector<double>& values)
{
    // nth_element is enough, and cheaper than a sort, for the middle value.
    const size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
    const double upper = values[mid];
    if (values.size() % 2 == 1) {
        return upper;
    }
    const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
    return (lower + upper) / 2.0;
}

// Median and a robust standard deviation; values is reordered.
std::pair<double, double> medianAndSigma(std::vector<double>& values)
{
    const double med = median(values);
    std::vector<double> deviations;
    deviations.reserve(values.size());
    for (double v : values) {
        deviations.push_back(std::abs(v - med));
    }
    return {med, MAD_TO_SIGMA * median(deviations)};
}

// A mean that a few wild values cannot drag: values beyond three robust standard
// deviations from the median are clipped to that bound (a Huber-style estimate).
// Keeps the mean, not the median, because waits add turn times up.
double robustMean(std::vector<double> values)
{
    if (values.size() <= 2) {
        double sum = 0.0;
        for (double v : values) {
            sum += v;
        }
        return sum / static_cast<double>(values.size());
    }
    auto [med, sigma] = medianAndSigma(values);
    sigma = std::max(sigma, 0.05 * std::abs(med));
    const double lo = med - 3.0 * sigma;
    const double hi = med + 3.0 * sigma;
    double sum = 0.0;
    for (double v : values) {
        sum += std::clamp(v, lo, hi);
    }
    return sum / static_cast<double>(values.size());
}

// Robust standard deviation relative to the median; needs three values to mean anything.
double relativeSpread(std::vector<double> values)
{
    const auto [med, sigma] = medianAndSigma(values);
    return med > 0 ? sigma / med : DEFAULT_RELATIVE_SPREAD;
}

struct Visit
{
    int bucket;
    int daypart;
    double minutes;
    double ratio; // minutes / default for its cell, so cells can be pooled
};

} // namespace

TurnTimes::TurnTimes()
{
    for (int b = 0; b < BUCKET_COUNT; ++b) {
        for (int d = 0; d < DAYPART_COUNT; ++d) {
            m_minutes[b][d] = defaultMinutes(b, d);
            m_spread[b][d] = DEFAULT_RELATIVE_SPREAD * m_minutes[b][d];
        }
    }
}

TurnTimes TurnTimes::learn(const QList<TurnSample>& history, int timezoneOffsetSeconds)
{
    std::vector<Visit> visits;
    visits.reserve(static_cast<size_t>(history.size()));
    double total = 0.0;
    for (const TurnSample& s : history) {
        if (!s.seatedAt.isValid() || !s.leftAt.isValid()) {
            continue;
        }
        const double minutes = static_cast<double>(s.seatedAt.msecsTo(s.leftAt)) / 60000.0;
        if (minutes < MIN_VISIT_MINUTES || minutes > MAX_VISIT_MINUTES) {
            continue;
        }
        const int bucket = bucketOf(s.partySize);
        const int daypart = static_cast<int>(daypartAt(s.seatedAt.toSecsSinceEpoch(), timezoneOffsetSeconds));
        visits.push_back({bucket, daypart, minutes, minutes / defaultMinutes(bucket, daypart)});
        total += minutes;
    }

    TurnTimes learned;
    learned.m_sampleCount = static_cast<int>(visits.size());
    learned.m_meanMinutes = visits.empty() ? 0.0 : total / static_cast<double>(visits.size());
    if (visits.empty()) {
        return learned;
    }

    std::array<std::array<std::vector<double>, DAYPART_COUNT>, BUCKET_COUNT> cellMinutes;
    for (const Visit& v : visits) {
        cellMinutes[v.bucket][v.daypart].push_back(v.minutes);
    }
    std::array<std::array<double, DAYPART_COUNT>, BUCKET_COUNT> cellRelSpread{};
    for (int b = 0; b < BUCKET_COUNT; ++b) {
        for (int d = 0; d < DAYPART_COUNT; ++d) {
            cellRelSpread[b][d] = cellMinutes[b][d].size() >= 3 ? relativeSpread(cellMinutes[b][d]) : 0.0;
        }
    }

    std::vector<double> sameBucket;
    std::vector<double> otherBuckets;
    for (int b = 0; b < BUCKET_COUNT; ++b) {
        for (int d = 0; d < DAYPART_COUNT; ++d) {
            // The prior leaves this cell's own visits out, so they are not counted twice:
            // the same bucket at other dayparts, itself shrunk towards all other buckets,
            // itself shrunk towards the defaults.
            sameBucket.clear();
            otherBuckets.clear();
            for (const Visit& v : visits) {
                if (v.bucket != b) {
                    otherBuckets.push_back(v.ratio);
                } else if (v.daypart != d) {
                    sameBucket.push_back(v.ratio);
                }
            }
            const double restaurantRatio = otherBuckets.empty()
                ? 1.0
                : shrink(robustMean(otherBuckets), 1.0, static_cast<double>(otherBuckets.size()), POOLED_PRIOR_WEIGHT);
            const double bucketRatio = sameBucket.empty() ? restaurantRatio
                                                          : shrink(robustMean(sameBucket),
                                                                   restaurantRatio,
                                                                   static_cast<double>(sameBucket.size()),
                                                                   POOLED_PRIOR_WEIGHT);
            const double prior = defaultMinutes(b, d) * bucketRatio;
            const auto& own = cellMinutes[b][d];
            const double n = static_cast<double>(own.size());
            learned.m_minutes[b][d] = own.empty() ? prior : shrink(robustMean(own), prior, n);

            // Spread the same way, relative to the turn time: pooled over the other cells, then this one.
            double pooledWeight = 0.0;
            double pooledSum = 0.0;
            for (int ob = 0; ob < BUCKET_COUNT; ++ob) {
                for (int od = 0; od < DAYPART_COUNT; ++od) {
                    const double on = static_cast<double>(cellMinutes[ob][od].size());
                    if ((ob != b || od != d) && on >= 3) {
                        pooledWeight += on;
                        pooledSum += on * cellRelSpread[ob][od];
                    }
                }
            }
            const double pooled = pooledWeight > 0
                ? shrink(pooledSum / pooledWeight, DEFAULT_RELATIVE_SPREAD, pooledWeight)
                : DEFAULT_RELATIVE_SPREAD;
            const double relative = own.size() >= 3 ? shrink(cellRelSpread[b][d], pooled, n) : pooled;
            learned.m_spread[b][d] = relative * learned.m_minutes[b][d];
        }
    }
    return learned;
}

double TurnTimes::minutes(int partySize, Daypart daypart) const
{
    return m_minutes[bucketOf(partySize)][static_cast<int>(daypart)];
}

double TurnTimes::spread(int partySize, Daypart daypart) const
{
    return m_spread[bucketOf(partySize)][static_cast<int>(daypart)];
}

namespace
{
Daypart daypartAtMinute(int minuteOfDay)
{
    if (minuteOfDay < 5 * 60) {
        return Daypart::Late;
    }
    if (minuteOfDay < 11 * 60) {
        return Daypart::Breakfast;
    }
    if (minuteOfDay < 15 * 60) {
        return Daypart::Lunch;
    }
    if (minuteOfDay < 17 * 60) {
        return Daypart::Afternoon;
    }
    if (minuteOfDay < 22 * 60) {
        return Daypart::Dinner;
    }
    return Daypart::Late;
}
} // namespace

Daypart TurnTimes::daypartAt(const QDateTime& localTime)
{
    const QTime t = localTime.time();
    return daypartAtMinute(t.hour() * 60 + t.minute());
}

Daypart TurnTimes::daypartAt(qint64 utcSecsSinceEpoch, int timezoneOffsetSeconds)
{
    constexpr qint64 DAY = 24 * 60 * 60;
    const qint64 secondOfDay = ((utcSecsSinceEpoch + timezoneOffsetSeconds) % DAY + DAY) % DAY;
    return daypartAtMinute(static_cast<int>(secondOfDay / 60));
}

int TurnTimes::bucketOf(int partySize)
{
    if (partySize <= 2) {
        return 0;
    }
    if (partySize <= 4) {
        return 1;
    }
    if (partySize <= 6) {
        return 2;
    }
    return 3;
}

int TurnTimes::sampleCount() const
{
    return m_sampleCount;
}

double TurnTimes::meanMinutes() const
{
    return m_meanMinutes;
}
