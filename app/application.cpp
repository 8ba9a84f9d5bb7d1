#include "application.h"

#include "analyticsaccess.h"
#include "analyticsaccesspage.h"
#include "analyticsrole.h"
#include "analyticsservice.h"
#include "analyticsview.h"
#include "apitokenservice.h"
#include "consolesession.h"
#include "demostaff.h"
#include "dinerserver.h"
#include "firstrunwizard.h"
#include "geocoder.h"
#include "historygenerator.h"
#include "kitchenprintrouter.h"
#include "kitchenservice.h"
#include "kitchenview.h"
#include "languagemodel.h"
#include "localpostgres.h"
#include "mainwindow.h"
#include "menuservice.h"
#include "orderexporter.h"
#include "orderservice.h"
#include "ordersview.h"
#include "paymentprovider.h"
#include "printerroutes.h"
#include "providerfactory.h"
#include "queueservice.h"
#include "restaurantservice.h"
#include "restaurantsettings.h"
#include "secretstore.h"
#include "settingsservice.h"
#include "settingsview.h"
#include "staffservice.h"
#include "startuppage.h"
#include "store/eventlistener.h"
#include "store/migrator.h"
#include "store/sql.h"
#include "store/store.h"
#include "tableservice.h"
#include "unconfiguredpaymentprovider.h"

#include <QCoreApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QNetworkInterface>
#include <QPointer>
#include <QSettings>
#include <QUrl>
#include <QtConcurrent>

Q_LOGGING_CATEGORY(lcApp, "maitre.app")

namespace
{
// The analytics rollups hold everything older than two days; newer rows are read live.
constexpr int ROLLUP_REFRESH_MS = 30 * 60'000;
// The demo restaurant's past: about 120 orders a day for three months.
constexpr int DEMO_HISTORY_DAYS = 90;
constexpr int DEMO_HISTORY_ORDERS = 10'800;
} // namespace

Application::Application(CommandLineOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_listenerThread.setObjectName(QStringLiteral("maitre-events"));
    m_rollupTimer.setInterval(ROLLUP_REFRESH_MS);
    connect(&m_rollupTimer, &QTimer::timeout, this, &Application::refreshRollups);
    m_serverThread.setObjectName(QStringLiteral("maitre-server"));
    m_llmThread.setObjectName(QStringLiteral("maitre-llm"));
    if (!m_options.headless) {
        m_window = std::make_unique<MainWindow>();
    }
}

Application::~Application()
{
    shutdown();
}

QString Application::dinerUrl(const QHostAddress& bindAddress, quint16 port)
{
    QHostAddress host = bindAddress;
    if (bindAddress == QHostAddress::Any || bindAddress == QHostAddress::AnyIPv4
        || bindAddress == QHostAddress::AnyIPv6) {
        // Diners need the address their phones can reach: the first LAN one.
        host = QHostAddress::LocalHost;
        const auto interfaces = QNetworkInterface::allInterfaces();
        for (const QNetworkInterface& iface : interfaces) {
            const auto flags = iface.flags();
            if (!flags.testFlag(QNetworkInterface::IsUp) || !flags.testFlag(QNetworkInterface::IsRunning)
                || flags.testFlag(QNetworkInterface::IsLoopBack)) {
                continue;
            }
            for (const QNetworkAddressEntry& entry : iface.addressEntries()) {
                if (entry.ip().protocol() == QAbstractSocket::IPv4Protocol && !entry.ip().isLoopback()) {
                    host = entry.ip();
                    break;
                }
            }
            if (host != QHostAddress(QHostAddress::LocalHost)) {
                break;
            }
        }
    }
    const QString text =
        host.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + host.toString() + u']' : host.toString();
    return QStringLiteral("http://%1:%2/").arg(text).arg(port);
}

void Application::start()
{
    if (m_window) {
        if (m_options.kitchen) {
            // A kitchen screen: the Kitchen view alone, full screen, for the station asked for.
            KitchenScope scope = KitchenScope::forStation(m_options.station);
            if (m_options.station.isEmpty()) {
                // No --station: the station this screen showed last.
                scope = KitchenView::savedScope().value_or(KitchenScope::allStations());
            } else if (m_options.station.compare(QLatin1String("expo"), Qt::CaseInsensitive) == 0) {
                scope = KitchenScope::expo();
            }
            m_window->showKitchenDisplay(scope);
            m_window->showFullScreen();
        } else {
            m_window->restoreLayout();
            m_window->show();
        }
    }

    if (!m_options.databaseUrl.isEmpty()) {
        auto settings = ConnectionSettings::fromUrl(m_options.databaseUrl);
        QMetaObject::invokeMethod(this, [this, settings] { databaseReady(*settings); }, Qt::QueuedConnection);
        return;
    }
    // initdb and pg_ctl take seconds: off the GUI thread.
    // BI tools on the network: a per-console choice (it is this PC's database), see AnalyticsAccessPage.
    LocalPostgres::Options postgresOptions;
    postgresOptions.analyticsOverNetwork = QSettings().value(AnalyticsAccessPage::NETWORK_SETTING, false).toBool();
    m_postgres =
        std::make_unique<LocalPostgres>(QDir(m_options.dataDir).filePath(QStringLiteral("pg")), postgresOptions);
    qCInfo(lcApp) << "data directory:" << m_options.dataDir;
    LocalPostgres* postgres = m_postgres.get();
    m_bootstrap = QtConcurrent::run([postgres]() -> Result<ConnectionSettings> {
        if (auto started = postgres->start(); !started) {
            return unexpected(started.error());
        }
        return postgres->connectionSettings();
    });
    m_bootstrap.then(this, [this](const Result<ConnectionSettings>& settings) {
        if (!settings) {
            fail(tr("The local database could not be started.\n%1").arg(settings.error().message));
            return;
        }
        databaseReady(*settings);
    });
}

void Application::databaseReady(const ConnectionSettings& settings)
{
    if (m_shutDown) {
        return;
    }
    qCInfo(lcApp) << "database:" << settings.describe();
    m_store = std::make_unique<Store>(settings);
    m_restaurants = std::make_unique<RestaurantService>(*m_store);
    m_tables = std::make_unique<TableService>(*m_store);
    m_menu = std::make_unique<MenuService>(*m_store);
    m_queue = std::make_unique<QueueService>(*m_store);
    m_kitchen = std::make_unique<KitchenService>(*m_store);
    m_staff = std::make_unique<StaffService>(*m_store);
    m_settings = std::make_unique<SettingsService>(*m_store);
    m_tokens = std::make_unique<ApiTokenService>(*m_store);
    m_analyticsAccess = std::make_unique<AnalyticsAccess>(*m_store);
    m_secrets = std::make_unique<SecretStore>(QStringLiteral("Maitre"));
    if (m_window) {
        // Staff sign in with their PIN; a kitchen screen is signed in as the
        // kitchen display already and never locks.
        m_window->enableSignIn(*m_staff);
    }

    m_listener = std::make_unique<EventListener>(settings);
    m_listener->moveToThread(&m_listenerThread);
    m_listenerThread.start();
    if (m_window) {
        connect(m_listener.get(),
                &EventListener::connectionStateChanged,
                m_window.get(),
                &MainWindow::setDatabaseConnected);
        connect(m_listener.get(), &EventListener::eventReceived, m_window.get(), &MainWindow::handleEvent);
    }
    // Kitchen chits go to the printers this console routes each station to
    // ([kitchenPrinters] in QSettings). The router is a child of this object;
    // the UI can show its KitchenPrintRouter::printerStateChanged.
    QSettings printerSettings;
    auto* printRouter = new KitchenPrintRouter(*m_kitchen, PrinterRoutes::fromSettings(printerSettings), this);
    connect(m_listener.get(), &EventListener::eventReceived, printRouter, &KitchenPrintRouter::handleEvent);
    if (m_window) {
        connect(printRouter, &KitchenPrintRouter::printerStateChanged, m_window.get(), &MainWindow::setPrinterState);
    }
    QMetaObject::invokeMethod(m_listener.get(), &EventListener::start);

    m_store->run<int>([](QSqlDatabase& db) { return Migrator().migrate(db); })
        .then(this, [this](const Result<int>& applied) {
            if (!applied) {
                fail(tr("The database could not be prepared.\n%1").arg(applied.error().message));
                return;
            }
            if (*applied > 0) {
                qCInfo(lcApp) << "applied" << *applied << "migration(s)";
            }
            migrated();
        });
}

void Application::migrated()
{
    const auto known = [this](const Result<std::optional<Restaurant>>& restaurant) {
        if (!restaurant) {
            fail(tr("The restaurant could not be loaded.\n%1").arg(restaurant.error().message));
            return;
        }
        restaurantKnown(*restaurant);
        startServer();
    };
    if (m_options.demo) {
        seedDemo([known](const Result<Restaurant>& r) {
            known(r.transform([](const Restaurant& value) { return std::optional<Restaurant>(value); }));
        });
    } else {
        m_restaurants->current().then(this, known);
    }
}

void Application::seedDemo(std::function<void(const Result<Restaurant>&)> done)
{
    m_restaurants->seedDemo().then(this, [this, done = std::move(done)](const Result<Restaurant>& seeded) {
        // Only the demo restaurant gets the demo staff: --demo on a database
        // that holds a real restaurant leaves it as it is.
        if (!seeded || seeded->slug != DemoStaff::restaurantSlug()) {
            done(seeded);
            return;
        }
        const Restaurant restaurant = *seeded;
        DemoStaff::ensure(*m_staff, restaurant.id).then(this, [this, done, restaurant](const VoidResult& staffed) {
            if (!staffed) {
                done(unexpected(Error{staffed.error().kind,
                                      tr("The demo staff could not be created: %1").arg(staffed.error().message),
                                      {}}));
                return;
            }
            // A season of history, so the dashboard has something to show; once only.
            const qint64 id = restaurant.id;
            m_store
                ->transact<bool>([id](QSqlDatabase& db) -> Result<bool> {
                    auto any = Sql::exec(
                        db, QStringLiteral("SELECT EXISTS (SELECT FROM orders WHERE restaurant_id = ?)"), {id});
                    if (!any || !any->next()) {
                        return unexpected(any ? Error::internal(QStringLiteral("no answer")) : any.error());
                    }
                    if (any->value(0).toBool()) {
                        return false;
                    }
                    HistoryGenerator::Options history;
                    history.orders = DEMO_HISTORY_ORDERS;
                    history.days = DEMO_HISTORY_DAYS;
                    auto generated = HistoryGenerator::generate(db, id, history);
                    if (!generated) {
                        return unexpected(generated.error());
                    }
                    return true;
                })
                .then(this, [done, restaurant](const Result<bool>& generated) {
                    if (!generated) {
                        qCWarning(lcApp).noquote()
                            << "the demo history could not be made:" << generated.error().message;
                    } else if (*generated) {
                        qCInfo(lcApp) << "demo history:" << DEMO_HISTORY_ORDERS << "orders over" << DEMO_HISTORY_DAYS
                                      << "days";
                    }
                    done(restaurant);
                });
        });
    });
}

void Application::showFirstRun(const std::optional<Restaurant>& unfinished)
{
    auto* wizard = new FirstRunWizard(*m_restaurants, *m_staff, *m_tables, *m_menu, *m_settings);
    connect(wizard, &FirstRunWizard::demoRequested, this, [this, wizard = QPointer<FirstRunWizard>(wizard)] {
        seedDemo([this, wizard](const Result<Restaurant>& r) {
            if (!r) {
                if (!wizard) {
                    return;
                }
                wizard->showDemoError(tr("The demo restaurant could not be created: %1").arg(r.error().message));
                return;
            }
            restaurantKnown(*r);
        });
    });
    connect(wizard, &FirstRunWizard::completed, this, [this](const Restaurant& restaurant, const Actor& owner) {
        // The owner who just chose their PIN is signed in already.
        m_window->session().signIn(owner);
        restaurantKnown(restaurant);
    });
    m_window->showFirstRun(wizard);
    if (unfinished) {
        wizard->resume(*unfinished);
    }
}

void Application::openConsole(const Restaurant& restaurant)
{
    if (m_options.kitchen || m_window->session().isSignedIn()) {
        m_window->showConsole(restaurant, *m_tables, *m_queue, *m_kitchen);
        addOrdersView(restaurant);
        addAnalyticsView(restaurant);
        addSettingsView(restaurant);
        return;
    }
    // A restaurant without an owner (a set-up left unfinished, or made before
    // staff accounts existed) has nobody who could sign in: finish the set-up.
    m_staff->needsOwner(restaurant.id).then(this, [this, restaurant](const Result<bool>& needsOwner) {
        if (needsOwner && *needsOwner) {
            showFirstRun(restaurant);
            return;
        }
        if (!needsOwner) {
            qCWarning(lcApp) << "checking for an owner:" << needsOwner.error().message;
        }
        m_window->showConsole(restaurant, *m_tables, *m_queue, *m_kitchen);
        addOrdersView(restaurant);
        addAnalyticsView(restaurant);
        addSettingsView(restaurant);
    });
}

void Application::addSettingsView(const Restaurant& restaurant)
{
    // A kitchen screen is for bumping; settings live on the other consoles.
    if (m_options.kitchen || m_window->findChild<SettingsView*>()) {
        return;
    }
    auto* view = new SettingsView(
        restaurant.id, *m_settings, *m_menu, *m_tables, *m_staff, *m_tokens, *m_secrets, m_window->session());
    connect(m_window.get(), &MainWindow::eventReceived, view, &SettingsView::handleEvent);
    // Where a BI tool on the LAN finds this database.
    AnalyticsAccessPage::Connection connection;
    const ConnectionSettings database = m_store->settings();
    connection.managed = m_postgres != nullptr;
    connection.host = connection.managed ? QUrl(dinerUrl(m_options.bindAddress, m_options.port)).host() : database.host;
    connection.port = connection.managed ? LocalPostgres::PORT : database.port;
    connection.database = database.database;
    connection.networkOn = connection.managed && QSettings().value(AnalyticsAccessPage::NETWORK_SETTING, false).toBool()
        && m_postgres->networkProblem().isEmpty();
    connection.networkProblem = connection.managed ? m_postgres->networkProblem() : QString();
    connection.eventsUrl = dinerUrl(m_options.bindAddress, m_dinerPort != 0 ? m_dinerPort : m_options.port)
        + QStringLiteral("api/v1/events");
    view->addExtraPage(
        new AnalyticsAccessPage(restaurant.id, *m_analyticsAccess, *m_secrets, m_window->session(), connection));
    m_window->addRestrictedView(
        tr("Settings"), view, {Permission::EditSettings, Permission::EditMenu, Permission::ManageStaff});
}

void Application::restaurantKnown(const std::optional<Restaurant>& restaurant)
{
    if (!restaurant) {
        if (m_window) {
            showFirstRun(std::nullopt);
        } else {
            qCInfo(lcApp) << "the database holds no restaurant yet; start with --demo or set one up in the console";
        }
        return;
    }
    qCInfo(lcApp) << "restaurant:" << restaurant->name;
    m_restaurantId = restaurant->id;
    if (m_server) {
        QMetaObject::invokeMethod(m_server.get(),
                                  [server = m_server.get(), id = m_restaurantId] { server->setRestaurantId(id); });
        startLanguageModel();
    }
    // Pre-orders fire when their party's quote reaches the prep time; what the
    // wait estimator knows follows the restaurant's own history. Both run on store workers.
    const auto fire = [this] {
        m_queue->fireDuePreorders(m_restaurantId).then(this, [](const Result<int>& fired) {
            if (!fired) {
                qCWarning(lcApp) << "firing pre-orders:" << fired.error().message;
            } else if (*fired > 0) {
                qCInfo(lcApp) << "fired" << *fired << "pre-order(s) to the kitchen";
            }
        });
    };
    const auto learn = [this] {
        m_queue->relearn(m_restaurantId).then(this, [](const Result<EstimatorInputs>& learned) {
            if (!learned) {
                qCWarning(lcApp) << "learning wait times:" << learned.error().message;
            } else {
                qCInfo(lcApp) << "wait estimator learned from" << learned->turnTimes.sampleCount() << "visits,"
                              << learned->stays << "queue stays," << learned->walkAways << "walk-aways,"
                              << learned->walkBacks << "walk backs," << learned->tableChoices << "tables given";
            }
        });
    };
    disconnect(&m_preorderTimer, nullptr, this, nullptr);
    disconnect(&m_turnTimeTimer, nullptr, this, nullptr);
    connect(&m_preorderTimer, &QTimer::timeout, this, fire);
    connect(&m_turnTimeTimer, &QTimer::timeout, this, learn);
    // New turn-time defaults in the wait settings are the estimator's prior at once.
    disconnect(m_relearnOnSettings);
    m_relearnOnSettings = connect(m_listener.get(), &EventListener::eventReceived, this, [learn](const DomainEvent& e) {
        if (e.type == u"restaurant.updated") {
            learn();
        }
    });
    m_preorderTimer.start(30'000);
    m_turnTimeTimer.start(15 * 60'000);
    learn();
    startOrders(*restaurant);
    startAnalytics(*restaurant);
    if (m_window) {
        openConsole(*restaurant);
    }
}

void Application::startOrders(const Restaurant& restaurant)
{
    if (m_orders || m_ordersStarting) {
        return;
    }
    m_ordersStarting = true;
    // The providers the settings name, with the Stripe key from the keychain;
    // all made here, on the GUI thread, where their network calls then run.
    m_settings->settings(restaurant.id).then(this, [this, restaurant](const Result<RestaurantSettings>& loaded) {
        if (!loaded) {
            qCWarning(lcApp) << "reading the settings for orders:" << loaded.error().message;
        }
        const RestaurantSettings settings = loaded.value_or(RestaurantSettings{});
        const auto make = [this, restaurant, settings](const QString& stripeKey) {
            auto payments = ProviderFactory::makePaymentProvider(settings, stripeKey);
            if (payments) {
                m_payments = std::move(*payments);
            } else {
                qCWarning(lcApp).noquote() << "card payments are off:" << payments.error().message;
                m_payments = std::make_unique<UnconfiguredPaymentProvider>(payments.error().message);
            }
            auto geocoder = ProviderFactory::makeGeocoder(settings, *m_store, restaurant.id);
            if (!geocoder) {
                qCWarning(lcApp).noquote()
                    << "geocoding falls back to the offline gazetteer:" << geocoder.error().message;
                RestaurantSettings offline = settings;
                offline.geocoder = QStringLiteral("offline");
                geocoder = ProviderFactory::makeGeocoder(offline, *m_store, restaurant.id);
            }
            if (geocoder) {
                m_geocoder = std::move(*geocoder);
            }
            if (!m_geocoder) {
                fail(tr("Orders cannot start: %1").arg(geocoder.error().message));
                return;
            }
            m_orders = std::make_unique<OrderService>(*m_store, *m_payments, *m_geocoder);
            m_exporter = std::make_unique<OrderExporter>(*m_store, *m_orders);
            m_ordersStarting = false;
            qCInfo(lcApp) << "orders: payments" << m_payments->name() << "· geocoding" << m_geocoder->name();
            if (m_server) {
                QMetaObject::invokeMethod(m_server.get(), [server = m_server.get(), orders = m_orders.get()] {
                    server->setOrderService(orders);
                });
            }
            if (m_window && m_window->queueView() != nullptr) { // the console is built already
                addOrdersView(restaurant);
            }
        };
        if (settings.paymentProvider == u"stripe") {
            m_secrets->read(SecretStore::stripeSecretKey()).then(this, [make](const Result<QString>& key) {
                make(key.value_or(QString()));
            });
        } else {
            make(QString());
        }
    });
}

void Application::addOrdersView(const Restaurant& restaurant)
{
    // Orders need their providers first; the view follows when they are made.
    if (!m_orders || m_options.kitchen || m_window->findChild<OrdersView*>()) {
        return;
    }
    auto* view = new OrdersView(*m_orders, restaurant.id);
    view->setSession(&m_window->session());
    view->setExporter(m_exporter.get());
    view->setCurrencySymbol(QLocale().currencySymbol());
    connect(m_window.get(), &MainWindow::eventReceived, view, &OrdersView::handleEvent);
    m_window->addRestrictedView(
        tr("Orders"), view, {Permission::SeatAndNotify, Permission::Bump, Permission::CancelOrders}, 1);
}

void Application::startAnalytics(const Restaurant& restaurant)
{
    if (m_analytics || m_analyticsStarting) {
        return;
    }
    m_analyticsStarting = true;
    refreshRollups();
    m_rollupTimer.start();
    // The role's password lives in the keychain; a new one is made the first time.
    m_secrets->read(SecretStore::analyticsPassword()).then(this, [this, restaurant](const Result<QString>& secret) {
        const bool known = secret && !secret->isEmpty();
        const QString password = known ? *secret : AnalyticsRole::generatePassword();
        if (!known) {
            m_secrets->write(SecretStore::analyticsPassword(), password).then(this, [](const VoidResult& written) {
                if (!written) {
                    qCWarning(lcApp).noquote() << "keeping the analytics password:" << written.error().message;
                }
            });
        }
        // The managed cluster is this PC's own: its role gets this console's
        // password. A shared database keeps the password it has unless it is new.
        const bool setPassword = !known || m_postgres != nullptr;
        m_store
            ->run<AnalyticsRole::Status>([password, setPassword](QSqlDatabase& db) -> Result<AnalyticsRole::Status> {
                auto status = AnalyticsRole::status(db);
                if (status && status->exists) {
                    // A user who does not own the schema cannot grant; the role keeps what it has.
                    if (auto granted = AnalyticsRole::grantReads(db); !granted) {
                        qCWarning(lcApp).noquote() << "granting maitre_analytics its reads:" << granted.error().message;
                    }
                }
                if (status && status->exists && status->manageable && setPassword) {
                    if (auto set = AnalyticsRole::setPassword(db, password); !set) {
                        return unexpected(set.error());
                    }
                }
                return status;
            })
            .then(this, [this, restaurant, password](const Result<AnalyticsRole::Status>& status) {
                if (status && status->exists) {
                    m_analyticsStore =
                        std::make_unique<Store>(AnalyticsRole::connection(m_store->settings(), password), 2);
                } else {
                    qCWarning(lcApp).noquote()
                        << "the dashboard reads with Maitre's own connection:"
                        << (status ? QStringLiteral("there is no maitre_analytics role") : status.error().message);
                }
                m_analytics = std::make_unique<AnalyticsService>(m_analyticsStore ? *m_analyticsStore : *m_store);
                m_analyticsStarting = false;
                if (m_window && m_window->queueView() != nullptr) { // the console is built already
                    addAnalyticsView(restaurant);
                }
            });
    });
}

void Application::addAnalyticsView(const Restaurant& restaurant)
{
    if (!m_analytics || m_options.kitchen || m_window->findChild<AnalyticsView*>()) {
        return;
    }
    auto* view = new AnalyticsView(*m_analytics, restaurant.id, QTimeZone(restaurant.timezone.toUtf8()));
    view->setCurrencySymbol(QLocale().currencySymbol());
    connect(m_window.get(), &MainWindow::eventReceived, view, &AnalyticsView::handleEvent);
    m_window->addRestrictedView(tr("Analytics"), view, {Permission::ViewAnalytics});
}

void Application::refreshRollups()
{
    // REFRESH … CONCURRENTLY: the dashboard goes on reading the old rows meanwhile.
    m_store
        ->run<bool>([](QSqlDatabase& db) -> Result<bool> {
            if (auto refreshed = AnalyticsService::refreshRollups(db); !refreshed) {
                return unexpected(refreshed.error());
            }
            return true;
        })
        .then(this, [](const Result<bool>& refreshed) {
            if (!refreshed) {
                qCWarning(lcApp).noquote() << "refreshing the analytics rollups:" << refreshed.error().message;
            }
        });
}

void Application::loadVoiceSecret()
{
    m_secrets->read(SecretStore::voiceWebhookSecret()).then(this, [this](const Result<QString>& secret) {
        if (!m_server) {
            return;
        }
        // No secret (or no keychain entry): the webhook answers 503 "not set up".
        const QByteArray value = secret ? secret->toUtf8() : QByteArray();
        QMetaObject::invokeMethod(m_server.get(),
                                  [server = m_server.get(), value] { server->setVoiceWebhookSecret(value); });
    });
}

void Application::startLanguageModel()
{
    if (m_restaurantId == 0 || !m_server || m_shutDown) {
        return;
    }
    // Settings and key are read afresh; the last request made wins.
    const int generation = ++m_languageModelGeneration;
    m_settings->settings(m_restaurantId).then(this, [this, generation](const Result<RestaurantSettings>& loaded) {
        if (!loaded) {
            qCWarning(lcApp) << "reading the language model settings:" << loaded.error().message;
            return;
        }
        const RestaurantSettings settings = *loaded;
        m_secrets->read(SecretStore::llmApiKey()).then(this, [this, settings, generation](const Result<QString>& key) {
            if (generation != m_languageModelGeneration || !m_server || m_shutDown) {
                return;
            }
            auto made = ProviderFactory::makeLanguageModel(settings, key.value_or(QString()));
            std::shared_ptr<LanguageModel> model;
            if (!made) {
                qCWarning(lcApp).noquote() << "the language model is off:" << made.error().message;
            } else if (*made) {
                if (!m_llmThread.isRunning()) {
                    m_llmThread.start();
                    m_llmAnchor = new QObject;
                    m_llmAnchor->moveToThread(&m_llmThread);
                }
                auto* object = dynamic_cast<QObject*>(made->get());
                object->moveToThread(&m_llmThread); // its network calls run there
                // Deleted on its own thread, once the last run that uses it is done.
                model = std::shared_ptr<LanguageModel>(
                    made->release(), [](LanguageModel* m) { dynamic_cast<QObject*>(m)->deleteLater(); });
                qCInfo(lcApp).noquote() << "language model:" << model->describe();
            } else {
                qCInfo(lcApp) << "no language model: the assistants work offline";
            }
            m_languageModel = model;
            QMetaObject::invokeMethod(m_server.get(),
                                      [server = m_server.get(), model] { server->setLanguageModel(model); });
        });
    });
}

void Application::startServer()
{
    m_server = std::make_unique<DinerServer>(*m_store, *m_menu, *m_queue);
    m_server->setRestaurantId(m_restaurantId);
    m_server->setOrderService(m_orders.get()); // null until the providers are made
    m_server->moveToThread(&m_serverThread);
    loadVoiceSecret();
    connect(m_secrets.get(), &SecretStore::secretChanged, this, [this](const QString& key) {
        if (key == SecretStore::voiceWebhookSecret()) {
            loadVoiceSecret();
        } else if (key == SecretStore::llmApiKey()) {
            startLanguageModel();
        }
    });
    connect(m_listener.get(), &EventListener::eventReceived, this, [this](const DomainEvent& e) {
        if (e.type == u"restaurant.updated") {
            startLanguageModel(); // pointing the settings at a model takes effect at once
        }
    });
    startLanguageModel();
    // Committed changes reach the diners' phones through the same events as the console.
    connect(m_listener.get(), &EventListener::eventReceived, m_server.get(), &DinerServer::handleEvent);
    if (m_window) {
        connect(m_server.get(), &DinerServer::connectedDinersChanged, m_window.get(), &MainWindow::setConnectedDiners);
    }
    m_serverThread.start();
    DinerServer::Options options;
    options.address = m_options.bindAddress;
    options.port = m_options.port;
    DinerServer* server = m_server.get();
    QMetaObject::invokeMethod(server, [this, server, options] {
        const Result<quint16> port = server->listen(options);
        QMetaObject::invokeMethod(this, [this, port] { serverStarted(port); });
    });
}

void Application::serverStarted(const Result<quint16>& port)
{
    if (!port) {
        if (m_window) {
            m_window->setDinerUrl({});
            qCWarning(lcApp) << port.error().message;
        } else {
            fail(port.error().message);
        }
        return;
    }
    m_dinerPort = *port;
    const QString url = dinerUrl(m_options.bindAddress, *port);
    if (m_window) {
        m_window->setDinerUrl(url);
    }
    Q_EMIT serving(url);
}

void Application::fail(const QString& message)
{
    qCCritical(lcApp).noquote() << message;
    if (m_window) {
        m_window->startupPage()->showError(message);
    }
    Q_EMIT failed(message);
}

void Application::shutdown()
{
    if (m_shutDown) {
        return;
    }
    m_shutDown = true;
    // Order: stop accepting diners, stop listening for events, drain the
    // store, then stop the database.
    if (m_server) {
        DinerServer* server = m_server.get();
        QMetaObject::invokeMethod(server, [server] { server->close(); }, Qt::BlockingQueuedConnection);
        m_serverThread.quit();
        m_serverThread.wait();
        m_server.reset();
    }
    m_languageModel.reset();
    if (m_llmThread.isRunning()) {
        // The model's deleteLater has been posted there: let it run, then stop.
        QMetaObject::invokeMethod(m_llmAnchor, [] { }, Qt::BlockingQueuedConnection);
        m_llmThread.quit();
        m_llmThread.wait();
        delete m_llmAnchor; // its thread has finished: safe from here
        m_llmAnchor = nullptr;
    }
    if (m_listener) {
        QMetaObject::invokeMethod(m_listener.get(), &EventListener::stop, Qt::BlockingQueuedConnection);
        m_listenerThread.quit();
        m_listenerThread.wait();
        m_listener.reset();
    }
    m_preorderTimer.stop();
    m_turnTimeTimer.stop();
    m_rollupTimer.stop();
    // Chits in flight finish (or time out) before the store goes away.
    delete findChild<KitchenPrintRouter*>(QString(), Qt::FindDirectChildrenOnly);
    if (m_window && !m_options.kitchen) {
        m_window->saveLayout();
    }
    m_window.reset();
    if (m_analyticsStore) {
        m_analyticsStore->shutdown();
    }
    if (m_store) {
        m_store->shutdown();
    }
    m_tables.reset();
    m_queue.reset();
    m_kitchen.reset();
    m_menu.reset();
    m_staff.reset();
    m_settings.reset();
    m_tokens.reset();
    m_analyticsAccess.reset();
    m_exporter.reset();
    m_orders.reset();
    m_payments.reset();
    m_geocoder.reset();
    m_secrets.reset();
    m_restaurants.reset();
    m_analytics.reset();
    m_analyticsStore.reset();
    m_store.reset();
    if (m_postgres) {
        m_bootstrap.waitForFinished(); // a start in progress finishes before the stop
        if (auto stopped = m_postgres->stop(); !stopped) {
            qCWarning(lcApp).noquote() << "stopping PostgreSQL:" << stopped.error().message;
        } else {
            qCInfo(lcApp) << "local PostgreSQL stopped";
        }
    }
}
