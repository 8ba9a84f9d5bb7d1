#pragma once

#include "actor.h"
#include "restaurantsettings.h"
#include "result.h"

#include <QFuture>
#include <QObject>

class Store;

// Reads and saves the restaurant-wide settings. save() needs EditSettings,
// validates everything first (nothing invalid is saved), audits what changed,
// and announces "restaurant.updated" so every console and the diner server reload.
class SettingsService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsService)

public:
    explicit SettingsService(Store& store, QObject* parent = nullptr);

    QFuture<Result<RestaurantSettings>> settings(qint64 restaurantId);
    QFuture<Result<RestaurantSettings>>
    save(qint64 restaurantId, const Actor& actor, const RestaurantSettings& settings);

private:
    Store& m_store;
};
