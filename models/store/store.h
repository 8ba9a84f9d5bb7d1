#pragma once

#include "connectionsettings.h"
#include "result.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QSqlDatabase>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

// Runs SQL on a few worker threads, each with its own connection, and hands
// results back as futures, so no caller (least of all the GUI) waits on SQL.
class Store final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Store)

public:
    explicit Store(ConnectionSettings settings, int workerCount = 4, QObject* parent = nullptr);
    ~Store() override;

    // Runs `task` on a worker with an open connection. A connection that
    // cannot be opened yields Error::Unavailable without calling `task`.
    template <typename T>
    QFuture<Result<T>> run(std::function<Result<T>(QSqlDatabase&)> task)
    {
        auto promise = std::make_shared<QPromise<Result<T>>>();
        QFuture<Result<T>> future = promise->future();
        promise->start();
        enqueue([promise, task = std::move(task)](QSqlDatabase* db, const Error* failure) {
            if (failure != nullptr) {
                promise->addResult(Result<T>(unexpected(*failure)));
                promise->finish();
                return false;
            }
            Result<T> result = task(*db);
            const bool lostConnection = !result && result.error().kind == Error::Kind::Unavailable;
            promise->addResult(std::move(result));
            promise->finish();
            return lostConnection;
        });
        return future;
    }

    // Runs `task` inside a transaction: committed when it returns a value,
    // rolled back when it returns an error.
    template <typename T>
    QFuture<Result<T>> transact(std::function<Result<T>(QSqlDatabase&)> task)
    {
        return run<T>([task = std::move(task)](QSqlDatabase& db) -> Result<T> {
            if (auto began = beginTransaction(db); !began) {
                return unexpected(began.error());
            }
            Result<T> result = task(db);
            if (!result) {
                db.rollback();
                return result;
            }
            if (auto committed = commitTransaction(db); !committed) {
                return unexpected(committed.error());
            }
            return result;
        });
    }

    // A round trip to the database: true when it answers.
    QFuture<Result<bool>> ping();

    const ConnectionSettings& settings() const { return m_settings; }

    // Finishes queued work and closes the connections; later calls fail fast.
    void shutdown();

private:
    // Returns true when the connection may have been lost.
    using Job = std::function<bool(QSqlDatabase*, const Error*)>;

    static VoidResult beginTransaction(QSqlDatabase& db);
    static VoidResult commitTransaction(QSqlDatabase& db);

    void enqueue(Job job);
    void workerLoop(int index);

    ConnectionSettings m_settings;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
    std::vector<std::thread> m_workers;
};
