#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QDate>
#include <QHostAddress>
#include <QString>
#include <QStringList>

// maitre's command line, parsed and checked.
struct CommandLineOptions
{
    Q_DECLARE_TR_FUNCTIONS(CommandLineOptions)

public:
    enum class Action
    {
        Run,
        ShowHelp,
        ShowVersion,
        // Staff API tokens from the command line (TokenCommand): no window, no diner server.
        CreateToken,
        ListTokens,
        RevokeToken,
        // The day's orders to a file (ExportCommand): no window, no diner server.
        ExportOrders,
        // A realistic past for the analytics (HistoryCommand): no window, no diner server.
        GenerateHistory
    };

    Action action = Action::Run;
    QString dataDir; // empty: the default location
    QString databaseUrl; // empty: the managed local PostgreSQL
    QHostAddress bindAddress = QHostAddress::Any;
    quint16 port = 8080;
    bool headless = false;
    bool demo = false;
    bool kitchen = false; // open as a full-screen kitchen display
    QString station; // with kitchen: one station's tickets, "expo", or empty for every station
    QString language; // empty: the system's
    QString helpText;
    QString tokenName; // --create-token NAME, --revoke-token NAME
    QStringList tokenScopes; // --scope, with --create-token
    QDate exportDate; // --export DATE
    QString exportFormat; // "csv" | "xlsx"
    QString exportPath; // --out FILE, absolute
    qint64 historyOrders = 1'000'000; // --generate-history --orders N
    int historyDays = 365; // --days D

    bool isTokenCommand() const
    {
        return action == Action::CreateToken || action == Action::ListTokens || action == Action::RevokeToken;
    }

    // Parses `arguments` (argv, program name first). An Invalid error's
    // message is ready to print; the caller exits with status 2.
    static Result<CommandLineOptions> parse(const QStringList& arguments);
    // Where data lives when --data-dir is not given.
    static QString defaultDataDir();
    static QStringList availableLanguages();
};
