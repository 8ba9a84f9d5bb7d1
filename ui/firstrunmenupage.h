#pragma once

#include "menucsvimporter.h"
#include "result.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

// The first-run guide's menu page: a few items typed into a table, or a CSV
// file read with MenuCsvImporter. A file with bad rows is reported line by
// line and nothing of it is taken until it is fixed.
class FirstRunMenuPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstRunMenuPage)

public:
    enum Column
    {
        CategoryColumn,
        NameColumn,
        PriceColumn,
        PrepColumn,
        StationColumn,
        ColumnCount
    };

    explicit FirstRunMenuPage(QWidget* parent = nullptr);

    // Reads `path` into the table; false (and the problems shown, the table
    // untouched) when the file cannot be read or has bad rows.
    bool importCsvFile(const QString& path);
    bool importCsv(const QByteArray& csv);
    // The items to create, every filled row checked; an Invalid error naming
    // the first problem (by row) otherwise. Empty rows are skipped.
    Result<QList<MenuCsvImporter::Row>> rows() const;
    bool hasCsvProblems() const { return m_csvProblems; }

private:
    void addRow();
    void chooseFile();
    void dismissProblems();

    QTableWidget* m_table;
    QLabel* m_problemsLabel;
    QPushButton* m_dismissButton;
    bool m_csvProblems = false;
};
