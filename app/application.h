#pragma once

#include "commandlineoptions.h"
#include "restaurant.h"
#include "result.h"
#include "store/connectionsettings.h"

#include <QFuture>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>

class AnalyticsAccess;
class AnalyticsService;
class ApiTokenService;
class Geocoder;
class OrderExporter;
class OrderService;
class PaymentProvider;
class DinerServer;
class EventListener;
class LocalPostgres;
class MainWindow;
class MenuService;
class KitchenService;
class LanguageModel;
class QueueService;
class RestaurantService;
class SecretStore;
class SettingsView;
class SettingsService;
class StaffService;
class Store;
class TableService;

// The composition root: starts the database (managed or external), the
// store, the event listener, the diner server on its thread and, unless
// headless, the console window; and stops them in order.
class Application final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Application)

public:
    explicit Application(CommandLineOptions options, QObject* parent = nullptr);
    ~Application() override;

    void start();
    // Stops the server, the listener and the store, then the managed
    // PostgreSQL. Blocks; call after the event loop has finished.
    void shutdown();

    MainWindow* window() const { return m_window.get(); }
    // The address diners open on the LAN, e.g. http://192.168.1.20:8080/
    static QString dinerUrl(const QHostAddress& bindAddress, quint16 port);

Q_SIGNALS:
    void serving(const QString& url);
    void failed(const QString& message);

private:
    void databaseReady(const ConnectionSettings& settings);
    void migrated();
    void restaurantKnown(const std::optional<Restaurant>& restaurant);
    // The console for `restaurant`: sign-in first, or the rest of the first-run
    // guide when the restaurant has no owner yet.
    void openConsole(const Restaurant& restaurant);
    void addSettingsView(const Restaurant& restaurant);
    void startOrders(const Restaurant& restaurant);
    void addOrdersView(const Restaurant& restaurant);
    // The dashboard's reads go through the read-only maitre_analytics role
    // when the database has it; the rollups are refreshed with Maitre's own.
    void startAnalytics(const Restaurant& restaurant);
    void addAnalyticsView(const Restaurant& restaurant);
    void refreshRollups();
    // The voice webhook's shared secret, from the keychain to the server.
    void loadVoiceSecret();
    // The language model the settings switch on (key from the keychain), on
    // its own thread, handed to the diner server's assistant; again whenever
    // the settings or the key change. None: both assistants work offline.
    void startLanguageModel();
    void showFirstRun(const std::optional<Restaurant>& unfinished);
    // Seeds the demo restaurant and its staff, then continues with `done`.
    void seedDemo(std::function<void(const Result<Restaurant>&)> done);
    void startServer();
    void serverStarted(const Result<quint16>& port);
    void fail(const QString& message);

    CommandLineOptions m_options;
    std::unique_ptr<LocalPostgres> m_postgres;
    QFuture<Result<ConnectionSettings>> m_bootstrap;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<RestaurantService> m_restaurants;
    std::unique_ptr<TableService> m_tables;
    std::unique_ptr<MenuService> m_menu;
    std::unique_ptr<QueueService> m_queue;
    std::unique_ptr<KitchenService> m_kitchen;
    std::unique_ptr<StaffService> m_staff;
    std::unique_ptr<SettingsService> m_settings;
    std::unique_ptr<ApiTokenService> m_tokens;
    // Keys and secrets in the OS keychain (a session or file store when there is none).
    std::unique_ptr<SecretStore> m_secrets;
    QMetaObject::Connection m_relearnOnSettings;
    // Orders: the providers named in the settings (made once the restaurant is known).
    std::unique_ptr<PaymentProvider> m_payments;
    std::unique_ptr<Geocoder> m_geocoder;
    std::unique_ptr<OrderService> m_orders;
    std::unique_ptr<OrderExporter> m_exporter;
    bool m_ordersStarting = false;
    std::unique_ptr<Store> m_analyticsStore; // as maitre_analytics; null: reads use m_store
    std::unique_ptr<AnalyticsService> m_analytics;
    std::unique_ptr<AnalyticsAccess> m_analyticsAccess;
    bool m_analyticsStarting = false;
    QTimer m_rollupTimer;
    QTimer m_preorderTimer;
    QTimer m_turnTimeTimer;
    qint64 m_restaurantId = 0;
    QThread m_listenerThread;
    std::unique_ptr<EventListener> m_listener;
    QThread m_serverThread;
    std::unique_ptr<DinerServer> m_server;
    quint16 m_dinerPort = 0; // once the server listens
    QThread m_llmThread;
    QObject* m_llmAnchor = nullptr; // lives on m_llmThread: flushes it at shutdown
    std::shared_ptr<LanguageModel> m_languageModel; // null: offline
    int m_languageModelGeneration = 0;
    std::unique_ptr<MainWindow> m_window;
    bool m_shutDown = false;
};
