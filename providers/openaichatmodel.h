#pragma once

#include "languagemodel.h"
#include "ssereader.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUrl>
#include <atomic>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

// A client for any OpenAI-compatible chat-completions API — OpenAI, Groq,
// vLLM, Ollama (…/v1), llama.cpp's server — with tool calling and streamed
// answers (Server-Sent Events; tool-call arguments arrive in fragments and are
// put together here). Timeouts for the first answer, for silence within a
// stream and for the whole answer; retries with exponential backoff for
// connection failures, 429 and 5xx (honouring Retry-After) as long as nothing
// has reached the caller yet. The key is sent only in the Authorization
// header and never logged. Network calls run on the thread that owns it.
class OpenAiChatModel final : public QObject, public LanguageModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenAiChatModel)

public:
    struct Options
    {
        // "https://api.openai.com/v1", "http://localhost:11434/v1", … ;
        // "/chat/completions" is added unless the path ends with it, and a
        // bare host gets "/v1/chat/completions".
        QUrl baseUrl;
        QString model;
        QString apiKey; // empty: no Authorization header (local servers)
        int firstAnswerTimeoutMs = 20'000; // until the answer starts
        int idleTimeoutMs = 30'000; // silence within a streamed answer
        int totalTimeoutMs = 120'000;
        int maxAttempts = 3;
        int retryDelayMs = 500; // doubled at every retry
        int maxRetryDelayMs = 20'000; // a longer Retry-After is not waited for
    };

    explicit OpenAiChatModel(Options options, QObject* parent = nullptr);
    ~OpenAiChatModel() override;

    // The chat-completions URL `baseUrl` leads to.
    static QUrl endpointFor(const QUrl& baseUrl);
    const Options& options() const { return m_options; }

    QString name() const override;
    QString describe() const override;
    quint64 complete(const ChatRequest& request, QObject* context, Callbacks callbacks) override;
    void cancel(quint64 id) override;

    // The request body for `request` (exposed for tests of the wire format).
    QByteArray requestBody(const ChatRequest& request) const;

private:
    struct Call
    {
        quint64 id = 0;
        ChatRequest request;
        QPointer<QObject> context;
        Callbacks callbacks;
        int attempt = 0;
        QNetworkReply* reply = nullptr;
        QTimer* idle = nullptr; // first answer, then silence
        QTimer* total = nullptr;
        QTimer* retry = nullptr;
        bool timedOut = false;
        bool delivered = false; // something reached the caller: no retry now
        bool streaming = false; // the answer is an event stream
        bool sawDone = false;
        SseReader sse;
        QByteArray body; // a JSON answer (or an error's), read whole
        // The answer put together.
        QString text;
        QMap<int, ChatToolCall> tools;
        QMap<int, QString> pendingArguments; // fragments before the call's name
        QSet<int> started;
        QString finishReason;
        QString model;
    };

    void start(std::shared_ptr<Call> call);
    void send(const std::shared_ptr<Call>& call);
    void readyRead(const std::shared_ptr<Call>& call);
    void replyFinished(const std::shared_ptr<Call>& call);
    void timedOut(const std::shared_ptr<Call>& call);
    // Handles one streamed chunk; an error when it cannot be read.
    VoidResult chunk(const std::shared_ptr<Call>& call, const QString& data);
    VoidResult wholeAnswer(const std::shared_ptr<Call>& call, const QByteArray& body);
    void toolDelta(
        const std::shared_ptr<Call>& call, int index, const QString& id, const QString& name, const QString& arguments);
    // Retries when that is safe and attempts are left; false otherwise.
    bool retryLater(const std::shared_ptr<Call>& call, int status, const QByteArray& retryAfter);
    void finish(const std::shared_ptr<Call>& call, const Result<ChatCompletion>& result);
    void deliver(const std::shared_ptr<Call>& call, std::function<void(const Callbacks&)> what);
    Error httpError(int status, const QByteArray& body) const;
    void dropReply(const std::shared_ptr<Call>& call);

    Options m_options;
    QUrl m_endpoint;
    QNetworkAccessManager* m_network = nullptr;
    QHash<quint64, std::shared_ptr<Call>> m_calls;
    std::atomic<quint64> m_nextId{1};
};
