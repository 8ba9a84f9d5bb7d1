#pragma once

#include "restaurant.h"
#include "result.h"

#include <QFuture>
#include <QObject>
#include <optional>

class Store;

// Finds the restaurant this console serves and creates it on first run.
class RestaurantService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RestaurantService)

public:
    explicit RestaurantService(Store& store, QObject* parent = nullptr);

    // The first restaurant, or nothing in an empty database.
    QFuture<Result<std::optional<Restaurant>>> current();
    // Seeds the demo restaurant when the database has none; otherwise
    // returns the existing one unchanged.
    QFuture<Result<Restaurant>> seedDemo();
    // Creates an empty restaurant named `name` when the database has none.
    QFuture<Result<Restaurant>> createRestaurant(const QString& name);

private:
    Store& m_store;
};
