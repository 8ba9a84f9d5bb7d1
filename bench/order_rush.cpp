// The rush, proven: the real maitre binary (--headless --demo) on a durable
// throwaway cluster takes a burst of orders over many connections at once —
// card and counter, takeout and delivery, some cards declined, some requests
// retried with the same Idempotency-Key — then every accepted order is read
// back and the database is checked for duplicates and losses. pgbench
// single-row inserts at the same concurrency give the yardstick. See
// bench/README.md.

#include "benchcluster.h"
#include "benchloop.h"
#include "httpbatch.h"
#include "latencystats.h"
#include "pgbenchinserts.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QUrl>
#include <QUrlQuery>
#include <optional>

namespace
{

using BenchLoop::say;

constexpr double GOAL_RATIO = 0.5;
// pgbench shares the cluster's max_connections (60, LocalPostgres) with nothing
// else once maitre has stopped; keep a few for superusers.
constexpr int MAX_PGBENCH_CLIENTS = 50;

// Streets in the offline gazetteer (providers/offlinegeocoder.cpp) near the demo restaurant.
struct Street
{
    const char* name;
    const char* postcode;
    int lastNumber;
};
constexpr Street STREETS[] = {
    {"Calle de Toledo", "28005", 150}, {"Calle Mayor", "28013", 90}, {"Calle de Atocha", "28012", 130}};

QString databaseUrl(const ConnectionSettings& s)
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(s.user);
    url.setHost(QStringLiteral("localhost"));
    url.setPort(s.port);
    url.setPath(u'/' + s.database);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("host"), QString::fromLatin1(QUrl::toPercentEncoding(s.host)));
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

// One order's body: `i` decides card or counter, takeout or delivery, a declined card.
QByteArray orderBody(int i, const QList<qint64>& items)
{
    QJsonObject order;
    const bool delivery = (i / 2) % 2 == 0;
    order[u"kind"] = delivery ? QStringLiteral("delivery") : QStringLiteral("takeout");
    order[u"customer"] = QJsonObject{{QStringLiteral("name"), QStringLiteral("Rush %1").arg(i)},
                                     {QStringLiteral("phone"), QStringLiteral("+34 600 %1").arg(100000 + i)}};
    if (delivery) {
        const Street& street = STREETS[(i / 4) % 3];
        order[u"address"] =
            QJsonObject{{QStringLiteral("line1"),
                         QStringLiteral("%1 %2").arg(QLatin1String(street.name)).arg(1 + i % street.lastNumber)},
                        {QStringLiteral("city"), QStringLiteral("Madrid")},
                        {QStringLiteral("postcode"), QString::fromLatin1(street.postcode)}};
    }
    QJsonArray lines;
    const int count = 1 + i % 3;
    for (int k = 0; k < count && k < items.size(); ++k) {
        lines.append(QJsonObject{{QStringLiteral("menu_item_id"), items.at((i + k) % items.size())},
                                 {QStringLiteral("quantity"), 1 + (i + k) % 2}});
    }
    order[u"items"] = lines;
    if (i % 2 == 0) {
        // One card in five is one of Stripe's always-declined test cards, which
        // the offline provider honours.
        order[u"payment"] =
            QJsonObject{{QStringLiteral("method"), QStringLiteral("card")},
                        {QStringLiteral("token"),
                         i % 10 == 0 ? QStringLiteral("pm_card_visa_chargeDeclined") : QStringLiteral("pm_card_visa")}};
    } else {
        order[u"payment"] = QJsonObject{{QStringLiteral("method"), QStringLiteral("counter")}};
    }
    return QJsonDocument(order).toJson(QJsonDocument::Compact);
}

QString tokenOf(const QByteArray& body)
{
    return QJsonDocument::fromJson(body).object().value(u"token").toString();
}

QString statusText(const QMap<int, int>& statuses)
{
    QStringList parts;
    for (auto it = statuses.cbegin(); it != statuses.cend(); ++it) {
        parts << QStringLiteral("%1×%2").arg(it.key()).arg(it.value());
    }
    return parts.join(u' ');
}

// The real app as a child process, on the bench's cluster.
class MaitreProcess
{
public:
    ~MaitreProcess() { stop(); }

    // Starts it and waits for its diner URL; the port, or nothing (said why).
    std::optional<quint16> start(const QString& program, const QString& databaseUrl)
    {
        if (!m_home.isValid()) {
            say(QStringLiteral("[orders] cannot create a home directory for maitre"));
            return std::nullopt;
        }
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // A home of its own: no settings, keychain or data of the user's.
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(program,
                        {QStringLiteral("--headless"),
                         QStringLiteral("--demo"),
                         QStringLiteral("--port"),
                         QStringLiteral("0"),
                         QStringLiteral("--bind"),
                         QStringLiteral("127.0.0.1"),
                         QStringLiteral("--data-dir"),
                         m_home.filePath(QStringLiteral("maitre")),
                         QStringLiteral("--database-url"),
                         databaseUrl});
        if (!m_process.waitForStarted(10'000)) {
            say(QStringLiteral("[orders] cannot start %1: %2").arg(program, m_process.errorString()));
            return std::nullopt;
        }
        static const QRegularExpression served(QStringLiteral("http://\\S+:(\\d+)/"));
        std::optional<quint16> port;
        QByteArray out;
        BenchLoop::waitFor(
            [&] {
                out += m_process.readAllStandardOutput();
                const auto match = served.match(QString::fromUtf8(out));
                if (match.hasMatch()) {
                    port = quint16(match.captured(1).toUInt());
                }
                return port.has_value() || m_process.state() == QProcess::NotRunning;
            },
            60'000);
        if (!port) {
            say(QStringLiteral("[orders] maitre did not say where it serves: %1 %2")
                    .arg(QString::fromUtf8(out), QString::fromUtf8(m_process.readAllStandardError())));
        }
        return port;
    }

    // Its standard error so far (warnings, for the report).
    QString errors() { return QString::fromUtf8(m_process.readAllStandardError()).trimmed(); }

    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(20'000)) {
                m_process.kill();
                m_process.waitForFinished(5'000);
            }
        }
    }

private:
    QTemporaryDir m_home{QDir::tempPath() + QStringLiteral("/maitre-rush-home-XXXXXX")};
    QProcess m_process;
};

// One request over one connection, for setup.
HttpBatch::Answer fetch(quint16 port, const QByteArray& path)
{
    HttpBatch batch({.port = port, .connections = 1, .ownSourceAddresses = false, .timeoutMs = 10'000});
    HttpBatch::Request request;
    request.path = path;
    return batch.run({request}).front();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The rush, proven: a burst of orders at the real maitre binary, read back and counted."));
    parser.addHelpOption();
    const QCommandLineOption ordersOption(QStringLiteral("orders"),
                                          QStringLiteral("Orders in the burst (default 500)."),
                                          QStringLiteral("N"),
                                          QStringLiteral("500"));
    const QCommandLineOption connectionsOption(QStringLiteral("connections"),
                                               QStringLiteral("Concurrent connections (default 50)."),
                                               QStringLiteral("N"),
                                               QStringLiteral("50"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
                                           QStringLiteral("Duration of the pgbench run (default 10)."),
                                           QStringLiteral("S"),
                                           QStringLiteral("10"));
    const QCommandLineOption maitreOption(QStringLiteral("maitre"),
                                          QStringLiteral("The maitre binary (default: ../app/maitre from here)."),
                                          QStringLiteral("PATH"));
    parser.addOptions({ordersOption, connectionsOption, secondsOption, maitreOption});
    parser.process(app);
    const int orders = std::max(1, parser.value(ordersOption).toInt());
    const int connections = std::clamp(parser.value(connectionsOption).toInt(), 1, 1000);
    const int seconds = std::max(1, parser.value(secondsOption).toInt());
    const QString maitre = parser.isSet(maitreOption)
        ? parser.value(maitreOption)
        : QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../app/maitre"));

    say(QStringLiteral("[orders] starting a durable PostgreSQL cluster (fsync and synchronous_commit on)"));
    BenchCluster cluster(true);
    if (const QString error = cluster.start(); !error.isEmpty()) {
        say(QStringLiteral("[orders] cannot start PostgreSQL: %1").arg(error));
        return 1;
    }
    const ConnectionSettings db = cluster.settings();

    say(QStringLiteral("[orders] starting %1 --headless --demo --port 0 on that cluster").arg(QDir::cleanPath(maitre)));
    MaitreProcess process;
    const auto port = process.start(maitre, databaseUrl(db));
    if (!port) {
        say(QStringLiteral("GOAL|orders: the rush|maitre did not start|>= 0.5x pgbench|FAILED"));
        return 1;
    }
    // Ready to take orders once an unknown order link is a 404 (not a 503).
    const bool ready =
        BenchLoop::waitFor([&] { return fetch(*port, "/api/v1/orders/zzzzzzzzzzzzzzzz").status == 404; }, 30'000);
    const HttpBatch::Answer menu = fetch(*port, "/api/v1/menu");
    QList<qint64> items;
    for (const QJsonValue category : QJsonDocument::fromJson(menu.body).object().value(u"categories").toArray()) {
        for (const QJsonValue item : category.toObject().value(u"items").toArray()) {
            items << item.toObject().value(u"id").toInteger();
        }
    }
    if (!ready || items.isEmpty()) {
        say(QStringLiteral("[orders] maitre on port %1 is not taking orders (menu: %2 %3)")
                .arg(*port)
                .arg(menu.status)
                .arg(QString::fromUtf8(menu.body.left(300))));
        say(QStringLiteral("GOAL|orders: the rush|maitre took no orders|>= 0.5x pgbench|FAILED"));
        return 1;
    }
    say(QStringLiteral("[orders] maitre serves on port %1; %2 dishes on the menu").arg(*port).arg(items.size()));

    // The burst: every order once; one in ten sent twice with the same key and
    // body (declined cards, approved cards and counter orders alike), half of
    // those right behind the first (so on another connection
    // while the first is in flight), half at the end (after it was answered).
    struct Sent
    {
        int order;
        bool retry;
    };
    std::vector<HttpBatch::Request> requests;
    std::vector<Sent> sent;
    std::vector<HttpBatch::Request> late;
    std::vector<Sent> lateSent;
    for (int i = 0; i < orders; ++i) {
        HttpBatch::Request r{.method = "POST",
                             .path = "/api/v1/orders",
                             .headers = {{"Idempotency-Key", "rush-" + QByteArray::number(i)}},
                             .body = orderBody(i, items)};
        requests.push_back(r);
        sent.push_back({i, false});
        // Retried: in turn a declined card, an approved card and a counter order.
        static constexpr int RETRIED[] = {0, 4, 5};
        if (i % 10 == RETRIED[(i / 10) % 3]) {
            if ((i / 10) % 2 == 0) {
                requests.push_back(r);
                sent.push_back({i, true});
            } else {
                late.push_back(r);
                lateSent.push_back({i, true});
            }
        }
    }
    requests.insert(requests.end(), late.begin(), late.end());
    sent.insert(sent.end(), lateSent.begin(), lateSent.end());
    const qsizetype retries = qsizetype(sent.size()) - orders;

    say(QStringLiteral("[orders] burst: %1 orders + %2 retries (same Idempotency-Key and body) = %3 POST "
                       "/api/v1/orders over %4 keep-alive connections at once, each from its own 127.0.0.x (as %4 "
                       "phones: the diner write limit is per address); each connection sends its next request as "
                       "soon as its answer is in")
            .arg(orders)
            .arg(retries)
            .arg(requests.size())
            .arg(connections));
    say(QStringLiteral("[orders] mix: 1/2 card (pm_card_visa; 1 card in 5 pm_card_visa_chargeDeclined), 1/2 pay at "
                       "the counter; 1/2 takeout, 1/2 delivery to the offline gazetteer's streets"));
    HttpBatch burst({.port = *port, .connections = connections, .ownSourceAddresses = true, .timeoutMs = 180'000});
    const std::vector<HttpBatch::Answer> answers = burst.run(requests);
    const double burstSeconds = burst.elapsedSeconds();

    LatencyStats latency;
    QMap<int, int> statuses;
    QHash<int, QString> firstToken; // order → token of its first 2xx
    QMap<QString, int> rejections; // a sample of why
    QHash<int, int> firstStatus; // order → status of its first send (which comes first in the list)
    QMap<int, int> retryStatuses;
    int retryDiffers = 0;
    int accepted = 0, declined = 0, rejected = 0, other = 0, unanswered = 0, retryMismatch = 0;
    for (size_t k = 0; k < answers.size(); ++k) {
        const HttpBatch::Answer& a = answers[k];
        ++statuses[a.status];
        if (sent[k].retry) {
            retryStatuses[a.status] += 1;
            retryDiffers += a.status != firstStatus.value(sent[k].order) ? 1 : 0;
        } else {
            firstStatus.insert(sent[k].order, a.status);
        }
        if (a.status == 0) {
            ++unanswered;
            continue;
        }
        latency.add(a.latencyUs);
        if (a.status >= 200 && a.status < 300) {
            const QString token = tokenOf(a.body);
            const int order = sent[k].order;
            if (!firstToken.contains(order)) {
                firstToken.insert(order, token);
            } else if (firstToken.value(order) != token) {
                ++retryMismatch;
            }
            if (!sent[k].retry) {
                ++accepted;
            }
        } else if (a.status == 402) {
            declined += sent[k].retry ? 0 : 1;
        } else if (a.status >= 400 && a.status < 500) {
            rejected += sent[k].retry ? 0 : 1;
            const QJsonObject problem = QJsonDocument::fromJson(a.body).object();
            ++rejections[QStringLiteral("%1 %2").arg(a.status).arg(
                problem.value(u"detail").toString(problem.value(u"title").toString()))];
        } else {
            other += sent[k].retry ? 0 : 1;
        }
    }
    const double ordersPerSecond = burstSeconds > 0 ? double(answers.size() - size_t(unanswered)) / burstSeconds : 0.0;
    say(QStringLiteral("[orders] burst answered in %1 s: %2").arg(burstSeconds, 0, 'f', 2).arg(statusText(statuses)));
    say(QStringLiteral("[orders] first sends: accepted (2xx) %1, declined (402) %2, rejected (other 4xx) %3, other %4")
            .arg(accepted)
            .arg(declined)
            .arg(rejected)
            .arg(other));
    say(QStringLiteral("[orders] retries: %1; answered otherwise than their first send: %2")
            .arg(statusText(retryStatuses))
            .arg(retryDiffers));
    for (auto it = rejections.cbegin(); it != rejections.cend(); ++it) {
        say(QStringLiteral("[orders]   rejected ×%1: %2").arg(it.value()).arg(it.key()));
    }
    say(QStringLiteral("[orders] latency (every POST, retries included): %1").arg(latency.summary()));
    say(QStringLiteral("[orders] throughput: %1 POSTs answered per second (%2 answers / %3 s, first send to last "
                       "answer)")
            .arg(ordersPerSecond, 0, 'f', 1)
            .arg(answers.size() - size_t(unanswered))
            .arg(burstSeconds, 0, 'f', 2));

    // Read every accepted order back through the diner API.
    std::vector<HttpBatch::Request> reads;
    QList<QString> tokens;
    for (auto it = firstToken.cbegin(); it != firstToken.cend(); ++it) {
        tokens << it.value();
        HttpBatch::Request read;
        read.path = "/api/v1/orders/" + it.value().toLatin1();
        reads.push_back(read);
    }
    HttpBatch readBack({.port = *port, .connections = connections, .ownSourceAddresses = true, .timeoutMs = 120'000});
    const std::vector<HttpBatch::Answer> readAnswers = readBack.run(reads);
    int lost = 0;
    for (size_t k = 0; k < readAnswers.size(); ++k) {
        if (readAnswers[k].status != 200 || tokenOf(readAnswers[k].body) != tokens.at(qsizetype(k))) {
            ++lost;
        }
    }
    process.stop();
    const QString appErrors = process.errors();
    if (!appErrors.isEmpty()) {
        say(QStringLiteral("[orders] maitre's standard error (last lines): %1").arg(appErrors.right(600)));
    }

    // The database's view: one row per key, as many rows as accepted orders.
    const qint64 rows =
        PgbenchInserts::scalar(db, QStringLiteral("SELECT count(*) FROM orders WHERE idempotency_key LIKE 'rush-%'"))
            .toLongLong();
    const qint64 keysTwice = PgbenchInserts::scalar(db,
                                                    QStringLiteral("SELECT count(*) FROM (SELECT idempotency_key FROM "
                                                                   "orders WHERE idempotency_key LIKE 'rush-%' GROUP "
                                                                   "BY idempotency_key HAVING count(*) > 1) d"))
                                 .toLongLong();
    const qint64 charges =
        PgbenchInserts::scalar(db,
                               QStringLiteral("SELECT count(*) FROM payments p JOIN orders o ON o.id = p.order_id "
                                              "WHERE o.idempotency_key LIKE 'rush-%' AND p.method = 'card'"))
            .toLongLong();
    const int duplicates = int(keysTwice) + retryMismatch;
    say(QStringLiteral("[orders] read back: %1 accepted orders, %2 lost (a 2xx not readable with GET "
                       "/api/v1/orders/{token} afterwards)")
            .arg(readAnswers.size())
            .arg(lost));
    say(QStringLiteral("[orders] database: %1 order rows for %2 accepted orders; %3 keys with two rows; %4 retries "
                       "answered with another token; duplicates %5; card payment rows %6")
            .arg(rows)
            .arg(firstToken.size())
            .arg(keysTwice)
            .arg(retryMismatch)
            .arg(duplicates)
            .arg(charges));
    say(QStringLiteral("[orders] voice webhooks: not sent — the headless app reads the webhook secret only from the "
                       "keychain (SecretStore), which this bench cannot fill; the webhook would answer 503"));

    const int pgClients = std::min(connections, MAX_PGBENCH_CLIENTS);
    say(QStringLiteral("[orders] pgbench: INSERT INTO bench_rows (v) VALUES (random()), -c %1 -j 2 -T %2, same "
                       "cluster over its Unix socket%3")
            .arg(pgClients)
            .arg(seconds)
            .arg(pgClients < connections ? QStringLiteral(" (capped: the cluster allows 60 connections)") : QString()));
    const PgbenchInserts::Outcome pg = PgbenchInserts::run(cluster, pgClients, seconds);
    say(QStringLiteral("[orders] for reference, the seed system: 50 orders in 1.87 s, 0.94 s average latency"));
    if (!pg.error.isEmpty()) {
        say(QStringLiteral("[orders] %1").arg(pg.error));
        say(QStringLiteral("GOAL|orders: the rush|pgbench did not run|>= 0.5x pgbench|UNKNOWN"));
        return 1;
    }
    say(QStringLiteral("[orders] pgbench: %1 tps  latency %2").arg(pg.tps, 0, 'f', 1).arg(pg.latency.summary()));
    const double ratio = pg.tps > 0 ? ordersPerSecond / pg.tps : 0.0;
    const bool sound =
        duplicates == 0 && retryDiffers == 0 && lost == 0 && unanswered == 0 && qsizetype(rows) == firstToken.size();
    const bool met = ratio >= GOAL_RATIO && sound;
    say(QStringLiteral("[orders] maitre/pgbench = %1×  (goal ≥ %2× with no duplicate and no loss: %3)")
            .arg(ratio, 0, 'f', 3)
            .arg(GOAL_RATIO)
            .arg(met ? QStringLiteral("met") : QStringLiteral("NOT met")));
    say(QStringLiteral("GOAL|orders: %1 orders + %2 retries, %3 connections|maitre %4 orders/s (p50 %5 ms, p99 %6 "
                       "ms; %7 accepted, %8 declined, %9 rejected, %10 duplicates, %11 lost) vs pgbench %12 tps = "
                       "%13x|>= 0.5x pgbench|%14")
            .arg(orders)
            .arg(retries)
            .arg(connections)
            .arg(ordersPerSecond, 0, 'f', 1)
            .arg(latency.percentileMs(50), 0, 'f', 1)
            .arg(latency.percentileMs(99), 0, 'f', 1)
            .arg(accepted)
            .arg(declined)
            .arg(rejected)
            .arg(duplicates)
            .arg(lost)
            .arg(pg.tps, 0, 'f', 1)
            .arg(ratio, 0, 'f', 3)
            .arg(met ? QStringLiteral("met") : QStringLiteral("NOT MET")));
    return 0;
}
