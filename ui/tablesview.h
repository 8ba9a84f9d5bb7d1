#pragma once

#include "domainevent.h"

#include <QWidget>

class QLabel;
class QTableView;
class TableListModel;
class TableService;

// The first staff view: the restaurant's tables and their state.
class TablesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TablesView)

public:
    TablesView(TableService& tables, qint64 restaurantId, QWidget* parent = nullptr);

    TableListModel* model() const { return m_model; }

public Q_SLOTS:
    // Loads the tables off the GUI thread; the view updates when they arrive.
    void reload();
    void handleEvent(const DomainEvent& event);

Q_SIGNALS:
    void loaded();

private:
    void updateSummary();

    TableService& m_tables;
    qint64 m_restaurantId;
    TableListModel* m_model;
    QTableView* m_view;
    QLabel* m_summary;
    QLabel* m_message;
    bool m_loading = false;
    bool m_reloadAgain = false;
};
