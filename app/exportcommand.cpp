#include "exportcommand.h"

#include "geocoder.h"
#include "localpostgres.h"
#include "orderexporter.h"
#include "orderservice.h"
#include "paymentprovider.h"
#include "restaurantservice.h"
#include "store/migrator.h"
#include "store/store.h"

#include <QDir>
#include <QtConcurrent>

namespace
{

// An export only reads orders: OrderService needs providers to exist, never to be called.
class NoPayments final : public PaymentProvider
{
public:
    QString name() const override { return QStringLiteral("none"); }
    QFuture<Result<Charge>> charge(int, const QString&, const QString&, const QString&, const QString&) override
    {
        return QtFuture::makeReadyValueFuture(
            Result<Charge>(unexpected(Error::unavailable(QStringLiteral("no payments in --export")))));
    }
    QFuture<VoidResult> refund(const QString&, const QString&) override
    {
        return QtFuture::makeReadyValueFuture(
            VoidResult(unexpected(Error::unavailable(QStringLiteral("no payments in --export")))));
    }
};

class NoGeocoder final : public Geocoder
{
public:
    QString name() const override { return QStringLiteral("none"); }
    QFuture<Result<Place>> geocode(const DeliveryAddress&) override
    {
        return QtFuture::makeReadyValueFuture(
            Result<Place>(unexpected(Error::unavailable(QStringLiteral("no geocoding in --export")))));
    }
};

} // namespace

ExportCommand::ExportCommand(CommandLineOptions options, FILE* out, FILE* err, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_out(out)
    , m_err(err)
{ }

ExportCommand::~ExportCommand()
{
    shutdown();
}

void ExportCommand::print(FILE* stream, const QString& text) const
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fflush(stream);
}

void ExportCommand::start()
{
    // Output is for people and scripts: no notices from the migrations.
    if (qEnvironmentVariableIsEmpty("PGOPTIONS")) {
        qputenv("PGOPTIONS", "-c client_min_messages=warning");
    }
    if (!m_options.databaseUrl.isEmpty()) {
        const auto settings = ConnectionSettings::fromUrl(m_options.databaseUrl);
        if (!settings) {
            QMetaObject::invokeMethod(
                this, [this, message = settings.error().message] { fail(message); }, Qt::QueuedConnection);
            return;
        }
        QMetaObject::invokeMethod(this, [this, s = *settings] { databaseReady(s); }, Qt::QueuedConnection);
        return;
    }
    // The same cluster a normal start uses; initdb and pg_ctl take seconds, so off this thread.
    m_postgres = std::make_unique<LocalPostgres>(QDir(m_options.dataDir).filePath(QStringLiteral("pg")));
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
            fail(tr("The local database could not be started.\n%1").arg(settings.error().message));
            return;
        }
        databaseReady(*settings);
    });
}

void ExportCommand::databaseReady(const ConnectionSettings& settings)
{
    m_store = std::make_unique<Store>(settings, 1);
    m_payments = std::make_unique<NoPayments>();
    m_geocoder = std::make_unique<NoGeocoder>();
    m_orders = std::make_unique<OrderService>(*m_store, *m_payments, *m_geocoder);
    m_exporter = std::make_unique<OrderExporter>(*m_store, *m_orders);
    m_store->run<int>([](QSqlDatabase& db) { return Migrator().migrate(db); })
        .then(this, [this](const Result<int>& applied) {
            if (!applied) {
                fail(tr("The database could not be prepared.\n%1").arg(applied.error().message));
                return;
            }
            auto restaurants = std::make_shared<RestaurantService>(*m_store);
            restaurants->current().then(this, [this, restaurants](const Result<std::optional<Restaurant>>& restaurant) {
                if (!restaurant) {
                    fail(tr("The restaurant could not be loaded.\n%1").arg(restaurant.error().message));
                    return;
                }
                if (!restaurant->has_value()) {
                    fail(tr("There is no restaurant yet: start Maitre and set one up first "
                            "(or start it once with --demo)."));
                    return;
                }
                run((*restaurant)->id);
            });
        });
}

void ExportCommand::run(qint64 restaurantId)
{
    const auto format = OrderExporter::formatFromString(m_options.exportFormat);
    if (!format) {
        fail(tr("--format must be csv or xlsx."));
        return;
    }
    m_exporter->exportDay(restaurantId, Actor::system(), m_options.exportDate, *format, m_options.exportPath)
        .then(this, [this](const Result<OrderExporter::Outcome>& outcome) {
            if (!outcome) {
                fail(tr("The orders could not be exported: %1").arg(outcome.error().message));
                return;
            }
            // The path alone on stdout, for scripts; the sentence on stderr.
            print(m_out, outcome->path + u'\n');
            print(m_err,
                  tr("Exported %n order(s) of %1.\n", nullptr, outcome->orders)
                      .arg(m_options.exportDate.toString(Qt::ISODate)));
            succeed();
        });
}

void ExportCommand::succeed()
{
    if (!m_done) {
        m_done = true;
        Q_EMIT finished(0);
    }
}

void ExportCommand::fail(const QString& message)
{
    print(m_err, QStringLiteral("maitre: %1\n").arg(message));
    if (!m_done) {
        m_done = true;
        Q_EMIT finished(1);
    }
}

void ExportCommand::shutdown()
{
    if (m_store) {
        m_store->shutdown();
    }
    m_exporter.reset();
    m_orders.reset();
    m_store.reset();
    if (m_postgres) {
        m_bootstrap.waitForFinished(); // a start in progress finishes before the stop
        if (m_startedPostgres) {
            if (auto stopped = m_postgres->stop(); !stopped) {
                print(m_err, QStringLiteral("maitre: %1\n").arg(stopped.error().message));
            }
        }
        m_postgres.reset();
    }
}
