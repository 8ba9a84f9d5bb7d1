#pragma once

#include "actor.h"
#include "diningtable.h"
#include "result.h"

#include <QFuture>
#include <QList>
#include <QObject>

class Store;

// Reads and changes the dining room's tables.
class TableService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TableService)

public:
    explicit TableService(Store& store, QObject* parent = nullptr);

    // The restaurant's tables in floor order.
    QFuture<Result<QList<DiningTable>>> tables(qint64 restaurantId);

    // Needs EditSettings. id 0 adds a table; otherwise changes label, seats, combinable.
    QFuture<Result<DiningTable>> saveTable(qint64 restaurantId, const Actor& actor, const DiningTable& table);
    // A table in use (occupied, or seated parties on it) cannot go: Conflict.
    QFuture<VoidResult> removeTable(qint64 restaurantId, const Actor& actor, qint64 tableId);
    // First run: one table per entry of `seats` (labels T1, T2, … after any existing), in one transaction.
    QFuture<Result<QList<DiningTable>>> addTables(qint64 restaurantId, const Actor& actor, const QList<int>& seats);

    // "label" (1–40 characters), "seats" (1–50).
    static VoidResult validate(const DiningTable& table);

private:
    Store& m_store;
};
