#include "waitestimator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace
{

constexpr double OVERDUE_FLOOR_MINUTES = 1.0;
constexpr double EPSILON = 1e-9;
constexpr double NEVER = std::numeric_limits<double>::infinity();
// Fixed, so the same situation always gets the same quote.
constexpr quint64 SAMPLING_SEED = 0x9E3779B97F4A7C15ULL;
// The range covers the middle two thirds of sampled waits (about ±1 standard deviation).
constexpr double RANGE_LOW_QUANTILE = 1.0 / 6.0;
constexpr double RANGE_HIGH_QUANTILE = 5.0 / 6.0;
// The host's bigger tables: this many seen before it counts as a habit, and it starts
// where the first tenth of them had waited (a few were given sooner than the host's rule).
constexpr int BIGGER_TABLE_MIN_CHOICES = 10;
constexpr double BIGGER_TABLE_QUANTILE = 0.1;
// Tonight's pace beyond these is not a pace.
constexpr double MIN_PACE = 0.5;
constexpr double MAX_PACE = 2.0;
// Walk-away bins learned: the last is open-ended.
constexpr int WALK_AWAY_BINS = 8;
// Hours of waiting a bin needs before its own rate outweighs the overall one.
constexpr double WALK_AWAY_PRIOR_HOURS = 2.0;

// SplitMix64: tiny, fast and plenty to shuffle strata.
class SplitMix
{
public:
    explicit SplitMix(quint64 seed)
        : m_state(seed)
    { }
    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

private:
    quint64 m_state;
};

double quantile(const std::vector<double>& sorted, double p)
{
    const double position = p * static_cast<double>(sorted.size() - 1);
    const size_t i = static_cast<size_t>(position);
    if (i + 1 >= sorted.size()) {
        return sorted.back();
    }
    const double fraction = position - static_cast<double>(i);
    return sorted[i] + fraction * (sorted[i + 1] - sorted[i]);
}

// A party in the replay; ours is last.
struct ReplayParty
{
    qint64 id = 0;
    int size = 0;
    int turnSize = 0; // the size its turn is looked up by
    bool notified = false;
    bool anyFittingTable = false; // no table is close to its size: any that fits will do
    double waited = 0.0;
};

// Turn times of one party size and daypart as a lognormal: log-mean and log-sd.
struct LogNormal
{
    double mu = 0.0;
    double sigma = 0.0;
};
using LogNormals = std::array<std::array<LogNormal, TurnTimes::DAYPART_COUNT>, TurnTimes::MAX_SIZE + 1>;

int turnSize(int partySize)
{
    return std::clamp(partySize, 1, TurnTimes::MAX_SIZE);
}

// A table's next free time in one scenario, in minutes from now.
struct FreeAt
{
    double minutes = 0.0;
    int table = 0;
};

// A binary min-heap of free times, by hand: the std heap algorithms are slow in
// unoptimised builds, and this loop runs thousands of times per quote.
class FreeTimes
{
public:
    void reserve(size_t n) { m_items.reserve(n); }
    void clear() { m_items.clear(); }
    bool empty() const { return m_items.empty(); }
    double earliest() const { return m_items.front().minutes; }

    void push(FreeAt item)
    {
        m_items.push_back(item);
        FreeAt* a = m_items.data();
        size_t i = m_items.size() - 1;
        while (i > 0 && a[(i - 1) / 2].minutes > item.minutes) {
            a[i] = a[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        a[i] = item;
    }

    FreeAt pop()
    {
        FreeAt* a = m_items.data();
        const FreeAt top = a[0];
        const FreeAt last = a[m_items.size() - 1];
        m_items.pop_back();
        const size_t n = m_items.size();
        size_t i = 0;
        while (2 * i + 1 < n) {
            size_t child = 2 * i + 1;
            if (child + 1 < n && a[child + 1].minutes < a[child].minutes) {
                ++child;
            }
            if (a[child].minutes >= last.minutes) {
                break;
            }
            a[i] = a[child];
            i = child;
        }
        if (n > 0) {
            a[i] = last;
        }
        return top;
    }

private:
    std::vector<FreeAt> m_items;
};

// The room and queue laid out flat, then the host's seating replayed in each
// scenario. Latin hypercube sampling: every random quantity (a table's turn, a
// party's turn, when a party would walk away) visits each of the equally likely
// strata exactly once across the scenarios, in its own shuffled order, which is far
// steadier than independent draws for the same count.
class SeatingReplay
{
public:
    struct Model
    {
        const TurnTimes& turnTimes;
        LogNormals turns;
        double seatingDelay = 0.0;
        const QList<double>& walkAwayPerHour;
        int walkAwayBinMinutes = 0;
        int scenarios = 0;
        double biggerTableAfter = NEVER; // minutes waited; see WaitEstimator::setBiggerTableAfterMinutes
    };

    SeatingReplay(const Model& model, const QDateTime& now, int timezoneOffsetSeconds)
        : m_model(model)
        , m_now(now)
        , m_nowSecs(now.toSecsSinceEpoch())
        , m_offset(timezoneOffsetSeconds)
        , m_scenarios(static_cast<size_t>(model.scenarios))
    {
        // The normal quantile, and −ln u for walk-aways, at the middle of each stratum.
        m_stratumZ.resize(m_scenarios);
        m_stratumExponential.resize(m_scenarios);
        for (size_t k = 0; k < m_scenarios; ++k) {
            const double u = (static_cast<double>(k) + 0.5) / static_cast<double>(m_scenarios);
            m_stratumZ[k] = model.turnTimes.residualQuantile(u);
            m_stratumExponential[k] = -std::log(u);
        }
        // Walk-away rates per minute, and the cumulative hazard where each bin starts.
        double total = 0.0;
        for (double perHour : model.walkAwayPerHour) {
            m_hazardAtBin.push_back(total);
            m_walkAwayPerMinute.push_back(perHour / 60.0);
            total += perHour / 60.0 * model.walkAwayBinMinutes;
        }
    }

    void addTables(const QList<TableState>& tables);
    bool anyTableFits(int size) const
    {
        return std::any_of(m_seats.cbegin(), m_seats.cend(), [size](int s) { return s >= size; });
    }
    void addParty(qint64 id, int size, bool notified, const QDateTime& joinedAt);
    size_t partyCount() const { return m_parties.size(); }
    // After the last party: lays out who suits which table and draws the strata.
    void prepare();
    // Replays scenario s until every party from `firstWatched` on has its wait.
    void run(size_t s, size_t firstWatched);
    // Minutes until party j sits down in the scenario last run. For a party that
    // walked away first, when it would have sat down had it stayed: nobody behind
    // it changes that, so one replay gives every party the wait a replay of only
    // those ahead of it would (its own walk-away is not its wait's business).
    double waitOf(size_t j) const { return m_wait[j]; }

private:
    bool tableSuits(int seats, const ReplayParty& p) const
    {
        return p.anyFittingTable ? seats >= p.size : WaitEstimator::suits(seats, p.size);
    }
    size_t stratum(size_t slot, size_t s) const { return m_strata[slot * m_scenarios + s]; }
    // Seats party j at time t: it waits until then, and the table turns.
    void seat(size_t j, int table, double t);
    // Party j's wait is settled: it sits down (or would have) at t.
    void settle(size_t j, double t)
    {
        // A party at the door sits down at once; one in the queue is called back.
        m_wait[j] = t <= EPSILON ? 0.0 : t + m_model.seatingDelay;
        if (j >= m_firstWatched) {
            --m_unsettled;
        }
    }
    // Party j walked away before t; had it stayed, it would take a table now.
    void settleWalkedAway(size_t j, double t)
    {
        if (m_wait[j] == NEVER) {
            settle(j, t);
        }
    }
    // A table nobody waiting suits: the host's habit gives it to a party that has waited long enough.
    void offerBiggerTable(int table, double t);
    bool gone(size_t j, double t)
    {
        if (!m_done[j] && m_leavesAt[j] < t) {
            m_done[j] = 1;
        }
        return m_done[j] != 0;
    }

    Model m_model;
    QDateTime m_now;
    qint64 m_nowSecs;
    int m_offset;
    size_t m_scenarios;
    std::vector<double> m_stratumZ;
    std::vector<double> m_stratumExponential;
    std::vector<double> m_walkAwayPerMinute;
    std::vector<double> m_hazardAtBin;

    std::vector<int> m_seats; // tables in service
    std::vector<qint64> m_heldFor; // the party id a free table is kept for, or 0
    std::vector<int> m_heldBy; // the party index a free table is kept for, or -1
    std::vector<double> m_residual; // when each table frees, by stratum: [table * scenarios + stratum]
    std::vector<ReplayParty> m_parties;
    std::vector<double> m_leaveByStratum; // minutes from now a party would walk away: [party * scenarios + stratum]
    std::vector<int> m_classSeats; // distinct table sizes
    std::vector<size_t> m_tableClass;
    std::vector<std::vector<size_t>> m_classParties; // per table size, the parties it suits in queue order
    std::vector<quint16> m_strata; // per random quantity, its stratum in each scenario

    // Per scenario.
    FreeTimes m_free;
    std::vector<FreeAt> m_pool;
    std::vector<double> m_turnZ;
    std::vector<double> m_leavesAt;
    std::vector<char> m_done;
    std::vector<size_t> m_next;
    std::vector<double> m_wait;
    size_t m_firstWatched = 0;
    size_t m_unsettled = 0;
};

void SeatingReplay::addTables(const QList<TableState>& tables)
{
    // An occupied table's turn is drawn given that it has already lasted this long.
    const double strata = static_cast<double>(m_scenarios);
    for (const TableState& table : tables) {
        if (table.outOfService || table.seats <= 0) {
            continue;
        }
        m_seats.push_back(table.seats);
        m_heldFor.push_back(table.occupied ? 0 : table.heldFor);
        if (!table.occupied) {
            m_residual.insert(m_residual.end(), m_scenarios, 0.0);
            continue;
        }
        const int size = table.partySize > 0 ? table.partySize : table.seats;
        const QDateTime seatedAt = table.seatedAt.isValid() ? table.seatedAt : m_now;
        const Daypart daypart = TurnTimes::daypartAt(seatedAt.toSecsSinceEpoch(), m_offset);
        const LogNormal turn = m_model.turns[turnSize(size)][static_cast<int>(daypart)];
        // Without a seating time, assume it is half way through its turn.
        const double elapsed = table.seatedAt.isValid() ? static_cast<double>(table.seatedAt.msecsTo(m_now)) / 60000.0
                                                        : m_model.turnTimes.minutes(size, daypart) / 2.0;
        const double survival =
            elapsed > 0 ? m_model.turnTimes.residualSurvival((std::log(elapsed) - turn.mu) / turn.sigma) : 1.0;
        for (size_t k = 0; k < m_scenarios; ++k) {
            double z = m_stratumZ[k];
            if (survival < 1e-12) {
                z = -NEVER; // far overdue: the floor applies
            } else if (survival < 0.999) {
                // T | T > elapsed: the upper tail beyond elapsed, split into the same strata.
                z = m_model.turnTimes.residualQuantileAbove((strata - static_cast<double>(k) - 0.5) / strata
                                                            * survival);
            }
            const double left = std::exp(turn.mu + turn.sigma * z) - elapsed;
            m_residual.push_back(std::max(left, OVERDUE_FLOOR_MINUTES));
        }
    }
}

void SeatingReplay::addParty(qint64 id, int size, bool notified, const QDateTime& joinedAt)
{
    ReplayParty p;
    p.id = id;
    p.size = size;
    p.turnSize = turnSize(size);
    p.notified = notified;
    // A notified party has been given a free table already, whatever its size.
    p.anyFittingTable = notified
        || std::none_of(m_seats.cbegin(), m_seats.cend(), [size](int s) { return WaitEstimator::suits(s, size); });
    p.waited = joinedAt.isValid() ? std::max(0.0, static_cast<double>(joinedAt.msecsTo(m_now)) / 60000.0) : 0.0;
    m_parties.push_back(p);

    // When this party would walk away in each stratum, given it is still here now:
    // where the cumulative hazard reaches its value so far plus an exponential draw.
    // Never, for a notified party on its way, or for our own.
    const size_t bins = m_walkAwayPerMinute.size();
    if (notified || bins == 0 || joinedAt.isNull()) {
        m_leaveByStratum.insert(m_leaveByStratum.end(), m_scenarios, NEVER);
        return;
    }
    const double binMinutes = m_model.walkAwayBinMinutes;
    size_t bin = std::min(static_cast<size_t>(p.waited / binMinutes), bins - 1);
    const double hazardNow = m_hazardAtBin[bin] + m_walkAwayPerMinute[bin] * (p.waited - bin * binMinutes);
    const size_t first = m_leaveByStratum.size();
    m_leaveByStratum.resize(first + m_scenarios);
    // Strata in order of rising target, so the bin only moves forward.
    for (size_t k = m_scenarios; k-- > 0;) {
        const double target = hazardNow + m_stratumExponential[k];
        while (bin + 1 < bins && m_hazardAtBin[bin + 1] <= target) {
            ++bin;
        }
        const double rate = m_walkAwayPerMinute[bin];
        m_leaveByStratum[first + k] =
            rate > 0 ? bin * binMinutes + (target - m_hazardAtBin[bin]) / rate - p.waited : NEVER;
    }
}

void SeatingReplay::prepare()
{
    const size_t partyCount = m_parties.size();

    // Free tables kept for a notified party go to that party as soon as it is back
    // (one table per party, should two claim the same one).
    m_heldBy.assign(m_seats.size(), -1);
    std::vector<char> holding(partyCount, 0);
    for (size_t i = 0; i < m_seats.size(); ++i) {
        for (size_t j = 0; j < partyCount && m_heldFor[i] != 0; ++j) {
            if (!holding[j] && m_parties[j].notified && m_parties[j].id == m_heldFor[i]) {
                m_heldBy[i] = static_cast<int>(j);
                holding[j] = 1;
                break;
            }
        }
    }

    // Tables of one size suit the same parties.
    for (int s : m_seats) {
        if (std::find(m_classSeats.cbegin(), m_classSeats.cend(), s) == m_classSeats.cend()) {
            m_classSeats.push_back(s);
        }
    }
    m_classParties.resize(m_classSeats.size());
    for (size_t c = 0; c < m_classSeats.size(); ++c) {
        for (size_t j = 0; j < partyCount; ++j) {
            if (tableSuits(m_classSeats[c], m_parties[j])) {
                m_classParties[c].push_back(j);
            }
        }
    }
    for (int s : m_seats) {
        m_tableClass.push_back(
            static_cast<size_t>(std::find(m_classSeats.cbegin(), m_classSeats.cend(), s) - m_classSeats.cbegin()));
    }

    // Slots: each table's turn, then each party's turn and walk-away.
    SplitMix random(SAMPLING_SEED);
    const size_t slotCount = m_seats.size() + 2 * partyCount;
    m_strata.resize(slotCount * m_scenarios);
    for (size_t slot = 0; slot < slotCount; ++slot) {
        quint16* order = m_strata.data() + slot * m_scenarios;
        for (size_t k = 0; k < m_scenarios; ++k) {
            order[k] = static_cast<quint16>(k);
        }
        for (size_t k = m_scenarios - 1; k > 0; --k) {
            // Multiply-shift: an unbiased-enough index in [0, k] without a division.
            const size_t pick = static_cast<size_t>(((random.next() >> 32) * (k + 1)) >> 32);
            std::swap(order[k], order[pick]);
        }
    }

    m_free.reserve(m_seats.size() + partyCount);
    m_turnZ.resize(partyCount);
    m_leavesAt.resize(partyCount);
    m_done.resize(partyCount);
    m_wait.resize(partyCount);
    m_next.resize(m_classSeats.size());
}

void SeatingReplay::seat(size_t j, int table, double t)
{
    settle(j, t);
    m_done[j] = 1;
    const double seatedAt = t + m_model.seatingDelay;
    const int daypart =
        static_cast<int>(TurnTimes::daypartAt(m_nowSecs + static_cast<qint64>(seatedAt * 60.0), m_offset));
    const LogNormal turn = m_model.turns[m_parties[j].turnSize][daypart];
    m_free.push({seatedAt + std::exp(turn.mu + turn.sigma * m_turnZ[j]), table});
}

void SeatingReplay::run(size_t s, size_t firstWatched)
{
    const size_t tableCount = m_seats.size();
    const size_t partyCount = m_parties.size();
    for (size_t j = 0; j < partyCount; ++j) {
        m_turnZ[j] = m_stratumZ[stratum(tableCount + 2 * j, s)];
        m_leavesAt[j] = m_leaveByStratum[j * m_scenarios + stratum(tableCount + 2 * j + 1, s)];
    }
    std::fill(m_done.begin(), m_done.end(), 0);
    std::fill(m_next.begin(), m_next.end(), 0);
    std::fill(m_wait.begin(), m_wait.end(), NEVER);
    m_firstWatched = firstWatched;
    m_unsettled = partyCount > firstWatched ? partyCount - firstWatched : 0;
    m_free.clear();
    for (size_t i = 0; i < tableCount; ++i) {
        if (m_heldBy[i] >= 0) {
            seat(static_cast<size_t>(m_heldBy[i]), static_cast<int>(i), 0.0);
        } else {
            m_free.push({m_residual[i * m_scenarios + stratum(i, s)], static_cast<int>(i)});
        }
    }

    // The host: when tables free, each party in queue order takes the smallest free
    // table that suits it (so one that fits skips ahead of one that does not).
    // A party that has walked away takes nothing, but the first table it would
    // have taken settles its own wait.
    while (!m_free.empty() && m_unsettled > 0) {
        const double t = m_free.earliest();
        m_pool.clear();
        while (!m_free.empty() && m_free.earliest() <= t + EPSILON) {
            m_pool.push_back(m_free.pop());
        }
        if (m_pool.size() == 1) {
            // The usual case, one table at a time: the first party it suits takes it.
            const size_t c = m_tableClass[static_cast<size_t>(m_pool.front().table)];
            const std::vector<size_t>& candidates = m_classParties[c];
            size_t& next = m_next[c];
            while (next < candidates.size() && gone(candidates[next], t)) {
                settleWalkedAway(candidates[next], t);
                ++next;
            }
            if (next < candidates.size()) {
                seat(candidates[next], m_pool.front().table, t);
            } else {
                offerBiggerTable(m_pool.front().table, t);
            }
            continue;
        }
        for (size_t j = 0; j < partyCount && !m_pool.empty() && m_unsettled > 0; ++j) {
            const bool walkedAway = gone(j, t);
            if (walkedAway && m_wait[j] != NEVER) {
                continue; // seated already
            }
            auto best = m_pool.end();
            for (auto it = m_pool.begin(); it != m_pool.end(); ++it) {
                const int seats = m_seats[static_cast<size_t>(it->table)];
                if (tableSuits(seats, m_parties[j])
                    && (best == m_pool.end() || seats < m_seats[static_cast<size_t>(best->table)])) {
                    best = it;
                }
            }
            if (best == m_pool.end()) {
                continue;
            }
            if (walkedAway) {
                settleWalkedAway(j, t);
                continue;
            }
            const int table = best->table;
            m_pool.erase(best);
            seat(j, table, t);
        }
        // What nobody suits, smallest first, as the host would hand them out.
        std::sort(m_pool.begin(), m_pool.end(), [this](const FreeAt& a, const FreeAt& b) {
            return m_seats[static_cast<size_t>(a.table)] < m_seats[static_cast<size_t>(b.table)];
        });
        for (const FreeAt& left : m_pool) {
            if (m_unsettled > 0) {
                offerBiggerTable(left.table, t);
            }
        }
    }
}

void SeatingReplay::offerBiggerTable(int table, double t)
{
    if (m_model.biggerTableAfter == NEVER) {
        return; // a table nobody left wants never matters again
    }
    // The first party in queue order that fits and has waited long enough takes it; if
    // none has yet, the table waits for the first that will (a party that walks away
    // first still settles its own wait, as elsewhere).
    const int seats = m_seats[static_cast<size_t>(table)];
    double soonest = NEVER;
    for (size_t j = 0; j < m_parties.size(); ++j) {
        if (m_parties[j].size > seats || m_wait[j] != NEVER) {
            continue;
        }
        // Whole minutes, as the quote's own weighting counts them (wholeMinutesWaited).
        const double eligibleAt = std::max(m_model.biggerTableAfter - std::floor(m_parties[j].waited), 0.0);
        if (eligibleAt > t + EPSILON) {
            soonest = std::min(soonest, eligibleAt);
        } else if (gone(j, t)) {
            settleWalkedAway(j, t);
        } else {
            seat(j, table, t);
            return;
        }
    }
    if (soonest != NEVER) {
        m_free.push({soonest, table});
    }
}

// The chance that a party still waiting after some minutes stays a while longer, from
// the walk-away rates (per hour, by time waited): e^−(H(later) − H(now)), with H the rate
// summed over the minutes waited. Laid out once per quote so each sampled wait costs O(1).
class Staying
{
public:
    Staying(const QList<double>& perHour, int binMinutes)
        : m_binMinutes(binMinutes)
    {
        double total = 0.0;
        for (double rate : perHour) {
            m_hazardAtBin.push_back(total);
            m_perMinute.push_back(rate / 60.0);
            total += rate / 60.0 * binMinutes;
        }
    }
    bool anyone() const { return !m_perMinute.empty(); }
    // H(minutes): the last bin's rate applies for ever after.
    double hazard(double minutes) const
    {
        if (minutes <= 0.0) {
            return 0.0;
        }
        const size_t bin = std::min(static_cast<size_t>(minutes / m_binMinutes), m_perMinute.size() - 1);
        return m_hazardAtBin[bin] + m_perMinute[bin] * (minutes - static_cast<double>(bin) * m_binMinutes);
    }

private:
    double m_binMinutes;
    std::vector<double> m_hazardAtBin;
    std::vector<double> m_perMinute;
};

// Quantiles p (rising) of sorted values with weights: type 7 (linear between order
// statistics, as quantile()) generalised by placing each value at the share of weight
// before it. One pass for all of them.
template <size_t N>
std::array<double, N> weightedQuantiles(const std::vector<double>& sorted,
                                        const std::vector<double>& weights,
                                        const std::array<double, N>& ps)
{
    std::array<double, N> result;
    result.fill(sorted.back());
    double total = 0.0;
    for (size_t k = 0; k + 1 < sorted.size(); ++k) {
        total += weights[k];
    }
    if (total <= 0.0) {
        return result;
    }
    size_t next = 0;
    double before = 0.0;
    for (size_t k = 0; k + 1 < sorted.size() && next < N; ++k) {
        const double from = before / total;
        const double to = (before + weights[k]) / total;
        for (; next < N && ps[next] <= to; ++next) {
            const double fraction = to > from ? (ps[next] - from) / (to - from) : 0.0;
            result[next] = sorted[k] + fraction * (sorted[k + 1] - sorted[k]);
        }
        before += weights[k];
    }
    return result;
}

// Minutes a party has waited, whole ones: a diner quoted on joining and again seconds
// later gets the same quote.
double wholeMinutesWaited(const WaitingParty& p, const QDateTime& now)
{
    return p.joinedAt.isValid() ? std::max(0.0, std::floor(static_cast<double>(p.joinedAt.msecsTo(now)) / 60000.0))
                                : 0.0;
}

// The quote from a party's sampled waits; sorts `waits` (`weights` is scratch). Diners
// who walk away never learn their wait, so what is quoted is the wait of those who stay:
// each sampled wait counts by the chance that this party, having waited `waited` minutes
// already, stays that much longer. Without walk-aways, the plain median and quantiles.
void quoteFromWaits(
    std::vector<double>& waits, const Staying& staying, double waited, std::vector<double>& weights, WaitQuote& result)
{
    std::sort(waits.begin(), waits.end());
    if (waits.back() == NEVER) {
        // Cannot happen: a table fits the party, and a table that suits it is never dropped.
        result.canSeat = false;
        return;
    }
    constexpr std::array<double, 3> PS{RANGE_LOW_QUANTILE, 0.5, RANGE_HIGH_QUANTILE};
    std::array<double, 3> at;
    if (staying.anyone()) {
        const double hazardSoFar = staying.hazard(waited);
        weights.resize(waits.size());
        for (size_t k = 0; k < waits.size(); ++k) {
            weights[k] = std::exp(hazardSoFar - staying.hazard(waited + waits[k]));
        }
        at = weightedQuantiles(waits, weights, PS);
    } else {
        for (size_t i = 0; i < PS.size(); ++i) {
            at[i] = quantile(waits, PS[i]);
        }
    }
    result.minutes = static_cast<int>(std::ceil(at[1] - EPSILON));
    if (result.minutes > 0) {
        result.low = std::clamp(static_cast<int>(std::floor(at[0] + EPSILON)), 0, result.minutes);
        result.high = std::max(static_cast<int>(std::ceil(at[2] - EPSILON)), result.minutes);
    }
}

// Tonight's pace stretches every turn, those under way included.
LogNormals logNormals(const TurnTimes& turnTimes, double pace)
{
    LogNormals result;
    for (int size = 1; size <= TurnTimes::MAX_SIZE; ++size) {
        for (int d = 0; d < TurnTimes::DAYPART_COUNT; ++d) {
            const Daypart daypart = static_cast<Daypart>(d);
            const double mean = std::max(turnTimes.minutes(size, daypart), 1.0);
            const double cv = std::max(turnTimes.spread(size, daypart), 0.01) / mean;
            const double sigma = std::sqrt(std::log1p(cv * cv));
            result[size][d] = {std::log(mean * pace) - sigma * sigma / 2.0, sigma};
        }
    }
    return result;
}

} // namespace

WaitEstimator::WaitEstimator(TurnTimes turnTimes)
    : m_turnTimes(std::move(turnTimes))
{ }

WaitQuote WaitEstimator::quote(int partySize,
                               const QList<TableState>& tables,
                               const QList<WaitingParty>& ahead,
                               const QDateTime& now,
                               int timezoneOffsetSeconds) const
{
    WaitQuote result;
    result.partiesAhead = static_cast<int>(ahead.size());
    partySize = std::max(partySize, 1);

    SeatingReplay replay({m_turnTimes,
                          logNormals(m_turnTimes, m_pace),
                          m_seatingDelayMinutes,
                          m_walkAwayPerHour,
                          m_walkAwayBinMinutes,
                          m_scenarioCount,
                          m_biggerTableAfterMinutes},
                         now,
                         timezoneOffsetSeconds);
    replay.addTables(tables);
    if (!replay.anyTableFits(partySize)) {
        result.canSeat = false;
        return result;
    }
    for (const WaitingParty& p : ahead) {
        // A party no table fits never takes one, so it holds nobody up.
        const int size = std::max(p.size, 1);
        if (replay.anyTableFits(size)) {
            replay.addParty(p.id, size, p.notified, p.joinedAt.isValid() ? p.joinedAt : now);
        }
    }
    // Ours, last: a new party has waited nothing yet.
    replay.addParty(0, partySize, false, QDateTime());
    replay.prepare();

    const size_t ours = replay.partyCount() - 1;
    std::vector<double> waits;
    waits.reserve(static_cast<size_t>(m_scenarioCount));
    for (size_t s = 0; s < static_cast<size_t>(m_scenarioCount); ++s) {
        replay.run(s, ours);
        waits.push_back(replay.waitOf(ours));
    }
    std::vector<double> weights;
    quoteFromWaits(waits, Staying(m_walkAwayPerHour, m_walkAwayBinMinutes), 0.0, weights, result);
    return result;
}

QList<WaitQuote> WaitEstimator::quoteQueue(const QList<TableState>& tables,
                                           const QList<WaitingParty>& queue,
                                           const QDateTime& now,
                                           int timezoneOffsetSeconds) const
{
    QList<WaitQuote> result(queue.size());
    SeatingReplay replay({m_turnTimes,
                          logNormals(m_turnTimes, m_pace),
                          m_seatingDelayMinutes,
                          m_walkAwayPerHour,
                          m_walkAwayBinMinutes,
                          m_scenarioCount,
                          m_biggerTableAfterMinutes},
                         now,
                         timezoneOffsetSeconds);
    replay.addTables(tables);
    // Each party's place in the replay; parties no table fits are left out, as quote() leaves them out.
    std::vector<qsizetype> replayed;
    for (qsizetype i = 0; i < queue.size(); ++i) {
        const WaitingParty& p = queue[i];
        result[i].partiesAhead = static_cast<int>(i);
        const int size = std::max(p.size, 1);
        if (!replay.anyTableFits(size)) {
            // A notified party has its table, whatever the room says now.
            result[i].canSeat = p.notified;
            continue;
        }
        replay.addParty(p.id, size, p.notified, p.joinedAt.isValid() ? p.joinedAt : now);
        replayed.push_back(i);
    }
    if (replayed.empty()) {
        return result;
    }
    replay.prepare();

    const size_t scenarios = static_cast<size_t>(m_scenarioCount);
    std::vector<double> waits(replayed.size() * scenarios); // [party * scenarios + scenario]
    for (size_t s = 0; s < scenarios; ++s) {
        replay.run(s, 0);
        for (size_t j = 0; j < replayed.size(); ++j) {
            waits[j * scenarios + s] = replay.waitOf(j);
        }
    }
    std::vector<double> partyWaits(scenarios);
    std::vector<double> weights;
    const Staying staying(m_walkAwayPerHour, m_walkAwayBinMinutes);
    for (size_t j = 0; j < replayed.size(); ++j) {
        WaitQuote& q = result[replayed[j]];
        // A notified party has its table: it is on its way.
        if (queue[replayed[j]].notified) {
            continue;
        }
        std::copy_n(waits.cbegin() + static_cast<std::ptrdiff_t>(j * scenarios), scenarios, partyWaits.begin());
        quoteFromWaits(partyWaits, staying, wholeMinutesWaited(queue[replayed[j]], now), weights, q);
    }
    return result;
}

void WaitEstimator::setTurnTimes(TurnTimes t)
{
    m_turnTimes = std::move(t);
}

const TurnTimes& WaitEstimator::turnTimes() const
{
    return m_turnTimes;
}

void WaitEstimator::setSeatingDelayMinutes(double minutes)
{
    m_seatingDelayMinutes = std::max(minutes, 0.0);
}

double WaitEstimator::seatingDelayMinutes() const
{
    return m_seatingDelayMinutes;
}

void WaitEstimator::setWalkAwayRates(QList<double> perHour, int binMinutes)
{
    for (double& rate : perHour) {
        rate = std::max(rate, 0.0);
    }
    if (std::all_of(perHour.cbegin(), perHour.cend(), [](double r) { return r == 0.0; })) {
        perHour.clear();
    }
    m_walkAwayPerHour = std::move(perHour);
    m_walkAwayBinMinutes = std::max(binMinutes, 1);
}

void WaitEstimator::setWalkAwayPerHour(double rate)
{
    setWalkAwayRates({rate});
}

QList<double> WaitEstimator::learnWalkAwayRates(const QList<QueueStay>& history, int binMinutes)
{
    binMinutes = std::max(binMinutes, 1);
    std::array<double, WALK_AWAY_BINS> hours{};
    std::array<int, WALK_AWAY_BINS> walkAways{};
    double totalHours = 0.0;
    int totalWalkAways = 0;
    for (const QueueStay& stay : history) {
        if (!stay.joinedAt.isValid() || !stay.endedAt.isValid()) {
            continue;
        }
        const double waited = static_cast<double>(stay.joinedAt.msecsTo(stay.endedAt)) / 60000.0;
        if (waited < 0) {
            continue;
        }
        for (int k = 0; k < WALK_AWAY_BINS; ++k) {
            const double start = static_cast<double>(k * binMinutes);
            const double end = k + 1 == WALK_AWAY_BINS ? NEVER : static_cast<double>((k + 1) * binMinutes);
            if (waited > start) {
                hours[k] += (std::min(waited, end) - start) / 60.0;
            }
        }
        totalHours += waited / 60.0;
        if (stay.walkedAway) {
            ++walkAways[std::min(static_cast<int>(waited / binMinutes), WALK_AWAY_BINS - 1)];
            ++totalWalkAways;
        }
    }
    if (totalHours <= 0.0 || totalWalkAways == 0) {
        return {};
    }
    const double overall = totalWalkAways / totalHours;
    QList<double> rates;
    for (int k = 0; k < WALK_AWAY_BINS; ++k) {
        rates.append((walkAways[k] + overall * WALK_AWAY_PRIOR_HOURS) / (hours[k] + WALK_AWAY_PRIOR_HOURS));
    }
    return rates;
}

void WaitEstimator::setPace(double factor)
{
    m_pace = std::isfinite(factor) ? std::clamp(factor, MIN_PACE, MAX_PACE) : 1.0;
}

double WaitEstimator::pace() const
{
    return m_pace;
}

void WaitEstimator::setBiggerTableAfterMinutes(double minutes)
{
    m_biggerTableAfterMinutes = std::isfinite(minutes) && minutes >= 0.0 ? minutes : NEVER;
}

double WaitEstimator::biggerTableAfterMinutes() const
{
    return m_biggerTableAfterMinutes;
}

double WaitEstimator::learnBiggerTableAfterMinutes(const QList<TableChoice>& history)
{
    // Sizes for which the host has used a suitable table: for the others a bigger one
    // is simply the table there is, not a habit.
    std::array<bool, TurnTimes::MAX_SIZE + 1> suitedBefore{};
    for (const TableChoice& c : history) {
        if (c.partySize > 0 && suits(c.seats, c.partySize)) {
            suitedBefore[static_cast<size_t>(std::min(c.partySize, TurnTimes::MAX_SIZE))] = true;
        }
    }
    std::vector<double> waitedForBigger;
    for (const TableChoice& c : history) {
        if (c.partySize <= 0 || c.seats < c.partySize || suits(c.seats, c.partySize)
            || !suitedBefore[static_cast<size_t>(std::min(c.partySize, TurnTimes::MAX_SIZE))] || !c.joinedAt.isValid()
            || !c.calledAt.isValid()) {
            continue;
        }
        waitedForBigger.push_back(std::max(0.0, static_cast<double>(c.joinedAt.msecsTo(c.calledAt)) / 60000.0));
    }
    if (static_cast<int>(waitedForBigger.size()) < BIGGER_TABLE_MIN_CHOICES) {
        return NEVER;
    }
    std::sort(waitedForBigger.begin(), waitedForBigger.end());
    return quantile(waitedForBigger, BIGGER_TABLE_QUANTILE);
}

void WaitEstimator::setScenarioCount(int count)
{
    m_scenarioCount = std::clamp(count, 1, 4096);
}

bool WaitEstimator::suits(int seats, int partySize)
{
    return seats >= partySize && seats - partySize <= MAX_EMPTY_SEATS;
}

int WaitEstimator::seedFormulaMinutes(int partiesInQueue, int occupiedTables, int tables, double avgDiningMinutes)
{
    if (tables <= 0) {
        return 0;
    }
    const double minutes =
        static_cast<double>(partiesInQueue + occupiedTables - tables) / static_cast<double>(tables) * avgDiningMinutes;
    return std::max(0, static_cast<int>(std::lround(minutes)));
}
