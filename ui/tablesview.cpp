#include "tablesview.h"

#include "tablelistmodel.h"
#include "tableservice.h"

#include <QFuture>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

TablesView::TablesView(TableService& tables, qint64 restaurantId, QWidget* parent)
    : QWidget(parent)
    , m_tables(tables)
    , m_restaurantId(restaurantId)
    , m_model(new TableListModel(this))
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("tablesView"));
    auto* title = new QLabel(tr("Tables"), this);
    title->setObjectName(QStringLiteral("viewTitleLabel"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);

    m_summary->setObjectName(QStringLiteral("tablesSummaryLabel"));
    m_message->setObjectName(QStringLiteral("tablesMessageLabel"));
    m_message->setWordWrap(true);
    m_message->hide();

    m_view->setObjectName(QStringLiteral("tablesTableView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setStyleSheet(QStringLiteral("QHeaderView::section { padding: 4px 8px; }"));
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() * 2);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->setColumnWidth(TableListModel::LabelColumn, m_view->fontMetrics().horizontalAdvance(u'M') * 12);
    m_view->setColumnWidth(TableListModel::SeatsColumn, m_view->fontMetrics().horizontalAdvance(u'M') * 6);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 12);
    layout->setSpacing(8);
    layout->addWidget(title);
    layout->addWidget(m_summary);
    layout->addWidget(m_message);
    layout->addWidget(m_view, 1);

    m_summary->setText(tr("Loading tables…"));
    reload();
}

void TablesView::reload()
{
    // One load at a time; a change during a load asks for one more.
    if (m_loading) {
        m_reloadAgain = true;
        return;
    }
    m_loading = true;
    m_tables.tables(m_restaurantId).then(this, [this](const Result<QList<DiningTable>>& result) {
        m_loading = false;
        if (result) {
            m_model->setTables(*result);
            m_message->hide();
            updateSummary();
        } else {
            m_message->setText(tr("The tables could not be loaded: %1").arg(result.error().message));
            m_message->show();
        }
        Q_EMIT loaded();
        if (m_reloadAgain) {
            m_reloadAgain = false;
            reload();
        }
    });
}

void TablesView::handleEvent(const DomainEvent& event)
{
    if (event.restaurantId == m_restaurantId
        && (event.type.startsWith(QLatin1String("table.")) || event.type.startsWith(QLatin1String("party.")))) {
        reload();
    }
}

void TablesView::updateSummary()
{
    const auto& tables = m_model->tables();
    if (tables.isEmpty()) {
        m_summary->setText(tr("No tables yet. Add the dining room's tables in the settings."));
        return;
    }
    int seats = 0;
    int occupied = 0;
    for (const auto& t : tables) {
        seats += t.seats;
        occupied += t.state == DiningTable::State::Occupied ? 1 : 0;
    }
    m_summary->setText(tr("Tables: %1 · Seats: %2 · Occupied: %3").arg(tables.size()).arg(seats).arg(occupied));
}
