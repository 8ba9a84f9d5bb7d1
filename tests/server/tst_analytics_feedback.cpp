#include "dinerserver.h"
#include "httpclient.h"
#include "menuservice.h"
#include "queueservice.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QTest>
#include <QUuid>

// POST /api/v1/feedback over a real socket: a diner rates a visit once it
// is seated, or an order once it is handed over; bad input changes nothing.
class TestAnalyticsFeedback final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void aSeatedVisitIsRated();
    void aHandedOverOrderIsRated();
    void aRetryGetsTheFirstAnswer();
    void tooEarlyIsAConflict();
    void invalidFieldsAre422_data();
    void invalidFieldsAre422();
    void malformedIs400();
    void writesAreRateLimited();

private:
    void startServer(int burst = 1000);
    Party join();
    qint64 feedbackRows() { return m_db->scalar(QStringLiteral("SELECT count(*) FROM feedback")).toLongLong(); }

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<MenuService> m_menu;
    std::unique_ptr<QueueService> m_queue;
    std::unique_ptr<DinerServer> m_server;
    std::unique_ptr<HttpClient> m_http;
    qint64 m_restaurant = 0;
};

void TestAnalyticsFeedback::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 4);
    m_menu = std::make_unique<MenuService>(*m_store);
    m_queue = std::make_unique<QueueService>(*m_store);
    startServer();
}

void TestAnalyticsFeedback::startServer(int burst)
{
    m_http.reset();
    m_server = std::make_unique<DinerServer>(*m_store, *m_menu, *m_queue);
    m_server->setRestaurantId(m_restaurant);
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.writeBurst = burst;
    options.writesPerMinute = burst;
    const auto port = m_server->listen(options);
    QVERIFY(port);
    m_http = std::make_unique<HttpClient>(*port);
}

void TestAnalyticsFeedback::cleanup()
{
    m_http.reset();
    m_server.reset();
    m_queue.reset();
    m_menu.reset();
    m_store.reset();
    m_db.reset();
}

Party TestAnalyticsFeedback::join()
{
    JoinRequest request;
    request.name = QStringLiteral("Rossi");
    request.partySize = 2;
    const auto party = awaitFuture(m_queue->join(m_restaurant, request));
    if (!party) {
        qFatal("join: %s", qPrintable(party.error().message));
    }
    return *party;
}

void TestAnalyticsFeedback::aSeatedVisitIsRated()
{
    const Party party = join();
    const qint64 table =
        m_db->scalar(QStringLiteral("SELECT id FROM dining_tables WHERE seats >= 2 ORDER BY seats LIMIT 1"))
            .toLongLong();
    QVERIFY(awaitFuture(m_queue->seat(m_restaurant, Actor::system(), party.id, {table})));
    const auto reply = m_http->post(QStringLiteral("/api/v1/feedback"),
                                    {{QStringLiteral("token"), party.token},
                                     {QStringLiteral("rating"), 4},
                                     {QStringLiteral("comment"), QStringLiteral("  Lovely carbonara\nthanks  ")}});
    QCOMPARE(reply.status, 201);
    const QJsonObject body = reply.json();
    QCOMPARE(body.value(u"subject").toString(), QStringLiteral("visit"));
    QCOMPARE(body.value(u"rating").toInt(), 4);
    QCOMPARE(body.value(u"comment").toString(), QStringLiteral("Lovely carbonara\nthanks"));
    QVERIFY(body.value(u"id").toInteger() > 0);
    // Committed with its event, in one transaction.
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT rating FROM feedback WHERE party_id = ?"), {party.id}).toInt(), 4);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM events WHERE type = 'feedback.received'"
                                         " AND (payload->>'party_id')::bigint = ? AND (payload->>'rating')::int = 4"),
                          {party.id})
                 .toInt(),
             1);
    // And the analytics see it.
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT sum(ratings) FROM analytics.feedback_daily WHERE channel = 'visit'"))
                 .toInt(),
             1);
}

void TestAnalyticsFeedback::aHandedOverOrderIsRated()
{
    const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_db->exec(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code) VALUES (?, 'takeout',"
                              " 'picked_up', ?, 'PKUP')"),
               {m_restaurant, token});
    const auto reply = m_http->post(QStringLiteral("/api/v1/feedback"),
                                    {{QStringLiteral("token"), token}, {QStringLiteral("rating"), 5}});
    QCOMPARE(reply.status, 201);
    QCOMPARE(reply.json().value(u"subject").toString(), QStringLiteral("order"));
    QCOMPARE(reply.json().value(u"comment").toString(), QString());
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT channel FROM analytics.feedback_entries")).toString(),
             QStringLiteral("takeout"));
}

void TestAnalyticsFeedback::aRetryGetsTheFirstAnswer()
{
    const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_db->exec(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code) VALUES (?, 'delivery',"
                              " 'delivered', ?, 'DLVR')"),
               {m_restaurant, token});
    const QJsonObject body{{QStringLiteral("token"), token},
                           {QStringLiteral("rating"), 2},
                           {QStringLiteral("comment"), QStringLiteral("Cold")}};
    const auto first = m_http->post(QStringLiteral("/api/v1/feedback"), body);
    QCOMPARE(first.status, 201);
    // The phone lost the answer and sends the same again: the same feedback, nothing new.
    const auto again = m_http->post(QStringLiteral("/api/v1/feedback"), body);
    QCOMPARE(again.status, 201);
    QCOMPARE(again.json().value(u"id").toInteger(), first.json().value(u"id").toInteger());
    // A change of mind is not taken: one rating per order.
    QJsonObject other = body;
    other[QStringLiteral("rating")] = 5;
    const auto changed = m_http->post(QStringLiteral("/api/v1/feedback"), other);
    QCOMPARE(changed.status, 409);
    QVERIFY(changed.isProblem());
    QCOMPARE(feedbackRows(), 1);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT rating FROM feedback")).toInt(), 2);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM events WHERE type = 'feedback.received'")).toInt(), 1);
}

void TestAnalyticsFeedback::tooEarlyIsAConflict()
{
    // Still waiting: there is no meal to rate yet.
    const Party party = join();
    const auto waiting = m_http->post(QStringLiteral("/api/v1/feedback"),
                                      {{QStringLiteral("token"), party.token}, {QStringLiteral("rating"), 5}});
    QCOMPARE(waiting.status, 409);
    QVERIFY(waiting.isProblem());
    QVERIFY(waiting.json().value(u"detail").toString().contains(u"seated"));
    const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_db->exec(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code) VALUES (?, 'takeout',"
                              " 'preparing', ?, 'PREP')"),
               {m_restaurant, token});
    const auto cooking = m_http->post(QStringLiteral("/api/v1/feedback"),
                                      {{QStringLiteral("token"), token}, {QStringLiteral("rating"), 5}});
    QCOMPARE(cooking.status, 409);
    QCOMPARE(feedbackRows(), 0);
}

void TestAnalyticsFeedback::invalidFieldsAre422_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("no token") << QByteArray(R"({"rating": 4})") << QStringLiteral("token");
    QTest::newRow("empty token") << QByteArray(R"({"token": "", "rating": 4})") << QStringLiteral("token");
    QTest::newRow("unknown token") << QByteArray(R"({"token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "rating": 4})")
                                   << QStringLiteral("token");
    QTest::newRow("no rating") << QByteArray(R"({"token": "%T"})") << QStringLiteral("rating");
    QTest::newRow("zero stars") << QByteArray(R"({"token": "%T", "rating": 0})") << QStringLiteral("rating");
    QTest::newRow("six stars") << QByteArray(R"({"token": "%T", "rating": 6})") << QStringLiteral("rating");
    QTest::newRow("half a star") << QByteArray(R"({"token": "%T", "rating": 4.5})") << QStringLiteral("rating");
    QTest::newRow("rating as text") << QByteArray(R"({"token": "%T", "rating": "5"})") << QStringLiteral("rating");
    QTest::newRow("comment not text") << QByteArray(R"({"token": "%T", "rating": 5, "comment": 7})")
                                      << QStringLiteral("comment");
    QTest::newRow("comment too long") << QByteArray(R"({"token": "%T", "rating": 5, "comment": "%L"})")
                                      << QStringLiteral("comment");
    QTest::newRow("control character") << QByteArray(R"({"token": "%T", "rating": 5, "comment": "a\u0000b"})")
                                       << QStringLiteral("comment");
}

void TestAnalyticsFeedback::invalidFieldsAre422()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_db->exec(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code) VALUES (?, 'takeout',"
                              " 'picked_up', ?, 'VALD')"),
               {m_restaurant, token});
    body.replace("%T", token.toLatin1()).replace("%L", QByteArray(2001, 'x'));
    const auto reply =
        m_http->request("POST", QStringLiteral("/api/v1/feedback"), body, {{"Content-Type", "application/json"}});
    QCOMPARE(reply.status, 422);
    QVERIFY(reply.isProblem());
    QCOMPARE(reply.json().value(u"field").toString(), field);
    QCOMPARE(feedbackRows(), 0);
}

void TestAnalyticsFeedback::malformedIs400()
{
    for (const QByteArray& body : {QByteArray("{\"token\": "), QByteArray("[1, 2]"), QByteArray("rating=5")}) {
        const auto reply =
            m_http->request("POST", QStringLiteral("/api/v1/feedback"), body, {{"Content-Type", "application/json"}});
        QCOMPARE(reply.status, 400);
        QVERIFY(reply.isProblem());
    }
    QCOMPARE(feedbackRows(), 0);
}

void TestAnalyticsFeedback::writesAreRateLimited()
{
    startServer(3);
    int limited = 0;
    for (int i = 0; i < 5; ++i) {
        const auto reply = m_http->post(QStringLiteral("/api/v1/feedback"),
                                        {{QStringLiteral("token"), QStringLiteral("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")},
                                         {QStringLiteral("rating"), 5}});
        if (reply.status == 429) {
            ++limited;
            QVERIFY(reply.isProblem());
            QVERIFY(!reply.header("Retry-After").isEmpty());
        } else {
            QCOMPARE(reply.status, 422);
        }
    }
    QCOMPARE(limited, 2);
}

QTEST_GUILESS_MAIN(TestAnalyticsFeedback)
#include "tst_analytics_feedback.moc"
