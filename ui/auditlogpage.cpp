#include "auditlogpage.h"

#include "consolesession.h"
#include "staffservice.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace
{

enum Column
{
    WhenColumn,
    WhoColumn,
    ActionColumn,
    DetailsColumn,
    ColumnCount
};

constexpr int FILTER_DELAY_MS = 300;
constexpr int DEFAULT_DAYS = 30;

// "price_cents: 1150 → 1250, name: Burrata": compact enough for one row.
QString detailsText(const QJsonObject& details)
{
    QStringList parts;
    for (auto it = details.constBegin(); it != details.constEnd(); ++it) {
        QString value;
        if (it.value().isString()) {
            value = it.value().toString();
        } else if (it.value().isObject()) {
            value = QString::fromUtf8(QJsonDocument(it.value().toObject()).toJson(QJsonDocument::Compact));
        } else if (it.value().isArray()) {
            value = QString::fromUtf8(QJsonDocument(it.value().toArray()).toJson(QJsonDocument::Compact));
        } else {
            value = it.value().toVariant().toString();
        }
        parts << it.key() + QStringLiteral(": ") + value;
    }
    return parts.join(QStringLiteral(", "));
}

QDateEdit* dateEdit(const QString& objectName, const QDate& date, QWidget* parent)
{
    auto* edit = new QDateEdit(date, parent);
    edit->setObjectName(objectName);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    edit->setMinimumWidth(120);
    return edit;
}

} // namespace

AuditLogPage::AuditLogPage(qint64 restaurantId, StaffService& staff, ConsoleSession& session, QWidget* parent)
    : SettingsPage(tr("Audit log"),
                   tr("Who did what and when: seating, cancellations, refunds, menu and settings changes, staff "
                      "changes and exports. Nobody can change or delete it."),
                   Permission::ViewAudit,
                   Layout::Tool,
                   parent)
    , m_restaurantId(restaurantId)
    , m_service(staff)
    , m_session(session)
    , m_from(dateEdit(QStringLiteral("auditFromDateEdit"), QDate::currentDate().addDays(-DEFAULT_DAYS), this))
    , m_to(dateEdit(QStringLiteral("auditToDateEdit"), QDate::currentDate(), this))
    , m_staff(new QComboBox(this))
    , m_action(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_list(new QTableWidget(0, ColumnCount, this))
    , m_filterSoon(new QTimer(this))
{
    setObjectName(QStringLiteral("auditLogPage"));
    m_staff->setObjectName(QStringLiteral("auditStaffComboBox"));
    m_staff->addItem(tr("Everyone"), 0);
    m_staff->setMinimumWidth(150);
    m_action->setObjectName(QStringLiteral("auditActionComboBox"));
    m_action->setEditable(true);
    m_action->setInsertPolicy(QComboBox::NoInsert);
    m_action->addItem(QString());
    m_action->setItemText(0, QString());
    m_action->lineEdit()->setPlaceholderText(tr("All actions"));
    for (const QString& prefix : {QStringLiteral("party."),
                                  QStringLiteral("order."),
                                  QStringLiteral("menu."),
                                  QStringLiteral("settings."),
                                  QStringLiteral("table."),
                                  QStringLiteral("staff."),
                                  QStringLiteral("token."),
                                  QStringLiteral("export.")}) {
        m_action->addItem(prefix);
    }
    m_action->setMinimumWidth(140);
    m_text->setObjectName(QStringLiteral("auditTextLineEdit"));
    m_text->setPlaceholderText(tr("Search the details"));
    m_text->setClearButtonEnabled(true);

    auto* filters = new QHBoxLayout;
    filters->setSpacing(8);
    const auto label = [this](const QString& text) {
        auto* l = new QLabel(text, this);
        l->setProperty("hint", true);
        return l;
    };
    filters->addWidget(label(tr("From")));
    filters->addWidget(m_from);
    filters->addWidget(label(tr("to")));
    filters->addWidget(m_to);
    filters->addSpacing(10);
    filters->addWidget(m_staff);
    filters->addWidget(m_action);
    filters->addWidget(m_text, 1);

    m_list->setObjectName(QStringLiteral("auditTableWidget"));
    m_list->setHorizontalHeaderLabels({tr("When"), tr("Who"), tr("Action"), tr("Details")});
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->verticalHeader()->hide();
    m_list->horizontalHeader()->setStretchLastSection(true);
    m_list->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_list->setColumnWidth(WhenColumn, 150);
    m_list->setColumnWidth(WhoColumn, 140);
    m_list->setColumnWidth(ActionColumn, 190);
    m_list->setAlternatingRowColors(true);
    m_list->setShowGrid(false);
    m_list->setWordWrap(false);

    content()->addLayout(filters);
    content()->addWidget(m_list, 1);

    m_filterSoon->setSingleShot(true);
    m_filterSoon->setInterval(FILTER_DELAY_MS);
    connect(m_filterSoon, &QTimer::timeout, this, &AuditLogPage::reload);
    connect(m_from, &QDateEdit::dateChanged, m_filterSoon, qOverload<>(&QTimer::start));
    connect(m_to, &QDateEdit::dateChanged, m_filterSoon, qOverload<>(&QTimer::start));
    connect(m_staff, &QComboBox::currentIndexChanged, m_filterSoon, qOverload<>(&QTimer::start));
    connect(m_action, &QComboBox::currentTextChanged, m_filterSoon, qOverload<>(&QTimer::start));
    connect(m_text, &QLineEdit::textChanged, m_filterSoon, qOverload<>(&QTimer::start));
}

AuditFilter AuditLogPage::filter() const
{
    AuditFilter filter;
    // Whole local days, so "to today" includes what happened a minute ago.
    filter.from = m_from->date().startOfDay().toUTC();
    filter.to = m_to->date().addDays(1).startOfDay().toUTC();
    filter.staffId = m_staff->currentData().toLongLong();
    filter.actionPrefix = m_action->currentText().trimmed();
    filter.text = m_text->text().trimmed();
    return filter;
}

void AuditLogPage::reload()
{
    if (m_loading) {
        m_again = true;
        return;
    }
    clearMessage();
    if (m_from->date() > m_to->date()) {
        showError(tr("The start date is after the end date."));
        Q_EMIT loaded();
        return;
    }
    m_loading = true;
    setBusy(true);
    loadStaffNames();
    watch(m_service.audit(m_restaurantId, m_session.actor(), filter()),
          [this](const Result<QList<AuditEntry>>& entries) {
              m_loading = false;
              setBusy(false);
              if (m_again) {
                  m_again = false;
                  reload();
                  return;
              }
              if (entries) {
                  showEntries(*entries);
              } else {
                  showError(entries.error());
              }
              Q_EMIT loaded();
          });
}

void AuditLogPage::loadStaffNames()
{
    watch(m_service.staff(m_restaurantId), [this](const Result<QList<StaffMember>>& staff) {
        if (!staff) {
            return;
        }
        const qint64 chosen = m_staff->currentData().toLongLong();
        const QSignalBlocker blocker(m_staff);
        m_staff->clear();
        m_staff->addItem(tr("Everyone"), 0);
        for (const StaffMember& member : *staff) {
            m_staff->addItem(member.name, member.id);
        }
        const int index = m_staff->findData(chosen);
        m_staff->setCurrentIndex(index < 0 ? 0 : index);
    });
}

void AuditLogPage::showEntries(const QList<AuditEntry>& entries)
{
    m_entries = entries;
    m_list->setRowCount(int(entries.size()));
    const QLocale locale;
    for (int row = 0; row < entries.size(); ++row) {
        const AuditEntry& entry = entries.at(row);
        const QString details = detailsText(entry.details);
        const QStringList cells{locale.toString(entry.at.toLocalTime(), QLocale::ShortFormat),
                                entry.actor.isEmpty() ? tr("Maitre") : entry.actor,
                                entry.action,
                                details};
        for (int column = 0; column < ColumnCount; ++column) {
            auto* item = new QTableWidgetItem(cells.at(column));
            if (column == DetailsColumn) {
                item->setToolTip(details);
            }
            m_list->setItem(row, column, item);
        }
    }
    if (entries.isEmpty()) {
        showInfo(tr("Nothing in the audit log matches these filters."));
    }
}
