#include "historycommand.h"

#include "commanddatabase.h"
#include "store/store.h"

#include <QLocale>
#include <atomic>

namespace
{

void print(FILE* stream, const QString& text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fflush(stream);
}

} // namespace

HistoryCommand::HistoryCommand(CommandLineOptions options, FILE* out, FILE* err, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_out(out)
    , m_err(err)
{ }

HistoryCommand::~HistoryCommand()
{
    shutdown();
}

void HistoryCommand::start()
{
    m_database = std::make_unique<CommandDatabase>(m_options.dataDir, m_options.databaseUrl);
    m_database->setSeedDemo(m_options.demo);
    connect(m_database.get(), &CommandDatabase::failed, this, &HistoryCommand::fail);
    connect(m_database.get(), &CommandDatabase::restaurantReady, this, &HistoryCommand::run);
    m_database->open();
}

void HistoryCommand::run(qint64 restaurantId)
{
    HistoryGenerator::Options options;
    options.orders = m_options.historyOrders;
    options.days = m_options.historyDays;
    print(m_err,
          tr("Generating %1 orders over %2 days…\n")
              .arg(QLocale().toString(options.orders), QLocale().toString(options.days)));
    m_clock.start();
    // Progress comes from the store's worker; a line at every 5 %.
    FILE* err = m_err;
    auto printed = std::make_shared<std::atomic<int>>(-1);
    const QElapsedTimer clock = m_clock;
    const HistoryGenerator::ProgressCallback progress = [err, printed, clock](const HistoryGenerator::Progress& p) {
        const int step = int(p.fraction * 20);
        if (step == printed->exchange(step)) {
            return;
        }
        print(err,
              tr("  %1 %  up to %2 · %3 orders · %4 parties · %5 rows · %6 s\n")
                  .arg(int(p.fraction * 100), 3)
                  .arg(QLocale().toString(p.day, QLocale::ShortFormat),
                       QLocale().toString(p.orders),
                       QLocale().toString(p.parties),
                       QLocale().toString(p.rows),
                       QLocale().toString(clock.elapsed() / 1000.0, 'f', 1)));
    };
    m_database->store()
        .transact<HistoryGenerator::Summary>([restaurantId, options, progress](QSqlDatabase& db) {
            return HistoryGenerator::generate(db, restaurantId, options, progress);
        })
        .then(this, [this](const Result<HistoryGenerator::Summary>& summary) {
            if (!summary) {
                fail(tr("The history could not be generated: %1").arg(summary.error().message));
                return;
            }
            const double seconds = m_clock.elapsed() / 1000.0;
            const QLocale locale;
            print(m_out,
                  tr("Generated %1 orders (%2 dishes), %3 parties, %4 ratings and %5 events, %6 rows in all, "
                     "from %7 to %8, in %9 s (%10 orders/s).\n")
                      .arg(locale.toString(summary->orders),
                           locale.toString(summary->orderLines),
                           locale.toString(summary->parties),
                           locale.toString(summary->feedback),
                           locale.toString(summary->events),
                           locale.toString(summary->rows),
                           summary->firstDay.toString(Qt::ISODate),
                           summary->lastDay.toString(Qt::ISODate),
                           locale.toString(seconds, 'f', 1))
                      .arg(locale.toString(summary->orders / std::max(seconds, 0.001), 'f', 0)));
            if (!m_done) {
                m_done = true;
                Q_EMIT finished(0);
            }
        });
}

void HistoryCommand::fail(const QString& message)
{
    print(m_err, QStringLiteral("maitre: %1\n").arg(message));
    if (!m_done) {
        m_done = true;
        Q_EMIT finished(1);
    }
}

void HistoryCommand::shutdown()
{
    if (!m_database) {
        return;
    }
    m_database->drain();
    if (auto stopped = m_database->close(); !stopped) {
        print(m_err, QStringLiteral("maitre: %1\n").arg(stopped.error().message));
    }
    m_database.reset();
}
