#include "historygenerator.h"

#include "analyticsservice.h"
#include "restaurantsettings.h"
#include "store/copywriter.h"
#include "store/sql.h"
#include "tokengenerator.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QMap>
#include <QTimeZone>
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <numeric>
#include <random>

namespace
{

constexpr qint64 MINUTE_MS = 60'000;
constexpr int DAYS_PER_CHUNK = 7;

const QStringList FIRST_NAMES{
    QStringLiteral("Lucía"),  QStringLiteral("Hugo"),   QStringLiteral("Martina"), QStringLiteral("Mateo"),
    QStringLiteral("Sofía"),  QStringLiteral("Leo"),    QStringLiteral("Julia"),   QStringLiteral("Daniel"),
    QStringLiteral("Paula"),  QStringLiteral("Pablo"),  QStringLiteral("Emma"),    QStringLiteral("Álvaro"),
    QStringLiteral("Carmen"), QStringLiteral("Marco"),  QStringLiteral("Sara"),    QStringLiteral("Javier"),
    QStringLiteral("Noa"),    QStringLiteral("Adrián"), QStringLiteral("Olivia"),  QStringLiteral("Diego"),
    QStringLiteral("Elena"),  QStringLiteral("Kenji"),  QStringLiteral("Amira"),   QStringLiteral("Tom"),
    QStringLiteral("Priya"),  QStringLiteral("Jonas"),  QStringLiteral("Inés"),    QStringLiteral("Omar")};

const QStringList STREETS{QStringLiteral("Calle Mayor"),
                          QStringLiteral("Calle de Toledo"),
                          QStringLiteral("Calle de Atocha"),
                          QStringLiteral("Calle del Arenal"),
                          QStringLiteral("Calle de Segovia"),
                          QStringLiteral("Calle de la Princesa"),
                          QStringLiteral("Gran Vía"),
                          QStringLiteral("Calle de Alcalá"),
                          QStringLiteral("Calle de Embajadores"),
                          QStringLiteral("Calle de Bailén")};

// What diners wrote, by how the meal went.
const QStringList PRAISE{QStringLiteral("Lovely evening, the %1 was excellent."),
                         QStringLiteral("Seated sooner than quoted. Great %1!"),
                         QStringLiteral("Friendly staff and the %1 was perfect."),
                         QStringLiteral("We will be back for the %1."),
                         QStringLiteral("Food was ready as we sat down, brilliant.")};
const QStringList MIXED{QStringLiteral("Good %1, but the room was very loud."),
                        QStringLiteral("The %1 was fine, service a bit slow."),
                        QStringLiteral("Nice place; the wait was longer than the quote."),
                        QStringLiteral("OK overall, the %1 could be warmer.")};
const QStringList COMPLAINTS{QStringLiteral("Waited far longer than we were told."),
                             QStringLiteral("The %1 arrived cold."),
                             QStringLiteral("Order was missing the %1."),
                             QStringLiteral("Too long a wait for a table, we nearly left.")};

struct Dish
{
    qint64 id = 0;
    QString name;
    int priceCents = 0;
    int prepMinutes = 0;
    double weight = 1; // popularity within its category
    double trend = 0; // −1 … 1: falling or rising over the period
};

struct Table
{
    qint64 id = 0;
    int seats = 0;
};

class Random
{
public:
    explicit Random(quint32 seed)
        : m_engine(seed)
    { }
    double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_engine); }
    double normal(double mean = 0, double sd = 1) { return std::normal_distribution<double>(mean, sd)(m_engine); }
    int between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(m_engine); }
    bool chance(double p) { return uniform() < p; }
    template <typename T>
    const T& pick(const QList<T>& list)
    {
        return list.at(between(0, int(list.size()) - 1));
    }

private:
    std::mt19937 m_engine;
};

// Minutes after local midnight, from two busy spells (lunch and dinner) of
// Spanish hours, kept within opening hours.
struct Spells
{
    double lunchShare;
    double lunchPeak; // hours
    double lunchSpread;
    double dinnerPeak;
    double dinnerSpread;

    double density(double hours) const
    {
        const auto bell = [](double x, double mean, double sd) {
            return std::exp(-0.5 * ((x - mean) / sd) * ((x - mean) / sd)) / (sd * std::sqrt(2 * std::numbers::pi));
        };
        return lunchShare * bell(hours, lunchPeak, lunchSpread)
            + (1 - lunchShare) * bell(hours, dinnerPeak, dinnerSpread);
    }
    double peakDensity() const { return std::max(density(lunchPeak), density(dinnerPeak)); }
    int minute(Random& random) const
    {
        for (;;) {
            const bool lunch = random.chance(lunchShare);
            const double hours =
                lunch ? random.normal(lunchPeak, lunchSpread) : random.normal(dinnerPeak, dinnerSpread);
            if ((hours >= 12.5 && hours < 16.5) || (hours >= 19.5 && hours < 23.9)) {
                return int(hours * 60);
            }
        }
    }
};

const Spells DINING{0.42, 14.3, 0.7, 21.6, 0.9};
const Spells TAKEAWAY{0.40, 14.0, 0.9, 21.2, 1.1};

// A small JSON object written by hand: millions of payloads, no QJsonDocument.
class Payload
{
public:
    Payload& number(const char* key, qint64 value)
    {
        field(key);
        m_text += QByteArray::number(value);
        return *this;
    }
    Payload& text(const char* key, const QString& value)
    {
        field(key);
        m_text += '"';
        for (const char c : value.toUtf8()) {
            if (c == '"' || c == '\\') {
                m_text += '\\';
                m_text += c;
            } else if (uchar(c) < 0x20) {
                m_text += "\\u00";
                m_text += QByteArray::number(uchar(c), 16).rightJustified(2, '0');
            } else {
                m_text += c;
            }
        }
        m_text += '"';
        return *this;
    }
    Payload& boolean(const char* key, bool value)
    {
        field(key);
        m_text += value ? "true" : "false";
        return *this;
    }
    QByteArray done() const { return m_text + '}'; }

private:
    void field(const char* key)
    {
        m_text += m_text.size() > 1 ? ",\"" : "\"";
        m_text += key;
        m_text += "\":";
    }
    QByteArray m_text = "{";
};

// Everything a chunk of days writes, table by table, in COPY's text format.
struct Chunk
{
    QByteArray parties, partyTables, quotes, orders, items, payments, deliveries, feedback, events;
    qint64 rows = 0;
};

class Writer
{
public:
    Writer(qint64 restaurantId, Random& random)
        : m_restaurantId(restaurantId)
        , m_random(random)
    { }

    QString timezone = QStringLiteral("UTC");
    int taxBasisPoints = 1000;
    int deliveryFeeCents = 0;
    double latitude = 40.4153;
    double longitude = -3.7074;
    QString currency = QStringLiteral("EUR");
    QMap<QString, QList<Dish>> dishes; // by category, in a fixed order so a seed makes the same history
    QList<Table> tables; // fewest seats first
    qint64 nextPartyId = 0;
    qint64 nextOrderId = 0;
    qint64 nextFeedbackId = 0;
    HistoryGenerator::Summary summary;

    void day(Chunk& chunk, const QDate& date, int orders, double busyness, double progress);

private:
    struct Visit
    {
        qint64 partyId = 0;
        int size = 2;
        qint64 joined = 0, notified = 0, seated = 0, left = 0; // ms since the epoch; 0: never
        int quoted = 0;
        double waited = 0;
        QString status;
    };

    const Dish& dishFrom(const QString& category, double progress);
    QList<std::pair<const Dish*, int>> dinnerFor(int size, double progress);
    QList<std::pair<const Dish*, int>> takeawayOrder(double progress);
    void party(Chunk& chunk, qint64 midnight, double busyness, double progress, int& ordersLeft);
    qint64 order(Chunk& chunk,
                 const QString& kind,
                 const QString& source,
                 const QString& status,
                 qint64 partyId,
                 qint64 created,
                 qint64 finished,
                 const QList<std::pair<const Dish*, int>>& lines,
                 const QString& customer,
                 bool card);
    void takeaway(Chunk& chunk, qint64 midnight, const QString& kind, const QString& source, double progress);
    void rate(Chunk& chunk, qint64 partyId, qint64 orderId, qint64 at, double disappointment, const QString& dish);
    void event(Chunk& chunk, const char* type, qint64 at, const QByteArray& payload);
    QString customerName() { return m_random.pick(FIRST_NAMES) + u' ' + QChar(u'A' + m_random.between(0, 25)) + u'.'; }
    QString phone() { return QStringLiteral("+34 6%1").arg(m_random.between(10'000'000, 99'999'999)); }

    qint64 m_restaurantId;
    Random& m_random;
};

void Writer::event(Chunk& chunk, const char* type, qint64 at, const QByteArray& payload)
{
    CopyWriter::Row(chunk.events).integer(m_restaurantId).text(QString::fromLatin1(type)).time(at).json(payload).end();
    ++chunk.rows;
    ++summary.events;
}

const Dish& Writer::dishFrom(const QString& category, double progress)
{
    const QList<Dish>& list = dishes[category];
    double total = 0;
    for (const Dish& d : list) {
        total += d.weight * (1 + 0.6 * d.trend * (progress - 0.5));
    }
    double x = m_random.uniform() * total;
    for (const Dish& d : list) {
        x -= d.weight * (1 + 0.6 * d.trend * (progress - 0.5));
        if (x <= 0) {
            return d;
        }
    }
    return list.last();
}

QList<std::pair<const Dish*, int>> Writer::dinnerFor(int size, double progress)
{
    QHash<qint64, std::pair<const Dish*, int>> lines;
    const auto add = [&lines](const Dish& d) {
        auto& line = lines[d.id];
        line.first = &d;
        ++line.second;
    };
    const auto has = [this](const char* category) { return !dishes.value(QLatin1String(category)).isEmpty(); };
    for (int diner = 0; diner < size; ++diner) {
        if (m_random.chance(0.9)) {
            const bool pasta = has("Pizza & Pasta") && (!has("Mains") || m_random.chance(0.6));
            if (pasta || has("Mains")) {
                add(dishFrom(pasta ? QStringLiteral("Pizza & Pasta") : QStringLiteral("Mains"), progress));
            }
        }
        if (has("Drinks") && m_random.chance(0.75)) {
            add(dishFrom(QStringLiteral("Drinks"), progress));
        }
        if (has("Desserts") && m_random.chance(0.35)) {
            add(dishFrom(QStringLiteral("Desserts"), progress));
        }
    }
    for (int share = 0; share < (size + 1) / 2; ++share) {
        if (has("Starters") && m_random.chance(0.55)) {
            add(dishFrom(QStringLiteral("Starters"), progress));
        }
    }
    if (lines.isEmpty()) { // a menu of other categories: any dish
        const QList<QString> categories = dishes.keys();
        add(dishFrom(m_random.pick(categories), progress));
    }
    return lines.values();
}

QList<std::pair<const Dish*, int>> Writer::takeawayOrder(double progress)
{
    return dinnerFor(m_random.between(1, 3), progress);
}

qint64 Writer::order(Chunk& chunk,
                     const QString& kind,
                     const QString& source,
                     const QString& status,
                     qint64 partyId,
                     qint64 created,
                     qint64 finished,
                     const QList<std::pair<const Dish*, int>>& lines,
                     const QString& customer,
                     bool card)
{
    const qint64 id = nextOrderId++;
    qint64 subtotal = 0;
    int prep = 0;
    for (const auto& [dish, quantity] : lines) {
        CopyWriter::Row(chunk.items)
            .integer(m_restaurantId)
            .integer(id)
            .integer(dish->id)
            .text(dish->name)
            .integer(quantity)
            .integer(dish->priceCents)
            .end();
        subtotal += qint64(dish->priceCents) * quantity;
        prep = std::max(prep, dish->prepMinutes);
        ++chunk.rows;
        ++summary.orderLines;
    }
    const bool preorder = kind == u"preorder";
    const bool delivery = kind == u"delivery";
    // As OrderPricing does: tax rounded half up once per order; pre-orders carry none.
    const qint64 tax = preorder ? 0 : (subtotal * taxBasisPoints + 5000) / 10000;
    const qint64 fee = delivery ? deliveryFeeCents : 0;
    const qint64 total = subtotal + tax + fee;
    const bool cancelled = status == u"cancelled";
    CopyWriter::Row row(chunk.orders);
    row.integer(id).integer(m_restaurantId);
    partyId > 0 ? row.integer(partyId) : row.null();
    row.text(kind).text(status).text(source).text(TokenGenerator::token()).text(TokenGenerator::code(4));
    customer.isEmpty() ? row.null() : row.text(customer);
    (!customer.isEmpty() && kind != u"dine_in" && m_random.chance(0.8)) ? row.text(phone()) : row.null();
    row.integer(subtotal).integer(tax).integer(fee).integer(total);
    preorder ? row.time(finished - 20 * MINUTE_MS) : row.null();
    row.time(created + (prep + 8) * MINUTE_MS).time(created).time(finished);
    cancelled ? row.text(QStringLiteral("Customer called to cancel")) : row.null();
    row.end();
    ++chunk.rows;
    ++summary.orders;

    if (!preorder && kind != u"dine_in") {
        CopyWriter::Row pay(chunk.payments);
        pay.integer(m_restaurantId).integer(id).text(card ? QStringLiteral("card") : QStringLiteral("counter"));
        card ? pay.text(QStringLiteral("offline")).text(QStringLiteral("off_%1").arg(id)) : pay.null().null();
        pay.integer(total)
            .text(cancelled ? (card ? QStringLiteral("refunded") : QStringLiteral("failed"))
                            : QStringLiteral("captured"))
            .text(currency)
            .time(created);
        // Only a refund carries its time.
        (cancelled && card) ? pay.time(finished) : pay.null();
        pay.end();
        ++chunk.rows;
    }
    if (delivery) {
        const double angle = m_random.uniform() * 2 * std::numbers::pi;
        const double km = 0.4 + 3.6 * std::sqrt(m_random.uniform());
        const double lat = latitude + km / 111.0 * std::sin(angle);
        const double lon = longitude + km / (111.0 * std::cos(latitude * std::numbers::pi / 180)) * std::cos(angle);
        const QByteArray address =
            Payload()
                .text("line1", m_random.pick(STREETS) + u' ' + QString::number(m_random.between(1, 120)))
                .text("city", QStringLiteral("Madrid"))
                .text("postcode", QStringLiteral("280%1").arg(m_random.between(10, 55)))
                .done();
        CopyWriter::Row drop(chunk.deliveries);
        drop.integer(m_restaurantId)
            .integer(id)
            .json(address)
            .text(QString::number(lat, 'f', 6))
            .text(QString::number(lon, 'f', 6))
            .text(cancelled ? QStringLiteral("cancelled") : QStringLiteral("delivered"))
            .time(created + 8 * MINUTE_MS)
            .time(created + (prep + 10) * MINUTE_MS);
        cancelled ? drop.null() : drop.time(finished);
        drop.end();
        ++chunk.rows;
    }
    return id;
}

void Writer::rate(Chunk& chunk, qint64 partyId, qint64 orderId, qint64 at, double disappointment, const QString& dish)
{
    const double mean = 4.45 - disappointment;
    const int rating = std::clamp(int(std::lround(m_random.normal(mean, 0.75))), 1, 5);
    QString comment;
    if (m_random.chance(0.35)) {
        const QStringList& bank = rating >= 4 ? PRAISE : (rating == 3 ? MIXED : COMPLAINTS);
        comment = m_random.pick(bank);
        if (comment.contains(u"%1")) {
            comment = comment.arg(dish);
        }
    }
    const qint64 id = nextFeedbackId++;
    CopyWriter::Row row(chunk.feedback);
    row.integer(id).integer(m_restaurantId);
    partyId > 0 ? row.integer(partyId) : row.null();
    orderId > 0 ? row.integer(orderId) : row.null();
    row.integer(rating).text(comment).time(at).end();
    ++chunk.rows;
    ++summary.feedback;
    Payload payload;
    payload.number("feedback_id", id);
    partyId > 0 ? payload.number("party_id", partyId) : payload.number("order_id", orderId);
    event(chunk,
          "feedback.received",
          at,
          payload.number("rating", rating).boolean("has_comment", !comment.isEmpty()).done());
}

// One party at the door: joins, is quoted, waits; walks away, does not come
// when called, or sits down, eats (with a pre-order now and then) and leaves.
void Writer::party(Chunk& chunk, qint64 midnight, double busyness, double progress, int& ordersLeft)
{
    Visit v;
    v.partyId = nextPartyId++;
    const double r = m_random.uniform();
    v.size = r < 0.1 ? 1
        : r < 0.5    ? 2
        : r < 0.64   ? 3
        : r < 0.83   ? 4
        : r < 0.9    ? 5
        : r < 0.95   ? 6
                     : m_random.between(7, 10);
    const qint64 joinMinute = DINING.minute(m_random);
    const double load = busyness * DINING.density(joinMinute / 60.0) / DINING.peakDensity();
    const double sizeFactor = v.size <= 4 ? 1.0 : (v.size <= 6 ? 1.4 : 1.9);
    const double expected = std::max(0.0, 55.0 * (load - 0.5)) * sizeFactor;
    v.joined = midnight + joinMinute * MINUTE_MS + m_random.between(0, 59'999);
    const bool host = m_random.chance(0.4);
    if (expected < 2) {
        v.quoted = 0;
        v.waited = m_random.uniform() * 3;
    } else {
        v.quoted = int(std::lround(expected * std::exp(m_random.normal(0, 0.18))));
        v.waited = std::max(0.0, expected * std::exp(m_random.normal(0, 0.35)) + m_random.normal(0, 2));
    }
    const int low = int(std::floor(v.quoted * 0.75));
    const int high = int(std::ceil(v.quoted * 1.35)) + 2;
    const int ahead = int(std::lround(expected / 6));
    const double walkAway = 0.02 + 0.1 * std::min(1.0, expected / 40);
    const double fate = m_random.uniform();
    if (fate < walkAway) {
        v.status = QStringLiteral("cancelled");
        v.left = v.joined + qint64((5 + m_random.uniform() * std::max(10.0, v.waited)) * MINUTE_MS);
    } else if (fate < walkAway + 0.03) {
        v.status = QStringLiteral("no_show");
        v.notified = v.joined + qint64(v.waited * MINUTE_MS);
        v.left = v.notified + 10 * MINUTE_MS;
    } else {
        v.status = QStringLiteral("done");
        v.seated = v.joined + qint64(v.waited * MINUTE_MS);
        v.notified = v.waited > 4 ? v.seated - m_random.between(1, 4) * MINUTE_MS : v.seated;
        const double turn = (40.0 + 8.0 * std::min(v.size, 8)) * (joinMinute < 17 * 60 ? 0.9 : 1.0)
            * std::exp(m_random.normal(0, 0.22));
        v.left = v.seated + qint64(turn * MINUTE_MS);
    }
    const bool seated = v.seated > 0;
    const Table* table = nullptr;
    if (seated) {
        for (const Table& t : tables) {
            if (t.seats >= v.size) {
                table = &t;
                break;
            }
        }
        if (table == nullptr && !tables.isEmpty()) {
            table = &tables.last(); // combined with others in practice; the biggest stands for them
        }
    }

    CopyWriter::Row row(chunk.parties);
    row.integer(v.partyId).integer(m_restaurantId).text(customerName()).integer(v.size);
    (!host && m_random.chance(0.45)) ? row.text(phone()) : row.null();
    row.text(v.status).integer(v.quoted).integer(low).integer(high);
    table ? row.integer(table->id) : row.null();
    row.text(TokenGenerator::token()).text(TokenGenerator::code(4)).time(v.joined);
    v.notified > 0 ? row.time(v.notified) : row.null();
    v.seated > 0 ? row.time(v.seated) : row.null();
    row.time(v.left).text(host ? QStringLiteral("host") : QStringLiteral("diner")).end();
    ++chunk.rows;
    ++summary.parties;
    CopyWriter::Row(chunk.quotes)
        .integer(m_restaurantId)
        .integer(v.partyId)
        .integer(v.size)
        .integer(ahead)
        .integer(v.quoted)
        .integer(low)
        .integer(high)
        .time(v.joined)
        .end();
    ++chunk.rows;
    if (table) {
        CopyWriter::Row(chunk.partyTables).integer(m_restaurantId).integer(v.partyId).integer(table->id).end();
        ++chunk.rows;
    }

    const bool preorder = seated && !host && v.waited > 5 && ordersLeft > 1 && m_random.chance(0.12);
    event(chunk,
          "party.joined",
          v.joined,
          Payload()
              .number("party_id", v.partyId)
              .number("size", v.size)
              .number("quoted_minutes", v.quoted)
              .number("parties_ahead", ahead)
              .text("source", host ? QStringLiteral("host") : QStringLiteral("diner"))
              .boolean("preorder", preorder)
              .done());
    if (!seated) {
        event(chunk,
              v.status == u"cancelled" ? "party.cancelled" : "party.no_show",
              v.left,
              Payload().number("party_id", v.partyId).done());
        return;
    }
    event(chunk, "party.seated", v.seated, Payload().number("party_id", v.partyId).done());
    event(chunk, "party.done", v.left, Payload().number("party_id", v.partyId).done());

    const auto meal = dinnerFor(v.size, progress);
    const qint64 ordered = v.seated + m_random.between(3, 12) * MINUTE_MS;
    const qint64 dineIn = order(chunk,
                                QStringLiteral("dine_in"),
                                QStringLiteral("counter"),
                                QStringLiteral("served"),
                                v.partyId,
                                ordered,
                                v.left,
                                meal,
                                QString(),
                                false);
    --ordersLeft;
    event(chunk,
          "order.created",
          ordered,
          Payload()
              .number("order_id", dineIn)
              .text("kind", QStringLiteral("dine_in"))
              .text("source", QStringLiteral("counter"))
              .number("items", meal.size())
              .done());
    event(chunk, "order.served", v.left, Payload().number("order_id", dineIn).done());
    if (preorder) {
        const auto lines = takeawayOrder(progress);
        const qint64 held = order(chunk,
                                  QStringLiteral("preorder"),
                                  QStringLiteral("web"),
                                  QStringLiteral("served"),
                                  v.partyId,
                                  v.joined,
                                  v.seated,
                                  lines,
                                  QString(),
                                  false);
        --ordersLeft;
        event(chunk,
              "order.held",
              v.joined,
              Payload()
                  .number("order_id", held)
                  .number("party_id", v.partyId)
                  .text("kind", QStringLiteral("preorder"))
                  .done());
        event(chunk, "order.fired", v.seated - 20 * MINUTE_MS, Payload().number("order_id", held).done());
        event(chunk, "order.served", v.seated, Payload().number("order_id", held).done());
    }
    if (m_random.chance(0.18)) {
        // A wait longer than quoted is what disappoints.
        const double late = std::max(0.0, v.waited - v.quoted - 10) / 15.0;
        rate(chunk,
             v.partyId,
             0,
             v.left + m_random.between(5, 90) * MINUTE_MS,
             std::min(2.0, late * 0.8),
             meal.first().first->name);
    }
}

void Writer::takeaway(Chunk& chunk, qint64 midnight, const QString& kind, const QString& source, double progress)
{
    const qint64 created = midnight + TAKEAWAY.minute(m_random) * MINUTE_MS + m_random.between(0, 59'999);
    const bool cancelled = m_random.chance(0.025);
    const bool delivery = kind == u"delivery";
    const double late = delivery ? std::max(0.0, m_random.normal(0, 12)) : 0.0;
    const qint64 finished = created + qint64(((delivery ? 38 : 20) + late) * MINUTE_MS);
    const QString status = cancelled ? QStringLiteral("cancelled")
                                     : (delivery ? QStringLiteral("delivered") : QStringLiteral("picked_up"));
    const auto lines = takeawayOrder(progress);
    const bool card = m_random.chance(source == u"counter" ? 0.35 : 0.65);
    const qint64 id = order(chunk, kind, source, status, 0, created, finished, lines, customerName(), card);
    event(chunk,
          "order.created",
          created,
          Payload()
              .number("order_id", id)
              .text("kind", kind)
              .text("source", source)
              .number("items", lines.size())
              .text("payment", card ? QStringLiteral("card") : QStringLiteral("counter"))
              .done());
    event(chunk,
          cancelled ? "order.cancelled" : (delivery ? "order.delivered" : "order.picked_up"),
          finished,
          Payload().number("order_id", id).done());
    if (!cancelled && m_random.chance(0.12)) {
        rate(chunk,
             0,
             id,
             finished + m_random.between(10, 120) * MINUTE_MS,
             std::min(1.5, late / 20.0),
             lines.first().first->name);
    }
}

void Writer::day(Chunk& chunk, const QDate& date, int orders, double busyness, double progress)
{
    // Local times of this day: noon's offset holds from the small hours on,
    // when any change to or from summer time has happened.
    const QTimeZone zone(timezone.toUtf8());
    const qint64 noon =
        QDateTime(date, QTime(12, 0), zone.isValid() ? zone : QTimeZone(QTimeZone::UTC)).toMSecsSinceEpoch();
    const qint64 midnight = noon - 12 * 60 * MINUTE_MS;
    const bool weekend = date.dayOfWeek() >= 5;
    const double dineShare = weekend ? 0.6 : 0.52;
    int dineOrders = int(std::lround(orders * dineShare));
    const int delivery = int(std::lround(orders * 0.16));
    const int phone = int(std::lround(orders * 0.07));
    const int takeout = std::max(0, orders - dineOrders - delivery - phone);
    while (dineOrders > 0) {
        party(chunk, midnight, busyness, progress, dineOrders);
    }
    for (int i = 0; i < takeout; ++i) {
        takeaway(chunk,
                 midnight,
                 QStringLiteral("takeout"),
                 m_random.chance(0.65) ? QStringLiteral("web") : QStringLiteral("counter"),
                 progress);
    }
    for (int i = 0; i < delivery; ++i) {
        takeaway(chunk, midnight, QStringLiteral("delivery"), QStringLiteral("web"), progress);
    }
    for (int i = 0; i < phone; ++i) {
        takeaway(chunk,
                 midnight,
                 m_random.chance(0.7) ? QStringLiteral("takeout") : QStringLiteral("delivery"),
                 QStringLiteral("voice"),
                 progress);
    }
}

Result<qint64> scalarInt(QSqlDatabase& db, const QString& sql, const QVariantList& bindings = {})
{
    auto query = Sql::exec(db, sql, bindings);
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(Error::internal(QStringLiteral("no value: %1").arg(sql)));
    }
    return query->value(0).toLongLong();
}

} // namespace

VoidResult HistoryGenerator::validate(const Options& options)
{
    if (options.orders < 1 || options.orders > 20'000'000) {
        return unexpected(Error::invalid(
            QStringLiteral("orders"),
            QCoreApplication::translate("HistoryGenerator", "Generate between 1 and 20,000,000 orders.")));
    }
    if (options.days < 1 || options.days > 3650) {
        return unexpected(
            Error::invalid(QStringLiteral("days"),
                           QCoreApplication::translate("HistoryGenerator", "The history can span 1 to 3,650 days.")));
    }
    return {};
}

Result<HistoryGenerator::Summary> HistoryGenerator::generate(QSqlDatabase& db,
                                                             qint64 restaurantId,
                                                             const Options& options,
                                                             const ProgressCallback& progress)
{
    if (auto valid = validate(options); !valid) {
        return unexpected(valid.error());
    }
    Random random(options.seed);
    Writer writer(restaurantId, random);

    auto restaurant = Sql::exec(
        db, QStringLiteral("SELECT name, timezone, settings::text FROM restaurants WHERE id = ?"), {restaurantId});
    if (!restaurant) {
        return unexpected(restaurant.error());
    }
    if (!restaurant->next()) {
        return unexpected(Error::notFound(QCoreApplication::translate("HistoryGenerator", "No such restaurant.")));
    }
    const RestaurantSettings settings =
        RestaurantSettings::fromJson(restaurant->value(0).toString(),
                                     restaurant->value(1).toString(),
                                     QJsonDocument::fromJson(restaurant->value(2).toString().toUtf8()).object());
    writer.timezone = settings.timezone;
    writer.taxBasisPoints = settings.taxRateBasisPoints;
    writer.deliveryFeeCents = settings.deliveryFeeCents;
    writer.currency = settings.currency;
    writer.latitude = settings.latitude.value_or(writer.latitude);
    writer.longitude = settings.longitude.value_or(writer.longitude);

    auto menu = Sql::exec(db,
                          QStringLiteral("SELECT i.id, i.name, i.price_cents, i.prep_minutes, c.name FROM menu_items i"
                                         " JOIN menu_categories c ON c.id = i.category_id"
                                         " WHERE i.restaurant_id = ? ORDER BY i.id"),
                          {restaurantId});
    if (!menu) {
        return unexpected(menu.error());
    }
    while (menu->next()) {
        Dish dish;
        dish.id = menu->value(0).toLongLong();
        dish.name = menu->value(1).toString();
        dish.priceCents = menu->value(2).toInt();
        dish.prepMinutes = menu->value(3).toInt();
        writer.dishes[menu->value(4).toString()].append(dish);
    }
    if (writer.dishes.isEmpty()) {
        return unexpected(Error::conflict(
            QCoreApplication::translate("HistoryGenerator", "The restaurant has no menu yet to make a history from.")));
    }
    // Popularity: a few favourites per category, a long tail, and some
    // dishes rising or falling over the period so trends show.
    for (QList<Dish>& list : writer.dishes) {
        std::vector<int> ranks(size_t(list.size()));
        std::iota(ranks.begin(), ranks.end(), 1);
        std::shuffle(ranks.begin(), ranks.end(), std::mt19937(options.seed + quint32(list.size())));
        for (qsizetype i = 0; i < list.size(); ++i) {
            list[i].weight = 1.0 / std::pow(double(ranks[size_t(i)]), 0.9);
            list[i].trend = random.chance(0.3) ? random.normal(0, 0.8) : 0.0;
        }
    }
    auto tables =
        Sql::exec(db,
                  QStringLiteral("SELECT id, seats FROM dining_tables WHERE restaurant_id = ? ORDER BY seats, id"),
                  {restaurantId});
    if (!tables) {
        return unexpected(tables.error());
    }
    while (tables->next()) {
        writer.tables.append({tables->value(0).toLongLong(), tables->value(1).toInt()});
    }

    QDate lastDay = options.lastDay;
    if (!lastDay.isValid()) {
        const QTimeZone zone(settings.timezone.toUtf8());
        lastDay = QDateTime::currentDateTime(zone.isValid() ? zone : QTimeZone(QTimeZone::UTC)).date().addDays(-1);
    }
    const QDate firstDay = lastDay.addDays(1 - options.days);

    // Other writers wait until this commits; ids are taken in blocks.
    if (auto locked = Sql::execScript(db,
                                      QStringLiteral("SET LOCAL maitre.bulk_load = 'on';"
                                                     " LOCK TABLE parties, orders, feedback IN EXCLUSIVE MODE;"));
        !locked) {
        return unexpected(locked.error());
    }
    // The rows refer to each other correctly by construction, so, as
    // pg_restore does, a superuser skips the per-row foreign-key triggers
    // (most of a bulk load's time); anyone else loads with them.
    auto superuser = Sql::exec(db, QStringLiteral("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
    if (!superuser) {
        return unexpected(superuser.error());
    }
    if (superuser->next() && superuser->value(0).toBool()) {
        if (auto replica = Sql::exec(db, QStringLiteral("SET LOCAL session_replication_role = replica")); !replica) {
            return unexpected(replica.error());
        }
    }
    const auto firstId = [&db](const char* table) {
        return scalarInt(
            db, QStringLiteral("SELECT nextval(pg_get_serial_sequence('%1', 'id'))").arg(QLatin1String(table)));
    };
    auto partyId = firstId("parties");
    auto orderId = firstId("orders");
    auto feedbackId = firstId("feedback");
    if (!partyId || !orderId || !feedbackId) {
        return unexpected((!partyId ? partyId : (!orderId ? orderId : feedbackId)).error());
    }
    writer.nextPartyId = *partyId;
    writer.nextOrderId = *orderId;
    writer.nextFeedbackId = *feedbackId;

    // How busy each day is: the weekday, the season, a slow growth and some
    // luck; then scaled so the days add up to the orders asked for.
    std::vector<double> weight(size_t(options.days));
    const std::array<double, 8> weekday{0, 0.78, 0.82, 0.9, 1.0, 1.32, 1.45, 1.12};
    double total = 0;
    for (int i = 0; i < options.days; ++i) {
        const QDate d = firstDay.addDays(i);
        const double season = 1 + 0.12 * std::sin(2 * std::numbers::pi * (d.dayOfYear() - 100) / 365.0)
            + ((d.month() == 12 && d.day() >= 15) ? 0.15 : 0.0);
        const double growth = 0.9 + 0.2 * i / std::max(1, options.days - 1);
        weight[size_t(i)] = weekday[size_t(d.dayOfWeek())] * season * growth * std::exp(random.normal(0, 0.08));
        total += weight[size_t(i)];
    }
    const double meanWeight = total / options.days;

    CopyWriter copy(db);
    const QString partyColumns = QStringLiteral(
        "id, restaurant_id, name, size, phone, status, quoted_wait_minutes, quote_low_minutes, quote_high_minutes,"
        " table_id, token, code, joined_at, notified_at, seated_at, left_at, source");
    const auto flush = [&](Chunk& chunk) -> VoidResult {
        const std::initializer_list<std::tuple<const char*, QString, QByteArray*>> tablesInOrder{
            {"parties", partyColumns, &chunk.parties},
            {"party_tables", QStringLiteral("restaurant_id, party_id, table_id"), &chunk.partyTables},
            {"wait_quotes",
             QStringLiteral("restaurant_id, party_id, party_size, parties_ahead, quoted_minutes, low_minutes,"
                            " high_minutes, quoted_at"),
             &chunk.quotes},
            {"orders",
             QStringLiteral("id, restaurant_id, party_id, kind, status, source, token, code, customer_name,"
                            " customer_phone, subtotal_cents, tax_cents, delivery_fee_cents, total_cents, fire_at,"
                            " eta, created_at, updated_at, cancel_reason"),
             &chunk.orders},
            {"order_items",
             QStringLiteral("restaurant_id, order_id, menu_item_id, name, quantity, unit_price_cents"),
             &chunk.items},
            {"payments",
             QStringLiteral("restaurant_id, order_id, method, provider, provider_ref, amount_cents, status, currency,"
                            " created_at, refunded_at"),
             &chunk.payments},
            {"deliveries",
             QStringLiteral("restaurant_id, order_id, address, lat, lon, status, assigned_at, out_at, delivered_at"),
             &chunk.deliveries},
            {"feedback",
             QStringLiteral("id, restaurant_id, party_id, order_id, rating, comment, created_at"),
             &chunk.feedback},
            {"events", QStringLiteral("restaurant_id, type, occurred_at, payload"), &chunk.events}};
        for (const auto& [table, columns, rows] : tablesInOrder) {
            if (auto copied = copy.copy(QLatin1String(table), columns.split(QStringLiteral(", ")), *rows); !copied) {
                return copied;
            }
            rows->clear();
        }
        writer.summary.rows += chunk.rows;
        chunk.rows = 0;
        return {};
    };

    Chunk chunk;
    qint64 ordersLeft = options.orders;
    double weightLeft = total;
    for (int i = 0; i < options.days; ++i) {
        const QDate d = firstDay.addDays(i);
        const double w = weight[size_t(i)];
        // The day's share of what is left, so the total comes out exact.
        const int orders =
            i + 1 == options.days ? int(ordersLeft) : int(std::lround(double(ordersLeft) * w / weightLeft));
        weightLeft -= w;
        const qint64 before = writer.summary.orders;
        writer.day(
            chunk, d, std::max(0, orders), std::min(1.35, w / meanWeight), double(i) / std::max(1, options.days - 1));
        ordersLeft -= writer.summary.orders - before;
        if ((i + 1) % DAYS_PER_CHUNK == 0 || i + 1 == options.days) {
            if (auto flushed = flush(chunk); !flushed) {
                return unexpected(flushed.error());
            }
            if (progress) {
                progress({d,
                          writer.summary.orders,
                          writer.summary.parties,
                          writer.summary.rows,
                          double(i + 1) / options.days});
            }
        }
    }

    // The sequences go past every id taken, then the rollups and the
    // planner's statistics catch up with the new rows.
    QString finish;
    for (const auto& [table, next] : {std::pair{"parties", writer.nextPartyId},
                                      std::pair{"orders", writer.nextOrderId},
                                      std::pair{"feedback", writer.nextFeedbackId}}) {
        finish += QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), %2);")
                      .arg(QLatin1String(table))
                      .arg(std::max<qint64>(next - 1, 1));
    }
    finish += QStringLiteral("SET LOCAL session_replication_role = origin;"
                             " ANALYZE parties, orders, order_items, feedback, events, wait_quotes;");
    if (auto finished = Sql::execScript(db, finish); !finished) {
        return unexpected(finished.error());
    }
    for (const char* rollup :
         {"sales_hourly_rollup", "menu_daily_rollup", "queue_hourly_rollup", "feedback_daily_rollup"}) {
        const QString name = QStringLiteral("analytics.") + QLatin1String(rollup);
        if (auto refreshed = Sql::execScript(db, QStringLiteral("REFRESH MATERIALIZED VIEW %1; ANALYZE %1").arg(name));
            !refreshed) {
            return unexpected(refreshed.error());
        }
    }
    writer.summary.firstDay = firstDay;
    writer.summary.lastDay = lastDay;
    return writer.summary;
}
