#include "staffsettingspage.h"

#include "consolesession.h"
#include "dialogs.h"
#include "staffservice.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QTableWidget>
#include <QVBoxLayout>

namespace
{

enum Column
{
    NameColumn,
    RoleColumn,
    ActiveColumn,
    LockColumn,
    ColumnCount
};

bool isLocked(const StaffMember& member)
{
    return member.lockedUntil.isValid() && member.lockedUntil > QDateTime::currentDateTimeUtc();
}

// The add / edit / reset-PIN dialog's fields; the dialog owns them.
struct StaffForm
{
    QDialog* dialog = nullptr;
    QLineEdit* name = nullptr;
    QComboBox* role = nullptr;
    QLineEdit* pin = nullptr;
    QLineEdit* pinAgain = nullptr;
    QLabel* error = nullptr;
};

QLineEdit* pinEdit(const QString& objectName, QWidget* parent)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setEchoMode(QLineEdit::Password);
    edit->setInputMethodHints(Qt::ImhDigitsOnly);
    edit->setMaxLength(8);
    edit->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,8}")), edit));
    return edit;
}

// What is wrong with the form, or "" when it is good.
QString problemWith(const StaffForm& form)
{
    if (form.name != nullptr) {
        const QString name = form.name->text().trimmed();
        if (name.isEmpty()) {
            return StaffSettingsPage::tr("Enter the person's name.");
        }
        if (name.size() > 60) {
            return StaffSettingsPage::tr("A name can have at most 60 characters.");
        }
    }
    if (form.pin != nullptr) {
        const VoidResult pin = StaffService::validatePin(form.pin->text());
        if (!pin) {
            return pin.error().message;
        }
        if (form.pin->text() != form.pinAgain->text()) {
            return StaffSettingsPage::tr("The two PINs are not the same.");
        }
    }
    return {};
}

StaffForm makeForm(QWidget* parent, const QString& title, bool withName, bool withPin, const QList<Role>& roles)
{
    StaffForm form;
    form.dialog = new QDialog(parent);
    form.dialog->setObjectName(QStringLiteral("staffDialog"));
    form.dialog->setWindowTitle(title);
    form.dialog->setMinimumWidth(400);
    auto* layout = new QVBoxLayout(form.dialog);
    auto* fields = new QFormLayout;
    fields->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    fields->setHorizontalSpacing(14);
    fields->setVerticalSpacing(10);
    if (withName) {
        form.name = new QLineEdit(form.dialog);
        form.name->setObjectName(QStringLiteral("staffNameLineEdit"));
        form.name->setMaxLength(80);
        fields->addRow(StaffSettingsPage::tr("Name"), form.name);
        form.role = new QComboBox(form.dialog);
        form.role->setObjectName(QStringLiteral("staffRoleComboBox"));
        for (Role role : roles) {
            form.role->addItem(Roles::displayName(role), int(role));
        }
        fields->addRow(StaffSettingsPage::tr("Role"), form.role);
    }
    if (withPin) {
        form.pin = pinEdit(QStringLiteral("staffPinLineEdit"), form.dialog);
        form.pinAgain = pinEdit(QStringLiteral("staffPinAgainLineEdit"), form.dialog);
        fields->addRow(StaffSettingsPage::tr("PIN (4–8 digits)"), form.pin);
        fields->addRow(StaffSettingsPage::tr("PIN again"), form.pinAgain);
    }
    form.error = new QLabel(form.dialog);
    form.error->setObjectName(QStringLiteral("staffDialogErrorLabel"));
    form.error->setProperty("fieldError", true);
    form.error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    form.error->setWordWrap(true);
    form.error->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, form.dialog);
    layout->addLayout(fields);
    layout->addWidget(form.error);
    layout->addWidget(buttons);
    // OK closes the dialog only when the form is good; the reason shows otherwise.
    QObject::connect(buttons, &QDialogButtonBox::accepted, form.dialog, [form] {
        const QString problem = problemWith(form);
        form.error->setText(problem);
        form.error->setVisible(!problem.isEmpty());
        if (problem.isEmpty()) {
            form.dialog->accept();
        }
    });
    QObject::connect(buttons, &QDialogButtonBox::rejected, form.dialog, &QDialog::reject);
    return form;
}

} // namespace

StaffSettingsPage::StaffSettingsPage(qint64 restaurantId, StaffService& staff, ConsoleSession& session, QWidget* parent)
    : SettingsPage(tr("Staff"),
                   tr("Who may sign in at the consoles and what their role lets them do. Five wrong PINs lock an "
                      "account for five minutes."),
                   Permission::ManageStaff,
                   Layout::Tool,
                   parent)
    , m_restaurantId(restaurantId)
    , m_service(staff)
    , m_session(session)
    , m_list(new QTableWidget(0, ColumnCount, this))
    , m_addButton(new QPushButton(tr("+ Add staff…"), this))
    , m_editButton(new QPushButton(tr("Edit…"), this))
    , m_resetPinButton(new QPushButton(tr("Reset PIN…"), this))
    , m_unlockButton(new QPushButton(tr("Unlock"), this))
    , m_activeButton(new QPushButton(tr("Deactivate…"), this))
{
    setObjectName(QStringLiteral("staffSettingsPage"));
    m_list->setObjectName(QStringLiteral("staffTableWidget"));
    m_list->setHorizontalHeaderLabels({tr("Name"), tr("Role"), tr("Active"), tr("Sign-in")});
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->verticalHeader()->hide();
    m_list->horizontalHeader()->setStretchLastSection(true);
    m_list->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_list->setColumnWidth(NameColumn, 240);
    m_list->setColumnWidth(RoleColumn, 140);
    m_list->setColumnWidth(ActiveColumn, 90);
    m_list->setAlternatingRowColors(true);
    m_list->setShowGrid(false);
    connect(m_list, &QTableWidget::itemSelectionChanged, this, &StaffSettingsPage::updateButtons);
    connect(m_list, &QTableWidget::cellDoubleClicked, this, &StaffSettingsPage::editSelected);

    m_addButton->setObjectName(QStringLiteral("addStaffButton"));
    m_addButton->setProperty("role", QStringLiteral("primary"));
    m_editButton->setObjectName(QStringLiteral("editStaffButton"));
    m_resetPinButton->setObjectName(QStringLiteral("resetPinButton"));
    m_unlockButton->setObjectName(QStringLiteral("unlockStaffButton"));
    m_activeButton->setObjectName(QStringLiteral("deactivateStaffButton"));
    for (QPushButton* button : {m_editButton, m_resetPinButton, m_unlockButton}) {
        button->setProperty("role", QStringLiteral("plain"));
    }
    m_activeButton->setProperty("role", QStringLiteral("danger"));
    connect(m_addButton, &QPushButton::clicked, this, &StaffSettingsPage::addStaff);
    connect(m_editButton, &QPushButton::clicked, this, &StaffSettingsPage::editSelected);
    connect(m_resetPinButton, &QPushButton::clicked, this, &StaffSettingsPage::resetPinOfSelected);
    connect(m_unlockButton, &QPushButton::clicked, this, &StaffSettingsPage::unlockSelected);
    connect(m_activeButton, &QPushButton::clicked, this, &StaffSettingsPage::toggleActiveOfSelected);

    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(8);
    buttons->addWidget(m_addButton);
    buttons->addStretch(1);
    buttons->addWidget(m_editButton);
    buttons->addWidget(m_resetPinButton);
    buttons->addWidget(m_unlockButton);
    buttons->addWidget(m_activeButton);
    content()->addLayout(buttons);
    content()->addWidget(m_list, 1);
    updateButtons();
}

bool StaffSettingsPage::selectStaff(const QString& name)
{
    for (int row = 0; row < m_staff.size(); ++row) {
        if (m_staff.at(row).name == name) {
            m_list->selectRow(row);
            return true;
        }
    }
    return false;
}

void StaffSettingsPage::reload()
{
    setBusy(true);
    watch(m_service.staff(m_restaurantId, StaffService::Members::All), [this](const Result<QList<StaffMember>>& staff) {
        setBusy(false);
        if (staff) {
            showStaff(*staff);
        } else {
            showError(staff.error());
        }
        Q_EMIT loaded();
    });
}

void StaffSettingsPage::showStaff(const QList<StaffMember>& staff)
{
    const StaffMember* current = selected();
    const qint64 selectedId = current != nullptr ? current->id : 0;
    m_staff = staff;
    const QSignalBlocker blocker(m_list);
    m_list->clearSelection();
    m_list->setRowCount(int(staff.size()));
    const QLocale locale;
    for (int row = 0; row < staff.size(); ++row) {
        const StaffMember& member = staff.at(row);
        const bool locked = isLocked(member);
        QString signIn = tr("OK");
        if (locked) {
            signIn = tr("Locked until %1")
                         .arg(locale.toString(member.lockedUntil.toLocalTime().time(), QLocale::ShortFormat));
        } else if (member.failedAttempts > 0) {
            signIn = tr("%n wrong PIN(s) in a row", nullptr, member.failedAttempts);
        }
        const QStringList cells{
            member.name, Roles::displayName(member.role), member.active ? tr("Yes") : tr("No"), signIn};
        for (int column = 0; column < ColumnCount; ++column) {
            auto* item = new QTableWidgetItem(cells.at(column));
            if (column == LockColumn && locked) {
                item->setForeground(QColor(0xb3, 0x26, 0x1e));
            }
            m_list->setItem(row, column, item);
        }
        if (member.id == selectedId) {
            m_list->selectRow(row);
        }
    }
    updateButtons();
}

const StaffMember* StaffSettingsPage::selected() const
{
    const QList<QTableWidgetItem*> items = m_list->selectedItems();
    if (items.isEmpty()) {
        return nullptr;
    }
    const int row = items.constFirst()->row();
    return row >= 0 && row < m_staff.size() ? &m_staff.at(row) : nullptr;
}

void StaffSettingsPage::updateButtons()
{
    const StaffMember* member = selected();
    const bool any = member != nullptr;
    m_editButton->setEnabled(any);
    m_resetPinButton->setEnabled(any);
    m_unlockButton->setEnabled(any && (isLocked(*member) || member->failedAttempts > 0));
    m_activeButton->setEnabled(any);
    m_activeButton->setText(any && !member->active ? tr("Reactivate") : tr("Deactivate…"));
}

void StaffSettingsPage::finish(const Result<StaffMember>& result, const QString& done)
{
    setBusy(false);
    if (!result) {
        showError(result.error());
        Q_EMIT saved(false);
        return;
    }
    showInfo(done.arg(result->name));
    reload();
    Q_EMIT saved(true);
}

void StaffSettingsPage::addStaff()
{
    clearMessage();
    // A manager cannot make an owner (the service refuses it too).
    QList<Role> roles = Roles::all();
    if (m_session.actor().role() != Role::Owner) {
        roles.removeAll(Role::Owner);
    }
    const StaffForm form = makeForm(this, tr("Add staff"), true, true, roles);
    Dialogs::open(form.dialog, [this, form](int result) {
        if (result != QDialog::Accepted) {
            return;
        }
        const QString problem = problemWith(form);
        if (!problem.isEmpty()) {
            showError(tr("Nobody was added: %1").arg(problem));
            Q_EMIT saved(false);
            return;
        }
        setBusy(true);
        watch(m_service.createStaff(m_restaurantId,
                                    m_session.actor(),
                                    form.name->text().trimmed(),
                                    Role(form.role->currentData().toInt()),
                                    form.pin->text()),
              [this](const Result<StaffMember>& created) { finish(created, tr("%1 can sign in now.")); });
    });
}

void StaffSettingsPage::editSelected()
{
    const StaffMember* current = selected();
    if (current == nullptr) {
        return;
    }
    clearMessage();
    const StaffMember member = *current;
    QList<Role> roles = Roles::all();
    if (m_session.actor().role() != Role::Owner && member.role != Role::Owner) {
        roles.removeAll(Role::Owner);
    }
    const StaffForm form = makeForm(this, tr("Edit %1").arg(member.name), true, false, roles);
    form.name->setText(member.name);
    form.role->setCurrentIndex(form.role->findData(int(member.role)));
    Dialogs::open(form.dialog, [this, form, member](int result) {
        if (result != QDialog::Accepted) {
            return;
        }
        const QString problem = problemWith(form);
        if (!problem.isEmpty()) {
            showError(tr("Nothing was changed: %1").arg(problem));
            Q_EMIT saved(false);
            return;
        }
        setBusy(true);
        watch(m_service.updateStaff(m_restaurantId,
                                    m_session.actor(),
                                    member.id,
                                    form.name->text().trimmed(),
                                    Role(form.role->currentData().toInt()),
                                    member.active),
              [this](const Result<StaffMember>& updated) { finish(updated, tr("%1 saved.")); });
    });
}

void StaffSettingsPage::resetPinOfSelected()
{
    const StaffMember* current = selected();
    if (current == nullptr) {
        return;
    }
    clearMessage();
    const StaffMember member = *current;
    const StaffForm form = makeForm(this, tr("New PIN for %1").arg(member.name), false, true, {});
    Dialogs::open(form.dialog, [this, form, member](int result) {
        if (result != QDialog::Accepted) {
            return;
        }
        const QString problem = problemWith(form);
        if (!problem.isEmpty()) {
            showError(tr("The PIN was not changed: %1").arg(problem));
            Q_EMIT saved(false);
            return;
        }
        setBusy(true);
        watch(m_service.resetPin(m_restaurantId, m_session.actor(), member.id, form.pin->text()),
              [this](const Result<StaffMember>& reset) { finish(reset, tr("%1 has a new PIN.")); });
    });
}

void StaffSettingsPage::unlockSelected()
{
    const StaffMember* current = selected();
    if (current == nullptr) {
        return;
    }
    clearMessage();
    setBusy(true);
    watch(m_service.unlock(m_restaurantId, m_session.actor(), current->id),
          [this](const Result<StaffMember>& unlocked) { finish(unlocked, tr("%1 can sign in again.")); });
}

void StaffSettingsPage::toggleActiveOfSelected()
{
    const StaffMember* current = selected();
    if (current == nullptr) {
        return;
    }
    clearMessage();
    const StaffMember member = *current;
    auto apply = [this, member] {
        setBusy(true);
        watch(m_service.updateStaff(
                  m_restaurantId, m_session.actor(), member.id, member.name, member.role, !member.active),
              [this, member](const Result<StaffMember>& updated) {
                  finish(updated, member.active ? tr("%1 can no longer sign in.") : tr("%1 can sign in again."));
              });
    };
    if (!member.active) {
        apply();
        return;
    }
    Dialogs::confirm(this,
                     tr("Deactivate %1").arg(member.name),
                     tr("%1 will no longer be able to sign in. Their actions stay in the audit log.").arg(member.name),
                     tr("Deactivate"),
                     tr("Keep"),
                     apply);
}
