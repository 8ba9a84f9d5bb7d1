#pragma once

#include "dinerserver.h"

#include <QThread>
#include <memory>

class MenuService;
class QueueService;
class Store;

// A DinerServer on a thread of its own, as app/application.cpp runs it.
class BenchServer final
{
public:
    BenchServer(Store& store, MenuService& menu, QueueService& queue, qint64 restaurantId);
    ~BenchServer();
    BenchServer(const BenchServer&) = delete;
    BenchServer& operator=(const BenchServer&) = delete;

    // Listens on 127.0.0.1 (any free port), with writes limited `writeLimit`
    // per address in a burst and per minute; the port, or why not.
    Result<quint16> start(int writeLimit);
    void stop();
    DinerServer* server() const { return m_server.get(); }

private:
    QThread m_thread;
    std::unique_ptr<DinerServer> m_server;
};
