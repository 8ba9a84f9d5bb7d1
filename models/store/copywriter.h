#pragma once

#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QSqlDatabase>
#include <QStringList>

// Bulk loads through PostgreSQL's COPY … FROM STDIN on a QPSQL connection's
// own libpq handle, inside whatever transaction the connection is in. Rows
// are built in COPY's text format with the append* helpers.
class CopyWriter final
{
public:
    explicit CopyWriter(QSqlDatabase& db);

    // Sends `rows` (complete lines) to `table (columns)`. Nothing is sent for no rows.
    VoidResult copy(const QString& table, const QStringList& columns, const QByteArray& rows);

    // One line of COPY's text format, appended to `out` field by field.
    class Row
    {
    public:
        explicit Row(QByteArray& out)
            : m_out(out)
        { }
        Row& text(QStringView text);
        Row& integer(qint64 value);
        Row& time(const QDateTime& utc);
        // The same from milliseconds since the epoch, without QDateTime (bulk loads write millions).
        Row& time(qint64 msecsSinceEpoch);
        Row& boolean(bool value);
        Row& null();
        // `json` must be compact, as Qt writes it (no raw tabs or line breaks).
        Row& json(const QByteArray& json);
        void end() { m_out.append('\n'); }

    private:
        void separate();

        QByteArray& m_out;
        bool m_first = true;
    };

private:
    QSqlDatabase& m_db;
};
