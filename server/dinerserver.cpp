#include "dinerserver.h"

#include "assistantcontroller.h"
#include "dinerassistant.h"
#include "eventstreamcontroller.h"
#include "feedbackcontroller.h"
#include "feedbackservice.h"
#include "healthcontroller.h"
#include "httpjson.h"
#include "limitingtcpserver.h"
#include "menucontroller.h"
#include "ordercontroller.h"
#include "problem.h"
#include "queuecache.h"
#include "queuecontroller.h"
#include "routetable.h"
#include "servercontext.h"
#include "settingsservice.h"
#include "staffcontroller.h"
#include "staticcontroller.h"
#include "voicewebhookcontroller.h"
#include "websockethub.h"

#include <QCoreApplication>
#include <QHttpHeaders>
#include <QHttpServer>
#include <QHttpServerResponder>
#include <QHttpServerWebSocketUpgradeResponse>
#include <QWebSocket>

DinerServer::DinerServer(Store& store, MenuService& menu, QueueService& queue, QObject* parent)
    : QObject(parent)
    , m_context(
          std::make_unique<ServerContext>(ServerContext{store, menu, queue, RateLimiter(), 0, nullptr, {}, nullptr}))
    , m_feedbackService(std::make_unique<FeedbackService>(store))
    , m_settings(std::make_unique<SettingsService>(store))
    , m_assistant(new DinerAssistant(store, menu, *m_settings, this))
{ }

void DinerServer::setLanguageModel(std::shared_ptr<LanguageModel> model)
{
    m_assistant->setLanguageModel(std::move(model));
}

void DinerServer::setRestaurantId(qint64 restaurantId)
{
    m_context->restaurantId = restaurantId;
    if (m_cache) {
        m_cache->refresh();
    }
}

void DinerServer::setOrderService(OrderService* orders)
{
    m_context->orders = orders;
}

void DinerServer::setVoiceWebhookSecret(const QByteArray& secret)
{
    m_voiceWebhookSecret = secret;
    if (m_voice) {
        m_voice->setSecret(secret);
    }
}

void DinerServer::handleEvent(const DomainEvent& event)
{
    if (event.type == u"restaurant.created" && m_context->restaurantId == 0) {
        m_context->restaurantId = event.restaurantId;
        if (m_cache) {
            m_cache->refresh();
        }
    }
    if (m_menu) {
        m_menu->handleEvent(event);
    }
    if (m_hub) {
        m_hub->handleEvent(event);
    }
    if (m_cache) {
        m_cache->handleEvent(event);
    }
    if (m_events) {
        m_events->handleEvent(event);
    }
}

DinerServer::~DinerServer()
{
    close();
    delete m_assistant; // before the settings service it reads
    m_assistant = nullptr;
}

Result<quint16> DinerServer::listen(const Options& options)
{
    close();
    m_context->writeLimiter.configure(options.writeBurst, options.writesPerMinute);
    m_http = std::make_unique<QHttpServer>();
    m_routes = std::make_unique<RouteTable>(*m_http);
    m_cache = new QueueCache(*m_context, this);
    m_context->queueCache = m_cache;
    m_cache->refresh();
    m_hub = new WebSocketHub(*m_context, *m_cache, this);
    connect(m_hub, &WebSocketHub::connectionCountChanged, this, &DinerServer::connectedDinersChanged);
    registerRoutes();
    m_events->setHeartbeatInterval(options.eventHeartbeatMs);
    m_events->setMaxBufferedBytes(options.eventMaxBufferedBytes);
    m_assistantApi->configure(options.assistantBurst, options.assistantPerMinute, options.maxAssistantBodyBytes);

    auto tcp = std::make_unique<LimitingTcpServer>();
    tcp->setMaxBodySize(options.maxBodyBytes);
    tcp->setIdleTimeout(options.idleTimeoutMs);
    if (!tcp->listen(options.address, options.port)) {
        const QString message = QCoreApplication::translate("DinerServer", "Cannot listen on %1 port %2: %3")
                                    .arg(options.address.toString())
                                    .arg(options.port)
                                    .arg(tcp->errorString());
        close();
        return unexpected(Error::unavailable(message));
    }
    m_port = tcp->serverPort();
    m_tcp = tcp.get();
    m_context->transport = m_tcp;
    if (!m_http->bind(tcp.release())) { // the HTTP server owns it from here
        close();
        return unexpected(Error::internal(QStringLiteral("QHttpServer refused the listening socket")));
    }
    return m_port;
}

void DinerServer::close()
{
    // Controllers before the HTTP server: open event streams and answers still
    // on their way hold responders on its connections.
    delete m_assistantApi;
    m_assistantApi = nullptr;
    delete m_events;
    m_events = nullptr;
    delete m_staff;
    m_staff = nullptr;
    delete m_health;
    m_health = nullptr;
    delete m_menu;
    m_menu = nullptr;
    delete m_queue;
    m_queue = nullptr;
    delete m_orders;
    m_orders = nullptr;
    delete m_voice;
    m_voice = nullptr;
    delete m_feedback;
    m_feedback = nullptr;
    delete m_static;
    m_static = nullptr;
    m_http.reset(); // closes the listener and every HTTP connection
    m_routes.reset();
    m_tcp = nullptr;
    if (m_hub) {
        delete m_hub;
        m_hub = nullptr;
        Q_EMIT connectedDinersChanged(0);
    }
    m_context->queueCache = nullptr;
    delete m_cache;
    m_cache = nullptr;
    m_port = 0;
}

void DinerServer::registerRoutes()
{
    m_health = new HealthController(m_context->store, this);
    m_health->registerRoutes(*m_routes);
    m_menu = new MenuController(*m_context, this);
    m_menu->registerRoutes(*m_routes);
    m_queue = new QueueController(*m_context, this);
    m_queue->registerRoutes(*m_routes);
    m_orders = new OrderController(*m_context, this);
    m_orders->registerRoutes(*m_routes);
    m_voice = new VoiceWebhookController(*m_context, this);
    m_voice->setSecret(m_voiceWebhookSecret);
    m_voice->registerRoutes(*m_routes);
    m_feedback = new FeedbackController(*m_context, *m_feedbackService, this);
    m_feedback->registerRoutes(*m_routes);
    // Staff-only routes for integrations, behind API tokens.
    m_staff = new StaffController(*m_context, this);
    m_staff->registerRoutes(*m_routes);
    m_events = new EventStreamController(*m_context, this);
    m_events->registerRoutes(*m_routes);
    // The diners' ordering assistant: AG-UI, the chat API and chat on the WebSocket.
    m_assistantApi = new AssistantController(*m_context, *m_assistant, this);
    m_assistantApi->registerRoutes(*m_routes);
    connect(m_hub, &WebSocketHub::messageReceived, m_assistantApi, &AssistantController::socketMessage);
    // Last: "/<file>" must not shadow the API.
    m_static = new StaticController(this);
    m_static->registerRoutes(*m_routes);

    m_http->addAfterRequestHandler(
        this, [](const QHttpServerRequest&, QHttpServerResponse& response) { HttpJson::addStandardHeaders(response); });

    m_http->setMissingHandler(this, [this](const QHttpServerRequest& request, QHttpServerResponder& responder) {
        const QString path = request.url().path();
        const auto allowed = m_routes->allowedMethods(path);
        if (allowed.isEmpty()) {
            responder.sendResponse(
                Problem::response(QHttpServerResponse::StatusCode::NotFound,
                                  QCoreApplication::translate("DinerServer", "Not found"),
                                  QCoreApplication::translate("DinerServer", "There is nothing at %1.").arg(path)));
            return;
        }
        QByteArrayList names;
        for (auto method : allowed) {
            names.append(RouteTable::methodName(method));
        }
        QHttpServerResponse response =
            Problem::response(QHttpServerResponse::StatusCode::MethodNotAllowed,
                              QCoreApplication::translate("DinerServer", "Method not allowed"),
                              QCoreApplication::translate("DinerServer", "%1 accepts %2.")
                                  .arg(path, QString::fromLatin1(names.join(", "))));
        QHttpHeaders headers = response.headers();
        headers.append(QHttpHeaders::WellKnownHeader::Allow, names.join(", "));
        response.setHeaders(std::move(headers));
        responder.sendResponse(response);
    });

    // Live updates for diners share the HTTP port.
    m_http->addWebSocketUpgradeVerifier(this, [](const QHttpServerRequest& request) {
        if (request.url().path() == u"/ws") {
            return QHttpServerWebSocketUpgradeResponse::accept();
        }
        return QHttpServerWebSocketUpgradeResponse::passToNext();
    });
    connect(m_http.get(), &QHttpServer::newWebSocketConnection, this, [this] {
        while (m_http->hasPendingWebSocketConnections()) {
            m_hub->addConnection(m_http->nextPendingWebSocketConnection());
        }
    });
}
