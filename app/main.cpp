// maitre: the restaurant staff console and its embedded diner server.

#include "application.h"
#include "commandlineoptions.h"
#include "exportcommand.h"
#include "historycommand.h"
#include "signalwatcher.h"
#include "tokencommand.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>
#include <cstdio>
#include <memory>

namespace
{

QStringList argumentList(int argc, char** argv)
{
    QStringList list;
    for (int i = 0; i < argc; ++i) {
        list << QString::fromLocal8Bit(argv[i]);
    }
    return list;
}

void installTranslations(QCoreApplication& app, const QString& language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    if (!language.isEmpty()) {
        QLocale::setDefault(locale);
    }
    auto* ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("maitre"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(ours);
    }
    auto* qt = new QTranslator(&app);
    if (qt->load(locale,
                 QStringLiteral("qtbase"),
                 QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
    }
}

// --lang, even from a command line that fails to parse, so the error itself
// comes in the language asked for.
QString requestedLanguage(const QStringList& arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString& arg = arguments.at(i);
        if (arg == u"--lang" && i + 1 < arguments.size()) {
            return arguments.at(i + 1).toLower();
        }
        if (arg.startsWith(QLatin1String("--lang="))) {
            return arg.mid(7).toLower();
        }
    }
    return {};
}

void print(FILE* stream, const QString& text)
{
    std::fputs(qPrintable(text), stream);
    std::fflush(stream);
}

} // namespace

int main(int argc, char** argv)
{
    // A first pass decides what kind of application object to make: a window
    // needs a display, help and headless runs do not.
    const QStringList arguments = argumentList(argc, argv);
    const auto firstPass = CommandLineOptions::parse(arguments);
    const bool gui = firstPass && firstPass->action == CommandLineOptions::Action::Run && !firstPass->headless;
    if (gui && qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        print(stderr,
              QStringLiteral("maitre: no display to open the console on. Start it from a desktop session, "
                             "or run the services only with --headless.\n"));
        return 2;
    }

    QCoreApplication::setApplicationName(QStringLiteral("maitre"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MAITRE_VERSION));
    std::unique_ptr<QCoreApplication> app =
        gui ? std::make_unique<QApplication>(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
    if (gui) {
        QGuiApplication::setApplicationDisplayName(QStringLiteral("Maitre"));
        QGuiApplication::setDesktopFileName(QStringLiteral("maitre"));
    }
    const QString language = requestedLanguage(arguments);
    installTranslations(*app, CommandLineOptions::availableLanguages().contains(language) ? language : QString());

    // Parsed again with the translators installed, so messages are translated.
    const auto options = CommandLineOptions::parse(arguments);
    if (!options) {
        print(stderr,
              QStringLiteral("maitre: %1\n%2\n")
                  .arg(options.error().message,
                       QCoreApplication::translate("main", "Try 'maitre --help' for the options.")));
        return 2;
    }
    if (options->action == CommandLineOptions::Action::ShowHelp) {
        print(stdout, options->helpText);
        return 0;
    }
    if (options->action == CommandLineOptions::Action::ShowVersion) {
        print(stdout, QStringLiteral("maitre %1\n").arg(QStringLiteral(MAITRE_VERSION)));
        return 0;
    }

    if (options->isTokenCommand()) {
        // No window and no diner server: reach the database, act, print, stop.
        TokenCommand command(*options);
        QObject::connect(&command, &TokenCommand::finished, app.get(), [](int code) { QCoreApplication::exit(code); });
        command.start();
        const int code = app->exec();
        command.shutdown();
        return code;
    }

    if (options->action == CommandLineOptions::Action::ExportOrders) {
        // No window and no diner server: reach the database, write the file, stop.
        ExportCommand command(*options);
        QObject::connect(&command, &ExportCommand::finished, app.get(), [](int code) { QCoreApplication::exit(code); });
        command.start();
        const int code = app->exec();
        command.shutdown();
        return code;
    }

    if (options->action == CommandLineOptions::Action::GenerateHistory) {
        HistoryCommand command(*options);
        QObject::connect(
            &command, &HistoryCommand::finished, app.get(), [](int code) { QCoreApplication::exit(code); });
        command.start();
        const int code = app->exec();
        command.shutdown();
        return code;
    }

    SignalWatcher signals_;
    Application application(*options);
    int exitCode = 0;
    QObject::connect(&signals_, &SignalWatcher::terminationRequested, app.get(), [](int) { QCoreApplication::quit(); });
    QObject::connect(&application, &Application::serving, app.get(), [](const QString& url) {
        print(stdout, QCoreApplication::translate("main", "Maitre is serving diners at %1\n").arg(url));
    });
    if (options->headless) {
        // Without a window nobody can read the error: report it and stop.
        QObject::connect(&application, &Application::failed, app.get(), [&exitCode](const QString& message) {
            print(stderr, QStringLiteral("maitre: %1\n").arg(message));
            exitCode = 1;
            QCoreApplication::exit(1);
        });
    }
    application.start();
    const int loopCode = app->exec();
    application.shutdown();
    return exitCode != 0 ? exitCode : loopCode;
}
