#pragma once

#include "menu.h"
#include "order.h"
#include "result.h"

#include <QByteArray>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QObject>
#include <memory>

class QHttpServerRequest;
class QHttpServerResponder;
class RestaurantService;
class RouteTable;
struct ServerContext;

// POST /api/v1/webhooks/voice: orders taken on the phone by a voice-AI agent
// (Vapi-style "tool-calls"), signed with a shared secret, answered with a
// sentence the agent reads back to the caller.
class VoiceWebhookController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VoiceWebhookController)

public:
    // A signature older or newer than this is a replay (or a wrong clock): 401.
    static constexpr qint64 MAX_CLOCK_SKEW_SECONDS = 5 * 60;
    static constexpr qsizetype MAX_TOOL_CALLS = 10;
    static constexpr qsizetype MAX_TOOL_CALL_ID = 190; // "voice:" + id is the order's idempotency key
    static constexpr qsizetype MAX_SPOKEN_NAME = 80;
    static const QByteArray SIGNATURE_HEADER; // "X-Maitre-Signature"

    explicit VoiceWebhookController(ServerContext& context, QObject* parent = nullptr);
    ~VoiceWebhookController() override;

    void registerRoutes(RouteTable& routes);
    // Empty: voice ordering is not set up (503).
    void setSecret(const QByteArray& secret);

    // The X-Maitre-Signature value for `body` sent at `unixSeconds`:
    // "t=<unixSeconds>,v1=<hex HMAC-SHA256 of "<unixSeconds>.<body>">".
    static QByteArray sign(const QByteArray& secret, const QByteArray& body, qint64 unixSeconds);
    // Whether `header` signs `body` with `secret` within MAX_CLOCK_SKEW_SECONDS of `nowUnixSeconds`.
    enum class Verdict
    {
        Valid,
        Missing,
        Wrong,
        Stale
    };
    static Verdict
    verify(const QByteArray& secret, const QByteArray& header, const QByteArray& body, qint64 nowUnixSeconds);

private:
    struct Exchange;

    void handle(const QHttpServerRequest& request, QHttpServerResponder& responder);
    // With the menu in: match each call's dishes, place the orders, then answer.
    void placeOrders(const std::shared_ptr<Exchange>& exchange, const Result<Menu>& menu);
    void finish(const std::shared_ptr<Exchange>& exchange);

    ServerContext& m_context;
    RestaurantService* m_restaurants; // a child: for the restaurant's time zone
    QByteArray m_secret;
};
