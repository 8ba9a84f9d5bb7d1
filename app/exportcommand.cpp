#include "exportcommand.h"

#include "commanddatabase.h"
#include "geocoder.h"
#include "orderexporter.h"
#include "orderservice.h"
#include "paymentprovider.h"
#include "store/store.h"

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
    m_database = std::make_unique<CommandDatabase>(m_options.dataDir, m_options.databaseUrl);
    connect(m_database.get(), &CommandDatabase::failed, this, &ExportCommand::fail);
    connect(m_database.get(), &CommandDatabase::restaurantReady, this, [this](qint64 restaurantId) {
        m_payments = std::make_unique<NoPayments>();
        m_geocoder = std::make_unique<NoGeocoder>();
        m_orders = std::make_unique<OrderService>(m_database->store(), *m_payments, *m_geocoder);
        m_exporter = std::make_unique<OrderExporter>(m_database->store(), *m_orders);
        run(restaurantId);
    });
    m_database->open();
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
    if (!m_database) {
        return;
    }
    m_database->drain();
    m_exporter.reset();
    m_orders.reset();
    if (auto stopped = m_database->close(); !stopped) {
        print(m_err, QStringLiteral("maitre: %1\n").arg(stopped.error().message));
    }
    m_database.reset();
}
