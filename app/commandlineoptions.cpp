#include "commandlineoptions.h"

#include "apitokenservice.h"
#include "store/connectionsettings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <unistd.h>

QStringList CommandLineOptions::availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("es")};
}

QString CommandLineOptions::defaultDataDir()
{
    // PostgreSQL will not run as root and its unprivileged user cannot enter
    // /root, so root's data lives in the system location.
    if (::geteuid() == 0) {
        return QStringLiteral("/var/lib/maitre");
    }
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(base.isEmpty() ? QDir::homePath() + QStringLiteral("/.local/share") : base)
        .filePath(QStringLiteral("maitre"));
}

Result<CommandLineOptions> CommandLineOptions::parse(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Maitre: the restaurant staff console with a live virtual queue for diners' phones."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help and exit."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     tr("Show the version and exit."));
    const QCommandLineOption dataDir(
        QStringLiteral("data-dir"),
        tr("Keep data (the managed database, logs) in DIR. Default: %1.").arg(defaultDataDir()),
        tr("DIR"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  tr("Serve the diner page and API on port N (0: any free port). Default: 8080."),
                                  tr("N"));
    const QCommandLineOption bind(
        QStringLiteral("bind"), tr("Listen on address ADDR only. Default: all interfaces, for the LAN."), tr("ADDR"));
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      tr("No window: run the services and the diner server only."));
    const QCommandLineOption demo(QStringLiteral("demo"), tr("Create a demo restaurant when the database is empty."));
    const QCommandLineOption databaseUrl(
        QStringLiteral("database-url"),
        tr("Use the PostgreSQL database at URL (postgresql://user:password@host:port/db) instead of the managed one."),
        tr("URL"));
    const QCommandLineOption language(
        QStringLiteral("lang"),
        tr("Use language CODE (%1). Default: the system's.").arg(availableLanguages().join(QStringLiteral(", "))),
        tr("CODE"));
    const QCommandLineOption kitchen(QStringLiteral("kitchen"),
                                     tr("Open as the kitchen display, full screen (tickets, bump and recall)."));
    const QCommandLineOption station(
        QStringLiteral("station"),
        tr("With --kitchen: show only station NAME's tickets (e.g. grill), or \"expo\" for whole orders."),
        tr("NAME"));
    const QCommandLineOption createToken(
        QStringLiteral("create-token"),
        tr("Create a staff API token called NAME for integrations, print it once and exit. Needs --scope."),
        tr("NAME"));
    const QCommandLineOption scope(QStringLiteral("scope"),
                                   tr("With --create-token: what the token may use (%1); repeat for several.")
                                       .arg(ApiTokenService::knownScopes().join(QStringLiteral(", "))),
                                   tr("SCOPE"));
    const QCommandLineOption listTokens(QStringLiteral("list-tokens"),
                                        tr("List the staff API tokens (never their secrets) and exit."));
    const QCommandLineOption revokeToken(
        QStringLiteral("revoke-token"), tr("Revoke the staff API token called NAME and exit."), tr("NAME"));
    const QCommandLineOption exportDay(
        QStringLiteral("export"),
        tr("Export the orders of DATE (YYYY-MM-DD, the restaurant's day) to --out in --format and exit."),
        tr("DATE"));
    const QCommandLineOption exportFormat(QStringLiteral("format"),
                                          tr("With --export: csv or xlsx. Default: taken from --out's extension."),
                                          tr("FORMAT"));
    const QCommandLineOption exportOut(QStringLiteral("out"), tr("With --export: the file to write."), tr("FILE"));
    const QCommandLineOption generateHistory(
        QStringLiteral("generate-history"),
        tr("Fill the database with a realistic history of --orders orders over --days days, ending yesterday, "
           "for the analytics; print progress and exit. With --demo, the demo restaurant is made first if "
           "there is none."));
    const QCommandLineOption historyOrders(
        QStringLiteral("orders"), tr("With --generate-history: how many orders (default 1000000)."), tr("N"));
    const QCommandLineOption historyDays(
        QStringLiteral("days"), tr("With --generate-history: how many days back (default 365)."), tr("D"));
    parser.addOptions(
        {help,         version,   dataDir,         port,          bind,       headless,   demo,        databaseUrl,
         language,     kitchen,   station,         createToken,   scope,      listTokens, revokeToken, exportDay,
         exportFormat, exportOut, generateHistory, historyOrders, historyDays});

    const auto invalid = [&](const QString& field, const QString& message) {
        return unexpected(Error::invalid(field, message));
    };
    if (!parser.parse(arguments)) {
        return invalid({}, parser.errorText());
    }
    if (!parser.positionalArguments().isEmpty()) {
        return invalid({}, tr("Unexpected argument: %1").arg(parser.positionalArguments().constFirst()));
    }

    CommandLineOptions options;
    options.helpText = parser.helpText();
    // Read first: --help and error messages honour it.
    if (parser.isSet(language)) {
        options.language = parser.value(language).toLower();
        if (!availableLanguages().contains(options.language)) {
            return invalid(QStringLiteral("lang"),
                           tr("--lang must be one of %1, not \"%2\".")
                               .arg(availableLanguages().join(QStringLiteral(", ")), parser.value(language)));
        }
    }
    if (parser.isSet(help)) {
        options.action = Action::ShowHelp;
        return options;
    }
    if (parser.isSet(version)) {
        options.action = Action::ShowVersion;
        return options;
    }
    const int tokenCommands =
        int(parser.isSet(createToken)) + int(parser.isSet(listTokens)) + int(parser.isSet(revokeToken));
    if (tokenCommands > 1) {
        return invalid(QStringLiteral("create-token"),
                       tr("Use one of --create-token, --list-tokens and --revoke-token at a time."));
    }
    if (parser.isSet(scope) && !parser.isSet(createToken)) {
        return invalid(QStringLiteral("scope"), tr("--scope goes with --create-token."));
    }
    if (tokenCommands == 1 && (parser.isSet(kitchen) || parser.isSet(station) || parser.isSet(demo))) {
        return invalid(QStringLiteral("create-token"),
                       tr("The token options run without a window and do not create a restaurant: "
                          "leave out --kitchen, --station and --demo."));
    }
    if (parser.isSet(createToken)) {
        options.action = Action::CreateToken;
        options.tokenName = parser.value(createToken).trimmed();
        if (options.tokenName.isEmpty()) {
            return invalid(QStringLiteral("create-token"), tr("--create-token needs a name for the token."));
        }
        for (const QString& value : parser.values(scope)) {
            for (const QString& part : value.split(u',', Qt::SkipEmptyParts)) {
                const QString name = part.trimmed().toLower();
                if (!ApiTokenService::knownScopes().contains(name)) {
                    return invalid(QStringLiteral("scope"),
                                   tr("--scope must be one of %1, not \"%2\".")
                                       .arg(ApiTokenService::knownScopes().join(QStringLiteral(", ")), part.trimmed()));
                }
                if (!options.tokenScopes.contains(name)) {
                    options.tokenScopes.append(name);
                }
            }
        }
        if (options.tokenScopes.isEmpty()) {
            return invalid(QStringLiteral("scope"),
                           tr("--create-token needs at least one --scope (%1).")
                               .arg(ApiTokenService::knownScopes().join(QStringLiteral(", "))));
        }
    } else if (parser.isSet(listTokens)) {
        options.action = Action::ListTokens;
    } else if (parser.isSet(revokeToken)) {
        options.action = Action::RevokeToken;
        options.tokenName = parser.value(revokeToken).trimmed();
        if (options.tokenName.isEmpty()) {
            return invalid(QStringLiteral("revoke-token"), tr("--revoke-token needs the name of a token."));
        }
    }
    if ((parser.isSet(exportFormat) || parser.isSet(exportOut)) && !parser.isSet(exportDay)) {
        return invalid(QStringLiteral("export"), tr("--format and --out go with --export DATE."));
    }
    if (parser.isSet(exportDay)) {
        if (tokenCommands > 0 || parser.isSet(kitchen) || parser.isSet(station) || parser.isSet(demo)
            || parser.isSet(headless)) {
            return invalid(QStringLiteral("export"),
                           tr("--export runs on its own without a window: leave out the token options, "
                              "--kitchen, --station, --demo and --headless."));
        }
        options.action = Action::ExportOrders;
        options.exportDate = QDate::fromString(parser.value(exportDay).trimmed(), Qt::ISODate);
        if (!options.exportDate.isValid()) {
            return invalid(QStringLiteral("export"),
                           tr("--export needs a date as YYYY-MM-DD, not \"%1\".").arg(parser.value(exportDay)));
        }
        options.exportPath = parser.value(exportOut).trimmed();
        if (options.exportPath.isEmpty()) {
            return invalid(QStringLiteral("out"), tr("--export needs --out FILE: where to write the orders."));
        }
        options.exportPath = QDir::cleanPath(QDir::current().absoluteFilePath(options.exportPath));
        options.exportFormat = parser.isSet(exportFormat) ? parser.value(exportFormat).trimmed().toLower()
                                                          : QFileInfo(options.exportPath).suffix().toLower();
        if (options.exportFormat != u"csv" && options.exportFormat != u"xlsx") {
            return invalid(QStringLiteral("format"),
                           parser.isSet(exportFormat)
                               ? tr("--format must be csv or xlsx, not \"%1\".").arg(parser.value(exportFormat))
                               : tr("--export needs --format csv or xlsx (the file name does not say which)."));
        }
    }
    if ((parser.isSet(historyOrders) || parser.isSet(historyDays)) && !parser.isSet(generateHistory)) {
        return invalid(QStringLiteral("generate-history"), tr("--orders and --days go with --generate-history."));
    }
    if (parser.isSet(generateHistory)) {
        if (tokenCommands > 0 || parser.isSet(exportDay) || parser.isSet(kitchen) || parser.isSet(station)
            || parser.isSet(headless)) {
            return invalid(QStringLiteral("generate-history"),
                           tr("--generate-history runs on its own without a window: leave out the token and export "
                              "options, --kitchen, --station and --headless."));
        }
        options.action = Action::GenerateHistory;
        if (parser.isSet(historyOrders)) {
            bool ok = false;
            options.historyOrders = parser.value(historyOrders).toLongLong(&ok);
            if (!ok || options.historyOrders < 1 || options.historyOrders > 20'000'000) {
                return invalid(
                    QStringLiteral("orders"),
                    tr("--orders must be a number from 1 to 20000000, not \"%1\".").arg(parser.value(historyOrders)));
            }
        }
        if (parser.isSet(historyDays)) {
            bool ok = false;
            options.historyDays = parser.value(historyDays).toInt(&ok);
            if (!ok || options.historyDays < 1 || options.historyDays > 3650) {
                return invalid(
                    QStringLiteral("days"),
                    tr("--days must be a number from 1 to 3650, not \"%1\".").arg(parser.value(historyDays)));
            }
        }
    }
    options.headless = parser.isSet(headless);
    options.demo = parser.isSet(demo);
    // A station implies the kitchen display: nothing else would show it.
    options.kitchen = parser.isSet(kitchen) || parser.isSet(station);
    if (parser.isSet(station)) {
        options.station = parser.value(station).trimmed();
        if (options.station.isEmpty()) {
            return invalid(QStringLiteral("station"), tr("--station needs a station name, such as grill or expo."));
        }
    }
    if (options.kitchen && options.headless) {
        return invalid(QStringLiteral("kitchen"), tr("--kitchen opens a window; it cannot be used with --headless."));
    }
    if (parser.isSet(dataDir)) {
        options.dataDir = parser.value(dataDir);
        if (options.dataDir.isEmpty()) {
            return invalid(QStringLiteral("data-dir"), tr("--data-dir needs a directory."));
        }
        options.dataDir = QDir::cleanPath(QDir::current().absoluteFilePath(options.dataDir));
    } else {
        options.dataDir = defaultDataDir();
    }
    if (parser.isSet(port)) {
        bool ok = false;
        const uint value = parser.value(port).toUInt(&ok);
        if (!ok || value > 65535) {
            return invalid(QStringLiteral("port"),
                           tr("--port must be a number from 0 to 65535, not \"%1\".").arg(parser.value(port)));
        }
        options.port = quint16(value);
    }
    if (parser.isSet(bind)) {
        if (!options.bindAddress.setAddress(parser.value(bind))) {
            return invalid(QStringLiteral("bind"),
                           tr("--bind must be an IP address such as 0.0.0.0 or 192.168.1.10, not \"%1\".")
                               .arg(parser.value(bind)));
        }
    }
    if (parser.isSet(databaseUrl)) {
        options.databaseUrl = parser.value(databaseUrl);
        if (auto parsed = ConnectionSettings::fromUrl(options.databaseUrl); !parsed) {
            return invalid(QStringLiteral("database-url"), parsed.error().message);
        }
    }
    return options;
}
