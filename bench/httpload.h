#pragma once

#include "latencystats.h"

#include <QByteArray>
#include <QHostAddress>
#include <QMap>
#include <QObject>
#include <functional>
#include <optional>
#include <vector>

class QTcpSocket;
class QEventLoop;

// A closed-loop HTTP/1.1 load generator: `connections` keep-alive
// connections, each sending its next request as soon as the previous answer
// is in, for a fixed time. Lighter than QNetworkAccessManager (no per-request
// objects), so it leaves the cores to the server under test.
class HttpLoad final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpLoad)

public:
    struct Options
    {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 0;
        QByteArray method = "GET";
        QByteArray path = "/";
        int connections = 50;
        int durationMs = 10'000;
        // The body of the n-th request (empty: none).
        std::function<QByteArray(qint64)> body;

        struct Request
        {
            QByteArray method;
            QByteArray path;
        };
        // Called with each answer's body: a request to send next on the same
        // connection (e.g. leaving the queue again), timed apart from the main ones.
        std::function<std::optional<Request>(const QByteArray&)> followUp;
    };

    struct Outcome
    {
        LatencyStats latency; // every answered request
        QMap<int, qint64> statuses; // HTTP status → count
        qint64 answeredInWindow = 0; // answered before the time was up
        qint64 socketErrors = 0;
        double windowSeconds = 0.0;
        std::vector<qint64> perSecond; // answers in each second of the window
        LatencyStats followUpLatency;
        QMap<int, qint64> followUpStatuses;
        double requestsPerSecond() const { return windowSeconds > 0 ? double(answeredInWindow) / windowSeconds : 0; }
    };

    explicit HttpLoad(Options options, QObject* parent = nullptr);
    ~HttpLoad() override;

    // Runs the load in the calling thread with an event loop of its own, and
    // returns when the time is up and the requests in flight are answered.
    Outcome run();

private:
    struct Connection
    {
        QTcpSocket* socket = nullptr;
        QByteArray buffer;
        qint64 sentAtUs = 0;
        bool inFlight = false;
        bool followUp = false; // what is in flight is a follow-up
    };

    void open(Connection& connection);
    void sendNext(Connection& connection);
    void send(Connection& connection, const QByteArray& method, const QByteArray& path, const QByteArray& body);
    void readAnswers(Connection& connection);
    void lost(Connection& connection);
    void finishIfDrained();

    Options m_options;
    std::vector<Connection> m_connections;
    Outcome m_outcome;
    QEventLoop* m_loop = nullptr;
    qint64 m_startUs = 0;
    qint64 m_deadlineUs = 0;
    qint64 m_sent = 0;
    bool m_timeUp = false;
};
