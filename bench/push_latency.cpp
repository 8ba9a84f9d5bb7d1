// Push latency to many connected diners, and the console's responsiveness
// meanwhile. Parties join through QueueService (--waiting of them stay in the
// queue; the others cancel again, as diners who left but keep the page open);
// each gets a WebSocket diner client. The host notifies waiting parties one by
// one (committed); the event goes EventListener → DinerServer::handleEvent →
// WebSocketHub as in app/application.cpp, and each diner's phone times the
// update that says "notified". With --console the real MainWindow is fed by
// the same events and its event loop's stalls are timed. See bench/README.md.

#include "benchcluster.h"
#include "benchloop.h"
#include "benchserver.h"
#include "dinerclients.h"
#include "latencystats.h"
#include "mainwindow.h"
#include "menuservice.h"
#include "queueservice.h"
#include "queueview.h"
#include "restaurantservice.h"
#include "stallmeter.h"
#include "store/eventlistener.h"
#include "store/store.h"
#include "tableservice.h"
#include "timedapplication.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QScopeGuard>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <cstdio>
#include <sys/resource.h>

namespace
{

using BenchLoop::say;
using BenchLoop::waitFor;

constexpr double GOAL_PUSH_P99_MS = 50.0;
constexpr double GOAL_STALL_MS = 50.0;

QString metText(bool met)
{
    return met ? QStringLiteral("met") : QStringLiteral("NOT MET");
}

void raiseFileLimit(rlim_t wanted)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return;
    }
    limit.rlim_cur = std::min(std::max(limit.rlim_cur, wanted), limit.rlim_max);
    if (::setrlimit(RLIMIT_NOFILE, &limit) == 0) {
        say(QStringLiteral("[push] open file limit %1").arg(qulonglong(limit.rlim_cur)));
    }
}

struct PhaseOutcome
{
    LatencyStats push; // commit → diner's phone
    LatencyStats hostToPhone; // notify called → diner's phone
    LatencyStats commit; // notify called → committed (for context)
    int failed = 0; // notify returned an error
    int missed = 0; // committed, never pushed
    qint64 messages = 0; // WebSocket messages the diners received meanwhile
    LatencyStats stall; // console event loop lateness
};

// Notifies the first `count` parties `intervalMs` apart and waits for their
// phones to hear of it.
PhaseOutcome notifyParties(QueueService& queue,
                           qint64 restaurantId,
                           const QList<Party>& parties,
                           const DinerClients& clients,
                           int count,
                           int intervalMs,
                           StallMeter* stall)
{
    PhaseOutcome outcome;
    struct Slot
    {
        std::atomic<qint64> calledUs = 0;
        std::atomic<qint64> committedUs = 0;
        std::atomic<bool> ok = false;
    };
    auto records = std::make_shared<std::vector<Slot>>(size_t(count));
    const qint64 messagesBefore = clients.messages();
    if (stall != nullptr) {
        stall->start();
    }
    const qint64 startUs = LatencyStats::nowUs();
    for (int i = 0; i < count; ++i) {
        // Keep the pace from the start, so a late tick does not push the rest back.
        waitFor([&] { return LatencyStats::nowUs() >= startUs + qint64(i) * intervalMs * 1000; }, 60'000);
        Slot& slot = (*records)[size_t(i)];
        slot.calledUs = LatencyStats::nowUs();
        // No context: the continuation runs on the store worker as the commit returns.
        queue.notify(restaurantId, Actor::system(), parties.at(i).id).then([records, i](const Result<Party>& party) {
            Slot& s = (*records)[size_t(i)];
            s.ok = bool(party);
            s.committedUs = LatencyStats::nowUs();
        });
    }
    const auto settled = [&] {
        for (int i = 0; i < count; ++i) {
            const Slot& s = (*records)[size_t(i)];
            if (s.committedUs.load() == 0 || (s.ok.load() && clients.notifiedAtUs(i) == 0)) {
                return false;
            }
        }
        return true;
    };
    waitFor(settled, 120'000);
    if (stall != nullptr) {
        stall->stop();
        outcome.stall = stall->lateness();
    }
    for (int i = 0; i < count; ++i) {
        const Slot& s = (*records)[size_t(i)];
        if (s.committedUs.load() == 0 || !s.ok.load()) {
            ++outcome.failed;
            continue;
        }
        outcome.commit.add(s.committedUs.load() - s.calledUs.load());
        const qint64 heard = clients.notifiedAtUs(i);
        if (heard == 0) {
            ++outcome.missed;
            continue;
        }
        // Can be a little negative: the NOTIFY may beat the commit's reply.
        outcome.push.add(std::max<qint64>(0, heard - s.committedUs.load()));
        outcome.hostToPhone.add(heard - s.calledUs.load());
    }
    outcome.messages = clients.messages() - messagesBefore;
    return outcome;
}

void report(const QString& phase, const PhaseOutcome& o, int diners, int waiting, bool withStall)
{
    say(QStringLiteral("[push] %1: commit → diner's WebSocket: %2").arg(phase, o.push.summary()));
    say(QStringLiteral("[push] %1: notify call → commit: %2").arg(phase, o.commit.summary()));
    say(QStringLiteral("[push] %1: notify call → diner's WebSocket: %2").arg(phase, o.hostToPhone.summary()));
    say(QStringLiteral("[push] %1: failed notifies %2, committed but never pushed %3, messages to the %4 diners %5")
            .arg(phase)
            .arg(o.failed)
            .arg(o.missed)
            .arg(diners)
            .arg(o.messages));
    const bool met = o.push.count() > 0 && o.missed == 0 && o.failed == 0 && o.push.percentileMs(99) < GOAL_PUSH_P99_MS;
    say(QStringLiteral(
            "GOAL|3. push, %1 diners (%2 waiting), %3|p50 %4 ms, p99 %5 ms, max %6 ms (missed %7)|p99 < 50 ms|%8")
            .arg(diners)
            .arg(waiting)
            .arg(phase)
            .arg(o.push.percentileMs(50), 0, 'f', 1)
            .arg(o.push.percentileMs(99), 0, 'f', 1)
            .arg(o.push.maxMs(), 0, 'f', 1)
            .arg(o.missed)
            .arg(metText(met)));
    if (withStall) {
        say(QStringLiteral("[push] %1: GUI event loop lateness (5 ms timer): p50 %2 ms  p99 %3 ms  max %4 ms")
                .arg(phase)
                .arg(o.stall.percentileMs(50), 0, 'f', 2)
                .arg(o.stall.percentileMs(99), 0, 'f', 2)
                .arg(o.stall.maxMs(), 0, 'f', 2));
        say(QStringLiteral(
                "GOAL|4. console during 3, %1 diners (%2 waiting)|longest GUI stall %3 ms (p99 %4 ms)|< 50 ms|%5")
                .arg(diners)
                .arg(waiting)
                .arg(o.stall.maxMs(), 0, 'f', 1)
                .arg(o.stall.percentileMs(99), 0, 'f', 1)
                .arg(metText(o.stall.count() > 0 && o.stall.maxMs() < GOAL_STALL_MS)));
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    TimedApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Push latency to connected diners, and console stalls."));
    parser.addHelpOption();
    const QCommandLineOption partiesOption(QStringLiteral("parties"),
                                           QStringLiteral("Parties, each with a diner's WebSocket (default 2000)."),
                                           QStringLiteral("N"),
                                           QStringLiteral("2000"));
    const QCommandLineOption waitingOption(QStringLiteral("waiting"),
                                           QStringLiteral("How many of them stay waiting in the queue; the others "
                                                          "cancel after joining (default: all)."),
                                           QStringLiteral("N"));
    const QCommandLineOption notifiesOption(QStringLiteral("notifies"),
                                            QStringLiteral("Notifies (default 200, at most what is waiting)."),
                                            QStringLiteral("N"),
                                            QStringLiteral("200"));
    const QCommandLineOption intervalOption(QStringLiteral("interval-ms"),
                                            QStringLiteral("Time between notifies (default 50)."),
                                            QStringLiteral("MS"),
                                            QStringLiteral("50"));
    const QCommandLineOption budgetOption(QStringLiteral("setup-budget"),
                                          QStringLiteral("Give up when joining or connecting takes longer (default "
                                                         "900 s each)."),
                                          QStringLiteral("S"),
                                          QStringLiteral("900"));
    const QCommandLineOption consoleOption(QStringLiteral("console"),
                                           QStringLiteral("Run the console (MainWindow) too, fed by the same events, "
                                                          "and time its event loop's stalls."));
    parser.addOptions({partiesOption, waitingOption, notifiesOption, intervalOption, budgetOption, consoleOption});
    parser.process(app);
    const int partyCount = std::max(1, parser.value(partiesOption).toInt());
    const int waiting =
        parser.isSet(waitingOption) ? std::clamp(parser.value(waitingOption).toInt(), 1, partyCount) : partyCount;
    const int intervalMs = std::max(1, parser.value(intervalOption).toInt());
    const qint64 budgetUs = std::max(1, parser.value(budgetOption).toInt()) * qint64(1'000'000);
    const bool withConsole = parser.isSet(consoleOption);
    const int notifies = std::clamp(parser.value(notifiesOption).toInt(), 1, waiting);
    const QString scenario = QStringLiteral("%1 diners (%2 waiting)").arg(partyCount).arg(waiting);
    const auto giveUp = [&](const QString& why) {
        say(QStringLiteral("[push] %1").arg(why));
        say(QStringLiteral("GOAL|3. push, %1|not measured: %2|p99 < 50 ms|NOT MET").arg(scenario, why));
        if (withConsole) {
            say(QStringLiteral("GOAL|4. console during 3, %1|not measured|< 50 ms|UNKNOWN").arg(scenario));
        }
        return 1;
    };

    raiseFileLimit(10'000);
    say(QStringLiteral("[push] starting a durable PostgreSQL cluster"));
    BenchCluster cluster(true);
    if (const QString error = cluster.start(); !error.isEmpty()) {
        return giveUp(QStringLiteral("cannot start PostgreSQL: %1").arg(error));
    }
    const qint64 restaurantId = cluster.restaurantId();
    Store store(cluster.settings()); // as the app: 4 workers
    RestaurantService restaurants(store);
    TableService tables(store);
    MenuService menu(store);
    QueueService queue(store);

    // The parties, through QueueService as diners would: first those who
    // leave again (so they never make the queue long), then those who wait.
    const int leaving = partyCount - waiting;
    say(QStringLiteral("[push] %1 parties join the queue; %2 of them cancel again, %3 stay waiting")
            .arg(partyCount)
            .arg(leaving)
            .arg(waiting));
    QList<Party> left;
    QList<Party> parties; // the waiting ones, in queue order
    {
        constexpr int WAVE = 100;
        const qint64 setupStart = LatencyStats::nowUs();
        qint64 waveStart = setupStart;
        for (int first = 0; first < partyCount; first += WAVE) {
            QList<QFuture<Result<Party>>> joins;
            const int last = std::min(partyCount, first + WAVE);
            for (int i = first; i < last; ++i) {
                JoinRequest request;
                request.name = QStringLiteral("Diner %1").arg(i);
                request.partySize = 1 + i % 4;
                request.source = QStringLiteral("diner");
                joins.append(queue.join(restaurantId, request));
            }
            QList<QFuture<Result<Party>>> cancels;
            for (int i = first; i < last; ++i) {
                const Result<Party> party = joins.at(i - first).result();
                if (!party) {
                    return giveUp(QStringLiteral("a join failed: %1").arg(party.error().message));
                }
                if (i < leaving) {
                    left.append(*party);
                    cancels.append(queue.cancel(restaurantId, Actor::system(), party->id));
                } else {
                    parties.append(*party);
                }
            }
            for (const auto& cancel : cancels) {
                if (const Result<Party> party = cancel.result(); !party) {
                    return giveUp(QStringLiteral("a cancel failed: %1").arg(party.error().message));
                }
            }
            const qint64 now = LatencyStats::nowUs();
            say(QStringLiteral("[push]   %1 parties (%2 waiting); the last %3 took %4 ms each")
                    .arg(last)
                    .arg(parties.size())
                    .arg(joins.size())
                    .arg(double(now - waveStart) / 1000.0 / double(joins.size()), 0, 'f', 1));
            waveStart = now;
            if (last < partyCount && now - setupStart > budgetUs) {
                return giveUp(QStringLiteral("joining took over %1 s, at %2 of %3 parties")
                                  .arg(budgetUs / 1'000'000)
                                  .arg(last)
                                  .arg(partyCount));
            }
        }
    }

    // Events → the diner server, as in Application::startServer().
    QThread listenerThread;
    listenerThread.setObjectName(QStringLiteral("bench-events"));
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
    BenchServer server(store, menu, queue, restaurantId);
    QObject::connect(&listener, &EventListener::eventReceived, server.server(), &DinerServer::handleEvent);
    const auto port = server.start(1'000'000);
    if (!port) {
        return giveUp(QStringLiteral("cannot listen: %1").arg(port.error().message));
    }
    if (!waitFor([&] { return listener.isConnected(); }, 30'000)) {
        return giveUp(QStringLiteral("the event listener did not connect"));
    }

    // The diners' phones, on a thread of their own: the waiting parties'
    // first, so index i is parties[i].
    QStringList tokens;
    for (const Party& p : parties) {
        tokens << p.token;
    }
    for (const Party& p : left) {
        tokens << p.token;
    }
    QThread clientThread;
    clientThread.setObjectName(QStringLiteral("bench-diners"));
    auto* clients = new DinerClients(*port, tokens);
    clients->moveToThread(&clientThread);
    clientThread.start();
    const auto stopClients = qScopeGuard([&] {
        QMetaObject::invokeMethod(clients, [clients] { clients->closeAll(); }, Qt::BlockingQueuedConnection);
        clientThread.quit();
        clientThread.wait();
        delete clients;
    });
    say(QStringLiteral("[push] %1 diners connect to ws://127.0.0.1:%2/ws").arg(partyCount).arg(*port));
    const qint64 connectStart = LatencyStats::nowUs();
    QMetaObject::invokeMethod(clients, [clients] { clients->connectAll(); });
    waitFor([&] { return clients->snapshots() + clients->closed() >= partyCount; }, int(budgetUs / 1000));
    const double connectSeconds = double(LatencyStats::nowUs() - connectStart) / 1e6;
    say(QStringLiteral("[push] %1 of %2 diners have their snapshot after %3 s (%4 closed)")
            .arg(clients->snapshots())
            .arg(partyCount)
            .arg(connectSeconds, 0, 'f', 1)
            .arg(clients->closed()));
    if (clients->snapshots() < partyCount) {
        const int had = clients->snapshots();
        return giveUp(QStringLiteral("only %1 of %2 diners had their snapshot after %3 s")
                          .arg(had)
                          .arg(partyCount)
                          .arg(connectSeconds, 0, 'f', 0));
    }

    StallMeter stall;
    std::unique_ptr<MainWindow> window;
    if (withConsole) {
        const auto restaurant = restaurants.current().result();
        if (!restaurant || !restaurant->has_value()) {
            return giveUp(QStringLiteral("the restaurant could not be loaded"));
        }
        // The console as app/application.cpp wires it: the same events.
        window = std::make_unique<MainWindow>();
        QObject::connect(
            &listener, &EventListener::connectionStateChanged, window.get(), &MainWindow::setDatabaseConnected);
        QObject::connect(&listener, &EventListener::eventReceived, window.get(), &MainWindow::handleEvent);
        QObject::connect(
            server.server(), &DinerServer::connectedDinersChanged, window.get(), &MainWindow::setConnectedDiners);
        window->setDatabaseConnected(true);
        window->setDinerUrl(QStringLiteral("http://127.0.0.1:%1/").arg(*port));
        window->setConnectedDiners(clients->snapshots());
        window->resize(1280, 800);
        window->show();
        bool loaded = false;
        window->showConsole(**restaurant, tables, queue);
        QObject::connect(window->queueView(), &QueueView::loaded, window.get(), [&loaded] { loaded = true; });
        waitFor([&] { return loaded; }, 300'000);
        waitFor([] { return false; }, 500); // let it settle and paint
    }
    const QString phase = withConsole ? QStringLiteral("with console") : QStringLiteral("headless");
    say(QStringLiteral("[push] %1 (%2): %3 notifies, %4 ms apart")
            .arg(phase,
                 withConsole ? QStringLiteral("MainWindow, %1 platform").arg(QGuiApplication::platformName())
                             : QStringLiteral("as maitre --headless"))
            .arg(notifies)
            .arg(intervalMs));
    app.resetSlowest();
    const PhaseOutcome outcome = notifyParties(queue, restaurantId, parties, *clients, notifies, intervalMs, &stall);
    report(phase, outcome, partyCount, waiting, withConsole);
    if (withConsole) {
        say(QStringLiteral("[push] the slowest events the GUI thread handled meanwhile:"));
        for (const auto& slow : app.slowest()) {
            say(QStringLiteral("[push]   %1 ms  %2").arg(double(slow.microseconds) / 1000.0, 7, 'f', 1).arg(slow.what));
        }
        window->close();
        window.reset();
    }

    // Then, in reverse order: the diners, the server, the listener, the store.
    return 0;
}
