// Kitchen display under a rush: 200 open tickets on a second console (the real
// KitchenView, fed by EventListener as app/application.cpp wires it) while a
// first screen bumps tickets and new orders keep arriving. Prints the time from
// a committed bump on the first connection to the second console showing it,
// and the longest stall of the second console's GUI thread. See bench/README.md.

#include "benchcluster.h"
#include "benchloop.h"
#include "kitchenservice.h"
#include "kitchenview.h"
#include "latencystats.h"
#include "stallmeter.h"
#include "store/eventlistener.h"
#include "store/sql.h"
#include "store/store.h"
#include "timedapplication.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QHash>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>
#include <QUuid>
#include <cstdio>
#include <functional>

namespace
{

using BenchLoop::say;
using BenchLoop::waitFor;

constexpr double GOAL_P99_MS = 200.0;
constexpr double GOAL_STALL_MS = 50.0;

// An order of 1–4 random dishes, received and routed to the stations in one
// transaction, as firing a pre-order does.
VoidResult placeOrder(QSqlDatabase& db, qint64 restaurantId, const QList<qint64>& dishes, int n)
{
    if (!db.transaction()) {
        return unexpected(Sql::toError(db.lastError()));
    }
    const auto failed = [&db](const Error& error) -> VoidResult {
        db.rollback();
        return unexpected(error);
    };
    auto order = Sql::exec(db,
                           QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code, customer_name)"
                                          " VALUES (?, ?, 'received', ?, ?, ?) RETURNING id"),
                           {restaurantId,
                            n % 3 == 0 ? QStringLiteral("takeout") : QStringLiteral("dine_in"),
                            QUuid::createUuid().toString(QUuid::WithoutBraces),
                            QString::number(5000 + n),
                            QStringLiteral("Guest %1").arg(n)});
    if (!order || !order->next()) {
        return failed(order ? Error::internal(QStringLiteral("no order")) : order.error());
    }
    const qint64 orderId = order->value(0).toLongLong();
    const int lines = 1 + int(QRandomGenerator::global()->bounded(4));
    for (int i = 0; i < lines; ++i) {
        const qint64 dish = dishes.at(int(QRandomGenerator::global()->bounded(qsizetype(dishes.size()))));
        auto item = Sql::exec(
            db,
            QStringLiteral("INSERT INTO order_items (restaurant_id, order_id, menu_item_id, name,"
                           " quantity, unit_price_cents, note) SELECT ?, ?, id, name, ?, price_cents,"
                           " ? FROM menu_items WHERE id = ?"),
            {restaurantId, orderId, 1 + i % 2, i == 0 ? QStringLiteral("no onions") : QStringLiteral(""), dish});
        if (!item) {
            return failed(item.error());
        }
    }
    if (auto routed = KitchenService::routeOrder(db, orderId); !routed) {
        return failed(routed.error());
    }
    if (!db.commit()) {
        return failed(Sql::toError(db.lastError()));
    }
    return {};
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    TimedApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Kitchen display: bump to second console, and GUI stalls."));
    parser.addHelpOption();
    const QCommandLineOption ticketsOption(QStringLiteral("orders"),
                                           QStringLiteral("Open orders at the start (default 200)."),
                                           QStringLiteral("N"),
                                           QStringLiteral("200"));
    const QCommandLineOption bumpsOption(QStringLiteral("bumps"),
                                         QStringLiteral("Tickets bumped (default 200)."),
                                         QStringLiteral("N"),
                                         QStringLiteral("200"));
    const QCommandLineOption intervalOption(QStringLiteral("interval-ms"),
                                            QStringLiteral("Between bumps; a new order every fourth (default 50)."),
                                            QStringLiteral("MS"),
                                            QStringLiteral("50"));
    parser.addOptions({ticketsOption, bumpsOption, intervalOption});
    parser.process(app);
    const int initialOrders = std::max(1, parser.value(ticketsOption).toInt());
    const int bumps = std::max(1, parser.value(bumpsOption).toInt());
    const int intervalMs = std::max(1, parser.value(intervalOption).toInt());

    say(QStringLiteral("[kitchen] starting a durable PostgreSQL cluster"));
    BenchCluster cluster(true);
    if (const QString error = cluster.start(); !error.isEmpty()) {
        say(QStringLiteral("[kitchen] cannot start PostgreSQL: %1").arg(error));
        return 1;
    }
    const qint64 restaurantId = cluster.restaurantId();

    // Orders written on a connection of the bench's own (the till, another app).
    QList<qint64> dishes;
    int placed = 0;
    {
        QSqlDatabase db = cluster.settings().addDatabase(QStringLiteral("bench-orders"));
        if (!db.open()) {
            say(QStringLiteral("[kitchen] cannot connect"));
            return 1;
        }
        QSqlQuery menu(db);
        menu.exec(QStringLiteral("SELECT id FROM menu_items WHERE restaurant_id = %1").arg(restaurantId));
        while (menu.next()) {
            dishes.append(menu.value(0).toLongLong());
        }
        for (; placed < initialOrders; ++placed) {
            if (auto done = placeOrder(db, restaurantId, dishes, placed); !done) {
                say(QStringLiteral("[kitchen] cannot place an order: %1").arg(done.error().message));
                return 1;
            }
        }
    }

    // The second console: its own store, listener thread and view, as the app.
    Store consoleStore(cluster.settings());
    KitchenService consoleKitchen(consoleStore);
    QThread listenerThread;
    EventListener listener(cluster.settings());
    listener.moveToThread(&listenerThread);
    listenerThread.start();
    // Whichever way main() returns from here: the listener stops before its thread.
    const auto stopListener = qScopeGuard([&] {
        QMetaObject::invokeMethod(&listener, &EventListener::stop, Qt::BlockingQueuedConnection);
        listenerThread.quit();
        listenerThread.wait();
    });
    QMetaObject::invokeMethod(&listener, &EventListener::start);
    if (!waitFor([&] { return listener.isConnected(); }, 30'000)) {
        say(QStringLiteral("[kitchen] the event listener did not connect"));
        return 1;
    }
    KitchenView view(consoleKitchen, restaurantId);
    QObject::connect(&listener, &EventListener::eventReceived, &view, &KitchenView::handleEvent);
    bool loaded = false;
    QObject::connect(&view, &KitchenView::loaded, &view, [&loaded] { loaded = true; });
    view.resize(1600, 900);
    view.show();
    if (!waitFor([&] { return loaded; }, 120'000)) {
        say(QStringLiteral("[kitchen] the kitchen view did not load"));
        return 1;
    }
    waitFor([] { return false; }, 1000); // let it settle and paint

    // The first screen: another store (connection) bumping station tickets.
    Store screenStore(cluster.settings(), 2);
    KitchenService screenKitchen(screenStore);
    QFutureWatcher<Result<KitchenBoard>> boardWatcher;
    boardWatcher.setFuture(screenKitchen.board(restaurantId));
    waitFor([&] { return boardWatcher.isFinished(); }, 60'000);
    const Result<KitchenBoard> board = boardWatcher.result();
    if (!board) {
        say(QStringLiteral("[kitchen] cannot read the board: %1").arg(board.error().message));
        return 1;
    }
    QList<qint64> toBump;
    for (const KitchenTicket& t : board->tickets) {
        toBump.append(t.id);
    }
    say(QStringLiteral(
            "[kitchen] %1 orders, %2 open station tickets on the second console; %3 bumps %4 ms apart, a new "
            "order every %5 ms")
            .arg(placed)
            .arg(toBump.size())
            .arg(std::min(bumps, int(toBump.size())))
            .arg(intervalMs)
            .arg(4 * intervalMs));

    // Bump → commit (the future) → event → the view reloads that ticket. The
    // commit's continuation and the view's reload both come through this
    // thread's event loop, in either order: a ticket shown before its commit
    // was seen here counts as 0 ms.
    struct Bump
    {
        qint64 sentUs = 0;
        qint64 committedUs = 0;
        qint64 shownUs = 0;
    };
    QHash<qint64, Bump> inFlight;
    LatencyStats latency;
    LatencyStats commit;
    LatencyStats endToEnd;
    int failed = 0;
    const auto settle = [&](qint64 ticketId) {
        const auto it = inFlight.find(ticketId);
        if (it == inFlight.end() || it->committedUs == 0 || it->shownUs == 0) {
            return;
        }
        latency.add(std::max<qint64>(0, it->shownUs - it->committedUs));
        endToEnd.add(std::max(it->shownUs, it->committedUs) - it->sentUs);
        inFlight.erase(it);
    };
    QObject::connect(&view, &KitchenView::ticketRefreshed, &view, [&](qint64 ticketId) {
        const auto it = inFlight.find(ticketId);
        if (it != inFlight.end() && it->shownUs == 0) {
            it->shownUs = LatencyStats::nowUs();
            settle(ticketId);
        }
    });
    QSqlDatabase ordersDb = QSqlDatabase::database(QStringLiteral("bench-orders"));
    StallMeter stall;
    stall.start();
    app.resetSlowest();
    const int count = std::min(bumps, int(toBump.size()));
    const qint64 startUs = LatencyStats::nowUs();
    for (int i = 0; i < count; ++i) {
        waitFor([&] { return LatencyStats::nowUs() >= startUs + qint64(i) * intervalMs * 1000; }, 60'000);
        const qint64 ticketId = toBump.at(i);
        inFlight.insert(ticketId, {LatencyStats::nowUs(), 0, 0});
        auto* watcher = new QFutureWatcher<Result<KitchenTicket>>(&view);
        QObject::connect(watcher, &QFutureWatcherBase::finished, &view, [&, watcher, ticketId] {
            watcher->deleteLater();
            const auto it = inFlight.find(ticketId);
            if (it == inFlight.end()) {
                return;
            }
            if (!watcher->result()) {
                ++failed;
                inFlight.erase(it);
                return;
            }
            it->committedUs = LatencyStats::nowUs();
            commit.add(it->committedUs - it->sentUs);
            settle(ticketId);
        });
        watcher->setFuture(screenKitchen.bumpTicket(restaurantId, Actor::system(), ticketId));
        if (i % 4 == 3) {
            if (auto done = placeOrder(ordersDb, restaurantId, dishes, placed++); !done) {
                say(QStringLiteral("[kitchen] cannot place an order: %1").arg(done.error().message));
            }
        }
    }
    waitFor([&] { return inFlight.isEmpty(); }, 30'000);
    stall.stop();
    const int missed = int(inFlight.size());

    say(QStringLiteral("[kitchen] bump call → commit: %1").arg(commit.summary()));
    say(QStringLiteral("[kitchen] commit → second console shows it: %1").arg(latency.summary()));
    say(QStringLiteral("[kitchen] bump call → second console shows it: %1").arg(endToEnd.summary()));
    say(QStringLiteral("[kitchen] failed bumps %1, never shown %2, new orders during the run %3")
            .arg(failed)
            .arg(missed)
            .arg(placed - initialOrders));
    say(QStringLiteral("[kitchen] GUI event loop lateness (5 ms timer): p50 %1 ms  p99 %2 ms  max %3 ms")
            .arg(stall.lateness().percentileMs(50), 0, 'f', 2)
            .arg(stall.lateness().percentileMs(99), 0, 'f', 2)
            .arg(stall.lateness().maxMs(), 0, 'f', 2));
    say(QStringLiteral("[kitchen] the slowest events the GUI thread handled meanwhile:"));
    for (const auto& slow : app.slowest()) {
        say(QStringLiteral("[kitchen]   %1 ms  %2").arg(double(slow.microseconds) / 1000.0, 7, 'f', 1).arg(slow.what));
    }
    const bool latencyMet = latency.count() > 0 && missed == 0 && failed == 0 && latency.percentileMs(99) < GOAL_P99_MS;
    say(QStringLiteral("GOAL|kitchen: bump → second console, %1 open tickets|p50 %2 ms, p99 %3 ms, max %4 ms (missed "
                       "%5)|p99 < 200 ms|%6")
            .arg(toBump.size())
            .arg(latency.percentileMs(50), 0, 'f', 1)
            .arg(latency.percentileMs(99), 0, 'f', 1)
            .arg(latency.maxMs(), 0, 'f', 1)
            .arg(missed)
            .arg(latencyMet ? QStringLiteral("met") : QStringLiteral("NOT MET")));
    const bool stallMet = stall.lateness().count() > 0 && stall.lateness().maxMs() < GOAL_STALL_MS;
    say(QStringLiteral("GOAL|kitchen: console during the rush|longest GUI stall %1 ms (p99 %2 ms)|< 50 ms|%3")
            .arg(stall.lateness().maxMs(), 0, 'f', 1)
            .arg(stall.lateness().percentileMs(99), 0, 'f', 1)
            .arg(stallMet ? QStringLiteral("met") : QStringLiteral("NOT MET")));
    return 0;
}
