#include "httpbatch.h"

#include "httphead.h"
#include "latencystats.h"

#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>

HttpBatch::HttpBatch(Options options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{ }

HttpBatch::~HttpBatch() = default;

std::vector<HttpBatch::Answer> HttpBatch::run(const std::vector<Request>& requests)
{
    QEventLoop loop;
    m_loop = &loop;
    m_requests = &requests;
    m_answers.assign(requests.size(), {});
    m_next = 0;
    m_answered = 0;
    m_startUs = LatencyStats::nowUs();
    m_lastAnswerUs = m_startUs;
    m_connections.assign(size_t(std::max(1, m_options.connections)), {});
    for (size_t i = 0; i < m_connections.size(); ++i) {
        m_connections[i].index = int(i);
        open(m_connections[i]);
    }
    QTimer::singleShot(m_options.timeoutMs, &loop, &QEventLoop::quit);
    if (m_answered < requests.size()) {
        loop.exec();
    }
    m_elapsedSeconds = double(m_lastAnswerUs - m_startUs) / 1e6;
    for (Connection& c : m_connections) {
        if (c.socket != nullptr) {
            c.socket->disconnect(this);
            c.socket->abort();
            delete c.socket;
            c.socket = nullptr;
        }
    }
    m_connections.clear();
    m_loop = nullptr;
    m_requests = nullptr;
    return std::move(m_answers);
}

void HttpBatch::open(Connection& connection)
{
    auto* socket = new QTcpSocket(this);
    connection.socket = socket;
    connection.buffer.clear();
    connection.current = -1;
    Connection* c = &connection;
    connect(socket, &QTcpSocket::connected, this, [this, c] {
        c->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        sendNext(*c);
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, c] { readAnswers(*c); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, c](QAbstractSocket::SocketError) { lost(*c); });
    if (m_options.ownSourceAddresses) {
        // 127.0.0.2 … 127.0.255.x: every address in 127/8 is the loopback on Linux.
        const quint32 source = QHostAddress(QStringLiteral("127.0.0.2")).toIPv4Address() + quint32(connection.index);
        socket->bind(QHostAddress(source), 0);
    }
    socket->connectToHost(m_options.address, m_options.port);
}

void HttpBatch::sendNext(Connection& connection)
{
    if (m_next >= m_requests->size()) {
        return;
    }
    connection.current = qsizetype(m_next++);
    const Request& r = (*m_requests)[size_t(connection.current)];
    QByteArray wire = r.method + ' ' + r.path + " HTTP/1.1\r\nHost: " + m_options.address.toString().toLatin1() + ':'
        + QByteArray::number(m_options.port) + "\r\n";
    for (const auto& [name, value] : r.headers) {
        wire += name + ": " + value + "\r\n";
    }
    if (!r.body.isEmpty()) {
        wire += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(r.body.size()) + "\r\n";
    }
    wire += "\r\n" + r.body;
    m_answers[size_t(connection.current)].sentAtUs = LatencyStats::nowUs();
    connection.socket->write(wire);
}

void HttpBatch::readAnswers(Connection& connection)
{
    connection.buffer += connection.socket->readAll();
    while (connection.current >= 0) {
        const qsizetype headEnd = connection.buffer.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return;
        }
        const QByteArrayView head = QByteArrayView(connection.buffer).first(headEnd);
        const qint64 total = headEnd + 4 + HttpHead::contentLength(head);
        if (connection.buffer.size() < total) {
            return;
        }
        const qint64 now = LatencyStats::nowUs();
        Answer& answer = m_answers[size_t(connection.current)];
        answer.status = head.size() >= 12 ? head.sliced(9, 3).toInt() : 0;
        answer.body = connection.buffer.sliced(headEnd + 4, total - headEnd - 4);
        answer.latencyUs = now - answer.sentAtUs;
        connection.buffer.remove(0, total);
        connection.current = -1;
        ++m_answered;
        m_lastAnswerUs = now;
        sendNext(connection);
    }
    finishIfDone();
}

void HttpBatch::lost(Connection& connection)
{
    // The request in flight stays unanswered (status 0); carry on with the rest.
    if (connection.current >= 0) {
        ++m_answered;
        connection.current = -1;
    }
    QTcpSocket* socket = connection.socket;
    socket->disconnect(this);
    socket->deleteLater();
    connection.socket = nullptr;
    if (m_next < m_requests->size()) {
        open(connection);
    } else {
        finishIfDone();
    }
}

void HttpBatch::finishIfDone()
{
    if (m_loop != nullptr && m_answered >= m_requests->size()) {
        m_loop->quit();
    }
}
