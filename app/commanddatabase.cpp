#include "commanddatabase.h"

#include "localpostgres.h"
#include "restaurantservice.h"
#include "store/migrator.h"
#include "store/store.h"

#include <QDir>
#include <QtConcurrent>

CommandDatabase::CommandDatabase(QString dataDir, QString databaseUrl, QObject* parent)
    : QObject(parent)
    , m_dataDir(std::move(dataDir))
    , m_databaseUrl(std::move(databaseUrl))
{ }

CommandDatabase::~CommandDatabase()
{
    drain();
    (void)close();
}

void CommandDatabase::open()
{
    // Output is for people and scripts: no "relation already exists, skipping"
    // notices from the migrations (libpq prints them on stderr).
    if (qEnvironmentVariableIsEmpty("PGOPTIONS")) {
        qputenv("PGOPTIONS", "-c client_min_messages=warning");
    }
    if (!m_databaseUrl.isEmpty()) {
        const auto settings = ConnectionSettings::fromUrl(m_databaseUrl);
        if (!settings) {
            QMetaObject::invokeMethod(
                this, [this, message = settings.error().message] { Q_EMIT failed(message); }, Qt::QueuedConnection);
            return;
        }
        QMetaObject::invokeMethod(this, [this, s = *settings] { databaseReady(s); }, Qt::QueuedConnection);
        return;
    }
    // The same cluster a normal start uses; initdb and pg_ctl take seconds, so off this thread.
    m_postgres = std::make_unique<LocalPostgres>(QDir(m_dataDir).filePath(QStringLiteral("pg")));
    LocalPostgres* postgres = m_postgres.get();
    bool* started = &m_startedPostgres;
    m_bootstrap = QtConcurrent::run([postgres, started]() -> Result<ConnectionSettings> {
        // A console already running on this data directory keeps its database running.
        *started = !postgres->isRunning();
        if (auto up = postgres->start(); !up) {
            return unexpected(up.error());
        }
        return postgres->connectionSettings();
    });
    m_bootstrap.then(this, [this](const Result<ConnectionSettings>& settings) {
        if (!settings) {
            Q_EMIT failed(tr("The local database could not be started.\n%1").arg(settings.error().message));
            return;
        }
        databaseReady(*settings);
    });
}

void CommandDatabase::databaseReady(const ConnectionSettings& settings)
{
    m_store = std::make_unique<Store>(settings, 1);
    m_store->run<int>([](QSqlDatabase& db) { return Migrator().migrate(db); })
        .then(this, [this](const Result<int>& applied) {
            if (!applied) {
                Q_EMIT failed(tr("The database could not be prepared.\n%1").arg(applied.error().message));
                return;
            }
            auto restaurants = std::make_shared<RestaurantService>(*m_store);
            restaurants->current().then(this, [this, restaurants](const Result<std::optional<Restaurant>>& restaurant) {
                if (!restaurant) {
                    Q_EMIT failed(tr("The restaurant could not be loaded.\n%1").arg(restaurant.error().message));
                    return;
                }
                if (!restaurant->has_value() && m_seedDemo) {
                    restaurants->seedDemo().then(this, [this, restaurants](const Result<Restaurant>& seeded) {
                        if (!seeded) {
                            Q_EMIT failed(
                                tr("The demo restaurant could not be created.\n%1").arg(seeded.error().message));
                            return;
                        }
                        Q_EMIT restaurantReady(seeded->id);
                    });
                    return;
                }
                if (!restaurant->has_value()) {
                    Q_EMIT failed(tr("There is no restaurant yet: start Maitre and set one up first "
                                     "(or start it once with --demo)."));
                    return;
                }
                Q_EMIT restaurantReady((*restaurant)->id);
            });
        });
}

void CommandDatabase::drain()
{
    if (m_store) {
        m_store->shutdown();
    }
}

VoidResult CommandDatabase::close()
{
    m_store.reset();
    VoidResult outcome;
    if (m_postgres) {
        m_bootstrap.waitForFinished(); // a start in progress finishes before the stop
        if (m_startedPostgres) {
            outcome = m_postgres->stop();
        }
        m_postgres.reset();
    }
    return outcome;
}
