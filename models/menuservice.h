#pragma once

#include "actor.h"
#include "menu.h"
#include "menucsvimporter.h"
#include "result.h"

#include <QFuture>
#include <QObject>

class Store;

// Reads and edits the restaurant's menu. Edits need EditMenu, are validated
// before anything is written, audited, and announce a "menu.*" event so
// the diner server's menu (and its ETag) changes at once.
class MenuService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MenuService)

public:
    explicit MenuService(Store& store, QObject* parent = nullptr);

    // Categories in menu order, each with its items (available or not).
    QFuture<Result<Menu>> menu(qint64 restaurantId);

    // id 0 creates; otherwise updates. Names are unique per restaurant.
    QFuture<Result<MenuCategory>> saveCategory(qint64 restaurantId, const Actor& actor, const MenuCategory& category);
    // Only an empty category can go (Conflict otherwise).
    QFuture<VoidResult> removeCategory(qint64 restaurantId, const Actor& actor, qint64 categoryId);
    // id 0 creates; otherwise updates (price changes are audited with old and new price).
    QFuture<Result<MenuItem>> saveItem(qint64 restaurantId, const Actor& actor, const MenuItem& item);
    // An item that was ever ordered stays (past orders point at it): Conflict, advising to 86 it instead.
    QFuture<VoidResult> removeItem(qint64 restaurantId, const Actor& actor, qint64 itemId);
    // 86 an item (false) or bring it back (true): off or on the diner page at once.
    QFuture<Result<MenuItem>> setAvailable(qint64 restaurantId, const Actor& actor, qint64 itemId, bool available);
    // Adds or updates (by name) every row in one transaction: all or nothing.
    // Rows with problems → Invalid, nothing written. Returns how many rows were written.
    QFuture<Result<int>> importRows(qint64 restaurantId, const Actor& actor, const QList<MenuCsvImporter::Row>& rows);

    // Field checks without the database: "name", "description", "price_cents", "prep_minutes", "station",
    // "tags" (checked trimmed, station in any case, as saveItem() stores them). saveItem() also names "category".
    static VoidResult validate(const MenuItem& item);

private:
    Store& m_store;
};
