#include "restaurantservice.h"

#include "store/eventlog.h"
#include "store/sql.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonObject>
#include <QRegularExpression>

namespace
{

Result<std::optional<Restaurant>> firstRestaurant(QSqlDatabase& db)
{
    auto query = Sql::exec(db, QStringLiteral("SELECT id, slug, name, timezone FROM restaurants ORDER BY id LIMIT 1"));
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return std::optional<Restaurant>{};
    }
    return Restaurant{query->value(0).toLongLong(),
                      query->value(1).toString(),
                      query->value(2).toString(),
                      query->value(3).toString()};
}

// Serialises first-run creation between consoles sharing one database.
VoidResult lockRestaurants(QSqlDatabase& db)
{
    // LOCK cannot be a prepared statement.
    return Sql::execScript(db, QStringLiteral("LOCK TABLE restaurants IN SHARE ROW EXCLUSIVE MODE"));
}

Result<Restaurant> announce(QSqlDatabase& db, const Restaurant& restaurant)
{
    auto event =
        EventLog::append(db,
                         restaurant.id,
                         QStringLiteral("restaurant.created"),
                         {{QStringLiteral("name"), restaurant.name}, {QStringLiteral("slug"), restaurant.slug}});
    if (!event) {
        return unexpected(event.error());
    }
    return restaurant;
}

} // namespace

RestaurantService::RestaurantService(Store& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{ }

QFuture<Result<std::optional<Restaurant>>> RestaurantService::current()
{
    return m_store.run<std::optional<Restaurant>>(&firstRestaurant);
}

QFuture<Result<Restaurant>> RestaurantService::seedDemo()
{
    return m_store.transact<Restaurant>([](QSqlDatabase& db) -> Result<Restaurant> {
        if (auto locked = lockRestaurants(db); !locked) {
            return unexpected(locked.error());
        }
        auto existing = firstRestaurant(db);
        if (!existing) {
            return unexpected(existing.error());
        }
        if (existing->has_value()) {
            return **existing;
        }
        QFile script(QStringLiteral(":/demo/demo.sql"));
        if (!script.open(QIODevice::ReadOnly)) {
            return unexpected(Error::internal(QStringLiteral("the demo data is missing from this build")));
        }
        if (auto seeded = Sql::execScript(db, QString::fromUtf8(script.readAll())); !seeded) {
            return unexpected(seeded.error());
        }
        auto created = firstRestaurant(db);
        if (!created || !created->has_value()) {
            return unexpected(created ? Error::internal(QStringLiteral("demo restaurant not created"))
                                      : created.error());
        }
        return announce(db, **created);
    });
}

QFuture<Result<Restaurant>> RestaurantService::createRestaurant(const QString& name)
{
    return m_store.transact<Restaurant>([name = name.trimmed()](QSqlDatabase& db) -> Result<Restaurant> {
        if (name.isEmpty() || name.size() > 200) {
            return unexpected(
                Error::invalid(QStringLiteral("name"),
                               QCoreApplication::translate("RestaurantService",
                                                           "Give the restaurant a name (up to 200 characters).")));
        }
        if (auto locked = lockRestaurants(db); !locked) {
            return unexpected(locked.error());
        }
        auto existing = firstRestaurant(db);
        if (!existing) {
            return unexpected(existing.error());
        }
        if (existing->has_value()) {
            return **existing;
        }
        QString slug = name.toLower();
        slug.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
        slug = slug.mid(0, 60).remove(QRegularExpression(QStringLiteral("^-+|-+$")));
        if (slug.isEmpty()) {
            slug = QStringLiteral("restaurant");
        }
        auto query = Sql::exec(db,
                               QStringLiteral("INSERT INTO restaurants (slug, name) VALUES (?, ?) "
                                              "RETURNING id, slug, name, timezone"),
                               {slug, name});
        if (!query) {
            return unexpected(query.error());
        }
        query->next();
        return announce(db,
                        Restaurant{query->value(0).toLongLong(),
                                   query->value(1).toString(),
                                   query->value(2).toString(),
                                   query->value(3).toString()});
    });
}
