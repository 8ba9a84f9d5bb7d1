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

// Runs `create` unless the database already holds a restaurant, which it
// returns instead. The table lock makes two consoles on first run create one.
QFuture<Result<Restaurant>> createOnce(Store& store, std::function<Result<Restaurant>(QSqlDatabase&)> create)
{
    return store.transact<Restaurant>([create = std::move(create)](QSqlDatabase& db) -> Result<Restaurant> {
        // LOCK cannot be a prepared statement.
        if (auto locked = Sql::execScript(db, QStringLiteral("LOCK TABLE restaurants IN SHARE ROW EXCLUSIVE MODE"));
            !locked) {
            return unexpected(locked.error());
        }
        auto existing = firstRestaurant(db);
        if (!existing) {
            return unexpected(existing.error());
        }
        if (existing->has_value()) {
            return **existing;
        }
        auto created = create(db);
        if (!created) {
            return created;
        }
        return announce(db, *created);
    });
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
    return createOnce(m_store, [](QSqlDatabase& db) -> Result<Restaurant> {
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
        return **created;
    });
}

QFuture<Result<Restaurant>> RestaurantService::createRestaurant(const QString& name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > 200) {
        return QtFuture::makeReadyValueFuture(Result<Restaurant>(unexpected(
            Error::invalid(QStringLiteral("name"), tr("Give the restaurant a name (up to 200 characters).")))));
    }
    return createOnce(m_store, [trimmed](QSqlDatabase& db) -> Result<Restaurant> {
        QString slug = trimmed.toLower();
        slug.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
        slug = slug.mid(0, 60).remove(QRegularExpression(QStringLiteral("^-+|-+$")));
        if (slug.isEmpty()) {
            slug = QStringLiteral("restaurant");
        }
        auto query = Sql::exec(db,
                               QStringLiteral("INSERT INTO restaurants (slug, name) VALUES (?, ?) "
                                              "RETURNING id, slug, name, timezone"),
                               {slug, trimmed});
        if (!query) {
            return unexpected(query.error());
        }
        query->next();
        return Restaurant{query->value(0).toLongLong(),
                          query->value(1).toString(),
                          query->value(2).toString(),
                          query->value(3).toString()};
    });
}
