#pragma once

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// Reads a menu from CSV (RFC 4180, UTF-8, comma-separated, header row):
//   category,name,description,price,prep_minutes,station,tags,available
// price in the currency's units with a dot ("12.50"); tags separated by "|";
// available "yes"/"no" (empty: yes); description, tags and available optional
// columns. Documented in docs/menu-import.md.
class MenuCsvImporter final
{
public:
    struct Row
    {
        int line = 0; // 1-based line in the file where the row starts
        QString category;
        QString name;
        QString description;
        int priceCents = 0;
        int prepMinutes = 10;
        QString station;
        QStringList tags;
        bool available = true;
    };
    struct Problem
    {
        int line = 0;
        QString column; // empty when about the whole row
        QString message;
    };
    struct Parsed
    {
        QList<Row> rows;
        QList<Problem> problems; // empty: every row is good
    };

    // Checks every row (and duplicates of a name); never stops at the first problem.
    static Parsed parse(const QByteArray& csv);
};
