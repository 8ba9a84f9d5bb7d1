// The other screen for tst_kitchensync, in a process of its own: bumps one
// kitchen ticket through its own store and KitchenService, prints when the
// bump was committed (milliseconds since the epoch) and exits 0.
//
//   kitchensyncpeer DATABASE_URL RESTAURANT_ID TICKET_ID

#include "kitchenservice.h"
#include "store/connectionsettings.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFutureWatcher>
#include <QTextStream>

int main(int argc, char* argv[])
{
    const QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    QTextStream err(stderr);
    if (arguments.size() != 4) {
        err << "usage: kitchensyncpeer DATABASE_URL RESTAURANT_ID TICKET_ID\n";
        return 2;
    }
    const Result<ConnectionSettings> settings = ConnectionSettings::fromUrl(arguments.at(1));
    bool restaurantOk = false;
    bool ticketOk = false;
    const qint64 restaurantId = arguments.at(2).toLongLong(&restaurantOk);
    const qint64 ticketId = arguments.at(3).toLongLong(&ticketOk);
    if (!settings || !restaurantOk || !ticketOk) {
        err << "kitchensyncpeer: bad arguments " << arguments.join(u' ') << '\n';
        return 2;
    }

    Store store(*settings, 1);
    KitchenService kitchen(store);
    QFutureWatcher<Result<KitchenTicket>> watcher;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &watcher, [&watcher, &err] {
        const Result<KitchenTicket> bumped = watcher.result();
        if (!bumped) {
            err << "kitchensyncpeer: the bump failed: " << bumped.error().message << '\n';
            QCoreApplication::exit(1);
            return;
        }
        QTextStream(stdout) << "committed " << QDateTime::currentMSecsSinceEpoch() << '\n';
        QCoreApplication::exit(0);
    });
    watcher.setFuture(kitchen.bumpTicket(restaurantId, Actor::system(), ticketId));
    return QCoreApplication::exec();
}
