#include "apitokenservice.h"
#include "dinerserver.h"
#include "httpclient.h"
#include "menuservice.h"
#include "queueservice.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>

// The staff-only HTTP routes behind API tokens, over a real socket on the demo
// restaurant in a real database: 401 without a valid token, 403 without the
// route's scope, the staff queue, and the Server-Sent Events stream.
class TestStaffAuthApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void noTokenIsUnauthorized_data();
    void noTokenIsUnauthorized();
    void malformedHeaderIsUnauthorized_data();
    void malformedHeaderIsUnauthorized();
    void unknownTokenIsUnauthorized();
    void revokedTokenIsUnauthorized();
    void tokenWithoutTheScopeIsForbidden_data();
    void tokenWithoutTheScopeIsForbidden();
    void staffTokenReadsTheQueue();
    void eventsTokenStreamsCommittedEvents();
    void streamEndsCleanlyWhenTheClientLeaves();
    void revokingATokenEndsItsOpenStreams();

private:
    QString createToken(const QString& name, const QStringList& scopes);
    QList<QPair<QByteArray, QByteArray>> bearer(const QString& secret) const;
    DomainEvent lastEvent(const QString& type);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<MenuService> m_menu;
    std::unique_ptr<QueueService> m_queue;
    std::unique_ptr<ApiTokenService> m_tokens;
    std::unique_ptr<DinerServer> m_server;
    std::unique_ptr<HttpClient> m_http;
    qint64 m_restaurantId = 0;
};

void TestStaffAuthApi::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    const QString migrated = m_db->migrate(true);
    QVERIFY2(migrated.isEmpty(), qPrintable(migrated));
    m_restaurantId = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 4);
    m_menu = std::make_unique<MenuService>(*m_store);
    m_queue = std::make_unique<QueueService>(*m_store);
    m_tokens = std::make_unique<ApiTokenService>(*m_store);
    m_server = std::make_unique<DinerServer>(*m_store, *m_menu, *m_queue);
    m_server->setRestaurantId(m_restaurantId);
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.eventHeartbeatMs = 200;
    const auto port = m_server->listen(options);
    QVERIFY2(port, port ? "" : qPrintable(port.error().message));
    m_http = std::make_unique<HttpClient>(*port);
}

void TestStaffAuthApi::cleanup()
{
    m_http.reset();
    m_server.reset();
    m_tokens.reset();
    m_queue.reset();
    m_menu.reset();
    m_store.reset();
    m_db.reset();
}

QString TestStaffAuthApi::createToken(const QString& name, const QStringList& scopes)
{
    const auto created = awaitFuture(m_tokens->create(m_restaurantId, Actor::system(), name, scopes));
    if (!created) {
        qFatal("could not create a token: %s", qPrintable(created.error().message));
    }
    return created->secret;
}

QList<QPair<QByteArray, QByteArray>> TestStaffAuthApi::bearer(const QString& secret) const
{
    return {{"Authorization", "Bearer " + secret.toLatin1()}};
}

DomainEvent TestStaffAuthApi::lastEvent(const QString& type)
{
    // What EventListener would deliver: the committed row from the events table.
    QSqlDatabase db = m_db->connection();
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT id, restaurant_id, type, occurred_at, payload::text FROM events"
                                 " WHERE type = ? ORDER BY id DESC LIMIT 1"));
    query.addBindValue(type);
    if (!query.exec() || !query.next()) {
        qFatal("no %s event", qPrintable(type));
    }
    DomainEvent event;
    event.id = query.value(0).toLongLong();
    event.restaurantId = query.value(1).toLongLong();
    event.type = query.value(2).toString();
    event.occurredAt = query.value(3).toDateTime();
    event.payload = QJsonDocument::fromJson(query.value(4).toString().toUtf8()).object();
    return event;
}

void TestStaffAuthApi::noTokenIsUnauthorized_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("staff queue") << QStringLiteral("/api/v1/staff/queue");
    QTest::newRow("events") << QStringLiteral("/api/v1/events");
}

void TestStaffAuthApi::noTokenIsUnauthorized()
{
    QFETCH(QString, path);
    const auto reply = m_http->get(path);
    QCOMPARE(reply.status, 401);
    QVERIFY2(reply.isProblem(), reply.body.constData());
    QCOMPARE(reply.header("www-authenticate"), QByteArray("Bearer realm=\"maitre\""));
    QVERIFY(!reply.body.contains("parties"));
}

void TestStaffAuthApi::malformedHeaderIsUnauthorized_data()
{
    QTest::addColumn<QByteArray>("authorization");
    const QString secret = QStringLiteral("mt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    QTest::newRow("basic") << QByteArray("Basic dXNlcjpwYXNz");
    QTest::newRow("bearer without token") << QByteArray("Bearer");
    QTest::newRow("bearer and spaces") << QByteArray("Bearer    ");
    QTest::newRow("token alone") << secret.toLatin1();
    QTest::newRow("two tokens") << QByteArray("Bearer mt_a mt_b");
    QTest::newRow("bad characters") << QByteArray("Bearer mt_\"quoted\"");
}

void TestStaffAuthApi::malformedHeaderIsUnauthorized()
{
    QFETCH(QByteArray, authorization);
    const auto reply = m_http->get(QStringLiteral("/api/v1/staff/queue"), {{"Authorization", authorization}});
    QCOMPARE(reply.status, 401);
    QVERIFY2(reply.isProblem(), reply.body.constData());
    QVERIFY(reply.header("www-authenticate").startsWith("Bearer "));
}

void TestStaffAuthApi::unknownTokenIsUnauthorized()
{
    createToken(QStringLiteral("bi"), {QStringLiteral("staff"), QStringLiteral("events")});
    for (const QString& path : {QStringLiteral("/api/v1/staff/queue"), QStringLiteral("/api/v1/events")}) {
        const auto reply = m_http->get(path, bearer(QStringLiteral("mt_thisIsNotATokenThatWasEverIssued00")));
        QCOMPARE(reply.status, 401);
        QVERIFY2(reply.isProblem(), reply.body.constData());
        QCOMPARE(reply.header("www-authenticate"), QByteArray("Bearer realm=\"maitre\", error=\"invalid_token\""));
    }
}

void TestStaffAuthApi::revokedTokenIsUnauthorized()
{
    const QString secret = createToken(QStringLiteral("dashboard"), {QStringLiteral("staff")});
    QCOMPARE(m_http->get(QStringLiteral("/api/v1/staff/queue"), bearer(secret)).status, 200);

    const auto revoked = awaitFuture(m_tokens->revoke(m_restaurantId, Actor::system(), QStringLiteral("dashboard")));
    QVERIFY2(revoked, revoked ? "" : qPrintable(revoked.error().message));
    const auto reply = m_http->get(QStringLiteral("/api/v1/staff/queue"), bearer(secret));
    QCOMPARE(reply.status, 401);
    QVERIFY2(reply.isProblem(), reply.body.constData());
    QVERIFY(reply.header("www-authenticate").contains("invalid_token"));
}

void TestStaffAuthApi::tokenWithoutTheScopeIsForbidden_data()
{
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("needed");
    QTest::newRow("events token, staff queue")
        << QStringLiteral("events") << QStringLiteral("/api/v1/staff/queue") << QStringLiteral("staff");
    QTest::newRow("staff token, events") << QStringLiteral("staff") << QStringLiteral("/api/v1/events")
                                         << QStringLiteral("events");
}

void TestStaffAuthApi::tokenWithoutTheScopeIsForbidden()
{
    QFETCH(QString, scope);
    QFETCH(QString, path);
    QFETCH(QString, needed);
    const QString secret = createToken(QStringLiteral("narrow"), {scope});
    const auto reply = m_http->get(path, bearer(secret));
    QCOMPARE(reply.status, 403);
    QVERIFY2(reply.isProblem(), reply.body.constData());
    QVERIFY(reply.json().value(QStringLiteral("detail")).toString().contains(needed));
    QCOMPARE(reply.header("www-authenticate"),
             "Bearer realm=\"maitre\", error=\"insufficient_scope\", scope=\"" + needed.toLatin1() + '"');
    QVERIFY(!reply.body.contains("parties"));
}

void TestStaffAuthApi::staffTokenReadsTheQueue()
{
    JoinRequest request;
    request.name = QStringLiteral("Rossi");
    request.partySize = 4;
    request.phone = QStringLiteral("+39 055 123456");
    request.notes = QStringLiteral("high chair");
    const auto joined = awaitFuture(m_queue->join(m_restaurantId, request));
    QVERIFY2(joined, joined ? "" : qPrintable(joined.error().message));

    const QString secret = createToken(QStringLiteral("host tablet"), {QStringLiteral("staff")});
    const auto reply = m_http->get(QStringLiteral("/api/v1/staff/queue"), bearer(secret));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("content-type"), QByteArray("application/json"));
    QCOMPARE(reply.header("cache-control"), QByteArray("no-store"));
    const QJsonObject body = reply.json();
    QCOMPARE(body.value(u"restaurant").toObject().value(u"id").toInteger(), m_restaurantId);
    QCOMPARE(body.value(u"tables").toArray().size(),
             m_db->scalar(QStringLiteral("SELECT count(*) FROM dining_tables")).toInt());

    const QJsonArray parties = body.value(u"parties").toArray();
    QCOMPARE(parties.size(), 1);
    const QJsonObject party = parties.at(0).toObject();
    QCOMPARE(party.value(u"id").toInteger(), joined->id);
    QCOMPARE(party.value(u"name").toString(), QStringLiteral("Rossi"));
    QCOMPARE(party.value(u"party_size").toInt(), 4);
    QCOMPARE(party.value(u"phone").toString(), QStringLiteral("+39 055 123456"));
    QCOMPARE(party.value(u"notes").toString(), QStringLiteral("high chair"));
    QCOMPARE(party.value(u"code").toString(), joined->code);
    QCOMPARE(party.value(u"status").toString(), QStringLiteral("waiting"));
    QCOMPARE(party.value(u"position").toInt(), 1);
    QVERIFY(party.contains(u"quoted_minutes"));
    QVERIFY(party.value(u"quote_range").isObject());
    // The diner's link token is theirs alone, even for staff integrations.
    QVERIFY(!party.contains(u"token"));
    QVERIFY(!reply.body.contains(joined->token.toLatin1()));

    // Using the token is noted.
    QVERIFY(!m_db->scalar(QStringLiteral("SELECT last_used_at FROM staff_tokens WHERE name = 'host tablet'")).isNull());
}

void TestStaffAuthApi::eventsTokenStreamsCommittedEvents()
{
    const QString secret = createToken(QStringLiteral("bi"), {QStringLiteral("events")});
    QNetworkReply* stream = m_http->start("GET", QStringLiteral("/api/v1/events"), {}, bearer(secret));
    QByteArray received;
    connect(stream, &QNetworkReply::readyRead, this, [stream, &received] { received += stream->readAll(); });

    // The stream opens with a comment before any event.
    QTRY_VERIFY_WITH_TIMEOUT(received.contains(": maitre event stream\n"), 30000);
    QCOMPARE(stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(stream->rawHeader("Content-Type").startsWith("text/event-stream"));
    QCOMPARE(stream->rawHeader("Cache-Control"), QByteArray("no-store"));
    QVERIFY(!stream->isFinished());

    // Another restaurant's event is not this token's business.
    DomainEvent foreign;
    foreign.id = 999999;
    foreign.restaurantId = m_restaurantId + 1000;
    foreign.type = QStringLiteral("party.joined");
    m_server->handleEvent(foreign);

    // Committed after connecting, then delivered as EventListener would.
    JoinRequest request;
    request.name = QStringLiteral("Bianchi");
    request.partySize = 2;
    const auto joined = awaitFuture(m_queue->join(m_restaurantId, request));
    QVERIFY(joined);
    const DomainEvent event = lastEvent(QStringLiteral("party.joined"));
    QCOMPARE(event.payload.value(u"party_id").toInteger(), joined->id);
    m_server->handleEvent(event);

    const QByteArray idLine = "\n\nid: " + QByteArray::number(event.id) + '\n';
    QTRY_VERIFY_WITH_TIMEOUT(received.contains(idLine), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(received.endsWith("\n\n"), 30000);
    QVERIFY(!received.contains("id: 999999"));
    const QRegularExpression frame(QStringLiteral("id: (\\d+)\nevent: ([^\n]+)\ndata: ([^\n]+)\n\n"));
    const auto match = frame.match(QString::fromUtf8(received));
    QVERIFY2(match.hasMatch(), received.constData());
    QCOMPARE(match.captured(1).toLongLong(), event.id);
    QCOMPARE(match.captured(2), QStringLiteral("party.joined"));
    const QJsonObject data = QJsonDocument::fromJson(match.captured(3).toUtf8()).object();
    QCOMPARE(data.value(u"id").toInteger(), event.id);
    QCOMPARE(data.value(u"type").toString(), QStringLiteral("party.joined"));
    QCOMPARE(data.value(u"restaurant_id").toInteger(), m_restaurantId);
    QCOMPARE(data.value(u"payload").toObject().value(u"party_id").toInteger(), joined->id);
    QVERIFY(!data.value(u"occurred_at").toString().isEmpty());

    // While nothing happens, comments keep the stream (and any proxy) awake.
    received.clear();
    QTRY_VERIFY_WITH_TIMEOUT(received.contains(": heartbeat\n\n"), 30000);

    stream->abort();
    stream->deleteLater();
}

void TestStaffAuthApi::streamEndsCleanlyWhenTheClientLeaves()
{
    const QString secret = createToken(QStringLiteral("bi"), {QStringLiteral("events")});
    QNetworkReply* stream = m_http->start("GET", QStringLiteral("/api/v1/events"), {}, bearer(secret));
    QByteArray received;
    connect(stream, &QNetworkReply::readyRead, this, [stream, &received] { received += stream->readAll(); });
    QTRY_VERIFY_WITH_TIMEOUT(received.contains(": maitre event stream\n"), 30000);
    stream->abort();
    delete stream;

    // Events after the client left go nowhere, and the server keeps serving.
    // (The stream reads what is committed to the log: the event is written there first.)
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO events (restaurant_id, type) VALUES (?, 'table.updated')"),
                       {m_restaurantId}));
    DomainEvent event = lastEvent(QStringLiteral("table.updated"));
    m_server->handleEvent(event);
    const QString staff = createToken(QStringLiteral("host"), {QStringLiteral("staff")});
    QCOMPARE(m_http->get(QStringLiteral("/api/v1/staff/queue"), bearer(staff)).status, 200);

    // A second stream works as the first did.
    QNetworkReply* again = m_http->start("GET", QStringLiteral("/api/v1/events"), {}, bearer(secret));
    QByteArray more;
    connect(again, &QNetworkReply::readyRead, this, [again, &more] { more += again->readAll(); });
    QTRY_VERIFY_WITH_TIMEOUT(more.contains(": maitre event stream\n"), 30000);
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO events (restaurant_id, type) VALUES (?, 'table.updated')"),
                       {m_restaurantId}));
    event = lastEvent(QStringLiteral("table.updated"));
    m_server->handleEvent(event);
    QTRY_VERIFY_WITH_TIMEOUT(more.contains("event: table.updated\n"), 30000);
    again->abort();
    delete again;
}

void TestStaffAuthApi::revokingATokenEndsItsOpenStreams()
{
    const QString revoked = createToken(QStringLiteral("old-bi"), {QStringLiteral("events")});
    const QString kept = createToken(QStringLiteral("bi"), {QStringLiteral("events")});
    QNetworkReply* doomed = m_http->start("GET", QStringLiteral("/api/v1/events"), {}, bearer(revoked));
    QNetworkReply* other = m_http->start("GET", QStringLiteral("/api/v1/events"), {}, bearer(kept));
    QByteArray doomedText;
    QByteArray otherText;
    connect(doomed, &QNetworkReply::readyRead, this, [doomed, &doomedText] { doomedText += doomed->readAll(); });
    connect(other, &QNetworkReply::readyRead, this, [other, &otherText] { otherText += other->readAll(); });
    QTRY_VERIFY_WITH_TIMEOUT(doomedText.contains(": maitre event stream\n"), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(otherText.contains(": maitre event stream\n"), 30000);

    QVERIFY(awaitFuture(m_tokens->revoke(m_restaurantId, Actor::system(), QStringLiteral("old-bi"))));
    // Delivered as EventListener would: the revoked token's stream ends, the other goes on.
    m_server->handleEvent(lastEvent(QStringLiteral("staff.token_revoked")));
    QTRY_VERIFY_WITH_TIMEOUT(doomed->isFinished(), 30000);
    QVERIFY(doomedText.contains(": token revoked"));
    QVERIFY(!other->isFinished());
    QTRY_VERIFY_WITH_TIMEOUT(otherText.contains("event: staff.token_revoked\n"), 30000);
    // And it cannot come back.
    QCOMPARE(m_http->get(QStringLiteral("/api/v1/events"), bearer(revoked)).status, 401);
    other->abort();
    delete other;
    delete doomed;
}

QTEST_GUILESS_MAIN(TestStaffAuthApi)
#include "tst_staffauth_api.moc"
