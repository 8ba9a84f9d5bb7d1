#include "cachedresponse.h"
#include "dinerserver.h"
#include "menuservice.h"
#include "queueservice.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

// Answers kept as bytes (CachedResponse, written by ServerContext::answer past
// QHttpServerResponder), over a real socket and read byte for byte: the same
// bytes QHttpServer itself writes, in order among other routes' answers on a
// keep-alive connection, with HEAD, If-None-Match and Connection: close.
class TestCachedAnswers final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void bytesOfEachAnswer();
    void ifNoneMatchAndConnectionLists();
    void sameBytesAsQHttpServerWrites();
    void pipelinedAmongOtherRoutes();
    void fragmentedRequest();
    void connectionCloseIsHonoured();
    void headIsAllowedAndOtherMethodsAreNot();
    void menuChangeGetsANewEtag();
    void headBeforeSetUpHasNoBody();

private:
    struct Answer
    {
        QByteArray head; // status line and headers, through the blank line
        QByteArray body;
        QByteArray raw() const { return head + body; }
        int status() const { return head.mid(9, 3).toInt(); }
        QByteArray header(const QByteArray& name) const;
    };
    // Reads `count` answers off `socket`; `bodiless[i]`: the i-th answers a HEAD.
    static QList<Answer> readAnswers(QTcpSocket& socket, int count, const QList<bool>& bodiless = {});
    static QByteArray get(const QByteArray& target, const QByteArray& extraHeaders = {});
    QList<Answer> exchange(const QByteArray& requests, int count, const QList<bool>& bodiless = {});

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<MenuService> m_menu;
    std::unique_ptr<QueueService> m_queue;
    std::unique_ptr<DinerServer> m_server;
    quint16 m_port = 0;
};

void TestCachedAnswers::initTestCase()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->migrate(true).isEmpty());
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_menu = std::make_unique<MenuService>(*m_store);
    m_queue = std::make_unique<QueueService>(*m_store);
    m_server = std::make_unique<DinerServer>(*m_store, *m_menu, *m_queue);
    m_server->setRestaurantId(m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong());
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    const auto port = m_server->listen(options);
    QVERIFY(port);
    m_port = *port;
}

void TestCachedAnswers::cleanupTestCase()
{
    m_server.reset();
    m_queue.reset();
    m_menu.reset();
    m_store.reset();
    m_db.reset();
}

QByteArray TestCachedAnswers::Answer::header(const QByteArray& name) const
{
    for (const QByteArray& line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0) {
            return line.mid(colon + 1).trimmed();
        }
    }
    return {};
}

QList<TestCachedAnswers::Answer>
TestCachedAnswers::readAnswers(QTcpSocket& socket, int count, const QList<bool>& bodiless)
{
    QList<Answer> answers;
    QByteArray buffer;
    while (answers.size() < count) {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
            Answer answer;
            answer.head = buffer.left(headEnd + 4);
            const bool noBody = bodiless.value(answers.size(), false) || answer.status() == 304;
            const qsizetype length = noBody ? 0 : answer.header("content-length").toLongLong();
            if (buffer.size() >= headEnd + 4 + length) {
                answer.body = buffer.mid(headEnd + 4, length);
                buffer.remove(0, headEnd + 4 + length);
                answers.append(answer);
                continue;
            }
        }
        // The server runs on this thread: wait spinning the event loop.
        if (!QTest::qWaitFor([&socket] { return socket.bytesAvailable() > 0; }, 10000)) {
            break;
        }
        buffer += socket.readAll();
    }
    // Nothing may follow what was asked for (a HEAD answer with a body would).
    QTest::qWait(100);
    buffer += socket.readAll();
    if (!buffer.isEmpty()) {
        qWarning() << "unexpected bytes after the answers:" << buffer.left(200);
        answers.append(Answer{buffer, {}});
    }
    return answers;
}

QByteArray TestCachedAnswers::get(const QByteArray& target, const QByteArray& extraHeaders)
{
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders + "\r\n";
}

QList<TestCachedAnswers::Answer>
TestCachedAnswers::exchange(const QByteArray& requests, int count, const QList<bool>& bodiless)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    if (!socket.waitForConnected(5000)) {
        return {};
    }
    socket.write(requests);
    socket.flush();
    return readAnswers(socket, count, bodiless);
}

void TestCachedAnswers::bytesOfEachAnswer()
{
    const QByteArray body = R"({"hello":"world"})";
    const CachedResponse cached(QByteArrayLiteral("application/json"), body);
    QVERIFY(cached.etag().startsWith('"') && cached.etag().endsWith('"'));
    const QByteArray headers = "content-type: application/json\r\netag: " + cached.etag()
        + "\r\ncache-control: no-cache\r\nx-content-type-options: nosniff\r\nx-frame-options: DENY\r\n"
          "referrer-policy: no-referrer\r\n";
    const QByteArray ok = "HTTP/1.1 200 OK\r\n" + headers + "content-length: 17\r\n\r\n";

    CachedResponse::Request request;
    QCOMPARE(cached.bytesFor(request), QByteArray(ok + body));
    request.head = true;
    QCOMPARE(cached.bytesFor(request), ok);
    request.close = true;
    QCOMPARE(cached.bytesFor(request), QByteArray(ok.chopped(2) + "connection: close\r\n\r\n"));
    request.head = false;
    QCOMPARE(cached.bytesFor(request), QByteArray(ok.chopped(2) + "connection: close\r\n\r\n" + body));

    // No Content-Type or Content-Length on a 304 (RFC 9110 §15.4.5), HEAD or not.
    const QByteArray notModified = "HTTP/1.1 304 Not Modified\r\n" + headers.mid(headers.indexOf("etag:")) + "\r\n";
    request = {};
    request.ifNoneMatch = cached.etag();
    QCOMPARE(cached.bytesFor(request), notModified);
    request.head = true;
    QCOMPARE(cached.bytesFor(request), notModified);

    QVERIFY(CachedResponse().isNull());
    QVERIFY(!CachedResponse().matches("*"));
}

void TestCachedAnswers::ifNoneMatchAndConnectionLists()
{
    const CachedResponse cached(QByteArrayLiteral("text/plain"), "x");
    const QByteArray etag = cached.etag();
    QVERIFY(cached.matches(etag));
    QVERIFY(cached.matches("*"));
    QVERIFY(cached.matches(QByteArray("\"a\", " + etag + " ,\"b\"")));
    QVERIFY(cached.matches(QByteArray("W/" + etag))); // weak comparison for If-None-Match
    QVERIFY(!cached.matches("\"a\", \"b\""));
    QVERIFY(!cached.matches(etag.mid(1, etag.size() - 2))); // unquoted
    QVERIFY(!cached.matches(""));

    QVERIFY(CachedResponse::asksToClose("close"));
    QVERIFY(CachedResponse::asksToClose("keep-alive, CLOSE"));
    QVERIFY(!CachedResponse::asksToClose("keep-alive"));
    QVERIFY(!CachedResponse::asksToClose("closed"));
    QVERIFY(!CachedResponse::asksToClose(""));
}

void TestCachedAnswers::sameBytesAsQHttpServerWrites()
{
    // The menu as the diner server writes it past the responder...
    const QList<Answer> ours = exchange(get("/api/v1/menu"), 1);
    QCOMPARE(ours.size(), 1);
    QCOMPARE(ours.at(0).status(), 200);

    // ...and the same answer written by QHttpServer's responder on a plain
    // listener: not a byte different.
    const CachedResponse cached(QByteArrayLiteral("application/json"), ours.at(0).body);
    QHttpServer http;
    http.route(QStringLiteral("/api/v1/menu"),
               QHttpServerRequest::Method::Get,
               &http,
               [&cached](const QHttpServerRequest& request, QHttpServerResponder& responder) {
                   responder.sendResponse(cached.response(CachedResponse::requestFrom(request)));
               });
    auto* listener = new QTcpServer;
    QVERIFY(listener->listen(QHostAddress::LocalHost, 0));
    const quint16 port = listener->serverPort();
    QVERIFY(http.bind(listener));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(5000));
    socket.write(get("/api/v1/menu"));
    const QList<Answer> theirs = readAnswers(socket, 1);
    QCOMPARE(theirs.size(), 1);
    QCOMPARE(ours.at(0).raw(), theirs.at(0).raw());
}

void TestCachedAnswers::pipelinedAmongOtherRoutes()
{
    const Answer first = exchange(get("/api/v1/menu"), 1).value(0);
    const QByteArray etag = first.header("etag");
    QVERIFY(!etag.isEmpty());

    // All in one write; /health and /api/v1/restaurant answer later, from
    // the database, so a cached answer written at once would overtake them.
    const QByteArray requests = get("/health") + get("/api/v1/menu")
        + "HEAD /api/v1/menu HTTP/1.1\r\nHost: localhost\r\n\r\n" + get("/api/v1/restaurant")
        + get("/api/v1/menu", "If-None-Match: \"other\", " + etag + "\r\n")
        + get("/api/v1/menu", "If-None-Match: \"other\"\r\n") + get("/api/v1/nothing");
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(socket.waitForConnected(5000));
    socket.write(requests);
    const QList<Answer> answers = readAnswers(socket, 7, {false, false, true});
    QCOMPARE(answers.size(), 7);

    QCOMPARE(answers.at(0).status(), 200);
    QCOMPARE(QJsonDocument::fromJson(answers.at(0).body).object().value(QStringLiteral("status")).toString(),
             QStringLiteral("ok"));
    QCOMPARE(answers.at(1).raw(), first.raw());
    QCOMPARE(answers.at(2).head, first.head); // HEAD: the GET's headers, Content-Length too, no body
    QVERIFY(answers.at(2).body.isEmpty());
    QCOMPARE(answers.at(3).status(), 200);
    QVERIFY(QJsonDocument::fromJson(answers.at(3).body).object().contains(QStringLiteral("tables")));
    QCOMPARE(answers.at(4).status(), 304);
    QCOMPARE(answers.at(4).header("etag"), etag);
    QCOMPARE(answers.at(4).header("content-length"), QByteArray());
    QCOMPARE(answers.at(5).raw(), first.raw());
    QCOMPARE(answers.at(6).status(), 404);

    // Kept alive: the same connection answers again.
    socket.write(get("/api/v1/menu"));
    const QList<Answer> again = readAnswers(socket, 1);
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.at(0).raw(), first.raw());
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
}

void TestCachedAnswers::fragmentedRequest()
{
    const Answer whole = exchange(get("/api/v1/menu"), 1).value(0);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(socket.waitForConnected(5000));
    const QByteArray request = get("/api/v1/menu");
    for (const QByteArray& piece : {request.left(7), request.mid(7, 15), request.mid(22)}) {
        socket.write(piece);
        socket.flush();
        QTest::qWait(50);
    }
    const QList<Answer> answers = readAnswers(socket, 1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.at(0).raw(), whole.raw());
}

void TestCachedAnswers::connectionCloseIsHonoured()
{
    const Answer open = exchange(get("/api/v1/menu"), 1).value(0);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(socket.waitForConnected(5000));
    QSignalSpy closed(&socket, &QTcpSocket::disconnected);
    // A request after the one that closes is not answered.
    socket.write(get("/api/v1/menu", "Connection: close\r\n") + get("/api/v1/menu"));
    const QList<Answer> answers = readAnswers(socket, 1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.at(0).header("connection"), QByteArray("close"));
    QCOMPARE(answers.at(0).body, open.body);
    QCOMPARE(answers.at(0).head, QByteArray(open.head.chopped(2) + "connection: close\r\n\r\n"));
    QTRY_VERIFY_WITH_TIMEOUT(!closed.isEmpty() || socket.state() == QAbstractSocket::UnconnectedState, 5000);
}

void TestCachedAnswers::headIsAllowedAndOtherMethodsAreNot()
{
    const QList<Answer> answers =
        exchange("POST /api/v1/menu HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n", 1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.at(0).status(), 405);
    QCOMPARE(answers.at(0).header("allow"), QByteArray("GET, HEAD"));
}

void TestCachedAnswers::menuChangeGetsANewEtag()
{
    const Answer before = exchange(get("/api/v1/menu"), 1).value(0);
    QVERIFY(m_db->exec(QStringLiteral("UPDATE menu_items SET price_cents = price_cents + 100")));
    // Still cached until the change is announced.
    QCOMPARE(exchange(get("/api/v1/menu"), 1).value(0).raw(), before.raw());

    DomainEvent event;
    event.type = QStringLiteral("menu.updated");
    m_server->handleEvent(event);
    // A HEAD first: answered once the menu is loaded again, still without a body.
    const Answer head = exchange("HEAD /api/v1/menu HTTP/1.1\r\nHost: localhost\r\n\r\n", 1, {true}).value(0);
    const Answer after = exchange(get("/api/v1/menu"), 1).value(0);
    QCOMPARE(head.head, after.head);
    QCOMPARE(after.status(), 200);
    QVERIFY(after.header("etag") != before.header("etag"));
    QVERIFY(after.body != before.body);
    const Answer stale = exchange(get("/api/v1/menu", "If-None-Match: " + before.header("etag") + "\r\n"), 1).value(0);
    QCOMPARE(stale.raw(), after.raw());
}

void TestCachedAnswers::headBeforeSetUpHasNoBody()
{
    DinerServer server(*m_store, *m_menu, *m_queue); // no restaurant yet: 503
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    const auto port = server.listen(options);
    QVERIFY(port);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, *port);
    QVERIFY(socket.waitForConnected(5000));
    socket.write("HEAD /api/v1/menu HTTP/1.1\r\nHost: localhost\r\n\r\n" + get("/api/v1/menu"));
    const QList<Answer> answers = readAnswers(socket, 2, {true});
    QCOMPARE(answers.size(), 2);
    QCOMPARE(answers.at(0).status(), 503);
    QCOMPARE(answers.at(1).status(), 503);
    QCOMPARE(answers.at(1).header("content-type"), QByteArray("application/problem+json"));
    QVERIFY(!answers.at(1).body.isEmpty());
}

QTEST_GUILESS_MAIN(TestCachedAnswers)
#include "tst_cachedanswers.moc"
