#include "settingsview.h"

#include "apitokenspage.h"
#include "auditlogpage.h"
#include "consolesession.h"
#include "menueditorpage.h"
#include "moneysettingspage.h"
#include "printerssettingspage.h"
#include "profilesettingspage.h"
#include "providerssettingspage.h"
#include "staffsettingspage.h"
#include "tablessettingspage.h"
#include "waitsettingspage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace
{

const QString VIEW_STYLE = QStringLiteral(
    "#settingsView { background: #f6f7f9; }"
    "#settingsSidebar { background: white; border-right: 1px solid #dadce0; }"
    "QLabel#settingsSidebarTitleLabel { color: #202124; }"
    "QListWidget#settingsPageList { background: white; border: none; outline: none; padding: 4px 0; }"
    "QListWidget#settingsPageList::item { padding: 9px 22px; color: #3c4043; border-left: 4px solid transparent; }"
    "QListWidget#settingsPageList::item:selected { background: #e8f0fe; color: #1a3c8c; font-weight: bold;"
    " border-left: 4px solid #1a56db; }"
    "QListWidget#settingsPageList::item:hover:!selected { background: #f1f3f4; }"
    "QStackedWidget#settingsStack, #settingsFormContainer, QScrollArea#settingsScrollArea { background: #f6f7f9; }"
    "QLabel#settingsPageTitleLabel { color: #202124; }"
    "QLabel#settingsPageSubtitleLabel, QLabel[hint=\"true\"] { color: #5f6368; }"
    "QLabel#settingsNoAccessLabel { color: #5f6368; }"
    "QFrame#settingsFooter { background: white; border-top: 1px solid #dadce0; }"
    "QGroupBox { background: white; border: 1px solid #dadce0; border-radius: 8px; margin-top: 14px;"
    " padding-top: 10px; font-weight: bold; color: #202124; }"
    "QGroupBox::title { subcontrol-origin: margin; subcontrol-position: top left; left: 12px; padding: 0 6px; }"
    "QGroupBox QLabel, QGroupBox QCheckBox { font-weight: normal; }"
    "#menuEditorPanel { background: white; border: 1px solid #dadce0; border-radius: 8px; }"
    "QLabel[fieldError=\"true\"] { color: #b3261e; }"
    "QFrame#keychainNoticeFrame[kind=\"warning\"] { background: #fff4d6; border-left: 5px solid #d49b00; }"
    "QFrame#keychainNoticeFrame[kind=\"info\"] { background: #e8f0fe; border-left: 5px solid #1a56db; }"
    "QFrame#keychainNoticeFrame QLabel { color: #3c2a00; }"
    "QLabel[state=\"set\"] { color: #1b7f3b; font-weight: bold; }"
    "QLabel[state=\"unset\"] { color: #5f6368; }"
    "QPushButton[role] { min-height: 34px; padding: 0 16px; border-radius: 6px; font-weight: bold; }"
    "QPushButton[role=\"primary\"] { background: #1a56db; color: white; border: 1px solid #1a56db; }"
    "QPushButton[role=\"primary\"]:pressed { background: #1240a8; }"
    "QPushButton[role=\"plain\"] { background: white; color: #202124; border: 1px solid #9aa0a6; }"
    "QPushButton[role=\"plain\"]:pressed { background: #e8eaed; }"
    "QPushButton[role=\"danger\"] { background: white; color: #a51d16; border: 1px solid #a51d16; }"
    "QPushButton[role=\"danger\"]:pressed { background: #fdecea; }"
    "QPushButton[role]:disabled { background: #eceef1; color: #9aa0a6; border: 1px solid #dadce0; }"
    "QPushButton#eightySixButton { border-radius: 11px; padding: 2px 12px; font-weight: bold; margin: 2px 10px; }"
    "QPushButton#eightySixButton[available=\"true\"] { background: #e6f4ea; color: #14532d;"
    " border: 1px solid #8cc59e; }"
    "QPushButton#eightySixButton[available=\"false\"] { background: #b3261e; color: white;"
    " border: 1px solid #b3261e; }"
    "QTableWidget, QTreeWidget { background: white; alternate-background-color: #f8f9fa; border: 1px solid #dadce0;"
    " border-radius: 6px; gridline-color: #eceef1; selection-background-color: #d2e3fc;"
    " selection-color: #202124; }"
    "QHeaderView::section { background: #f1f3f4; color: #3c4043; border: none; border-bottom: 1px solid #dadce0;"
    " padding: 6px 8px; font-weight: bold; }"
    "QTreeWidget::item { min-height: 30px; }"
    "QTableWidget::item { padding: 0 6px; }"
    "QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox, QTimeEdit, QDateEdit, QPlainTextEdit { min-height: 28px; }");

} // namespace

SettingsView::SettingsView(qint64 restaurantId,
                           SettingsService& settings,
                           MenuService& menu,
                           TableService& tables,
                           StaffService& staff,
                           ApiTokenService& tokens,
                           SecretStore& secrets,
                           ConsoleSession& session,
                           QWidget* parent)
    : QWidget(parent)
    , m_restaurantId(restaurantId)
    , m_session(session)
    , m_sidebar(new QWidget(this))
    , m_list(new QListWidget(m_sidebar))
    , m_stack(new QStackedWidget(this))
    , m_noAccess(new QLabel(this))
    , m_profile(new ProfileSettingsPage(restaurantId, settings, session, this))
    , m_tables(new TablesSettingsPage(restaurantId, tables, session, this))
    , m_wait(new WaitSettingsPage(restaurantId, settings, session, this))
    , m_menu(new MenuEditorPage(restaurantId, menu, session, this))
    , m_money(new MoneySettingsPage(restaurantId, settings, session, this))
    , m_providers(new ProvidersSettingsPage(restaurantId, settings, secrets, session, this))
    , m_printers(new PrintersSettingsPage(restaurantId, menu, this))
    , m_staff(new StaffSettingsPage(restaurantId, staff, session, this))
    , m_tokens(new ApiTokensPage(restaurantId, tokens, session, this))
    , m_audit(new AuditLogPage(restaurantId, staff, session, this))
{
    setObjectName(QStringLiteral("settingsView"));
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(VIEW_STYLE);

    m_list->setObjectName(QStringLiteral("settingsPageList"));
    m_list->setFrameShape(QFrame::NoFrame);
    m_sidebar->setObjectName(QStringLiteral("settingsSidebar"));
    m_sidebar->setAttribute(Qt::WA_StyledBackground);
    m_sidebar->setFixedWidth(220);
    auto* sidebarTitle = new QLabel(tr("Settings"), m_sidebar);
    sidebarTitle->setObjectName(QStringLiteral("settingsSidebarTitleLabel"));
    QFont sidebarFont = sidebarTitle->font();
    sidebarFont.setBold(true);
    sidebarFont.setPointSizeF(sidebarFont.pointSizeF() * 1.2);
    sidebarTitle->setFont(sidebarFont);
    auto* sidebarLayout = new QVBoxLayout(m_sidebar);
    sidebarLayout->setContentsMargins(0, 22, 1, 0); // 1: the border on the right
    sidebarLayout->setSpacing(8);
    sidebarTitle->setContentsMargins(26, 0, 0, 0);
    sidebarLayout->addWidget(sidebarTitle);
    sidebarLayout->addWidget(m_list, 1);
    m_stack->setObjectName(QStringLiteral("settingsStack"));

    m_noAccess->setObjectName(QStringLiteral("settingsNoAccessLabel"));
    m_noAccess->setAlignment(Qt::AlignCenter);
    m_noAccess->setWordWrap(true);
    m_noAccess->setText(tr("Settings are for managers and owners.\nSign in with a manager's PIN to change them."));
    m_stack->addWidget(m_noAccess);

    for (SettingsPage* page : {static_cast<SettingsPage*>(m_profile),
                               static_cast<SettingsPage*>(m_tables),
                               static_cast<SettingsPage*>(m_wait),
                               static_cast<SettingsPage*>(m_menu),
                               static_cast<SettingsPage*>(m_money),
                               static_cast<SettingsPage*>(m_providers),
                               static_cast<SettingsPage*>(m_printers),
                               static_cast<SettingsPage*>(m_staff),
                               static_cast<SettingsPage*>(m_tokens),
                               static_cast<SettingsPage*>(m_audit)}) {
        addPage(page);
    }
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_pages.size() && !m_list->item(row)->isHidden()) {
            m_stack->setCurrentWidget(m_pages.at(row));
        }
    });
    // A change made on this console shows in the audit log at once.
    for (SettingsPage* page : std::as_const(m_pages)) {
        if (page != m_audit) {
            connect(page, &SettingsPage::saved, m_audit, [this](bool ok) {
                if (ok && m_session.can(m_audit->permission())) {
                    m_audit->reload();
                }
            });
        }
    }

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_sidebar);
    layout->addWidget(m_stack, 1);

    connect(&m_session, &ConsoleSession::actorChanged, this, &SettingsView::applyRole);
    applyRole();
}

void SettingsView::addPage(SettingsPage* page)
{
    m_pages << page;
    m_stack->addWidget(page);
    auto* item = new QListWidgetItem(page->title(), m_list);
    item->setSizeHint(QSize(0, 40));
}

void SettingsView::addExtraPage(SettingsPage* page)
{
    page->setParent(this);
    // Before the audit log, which stays last in the list.
    const int row = int(m_pages.indexOf(m_audit));
    m_pages.insert(row, page);
    m_stack->addWidget(page);
    auto* item = new QListWidgetItem(page->title());
    item->setSizeHint(QSize(0, 40));
    m_list->insertItem(row, item);
    connect(page, &SettingsPage::saved, m_audit, [this](bool ok) {
        if (ok && m_session.can(m_audit->permission())) {
            m_audit->reload();
        }
    });
    applyRole();
}

QList<SettingsPage*> SettingsView::visiblePages() const
{
    QList<SettingsPage*> visible;
    for (int row = 0; row < m_pages.size(); ++row) {
        if (!m_list->item(row)->isHidden()) {
            visible << m_pages.at(row);
        }
    }
    return visible;
}

SettingsPage* SettingsView::currentPage() const
{
    return qobject_cast<SettingsPage*>(m_stack->currentWidget());
}

bool SettingsView::showPage(SettingsPage* page)
{
    const int row = int(m_pages.indexOf(page));
    if (row < 0 || m_list->item(row)->isHidden()) {
        return false;
    }
    m_list->setCurrentRow(row);
    m_stack->setCurrentWidget(page);
    return true;
}

void SettingsView::applyRole()
{
    SettingsPage* current = currentPage();
    SettingsPage* first = nullptr;
    for (int row = 0; row < m_pages.size(); ++row) {
        SettingsPage* page = m_pages.at(row);
        const bool allowed = m_session.can(page->permission());
        m_list->item(row)->setHidden(!allowed);
        page->setEnabled(allowed);
        if (allowed) {
            if (first == nullptr) {
                first = page;
            }
            // Read again as the new user: lists (staff, tokens, audit) depend on who asks.
            page->reload();
        }
    }
    m_sidebar->setVisible(first != nullptr);
    if (first == nullptr) {
        m_stack->setCurrentWidget(m_noAccess);
    } else if (current == nullptr || !m_session.can(current->permission())) {
        showPage(first);
    }
}

void SettingsView::handleEvent(const DomainEvent& event)
{
    if (event.restaurantId != 0 && event.restaurantId != m_restaurantId) {
        return; // another location's change
    }
    QList<SettingsPage*> concerned;
    if (event.type == u"restaurant.updated") {
        concerned = {m_profile, m_wait, m_money, m_providers};
    } else if (event.type.startsWith(QStringLiteral("menu."))) {
        concerned = {m_menu, m_printers};
    } else if (event.type.startsWith(QStringLiteral("table."))) {
        concerned = {m_tables};
    } else if (event.type == u"staff.changed") {
        concerned = {m_staff, m_tokens};
    }
    if (!concerned.isEmpty() && m_session.can(m_audit->permission())) {
        concerned << m_audit;
    }
    for (SettingsPage* page : std::as_const(concerned)) {
        if (m_session.can(page->permission())) {
            page->reloadIfClean();
        }
    }
}
