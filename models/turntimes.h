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
// (1–2, 3–4, 5–6, 7+) and daypart: defaults, or learned from finished visits.
class TurnTimes
{
public:
    static constexpr int BUCKET_COUNT = 4;
    static constexpr int DAYPART_COUNT = 5;

    TurnTimes();

    // Learns from finished visits. Each cell is a robust mean (clipped at 3 robust
    // standard deviations) shrunk towards a prior, weighted by sample count; the
    // prior is the defaults scaled by how this restaurant turns in the other cells.
    // Visits shorter than a minute or longer than eight hours are ignored as bad data.
    static TurnTimes learn(const QList<TurnSample>& history, int timezoneOffsetSeconds = 0);

    // Expected turn time in minutes.
    double minutes(int partySize, Daypart daypart) const;
    // Typical deviation from it in minutes (a robust standard deviation).
    double spread(int partySize, Daypart daypart) const;

    static Daypart daypartAt(const QDateTime& localTime);
    // The daypart at a UTC instant, for a restaurant at that offset from UTC; cheaper than QDateTime.
    static Daypart daypartAt(qint64 utcSecsSinceEpoch, int timezoneOffsetSeconds);
    // 0 for 1–2 diners, 1 for 3–4, 2 for 5–6, 3 for 7 and more.
    static int bucketOf(int partySize);

    // Visits learned from (0 for the defaults).
    int sampleCount() const;
    // Plain mean turn time of the visits learned from; 0 for the defaults.
    double meanMinutes() const;

private:
    std::array<std::array<double, DAYPART_COUNT>, BUCKET_COUNT> m_minutes{};
    std::array<std::array<double, DAYPART_COUNT>, BUCKET_COUNT> m_spread{};
    int m_sampleCount = 0;
    double m_meanMinutes = 0.0;
};
