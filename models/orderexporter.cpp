#include "orderexporter.h"

#include "auditlog.h"
#include "orderservice.h"
#include "store/sql.h"
#include "store/store.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSaveFile>
#include <cstdlib>
#include <memory>
#include <xlsxwriter.h>

namespace
{

QString money(int cents)
{
    return QStringLiteral("%1.%2").arg(cents / 100).arg(cents % 100, 2, 10, QLatin1Char('0'));
}

QString items(const Order& order)
{
    QStringList lines;
    for (const OrderLine& line : order.items) {
        QString text = QStringLiteral("%1 × %2").arg(line.quantity).arg(line.name);
        if (!line.note.isEmpty()) {
            text += QStringLiteral(" (%1)").arg(line.note);
        }
        lines << text;
    }
    return lines.join(QStringLiteral("; "));
}

QDateTime local(const QDateTime& time, const QTimeZone& zone)
{
    return time.isValid() ? time.toTimeZone(zone) : QDateTime();
}

// A cell a spreadsheet would run as a formula (=, +, -, @) is written as
// text: names and notes come from diners' phones.
QString defused(const QString& text)
{
    if (!text.isEmpty()
        && (text.front() == u'=' || text.front() == u'+' || text.front() == u'-' || text.front() == u'@'
            || text.front() == u'\t' || text.front() == u'\r')) {
        return u'\'' + text;
    }
    return text;
}

// A phone number as people write it ("+34 600 000 000") carries no formula.
QString defusedPhone(const QString& text)
{
    static const QRegularExpression plain(QStringLiteral("^\\+?[0-9 ()./-]*$"));
    return plain.match(text).hasMatch() ? text : defused(text);
}

QString csvField(const QString& text)
{
    if (text.contains(u',') || text.contains(u'"') || text.contains(u'\n') || text.contains(u'\r')) {
        QString quoted = text;
        quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        return u'"' + quoted + u'"';
    }
    return text;
}

// Excel's number format for the currency: the symbol where it is well known, else the code.
QByteArray moneyFormat(const QString& currency)
{
    static const QHash<QString, QString> symbols{{QStringLiteral("EUR"), QStringLiteral("€")},
                                                 {QStringLiteral("USD"), QStringLiteral("$")},
                                                 {QStringLiteral("GBP"), QStringLiteral("£")},
                                                 {QStringLiteral("JPY"), QStringLiteral("¥")}};
    const QString symbol = symbols.value(currency.toUpper(), currency.toUpper() + u' ');
    return QStringLiteral("\"%1\"#,##0.00").arg(symbol).toUtf8();
}

QStringList row(const Order& order, const QTimeZone& zone)
{
    const QDateTime created = local(order.createdAt, zone);
    return {order.code,
            order.kind,
            OrderStatusRules::toString(order.status),
            order.customerName,
            order.customerPhone,
            items(order),
            money(order.subtotalCents),
            money(order.taxCents),
            money(order.deliveryFeeCents),
            money(order.totalCents),
            order.paymentMethod,
            order.paymentStatus,
            created.isValid() ? created.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString(),
            order.cancelReason};
}

enum Column
{
    CodeColumn,
    KindColumn,
    StatusColumn,
    CustomerColumn,
    PhoneColumn,
    ItemsColumn,
    SubtotalColumn,
    TaxColumn,
    FeeColumn,
    TotalColumn,
    PaymentColumn,
    PaymentStatusColumn,
    CreatedColumn,
    CancelReasonColumn,
    ColumnCount
};

} // namespace

OrderExporter::OrderExporter(Store& store, OrderService& orders)
    : m_store(store)
    , m_orders(orders)
{ }

std::optional<OrderExporter::Format> OrderExporter::formatFromString(const QString& text)
{
    const QString name = text.trimmed().toLower();
    if (name == u"csv") {
        return Format::Csv;
    }
    if (name == u"xlsx") {
        return Format::Xlsx;
    }
    return std::nullopt;
}

QString OrderExporter::formatToString(Format format)
{
    return format == Format::Xlsx ? QStringLiteral("xlsx") : QStringLiteral("csv");
}

QStringList OrderExporter::headings()
{
    return {tr("Code"),
            tr("Kind"),
            tr("Status"),
            tr("Customer"),
            tr("Phone"),
            tr("Items"),
            tr("Subtotal"),
            tr("Tax"),
            tr("Delivery fee"),
            tr("Total"),
            tr("Payment"),
            tr("Payment status"),
            tr("Created"),
            tr("Cancel reason")};
}

QByteArray OrderExporter::toCsv(const QList<Order>& orders, const Options& options)
{
    QString text;
    const auto append = [&text](const QStringList& fields) {
        QStringList cells;
        cells.reserve(fields.size());
        for (const QString& field : fields) {
            cells << csvField(field);
        }
        text += cells.join(u',') + QStringLiteral("\r\n");
    };
    append(headings());
    for (const Order& order : orders) {
        QStringList fields = row(order, options.timeZone);
        for (const int column : {CustomerColumn, ItemsColumn, CancelReasonColumn}) {
            fields[column] = defused(fields.at(column));
        }
        fields[PhoneColumn] = defusedPhone(fields.at(PhoneColumn));
        append(fields);
    }
    return QByteArray("\xEF\xBB\xBF") + text.toUtf8();
}

Result<QByteArray> OrderExporter::toXlsx(const QList<Order>& orders, const Options& options)
{
    const char* buffer = nullptr;
    size_t size = 0;
    lxw_workbook_options workbookOptions{};
    workbookOptions.output_buffer = &buffer;
    workbookOptions.output_buffer_size = &size;
    lxw_workbook* workbook = workbook_new_opt(nullptr, &workbookOptions);
    if (workbook == nullptr) {
        return unexpected(Error::internal(tr("The spreadsheet could not be started.")));
    }
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, tr("Orders").toUtf8().constData());

    lxw_format* header = workbook_add_format(workbook);
    format_set_bold(header);
    format_set_bg_color(header, 0xE8EAED);
    format_set_bottom(header, LXW_BORDER_THIN);
    lxw_format* amount = workbook_add_format(workbook);
    const QByteArray moneyPattern = moneyFormat(options.currency);
    format_set_num_format(amount, moneyPattern.constData());
    lxw_format* when = workbook_add_format(workbook);
    format_set_num_format(when, "yyyy-mm-dd hh:mm");
    lxw_format* wrapped = workbook_add_format(workbook);
    format_set_text_wrap(wrapped);
    format_set_align(wrapped, LXW_ALIGN_VERTICAL_TOP);

    const QStringList names = headings();
    for (int column = 0; column < names.size(); ++column) {
        worksheet_write_string(sheet, 0, lxw_col_t(column), names.at(column).toUtf8().constData(), header);
    }
    lxw_row_t rowIndex = 1;
    for (const Order& order : orders) {
        const QStringList fields = row(order, options.timeZone);
        for (int column = 0; column < ColumnCount; ++column) {
            const auto col = lxw_col_t(column);
            switch (column) {
            case SubtotalColumn:
            case TaxColumn:
            case FeeColumn:
            case TotalColumn: {
                const int cents = column == SubtotalColumn ? order.subtotalCents
                    : column == TaxColumn                  ? order.taxCents
                    : column == FeeColumn                  ? order.deliveryFeeCents
                                                           : order.totalCents;
                worksheet_write_number(sheet, rowIndex, col, cents / 100.0, amount);
                break;
            }
            case CreatedColumn: {
                const QDateTime created = local(order.createdAt, options.timeZone);
                if (created.isValid()) {
                    lxw_datetime stamp{created.date().year(),
                                       created.date().month(),
                                       created.date().day(),
                                       created.time().hour(),
                                       created.time().minute(),
                                       double(created.time().second())};
                    worksheet_write_datetime(sheet, rowIndex, col, &stamp, when);
                }
                break;
            }
            default:
                // Strings stay strings in XLSX: nothing is read as a formula.
                if (!fields.at(column).isEmpty()) {
                    worksheet_write_string(sheet,
                                           rowIndex,
                                           col,
                                           fields.at(column).toUtf8().constData(),
                                           column == ItemsColumn ? wrapped : nullptr);
                }
                break;
            }
        }
        ++rowIndex;
    }
    worksheet_set_column(sheet, CodeColumn, StatusColumn, 11, nullptr);
    worksheet_set_column(sheet, CustomerColumn, CustomerColumn, 22, nullptr);
    worksheet_set_column(sheet, PhoneColumn, PhoneColumn, 15, nullptr);
    worksheet_set_column(sheet, ItemsColumn, ItemsColumn, 48, nullptr);
    worksheet_set_column(sheet, SubtotalColumn, TotalColumn, 12, nullptr);
    worksheet_set_column(sheet, PaymentColumn, PaymentStatusColumn, 14, nullptr);
    worksheet_set_column(sheet, CreatedColumn, CreatedColumn, 17, nullptr);
    worksheet_set_column(sheet, CancelReasonColumn, CancelReasonColumn, 28, nullptr);
    worksheet_freeze_panes(sheet, 1, 0);
    if (!orders.isEmpty()) {
        worksheet_autofilter(sheet, 0, 0, rowIndex - 1, ColumnCount - 1);
    }
    if (options.protectSheet) {
        worksheet_protect(sheet, nullptr, nullptr);
    }
    const lxw_error closed = workbook_close(workbook);
    // The buffer is malloc'ed by libxlsxwriter and ours to free.
    std::unique_ptr<const char, void (*)(const char*)> owned(buffer,
                                                             [](const char* p) { std::free(const_cast<char*>(p)); });
    if (closed != LXW_NO_ERROR || buffer == nullptr) {
        return unexpected(Error::internal(
            tr("The spreadsheet could not be written: %1").arg(QString::fromUtf8(lxw_strerror(closed)))));
    }
    return QByteArray(buffer, qsizetype(size));
}

VoidResult OrderExporter::write(const QList<Order>& orders, const QString& path, const Options& options)
{
    if (path.trimmed().isEmpty()) {
        return unexpected(Error::invalid(QStringLiteral("out"), tr("Say which file to export to.")));
    }
    Result<QByteArray> bytes =
        options.format == Format::Xlsx ? toXlsx(orders, options) : Result<QByteArray>(toCsv(orders, options));
    if (!bytes) {
        return unexpected(bytes.error());
    }
    const QFileInfo target(path);
    if (target.isDir()) {
        return unexpected(Error::invalid(QStringLiteral("out"), tr("%1 is a folder, not a file.").arg(path)));
    }
    if (!target.absoluteDir().exists()) {
        return unexpected(
            Error::invalid(QStringLiteral("out"), tr("The folder %1 does not exist.").arg(target.absolutePath())));
    }
    // QSaveFile writes a uniquely named temporary file beside `path` and
    // renames it over `path` on commit: readers see the old file or the new
    // one, never half of one, and two exports at once each rename a whole file.
    QSaveFile file(target.absoluteFilePath());
    file.setDirectWriteFallback(false);
    if (!file.open(QIODevice::WriteOnly)) {
        return unexpected(
            Error::invalid(QStringLiteral("out"), tr("%1 could not be written: %2").arg(path, file.errorString())));
    }
    if (file.write(*bytes) != bytes->size()) {
        file.cancelWriting();
        return unexpected(
            Error::invalid(QStringLiteral("out"), tr("%1 could not be written: %2").arg(path, file.errorString())));
    }
    if (!file.commit()) {
        return unexpected(
            Error::invalid(QStringLiteral("out"), tr("%1 could not be written: %2").arg(path, file.errorString())));
    }
    return {};
}

QFuture<Result<OrderExporter::Outcome>> OrderExporter::exportDay(
    qint64 restaurantId, const Actor& actor, const QDate& day, Format format, const QString& path, bool protectSheet)
{
    if (auto allowed = actor.require(Permission::Export); !allowed) {
        return QtFuture::makeReadyValueFuture(Result<Outcome>(unexpected(allowed.error())));
    }
    if (!day.isValid()) {
        return QtFuture::makeReadyValueFuture(
            Result<Outcome>(unexpected(Error::invalid(QStringLiteral("date"), tr("Give the day as YYYY-MM-DD.")))));
    }
    if (path.trimmed().isEmpty()) {
        return QtFuture::makeReadyValueFuture(
            Result<Outcome>(unexpected(Error::invalid(QStringLiteral("out"), tr("Say which file to export to.")))));
    }
    Store* store = &m_store;
    return m_orders.ordersOn(restaurantId, day)
        .then([store, restaurantId, actor, day, format, path, protectSheet](
                  const Result<QList<Order>>& orders) -> QFuture<Result<Outcome>> {
            if (!orders) {
                return QtFuture::makeReadyValueFuture(Result<Outcome>(unexpected(orders.error())));
            }
            // The file is written inside the audit line's transaction: the line
            // commits only when the rename has happened.
            return store->transact<Outcome>([restaurantId, actor, day, format, path, protectSheet, list = *orders](
                                                QSqlDatabase& db) -> Result<Outcome> {
                auto context = Sql::exec(db,
                                         QStringLiteral("SELECT timezone, COALESCE(settings->>'currency', 'EUR')"
                                                        " FROM restaurants WHERE id = ?"),
                                         {restaurantId});
                if (!context) {
                    return unexpected(context.error());
                }
                if (!context->next()) {
                    return unexpected(Error::notFound(tr("There is no such restaurant.")));
                }
                Options options;
                options.format = format;
                options.timeZone = QTimeZone(context->value(0).toString().toUtf8());
                if (!options.timeZone.isValid()) {
                    options.timeZone = QTimeZone::UTC;
                }
                options.currency = context->value(1).toString();
                options.protectSheet = protectSheet;
                const QString absolute = QFileInfo(path).absoluteFilePath();
                if (auto recorded = AuditLog::record(db,
                                                     restaurantId,
                                                     actor,
                                                     QStringLiteral("orders.exported"),
                                                     {{QStringLiteral("day"), day.toString(Qt::ISODate)},
                                                      {QStringLiteral("format"), formatToString(format)},
                                                      {QStringLiteral("orders"), int(list.size())},
                                                      {QStringLiteral("file"), absolute}});
                    !recorded) {
                    return unexpected(recorded.error());
                }
                if (auto written = write(list, absolute, options); !written) {
                    return unexpected(written.error());
                }
                return Outcome{int(list.size()), absolute, QFileInfo(absolute).size()};
            });
        })
        .unwrap();
}
