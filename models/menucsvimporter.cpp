#include "menucsvimporter.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>
#include <QStringDecoder>

namespace
{

const QString COL_CATEGORY = QStringLiteral("category");
const QString COL_NAME = QStringLiteral("name");
const QString COL_DESCRIPTION = QStringLiteral("description");
const QString COL_PRICE = QStringLiteral("price");
const QString COL_PREP = QStringLiteral("prep_minutes");
const QString COL_STATION = QStringLiteral("station");
const QString COL_TAGS = QStringLiteral("tags");
const QString COL_AVAILABLE = QStringLiteral("available");

const QStringList REQUIRED = {COL_CATEGORY, COL_NAME, COL_PRICE, COL_PREP, COL_STATION};
const QStringList OPTIONAL = {COL_DESCRIPTION, COL_TAGS, COL_AVAILABLE};

struct Record
{
    int line = 0;
    QStringList fields;
};

// RFC 4180 records: quoted fields may hold commas, doubled quotes and line
// breaks; lines end in CRLF or LF. Problems (a stray quote, an unclosed one)
// are reported and the record is kept as read so far.
QList<Record> records(const QString& text, QList<MenuCsvImporter::Problem>& problems)
{
    QList<Record> out;
    Record record;
    QString field;
    int line = 1;
    record.line = 1;
    bool quoted = false; // inside a quoted field
    bool wasQuoted = false; // the current field was quoted and its quote closed
    const auto endField = [&] {
        record.fields.append(field);
        field.clear();
        wasQuoted = false;
    };
    const auto endRecord = [&] {
        endField();
        // Blank lines are skipped.
        if (!(record.fields.size() == 1 && record.fields.first().isEmpty())) {
            out.append(record);
        }
        record = Record();
        record.line = line;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                    wasQuoted = true;
                }
            } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
                // A CRLF inside quotes is kept as one line break.
            } else {
                if (c == u'\n') {
                    ++line;
                }
                field += c;
            }
            continue;
        }
        if (c == u',') {
            endField();
        } else if (c == u'\r' || c == u'\n') {
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
                ++i;
            }
            ++line;
            endRecord();
        } else if (c == u'"' && field.isEmpty() && !wasQuoted) {
            quoted = true;
        } else if (wasQuoted || c == u'"') {
            problems.append({record.line,
                             {},
                             QCoreApplication::translate(
                                 "MenuCsvImporter",
                                 "A quote is out of place: a field with quotes must start and end with them, and a "
                                 "quote inside it is written twice (\"\").")});
            // Keep reading the field as plain text after the stray character.
            wasQuoted = false;
            field += c;
        } else {
            field += c;
        }
    }
    if (quoted) {
        problems.append({record.line,
                         {},
                         QCoreApplication::translate("MenuCsvImporter",
                                                     "A quoted field is never closed; add the missing quote (\").")});
    }
    if (!field.isEmpty() || !record.fields.isEmpty() || wasQuoted) {
        endRecord();
    }
    return out;
}

// "12", "12.5", "12.50" → cents; anything else is a problem.
std::optional<QString> priceProblem(const QString& text, int& cents)
{
    static const QRegularExpression number(QStringLiteral("^-?[0-9]+(\\.[0-9]*)?$"));
    if (!number.match(text).hasMatch()) {
        return QCoreApplication::translate("MenuCsvImporter", "“%1” is not a price; write it like 12.50.").arg(text);
    }
    if (text.startsWith(u'-')) {
        return QCoreApplication::translate("MenuCsvImporter", "The price cannot be negative.");
    }
    const qsizetype dot = text.indexOf(u'.');
    const QString whole = dot < 0 ? text : text.left(dot);
    QString fraction = dot < 0 ? QString() : text.mid(dot + 1);
    if (fraction.size() > 2) {
        return QCoreApplication::translate("MenuCsvImporter", "The price “%1” has more than two decimals.").arg(text);
    }
    bool ok = false;
    const qint64 units = whole.toLongLong(&ok);
    if (!ok || units > 10000) {
        return QCoreApplication::translate("MenuCsvImporter", "The price can be at most 10000.00.");
    }
    fraction = fraction.leftJustified(2, u'0');
    cents = int(units * 100 + fraction.toInt());
    return std::nullopt;
}

} // namespace

MenuCsvImporter::Parsed MenuCsvImporter::parse(const QByteArray& csv)
{
    Parsed parsed;
    QByteArray bytes = csv;
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        bytes.remove(0, 3);
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(bytes);
    if (decoder.hasError()) {
        parsed.problems.append(
            {1,
             {},
             QCoreApplication::translate("MenuCsvImporter", "The file is not UTF-8 text; save it as CSV UTF-8.")});
        return parsed;
    }
    const QList<Record> all = records(text, parsed.problems);
    if (all.isEmpty()) {
        parsed.problems.append({1,
                                {},
                                QCoreApplication::translate(
                                    "MenuCsvImporter", "The file is empty; it needs a header row and menu rows.")});
        return parsed;
    }

    // The header: known columns in any order.
    const Record& header = all.first();
    QHash<QString, int> columns;
    for (int i = 0; i < header.fields.size(); ++i) {
        const QString name = header.fields.at(i).trimmed().toLower();
        if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
            parsed.problems.append(
                {header.line,
                 name,
                 QCoreApplication::translate("MenuCsvImporter", "Unknown column “%1”; the columns are %2.")
                     .arg(header.fields.at(i).trimmed(), (REQUIRED + OPTIONAL).join(QStringLiteral(", ")))});
        } else if (columns.contains(name)) {
            parsed.problems.append(
                {header.line,
                 name,
                 QCoreApplication::translate("MenuCsvImporter", "The column “%1” appears twice.").arg(name)});
        } else {
            columns.insert(name, i);
        }
    }
    bool headerUsable = true;
    for (const QString& name : REQUIRED) {
        if (!columns.contains(name)) {
            headerUsable = false;
            parsed.problems.append(
                {header.line,
                 name,
                 QCoreApplication::translate("MenuCsvImporter", "The header has no “%1” column.").arg(name)});
        }
    }
    if (!headerUsable) {
        return parsed;
    }
    if (all.size() == 1) {
        parsed.problems.append(
            {header.line,
             {},
             QCoreApplication::translate("MenuCsvImporter", "The file has a header but no menu rows.")});
        return parsed;
    }

    static const QRegularExpression stationPattern(QStringLiteral("^[a-z0-9][a-z0-9 _-]*$"));
    QHash<QString, int> firstLineOfName; // lower-case name → line
    for (qsizetype r = 1; r < all.size(); ++r) {
        const Record& record = all.at(r);
        if (record.fields.size() != header.fields.size()) {
            parsed.problems.append(
                {record.line,
                 {},
                 QCoreApplication::translate("MenuCsvImporter", "The row has %1 fields but the header has %2.")
                     .arg(record.fields.size())
                     .arg(header.fields.size())});
            continue;
        }
        const auto value = [&](const QString& column) {
            return columns.contains(column) ? record.fields.at(columns.value(column)).trimmed() : QString();
        };
        const qsizetype problemsBefore = parsed.problems.size();
        const auto problem = [&](const QString& column, const QString& message) {
            parsed.problems.append({record.line, column, message});
        };
        const auto missing = [&](const QString& column) {
            problem(column, QCoreApplication::translate("MenuCsvImporter", "“%1” is empty.").arg(column));
        };
        Row row;
        row.line = record.line;
        row.category = value(COL_CATEGORY);
        if (row.category.isEmpty()) {
            missing(COL_CATEGORY);
        } else if (row.category.size() > 80) {
            problem(COL_CATEGORY,
                    QCoreApplication::translate("MenuCsvImporter", "The category can have at most 80 characters."));
        }
        row.name = value(COL_NAME);
        if (row.name.isEmpty()) {
            missing(COL_NAME);
        } else if (row.name.size() > 120) {
            problem(COL_NAME,
                    QCoreApplication::translate("MenuCsvImporter", "The name can have at most 120 characters."));
        } else if (const int first = firstLineOfName.value(row.name.toLower()); first > 0) {
            problem(COL_NAME,
                    QCoreApplication::translate("MenuCsvImporter", "“%1” is already on line %2; each item once.")
                        .arg(row.name)
                        .arg(first));
        } else {
            firstLineOfName.insert(row.name.toLower(), record.line);
        }
        row.description = value(COL_DESCRIPTION);
        if (row.description.size() > 1000) {
            problem(
                COL_DESCRIPTION,
                QCoreApplication::translate("MenuCsvImporter", "The description can have at most 1000 characters."));
        }
        const QString price = value(COL_PRICE);
        if (price.isEmpty()) {
            missing(COL_PRICE);
        } else if (const auto wrong = priceProblem(price, row.priceCents)) {
            problem(COL_PRICE, *wrong);
        }
        const QString prep = value(COL_PREP);
        bool prepOk = false;
        row.prepMinutes = prep.toInt(&prepOk);
        if (prep.isEmpty()) {
            missing(COL_PREP);
        } else if (!prepOk || row.prepMinutes < 0 || row.prepMinutes > 240) {
            problem(COL_PREP,
                    QCoreApplication::translate("MenuCsvImporter",
                                                "“%1” is not a preparation time; write whole minutes from 0 to 240.")
                        .arg(prep));
        }
        row.station = value(COL_STATION).toLower();
        if (row.station.isEmpty()) {
            missing(COL_STATION);
        } else if (row.station.size() > 40 || !stationPattern.match(row.station).hasMatch()) {
            problem(COL_STATION,
                    QCoreApplication::translate("MenuCsvImporter",
                                                "“%1” is not a station name; use up to 40 letters, digits, spaces, "
                                                "dashes or underscores, such as grill.")
                        .arg(value(COL_STATION)));
        }
        for (const QString& tag : value(COL_TAGS).split(u'|')) {
            if (!tag.trimmed().isEmpty()) {
                row.tags.append(tag.trimmed());
            }
        }
        if (row.tags.size() > 10) {
            problem(COL_TAGS, QCoreApplication::translate("MenuCsvImporter", "An item can have at most 10 tags."));
        }
        for (const QString& tag : std::as_const(row.tags)) {
            if (tag.size() > 30) {
                problem(COL_TAGS,
                        QCoreApplication::translate("MenuCsvImporter", "The tag “%1” is longer than 30 characters.")
                            .arg(tag));
            }
        }
        const QString available = value(COL_AVAILABLE).toLower();
        if (available.isEmpty() || available == u"yes" || available == u"y" || available == u"true"
            || available == u"1") {
            row.available = true;
        } else if (available == u"no" || available == u"n" || available == u"false" || available == u"0") {
            row.available = false;
        } else {
            problem(COL_AVAILABLE,
                    QCoreApplication::translate("MenuCsvImporter", "“%1” is not yes or no.").arg(value(COL_AVAILABLE)));
        }
        if (parsed.problems.size() == problemsBefore) {
            parsed.rows.append(row);
        }
    }
    return parsed;
}
