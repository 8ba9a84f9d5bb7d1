#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <vector>

class QTcpSocket;
class QEventLoop;

// A one-shot HTTP/1.1 client: a fixed list of requests sent over N keep-alive
// connections at once, each connection taking the next request off the list
// as soon as its previous answer is in, until the list is done. Connection i
// can come from its own loopback address (127.0.0.2 + i), as if from N phones,
// so a per-address write limit sees N diners rather than one.
class HttpBatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpBatch)

public:
    struct Request
    {
        QByteArray method = "GET";
        QByteArray path = "/";
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body; // sent as application/json when not empty
    };

    struct Answer
    {
        int status = 0; // 0: no answer (connection lost or timed out)
        QByteArray body;
        qint64 sentAtUs = 0; // LatencyStats::nowUs()
        qint64 latencyUs = 0;
    };

    struct Options
    {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 0;
        int connections = 50;
        bool ownSourceAddresses = true; // connection i binds 127.0.0.2 + i
        int timeoutMs = 120'000; // the whole batch
    };

    explicit HttpBatch(Options options, QObject* parent = nullptr);
    ~HttpBatch() override;

    // Sends every request and returns their answers in the same order, once
    // all are answered (or the time is up). Runs an event loop of its own.
    std::vector<Answer> run(const std::vector<Request>& requests);
    // Seconds from the first connection opened to the last answer.
    double elapsedSeconds() const { return m_elapsedSeconds; }

private:
    struct Connection
    {
        int index = 0;
        QTcpSocket* socket = nullptr;
        QByteArray buffer;
        qsizetype current = -1; // the request in flight, or -1
    };

    void open(Connection& connection);
    void sendNext(Connection& connection);
    void readAnswers(Connection& connection);
    void lost(Connection& connection);
    void finishIfDone();

    Options m_options;
    const std::vector<Request>* m_requests = nullptr;
    std::vector<Answer> m_answers;
    std::vector<Connection> m_connections;
    QEventLoop* m_loop = nullptr;
    size_t m_next = 0;
    size_t m_answered = 0;
    qint64 m_startUs = 0;
    qint64 m_lastAnswerUs = 0;
    double m_elapsedSeconds = 0.0;
};
