#pragma once

#include "diningtable.h"
#include "settingspage.h"

#include <QList>

class ConsoleSession;
class QCheckBox;
class QGroupBox;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class TableService;

// Settings page: the dining room's tables (label, seats, combinable), added,
// changed and removed one at a time.
class TablesSettingsPage final : public SettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TablesSettingsPage)

public:
    TablesSettingsPage(qint64 restaurantId, TableService& tables, ConsoleSession& session, QWidget* parent = nullptr);

    QTableWidget* tableWidget() const { return m_list; }
    const QList<DiningTable>& tables() const { return m_tables; }
    // Selects the table for editing; false when there is none with that label.
    bool selectTable(const QString& label);

public Q_SLOTS:
    void reload() override;
    // Clears the form for a new table.
    void startNewTable();

protected:
    void save() override;
    void revert() override;

private:
    void showTables(const QList<DiningTable>& tables);
    void editTable(const DiningTable& table);
    DiningTable edited() const;
    bool checkFields();
    void fieldsChanged();
    void removeSelected();

    qint64 m_restaurantId;
    TableService& m_service;
    ConsoleSession& m_session;
    QList<DiningTable> m_tables;
    DiningTable m_editing; // id 0: a new table
    QTableWidget* m_list;
    QGroupBox* m_editor;
    QLineEdit* m_label;
    QSpinBox* m_seats;
    QCheckBox* m_combinable;
    QPushButton* m_newButton;
    QPushButton* m_removeButton;
    bool m_showing = false;
};
