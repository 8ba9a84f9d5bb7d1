#include "tablessettingspage.h"

#include "consolesession.h"
#include "dialogs.h"
#include "tableservice.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace
{

enum Column
{
    LabelColumn,
    SeatsColumn,
    CombinableColumn,
    StateColumn,
    ColumnCount
};

QString stateText(DiningTable::State state)
{
    switch (state) {
    case DiningTable::State::Free:
        return TablesSettingsPage::tr("Free");
    case DiningTable::State::Occupied:
        return TablesSettingsPage::tr("Occupied");
    case DiningTable::State::Dirty:
        return TablesSettingsPage::tr("Needs cleaning");
    case DiningTable::State::Reserved:
        return TablesSettingsPage::tr("Reserved");
    case DiningTable::State::OutOfService:
        return TablesSettingsPage::tr("Out of service");
    }
    return {};
}

} // namespace

TablesSettingsPage::TablesSettingsPage(qint64 restaurantId,
                                       TableService& tables,
                                       ConsoleSession& session,
                                       QWidget* parent)
    : SettingsPage(tr("Tables"),
                   tr("The dining room as the host sees it. Combinable tables can be pushed together for a large "
                      "party."),
                   Permission::EditSettings,
                   Layout::Form,
                   parent)
    , m_restaurantId(restaurantId)
    , m_service(tables)
    , m_session(session)
    , m_list(new QTableWidget(0, ColumnCount, this))
    , m_editor(new QGroupBox(this))
    , m_label(new QLineEdit(this))
    , m_seats(new QSpinBox(this))
    , m_combinable(new QCheckBox(tr("Can be combined with other tables"), this))
    , m_newButton(new QPushButton(tr("+ Add table"), this))
    , m_removeButton(new QPushButton(tr("Remove table…"), this))
{
    setObjectName(QStringLiteral("tablesSettingsPage"));
    m_list->setObjectName(QStringLiteral("tablesTableWidget"));
    m_list->setHorizontalHeaderLabels({tr("Label"), tr("Seats"), tr("Combinable"), tr("State")});
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->verticalHeader()->hide();
    m_list->horizontalHeader()->setStretchLastSection(true);
    m_list->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_list->setColumnWidth(LabelColumn, 160);
    m_list->setColumnWidth(SeatsColumn, 90);
    m_list->setColumnWidth(CombinableColumn, 120);
    m_list->setMinimumHeight(260);
    m_list->setAlternatingRowColors(true);
    m_list->setShowGrid(false);
    connect(m_list, &QTableWidget::itemSelectionChanged, this, [this] {
        const int row = m_list->currentRow();
        if (row >= 0 && row < m_tables.size() && !m_list->selectedItems().isEmpty()) {
            editTable(m_tables.at(row));
        }
    });

    m_newButton->setObjectName(QStringLiteral("newTableButton"));
    m_newButton->setProperty("role", QStringLiteral("plain"));
    connect(m_newButton, &QPushButton::clicked, this, &TablesSettingsPage::startNewTable);
    m_removeButton->setObjectName(QStringLiteral("removeTableButton"));
    m_removeButton->setProperty("role", QStringLiteral("danger"));
    connect(m_removeButton, &QPushButton::clicked, this, &TablesSettingsPage::removeSelected);
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(m_newButton);
    listButtons->addStretch(1);
    listButtons->addWidget(m_removeButton);

    m_label->setObjectName(QStringLiteral("tableLabelLineEdit"));
    m_label->setMaximumWidth(240);
    m_label->setPlaceholderText(tr("e.g. T12 or Patio 3"));
    m_seats->setObjectName(QStringLiteral("tableSeatsSpinBox"));
    m_seats->setRange(0, 99);
    m_seats->setMaximumWidth(120);
    m_combinable->setObjectName(QStringLiteral("tableCombinableCheckBox"));
    m_editor->setObjectName(QStringLiteral("tableEditorGroupBox"));
    auto* form = new QFormLayout(m_editor);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setHorizontalSpacing(16);
    form->setVerticalSpacing(10);
    form->setContentsMargins(16, 14, 16, 14);
    form->addRow(formLabel(tr("Label")), withError(m_label, QStringLiteral("label")));
    form->addRow(formLabel(tr("Seats")), withError(m_seats, QStringLiteral("seats")));
    form->addRow(QString(), m_combinable);

    content()->addWidget(m_list, 1);
    content()->addLayout(listButtons);
    content()->addWidget(m_editor);

    connect(m_label, &QLineEdit::textChanged, this, &TablesSettingsPage::fieldsChanged);
    connect(m_seats, &QSpinBox::valueChanged, this, &TablesSettingsPage::fieldsChanged);
    connect(m_combinable, &QCheckBox::toggled, this, &TablesSettingsPage::fieldsChanged);
    startNewTable();
}

bool TablesSettingsPage::selectTable(const QString& label)
{
    for (int row = 0; row < m_tables.size(); ++row) {
        if (m_tables.at(row).label == label) {
            m_list->selectRow(row);
            return true;
        }
    }
    return false;
}

void TablesSettingsPage::reload()
{
    setBusy(true);
    watch(m_service.tables(m_restaurantId), [this](const Result<QList<DiningTable>>& tables) {
        setBusy(false);
        if (tables) {
            showTables(*tables);
        } else {
            showError(tables.error());
        }
        Q_EMIT loaded();
    });
}

void TablesSettingsPage::showTables(const QList<DiningTable>& tables)
{
    const qint64 editingId = m_editing.id;
    m_tables = tables;
    const QSignalBlocker blocker(m_list);
    m_list->setRowCount(int(tables.size()));
    int selectRow = -1;
    for (int row = 0; row < tables.size(); ++row) {
        const DiningTable& table = tables.at(row);
        const QStringList cells{
            table.label, QString::number(table.seats), table.combinable ? tr("Yes") : tr("No"), stateText(table.state)};
        for (int column = 0; column < ColumnCount; ++column) {
            auto* item = new QTableWidgetItem(cells.at(column));
            if (column == SeatsColumn) {
                item->setTextAlignment(Qt::AlignCenter);
            }
            m_list->setItem(row, column, item);
        }
        if (table.id == editingId && editingId != 0) {
            selectRow = row;
        }
    }
    if (selectRow >= 0) {
        m_list->selectRow(selectRow);
        editTable(tables.at(selectRow));
    } else {
        startNewTable();
    }
}

void TablesSettingsPage::startNewTable()
{
    {
        const QSignalBlocker blocker(m_list);
        m_list->clearSelection();
    }
    DiningTable table;
    table.seats = 4;
    editTable(table);
    m_label->setFocus();
}

void TablesSettingsPage::editTable(const DiningTable& table)
{
    m_editing = table;
    m_showing = true;
    m_editor->setTitle(table.id == 0 ? tr("New table") : tr("Table %1").arg(table.label));
    m_label->setText(table.label);
    m_seats->setValue(table.seats);
    m_combinable->setChecked(table.combinable);
    m_showing = false;
    m_removeButton->setEnabled(table.id != 0);
    saveButton()->setText(table.id == 0 ? tr("Add table") : tr("Save table"));
    clearFieldErrors();
    setDirty(false);
}

DiningTable TablesSettingsPage::edited() const
{
    DiningTable table = m_editing;
    table.label = m_label->text().trimmed();
    table.seats = m_seats->value();
    table.combinable = m_combinable->isChecked();
    return table;
}

bool TablesSettingsPage::checkFields()
{
    bool ok = true;
    const DiningTable table = edited();
    if (table.label.isEmpty()) {
        setFieldError(QStringLiteral("label"), tr("Give the table a label, e.g. T12."));
        ok = false;
    } else if (table.label.size() > 40) {
        setFieldError(QStringLiteral("label"), tr("Use at most 40 characters."));
        ok = false;
    } else {
        for (const DiningTable& other : std::as_const(m_tables)) {
            if (other.id != table.id && other.label.compare(table.label, Qt::CaseInsensitive) == 0) {
                setFieldError(QStringLiteral("label"), tr("There is already a table called %1.").arg(other.label));
                ok = false;
            }
        }
    }
    if (table.seats < 1 || table.seats > 50) {
        setFieldError(QStringLiteral("seats"), tr("A table has 1 to 50 seats."));
        ok = false;
    }
    return ok;
}

void TablesSettingsPage::fieldsChanged()
{
    if (m_showing) {
        return;
    }
    clearFieldErrors();
    checkFields();
    const DiningTable table = edited();
    const bool changed =
        table.label != m_editing.label || table.seats != m_editing.seats || table.combinable != m_editing.combinable;
    setDirty(changed);
}

void TablesSettingsPage::save()
{
    clearMessage();
    clearFieldErrors();
    if (!checkFields()) {
        showError(tr("Nothing was saved: correct the fields marked in red first."));
        Q_EMIT saved(false);
        return;
    }
    const DiningTable table = edited();
    setBusy(true);
    watch(m_service.saveTable(m_restaurantId, m_session.actor(), table), [this](const Result<DiningTable>& result) {
        setBusy(false);
        if (!result) {
            showError(result.error());
            Q_EMIT saved(false);
            return;
        }
        m_editing = *result;
        setDirty(false);
        showInfo(tr("Table %1 saved.").arg(result->label));
        reload();
        Q_EMIT saved(true);
    });
}

void TablesSettingsPage::revert()
{
    editTable(m_editing);
}

void TablesSettingsPage::removeSelected()
{
    if (m_editing.id == 0) {
        return;
    }
    const DiningTable table = m_editing;
    Dialogs::confirm(this,
                     tr("Remove table"),
                     tr("Remove table %1 from the dining room?").arg(table.label),
                     tr("Remove"),
                     tr("Keep"),
                     [this, table] {
                         clearMessage();
                         setBusy(true);
                         watch(m_service.removeTable(m_restaurantId, m_session.actor(), table.id),
                               [this, table](const VoidResult& result) {
                                   setBusy(false);
                                   if (!result) {
                                       showError(result.error());
                                       Q_EMIT saved(false);
                                       return;
                                   }
                                   m_editing = DiningTable{};
                                   showInfo(tr("Table %1 removed.").arg(table.label));
                                   reload();
                                   Q_EMIT saved(true);
                               });
                     });
}
