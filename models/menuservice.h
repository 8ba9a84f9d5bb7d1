#pragma once

#include "menu.h"
#include "result.h"

#include <QFuture>
#include <QObject>

class Store;

// Reads the restaurant's menu.
class MenuService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MenuService)

public:
    explicit MenuService(Store& store, QObject* parent = nullptr);

    // Categories in menu order, each with its items (available or not).
    QFuture<Result<Menu>> menu(qint64 restaurantId);

private:
    Store& m_store;
};
