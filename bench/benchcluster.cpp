#include "benchcluster.h"

#include "restaurantservice.h"
#include "store/migrator.h"
#include "store/store.h"

#include <QDir>
#include <QFile>

BenchCluster::BenchCluster(bool durable)
    : m_dir(QDir::tempPath() + QStringLiteral("/maitre-bench-XXXXXX"))
{
    m_postgres = std::make_unique<LocalPostgres>(m_dir.filePath(QStringLiteral("pg")),
                                                 LocalPostgres::Options{.durable = durable});
}

BenchCluster::~BenchCluster()
{
    if (m_postgres->isRunning()) {
        (void)m_postgres->stop();
    }
}

QString BenchCluster::start()
{
    if (!m_dir.isValid()) {
        return QStringLiteral("cannot create a temporary directory: %1").arg(m_dir.errorString());
    }
    // The server's own account (when run as root) must get in.
    QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ExeOther);
    if (auto started = m_postgres->start(); !started) {
        return started.error().message;
    }
    Store store(m_postgres->connectionSettings(), 1);
    const auto migrated = store.run<int>([](QSqlDatabase& db) { return Migrator().migrate(db); }).result();
    if (!migrated) {
        return migrated.error().message;
    }
    RestaurantService restaurants(store);
    const auto demo = restaurants.seedDemo().result();
    if (!demo) {
        return demo.error().message;
    }
    m_restaurantId = demo->id;
    store.shutdown();
    return {};
}
