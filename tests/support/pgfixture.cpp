// maitre-test-pg start|stop DIR: the throwaway PostgreSQL cluster a ctest run
// shares (a ctest fixture). Each test then makes its own database in it.

#include "localpostgres.h"

#include <QCoreApplication>
#include <QDir>
#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3 || (args.at(1) != u"start" && args.at(1) != u"stop")) {
        std::fprintf(stderr, "usage: maitre-test-pg start|stop DIR\n");
        return 2;
    }
    LocalPostgres cluster(args.at(2), LocalPostgres::Options{.durable = false, .database = QStringLiteral("postgres")});
    if (args.at(1) == u"stop") {
        const auto stopped = cluster.stop();
        if (!stopped) {
            std::fprintf(stderr, "%s\n", qPrintable(stopped.error().message));
            return 1;
        }
        QDir(args.at(2)).removeRecursively();
        return 0;
    }
    // A run that was interrupted may have left its cluster: start afresh.
    (void)cluster.stop();
    QDir(args.at(2)).removeRecursively();
    const auto started = cluster.start();
    if (!started) {
        std::fprintf(stderr, "%s\n", qPrintable(started.error().message));
        return 1;
    }
    std::printf("test cluster running in %s\n", qPrintable(args.at(2)));
    return 0;
}
