#pragma once

#include "assistantrun.h"
#include "dinerassistant.h"
#include "ratelimiter.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;
class QWebSocket;
class RouteTable;
struct ServerContext;

// The diners' ordering assistant on the API: POST /api/v1/agent speaks AG-UI
// (RunAgentInput in, a text/event-stream of AG-UI events out) so off-the-shelf
// AG-UI clients work with it; POST /api/v1/chat takes one message and answers
// with the run's text, cards, cart and events as JSON (or the same stream,
// for Accept: text/event-stream); on the diner WebSocket a {"type": "chat"}
// message streams the run's events back. Rate limited per client address,
// messages bounded (413 for a body, 422 for a message), problem+json for
// every error.
class AssistantController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AssistantController)

public:
    // A comment line on an open stream this often, under the idle timeout.
    static constexpr int HEARTBEAT_MS = 10'000;

    AssistantController(ServerContext& context, DinerAssistant& assistant, QObject* parent = nullptr);
    // Ends open streams; delete before the QHttpServer, which owns the connections.
    ~AssistantController() override;

    void registerRoutes(RouteTable& routes);
    // Turns per client address: a burst, then a steady rate per minute; the largest body.
    void configure(int burst, int perMinute, qint64 maxBodyBytes);
    // A text message from a diner's WebSocket; only {"type": "chat", …} is the assistant's.
    void socketMessage(QWebSocket* socket, const QString& message);
    int openStreams() const { return int(m_streams.size()); }

private:
    enum class Answer
    {
        EventStream, // AG-UI over Server-Sent Events
        Json, // one JSON answer at the end
        Socket // AG-UI events as WebSocket messages
    };
    struct Stream
    {
        quint64 serial = 0;
        Answer answer = Answer::EventStream;
        std::unique_ptr<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket;
        QPointer<QWebSocket> webSocket;
        QPointer<AssistantRun> run;
        QString threadId;
        QString runId;
        QString session; // the chat API's name for the thread
        nlohmann::json events = nlohmann::json::array();
        std::unique_ptr<QTimer> heartbeat;
    };

    // Answers a turn refused before its body is read: rate limited (429), not set up (503), too large (413).
    bool refusedUpFront(const QHttpServerRequest& request, QHttpServerResponder& responder);
    void start(const AssistantTurn& turn,
               Answer answer,
               QHttpServerResponder* responder,
               QTcpSocket* socket,
               QWebSocket* webSocket,
               const QString& session);
    void event(quint64 serial, const AssistantRunEvent& event);
    void finished(quint64 serial);
    void drop(quint64 serial);
    Stream* find(quint64 serial);
    // The chat API's body {"session"?, "message", "language"?, "cart"?} → a turn;
    // without a session, `defaultSession` if valid, else a new one.
    Result<AssistantTurn> chatTurn(const QByteArray& body, QString& session, const QString& defaultSession = {}) const;
    void sendSocketError(QWebSocket* socket, const QString& session, const Error& error, const QString& code);

    ServerContext& m_context;
    DinerAssistant& m_assistant;
    RateLimiter m_limiter;
    qint64 m_maxBodyBytes = 32 * 1024;
    std::vector<Stream> m_streams;
    quint64 m_nextSerial = 1;
};
