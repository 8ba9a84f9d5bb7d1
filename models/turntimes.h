#pragma once

#include <QDateTime>
#include <QList>
#include <array>

// The part of the day a table is seated in; turn times differ between them.
// From the restaurant's local time: Breakfast 05:00–10:59, Lunch 11:00–14:59,
// Afternoon 15:00–16:59, Dinner 17:00–21:59, Late 22:00–04:59.
enum class Daypart
{
    Breakfast,
    Lunch,
    Afternoon,
    Dinner,
    Late
};

// One finished visit: the party sat down at seatedAt and the table was free again at leftAt (UTC).
struct TurnSample
{
    int partySize = 0;
    QDateTime seatedAt;
    QDateTime leftAt;
};

// How long a table stays occupied (seated → free again), per party-size bucket
// (1–2, 3–4, 5–6, 7+) and daypart, refined by party size within its bucket (a 1
// leaves sooner than a 2): defaults, or learned from finished visits.
class TurnTimes
{
public:
    static constexpr int BUCKET_COUNT = 4;
    static constexpr int DAYPART_COUNT = 5;
    // Party sizes learned one by one; larger parties share the largest's factor.
    static constexpr int MAX_SIZE = 12;

    // Minutes per bucket before any history, at a neutral daypart (the restaurant's
    // wait settings; defaultBaseMinutes() without them).
    using BaseMinutes = std::array<double, BUCKET_COUNT>;
    static BaseMinutes defaultBaseMinutes();

    TurnTimes();
    explicit TurnTimes(const BaseMinutes& baseMinutes);

    // Learns from finished visits. Each cell is a robust mean (clipped at 3 robust
    // standard deviations) shrunk towards a prior, weighted by sample count; the
    // prior is the defaults scaled by how this restaurant turns in the other cells.
    // Each party size's factor is its visits' robust mean ratio to their cells, shrunk
    // towards 1. Visits shorter than a minute or longer than eight hours are ignored as bad data.
    // Also learns how much one evening's pace differs from another's (paceSpread()).
    static TurnTimes learn(const QList<TurnSample>& history, int timezoneOffsetSeconds = 0);
    // The same with the restaurant's own defaults as the prior.
    static TurnTimes learn(const QList<TurnSample>& history, int timezoneOffsetSeconds, const BaseMinutes& baseMinutes);

    // Expected turn time in minutes.
    double minutes(int partySize, Daypart daypart) const;
    // Typical deviation from it in minutes (a robust standard deviation).
    double spread(int partySize, Daypart daypart) const;
    // How a party size turns against its bucket as a whole (1 for the defaults).
    double sizeFactor(int partySize) const;

    // Tonight's pace: how many times as long as learned tonight's turns run, from the
    // visits seated tonight so far, finished (leftAt valid) or still at their table at
    // `now` (leftAt null: they have lasted at least this long). The likeliest factor
    // given those visits and how much evenings vary; 1 without visits. For
    // WaitEstimator::setPace; needs tonight's seated and freed times.
    double pace(const QList<TurnSample>& tonight, const QDateTime& now, int timezoneOffsetSeconds = 0) const;
    // How much one evening's pace differs from another's: the standard deviation of
    // its logarithm, learned from the evenings in the history (a guess without them).
    double paceSpread() const;

    static Daypart daypartAt(const QDateTime& localTime);
    // The daypart at a UTC instant, for a restaurant at that offset from UTC; cheaper than QDateTime.
    static Daypart daypartAt(qint64 utcSecsSinceEpoch, int timezoneOffsetSeconds);
    // 0 for 1–2 diners, 1 for 3–4, 2 for 5–6, 3 for 7 and more.
    static int bucketOf(int partySize);

    // The shape of turn times around each cell's lognormal (the one with minutes() as mean
    // and spread() as standard deviation): quantile u of the standardised log residual
    // (ln minutes − μ) / σ, learned from all visits together and shrunk towards the normal
    // with few of them. Exactly the normal's Φ⁻¹ for the defaults. A lognormal fitted to a
    // robust mean and spread misses the real shape: a tail of parties who linger (which
    // raises the mean) and a quick left side, which decides when the first of several
    // tables frees.
    double residualQuantile(double u) const;
    // residualQuantile(1 − p), without the rounding of 1 − p for tiny p (far into the tail).
    double residualQuantileAbove(double p) const;
    // P(residual > z): the inverse of residualQuantile.
    double residualSurvival(double z) const;

    // Visits learned from (0 for the defaults).
    int sampleCount() const;
    // Plain mean turn time of the visits learned from; 0 for the defaults.
    double meanMinutes() const;

private:
    std::array<std::array<double, DAYPART_COUNT>, BUCKET_COUNT> m_minutes{};
    std::array<std::array<double, DAYPART_COUNT>, BUCKET_COUNT> m_spread{};
    std::array<double, MAX_SIZE + 1> m_sizeFactor{}; // by party size; [0] unused
    // Residual quantiles at u = (i + 0.5) / SHAPE_POINTS; unused (the normal) until learned.
    static constexpr int SHAPE_POINTS = 64;
    std::array<double, SHAPE_POINTS> m_shape{};
    bool m_shapeLearned = false;
    double m_paceSpread = 0.0;
    int m_sampleCount = 0;
    double m_meanMinutes = 0.0;
};
