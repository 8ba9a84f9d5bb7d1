#include "firstrunmenupage.h"

#include "menu.h"
#include "menuservice.h"

#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>
#include <optional>

namespace
{

constexpr int STARTING_ROWS = 4;
constexpr int DEFAULT_PREP_MINUTES = 10;
constexpr int MAX_PROBLEMS_SHOWN = 12;
// What the CSV carries beyond the table's columns, kept on the name cell.
constexpr int DESCRIPTION_ROLE = Qt::UserRole + 1;
constexpr int TAGS_ROLE = Qt::UserRole + 2;
constexpr int AVAILABLE_ROLE = Qt::UserRole + 3;

QString cellText(const QTableWidget* table, int row, int column)
{
    const QTableWidgetItem* item = table->item(row, column);
    return item != nullptr ? item->text().trimmed() : QString();
}

// "12.50", "12,50" or "12" → 1250; nothing for anything else.
std::optional<int> parsePrice(const QString& text)
{
    QString normalised = text;
    normalised.replace(u',', u'.');
    bool ok = false;
    const double value = QLocale::c().toDouble(normalised, &ok);
    if (!ok || value < 0 || value > 1'000'000) {
        return std::nullopt;
    }
    return int(std::llround(value * 100));
}

} // namespace

FirstRunMenuPage::FirstRunMenuPage(QWidget* parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_problemsLabel(new QLabel(this))
    , m_dismissButton(new QPushButton(tr("Dismiss and type the menu instead"), this))
{
    setObjectName(QStringLiteral("firstRunMenuPage"));
    m_table->setObjectName(QStringLiteral("menuTableWidget"));
    m_table->setHorizontalHeaderLabels({tr("Category"), tr("Item"), tr("Price"), tr("Prep (min)"), tr("Station")});
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(CategoryColumn, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setDefaultSectionSize(40);
    m_table->setColumnWidth(PriceColumn, 110);
    m_table->setColumnWidth(PrepColumn, 110);
    m_table->setColumnWidth(StationColumn, 140);
    for (int i = 0; i < STARTING_ROWS; ++i) {
        addRow();
    }

    auto* intro = new QLabel(tr("Add a few dishes now — you can edit the whole menu later in Settings. Or import a "
                                "CSV file (columns: category, name, description, price, prep_minutes, station, "
                                "tags, available)."),
                             this);
    intro->setWordWrap(true);

    auto* addButton = new QPushButton(tr("Add a row"), this);
    addButton->setObjectName(QStringLiteral("addMenuRowButton"));
    auto* importButton = new QPushButton(tr("Import a CSV file…"), this);
    importButton->setObjectName(QStringLiteral("importCsvButton"));
    connect(addButton, &QPushButton::clicked, this, &FirstRunMenuPage::addRow);
    connect(importButton, &QPushButton::clicked, this, &FirstRunMenuPage::chooseFile);

    m_problemsLabel->setObjectName(QStringLiteral("menuProblemsLabel"));
    m_problemsLabel->setWordWrap(true);
    m_problemsLabel->setTextFormat(Qt::PlainText);
    m_problemsLabel->setStyleSheet(
        QStringLiteral("background: #fdecea; color: #8c1d18; border-radius: 8px; padding: 10px 14px;"));
    m_problemsLabel->hide();
    m_dismissButton->setObjectName(QStringLiteral("dismissCsvButton"));
    m_dismissButton->hide();
    connect(m_dismissButton, &QPushButton::clicked, this, &FirstRunMenuPage::dismissProblems);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(addButton);
    buttons->addWidget(importButton);
    buttons->addStretch(1);
    buttons->addWidget(m_dismissButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_problemsLabel);
}

void FirstRunMenuPage::addRow()
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto* prep = new QTableWidgetItem(QString::number(DEFAULT_PREP_MINUTES));
    m_table->setItem(row, PrepColumn, prep);
    m_table->setItem(row, StationColumn, new QTableWidgetItem(tr("kitchen")));
}

void FirstRunMenuPage::chooseFile()
{
    auto* dialog = new QFileDialog(this, tr("Import a menu"), QString(), tr("CSV files (*.csv);;All files (*)"));
    dialog->setObjectName(QStringLiteral("menuFileDialog"));
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& path) { importCsvFile(path); });
    dialog->open();
}

bool FirstRunMenuPage::importCsvFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_csvProblems = true;
        m_problemsLabel->setText(tr("%1 could not be read: %2").arg(path, file.errorString()));
        m_problemsLabel->show();
        m_dismissButton->show();
        return false;
    }
    return importCsv(file.readAll());
}

bool FirstRunMenuPage::importCsv(const QByteArray& csv)
{
    const MenuCsvImporter::Parsed parsed = MenuCsvImporter::parse(csv);
    if (!parsed.problems.isEmpty()) {
        QStringList lines;
        lines << tr("Nothing was imported: fix these rows in the file and import it again.");
        for (qsizetype i = 0; i < parsed.problems.size() && i < MAX_PROBLEMS_SHOWN; ++i) {
            const MenuCsvImporter::Problem& problem = parsed.problems.at(i);
            lines << (problem.column.isEmpty()
                          ? tr("Line %1: %2").arg(problem.line).arg(problem.message)
                          : tr("Line %1, %2: %3").arg(problem.line).arg(problem.column, problem.message));
        }
        if (parsed.problems.size() > MAX_PROBLEMS_SHOWN) {
            lines << tr("…and %n more.", nullptr, int(parsed.problems.size() - MAX_PROBLEMS_SHOWN));
        }
        m_csvProblems = true;
        m_problemsLabel->setText(lines.join(u'\n'));
        m_problemsLabel->show();
        m_dismissButton->show();
        return false;
    }
    if (parsed.rows.isEmpty()) {
        m_csvProblems = true;
        m_problemsLabel->setText(tr("The file has no menu items below its header row."));
        m_problemsLabel->show();
        m_dismissButton->show();
        return false;
    }
    m_table->setRowCount(0);
    for (const MenuCsvImporter::Row& csvRow : parsed.rows) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, CategoryColumn, new QTableWidgetItem(csvRow.category));
        auto* name = new QTableWidgetItem(csvRow.name);
        name->setData(DESCRIPTION_ROLE, csvRow.description);
        name->setData(TAGS_ROLE, csvRow.tags);
        name->setData(AVAILABLE_ROLE, csvRow.available);
        m_table->setItem(row, NameColumn, name);
        m_table->setItem(
            row, PriceColumn, new QTableWidgetItem(QLocale::c().toString(csvRow.priceCents / 100.0, 'f', 2)));
        m_table->setItem(row, PrepColumn, new QTableWidgetItem(QString::number(csvRow.prepMinutes)));
        m_table->setItem(row, StationColumn, new QTableWidgetItem(csvRow.station));
    }
    dismissProblems();
    return true;
}

void FirstRunMenuPage::dismissProblems()
{
    m_csvProblems = false;
    m_problemsLabel->clear();
    m_problemsLabel->hide();
    m_dismissButton->hide();
}

Result<QList<MenuCsvImporter::Row>> FirstRunMenuPage::rows() const
{
    if (m_csvProblems) {
        return unexpected(Error::invalid(
            QStringLiteral("menu"),
            tr("The CSV file has problems (listed above). Fix the file and import it again, or dismiss them "
               "and type the menu instead.")));
    }
    QList<MenuCsvImporter::Row> rows;
    QSet<QString> names;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString category = cellText(m_table, row, CategoryColumn);
        const QString name = cellText(m_table, row, NameColumn);
        const QString price = cellText(m_table, row, PriceColumn);
        if (category.isEmpty() && name.isEmpty() && price.isEmpty()) {
            continue; // an unused row
        }
        const auto problem = [row](const QString& message) {
            return unexpected(Error::invalid(QStringLiteral("menu"), tr("Row %1: %2").arg(row + 1).arg(message)));
        };
        if (name.isEmpty()) {
            return problem(tr("give the item a name."));
        }
        if (category.isEmpty()) {
            return problem(tr("say which category %1 belongs in (e.g. Mains).").arg(name));
        }
        const std::optional<int> cents = parsePrice(price);
        if (!cents) {
            return problem(tr("the price of %1 should be a number like 12.50.").arg(name));
        }
        bool prepOk = false;
        const int prep = cellText(m_table, row, PrepColumn).toInt(&prepOk);
        if (!prepOk) {
            return problem(tr("the prep time of %1 should be whole minutes.").arg(name));
        }
        if (names.contains(name.toCaseFolded())) {
            return problem(tr("%1 is on the menu twice.").arg(name));
        }
        names.insert(name.toCaseFolded());

        const QTableWidgetItem* nameItem = m_table->item(row, NameColumn);
        MenuCsvImporter::Row item;
        item.line = row + 1;
        item.category = category;
        item.name = name;
        item.description = nameItem->data(DESCRIPTION_ROLE).toString();
        item.priceCents = *cents;
        item.prepMinutes = prep;
        item.station = cellText(m_table, row, StationColumn);
        item.tags = nameItem->data(TAGS_ROLE).toStringList();
        item.available = nameItem->data(AVAILABLE_ROLE).isValid() ? nameItem->data(AVAILABLE_ROLE).toBool() : true;

        MenuItem check;
        check.name = item.name;
        check.description = item.description;
        check.priceCents = item.priceCents;
        check.prepMinutes = item.prepMinutes;
        check.station = item.station;
        check.tags = item.tags;
        if (const VoidResult valid = MenuService::validate(check); !valid) {
            return problem(valid.error().message);
        }
        rows << item;
    }
    return rows;
}
