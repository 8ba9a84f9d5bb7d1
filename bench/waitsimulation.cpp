#include "waitsimulation.h"

#include <QTimeZone>
#include <algorithm>
#include <array>
#include <cmath>
#include <queue>
#include <vector>

namespace
{

constexpr int TIMEZONE_OFFSET_SECONDS = 3600; // the restaurant keeps UTC+1
constexpr double OPEN_HOUR = 17.0;
constexpr double LAST_ARRIVAL_HOUR = 22.5;

// The host's rules (see bench/README.md). A table suits a party when it fits and
// leaves at most three seats empty, unless no table in the room is that close.
// After half an hour in the queue the host gives a party a bigger free table,
// as long as nobody waiting could use it properly; the estimator does not know this.
constexpr int HOST_MAX_EMPTY_SEATS = 3;
constexpr double HOST_RELAX_AFTER_MINUTES = 30.0;

// Arrivals per hour through the evening (local time), linear in between: a rush
// from about 18:30 to 20:30, then tailing off; scaled per weekday and per evening.
constexpr std::array<std::pair<double, double>, 7> ARRIVAL_PROFILE{
    {{17.0, 4.0}, {18.0, 10.0}, {19.0, 14.0}, {20.0, 13.0}, {21.0, 8.0}, {22.0, 3.0}, {22.5, 0.0}}};
constexpr std::array<double, 7> WEEKDAY_FACTOR{0.8, 0.85, 0.9, 1.0, 1.25, 1.35, 0.95}; // Monday first
constexpr double EVENING_DEMAND_SIGMA = 0.15;

// Party sizes 1..10: mostly twos and fours.
constexpr std::array<double, 10> SIZE_WEIGHTS{6.0, 44.0, 13.0, 22.0, 5.0, 5.0, 2.0, 2.0, 0.5, 0.5};
// Median dining minutes by party size, before the evening's pace and each party's own pace.
constexpr std::array<double, 10> DINING_MEDIAN{40.0, 50.0, 58.0, 65.0, 75.0, 80.0, 90.0, 95.0, 100.0, 105.0};
constexpr double LATE_DINING_FACTOR = 0.8; // seated from 22:00: a drink and a main
constexpr double DINING_SIGMA = 0.3; // one party against another
constexpr double EVENING_PACE_SIGMA = 0.06; // the kitchen's pace that night
constexpr double LINGER_CHANCE = 0.04; // a party that stays on, or a table nobody marks free
constexpr double LINGER_MIN = 20.0;
constexpr double LINGER_MAX = 60.0;
constexpr double BUS_MIN = 3.0; // clearing and resetting, before the table shows free
constexpr double BUS_MAX = 8.0;
constexpr double WALK_BACK_MEDIAN = 3.0; // minutes from "your table is ready" to sitting down
constexpr double WALK_BACK_SIGMA = 0.5;
constexpr double PATIENCE_MEDIAN = 50.0; // minutes a party waits before walking away
constexpr double PATIENCE_SIGMA = 0.6;

enum class EventKind
{
    Arrival,
    TableFree,
    PartyReturns,
    PatienceOut
};

struct Event
{
    double time = 0.0; // minutes since local midnight
    quint64 sequence = 0; // keeps simultaneous events in the order they were made
    EventKind kind = EventKind::Arrival;
    int party = -1;
    int table = -1;
    int size = 0; // of the party arriving
};

struct EventAfter
{
    bool operator()(const Event& a, const Event& b) const
    {
        return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
    }
};

enum class TableUse
{
    Free,
    Held,
    Occupied
};

struct Table
{
    int seats = 0;
    TableUse use = TableUse::Free;
    double seatedAt = 0.0;
    int partySize = 0;
    int heldFor = -1; // the notified party it is kept for
};

enum class PartyState
{
    Waiting,
    Notified,
    Seated,
    Left
};

struct Party
{
    int size = 0;
    double joined = 0.0;
    PartyState state = PartyState::Waiting;
    double notifiedAt = 0.0;
};

double arrivalRatePerHour(double localHour)
{
    for (size_t i = 1; i < ARRIVAL_PROFILE.size(); ++i) {
        const auto [h0, r0] = ARRIVAL_PROFILE[i - 1];
        const auto [h1, r1] = ARRIVAL_PROFILE[i];
        if (localHour >= h0 && localHour <= h1) {
            return r0 + (r1 - r0) * (localHour - h0) / (h1 - h0);
        }
    }
    return 0.0;
}

bool hostSuits(int seats, int size)
{
    return seats >= size && seats - size <= HOST_MAX_EMPTY_SEATS;
}

double lognormal(std::mt19937_64& rng, double median, double sigma)
{
    return median * std::exp(std::normal_distribution<double>(0.0, sigma)(rng));
}

double uniform(std::mt19937_64& rng, double lo, double hi)
{
    return std::uniform_real_distribution<double>(lo, hi)(rng);
}

// One evening's running state.
class Service
{
public:
    Service(std::mt19937_64& rng, QDate date, double pace)
        : m_rng(&rng)
        , m_midnightUtc(QDateTime(date, QTime(0, 0), QTimeZone::UTC).addSecs(-TIMEZONE_OFFSET_SECONDS))
        , m_pace(pace)
    {
        for (int seats : WaitSimulation::tableSeats()) {
            m_tables.push_back({seats});
        }
    }

    // See WaitSimulation::setOracle. `seed` keeps its draws apart from the evening's.
    void setOracle(int scenarios, bool knowsPace, double demand, quint64 seed)
    {
        m_oracle = {scenarios, knowsPace, demand, seed};
    }

    void addArrival(double time, int size) { m_events.push({time, m_sequence++, EventKind::Arrival, -1, -1, size}); }

    SimulatedEvening run()
    {
        while (!m_events.empty() && m_watchSeatedAt < 0.0) {
            const Event e = m_events.top();
            m_events.pop();
            switch (e.kind) {
            case EventKind::Arrival:
                arrive(e.time, e.size);
                break;
            case EventKind::TableFree:
                freeTable(e.time, e.table);
                break;
            case EventKind::PartyReturns:
                returns(e.time, e.party, e.table);
                break;
            case EventKind::PatienceOut:
                giveUp(e.time, e.party);
                break;
            }
        }
        return std::move(m_result);
    }

private:
    struct Oracle
    {
        int scenarios = 0;
        bool knowsPace = false;
        double demand = 1.0;
        quint64 seed = 0;
    };

    // The rest of this evening from now, for the oracle: the same room, parties and
    // queue, no hidden draws yet (the caller schedules them), nothing recorded; it runs
    // until `watch` sits down.
    Service(const Service& from, std::mt19937_64& rng, double pace, int watch)
        : m_rng(&rng)
        , m_midnightUtc(from.m_midnightUtc)
        , m_pace(pace)
        , m_tables(from.m_tables)
        , m_parties(from.m_parties)
        , m_queue(from.m_queue)
        , m_recording(false)
        , m_watch(watch)
    { }

    double oracleQuote(double now, int party) const;
    double turnGiven(const Table& table, double elapsed, double pace, std::mt19937_64& rng) const;

    QDateTime utc(double minutes) const { return m_midnightUtc.addMSecs(std::llround(minutes * 60000.0)); }

    void schedule(double time, EventKind kind, int party, int table)
    {
        m_events.push({time, m_sequence++, kind, party, table, 0});
    }

    // What the door sees as a party arrives, before anyone is seated.
    void record(double now, int size)
    {
        SimulatedArrival arrival;
        arrival.size = size;
        arrival.joinedAt = utc(now);
        for (size_t i = 0; i < m_tables.size(); ++i) {
            const Table& t = m_tables[i];
            const bool occupied = t.use == TableUse::Occupied;
            arrival.tables.append({static_cast<qint64>(i + 1),
                                   t.seats,
                                   occupied,
                                   occupied ? utc(t.seatedAt) : QDateTime(),
                                   occupied ? t.partySize : 0,
                                   false,
                                   t.use == TableUse::Held ? t.heldFor + 1 : 0});
        }
        for (int q : m_queue) {
            const Party& p = m_parties[static_cast<size_t>(q)];
            arrival.ahead.append({q + 1, p.size, utc(p.joined), p.state == PartyState::Notified});
        }
        m_result.arrivals.append(arrival);
    }

    void arrive(double now, int size)
    {
        if (m_recording) {
            record(now, size);
        }

        const int index = static_cast<int>(m_parties.size());
        m_parties.push_back({size, now});
        m_queue.push_back(index);
        schedule(now + lognormal(*m_rng, PATIENCE_MEDIAN, PATIENCE_SIGMA), EventKind::PatienceOut, index, -1);
        hostSeats(now, index);
        if (m_recording && m_oracle.scenarios > 0
            && m_parties[static_cast<size_t>(index)].state != PartyState::Seated) {
            m_result.arrivals[index].oracleMinutes = oracleQuote(now, index);
        }
    }

    void freeTable(double now, int table)
    {
        Table& t = m_tables[static_cast<size_t>(table)];
        if (m_recording) {
            m_result.visits.append({t.partySize, utc(t.seatedAt), utc(now)});
        }
        t.use = TableUse::Free;
        hostSeats(now, -1);
    }

    void returns(double now, int party, int table)
    {
        if (m_recording) {
            m_result.notifyToSeatMinutes += now - m_parties[static_cast<size_t>(party)].notifiedAt;
            ++m_result.calledBack;
        }
        seat(now, party, table);
        hostSeats(now, -1);
    }

    void giveUp(double now, int party)
    {
        Party& p = m_parties[static_cast<size_t>(party)];
        if (p.state != PartyState::Waiting) {
            return;
        }
        p.state = PartyState::Left;
        if (m_recording) {
            m_result.stays.append({utc(p.joined), utc(now), true});
        }
        std::erase(m_queue, party);
    }

    void seat(double now, int party, int table)
    {
        Party& p = m_parties[static_cast<size_t>(party)];
        Table& t = m_tables[static_cast<size_t>(table)];
        p.state = PartyState::Seated;
        if (m_recording) {
            m_result.arrivals[party].seatedAt = utc(now);
        }
        if (party == m_watch) {
            m_watchSeatedAt = now;
        }
        std::erase(m_queue, party);
        t.use = TableUse::Occupied;
        t.seatedAt = now;
        t.partySize = p.size;
        schedule(now + diningMinutes(p.size, now / 60.0) + uniform(*m_rng, BUS_MIN, BUS_MAX),
                 EventKind::TableFree,
                 party,
                 table);
    }

    double diningMinutes(int size, double localHour)
    {
        const size_t i = static_cast<size_t>(std::clamp(size, 1, 10) - 1);
        double minutes = lognormal(*m_rng, DINING_MEDIAN[i] * m_pace, DINING_SIGMA);
        if (localHour >= 22.0) {
            minutes *= LATE_DINING_FACTOR;
        }
        if (uniform(*m_rng, 0.0, 1.0) < LINGER_CHANCE) {
            minutes += uniform(*m_rng, LINGER_MIN, LINGER_MAX);
        }
        return minutes;
    }

    // First come, first served: each waiting party in order gets the smallest free
    // table that suits it, so a party that fits a free table skips one that does not.
    // A party that just arrived sits down at once; one in the queue is called back.
    void hostSeats(double now, int arriving)
    {
        for (size_t i = 0; i < m_queue.size();) {
            const int party = m_queue[i];
            Party& p = m_parties[static_cast<size_t>(party)];
            const int table = p.state == PartyState::Waiting ? chooseTable(now, party) : -1;
            if (table < 0) {
                ++i;
                continue;
            }
            if (m_recording) {
                m_result.choices.append({p.size, m_tables[static_cast<size_t>(table)].seats, utc(p.joined), utc(now)});
            }
            if (party == arriving) {
                if (m_recording) {
                    m_result.arrivals[party].seatedAtOnce = true;
                }
                seat(now, party, table); // removes it from the queue
                continue;
            }
            p.state = PartyState::Notified;
            p.notifiedAt = now;
            if (m_recording) {
                m_result.stays.append({utc(p.joined), utc(now), false});
            }
            if (party == m_watch) {
                m_watchCalledAt = now;
            }
            m_tables[static_cast<size_t>(table)].use = TableUse::Held;
            m_tables[static_cast<size_t>(table)].heldFor = party;
            schedule(now + std::clamp(lognormal(*m_rng, WALK_BACK_MEDIAN, WALK_BACK_SIGMA), 0.5, 15.0),
                     EventKind::PartyReturns,
                     party,
                     table);
            ++i;
        }
    }

    int chooseTable(double now, int party) const
    {
        const Party& p = m_parties[static_cast<size_t>(party)];
        const bool anyClose = std::any_of(
            m_tables.cbegin(), m_tables.cend(), [&p](const Table& t) { return hostSuits(t.seats, p.size); });
        int best = -1;
        int bigger = -1;
        for (size_t i = 0; i < m_tables.size(); ++i) {
            const Table& t = m_tables[i];
            if (t.use != TableUse::Free || t.seats < p.size) {
                continue;
            }
            const int index = static_cast<int>(i);
            if (!anyClose || hostSuits(t.seats, p.size)) {
                if (best < 0 || t.seats < m_tables[static_cast<size_t>(best)].seats) {
                    best = index;
                }
            } else if (bigger < 0 || t.seats < m_tables[static_cast<size_t>(bigger)].seats) {
                bigger = index;
            }
        }
        if (best >= 0 || bigger < 0 || now - p.joined < HOST_RELAX_AFTER_MINUTES) {
            return best;
        }
        const int seats = m_tables[static_cast<size_t>(bigger)].seats;
        const bool someoneNeedsIt = std::any_of(m_queue.cbegin(), m_queue.cend(), [&](int q) {
            const Party& other = m_parties[static_cast<size_t>(q)];
            return q != party && other.state == PartyState::Waiting && hostSuits(seats, other.size);
        });
        return someoneNeedsIt ? -1 : bigger;
    }

    std::mt19937_64* m_rng;
    QDateTime m_midnightUtc;
    double m_pace;
    std::vector<Table> m_tables;
    std::vector<Party> m_parties; // index = arrival index
    std::vector<int> m_queue; // waiting and notified parties, in arrival order
    std::priority_queue<Event, std::vector<Event>, EventAfter> m_events;
    quint64 m_sequence = 0;
    SimulatedEvening m_result;
    bool m_recording = true; // false in the oracle's replays
    Oracle m_oracle;
    int m_watch = -1; // the party an oracle replay runs for
    double m_watchCalledAt = -1.0;
    double m_watchSeatedAt = -1.0;
};

// Draws until a value exceeds `above`: the distribution given that it has.
template <typename Draw>
double drawAbove(double above, Draw draw)
{
    for (int i = 0; i < 100000; ++i) {
        const double value = draw();
        if (value > above) {
            return value;
        }
    }
    return above + 1.0; // so far out that it ends any moment
}

// A turn under way for `elapsed` minutes: dining and clearing as in seat(), given it has lasted that long.
double Service::turnGiven(const Table& table, double elapsed, double pace, std::mt19937_64& rng) const
{
    const size_t i = static_cast<size_t>(std::clamp(table.partySize, 1, 10) - 1);
    return drawAbove(elapsed, [&] {
        double minutes = lognormal(rng, DINING_MEDIAN[i] * pace, DINING_SIGMA);
        if (table.seatedAt / 60.0 >= 22.0) {
            minutes *= LATE_DINING_FACTOR;
        }
        if (uniform(rng, 0.0, 1.0) < LINGER_CHANCE) {
            minutes += uniform(rng, LINGER_MIN, LINGER_MAX);
        }
        return minutes + uniform(rng, BUS_MIN, BUS_MAX);
    });
}

double Service::oracleQuote(double now, int party) const
{
    std::mt19937_64 rng(m_oracle.seed ^ (static_cast<quint64>(party + 1) * 0x9E3779B97F4A7C15ULL));
    std::discrete_distribution<int> sizes(SIZE_WEIGHTS.cbegin(), SIZE_WEIGHTS.cend());
    double peak = 0.0;
    for (const auto& point : ARRIVAL_PROFILE) {
        peak = std::max(peak, point.second);
    }
    peak *= m_oracle.demand;
    std::exponential_distribution<double> gap(peak);
    std::vector<std::pair<double, double>> waits; // minutes, weight
    for (int k = 0; k < m_oracle.scenarios; ++k) {
        const double pace =
            m_oracle.knowsPace ? m_pace : std::exp(std::normal_distribution<double>(0.0, EVENING_PACE_SIGMA)(rng));
        Service rest(*this, rng, pace, party);
        for (size_t i = 0; i < m_tables.size(); ++i) {
            const Table& t = m_tables[i];
            if (t.use == TableUse::Occupied) {
                rest.schedule(t.seatedAt + turnGiven(t, now - t.seatedAt, pace, rng),
                              EventKind::TableFree,
                              -1,
                              static_cast<int>(i));
            } else if (t.use == TableUse::Held) {
                const double notified = m_parties[static_cast<size_t>(t.heldFor)].notifiedAt;
                const double walk = drawAbove(now - notified, [&rng] {
                    return std::clamp(lognormal(rng, WALK_BACK_MEDIAN, WALK_BACK_SIGMA), 0.5, 15.0);
                });
                rest.schedule(notified + walk, EventKind::PartyReturns, t.heldFor, static_cast<int>(i));
            }
        }
        // The others still waiting stay until their patience, given it has lasted so far;
        // ours never leaves in the replay: staying is what its quote is about.
        for (int q : m_queue) {
            const Party& p = m_parties[static_cast<size_t>(q)];
            if (q != party && p.state == PartyState::Waiting) {
                const double patience =
                    drawAbove(now - p.joined, [&rng] { return lognormal(rng, PATIENCE_MEDIAN, PATIENCE_SIGMA); });
                rest.schedule(p.joined + patience, EventKind::PatienceOut, q, -1);
            }
        }
        // Later arrivals, from now on (a Poisson process forgets the past).
        for (double hour = now / 60.0 + gap(rng); hour < LAST_ARRIVAL_HOUR; hour += gap(rng)) {
            if (uniform(rng, 0.0, peak) < arrivalRatePerHour(hour) * m_oracle.demand) {
                rest.addArrival(hour * 60.0, sizes(rng) + 1);
            }
        }
        rest.run();
        if (rest.m_watchSeatedAt < 0.0) {
            continue;
        }
        // Those who stay: the party is seated when its patience outlasts the wait to be called.
        const double called = (rest.m_watchCalledAt >= 0.0 ? rest.m_watchCalledAt : rest.m_watchSeatedAt) - now;
        const double staying = called > 0.0
            ? 0.5 * std::erfc((std::log(called) - std::log(PATIENCE_MEDIAN)) / (PATIENCE_SIGMA * std::sqrt(2.0)))
            : 1.0;
        waits.emplace_back(rest.m_watchSeatedAt - now, staying);
    }
    if (waits.empty()) {
        return 0.0;
    }
    // The weighted median.
    std::sort(waits.begin(), waits.end());
    double total = 0.0;
    for (const auto& w : waits) {
        total += w.second;
    }
    double before = 0.0;
    for (const auto& [minutes, weight] : waits) {
        before += weight;
        if (before >= total / 2.0) {
            return minutes;
        }
    }
    return waits.back().first;
}

} // namespace

WaitSimulation::WaitSimulation(quint64 seed)
    : m_rng(seed)
    , m_seed(seed)
{ }

void WaitSimulation::setOracle(int scenarios, bool knowsPace)
{
    m_oracleScenarios = std::max(scenarios, 0);
    m_oracleKnowsPace = knowsPace;
}

SimulatedEvening WaitSimulation::runEvening(QDate date)
{
    const double demand = WEEKDAY_FACTOR[static_cast<size_t>(date.dayOfWeek() - 1)]
        * std::exp(std::normal_distribution<double>(0.0, EVENING_DEMAND_SIGMA)(m_rng));
    const double pace = std::exp(std::normal_distribution<double>(0.0, EVENING_PACE_SIGMA)(m_rng));
    Service service(m_rng, date, pace);
    service.setOracle(m_oracleScenarios,
                      m_oracleKnowsPace,
                      demand,
                      m_seed * 0x2545F4914F6CDD1DULL + static_cast<quint64>(date.toJulianDay()));

    // A non-homogeneous Poisson process by thinning: candidates at the peak rate,
    // each kept with probability rate(t) / peak.
    double peak = 0.0;
    for (const auto& point : ARRIVAL_PROFILE) {
        peak = std::max(peak, point.second);
    }
    peak *= demand;
    std::exponential_distribution<double> gap(peak);
    std::discrete_distribution<int> sizes(SIZE_WEIGHTS.cbegin(), SIZE_WEIGHTS.cend());
    for (double hour = OPEN_HOUR + gap(m_rng); hour < LAST_ARRIVAL_HOUR; hour += gap(m_rng)) {
        if (uniform(m_rng, 0.0, peak) < arrivalRatePerHour(hour) * demand) {
            service.addArrival(hour * 60.0, sizes(m_rng) + 1);
        }
    }
    return service.run();
}

QList<int> WaitSimulation::tableSeats()
{
    // 14 tables, 60 seats: five 2-tops, five 4-tops, two 6-tops, an 8 and a 10.
    return {2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 8, 10};
}

int WaitSimulation::timezoneOffsetSeconds()
{
    return TIMEZONE_OFFSET_SECONDS;
}
