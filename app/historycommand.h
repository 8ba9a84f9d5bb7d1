#pragma once

#include "commandlineoptions.h"
#include "historygenerator.h"

#include <QElapsedTimer>
#include <QObject>
#include <cstdio>
#include <memory>

class CommandDatabase;

// maitre --generate-history [--orders N] [--days D] [--demo]: reaches the
// database as a normal start does, fills it with a realistic history for the
// analytics (HistoryGenerator), printing progress on stderr and a summary on
// stdout, and finishes. No window and no diner server.
class HistoryCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryCommand)

public:
    explicit HistoryCommand(CommandLineOptions options,
                            FILE* out = stdout,
                            FILE* err = stderr,
                            QObject* parent = nullptr);
    ~HistoryCommand() override;

    void start();
    // Stops the store, then the managed PostgreSQL if this command started it. Blocks.
    void shutdown();

Q_SIGNALS:
    // 0 when done, 1 when it failed (the message is printed already).
    void finished(int exitCode);

private:
    void run(qint64 restaurantId);
    void fail(const QString& message);

    CommandLineOptions m_options;
    FILE* m_out;
    FILE* m_err;
    std::unique_ptr<CommandDatabase> m_database;
    QElapsedTimer m_clock;
    bool m_done = false;
};
