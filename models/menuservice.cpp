#include "menuservice.h"

#include "auditlog.h"
#include "store/eventlog.h"
#include "store/sql.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace
{

template <typename T>
QFuture<Result<T>> failed(Error error)
{
    return QtFuture::makeReadyValueFuture(Result<T>(unexpected(std::move(error))));
}

// Trimmed text; stations in lower case, as the kitchen routes by them.
MenuItem normalized(MenuItem item)
{
    item.name = item.name.trimmed();
    item.description = item.description.trimmed();
    item.station = item.station.trimmed().toLower();
    QStringList tags;
    for (const QString& tag : std::as_const(item.tags)) {
        if (!tag.trimmed().isEmpty()) {
            tags.append(tag.trimmed());
        }
    }
    item.tags = tags;
    return item;
}

VoidResult validateCategoryName(const QString& name)
{
    if (name.isEmpty()) {
        return unexpected(Error::invalid(QStringLiteral("name"),
                                         QCoreApplication::translate("MenuService", "Enter the category's name.")));
    }
    if (name.size() > 80) {
        return unexpected(Error::invalid(
            QStringLiteral("name"),
            QCoreApplication::translate("MenuService", "A category's name can have at most 80 characters.")));
    }
    return {};
}

// The tags as a JSON array, which the statements turn into text[] (no quoting of our own).
QString tagsJson(const QStringList& tags)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(tags)).toJson(QJsonDocument::Compact));
}

QJsonObject itemJson(const MenuItem& item)
{
    return {{QStringLiteral("item_id"), item.id},
            {QStringLiteral("name"), item.name},
            {QStringLiteral("category_id"), item.categoryId},
            {QStringLiteral("price_cents"), item.priceCents}};
}

Result<MenuItem> loadItem(QSqlDatabase& db, qint64 restaurantId, qint64 itemId, bool forUpdate)
{
    auto query =
        Sql::exec(db,
                  QStringLiteral("SELECT id, category_id, name, description, price_cents, prep_minutes, station,"
                                 " array_to_json(tags)::text, available FROM menu_items"
                                 " WHERE id = ? AND restaurant_id = ?")
                      + (forUpdate ? QStringLiteral(" FOR UPDATE") : QString()),
                  {itemId, restaurantId});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(Error::notFound(QCoreApplication::translate("MenuService", "No such menu item.")));
    }
    MenuItem item;
    item.id = query->value(0).toLongLong();
    item.categoryId = query->value(1).toLongLong();
    item.name = query->value(2).toString();
    item.description = query->value(3).toString();
    item.priceCents = query->value(4).toInt();
    item.prepMinutes = query->value(5).toInt();
    item.station = query->value(6).toString();
    for (const QJsonValue& tag : QJsonDocument::fromJson(query->value(7).toString().toUtf8()).array()) {
        item.tags.append(tag.toString());
    }
    item.available = query->value(8).toBool();
    return item;
}

// The audit line and the "menu.changed" event, in the caller's transaction.
VoidResult
announce(QSqlDatabase& db, qint64 restaurantId, const Actor& actor, const QString& action, const QJsonObject& details)
{
    if (auto audited = AuditLog::record(db, restaurantId, actor, action, details); !audited) {
        return audited;
    }
    QJsonObject payload = details;
    payload.insert(QStringLiteral("action"), action);
    if (auto event = EventLog::append(db, restaurantId, QStringLiteral("menu.changed"), payload); !event) {
        return unexpected(event.error());
    }
    return {};
}

// Another item (not `exceptId`) already called `name`, in any letter case.
Result<bool> itemNameTaken(QSqlDatabase& db, qint64 restaurantId, const QString& name, qint64 exceptId)
{
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT 1 FROM menu_items WHERE restaurant_id = ? AND lower(name) = lower(?)"
                                          " AND id <> ?"),
                           {restaurantId, name, exceptId});
    if (!query) {
        return unexpected(query.error());
    }
    return query->next();
}

Result<bool> categoryNameTaken(QSqlDatabase& db, qint64 restaurantId, const QString& name, qint64 exceptId)
{
    auto query =
        Sql::exec(db,
                  QStringLiteral("SELECT 1 FROM menu_categories WHERE restaurant_id = ? AND lower(name) = lower(?)"
                                 " AND id <> ?"),
                  {restaurantId, name, exceptId});
    if (!query) {
        return unexpected(query.error());
    }
    return query->next();
}

Result<qint64> insertCategory(QSqlDatabase& db, qint64 restaurantId, const QString& name)
{
    auto query = Sql::exec(db,
                           QStringLiteral("INSERT INTO menu_categories (restaurant_id, name, position)"
                                          " SELECT ?, ?, coalesce(max(position), 0) + 1 FROM menu_categories"
                                          " WHERE restaurant_id = ? RETURNING id"),
                           {restaurantId, name, restaurantId});
    if (!query) {
        return unexpected(query.error());
    }
    query->next();
    return query->value(0).toLongLong();
}

Result<qint64> insertItem(QSqlDatabase& db, qint64 restaurantId, const MenuItem& item)
{
    auto query = Sql::exec(
        db,
        QStringLiteral("INSERT INTO menu_items (restaurant_id, category_id, name, description, price_cents,"
                       " prep_minutes, station, tags, available, position)"
                       " SELECT ?, ?, ?, ?, ?, ?, ?, ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), ?,"
                       " coalesce(max(position), 0) + 1 FROM menu_items WHERE restaurant_id = ? AND category_id = ?"
                       " RETURNING id"),
        {restaurantId,
         item.categoryId,
         item.name,
         item.description,
         item.priceCents,
         item.prepMinutes,
         item.station,
         tagsJson(item.tags),
         item.available,
         restaurantId,
         item.categoryId});
    if (!query) {
        return unexpected(query.error());
    }
    query->next();
    return query->value(0).toLongLong();
}

VoidResult updateItem(QSqlDatabase& db, qint64 restaurantId, const MenuItem& item)
{
    auto query = Sql::exec(db,
                           QStringLiteral("UPDATE menu_items SET category_id = ?, name = ?, description = ?,"
                                          " price_cents = ?, prep_minutes = ?, station = ?,"
                                          " tags = ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), available = ?"
                                          " WHERE id = ? AND restaurant_id = ?"),
                           {item.categoryId,
                            item.name,
                            item.description,
                            item.priceCents,
                            item.prepMinutes,
                            item.station,
                            tagsJson(item.tags),
                            item.available,
                            item.id,
                            restaurantId});
    if (!query) {
        return unexpected(query.error());
    }
    return {};
}

// The names of the fields that differ, as validate() names them.
QJsonArray changedFields(const MenuItem& before, const MenuItem& after)
{
    QJsonArray fields;
    const auto note = [&fields](bool differs, const char* field) {
        if (differs) {
            fields.append(QLatin1String(field));
        }
    };
    note(before.categoryId != after.categoryId, "category_id");
    note(before.name != after.name, "name");
    note(before.description != after.description, "description");
    note(before.priceCents != after.priceCents, "price_cents");
    note(before.prepMinutes != after.prepMinutes, "prep_minutes");
    note(before.station != after.station, "station");
    note(before.tags != after.tags, "tags");
    note(before.available != after.available, "available");
    return fields;
}

} // namespace

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

VoidResult MenuService::validate(const MenuItem& input)
{
    // Checked as saveItem() would store it: trimmed, station in lower case, blank tags dropped.
    const MenuItem item = normalized(input);
    static const QRegularExpression stationPattern(QStringLiteral("^[a-z0-9][a-z0-9 _-]*$"));
    if (item.name.trimmed().isEmpty()) {
        return unexpected(Error::invalid(QStringLiteral("name"),
                                         QCoreApplication::translate("MenuService", "Enter the item's name.")));
    }
    if (item.name.size() > 120) {
        return unexpected(Error::invalid(
            QStringLiteral("name"),
            QCoreApplication::translate("MenuService", "An item's name can have at most 120 characters.")));
    }
    if (item.description.size() > 1000) {
        return unexpected(Error::invalid(
            QStringLiteral("description"),
            QCoreApplication::translate("MenuService", "The description can have at most 1000 characters.")));
    }
    if (item.priceCents < 0 || item.priceCents > 1000000) {
        return unexpected(
            Error::invalid(QStringLiteral("price_cents"),
                           QCoreApplication::translate("MenuService", "The price must be between 0.00 and 10000.00.")));
    }
    if (item.prepMinutes < 0 || item.prepMinutes > 240) {
        return unexpected(Error::invalid(
            QStringLiteral("prep_minutes"),
            QCoreApplication::translate("MenuService", "The preparation time must be between 0 and 240 minutes.")));
    }
    if (item.station.isEmpty() || item.station.size() > 40 || !stationPattern.match(item.station).hasMatch()) {
        return unexpected(Error::invalid(
            QStringLiteral("station"),
            QCoreApplication::translate("MenuService",
                                        "Enter the kitchen station (up to 40 letters, digits, spaces, dashes "
                                        "or underscores), such as grill.")));
    }
    if (item.tags.size() > 10) {
        return unexpected(Error::invalid(
            QStringLiteral("tags"), QCoreApplication::translate("MenuService", "An item can have at most 10 tags.")));
    }
    for (const QString& tag : item.tags) {
        if (tag.isEmpty() || tag.size() > 30) {
            return unexpected(
                Error::invalid(QStringLiteral("tags"),
                               QCoreApplication::translate("MenuService", "Each tag must have 1 to 30 characters.")));
        }
    }
    return {};
}

QFuture<Result<MenuCategory>>
MenuService::saveCategory(qint64 restaurantId, const Actor& actor, const MenuCategory& category)
{
    if (auto allowed = actor.require(Permission::EditMenu); !allowed) {
        return failed<MenuCategory>(allowed.error());
    }
    const QString name = category.name.trimmed();
    if (auto valid = validateCategoryName(name); !valid) {
        return failed<MenuCategory>(valid.error());
    }
    const qint64 id = category.id;
    return m_store.transact<MenuCategory>([restaurantId, actor, id, name](QSqlDatabase& db) -> Result<MenuCategory> {
        auto taken = categoryNameTaken(db, restaurantId, name, id);
        if (!taken) {
            return unexpected(taken.error());
        }
        if (*taken) {
            return unexpected(Error::invalid(
                QStringLiteral("name"),
                QCoreApplication::translate("MenuService", "There is already a category named “%1”.").arg(name)));
        }
        if (id == 0) {
            auto inserted = insertCategory(db, restaurantId, name);
            if (!inserted) {
                return unexpected(inserted.error());
            }
            if (auto done = announce(db,
                                     restaurantId,
                                     actor,
                                     QStringLiteral("menu.category_created"),
                                     {{QStringLiteral("category_id"), *inserted}, {QStringLiteral("name"), name}});
                !done) {
                return unexpected(done.error());
            }
            return MenuCategory{*inserted, name, {}};
        }
        auto old = Sql::exec(db,
                             QStringLiteral("SELECT name FROM menu_categories WHERE id = ? AND restaurant_id = ?"
                                            " FOR UPDATE"),
                             {id, restaurantId});
        if (!old) {
            return unexpected(old.error());
        }
        if (!old->next()) {
            return unexpected(Error::notFound(QCoreApplication::translate("MenuService", "No such menu category.")));
        }
        const QString oldName = old->value(0).toString();
        if (oldName == name) {
            return MenuCategory{id, name, {}};
        }
        auto updated = Sql::exec(db, QStringLiteral("UPDATE menu_categories SET name = ? WHERE id = ?"), {name, id});
        if (!updated) {
            return unexpected(updated.error());
        }
        if (auto done = announce(db,
                                 restaurantId,
                                 actor,
                                 QStringLiteral("menu.category_changed"),
                                 {{QStringLiteral("category_id"), id},
                                  {QStringLiteral("old_name"), oldName},
                                  {QStringLiteral("name"), name}});
            !done) {
            return unexpected(done.error());
        }
        return MenuCategory{id, name, {}};
    });
}

QFuture<VoidResult> MenuService::removeCategory(qint64 restaurantId, const Actor& actor, qint64 categoryId)
{
    if (auto allowed = actor.require(Permission::EditMenu); !allowed) {
        return failed<void>(allowed.error());
    }
    return m_store.transact<void>([restaurantId, actor, categoryId](QSqlDatabase& db) -> VoidResult {
        auto old =
            Sql::exec(db,
                      QStringLiteral("SELECT name, (SELECT count(*) FROM menu_items i WHERE i.category_id = c.id)"
                                     " FROM menu_categories c WHERE id = ? AND restaurant_id = ? FOR UPDATE"),
                      {categoryId, restaurantId});
        if (!old) {
            return unexpected(old.error());
        }
        if (!old->next()) {
            return unexpected(Error::notFound(QCoreApplication::translate("MenuService", "No such menu category.")));
        }
        const QString name = old->value(0).toString();
        if (const int items = old->value(1).toInt(); items > 0) {
            return unexpected(Error::conflict(
                QCoreApplication::translate(
                    "MenuService", "“%1” still has %n item(s); move or remove them first.", nullptr, items)
                    .arg(name)));
        }
        auto removed = Sql::exec(db, QStringLiteral("DELETE FROM menu_categories WHERE id = ?"), {categoryId});
        if (!removed) {
            return unexpected(removed.error());
        }
        return announce(db,
                        restaurantId,
                        actor,
                        QStringLiteral("menu.category_removed"),
                        {{QStringLiteral("category_id"), categoryId}, {QStringLiteral("name"), name}});
    });
}

QFuture<Result<MenuItem>> MenuService::saveItem(qint64 restaurantId, const Actor& actor, const MenuItem& item)
{
    if (auto allowed = actor.require(Permission::EditMenu); !allowed) {
        return failed<MenuItem>(allowed.error());
    }
    const MenuItem wanted = normalized(item);
    if (auto valid = validate(wanted); !valid) {
        return failed<MenuItem>(valid.error());
    }
    return m_store.transact<MenuItem>([restaurantId, actor, wanted](QSqlDatabase& db) -> Result<MenuItem> {
        auto category = Sql::exec(db,
                                  QStringLiteral("SELECT 1 FROM menu_categories WHERE id = ? AND restaurant_id = ?"),
                                  {wanted.categoryId, restaurantId});
        if (!category) {
            return unexpected(category.error());
        }
        if (!category->next()) {
            return unexpected(Error::invalid(
                QStringLiteral("category"),
                QCoreApplication::translate("MenuService", "Choose one of the menu's categories for the item.")));
        }
        auto taken = itemNameTaken(db, restaurantId, wanted.name, wanted.id);
        if (!taken) {
            return unexpected(taken.error());
        }
        if (*taken) {
            return unexpected(Error::invalid(
                QStringLiteral("name"),
                QCoreApplication::translate("MenuService", "There is already an item named “%1”.").arg(wanted.name)));
        }
        if (wanted.id == 0) {
            auto inserted = insertItem(db, restaurantId, wanted);
            if (!inserted) {
                return unexpected(inserted.error());
            }
            MenuItem created = wanted;
            created.id = *inserted;
            if (auto done = announce(db, restaurantId, actor, QStringLiteral("menu.item_created"), itemJson(created));
                !done) {
                return unexpected(done.error());
            }
            return loadItem(db, restaurantId, created.id, false);
        }
        auto before = loadItem(db, restaurantId, wanted.id, true);
        if (!before) {
            return before;
        }
        const QJsonArray fields = changedFields(*before, wanted);
        if (fields.isEmpty()) {
            return before;
        }
        if (auto updated = updateItem(db, restaurantId, wanted); !updated) {
            return unexpected(updated.error());
        }
        QJsonObject details = itemJson(wanted);
        details.insert(QStringLiteral("fields"), fields);
        if (before->priceCents != wanted.priceCents) {
            details.insert(QStringLiteral("old_price_cents"), before->priceCents);
            details.insert(QStringLiteral("new_price_cents"), wanted.priceCents);
        }
        if (auto done = announce(db, restaurantId, actor, QStringLiteral("menu.item_changed"), details); !done) {
            return unexpected(done.error());
        }
        return loadItem(db, restaurantId, wanted.id, false);
    });
}

QFuture<VoidResult> MenuService::removeItem(qint64 restaurantId, const Actor& actor, qint64 itemId)
{
    if (auto allowed = actor.require(Permission::EditMenu); !allowed) {
        return failed<void>(allowed.error());
    }
    return m_store.transact<void>([restaurantId, actor, itemId](QSqlDatabase& db) -> VoidResult {
        auto item = loadItem(db, restaurantId, itemId, true);
        if (!item) {
            return unexpected(item.error());
        }
        // Past orders keep pointing at the item, so it stays (and can be hidden).
        auto ordered =
            Sql::exec(db, QStringLiteral("SELECT 1 FROM order_items WHERE menu_item_id = ? LIMIT 1"), {itemId});
        if (!ordered) {
            return unexpected(ordered.error());
        }
        if (ordered->next()) {
            return unexpected(Error::conflict(
                QCoreApplication::translate("MenuService",
                                            "“%1” has been ordered before, so it stays on record; mark it unavailable "
                                            "instead.")
                    .arg(item->name)));
        }
        auto removed = Sql::exec(db, QStringLiteral("DELETE FROM menu_items WHERE id = ?"), {itemId});
        if (!removed) {
            return unexpected(removed.error());
        }
        return announce(db, restaurantId, actor, QStringLiteral("menu.item_removed"), itemJson(*item));
    });
}

QFuture<Result<MenuItem>>
MenuService::setAvailable(qint64 restaurantId, const Actor& actor, qint64 itemId, bool available)
{
    if (auto allowed = actor.require(Permission::EditMenu); !allowed) {
        return failed<MenuItem>(allowed.error());
    }
    return m_store.transact<MenuItem>([restaurantId, actor, itemId, available](QSqlDatabase& db) -> Result<MenuItem> {
        auto item = loadItem(db, restaurantId, itemId, true);
        if (!item || item->available == available) {
            return item;
        }
        auto updated =
            Sql::exec(db, QStringLiteral("UPDATE menu_items SET available = ? WHERE id = ?"), {available, itemId});
        if (!updated) {
            return unexpected(updated.error());
        }
        item->available = available;
        if (auto done = announce(db,
                                 restaurantId,
                                 actor,
                                 available ? QStringLiteral("menu.item_restored") : QStringLiteral("menu.item_86d"),
                                 itemJson(*item));
            !done) {
            return unexpected(done.error());
        }
        return item;
    });
}

QFuture<Result<int>>
MenuService::importRows(qint64 restaurantId, const Actor& actor, const QList<MenuCsvImporter::Row>& rows)
{
    if (auto allowed = actor.require(Permission::EditMenu); !allowed) {
        return failed<int>(allowed.error());
    }
    if (rows.isEmpty()) {
        return failed<int>(Error::invalid(
            QStringLiteral("rows"), QCoreApplication::translate("MenuService", "There are no menu rows to import.")));
    }
    // Every row is checked before anything is written.
    struct Wanted
    {
        QString category;
        MenuItem item;
    };
    QList<Wanted> wanted;
    QHash<QString, int> lineOfName;
    for (const MenuCsvImporter::Row& row : rows) {
        MenuItem item;
        item.name = row.name;
        item.description = row.description;
        item.priceCents = row.priceCents;
        item.prepMinutes = row.prepMinutes;
        item.station = row.station;
        item.tags = row.tags;
        item.available = row.available;
        item = normalized(item);
        const QString category = row.category.trimmed();
        VoidResult valid = validateCategoryName(category);
        Error error = valid ? Error() : valid.error();
        if (valid) {
            valid = validate(item);
            error = valid ? Error() : valid.error();
        } else {
            error.field = QStringLiteral("category");
        }
        if (valid && lineOfName.contains(item.name.toLower())) {
            valid = unexpected(Error::invalid(QStringLiteral("name"),
                                              QCoreApplication::translate("MenuService", "“%1” is already on line %2.")
                                                  .arg(item.name)
                                                  .arg(lineOfName.value(item.name.toLower()))));
            error = valid.error();
        }
        if (!valid) {
            error.message = QCoreApplication::translate("MenuService", "Line %1: %2").arg(row.line).arg(error.message);
            return failed<int>(error);
        }
        lineOfName.insert(item.name.toLower(), row.line);
        wanted.append({category, item});
    }
    return m_store.transact<int>([restaurantId, actor, wanted](QSqlDatabase& db) -> Result<int> {
        QHash<QString, qint64> categories; // lower-case name → id
        auto existing =
            Sql::exec(db,
                      QStringLiteral("SELECT id, name FROM menu_categories WHERE restaurant_id = ? FOR UPDATE"),
                      {restaurantId});
        if (!existing) {
            return unexpected(existing.error());
        }
        while (existing->next()) {
            categories.insert(existing->value(1).toString().toLower(), existing->value(0).toLongLong());
        }
        int createdCategories = 0;
        int created = 0;
        int updated = 0;
        for (const Wanted& w : wanted) {
            MenuItem item = w.item;
            if (const auto found = categories.constFind(w.category.toLower()); found != categories.cend()) {
                item.categoryId = *found;
            } else {
                auto inserted = insertCategory(db, restaurantId, w.category);
                if (!inserted) {
                    return unexpected(inserted.error());
                }
                categories.insert(w.category.toLower(), *inserted);
                item.categoryId = *inserted;
                ++createdCategories;
            }
            auto same = Sql::exec(db,
                                  QStringLiteral("SELECT id FROM menu_items WHERE restaurant_id = ?"
                                                 " AND lower(name) = lower(?) FOR UPDATE"),
                                  {restaurantId, item.name});
            if (!same) {
                return unexpected(same.error());
            }
            if (same->next()) {
                item.id = same->value(0).toLongLong();
                if (auto done = updateItem(db, restaurantId, item); !done) {
                    return unexpected(done.error());
                }
                ++updated;
            } else {
                auto inserted = insertItem(db, restaurantId, item);
                if (!inserted) {
                    return unexpected(inserted.error());
                }
                ++created;
            }
        }
        if (auto done = announce(db,
                                 restaurantId,
                                 actor,
                                 QStringLiteral("menu.imported"),
                                 {{QStringLiteral("rows"), int(wanted.size())},
                                  {QStringLiteral("items_created"), created},
                                  {QStringLiteral("items_updated"), updated},
                                  {QStringLiteral("categories_created"), createdCategories}});
            !done) {
            return unexpected(done.error());
        }
        return int(wanted.size());
    });
}
