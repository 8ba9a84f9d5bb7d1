#include "dinerserver.h"
#include "httpclient.h"
#include "kitchenservice.h"
#include "menuservice.h"
#include "queueservice.h"
#include "store/store.h"
#include "testdatabase.h"
#include "tokengenerator.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

// The diner API over a real socket, on the demo restaurant in a real database.
class TestQueueApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void restaurantAndMenu();
    void menuHasAStrongEtag();
    void waitQuote();
    void waitFollowsTheQueueThroughEvents();
    void joinWithPreorder();
    void joinRejectsBadInput_data();
    void joinRejectsBadInput();
    void malformedAndOversizeBodies();
    void idempotentRetry();
    void statusAndLeaving();
    void rateLimitedWrites();
    void concurrentJoinsGetUniquePlaces();
    void webSocketSnapshotAndPush();
    void webSocketUnknownToken();
    void kitchenReadyReachesTheDiner();
    void statusPushesNeverGoBackwards();

private:
    void startServer(int burst = 1000, int perMinute = 1000);
    QJsonObject joinBody(const QString& name, int size, const QJsonArray& items = {}) const;
    qint64 itemId(const QString& name);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<MenuService> m_menu;
    std::unique_ptr<QueueService> m_queue;
    std::unique_ptr<DinerServer> m_server;
    std::unique_ptr<HttpClient> m_http;
    qint64 m_restaurantId = 0;
};

void TestQueueApi::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurantId = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 4);
    m_menu = std::make_unique<MenuService>(*m_store);
    m_queue = std::make_unique<QueueService>(*m_store);
    startServer();
}

void TestQueueApi::startServer(int burst, int perMinute)
{
    m_server = std::make_unique<DinerServer>(*m_store, *m_menu, *m_queue);
    m_server->setRestaurantId(m_restaurantId);
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.writeBurst = burst;
    options.writesPerMinute = perMinute;
    const auto port = m_server->listen(options);
    QVERIFY(port);
    m_http = std::make_unique<HttpClient>(*port);
}

void TestQueueApi::cleanup()
{
    m_http.reset();
    m_server.reset();
    m_queue.reset();
    m_menu.reset();
    m_store.reset();
    m_db.reset();
}

QJsonObject TestQueueApi::joinBody(const QString& name, int size, const QJsonArray& items) const
{
    QJsonObject body{{QStringLiteral("name"), name}, {QStringLiteral("party_size"), size}};
    if (!items.isEmpty()) {
        body.insert(QStringLiteral("items"), items);
    }
    return body;
}

qint64 TestQueueApi::itemId(const QString& name)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE name = ?"), {name}).toLongLong();
}

void TestQueueApi::restaurantAndMenu()
{
    const auto restaurant = m_http->get(QStringLiteral("/api/v1/restaurant"));
    QCOMPARE(restaurant.status, 200);
    QCOMPARE(restaurant.json().value(QStringLiteral("name")).toString(), QStringLiteral("Trattoria Demo"));
    QCOMPARE(restaurant.json().value(QStringLiteral("currency")).toString(), QStringLiteral("EUR"));
    QCOMPARE(restaurant.json().value(QStringLiteral("tables")).toObject().value(QStringLiteral("total")).toInt(),
             m_db->scalar(QStringLiteral("SELECT count(*) FROM dining_tables")).toInt());

    const auto menu = m_http->get(QStringLiteral("/api/v1/menu"));
    QCOMPARE(menu.status, 200);
    const QJsonArray categories = menu.json().value(QStringLiteral("categories")).toArray();
    QVERIFY(categories.size() >= 4);
    const QJsonObject first = categories.at(0).toObject().value(QStringLiteral("items")).toArray().at(0).toObject();
    for (const char* key :
         {"id", "name", "description", "price_cents", "prep_minutes", "station", "tags", "available"}) {
        QVERIFY2(first.contains(QLatin1String(key)), key);
    }
}

void TestQueueApi::menuHasAStrongEtag()
{
    const auto menu = m_http->get(QStringLiteral("/api/v1/menu"));
    const QByteArray etag = menu.header("etag");
    QVERIFY(etag.startsWith('"') && !etag.startsWith("W/"));
    const auto again = m_http->get(QStringLiteral("/api/v1/menu"), {{"If-None-Match", etag}});
    QCOMPARE(again.status, 304);
    QVERIFY(again.body.isEmpty());
    const auto stale = m_http->get(QStringLiteral("/api/v1/menu"), {{"If-None-Match", "\"something-else\""}});
    QCOMPARE(stale.status, 200);
    QCOMPARE(stale.header("etag"), etag);
}

void TestQueueApi::waitQuote()
{
    const auto wait = m_http->get(QStringLiteral("/api/v1/wait?party_size=2"));
    QCOMPARE(wait.status, 200);
    QCOMPARE(wait.json().value(QStringLiteral("party_size")).toInt(), 2);
    QCOMPARE(wait.json().value(QStringLiteral("parties_ahead")).toInt(), 0);
    QCOMPARE(wait.json().value(QStringLiteral("quoted_minutes")).toInt(), 0); // everything is free
    QVERIFY(wait.json().value(QStringLiteral("range")).isObject());
    QVERIFY(wait.json().value(QStringLiteral("can_seat")).toBool());
    for (const QString& bad : {QStringLiteral("0"), QStringLiteral("21"), QStringLiteral("two"), QString()}) {
        const auto reply = m_http->get(QStringLiteral("/api/v1/wait?party_size=") + bad);
        QCOMPARE(reply.status, 422);
        QVERIFY(reply.isProblem());
        QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), QStringLiteral("party_size"));
    }
}

void TestQueueApi::joinWithPreorder()
{
    const qint64 burrata = itemId(QStringLiteral("Burrata"));
    const qint64 bistecca = itemId(QStringLiteral("Bistecca alla griglia"));
    // Whatever price a client sends is ignored.
    const QJsonArray items{QJsonObject{{QStringLiteral("menu_item_id"), burrata},
                                       {QStringLiteral("quantity"), 2},
                                       {QStringLiteral("price_cents"), 1}},
                           QJsonObject{{QStringLiteral("menu_item_id"), bistecca},
                                       {QStringLiteral("quantity"), 1},
                                       {QStringLiteral("note"), QStringLiteral("medium rare")}}};
    const auto joined = m_http->post(QStringLiteral("/api/v1/queue"), joinBody(QStringLiteral("Ana"), 2, items));
    QVERIFY2(joined.status == 201, joined.body.constData());
    const QJsonObject party = joined.json();
    const QString token = party.value(QStringLiteral("token")).toString();
    QVERIFY(token.size() >= 22);
    QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]+$")).match(token).hasMatch());
    const QString code = party.value(QStringLiteral("code")).toString();
    QVERIFY(code.size() >= 4 && code.size() <= 6);
    for (QChar c : code) {
        QVERIFY2(TokenGenerator::codeAlphabet().contains(c), qPrintable(code));
    }
    QCOMPARE(party.value(QStringLiteral("status")).toString(), QStringLiteral("waiting"));
    QCOMPARE(party.value(QStringLiteral("position")).toInt(), 1);
    QVERIFY(party.contains(QStringLiteral("quoted_minutes")));
    const QJsonObject preorder = party.value(QStringLiteral("preorder")).toObject();
    QCOMPARE(preorder.value(QStringLiteral("status")).toString(), QStringLiteral("held"));
    const int burrataPrice =
        m_db->scalar(QStringLiteral("SELECT price_cents FROM menu_items WHERE id = ?"), {burrata}).toInt();
    const int bisteccaPrice =
        m_db->scalar(QStringLiteral("SELECT price_cents FROM menu_items WHERE id = ?"), {bistecca}).toInt();
    QCOMPARE(preorder.value(QStringLiteral("subtotal_cents")).toInt(), 2 * burrataPrice + bisteccaPrice);
    QCOMPARE(preorder.value(QStringLiteral("items"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("unit_price_cents"))
                 .toInt(),
             burrataPrice);
    QCOMPARE(
        preorder.value(QStringLiteral("items")).toArray().at(1).toObject().value(QStringLiteral("note")).toString(),
        QStringLiteral("medium rare"));

    // Committed before it was acknowledged: the rows and the events are there.
    QCOMPARE(m_db->scalar(QStringLiteral(
                              "SELECT status FROM orders WHERE party_id = (SELECT id FROM parties WHERE token = ?)"),
                          {token})
                 .toString(),
             QStringLiteral("held"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM events WHERE type IN ('party.joined', 'order.held')"))
                 .toInt(),
             2);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM wait_quotes")).toInt(), 1);

    const auto second = m_http->post(QStringLiteral("/api/v1/queue"), joinBody(QStringLiteral("Ben"), 4));
    QCOMPARE(second.status, 201);
    QCOMPARE(second.json().value(QStringLiteral("position")).toInt(), 2);
    QCOMPARE(second.json().value(QStringLiteral("parties_ahead")).toInt(), 1);
    QVERIFY(second.json().value(QStringLiteral("preorder")).isNull());
}

void TestQueueApi::joinRejectsBadInput_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("empty name") << QByteArray(R"({"name": "  ", "party_size": 2})") << "name";
    QTest::newRow("missing name") << QByteArray(R"({"party_size": 2})") << "name";
    QTest::newRow("name not text") << QByteArray(R"({"name": 5, "party_size": 2})") << "name";
    QTest::newRow("size 0") << QByteArray(R"({"name": "Ana", "party_size": 0})") << "party_size";
    QTest::newRow("size 21") << QByteArray(R"({"name": "Ana", "party_size": 21})") << "party_size";
    QTest::newRow("size fractional") << QByteArray(R"({"name": "Ana", "party_size": 2.5})") << "party_size";
    QTest::newRow("bad phone") << QByteArray(R"({"name": "Ana", "party_size": 2, "phone": "call me"})") << "phone";
    QTest::newRow("items not list") << QByteArray(R"({"name": "Ana", "party_size": 2, "items": {}})") << "items";
    QTest::newRow("quantity 0") << QByteArray(
        R"({"name": "Ana", "party_size": 2, "items": [{"menu_item_id": 1, "quantity": 0}]})")
                                << "items[0].quantity";
    QTest::newRow("unknown item") << QByteArray(
        R"({"name": "Ana", "party_size": 2, "items": [{"menu_item_id": 999999, "quantity": 1}]})")
                                  << "items[0].menu_item_id";
}

void TestQueueApi::joinRejectsBadInput()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    const auto reply = m_http->request("POST", QStringLiteral("/api/v1/queue"), body);
    QCOMPARE(reply.status, 422);
    QVERIFY(reply.isProblem());
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), field);
    // Changes nothing.
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM parties")).toInt(), 0);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM events WHERE type LIKE 'party.%'")).toInt(), 0);
}

void TestQueueApi::malformedAndOversizeBodies()
{
    const auto malformed = m_http->request("POST", QStringLiteral("/api/v1/queue"), "{\"name\": ");
    QCOMPARE(malformed.status, 400);
    QVERIFY(malformed.isProblem());
    const auto notObject = m_http->request("POST", QStringLiteral("/api/v1/queue"), "[1, 2]");
    QCOMPARE(notObject.status, 400);
    const QByteArray huge = "{\"name\": \"" + QByteArray(70 * 1024, 'a') + "\", \"party_size\": 2}";
    const auto oversize = m_http->request("POST", QStringLiteral("/api/v1/queue"), huge);
    QCOMPARE(oversize.status, 413);
    QVERIFY(oversize.isProblem());

    // An item that is 86'd cannot be pre-ordered.
    const qint64 tiramisu = itemId(QStringLiteral("Tiramisù"));
    QVERIFY(m_db->exec(QStringLiteral("UPDATE menu_items SET available = false WHERE id = ?"), {tiramisu}));
    const auto unavailable = m_http->post(
        QStringLiteral("/api/v1/queue"),
        joinBody(QStringLiteral("Ana"),
                 2,
                 {QJsonObject{{QStringLiteral("menu_item_id"), tiramisu}, {QStringLiteral("quantity"), 1}}}));
    QCOMPARE(unavailable.status, 422);
    QCOMPARE(unavailable.json().value(QStringLiteral("field")).toString(), QStringLiteral("items[0].menu_item_id"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM parties")).toInt(), 0);
}

void TestQueueApi::idempotentRetry()
{
    const QJsonObject body = joinBody(QStringLiteral("Carla"), 3);
    const auto first = m_http->post(QStringLiteral("/api/v1/queue"), body, {{"Idempotency-Key", "join-123"}});
    QCOMPARE(first.status, 201);
    const auto retry = m_http->post(QStringLiteral("/api/v1/queue"), body, {{"Idempotency-Key", "join-123"}});
    QCOMPARE(retry.status, 201);
    QCOMPARE(retry.json().value(QStringLiteral("token")), first.json().value(QStringLiteral("token")));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM parties")).toInt(), 1);
    const auto other = m_http->post(
        QStringLiteral("/api/v1/queue"), joinBody(QStringLiteral("Dario"), 2), {{"Idempotency-Key", "join-123"}});
    QCOMPARE(other.status, 422);
    QCOMPARE(other.json().value(QStringLiteral("field")).toString(), QStringLiteral("Idempotency-Key"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM parties")).toInt(), 1);
}

void TestQueueApi::statusAndLeaving()
{
    const auto a = m_http->post(QStringLiteral("/api/v1/queue"), joinBody(QStringLiteral("Ana"), 2));
    const auto b = m_http->post(QStringLiteral("/api/v1/queue"), joinBody(QStringLiteral("Ben"), 2));
    const QString tokenA = a.json().value(QStringLiteral("token")).toString();
    const QString tokenB = b.json().value(QStringLiteral("token")).toString();
    const auto status = m_http->get(QStringLiteral("/api/v1/queue/") + tokenB);
    QCOMPARE(status.status, 200);
    QCOMPARE(status.json().value(QStringLiteral("position")).toInt(), 2);

    const auto left = m_http->request("DELETE", QStringLiteral("/api/v1/queue/") + tokenA);
    QCOMPARE(left.status, 200);
    QCOMPARE(left.json().value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
    QVERIFY(left.json().value(QStringLiteral("position")).isNull());
    // Positions stay dense.
    QCOMPARE(m_http->get(QStringLiteral("/api/v1/queue/") + tokenB).json().value(QStringLiteral("position")).toInt(),
             1);
    const auto again = m_http->request("DELETE", QStringLiteral("/api/v1/queue/") + tokenA);
    QCOMPARE(again.status, 409);
    QVERIFY(again.isProblem());

    for (const QString& unknown : {TokenGenerator::token(), QStringLiteral("short"), QStringLiteral("../../etc")}) {
        const auto missing = m_http->get(QStringLiteral("/api/v1/queue/") + unknown);
        QCOMPARE(missing.status, 404);
        QVERIFY(missing.isProblem());
    }
}

void TestQueueApi::rateLimitedWrites()
{
    startServer(3, 1);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/queue"), joinBody(QStringLiteral("P%1").arg(i), 2)).status, 201);
    }
    const auto limited = m_http->post(QStringLiteral("/api/v1/queue"), joinBody(QStringLiteral("P4"), 2));
    QCOMPARE(limited.status, 429);
    QVERIFY(limited.isProblem());
    QVERIFY(limited.header("retry-after").toInt() >= 1);
    // Reads are not limited.
    QCOMPARE(m_http->get(QStringLiteral("/api/v1/wait?party_size=2")).status, 200);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM parties")).toInt(), 3);
}

void TestQueueApi::concurrentJoinsGetUniquePlaces()
{
    constexpr int JOINS = 200;
    QList<QNetworkReply*> replies;
    for (int i = 0; i < JOINS; ++i) {
        replies << m_http->start("POST",
                                 QStringLiteral("/api/v1/queue"),
                                 QJsonDocument(joinBody(QStringLiteral("Guest %1").arg(i), 1 + i % 6)).toJson(),
                                 {{"Idempotency-Key", QByteArray::number(i)}});
    }
    QSet<QString> tokens;
    QSet<QString> codes;
    QSet<int> positions;
    int accepted = 0;
    for (QNetworkReply* reply : replies) {
        const auto r = HttpClient::collect(reply);
        QVERIFY2(r.status == 201 || r.status == 429,
                 qPrintable(QStringLiteral("%1 %2").arg(r.status).arg(QString::fromUtf8(r.body))));
        if (r.status == 201) {
            ++accepted;
            tokens.insert(r.json().value(QStringLiteral("token")).toString());
            codes.insert(r.json().value(QStringLiteral("code")).toString());
            positions.insert(r.json().value(QStringLiteral("position")).toInt());
        }
    }
    QCOMPARE(accepted, JOINS);
    QCOMPARE(tokens.size(), JOINS);
    QCOMPARE(codes.size(), JOINS);
    QCOMPARE(positions.size(), JOINS);
    QCOMPARE(*std::min_element(positions.begin(), positions.end()), 1);
    QCOMPARE(*std::max_element(positions.begin(), positions.end()), JOINS);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM parties")).toInt(), JOINS);
}

void TestQueueApi::webSocketSnapshotAndPush()
{
    const auto joined = m_http->post(QStringLiteral("/api/v1/queue"), joinBody(QStringLiteral("Ana"), 2));
    const QString token = joined.json().value(QStringLiteral("token")).toString();
    QWebSocket ws;
    QSignalSpy messages(&ws, &QWebSocket::textMessageReceived);
    ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?token=%2").arg(m_server->port()).arg(token)));
    QVERIFY(messages.wait(5000));
    const QJsonObject snapshot = QJsonDocument::fromJson(messages.at(0).at(0).toString().toUtf8()).object();
    QCOMPARE(snapshot.value(QStringLiteral("type")).toString(), QStringLiteral("snapshot"));
    QCOMPARE(snapshot.value(QStringLiteral("party")).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("waiting"));
    const int firstSeq = snapshot.value(QStringLiteral("seq")).toInt();

    // The host notifies through the service; the change arrives as a domain event.
    const qint64 partyId = m_db->scalar(QStringLiteral("SELECT id FROM parties WHERE token = ?"), {token}).toLongLong();
    const auto notified = awaitFuture(m_queue->notify(m_restaurantId, Actor::system(), partyId));
    QVERIFY(notified);
    DomainEvent event;
    event.id = 1;
    event.restaurantId = m_restaurantId;
    event.type = QStringLiteral("party.notified");
    event.payload = {{QStringLiteral("party_id"), partyId}};
    m_server->handleEvent(event);
    QTRY_VERIFY(messages.count() >= 2);
    const QJsonObject update = QJsonDocument::fromJson(messages.last().at(0).toString().toUtf8()).object();
    QCOMPARE(update.value(QStringLiteral("type")).toString(), QStringLiteral("update"));
    QVERIFY(update.value(QStringLiteral("seq")).toInt() > firstSeq);
    const QJsonObject party = update.value(QStringLiteral("party")).toObject();
    QCOMPARE(party.value(QStringLiteral("status")).toString(), QStringLiteral("notified"));
    QVERIFY(!party.value(QStringLiteral("hold_until")).toString().isEmpty());
    QCOMPARE(party.value(QStringLiteral("hold_minutes")).toInt(), 10);

    // An unrelated event that changes nothing for this diner pushes nothing.
    const int before = messages.count();
    event.type = QStringLiteral("table.updated");
    event.payload = {};
    m_server->handleEvent(event);
    QTest::qWait(300);
    QCOMPARE(messages.count(), before);
}

void TestQueueApi::waitFollowsTheQueueThroughEvents()
{
    // /wait answers from the server's cached snapshot: the same bytes (and a
    // 304 for the same ETag) until a queue event says the queue changed.
    // The very first answer may come from the database, before the first snapshot.
    QTRY_VERIFY(!m_http->get(QStringLiteral("/api/v1/wait?party_size=2")).header("ETag").isEmpty());
    const auto first = m_http->get(QStringLiteral("/api/v1/wait?party_size=2"));
    QCOMPARE(first.status, 200);
    QCOMPARE(first.json().value(QStringLiteral("parties_ahead")).toInt(), 0);
    const QByteArray etag = first.header("ETag");
    QVERIFY(etag.startsWith('"'));
    QCOMPARE(m_http->get(QStringLiteral("/api/v1/wait?party_size=2"), {{"If-None-Match", etag}}).status, 304);

    JoinRequest request;
    request.name = QStringLiteral("Ahead");
    request.partySize = 2;
    for (int i = 0; i < 3; ++i) {
        const auto joined = awaitFuture(m_queue->join(m_restaurantId, request));
        QVERIFY(joined);
        DomainEvent event;
        event.id = i + 1;
        event.restaurantId = m_restaurantId;
        event.type = QStringLiteral("party.joined");
        event.payload = {{QStringLiteral("party_id"), joined->id}};
        m_server->handleEvent(event);
    }
    QTRY_COMPARE(m_http->get(QStringLiteral("/api/v1/wait?party_size=2")).json().value(u"parties_ahead").toInt(), 3);
    const auto after = m_http->get(QStringLiteral("/api/v1/wait?party_size=2"), {{"If-None-Match", etag}});
    QCOMPARE(after.status, 200); // the old ETag no longer matches
    QVERIFY(after.header("ETag") != etag);
    // Sizes are answered apart, each from the same snapshot.
    QCOMPARE(m_http->get(QStringLiteral("/api/v1/wait?party_size=6")).json().value(u"party_size").toInt(), 6);
}

void TestQueueApi::webSocketUnknownToken()
{
    QWebSocket ws;
    QSignalSpy closed(&ws, &QWebSocket::disconnected);
    ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?token=%2").arg(m_server->port()).arg(TokenGenerator::token())));
    QVERIFY(closed.wait(5000));
    QCOMPARE(int(ws.closeCode()), 4404);
    QVERIFY(!ws.closeReason().isEmpty());
}

QTEST_GUILESS_MAIN(TestQueueApi)
void TestQueueApi::kitchenReadyReachesTheDiner()
{
    // A diner's pre-order goes to the kitchen when the party is seated; when
    // every station has bumped it, the diner's page hears "ready" live.
    const QJsonArray items{
        QJsonObject{{QStringLiteral("menu_item_id"), itemId(QStringLiteral("Burrata"))},
                    {QStringLiteral("quantity"), 1}},
        QJsonObject{{QStringLiteral("menu_item_id"), itemId(QStringLiteral("Bistecca alla griglia"))},
                    {QStringLiteral("quantity"), 1}}};
    const auto joined = m_http->post(QStringLiteral("/api/v1/queue"), joinBody(QStringLiteral("Lia"), 2, items));
    QCOMPARE(joined.status, 201);
    const QString token = joined.json().value(QStringLiteral("token")).toString();
    QWebSocket ws;
    QSignalSpy messages(&ws, &QWebSocket::textMessageReceived);
    ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?token=%2").arg(m_server->port()).arg(token)));
    QVERIFY(messages.wait(5000));
    const auto lastPreorderStatus = [&messages] {
        const QJsonObject message = QJsonDocument::fromJson(messages.last().at(0).toString().toUtf8()).object();
        return message.value(u"party").toObject().value(u"preorder").toObject().value(u"status").toString();
    };
    QCOMPARE(lastPreorderStatus(), QStringLiteral("held"));

    const qint64 partyId = m_db->scalar(QStringLiteral("SELECT id FROM parties WHERE token = ?"), {token}).toLongLong();
    const qint64 table = m_db->scalar(QStringLiteral("SELECT id FROM dining_tables WHERE seats >= 2 ORDER BY seats, id"
                                                     " LIMIT 1"))
                             .toLongLong();
    QVERIFY(awaitFuture(m_queue->seat(m_restaurantId, Actor::system(), partyId, {table})));
    KitchenService kitchen(*m_store);
    const auto board = awaitFuture(kitchen.board(m_restaurantId));
    QVERIFY(board);
    QVERIFY(board->tickets.size() >= 2); // the two dishes are cooked at different stations
    for (const KitchenTicket& ticket : board->tickets) {
        QVERIFY(awaitFuture(kitchen.bumpTicket(m_restaurantId, Actor::system(), ticket.id)));
    }
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT status FROM orders WHERE party_id = ?"), {partyId}).toString(),
             QStringLiteral("ready"));
    // The change reaches the server as a domain event, as from EventListener.
    DomainEvent event;
    event.id = 100;
    event.restaurantId = m_restaurantId;
    event.type = QStringLiteral("order.ready");
    event.payload = {{QStringLiteral("party_id"), partyId}};
    m_server->handleEvent(event);
    QTRY_COMPARE(lastPreorderStatus(), QStringLiteral("ready"));
}

void TestQueueApi::statusPushesNeverGoBackwards()
{
    // A status change is pushed at once from the party's own row, and the
    // queue's snapshot follows; whichever arrives last, the phone never sees
    // its party go back (seated, then notified again).
    const auto joined = m_http->post(QStringLiteral("/api/v1/queue"), joinBody(QStringLiteral("Eva"), 2));
    const QString token = joined.json().value(QStringLiteral("token")).toString();
    QWebSocket ws;
    QSignalSpy messages(&ws, &QWebSocket::textMessageReceived);
    ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?token=%2").arg(m_server->port()).arg(token)));
    QVERIFY(messages.wait(5000));
    const qint64 partyId = m_db->scalar(QStringLiteral("SELECT id FROM parties WHERE token = ?"), {token}).toLongLong();
    const qint64 table = m_db->scalar(QStringLiteral("SELECT id FROM dining_tables WHERE seats >= 2 ORDER BY seats, id"
                                                     " LIMIT 1"))
                             .toLongLong();
    QVERIFY(awaitFuture(m_queue->notify(m_restaurantId, Actor::system(), partyId)));
    QVERIFY(awaitFuture(m_queue->seat(m_restaurantId, Actor::system(), partyId, {table})));
    // Both events arrive together, after both commits: the notified one's
    // answers (row and snapshot) already say "seated".
    for (const QString& type : {QStringLiteral("party.notified"), QStringLiteral("party.seated")}) {
        DomainEvent event;
        event.id = type.size();
        event.restaurantId = m_restaurantId;
        event.type = type;
        event.payload = {{QStringLiteral("party_id"), partyId}};
        m_server->handleEvent(event);
    }
    const auto statusOf = [&messages](qsizetype i) {
        const QJsonObject message = QJsonDocument::fromJson(messages.at(i).at(0).toString().toUtf8()).object();
        return message.value(u"party").toObject().value(u"status").toString();
    };
    QTRY_COMPARE(statusOf(messages.size() - 1), QStringLiteral("seated"));
    QTest::qWait(300); // let every answer in flight arrive
    const QStringList order{QStringLiteral("waiting"), QStringLiteral("notified"), QStringLiteral("seated")};
    qsizetype highest = 0;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const qsizetype stage = order.indexOf(statusOf(i));
        QVERIFY2(stage >= highest, qPrintable(statusOf(i)));
        highest = stage;
    }
    QCOMPARE(statusOf(messages.size() - 1), QStringLiteral("seated"));
}

#include "tst_queueapi.moc"
