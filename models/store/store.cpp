#include "store.h"

#include "sql.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QUuid>

Store::Store(ConnectionSettings settings, int workerCount, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{
    for (int i = 0; i < workerCount; ++i) {
        m_workers.emplace_back([this, i] { workerLoop(i); });
    }
}

Store::~Store()
{
    shutdown();
}

void Store::shutdown()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) {
            return;
        }
        m_stopping = true;
    }
    m_wake.notify_all();
    for (auto& worker : m_workers) {
        worker.join();
    }
    m_workers.clear();
}

void Store::enqueue(Job job)
{
    {
        std::unique_lock lock(m_mutex);
        if (!m_stopping) {
            m_jobs.push_back(std::move(job));
            lock.unlock();
            m_wake.notify_one();
            return;
        }
    }
    const Error closed = Error::unavailable(QCoreApplication::translate("Store", "Maitre is shutting down."));
    job(nullptr, &closed);
}

QFuture<Result<bool>> Store::ping()
{
    return run<bool>([](QSqlDatabase& db) -> Result<bool> {
        auto query = Sql::exec(db, QStringLiteral("SELECT 1"));
        if (!query) {
            return unexpected(query.error());
        }
        return true;
    });
}

VoidResult Store::beginTransaction(QSqlDatabase& db)
{
    if (!db.transaction()) {
        return unexpected(Sql::toError(db.lastError()));
    }
    return {};
}

VoidResult Store::commitTransaction(QSqlDatabase& db)
{
    if (!db.commit()) {
        const Error error = Sql::toError(db.lastError());
        db.rollback();
        return unexpected(error);
    }
    return {};
}

void Store::workerLoop(int index)
{
    // Qt's rule: a connection is used only by the thread that made it.
    const QString name =
        QStringLiteral("maitre-store-%1-%2").arg(index).arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    {
        QSqlDatabase db = m_settings.addDatabase(name);
        bool suspect = false;
        for (;;) {
            Job job;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
                if (m_jobs.empty()) {
                    break; // stopping, and all queued work is done
                }
                job = std::move(m_jobs.front());
                m_jobs.pop_front();
            }
            // QPSQL does not reconnect by itself: after a failure, check the
            // connection and reopen it when it is gone.
            if (suspect && db.isOpen()) {
                QSqlQuery probe(db);
                if (!probe.exec(QStringLiteral("SELECT 1"))) {
                    db.close();
                }
            }
            suspect = false;
            if (!db.isOpen() && !db.open()) {
                const Error error = Sql::toError(db.lastError());
                db.close();
                job(nullptr, &error);
                continue;
            }
            suspect = job(&db, nullptr);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}
