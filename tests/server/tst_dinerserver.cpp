#include "dinerserver.h"
#include "menuservice.h"
#include "queueservice.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

// The diner server over a real socket on port 0, driven by QNetworkAccessManager.
class TestDinerServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void healthWithTheDatabaseUp();
    void healthWithTheDatabaseDown();
    void unknownPathIs404Problem();
    void wrongMethodIs405Problem();
    void oversizeBodyIs413AndServerCarriesOn();
    void oversizeChunkedBodyIs413();
    void bodyAtTheLimitIsAccepted();
    void idleConnectionsAreClosed();
    void webSocketsAreCounted();

private:
    struct Reply
    {
        int status = 0;
        QByteArray contentType;
        QByteArray body;
        QNetworkReply::NetworkError error = QNetworkReply::NoError;
        QByteArray allow;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };
    Reply request(const QByteArray& method, const QString& path, const QByteArray& body = {}, quint16 port = 0);
    static void verifyProblem(const Reply& reply, int status);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<MenuService> m_menu;
    std::unique_ptr<QueueService> m_queue;
    std::unique_ptr<DinerServer> m_server;
    QNetworkAccessManager m_net;
    quint16 m_port = 0;
};

void TestDinerServer::initTestCase()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->migrate().isEmpty());
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_menu = std::make_unique<MenuService>(*m_store);
    m_queue = std::make_unique<QueueService>(*m_store);
    m_server = std::make_unique<DinerServer>(*m_store, *m_menu, *m_queue);
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.idleTimeoutMs = 1000;
    const auto port = m_server->listen(options);
    QVERIFY2(port, port ? "" : qPrintable(port.error().message));
    m_port = *port;
    QVERIFY(m_port != 0);
}

void TestDinerServer::cleanupTestCase()
{
    m_server.reset();
    m_queue.reset();
    m_menu.reset();
    m_store.reset();
    m_db.reset();
}

TestDinerServer::Reply
TestDinerServer::request(const QByteArray& method, const QString& path, const QByteArray& body, quint16 port)
{
    QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port ? port : m_port).arg(path)));
    if (!body.isEmpty()) {
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    }
    QNetworkReply* reply = m_net.sendCustomRequest(req, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(15000)) {
        qWarning() << "request timed out" << method << path;
    }
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    r.body = reply->readAll();
    r.error = reply->error();
    r.allow = reply->rawHeader("Allow");
    reply->deleteLater();
    return r;
}

void TestDinerServer::verifyProblem(const Reply& reply, int status)
{
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.contentType, QByteArrayLiteral("application/problem+json"));
    const QJsonObject json = reply.json();
    QCOMPARE(json.value(QStringLiteral("status")).toInt(), status);
    QVERIFY(!json.value(QStringLiteral("title")).toString().isEmpty());
    QVERIFY(!json.value(QStringLiteral("detail")).toString().isEmpty());
    QVERIFY(json.contains(QStringLiteral("type")));
}

void TestDinerServer::healthWithTheDatabaseUp()
{
    const Reply reply = request("GET", QStringLiteral("/health"));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.contentType, QByteArrayLiteral("application/json"));
    const QJsonObject json = reply.json();
    QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(json.value(QStringLiteral("database")).toString(), QStringLiteral("ok"));
    QCOMPARE(json.value(QStringLiteral("version")).toString(), QStringLiteral(MAITRE_VERSION));
}

void TestDinerServer::healthWithTheDatabaseDown()
{
    ConnectionSettings gone = m_db->settings();
    gone.host = QStringLiteral("/nonexistent/socket/dir");
    Store deadStore(gone, 1);
    MenuService menu(deadStore);
    QueueService queue(deadStore);
    DinerServer server(deadStore, menu, queue);
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    const auto port = server.listen(options);
    QVERIFY(port);
    for (int i = 0; i < 2; ++i) { // and it keeps serving
        const Reply reply = request("GET", QStringLiteral("/health"), {}, *port);
        QCOMPARE(reply.status, 503);
        QCOMPARE(reply.json().value(QStringLiteral("database")).toString(), QStringLiteral("down"));
        QCOMPARE(reply.json().value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
    }
    QCOMPARE(request("GET", QStringLiteral("/nope"), {}, *port).status, 404);
}

void TestDinerServer::unknownPathIs404Problem()
{
    verifyProblem(request("GET", QStringLiteral("/no/such/thing")), 404);
    verifyProblem(request("POST", QStringLiteral("/api/v1/nothing"), "{}"), 404);
}

void TestDinerServer::wrongMethodIs405Problem()
{
    const Reply reply = request("DELETE", QStringLiteral("/health"));
    verifyProblem(reply, 405);
    QCOMPARE(reply.allow, QByteArrayLiteral("GET"));
}

void TestDinerServer::oversizeBodyIs413AndServerCarriesOn()
{
    const QByteArray big(2 * 1024 * 1024, 'x');
    const Reply reply = request("POST", QStringLiteral("/health"), big);
    verifyProblem(reply, 413);
    QCOMPARE(request("GET", QStringLiteral("/health")).status, 200);
}

void TestDinerServer::oversizeChunkedBodyIs413()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(socket.waitForConnected(5000));
    socket.write("POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    const QByteArray chunk(16 * 1024, 'y');
    for (int i = 0; i < 6; ++i) { // 96 KiB in 16 KiB chunks, no length declared up front
        socket.write(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
    }
    socket.flush();
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\r\n\r\n{"), 10000);
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.left(80).constData());
    QVERIFY(answer.contains("application/problem+json"));
    QCOMPARE(request("GET", QStringLiteral("/health")).status, 200);
}

void TestDinerServer::bodyAtTheLimitIsAccepted()
{
    // Exactly 64 KiB passes the transport and reaches routing (405 here).
    const Reply reply = request("POST", QStringLiteral("/health"), QByteArray(64 * 1024, 'z'));
    QCOMPARE(reply.status, 405);
}

void TestDinerServer::idleConnectionsAreClosed()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY(socket.bytesAvailable() > 0);
    socket.readAll();
    QSignalSpy closed(&socket, &QTcpSocket::disconnected);
    // Keep-alive, then silence: the server lets go after its idle timeout (1 s here).
    QVERIFY(closed.wait(5000));
}

void TestDinerServer::webSocketsAreCounted()
{
    // No restaurant here, so no token is known: counted, then closed with a reason.
    QSignalSpy counts(m_server.get(), &DinerServer::connectedDinersChanged);
    QWebSocket ws;
    QSignalSpy closed(&ws, &QWebSocket::disconnected);
    ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAA").arg(m_port)));
    QVERIFY(closed.wait(5000));
    QCOMPARE(int(ws.closeCode()), 4404);
    QVERIFY(ws.closeReason().contains(QStringLiteral("unknown token")));
    QVERIFY(counts.count() >= 2);
    QCOMPARE(counts.at(0).at(0).toInt(), 1);
    QTRY_COMPARE(counts.last().at(0).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestDinerServer)
#include "tst_dinerserver.moc"
