#include "turntimes.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
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
// Evenings' paces (as log factors) before any are learned: about ±10%.
constexpr double DEFAULT_PACE_SPREAD = 0.1;
// An evening needs this many visits to say anything about paces, and we need this many evenings.
constexpr int PACE_MIN_VISITS = 10;
constexpr int PACE_MIN_EVENINGS = 5;
// Residuals beyond this many standard deviations (a party that lingered) count as this many,
// so a few of them do not set the pace; Huber's loss with the same bound in pace().
constexpr double RESIDUAL_CLIP = 2.0;
// A service day starts at 05:00 local, so an evening that runs past midnight is one evening.
constexpr qint64 SERVICE_DAY_START_SECONDS = 5 * 3600;
// Visits the turns' shape needs before it is half learned, half the normal.
constexpr double SHAPE_PRIOR_VISITS = 100.0;
// Paces beyond half or double are not a pace but bad data; the search stays inside (ln 2).
constexpr double MAX_LOG_PACE = 0.6931471805599453;

// Φ⁻¹(p), the standard normal quantile (Acklam's approximation, relative error < 1.2e-9).
double inverseNormal(double p)
{
    static constexpr double a[] = {-3.969683028665376e+01,
                                   2.209460984245205e+02,
                                   -2.759285104469687e+02,
                                   1.383577518672690e+02,
                                   -3.066479806614716e+01,
                                   2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01,
                                   1.615858368580409e+02,
                                   -1.556989798598866e+02,
                                   6.680131188771972e+01,
                                   -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03,
                                   -3.223964580411365e-01,
                                   -2.400758277161838e+00,
                                   -2.549732539343734e+00,
                                   4.374664141464968e+00,
                                   2.938163982698783e+00};
    static constexpr double d[] = {
        7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    constexpr double P_LOW = 0.02425;
    const auto tail = [](double q) {
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    };
    if (p < P_LOW) {
        return tail(std::sqrt(-2.0 * std::log(p)));
    }
    if (p > 1.0 - P_LOW) {
        return -tail(std::sqrt(-2.0 * std::log1p(-p)));
    }
    const double q = p - 0.5;
    const double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

// P(Z > z) for a standard normal Z.
double upperTail(double z)
{
    return 0.5 * std::erfc(z / std::sqrt(2.0));
}

double defaultMinutes(const TurnTimes::BaseMinutes& base, int bucket, int daypart)
{
    return base[static_cast<size_t>(bucket)] * DAYPART_FACTOR[daypart];
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
    int size;
    qint64 serviceDay;
};

// The lognormal with this mean and standard deviation: log-mean and log-sd.
std::pair<double, double> logNormal(double mean, double spread)
{
    const double cv = std::max(spread, 0.01) / mean;
    const double sigma = std::sqrt(std::log1p(cv * cv));
    return {std::log(mean) - sigma * sigma / 2.0, sigma};
}

// φ(z) / P(Z > z): how hard a turn still going at z standard deviations pushes the pace up.
double inverseMillsRatio(double z)
{
    if (z > 8.0) {
        return z + 1.0 / z; // the tail's own asymptote; erfc underflows out here
    }
    constexpr double INV_SQRT_2PI = 0.3989422804014327;
    return INV_SQRT_2PI * std::exp(-z * z / 2.0) / (0.5 * std::erfc(z / std::sqrt(2.0)));
}

// The standard deviation of evenings' mean residuals, less the part their own visits'
// scatter explains (a one-way random-effects estimate); none with too few evenings.
std::optional<double> betweenEveningsSpread(const std::map<qint64, std::vector<double>>& evenings)
{
    std::vector<double> means;
    double withinSquares = 0.0;
    double withinDegrees = 0.0;
    double sampling = 0.0; // Σ 1/n over the evenings used
    for (const auto& [day, residuals] : evenings) {
        if (residuals.size() < PACE_MIN_VISITS) {
            continue;
        }
        double sum = 0.0;
        for (double r : residuals) {
            sum += r;
        }
        const double mean = sum / static_cast<double>(residuals.size());
        for (double r : residuals) {
            withinSquares += (r - mean) * (r - mean);
        }
        withinDegrees += static_cast<double>(residuals.size() - 1);
        sampling += 1.0 / static_cast<double>(residuals.size());
        means.push_back(mean);
    }
    if (means.size() < PACE_MIN_EVENINGS) {
        return std::nullopt;
    }
    const double n = static_cast<double>(means.size());
    double grand = 0.0;
    for (double m : means) {
        grand += m;
    }
    grand /= n;
    double between = 0.0;
    for (double m : means) {
        between += (m - grand) * (m - grand);
    }
    const double withinVariance = withinSquares / withinDegrees;
    return std::sqrt(std::max(between / (n - 1.0) - withinVariance * sampling / n, 0.0));
}

} // namespace

TurnTimes::TurnTimes()
    : TurnTimes(defaultBaseMinutes())
{ }

TurnTimes::TurnTimes(const BaseMinutes& baseMinutes)
    : m_paceSpread(DEFAULT_PACE_SPREAD)
{
    m_sizeFactor.fill(1.0);
    for (int b = 0; b < BUCKET_COUNT; ++b) {
        for (int d = 0; d < DAYPART_COUNT; ++d) {
            m_minutes[b][d] = defaultMinutes(baseMinutes, b, d);
            m_spread[b][d] = DEFAULT_RELATIVE_SPREAD * m_minutes[b][d];
        }
    }
}

TurnTimes::BaseMinutes TurnTimes::defaultBaseMinutes()
{
    return BASE_MINUTES;
}

TurnTimes TurnTimes::learn(const QList<TurnSample>& history, int timezoneOffsetSeconds)
{
    return learn(history, timezoneOffsetSeconds, BASE_MINUTES);
}

TurnTimes TurnTimes::learn(const QList<TurnSample>& history, int timezoneOffsetSeconds, const BaseMinutes& baseMinutes)
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
        const qint64 seated = s.seatedAt.toSecsSinceEpoch();
        const int daypart = static_cast<int>(daypartAt(seated, timezoneOffsetSeconds));
        visits.push_back({bucket,
                          daypart,
                          minutes,
                          minutes / defaultMinutes(baseMinutes, bucket, daypart),
                          std::clamp(s.partySize, 1, MAX_SIZE),
                          (seated + timezoneOffsetSeconds - SERVICE_DAY_START_SECONDS) / 86400});
        total += minutes;
    }

    TurnTimes learned(baseMinutes);
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
            const double prior = defaultMinutes(baseMinutes, b, d) * bucketRatio;
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

    // Sizes within a bucket: a 1 turns faster than a 2, a 10 slower than a 7.
    std::array<std::vector<double>, MAX_SIZE + 1> sizeRatios;
    for (const Visit& v : visits) {
        sizeRatios[static_cast<size_t>(v.size)].push_back(v.minutes / learned.m_minutes[v.bucket][v.daypart]);
    }
    for (size_t size = 1; size < sizeRatios.size(); ++size) {
        if (!sizeRatios[size].empty()) {
            learned.m_sizeFactor[size] = shrink(
                robustMean(sizeRatios[size]), 1.0, static_cast<double>(sizeRatios[size].size()), POOLED_PRIOR_WEIGHT);
        }
    }

    // The turns' shape: every visit's standardised log residual, its quantiles shrunk
    // towards the normal's.
    std::vector<double> residuals;
    residuals.reserve(visits.size());
    for (const Visit& v : visits) {
        const auto [mu, sigma] = logNormal(learned.m_minutes[v.bucket][v.daypart] * learned.m_sizeFactor[v.size],
                                           learned.m_spread[v.bucket][v.daypart] * learned.m_sizeFactor[v.size]);
        residuals.push_back((std::log(v.minutes) - mu) / sigma);
    }
    std::sort(residuals.begin(), residuals.end());
    const double n = static_cast<double>(residuals.size());
    for (int i = 0; i < SHAPE_POINTS; ++i) {
        const double u = (i + 0.5) / SHAPE_POINTS;
        const double position = u * (n - 1.0);
        const size_t k = static_cast<size_t>(position);
        const double empirical = k + 1 < residuals.size()
            ? residuals[k] + (position - static_cast<double>(k)) * (residuals[k + 1] - residuals[k])
            : residuals.back();
        learned.m_shape[static_cast<size_t>(i)] =
            (n * empirical + SHAPE_PRIOR_VISITS * inverseNormal(u)) / (n + SHAPE_PRIOR_VISITS);
    }
    learned.m_shapeLearned = true;

    // Evenings' paces: the spread of each evening's mean log residual, less what its own
    // visits' scatter explains.
    std::map<qint64, std::vector<double>> evenings;
    for (const Visit& v : visits) {
        const auto [mu, sigma] = logNormal(learned.m_minutes[v.bucket][v.daypart] * learned.m_sizeFactor[v.size],
                                           learned.m_spread[v.bucket][v.daypart] * learned.m_sizeFactor[v.size]);
        evenings[v.serviceDay].push_back(
            std::clamp(std::log(v.minutes) - mu, -RESIDUAL_CLIP * sigma, RESIDUAL_CLIP * sigma));
    }
    learned.m_paceSpread = betweenEveningsSpread(evenings).value_or(DEFAULT_PACE_SPREAD);
    return learned;
}

double TurnTimes::pace(const QList<TurnSample>& tonight, const QDateTime& now, int timezoneOffsetSeconds) const
{
    struct Observed
    {
        double residual; // log minutes − log-mean
        double sigma;
        bool finished; // else still at the table: it lasts at least this long
    };
    std::vector<Observed> observed;
    for (const TurnSample& s : tonight) {
        if (!s.seatedAt.isValid()) {
            continue;
        }
        const bool finished = s.leftAt.isValid();
        const double minutes = static_cast<double>(s.seatedAt.msecsTo(finished ? s.leftAt : now)) / 60000.0;
        if (minutes > MAX_VISIT_MINUTES || (finished && minutes < MIN_VISIT_MINUTES) || minutes <= 0.0) {
            continue;
        }
        const Daypart daypart = daypartAt(s.seatedAt.toSecsSinceEpoch(), timezoneOffsetSeconds);
        const auto [mu, sigma] = logNormal(this->minutes(s.partySize, daypart), spread(s.partySize, daypart));
        observed.push_back({std::log(minutes) - mu, sigma, finished});
    }
    if (observed.empty() || m_paceSpread <= 0.0) {
        return 1.0;
    }
    // The most likely log pace: where the cost's slope crosses zero (the cost is convex:
    // a normal prior, Huber's loss for finished turns, −log P(lasting this long) for
    // turns still going), found by bisection.
    const auto slope = [&](double delta) {
        double g = delta / (m_paceSpread * m_paceSpread);
        for (const Observed& o : observed) {
            const double z = (o.residual - delta) / o.sigma;
            g -= (o.finished ? std::clamp(z, -RESIDUAL_CLIP, RESIDUAL_CLIP) : inverseMillsRatio(z)) / o.sigma;
        }
        return g;
    };
    double lo = -MAX_LOG_PACE;
    double hi = MAX_LOG_PACE;
    for (int i = 0; i < 50; ++i) {
        const double mid = (lo + hi) / 2.0;
        (slope(mid) > 0.0 ? hi : lo) = mid;
    }
    return std::exp((lo + hi) / 2.0);
}

double TurnTimes::residualQuantile(double u) const
{
    // Φ⁻¹ at the outermost learned points, where the normal's tails take over.
    static const double SHAPE_LOW_EDGE = inverseNormal(0.5 / SHAPE_POINTS);
    static const double SHAPE_HIGH_EDGE = inverseNormal(1.0 - 0.5 / SHAPE_POINTS);
    u = std::clamp(u, 1e-12, 1.0 - 1e-12);
    if (!m_shapeLearned) {
        return inverseNormal(u);
    }
    // Linear between the learned points; beyond the outermost, the normal's tail.
    const double position = u * SHAPE_POINTS - 0.5;
    if (position <= 0.0) {
        return m_shape.front() + inverseNormal(u) - SHAPE_LOW_EDGE;
    }
    if (position >= SHAPE_POINTS - 1) {
        return m_shape.back() + inverseNormal(u) - SHAPE_HIGH_EDGE;
    }
    const size_t i = static_cast<size_t>(position);
    const double fraction = position - static_cast<double>(i);
    return m_shape[i] + fraction * (m_shape[i + 1] - m_shape[i]);
}

double TurnTimes::residualQuantileAbove(double p) const
{
    static const double SHAPE_HIGH_EDGE = inverseNormal(1.0 - 0.5 / SHAPE_POINTS);
    p = std::clamp(p, 1e-300, 1.0 - 1e-12);
    if (!m_shapeLearned) {
        return -inverseNormal(p);
    }
    // Beyond the last learned point, the normal's upper tail, as in residualQuantile.
    if (p <= 0.5 / SHAPE_POINTS) {
        return m_shape.back() - inverseNormal(p) - SHAPE_HIGH_EDGE;
    }
    return residualQuantile(1.0 - p);
}

double TurnTimes::residualSurvival(double z) const
{
    static const double SHAPE_LOW_EDGE = inverseNormal(0.5 / SHAPE_POINTS);
    static const double SHAPE_HIGH_EDGE = inverseNormal(1.0 - 0.5 / SHAPE_POINTS);
    if (!m_shapeLearned) {
        return upperTail(z);
    }
    if (z <= m_shape.front()) {
        return upperTail(SHAPE_LOW_EDGE + z - m_shape.front());
    }
    if (z >= m_shape.back()) {
        return upperTail(SHAPE_HIGH_EDGE + z - m_shape.back());
    }
    // The first learned point above z; the one before it is at or below.
    const size_t i = static_cast<size_t>(std::upper_bound(m_shape.cbegin(), m_shape.cend(), z) - m_shape.cbegin());
    const double from = m_shape[i - 1];
    const double to = m_shape[i];
    const double fraction = to > from ? (z - from) / (to - from) : 1.0;
    const double u = (static_cast<double>(i) - 0.5 + fraction) / SHAPE_POINTS;
    return 1.0 - u;
}

double TurnTimes::paceSpread() const
{
    return m_paceSpread;
}

double TurnTimes::minutes(int partySize, Daypart daypart) const
{
    return m_minutes[bucketOf(partySize)][static_cast<int>(daypart)] * sizeFactor(partySize);
}

double TurnTimes::spread(int partySize, Daypart daypart) const
{
    return m_spread[bucketOf(partySize)][static_cast<int>(daypart)] * sizeFactor(partySize);
}

double TurnTimes::sizeFactor(int partySize) const
{
    return m_sizeFactor[static_cast<size_t>(std::clamp(partySize, 1, MAX_SIZE))];
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
