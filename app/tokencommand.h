#pragma once

#include "commandlineoptions.h"
#include "result.h"
#include "store/connectionsettings.h"

#include <QFuture>
#include <QObject>
#include <cstdio>
#include <memory>

class ApiTokenService;
class CommandDatabase;

// maitre --create-token / --list-tokens / --revoke-token: reaches the database
// as a normal start does (the managed PostgreSQL or --database-url), applies
// the migrations, acts as Maitre itself for the one restaurant, prints, and
// finishes. No window and no diner server.
class TokenCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenCommand)

public:
    explicit TokenCommand(CommandLineOptions options,
                          FILE* out = stdout,
                          FILE* err = stderr,
                          QObject* parent = nullptr);
    ~TokenCommand() override;

    void start();
    // Stops the store, then the managed PostgreSQL if this command started it.
    // Blocks; call after the event loop has finished.
    void shutdown();

Q_SIGNALS:
    // 0 when done, 1 when it failed (the message is printed already).
    void finished(int exitCode);

private:
    void run(qint64 restaurantId);
    void createToken(qint64 restaurantId);
    void listTokens(qint64 restaurantId);
    void revokeToken(qint64 restaurantId);
    void succeed();
    void fail(const QString& message);
    void print(FILE* stream, const QString& text) const;

    CommandLineOptions m_options;
    FILE* m_out;
    FILE* m_err;
    std::unique_ptr<CommandDatabase> m_database;
    std::unique_ptr<ApiTokenService> m_tokens;
    bool m_done = false;
};
