#include "httpload.h"

#include "httphead.h"

#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>

HttpLoad::HttpLoad(Options options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{ }

HttpLoad::~HttpLoad() = default;

HttpLoad::Outcome HttpLoad::run()
{
    QEventLoop loop;
    m_loop = &loop;
    m_outcome = {};
    m_outcome.perSecond.assign(size_t((m_options.durationMs + 999) / 1000), 0);
    m_connections.assign(size_t(m_options.connections), {});
    m_startUs = LatencyStats::nowUs();
    m_deadlineUs = m_startUs + qint64(m_options.durationMs) * 1000;
    for (Connection& c : m_connections) {
        open(c);
    }
    QTimer deadline;
    deadline.setSingleShot(true);
    deadline.setTimerType(Qt::PreciseTimer);
    connect(&deadline, &QTimer::timeout, this, [this] {
        m_timeUp = true;
        finishIfDrained();
    });
    deadline.start(m_options.durationMs);
    // Requests still unanswered a minute after the end are abandoned.
    QTimer::singleShot(m_options.durationMs + 60'000, &loop, &QEventLoop::quit);
    loop.exec();
    m_outcome.windowSeconds = double(m_options.durationMs) / 1000.0;
    for (Connection& c : m_connections) {
        if (c.socket != nullptr) {
            c.socket->disconnect(this);
            c.socket->abort();
            delete c.socket;
            c.socket = nullptr;
        }
    }
    m_loop = nullptr;
    return m_outcome;
}

void HttpLoad::open(Connection& connection)
{
    auto* socket = new QTcpSocket(this);
    connection.socket = socket;
    connection.buffer.clear();
    connection.inFlight = false;
    Connection* c = &connection;
    connect(socket, &QTcpSocket::connected, this, [this, c] {
        c->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        sendNext(*c);
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, c] { readAnswers(*c); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, c](QAbstractSocket::SocketError) { lost(*c); });
    socket->connectToHost(m_options.address, m_options.port);
}

void HttpLoad::sendNext(Connection& connection)
{
    if (m_timeUp) {
        return;
    }
    const QByteArray body = m_options.body ? m_options.body(m_sent) : QByteArray();
    ++m_sent;
    connection.followUp = false;
    send(connection, m_options.method, m_options.path, body);
}

void HttpLoad::send(Connection& connection, const QByteArray& method, const QByteArray& path, const QByteArray& body)
{
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: " + m_options.address.toString().toLatin1() + ':'
        + QByteArray::number(m_options.port) + "\r\n";
    if (!body.isEmpty()) {
        request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    }
    request += "\r\n" + body;
    connection.inFlight = true;
    connection.sentAtUs = LatencyStats::nowUs();
    connection.socket->write(request);
}

void HttpLoad::readAnswers(Connection& connection)
{
    connection.buffer += connection.socket->readAll();
    while (connection.inFlight) {
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
        const int status = head.size() >= 12 ? head.sliced(9, 3).toInt() : 0;
        if (connection.followUp) {
            ++m_outcome.followUpStatuses[status];
            m_outcome.followUpLatency.add(now - connection.sentAtUs);
            connection.buffer.remove(0, total);
            connection.inFlight = false;
            sendNext(connection);
            continue;
        }
        ++m_outcome.statuses[status];
        m_outcome.latency.add(now - connection.sentAtUs);
        if (now <= m_deadlineUs) {
            ++m_outcome.answeredInWindow;
            const auto second = size_t((now - m_startUs) / 1'000'000);
            if (second < m_outcome.perSecond.size()) {
                ++m_outcome.perSecond[second];
            }
        }
        const QByteArray body = connection.buffer.sliced(headEnd + 4, total - headEnd - 4);
        connection.buffer.remove(0, total);
        connection.inFlight = false;
        const auto next = m_options.followUp && !m_timeUp ? m_options.followUp(body) : std::nullopt;
        if (next) {
            connection.followUp = true;
            send(connection, next->method, next->path, {});
        } else {
            sendNext(connection);
        }
    }
    finishIfDrained();
}

void HttpLoad::lost(Connection& connection)
{
    ++m_outcome.socketErrors;
    QTcpSocket* socket = connection.socket;
    socket->disconnect(this);
    socket->deleteLater();
    connection.socket = nullptr;
    connection.inFlight = false;
    if (!m_timeUp) {
        open(connection);
    } else {
        finishIfDrained();
    }
}

void HttpLoad::finishIfDrained()
{
    if (!m_timeUp || m_loop == nullptr) {
        return;
    }
    for (const Connection& c : m_connections) {
        if (c.inFlight) {
            return;
        }
    }
    m_loop->quit();
}
