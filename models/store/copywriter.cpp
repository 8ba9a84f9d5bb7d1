#include "copywriter.h"

#include <QSqlDriver>
#include <cstdio>
#include <libpq-fe.h>

namespace
{

// The libpq connection under a QPSQL QSqlDatabase (QSqlDriver::handle()).
PGconn* connectionOf(QSqlDatabase& db)
{
    const QVariant handle = db.driver()->handle();
    // Qt registers the handle under the struct's own name (pg_conn*), not the typedef's.
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0)) {
        qWarning("CopyWriter: the connection's handle is a %s", handle.typeName());
        return nullptr;
    }
    return *static_cast<PGconn* const*>(handle.data());
}

QString lastError(PGconn* connection)
{
    return QString::fromUtf8(PQerrorMessage(connection)).trimmed();
}

} // namespace

CopyWriter::CopyWriter(QSqlDatabase& db)
    : m_db(db)
{ }

VoidResult CopyWriter::copy(const QString& table, const QStringList& columns, const QByteArray& rows)
{
    if (rows.isEmpty()) {
        return {};
    }
    PGconn* connection = connectionOf(m_db);
    if (connection == nullptr) {
        return unexpected(Error::internal(QStringLiteral("COPY needs a PostgreSQL (QPSQL) connection")));
    }
    if (PQstatus(connection) != CONNECTION_OK) {
        return unexpected(Error::unavailable(lastError(connection)));
    }
    const QByteArray statement =
        QStringLiteral("COPY %1 (%2) FROM STDIN").arg(table, columns.join(QStringLiteral(", "))).toUtf8();
    PGresult* started = PQexec(connection, statement.constData());
    const bool copying = PQresultStatus(started) == PGRES_COPY_IN;
    PQclear(started);
    if (!copying) {
        return unexpected(Error::internal(QStringLiteral("COPY %1: %2").arg(table, lastError(connection))));
    }
    // Sent in slices: libpq buffers what it cannot write yet.
    constexpr qsizetype SLICE = 1 << 20;
    bool sent = true;
    for (qsizetype offset = 0; offset < rows.size() && sent; offset += SLICE) {
        const qsizetype size = std::min(SLICE, rows.size() - offset);
        sent = PQputCopyData(connection, rows.constData() + offset, int(size)) == 1;
    }
    const bool ended = PQputCopyEnd(connection, sent ? nullptr : "sending failed") == 1;
    QString failure;
    while (PGresult* result = PQgetResult(connection)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && failure.isEmpty()) {
            failure = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
        }
        PQclear(result);
    }
    if (!sent || !ended || !failure.isEmpty()) {
        if (failure.isEmpty()) {
            failure = lastError(connection);
        }
        const bool lost = PQstatus(connection) != CONNECTION_OK;
        const QString message = QStringLiteral("COPY %1: %2").arg(table, failure);
        return unexpected(lost ? Error::unavailable(message) : Error::internal(message));
    }
    return {};
}

void CopyWriter::Row::separate()
{
    if (!m_first) {
        m_out.append('\t');
    }
    m_first = false;
}

CopyWriter::Row& CopyWriter::Row::text(QStringView text)
{
    separate();
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        switch (c) {
        case '\\':
            m_out.append("\\\\");
            break;
        case '\t':
            m_out.append("\\t");
            break;
        case '\n':
            m_out.append("\\n");
            break;
        case '\r':
            m_out.append("\\r");
            break;
        default:
            m_out.append(c);
        }
    }
    return *this;
}

CopyWriter::Row& CopyWriter::Row::integer(qint64 value)
{
    separate();
    m_out.append(QByteArray::number(value));
    return *this;
}

CopyWriter::Row& CopyWriter::Row::time(const QDateTime& utc)
{
    separate();
    m_out.append(utc.toUTC().toString(Qt::ISODateWithMs).toLatin1());
    return *this;
}

CopyWriter::Row& CopyWriter::Row::time(qint64 msecsSinceEpoch)
{
    separate();
    // Howard Hinnant's days-to-civil conversion, for dates after 1970.
    const qint64 ms = msecsSinceEpoch % 1000;
    const qint64 seconds = msecsSinceEpoch / 1000;
    qint64 days = seconds / 86400;
    const qint64 daySeconds = seconds % 86400;
    days += 719468;
    const qint64 era = days / 146097;
    const qint64 doe = days - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 dayOfMonth = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    char text[32];
    const int length = std::snprintf(text,
                                     sizeof text,
                                     "%04lld-%02lld-%02lld %02lld:%02lld:%02lld.%03lld+00",
                                     static_cast<long long>(year),
                                     static_cast<long long>(month),
                                     static_cast<long long>(dayOfMonth),
                                     static_cast<long long>(daySeconds / 3600),
                                     static_cast<long long>(daySeconds / 60 % 60),
                                     static_cast<long long>(daySeconds % 60),
                                     static_cast<long long>(ms));
    m_out.append(text, length);
    return *this;
}

CopyWriter::Row& CopyWriter::Row::boolean(bool value)
{
    separate();
    m_out.append(value ? 't' : 'f');
    return *this;
}

CopyWriter::Row& CopyWriter::Row::null()
{
    separate();
    m_out.append("\\N");
    return *this;
}

CopyWriter::Row& CopyWriter::Row::json(const QByteArray& json)
{
    separate();
    // Backslashes in JSON escapes must reach the server as they are.
    for (const char c : json) {
        if (c == '\\') {
            m_out.append("\\\\");
        } else {
            m_out.append(c);
        }
    }
    return *this;
}
