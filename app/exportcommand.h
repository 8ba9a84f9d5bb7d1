#pragma once

#include "commandlineoptions.h"
#include "result.h"
#include "store/connectionsettings.h"

#include <QFuture>
#include <QObject>
#include <cstdio>
#include <memory>

class Geocoder;
class CommandDatabase;
class OrderExporter;
class OrderService;
class PaymentProvider;

// maitre --export DATE --format csv|xlsx --out FILE: reaches the database as
// a normal start does (the managed PostgreSQL or --database-url), applies the
// migrations, writes the day's orders as Maitre itself (audited), prints a
// line and finishes. No window and no diner server.
class ExportCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportCommand)

public:
    explicit ExportCommand(CommandLineOptions options,
                           FILE* out = stdout,
                           FILE* err = stderr,
                           QObject* parent = nullptr);
    ~ExportCommand() override;

    void start();
    // Stops the store, then the managed PostgreSQL if this command started it.
    // Blocks; call after the event loop has finished.
    void shutdown();

Q_SIGNALS:
    // 0 when done, 1 when it failed (the message is printed already).
    void finished(int exitCode);

private:
    void run(qint64 restaurantId);
    void succeed();
    void fail(const QString& message);
    void print(FILE* stream, const QString& text) const;

    CommandLineOptions m_options;
    FILE* m_out;
    FILE* m_err;
    std::unique_ptr<CommandDatabase> m_database;
    std::unique_ptr<PaymentProvider> m_payments;
    std::unique_ptr<Geocoder> m_geocoder;
    std::unique_ptr<OrderService> m_orders;
    std::unique_ptr<OrderExporter> m_exporter;
    bool m_done = false;
};
