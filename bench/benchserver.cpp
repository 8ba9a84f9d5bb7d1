#include "benchserver.h"

BenchServer::BenchServer(Store& store, MenuService& menu, QueueService& queue, qint64 restaurantId)
    : m_server(std::make_unique<DinerServer>(store, menu, queue))
{
    m_thread.setObjectName(QStringLiteral("bench-server"));
    m_server->setRestaurantId(restaurantId);
    m_server->moveToThread(&m_thread);
}

BenchServer::~BenchServer()
{
    stop();
}

Result<quint16> BenchServer::start(int writeLimit)
{
    m_thread.start();
    DinerServer::Options options;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    options.writeBurst = writeLimit;
    options.writesPerMinute = writeLimit;
    Result<quint16> port;
    DinerServer* server = m_server.get();
    QMetaObject::invokeMethod(
        server, [server, options, &port] { port = server->listen(options); }, Qt::BlockingQueuedConnection);
    return port;
}

void BenchServer::stop()
{
    if (!m_server) {
        return;
    }
    if (m_thread.isRunning()) {
        DinerServer* server = m_server.get();
        QMetaObject::invokeMethod(server, [server] { server->close(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    m_server.reset();
}
