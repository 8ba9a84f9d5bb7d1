#include "menuservice.h"

#include "store/sql.h"
#include "store/store.h"

MenuService::MenuService(Store& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{ }

QFuture<Result<Menu>> MenuService::menu(qint64 restaurantId)
{
    return m_store.run<Menu>([restaurantId](QSqlDatabase& db) -> Result<Menu> {
        Menu menu;
        auto currency =
            Sql::exec(db,
                      QStringLiteral("SELECT coalesce(settings->>'currency', 'EUR') FROM restaurants WHERE id = ?"),
                      {restaurantId});
        if (!currency) {
            return unexpected(currency.error());
        }
        if (!currency->next()) {
            return unexpected(Error::notFound(QStringLiteral("no such restaurant")));
        }
        menu.currency = currency->value(0).toString();
        auto categories = Sql::exec(db,
                                    QStringLiteral("SELECT id, name FROM menu_categories WHERE restaurant_id = ?"
                                                   " ORDER BY position, name"),
                                    {restaurantId});
        if (!categories) {
            return unexpected(categories.error());
        }
        while (categories->next()) {
            menu.categories.append({categories->value(0).toLongLong(), categories->value(1).toString(), {}});
        }
        auto items = Sql::exec(db,
                               QStringLiteral("SELECT id, category_id, name, description, price_cents, prep_minutes,"
                                              " station, array_to_string(tags, ','), available FROM menu_items"
                                              " WHERE restaurant_id = ? ORDER BY position, name"),
                               {restaurantId});
        if (!items) {
            return unexpected(items.error());
        }
        while (items->next()) {
            MenuItem item;
            item.id = items->value(0).toLongLong();
            item.categoryId = items->value(1).toLongLong();
            item.name = items->value(2).toString();
            item.description = items->value(3).toString();
            item.priceCents = items->value(4).toInt();
            item.prepMinutes = items->value(5).toInt();
            item.station = items->value(6).toString();
            item.tags = items->value(7).toString().split(u',', Qt::SkipEmptyParts);
            item.available = items->value(8).toBool();
            for (MenuCategory& category : menu.categories) {
                if (category.id == item.categoryId) {
                    category.items.append(item);
                    break;
                }
            }
        }
        return menu;
    });
}
