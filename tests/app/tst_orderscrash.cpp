#include "testdatabase.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <csignal>
#include <functional>

// maitre killed with SIGKILL in the middle of a burst of orders: after a
// restart on the same database every acknowledged order is there once, whole
// (lines, kitchen tickets, totals), and a client retrying what got no answer
// with the same Idempotency-Key ends with one order per key.
class TestOrdersCrash final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void killedMidBurstKeepsEveryAcknowledgedOrderOnce();

private:
    struct Answer
    {
        int status = 0; // 0: no complete answer (the connection died first)
        QJsonObject json;
    };
    struct Sent
    {
        QByteArray key;
        QByteArray body;
        Answer answer;
    };
    using Done = std::function<void(const Answer&)>;

    std::unique_ptr<QProcess> startMaitre(const QStringList& extraArgs);
    QString databaseUrl() const;
    // One POST /api/v1/orders on its own connection from `source`. Raw sockets
    // rather than QNetworkAccessManager: the server limits writes per client
    // address, so the burst comes from several loopback addresses.
    void post(const QHostAddress& source, const Sent& order, const Done& done);
    Answer postAndWait(const QHostAddress& source, const Sent& order);
    static Answer parse(const QByteArray& bytes, bool closed);
    int get(const QString& path, QJsonObject* json = nullptr);
    int scalar(const QString& sql, const QVariantList& bindings = {});
    static QHostAddress source(int i)
    {
        return QHostAddress(QHostAddress(QHostAddress::LocalHost).toIPv4Address() + 1 + quint32(i % 16));
    }

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<QProcess> m_maitre;
    quint16 m_port = 0;
    QNetworkAccessManager m_net;
};

void TestOrdersCrash::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
}

void TestOrdersCrash::cleanup()
{
    if (m_maitre && m_maitre->state() != QProcess::NotRunning) {
        ::kill(pid_t(m_maitre->processId()), SIGCONT); // in case a failure left it frozen
        m_maitre->terminate();
        if (!m_maitre->waitForFinished(30000)) {
            m_maitre->kill();
            m_maitre->waitForFinished();
        }
    }
    m_maitre.reset();
    m_db.reset();
}

QString TestOrdersCrash::databaseUrl() const
{
    const ConnectionSettings& s = m_db->settings();
    return QStringLiteral("postgresql://%1@localhost:%2/%3?host=%4").arg(s.user).arg(s.port).arg(s.database, s.host);
}

std::unique_ptr<QProcess> TestOrdersCrash::startMaitre(const QStringList& extraArgs)
{
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->start(qEnvironmentVariable("MAITRE_BINARY"),
                   QStringList{QStringLiteral("--headless"),
                               QStringLiteral("--database-url"),
                               databaseUrl(),
                               QStringLiteral("--port"),
                               QStringLiteral("0"),
                               QStringLiteral("--bind"),
                               QStringLiteral("127.0.0.1")}
                       + extraArgs);
    static const QRegularExpression serving(QStringLiteral("serving diners at http://[^:/]+:(\\d+)"));
    QString out;
    const bool ok = QTest::qWaitFor(
        [&] {
            out += QString::fromUtf8(process->readAllStandardOutput());
            return serving.match(out).hasMatch() || process->state() == QProcess::NotRunning;
        },
        120000);
    const auto match = serving.match(out);
    m_port = 0;
    if (!ok || !match.hasMatch()) {
        qWarning().noquote() << "maitre did not start:" << out << process->readAllStandardError();
        return process;
    }
    m_port = quint16(match.captured(1).toUInt());
    return process;
}

TestOrdersCrash::Answer TestOrdersCrash::parse(const QByteArray& bytes, bool closed)
{
    const qsizetype headerEnd = bytes.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        return {};
    }
    const QList<QByteArray> lines = bytes.left(headerEnd).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    qsizetype length = -1;
    for (const QByteArray& line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "content-length") {
            length = line.mid(colon + 1).trimmed().toLongLong();
        }
    }
    const QByteArray body = bytes.mid(headerEnd + 4);
    // Without a length only a closed connection says the body is whole.
    if ((length >= 0 && body.size() < length) || (length < 0 && !closed)) {
        return {};
    }
    Answer answer;
    answer.status = statusLine.value(1).toInt();
    answer.json = QJsonDocument::fromJson(length >= 0 ? body.left(length) : body).object();
    return answer;
}

void TestOrdersCrash::post(const QHostAddress& source, const Sent& order, const Done& done)
{
    auto* socket = new QTcpSocket(this);
    auto received = std::make_shared<QByteArray>();
    auto finished = std::make_shared<bool>(false);
    auto finish = [socket, received, finished, done](bool closed) {
        const Answer answer = parse(*received, closed);
        if (*finished || (answer.status == 0 && !closed)) {
            return;
        }
        *finished = true;
        socket->disconnect();
        socket->abort();
        socket->deleteLater();
        done(answer);
    };
    const QByteArray request = "POST /api/v1/orders HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port)
        + "\r\nContent-Type: application/json\r\nIdempotency-Key: " + order.key
        + "\r\nContent-Length: " + QByteArray::number(order.body.size()) + "\r\nConnection: close\r\n\r\n" + order.body;
    connect(socket, &QTcpSocket::connected, socket, [socket, request] { socket->write(request); });
    connect(socket, &QTcpSocket::readyRead, socket, [socket, received, finish] {
        received->append(socket->readAll());
        finish(false);
    });
    connect(socket, &QTcpSocket::disconnected, socket, [socket, received, finish] {
        received->append(socket->readAll());
        finish(true);
    });
    connect(socket, &QTcpSocket::errorOccurred, socket, [socket, received, finish] {
        received->append(socket->readAll());
        finish(true);
    });
    if (!socket->bind(source)) {
        qWarning() << "cannot bind to" << source << socket->errorString();
    }
    socket->connectToHost(QHostAddress::LocalHost, m_port);
}

TestOrdersCrash::Answer TestOrdersCrash::postAndWait(const QHostAddress& source, const Sent& order)
{
    std::optional<Answer> answer;
    post(source, order, [&answer](const Answer& a) { answer = a; });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 60000)) {
        return {};
    }
    return *answer;
}

int TestOrdersCrash::get(const QString& path, QJsonObject* json)
{
    QNetworkReply* reply =
        m_net.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished()) {
        finished.wait(60000);
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (json != nullptr) {
        *json = QJsonDocument::fromJson(reply->readAll()).object();
    }
    reply->deleteLater();
    return status;
}

int TestOrdersCrash::scalar(const QString& sql, const QVariantList& bindings)
{
    const QVariant value = m_db->scalar(sql, bindings);
    return value.isValid() ? value.toInt() : -1;
}

void TestOrdersCrash::killedMidBurstKeepsEveryAcknowledgedOrderOnce()
{
    constexpr int ORDERS = 200;
    constexpr int IN_FLIGHT = 8;
    constexpr int KILL_AFTER = 60;
    // A made-up token of the right shape: 404 once orders are taken, 503 before.
    const QString probe = QStringLiteral("/api/v1/orders/") + QString(22, u'A');

    m_maitre = startMaitre({QStringLiteral("--demo")});
    QVERIFY(m_port != 0);
    QTRY_COMPARE_WITH_TIMEOUT(get(QStringLiteral("/health")), 200, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(get(probe), 404, 60000);

    const qint64 first =
        m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE available ORDER BY id LIMIT 1")).toLongLong();
    const qint64 second =
        m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE available ORDER BY id OFFSET 1 LIMIT 1"))
            .toLongLong();
    QVERIFY(first > 0 && second > 0);
    const int expectedSubtotal =
        scalar(QStringLiteral(
                   "SELECT sum(price_cents * CASE WHEN id = ? THEN 2 ELSE 1 END) FROM menu_items WHERE id IN (?, ?)"),
               {first, first, second});
    QVERIFY(expectedSubtotal > 0);

    QList<Sent> orders(ORDERS);
    for (int i = 0; i < ORDERS; ++i) {
        orders[i].key = "crash-" + QByteArray::number(i);
        const QJsonObject body{
            {QStringLiteral("kind"), QStringLiteral("takeout")},
            {QStringLiteral("customer"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Guest %1").arg(i)}}},
            {QStringLiteral("items"),
             QJsonArray{QJsonObject{{QStringLiteral("menu_item_id"), first}, {QStringLiteral("quantity"), 2}},
                        QJsonObject{{QStringLiteral("menu_item_id"), second}, {QStringLiteral("quantity"), 1}}}},
            {QStringLiteral("payment"), QJsonObject{{QStringLiteral("method"), QStringLiteral("counter")}}}};
        orders[i].body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }

    // The burst: IN_FLIGHT connections at a time. Past KILL_AFTER answers,
    // maitre is frozen (SIGSTOP) now and then and the answers already sent are
    // read; if the database holds more orders than the client has answers for,
    // or at the latest at twice KILL_AFTER answers, it gets SIGKILL then, so
    // that orders written but never acknowledged are part of the test.
    int next = 0;
    int inFlight = 0;
    int answered = 0;
    bool killed = false;
    bool probing = false;
    std::function<void()> launch = [&] {
        while (!killed && inFlight < IN_FLIGHT && next < ORDERS) {
            const int i = next++;
            ++inFlight;
            post(source(i), orders[i], [&, i](const Answer& answer) {
                --inFlight;
                orders[i].answer = answer;
                if (answer.status != 0) {
                    ++answered;
                }
                launch();
            });
        }
    };
    const auto pid = pid_t(m_maitre->processId());
    QTimer watch;
    connect(&watch, &QTimer::timeout, this, [&] {
        if (killed || probing || answered < KILL_AFTER) {
            return;
        }
        probing = true;
        ::kill(pid, SIGSTOP);
        QTest::qWait(100); // read what was sent before the freeze
        const int written = scalar(QStringLiteral("SELECT count(*) FROM orders WHERE idempotency_key LIKE 'crash-%'"));
        if (written > answered || answered >= 2 * KILL_AFTER) {
            killed = true;
            watch.stop();
            m_maitre->kill(); // SIGKILL: no chance to finish anything
        } else {
            ::kill(pid, SIGCONT);
        }
        probing = false;
    });
    watch.start(0);
    launch();
    QVERIFY(QTest::qWaitFor([&] { return killed && inFlight == 0; }, 240000));
    // (It may have been reaped while the last answers came in.)
    QTRY_COMPARE_WITH_TIMEOUT(m_maitre->state(), QProcess::NotRunning, 30000);
    QCOMPARE(m_maitre->exitStatus(), QProcess::CrashExit);

    QHash<QByteArray, QString> acknowledged; // key → token
    QList<int> unanswered;
    for (int i = 0; i < ORDERS; ++i) {
        if (orders[i].answer.status == 0) {
            unanswered.append(i);
            continue;
        }
        // Each source stays well under the write limit; every answer is an order.
        QVERIFY2(orders[i].answer.status == 201,
                 qPrintable(QStringLiteral("%1: %2 %3")
                                .arg(QString::fromLatin1(orders[i].key))
                                .arg(orders[i].answer.status)
                                .arg(QString::fromUtf8(QJsonDocument(orders[i].answer.json).toJson()))));
        const QString token = orders[i].answer.json.value(QStringLiteral("token")).toString();
        QVERIFY(!token.isEmpty());
        acknowledged.insert(orders[i].key, token);
    }
    QVERIFY(acknowledged.size() >= KILL_AFTER);
    QVERIFY(!unanswered.isEmpty());

    // The same database, a new process.
    m_maitre = startMaitre({});
    QVERIFY(m_port != 0);
    QTRY_COMPARE_WITH_TIMEOUT(get(QStringLiteral("/health")), 200, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(get(probe), 404, 60000);

    // Every acknowledged order is there, once, under the token the client was given.
    for (auto it = acknowledged.cbegin(); it != acknowledged.cend(); ++it) {
        const QString key = QString::fromLatin1(it.key());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM orders WHERE idempotency_key = ?"), {key}), 1);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT token FROM orders WHERE idempotency_key = ?"), {key}).toString(),
                 it.value());
        QJsonObject order;
        QCOMPARE(get(QStringLiteral("/api/v1/orders/") + it.value(), &order), 200);
        QCOMPARE(order.value(QStringLiteral("token")).toString(), it.value());
    }
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM (SELECT idempotency_key FROM orders"
                                   " WHERE idempotency_key IS NOT NULL GROUP BY 1 HAVING count(*) > 1) twice")),
             0);

    // Retrying what got no answer, same key and body: 201, the order the crash
    // may already have written if it did, and still one row per key.
    int writtenUnanswered = 0;
    for (const int i : std::as_const(unanswered)) {
        const QString key = QString::fromLatin1(orders[i].key);
        const QString before =
            m_db->scalar(QStringLiteral("SELECT token FROM orders WHERE idempotency_key = ?"), {key}).toString();
        const Answer retried = postAndWait(source(i), orders[i]);
        QVERIFY2(retried.status == 201,
                 qPrintable(QStringLiteral("%1: %2 %3")
                                .arg(key)
                                .arg(retried.status)
                                .arg(QString::fromUtf8(QJsonDocument(retried.json).toJson()))));
        const QString token = retried.json.value(QStringLiteral("token")).toString();
        QVERIFY(!token.isEmpty());
        if (!before.isEmpty()) {
            ++writtenUnanswered;
            QCOMPARE(token, before);
        }
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM orders WHERE idempotency_key = ?"), {key}), 1);
    }
    qInfo("%lld acknowledged, %lld unanswered, %d of those written before the kill",
          qint64(acknowledged.size()),
          qint64(unanswered.size()),
          writtenUnanswered);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM orders WHERE idempotency_key LIKE 'crash-%'")), ORDERS);
    QCOMPARE(scalar(QStringLiteral("SELECT count(DISTINCT idempotency_key) FROM orders"
                                   " WHERE idempotency_key LIKE 'crash-%'")),
             ORDERS);

    // No half-written order: both lines, each on exactly one kitchen ticket,
    // and totals that add up.
    const QString crashOrders = QStringLiteral("FROM orders o WHERE o.idempotency_key LIKE 'crash-%' AND ");
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) ") + crashOrders
                    + QStringLiteral("(SELECT count(*) FROM order_items i WHERE i.order_id = o.id) <> 2")),
             0);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) ") + crashOrders
                    + QStringLiteral("NOT EXISTS (SELECT 1 FROM tickets t WHERE t.order_id = o.id)")),
             0);
    QCOMPARE(
        scalar(QStringLiteral("SELECT count(*) ") + crashOrders
               + QStringLiteral("EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id"
                                " AND (SELECT count(*) FROM ticket_items ti WHERE ti.order_item_id = i.id) <> 1)")),
        0);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) ") + crashOrders
                        + QStringLiteral("(o.subtotal_cents <> (SELECT sum(i.quantity * i.unit_price_cents)"
                                         " FROM order_items i WHERE i.order_id = o.id)"
                                         " OR o.subtotal_cents <> ? OR o.delivery_fee_cents <> 0"
                                         " OR o.total_cents <> o.subtotal_cents + o.tax_cents)"),
                    {expectedSubtotal}),
             0);

    m_maitre->terminate();
    QVERIFY(m_maitre->waitForFinished(30000));
    QCOMPARE(m_maitre->exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestOrdersCrash)
#include "tst_orderscrash.moc"
