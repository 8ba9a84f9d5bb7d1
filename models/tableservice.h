#pragma once

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

private:
    Store& m_store;
};
