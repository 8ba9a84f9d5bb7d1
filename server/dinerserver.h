#pragma once

#include "domainevent.h"
#include "result.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <memory>

class AssistantController;
class DinerAssistant;
class EventStreamController;
class FeedbackController;
class FeedbackService;
class LanguageModel;
class HealthController;
class LimitingTcpServer;
class MenuController;
class MenuService;
class OrderController;
class OrderService;
class QHttpServer;
class QueueCache;
class QueueController;
class QueueService;
class RouteTable;
class SettingsService;
class StaffController;
class StaticController;
class VoiceWebhookController;
class Store;
class WebSocketHub;
struct ServerContext;

// The embedded server diners' phones talk to: the web page, the REST API and
// the WebSocket hub on one port. Create it, move it to its own thread, then
// call listen() in that thread; everything it makes lives there.
class DinerServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DinerServer)

public:
    struct Options
    {
        QHostAddress address = QHostAddress::Any;
        quint16 port = 8080; // 0: any free port
        qint64 maxBodyBytes = 64 * 1024;
        int idleTimeoutMs = 30'000;
        // Writes per client address: a burst, then a steady rate per minute.
        int writeBurst = 60;
        int writesPerMinute = 60;
        // A comment line on every open /api/v1/events stream this often (under idleTimeoutMs).
        int eventHeartbeatMs = 15'000;
        // An event-stream client this many bytes behind the live stream is dropped (it can resume).
        qint64 eventMaxBufferedBytes = 4 << 20;
        // Turns of the ordering assistant per client address: a burst, then a rate per minute.
        int assistantBurst = 20;
        int assistantPerMinute = 20;
        qint64 maxAssistantBodyBytes = 32 * 1024;
    };

    DinerServer(Store& store, MenuService& menu, QueueService& queue, QObject* parent = nullptr);
    ~DinerServer() override;

    // Binds and starts serving; the port actually bound, or why not.
    Result<quint16> listen(const Options& options);
    // Stops listening and closes every connection.
    void close();
    quint16 port() const { return m_port; }
    // The service behind /api/v1/orders (not owned; outlives the server).
    // Until it is set those routes answer 503.
    void setOrderService(OrderService* orders);
    // The diners' ordering assistant (lives with the server, on its thread).
    DinerAssistant* assistant() const { return m_assistant; }

public Q_SLOTS:
    // The restaurant served; 0 (before first-run set-up) answers 503.
    void setRestaurantId(qint64 restaurantId);
    // The secret voice-ordering services sign their webhooks with; empty (the
    // default) turns POST /api/v1/webhooks/voice off (503).
    void setVoiceWebhookSecret(const QByteArray& secret);
    // The language model the assistant uses when the settings switch it on; null: rules only.
    void setLanguageModel(std::shared_ptr<LanguageModel> model);
    void handleEvent(const DomainEvent& event);

Q_SIGNALS:
    void connectedDinersChanged(int count);

private:
    void registerRoutes();

    std::unique_ptr<ServerContext> m_context;
    std::unique_ptr<FeedbackService> m_feedbackService;
    std::unique_ptr<QHttpServer> m_http;
    std::unique_ptr<RouteTable> m_routes;
    LimitingTcpServer* m_tcp = nullptr; // owned by m_http once bound
    HealthController* m_health = nullptr;
    MenuController* m_menu = nullptr;
    QueueController* m_queue = nullptr;
    OrderController* m_orders = nullptr;
    StaticController* m_static = nullptr;
    VoiceWebhookController* m_voice = nullptr;
    FeedbackController* m_feedback = nullptr;
    QByteArray m_voiceWebhookSecret;
    StaffController* m_staff = nullptr;
    EventStreamController* m_events = nullptr;
    std::unique_ptr<SettingsService> m_settings; // the assistant's persona and model settings
    DinerAssistant* m_assistant = nullptr;
    AssistantController* m_assistantApi = nullptr;
    WebSocketHub* m_hub = nullptr;
    QueueCache* m_cache = nullptr;
    quint16 m_port = 0;
};
