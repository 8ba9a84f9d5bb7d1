#include "signinpage.h"

#include "consolesession.h"
#include "demostaff.h"
#include "pinpad.h"
#include "staffservice.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace
{

constexpr int NAME_COLUMNS = 2;

constexpr int AVATAR_SIZE = 48;

// One colour per role, so a glance finds the kitchen or the managers.
QString roleColour(Role role)
{
    switch (role) {
    case Role::Owner:
        return QStringLiteral("#7c3aed");
    case Role::Manager:
        return QStringLiteral("#4a6cf7");
    case Role::Host:
        return QStringLiteral("#0e9384");
    case Role::Kitchen:
        return QStringLiteral("#dc6803");
    }
    return QStringLiteral("#667085");
}

const QString PAGE_STYLE = QStringLiteral(
    "#signInPage { background: #f4f5f7; }"
    "QLabel { color: #1f2328; }"
    "QLabel#signInBrandLabel { font-size: 22pt; font-weight: bold; }"
    "QLabel#signInRestaurantLabel { color: #667085; font-size: 13pt; }"
    "QLabel#signInContextLabel { background: #fff4e5; color: #7a4b00; border: 1px solid #f5c77e;"
    " border-radius: 8px; padding: 10px 16px; font-size: 12pt; }"
    "QWidget[card=\"true\"] { background: white; border: 1px solid #e4e7ec; border-radius: 16px; }"
    "QLabel[cardTitle=\"true\"] { font-size: 17pt; font-weight: bold; }"
    "QLabel#signInPromptLabel { color: #667085; font-size: 12pt; }"
    "QPushButton#staffNameButton { background: #f9fafb; border: 2px solid #e4e7ec; border-radius: 14px; }"
    "QPushButton#staffNameButton:hover { border-color: #a4b4fb; }"
    "QPushButton#staffNameButton:checked { background: #eef1ff; border-color: #4a6cf7; }"
    "QLabel#staffNameLabel { font-size: 15pt; font-weight: bold; background: transparent; }"
    "QLabel#staffRoleLabel { font-size: 11pt; color: #667085; background: transparent; }"
    "QLabel#staffAvatarLabel { color: white; font-size: 16pt; font-weight: bold; border-radius: 24px; }"
    "QLabel#signInMessageLabel[kind=\"error\"] { background: #fdecea; color: #8c1d18; border-radius: 8px;"
    " padding: 10px 14px; font-size: 12pt; font-weight: bold; }"
    "QLabel#signInMessageLabel[kind=\"info\"] { color: #475467; padding: 10px 14px; font-size: 12pt; }"
    "QLabel#demoPinsLabel { background: #eef1ff; color: #1f2fa8; border-radius: 8px; padding: 10px 16px;"
    " font-size: 11pt; }");

QWidget* makeCard(QWidget* parent)
{
    auto* card = new QWidget(parent);
    card->setProperty("card", true);
    card->setAttribute(Qt::WA_StyledBackground);
    return card;
}

} // namespace

SignInPage::SignInPage(StaffService& staff, ConsoleSession& session, QWidget* parent)
    : QWidget(parent)
    , m_service(staff)
    , m_session(session)
    , m_restaurantLabel(new QLabel(this))
    , m_contextLabel(new QLabel(this))
    , m_namesTitle(nullptr)
    , m_namesBox(nullptr)
    , m_namesGrid(nullptr)
    , m_nameButtons(new QButtonGroup(this))
    , m_selectedLabel(nullptr)
    , m_promptLabel(nullptr)
    , m_pinPad(nullptr)
    , m_messageLabel(nullptr)
    , m_demoHintLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("signInPage"));
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(PAGE_STYLE);

    auto* brand = new QLabel(tr("Maitre"), this);
    brand->setObjectName(QStringLiteral("signInBrandLabel"));
    m_restaurantLabel->setObjectName(QStringLiteral("signInRestaurantLabel"));
    m_contextLabel->setObjectName(QStringLiteral("signInContextLabel"));
    m_contextLabel->setWordWrap(true);
    m_contextLabel->hide();

    // Left: who is signing in.
    QWidget* namesCard = makeCard(this);
    m_namesTitle = new QLabel(tr("Who's signing in?"), namesCard);
    m_namesTitle->setProperty("cardTitle", true);
    m_namesBox = new QWidget(namesCard);
    m_namesGrid = new QGridLayout(m_namesBox);
    m_namesGrid->setContentsMargins(0, 0, 0, 0);
    m_namesGrid->setSpacing(12);
    m_nameButtons->setExclusive(true);
    auto* namesLayout = new QVBoxLayout(namesCard);
    namesLayout->setContentsMargins(28, 24, 28, 28);
    namesLayout->setSpacing(18);
    namesLayout->addWidget(m_namesTitle);
    namesLayout->addWidget(m_namesBox);
    namesLayout->addStretch(1);
    auto* hint = new QLabel(tr("Tap your name, then type your PIN on the pad or the keyboard. Lock the console "
                               "when you step away; it locks itself after a while without use."),
                            namesCard);
    hint->setObjectName(QStringLiteral("signInHintLabel"));
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color: #98a2b3; font-size: 10pt;"));
    namesLayout->addWidget(hint);

    // Right: their PIN.
    QWidget* pinCard = makeCard(this);
    pinCard->setObjectName(QStringLiteral("pinCard"));
    m_selectedLabel = new QLabel(pinCard);
    m_selectedLabel->setObjectName(QStringLiteral("selectedStaffLabel"));
    m_selectedLabel->setProperty("cardTitle", true);
    m_promptLabel = new QLabel(pinCard);
    m_promptLabel->setObjectName(QStringLiteral("signInPromptLabel"));
    m_promptLabel->setWordWrap(true);
    m_pinPad = new PinPad(pinCard);
    m_messageLabel = new QLabel(pinCard);
    m_messageLabel->setObjectName(QStringLiteral("signInMessageLabel"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->hide();
    auto* pinLayout = new QVBoxLayout(pinCard);
    pinLayout->setContentsMargins(28, 24, 28, 28);
    pinLayout->setSpacing(10);
    pinLayout->addWidget(m_selectedLabel);
    pinLayout->addWidget(m_promptLabel);
    pinLayout->addSpacing(6);
    pinLayout->addWidget(m_pinPad, 1);
    pinLayout->addWidget(m_messageLabel);
    pinCard->setFixedWidth(380);

    m_demoHintLabel->setObjectName(QStringLiteral("demoPinsLabel"));
    m_demoHintLabel->setWordWrap(true);
    m_demoHintLabel->hide();

    auto* header = new QHBoxLayout;
    header->addWidget(brand);
    header->addSpacing(14);
    header->addWidget(m_restaurantLabel, 0, Qt::AlignBottom);
    header->addStretch(1);

    auto* cards = new QHBoxLayout;
    cards->setSpacing(24);
    cards->addWidget(namesCard, 1);
    cards->addWidget(pinCard);

    auto* column = new QVBoxLayout;
    column->setSpacing(18);
    column->addLayout(header);
    column->addWidget(m_contextLabel);
    column->addLayout(cards, 1);
    column->addWidget(m_demoHintLabel);
    auto* columnBox = new QWidget(this);
    columnBox->setLayout(column);
    columnBox->setMaximumWidth(1080);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(40, 32, 40, 32);
    layout->addStretch(1);
    layout->addWidget(columnBox, 100);
    layout->addStretch(1);

    connect(m_nameButtons, &QButtonGroup::idClicked, this, [this](int index) {
        if (index >= 0 && index < m_staff.size()) {
            selectStaff(m_staff.at(index).id);
        }
    });
    connect(m_pinPad, &PinPad::pinEntered, this, [this](const QString& pin) {
        if (m_selectedId == 0 || m_signInWatcher.isRunning()) {
            return;
        }
        m_pinPad->setEnabled(false);
        showMessage(tr("Checking…"), false);
        m_signInWatcher.setFuture(m_service.signIn(m_restaurant.id, m_selectedId, pin));
    });
    connect(&m_staffWatcher, &QFutureWatcherBase::finished, this, &SignInPage::staffArrived);
    connect(&m_signInWatcher, &QFutureWatcherBase::finished, this, &SignInPage::signInAnswered);
    updatePinCard();
}

void SignInPage::setRestaurant(const Restaurant& restaurant)
{
    m_restaurant = restaurant;
    m_restaurantLabel->setText(restaurant.name);
    // Only the demo restaurant's PINs are public knowledge.
    if (restaurant.slug == DemoStaff::restaurantSlug()) {
        QStringList pins;
        for (const DemoStaff::Account& account : DemoStaff::accounts()) {
            pins << tr("%1 (%2) %3").arg(account.name, Roles::displayName(account.role), account.pin);
        }
        m_demoHintLabel->setText(tr("Demo restaurant — PINs: %1").arg(pins.join(QStringLiteral("  ·  "))));
        m_demoHintLabel->show();
    } else {
        m_demoHintLabel->hide();
    }
    reload();
}

void SignInPage::reload()
{
    if (m_restaurant.id == 0) {
        return;
    }
    if (m_staffWatcher.isRunning()) {
        m_reloadPending = true; // once this answer is in
        return;
    }
    m_staffWatcher.setFuture(m_service.staff(m_restaurant.id));
}

void SignInPage::handleEvent(const DomainEvent& event)
{
    if (event.type.startsWith(QLatin1String("staff.")) && event.restaurantId == m_restaurant.id) {
        reload();
    }
}

void SignInPage::showLocked(const Actor& previous)
{
    m_pinPad->clear();
    showMessage({}, false);
    if (previous.kind() != Actor::Kind::Staff) {
        showSwitchUser();
        return;
    }
    m_lockedStaffId = previous.staffId();
    m_contextLabel->setText(tr("Locked — signed in as %1. Enter your PIN to carry on, or tap another name to "
                               "switch user.")
                                .arg(previous.name()));
    m_contextLabel->show();
    if (!selectStaff(previous.staffId())) {
        m_selectedId = 0;
        updatePinCard();
    }
}

void SignInPage::showSwitchUser()
{
    m_lockedStaffId = 0;
    m_contextLabel->hide();
    m_selectedId = 0;
    m_pinPad->clear();
    showMessage({}, false);
    m_nameButtons->setExclusive(false);
    for (QAbstractButton* button : m_nameButtons->buttons()) {
        button->setChecked(false);
    }
    m_nameButtons->setExclusive(true);
    updatePinCard();
}

bool SignInPage::selectStaff(qint64 staffId)
{
    for (qsizetype i = 0; i < m_staff.size(); ++i) {
        if (m_staff.at(i).id != staffId) {
            continue;
        }
        if (m_selectedId != staffId) {
            m_pinPad->clear();
            showMessage({}, false);
        }
        m_selectedId = staffId;
        if (QAbstractButton* button = m_nameButtons->button(int(i))) {
            button->setChecked(true);
        }
        updatePinCard();
        if (isVisible()) {
            m_pinPad->setFocus();
        }
        return true;
    }
    return false;
}

void SignInPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_pinPad->setFocus();
}

void SignInPage::staffArrived()
{
    const Result<QList<StaffMember>> result = m_staffWatcher.result();
    if (m_reloadPending) {
        m_reloadPending = false;
        reload();
    }
    if (!result) {
        m_staff.clear();
        rebuildButtons();
        showMessage(tr("The staff list could not be loaded: %1").arg(result.error().message), true);
        Q_EMIT staffLoaded(-1);
        return;
    }
    m_staff = *result;
    rebuildButtons();
    // Keep the name picked if that person is still there.
    // (Reselecting the same person keeps what they typed and the last message:
    // a wrong PIN announces "staff.changed" too.)
    const qint64 wanted = m_selectedId != 0 ? m_selectedId : m_lockedStaffId;
    if (wanted == 0 || !selectStaff(wanted)) {
        m_selectedId = 0;
        updatePinCard();
    }
    Q_EMIT staffLoaded(int(m_staff.size()));
}

void SignInPage::rebuildButtons()
{
    const QList<QAbstractButton*> old = m_nameButtons->buttons();
    for (QAbstractButton* button : old) {
        m_nameButtons->removeButton(button);
        delete button;
    }
    for (qsizetype i = 0; i < m_staff.size(); ++i) {
        const StaffMember& member = m_staff.at(i);
        auto* button = new QPushButton(m_namesBox);
        button->setObjectName(QStringLiteral("staffNameButton"));
        button->setProperty("staffId", member.id);
        button->setCheckable(true);
        button->setFocusPolicy(Qt::NoFocus);
        button->setAccessibleName(tr("Sign in as %1, %2").arg(member.name, Roles::displayName(member.role)));
        button->setMinimumHeight(88);
        // An initial in the role's colour, then the name and the role.
        auto* avatar = new QLabel(member.name.left(1).toUpper(), button);
        avatar->setObjectName(QStringLiteral("staffAvatarLabel"));
        avatar->setFixedSize(AVATAR_SIZE, AVATAR_SIZE);
        avatar->setAlignment(Qt::AlignCenter);
        avatar->setStyleSheet(QStringLiteral("background: %1;").arg(roleColour(member.role)));
        auto* name = new QLabel(member.name, button);
        name->setObjectName(QStringLiteral("staffNameLabel"));
        auto* role = new QLabel(Roles::displayName(member.role), button);
        role->setObjectName(QStringLiteral("staffRoleLabel"));
        auto* text = new QVBoxLayout;
        text->setSpacing(2);
        text->addStretch(1);
        text->addWidget(name);
        text->addWidget(role);
        text->addStretch(1);
        auto* content = new QHBoxLayout(button);
        content->setContentsMargins(18, 10, 18, 10);
        content->setSpacing(16);
        content->addWidget(avatar);
        content->addLayout(text, 1);
        for (QLabel* label : {avatar, name, role}) {
            label->setAttribute(Qt::WA_TransparentForMouseEvents);
        }
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        m_nameButtons->addButton(button, int(i));
        m_namesGrid->addWidget(button, int(i) / NAME_COLUMNS, int(i) % NAME_COLUMNS);
    }
    if (m_staff.isEmpty()) {
        m_namesTitle->setText(tr("No staff accounts yet"));
    } else {
        m_namesTitle->setText(tr("Who's signing in?"));
    }
}

void SignInPage::signInAnswered()
{
    const Result<Actor> result = m_signInWatcher.result();
    m_pinPad->clear();
    m_pinPad->setEnabled(m_selectedId != 0);
    if (!result) {
        // The service's words: "Wrong PIN — 3 tries left", "Locked until 14:05".
        showMessage(result.error().message, true);
        m_pinPad->setFocus();
        return;
    }
    showMessage({}, false);
    m_lockedStaffId = 0;
    m_contextLabel->hide();
    m_session.signIn(*result);
}

void SignInPage::showMessage(const QString& text, bool error)
{
    m_messageLabel->setText(text);
    m_messageLabel->setVisible(!text.isEmpty());
    m_messageLabel->setProperty("kind",
                                text.isEmpty() ? QString()
                                    : error    ? QStringLiteral("error")
                                               : QStringLiteral("info"));
    m_messageLabel->style()->unpolish(m_messageLabel);
    m_messageLabel->style()->polish(m_messageLabel);
}

void SignInPage::updatePinCard()
{
    const StaffMember* selected = nullptr;
    for (const StaffMember& member : m_staff) {
        if (member.id == m_selectedId) {
            selected = &member;
        }
    }
    if (selected == nullptr) {
        m_selectedLabel->setText(tr("Enter your PIN"));
        m_promptLabel->setText(m_staff.isEmpty() ? tr("Ask the owner or a manager to add your account.")
                                                 : tr("Tap your name first."));
        m_pinPad->setEnabled(false);
        return;
    }
    m_selectedLabel->setText(selected->name);
    m_promptLabel->setText(tr("%1 · enter your PIN").arg(Roles::displayName(selected->role)));
    m_pinPad->setEnabled(!m_signInWatcher.isRunning());
}
