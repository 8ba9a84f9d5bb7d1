#pragma once

#include "order.h"
#include "result.h"

#include <QList>
#include <QSqlDatabase>
#include <QVariantList>

// Reads orders as staff and customers see them (lines, payment, delivery) on
// the caller's connection, so a transaction can answer with what it wrote.
class OrderRecords final
{
public:
    // The orders matching `where` (SQL over `orders o`, with `?` bindings), oldest first.
    static Result<QList<Order>> load(QSqlDatabase& db, const QString& where, const QVariantList& bindings);
    // One of the restaurant's orders by "id" or "token"; unknown → NotFound.
    static Result<Order> loadOne(QSqlDatabase& db, qint64 restaurantId, const QString& column, const QVariant& key);
};
