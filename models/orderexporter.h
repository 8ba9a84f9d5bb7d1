#pragma once

#include "actor.h"
#include "order.h"
#include "result.h"

#include <QCoreApplication>
#include <QDate>
#include <QFuture>
#include <QStringList>
#include <QTimeZone>
#include <optional>

class OrderService;
class Store;

// The daily export of orders for the books: one row per order (its lines
// summarised in one "Items" cell), to CSV or XLSX, written whole or not at all.
//
// Columns: Code, Kind, Status, Customer, Phone, Items, Subtotal, Tax, Delivery
// fee, Total, Payment, Payment status, Created (the restaurant's local time),
// Cancel reason. CSV is RFC 4180 (CRLF, quoted when needed) in UTF-8 with a
// BOM so spreadsheet apps read the accents right; money is "12.50". XLSX has
// a bold header row, money as numbers in a currency format and real dates.
class OrderExporter final
{
    Q_DECLARE_TR_FUNCTIONS(OrderExporter)

public:
    enum class Format
    {
        Csv,
        Xlsx
    };

    struct Options
    {
        Format format = Format::Csv;
        QTimeZone timeZone = QTimeZone::UTC;
        QString currency = QStringLiteral("EUR"); // ISO 4217
        bool protectSheet = false; // XLSX: a read-only sheet (no password; it guards against slips)
    };

    struct Outcome
    {
        int orders = 0;
        QString path;
        qint64 bytes = 0;
    };

    // Neither is owned; both must outlive the futures exportDay returns.
    OrderExporter(Store& store, OrderService& orders);

    // Needs Permission::Export. Loads the orders created on `day` (in the
    // restaurant's time zone), writes them to `path` through a temporary file
    // in the same folder that is renamed over `path` at the end, and records
    // "orders.exported" in the audit log in the same transaction: an export
    // that fails leaves any earlier file as it was and is not audited.
    QFuture<Result<Outcome>> exportDay(qint64 restaurantId,
                                       const Actor& actor,
                                       const QDate& day,
                                       Format format,
                                       const QString& path,
                                       bool protectSheet = false);

    // "csv" or "xlsx" (any case); nothing for anything else.
    static std::optional<Format> formatFromString(const QString& text);
    static QString formatToString(Format format);
    static QString fileSuffix(Format format) { return formatToString(format); }

    static QStringList headings();
    static QByteArray toCsv(const QList<Order>& orders, const Options& options);
    static Result<QByteArray> toXlsx(const QList<Order>& orders, const Options& options);
    // Renders and writes atomically (QSaveFile: a temporary file beside
    // `path`, renamed over it). Blocking file I/O: never on the GUI thread.
    static VoidResult write(const QList<Order>& orders, const QString& path, const Options& options);

private:
    Store& m_store;
    OrderService& m_orders;
};
