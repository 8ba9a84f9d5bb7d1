#include "firstrunwizard.h"

#include "dialogs.h"
#include "firstrunmenupage.h"
#include "menuservice.h"
#include "qrcode.h"
#include "qrcodewidget.h"
#include "qrposterwindow.h"
#include "restaurantservice.h"
#include "settingsservice.h"
#include "staffservice.h"
#include "tableservice.h"

#include <QComboBox>
#include <QCompleter>
#include <QCoreApplication>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTimeZone>
#include <QVBoxLayout>

namespace
{

constexpr int MAX_TABLE_ROWS = 6;
constexpr int MAX_TABLES = 200;
constexpr int MAX_SEATS = 50;
constexpr int MAX_NAME = 200;
constexpr int MAX_STAFF_NAME = 60;

const QString WIZARD_STYLE = QStringLiteral(
    "#firstRunWizard { background: #f4f5f7; }"
    "#firstRunWizard QLabel { font-size: 11pt; color: #344054; }"
    "QWidget[card=\"true\"] { background: white; border: 1px solid #e4e7ec; border-radius: 16px; }"
    "#firstRunWizard QLabel[pageTitle=\"true\"] { font-size: 20pt; font-weight: bold; color: #1f2328; }"
    "#firstRunWizard QLabel[pageSubtitle=\"true\"] { font-size: 12pt; color: #667085; }"
    "QLabel#firstRunErrorLabel { background: #fdecea; color: #8c1d18; border-radius: 8px; padding: 10px 14px;"
    " font-weight: bold; }"
    "QLineEdit, QComboBox, QSpinBox { min-height: 40px; font-size: 12pt; padding: 0 8px; }"
    "QPushButton { min-height: 40px; padding: 0 18px; font-size: 12pt; background: white; color: #344054;"
    " border: 1px solid #d0d5dd; border-radius: 10px; }"
    "QPushButton:hover { background: #f9fafb; }"
    "QPushButton:disabled { color: #98a2b3; }"
    "QPushButton#demoButton, QPushButton#firstRunNextButton, QPushButton#finishButton {"
    " background: #4a6cf7; color: white; border: none; border-radius: 10px; font-weight: bold; }"
    "QPushButton#demoButton { min-height: 64px; font-size: 15pt; }"
    "QPushButton#setUpButton { min-height: 56px; font-size: 13pt; }"
    "QPushButton#firstRunNextButton:disabled { background: #c7d2fe; }");

// Restaurant, owner, settings, tables, menu: the steps the creating page lists.
QStringList stepNames()
{
    return {QCoreApplication::translate("FirstRunWizard", "Create the restaurant"),
            QCoreApplication::translate("FirstRunWizard", "Create the owner's account"),
            QCoreApplication::translate("FirstRunWizard", "Set the time zone"),
            QCoreApplication::translate("FirstRunWizard", "Add the tables"),
            QCoreApplication::translate("FirstRunWizard", "Add the menu")};
}

} // namespace

FirstRunWizard::FirstRunWizard(RestaurantService& restaurants,
                               StaffService& staff,
                               TableService& tables,
                               MenuService& menu,
                               SettingsService& settings,
                               QWidget* parent)
    : QWidget(parent)
    , m_restaurants(restaurants)
    , m_staff(staff)
    , m_tables(tables)
    , m_menu(menu)
    , m_settings(settings)
    , m_pages(new QStackedWidget(this))
    , m_errorLabel(new QLabel(this))
    , m_navigationBar(new QWidget(this))
    , m_backButton(new QPushButton(tr("Back"), m_navigationBar))
    , m_nextButton(new QPushButton(tr("Next"), m_navigationBar))
    , m_progressLabel(new QLabel(m_navigationBar))
{
    setObjectName(QStringLiteral("firstRunWizard"));
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(WIZARD_STYLE);

    m_pages->setObjectName(QStringLiteral("firstRunPages"));
    m_pages->addWidget(buildWelcome());
    m_pages->addWidget(buildRestaurant());
    m_pages->addWidget(buildOwner());
    m_pages->addWidget(buildTables());
    m_menuPage = new FirstRunMenuPage(this);
    m_pages->addWidget(page(tr("Your menu"), tr("What diners can order from their phones."), m_menuPage));
    m_pages->addWidget(buildCreating());
    m_pages->addWidget(buildPoster());

    m_errorLabel->setObjectName(QStringLiteral("firstRunErrorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->hide();
    m_backButton->setObjectName(QStringLiteral("firstRunBackButton"));
    m_nextButton->setObjectName(QStringLiteral("firstRunNextButton"));
    m_nextButton->setDefault(true);
    m_progressLabel->setObjectName(QStringLiteral("firstRunProgressLabel"));
    m_progressLabel->setStyleSheet(QStringLiteral("color: #667085;"));
    auto* bar = new QHBoxLayout(m_navigationBar);
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_backButton);
    bar->addStretch(1);
    bar->addWidget(m_progressLabel);
    bar->addStretch(1);
    bar->addWidget(m_nextButton);
    connect(m_backButton, &QPushButton::clicked, this, &FirstRunWizard::back);
    connect(m_nextButton, &QPushButton::clicked, this, &FirstRunWizard::next);

    auto* card = new QWidget(this);
    card->setProperty("card", true);
    card->setAttribute(Qt::WA_StyledBackground);
    card->setFixedWidth(780);
    auto* cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(36, 30, 36, 28);
    cardLayout->setSpacing(16);
    cardLayout->addWidget(m_pages, 1);
    cardLayout->addWidget(m_errorLabel);
    cardLayout->addWidget(m_navigationBar);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(40, 32, 40, 32);
    layout->addWidget(card, 1, Qt::AlignHCenter);
    card->setMaximumHeight(720);

    connect(&m_restaurantWatcher, &QFutureWatcherBase::finished, this, [this] {
        const Result<Restaurant> created = m_restaurantWatcher.result();
        if (!created) {
            stepFailed(tr("The restaurant could not be created"), created.error());
            return;
        }
        m_restaurant = *created;
        stepDone(Step::Owner);
    });
    connect(&m_ownerWatcher, &QFutureWatcherBase::finished, this, [this] {
        const Result<StaffMember> owner = m_ownerWatcher.result();
        if (!owner) {
            stepFailed(tr("The owner's account could not be created"), owner.error());
            return;
        }
        m_owner = Actor::staff(owner->id, owner->name, owner->role);
        stepDone(Step::Settings);
    });
    connect(&m_settingsWatcher, &QFutureWatcherBase::finished, this, [this] {
        const Result<RestaurantSettings> result = m_settingsWatcher.result();
        if (!result) {
            stepFailed(tr("The time zone could not be set"), result.error());
            return;
        }
        if (!m_settingsSaving) {
            // Read: now save them with the time zone asked for.
            RestaurantSettings changed = *result;
            changed.timezone = m_timezoneCombo->currentText().trimmed();
            m_settingsSaving = true;
            m_settingsWatcher.setFuture(m_settings.save(m_restaurant->id, *m_owner, changed));
            return;
        }
        m_restaurant->timezone = result->timezone;
        stepDone(Step::Tables);
    });
    connect(&m_tablesWatcher, &QFutureWatcherBase::finished, this, [this] {
        const Result<QList<DiningTable>> added = m_tablesWatcher.result();
        if (!added) {
            stepFailed(tr("The tables could not be added"), added.error());
            return;
        }
        stepDone(Step::Menu);
    });
    connect(&m_existingTablesWatcher, &QFutureWatcherBase::finished, this, [this] {
        const Result<QList<DiningTable>> existing = m_existingTablesWatcher.result();
        if (!existing || existing->isEmpty()) {
            return;
        }
        m_existingTables = int(existing->size());
        for (QSpinBox* count : findChildren<QSpinBox*>(QStringLiteral("tableCountSpinBox"))) {
            count->setValue(0);
        }
        m_tablesNote->setText(tr("%1 has %n table(s) already. Add more here if you like.", nullptr, m_existingTables)
                                  .arg(m_restaurant->name));
        m_tablesNote->show();
    });
    connect(&m_menuWatcher, &QFutureWatcherBase::finished, this, [this] {
        const Result<int> imported = m_menuWatcher.result();
        if (!imported) {
            stepFailed(tr("The menu could not be added"), imported.error());
            return;
        }
        stepDone(Step::Done);
    });
    goTo(Page::Welcome);
}

QWidget* FirstRunWizard::page(const QString& title, const QString& subtitle, QWidget* body)
{
    auto* box = new QWidget(this);
    auto* titleLabel = new QLabel(title, box);
    titleLabel->setProperty("pageTitle", true);
    titleLabel->setWordWrap(true);
    auto* subtitleLabel = new QLabel(subtitle, box);
    subtitleLabel->setProperty("pageSubtitle", true);
    subtitleLabel->setWordWrap(true);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(titleLabel);
    layout->addWidget(subtitleLabel);
    layout->addSpacing(14);
    body->setParent(box);
    layout->addWidget(body, 1);
    return box;
}

QWidget* FirstRunWizard::buildWelcome()
{
    auto* body = new QWidget(this);
    m_demoButton = new QPushButton(tr("Explore with demo data"), body);
    m_demoButton->setObjectName(QStringLiteral("demoButton"));
    auto* demoNote = new QLabel(tr("A made-up trattoria with tables, a menu and staff, so you can try every screen "
                                   "right away. The sign-in page shows the demo PINs."),
                                body);
    demoNote->setWordWrap(true);
    demoNote->setStyleSheet(QStringLiteral("color: #667085;"));
    auto* setUp = new QPushButton(tr("Set up my restaurant"), body);
    setUp->setObjectName(QStringLiteral("setUpButton"));
    auto* setUpNote = new QLabel(tr("Five short steps: name and time zone, your PIN, tables, a first menu, and the "
                                    "poster diners scan to join the queue."),
                                 body);
    setUpNote->setWordWrap(true);
    setUpNote->setStyleSheet(QStringLiteral("color: #667085;"));
    m_welcomeMessage = new QLabel(body);
    m_welcomeMessage->setObjectName(QStringLiteral("welcomeMessageLabel"));
    m_welcomeMessage->setWordWrap(true);
    m_welcomeMessage->hide();

    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_demoButton);
    layout->addWidget(demoNote);
    layout->addSpacing(24);
    layout->addWidget(setUp);
    layout->addWidget(setUpNote);
    layout->addSpacing(12);
    layout->addWidget(m_welcomeMessage);
    layout->addStretch(1);

    connect(m_demoButton, &QPushButton::clicked, this, [this] {
        m_demoButton->setEnabled(false);
        m_welcomeMessage->setStyleSheet({});
        m_welcomeMessage->setText(tr("Creating the demo restaurant…"));
        m_welcomeMessage->show();
        Q_EMIT demoRequested();
    });
    connect(setUp, &QPushButton::clicked, this, [this] { goTo(Page::Restaurant); });
    return page(tr("Welcome to Maitre"), tr("The staff console for your host stand, kitchen and office."), body);
}

QWidget* FirstRunWizard::buildRestaurant()
{
    auto* body = new QWidget(this);
    m_nameEdit = new QLineEdit(body);
    m_nameEdit->setObjectName(QStringLiteral("restaurantNameLineEdit"));
    m_nameEdit->setPlaceholderText(tr("e.g. Casa Pepe"));
    m_nameEdit->setMaxLength(MAX_NAME);
    m_timezoneCombo = new QComboBox(body);
    m_timezoneCombo->setObjectName(QStringLiteral("timezoneComboBox"));
    m_timezoneCombo->setEditable(true);
    m_timezoneCombo->setInsertPolicy(QComboBox::NoInsert);
    for (const QByteArray& id : QTimeZone::availableTimeZoneIds()) {
        m_timezoneCombo->addItem(QString::fromLatin1(id));
    }
    m_timezoneCombo->completer()->setFilterMode(Qt::MatchContains);
    m_timezoneCombo->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_timezoneCombo->setCurrentText(QString::fromLatin1(QTimeZone::systemTimeZoneId()));
    auto* form = new QFormLayout(body);
    form->setContentsMargins(0, 0, 0, 0);
    form->setVerticalSpacing(14);
    form->addRow(tr("Restaurant name"), m_nameEdit);
    form->addRow(tr("Time zone"), m_timezoneCombo);
    return page(tr("Your restaurant"),
                tr("Diners see the name on their phones; the time zone sets opening hours and reports."),
                body);
}

QWidget* FirstRunWizard::buildOwner()
{
    auto* body = new QWidget(this);
    m_ownerEdit = new QLineEdit(body);
    m_ownerEdit->setObjectName(QStringLiteral("ownerNameLineEdit"));
    m_ownerEdit->setPlaceholderText(tr("Your name, as staff know you"));
    m_ownerEdit->setMaxLength(MAX_STAFF_NAME);
    const auto pinEdit = [body](const QString& name) {
        auto* edit = new QLineEdit(body);
        edit->setObjectName(name);
        edit->setEchoMode(QLineEdit::Password);
        edit->setMaxLength(8);
        edit->setInputMethodHints(Qt::ImhDigitsOnly | Qt::ImhSensitiveData);
        edit->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,8}")), edit));
        return edit;
    };
    m_pinEdit = pinEdit(QStringLiteral("ownerPinLineEdit"));
    m_pinAgainEdit = pinEdit(QStringLiteral("ownerPinAgainLineEdit"));
    auto* form = new QFormLayout(body);
    form->setContentsMargins(0, 0, 0, 0);
    form->setVerticalSpacing(14);
    form->addRow(tr("Owner's name"), m_ownerEdit);
    form->addRow(tr("PIN (4–8 digits)"), m_pinEdit);
    form->addRow(tr("PIN again"), m_pinAgainEdit);
    return page(tr("The owner's account"),
                tr("You sign in with this PIN and add your staff later in Settings. Keep it to yourself."),
                body);
}

QWidget* FirstRunWizard::buildTables()
{
    auto* body = new QWidget(this);
    auto* rowsBox = new QWidget(body);
    m_tableRows = new QVBoxLayout(rowsBox);
    m_tableRows->setContentsMargins(0, 0, 0, 0);
    m_tableRows->setSpacing(10);
    auto* addRow = new QPushButton(tr("Add another size"), body);
    addRow->setObjectName(QStringLiteral("addTableRowButton"));
    m_tablesTotal = new QLabel(body);
    m_tablesTotal->setObjectName(QStringLiteral("tablesTotalLabel"));
    m_tablesTotal->setStyleSheet(QStringLiteral("color: #475467; font-size: 12pt;"));
    m_tablesNote = new QLabel(body);
    m_tablesNote->setObjectName(QStringLiteral("existingTablesLabel"));
    m_tablesNote->setWordWrap(true);
    m_tablesNote->hide();
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tablesNote);
    layout->addWidget(rowsBox);
    layout->addWidget(addRow, 0, Qt::AlignLeft);
    layout->addSpacing(8);
    layout->addWidget(m_tablesTotal);
    layout->addStretch(1);
    connect(addRow, &QPushButton::clicked, this, [this, addRow] {
        addTableRow(0, 4);
        addRow->setEnabled(m_tableRows->count() < MAX_TABLE_ROWS);
    });
    addTableRow(4, 2);
    addTableRow(4, 4);
    addTableRow(0, 6);
    return page(
        tr("Your tables"), tr("How many tables of each size? You can name and combine them later in Settings."), body);
}

void FirstRunWizard::addTableRow(int count, int seats)
{
    auto* row = new QWidget(m_tableRows->parentWidget());
    row->setObjectName(QStringLiteral("tableRow"));
    auto* countBox = new QSpinBox(row);
    countBox->setObjectName(QStringLiteral("tableCountSpinBox"));
    countBox->setRange(0, MAX_TABLES);
    countBox->setValue(count);
    countBox->setMinimumWidth(90);
    auto* seatsBox = new QSpinBox(row);
    seatsBox->setObjectName(QStringLiteral("tableSeatsSpinBox"));
    seatsBox->setRange(1, MAX_SEATS);
    seatsBox->setValue(seats);
    seatsBox->setMinimumWidth(90);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(countBox);
    layout->addWidget(new QLabel(tr("tables of"), row));
    layout->addWidget(seatsBox);
    layout->addWidget(new QLabel(tr("seats"), row));
    layout->addStretch(1);
    m_tableRows->addWidget(row);
    const auto total = [this] {
        const QList<int> all = tableSeats();
        int covers = 0;
        for (int s : all) {
            covers += s;
        }
        m_tablesTotal->setText(
            tr("In all: %1, %2").arg(tr("%n table(s)", nullptr, int(all.size())), tr("%n seat(s)", nullptr, covers)));
    };
    connect(countBox, &QSpinBox::valueChanged, this, total);
    connect(seatsBox, &QSpinBox::valueChanged, this, total);
    total();
}

QList<int> FirstRunWizard::tableSeats() const
{
    QList<int> seats;
    for (int i = 0; i < m_tableRows->count(); ++i) {
        QWidget* row = m_tableRows->itemAt(i)->widget();
        auto* count = row->findChild<QSpinBox*>(QStringLiteral("tableCountSpinBox"));
        auto* size = row->findChild<QSpinBox*>(QStringLiteral("tableSeatsSpinBox"));
        for (int n = 0; n < count->value(); ++n) {
            seats << size->value();
        }
    }
    return seats;
}

QWidget* FirstRunWizard::buildCreating()
{
    auto* body = new QWidget(this);
    m_stepsLabel = new QLabel(body);
    m_stepsLabel->setObjectName(QStringLiteral("creatingStepsLabel"));
    m_stepsLabel->setTextFormat(Qt::PlainText);
    m_stepsLabel->setStyleSheet(QStringLiteral("font-size: 13pt; line-height: 150%;"));
    m_retryButton = new QPushButton(tr("Try again"), body);
    m_retryButton->setObjectName(QStringLiteral("retryButton"));
    m_retryButton->hide();
    connect(m_retryButton, &QPushButton::clicked, this, [this] {
        m_retryButton->hide();
        m_errorLabel->hide();
        m_failure.clear();
        runStep();
    });
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stepsLabel);
    layout->addWidget(m_retryButton, 0, Qt::AlignLeft);
    layout->addStretch(1);
    return page(tr("Setting up"), tr("This takes a moment."), body);
}

QWidget* FirstRunWizard::buildPoster()
{
    auto* body = new QWidget(this);
    m_qrCode = new QrCodeWidget(body);
    m_qrCode->setObjectName(QStringLiteral("firstRunQrCode"));
    m_posterLabel = new QLabel(body);
    m_posterLabel->setWordWrap(true);
    auto* fullScreen = new QPushButton(tr("Show full screen"), body);
    fullScreen->setObjectName(QStringLiteral("showPosterButton"));
    auto* print = new QPushButton(tr("Print the poster…"), body);
    print->setObjectName(QStringLiteral("printPosterButton"));
    auto* finish = new QPushButton(tr("Open the console"), body);
    finish->setObjectName(QStringLiteral("finishButton"));
    connect(m_qrCode, &QrCodeWidget::clicked, fullScreen, &QPushButton::click);
    connect(fullScreen, &QPushButton::clicked, this, [this] {
        if (!m_qrCode->hasCode() || !m_restaurant) {
            return;
        }
        auto* poster = new QrPosterWindow(m_dinerUrl, m_restaurant->name, this);
        poster->setAttribute(Qt::WA_DeleteOnClose);
        poster->showFullScreen();
    });
    connect(print, &QPushButton::clicked, this, [this] {
        if (!m_qrCode->hasCode() || !m_restaurant) {
            return;
        }
        auto printer = std::make_shared<QPrinter>(QPrinter::HighResolution);
        printer->setPageSize(QPageSize(QPageSize::A4));
        printer->setDocName(tr("Scan to join the queue"));
        auto* dialog = new QPrintDialog(printer.get(), this);
        dialog->setObjectName(QStringLiteral("printPosterDialog"));
        dialog->setWindowTitle(tr("Print the join poster"));
        const QString url = m_dinerUrl;
        const QString name = m_restaurant->name;
        Dialogs::open(dialog, [this, printer, url, name](int result) {
            if (result != QDialog::Accepted) {
                return;
            }
            QPainter painter;
            if (!painter.begin(printer.get())) {
                showError(tr("The poster could not be printed: the printer is not ready."));
                return;
            }
            const QRect sheet(QPoint(0, 0), printer->pageLayout().paintRectPixels(printer->resolution()).size());
            QrPosterWindow::paintPoster(painter, sheet, QrCode::encode(url), url, name);
            painter.end();
        });
    });
    connect(finish, &QPushButton::clicked, this, [this] {
        if (m_restaurant && m_owner) {
            Q_EMIT completed(*m_restaurant, *m_owner);
        }
    });
    auto* buttons = new QVBoxLayout;
    buttons->setSpacing(10);
    buttons->addWidget(m_posterLabel);
    buttons->addSpacing(8);
    buttons->addWidget(fullScreen);
    buttons->addWidget(print);
    buttons->addStretch(1);
    buttons->addWidget(finish);
    auto* layout = new QHBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(24);
    layout->addWidget(m_qrCode, 1);
    layout->addLayout(buttons, 1);
    return page(tr("Scan to join"), tr("You're all set."), body);
}

FirstRunWizard::Page FirstRunWizard::currentPage() const
{
    return static_cast<Page>(m_pages->currentIndex());
}

void FirstRunWizard::resume(const Restaurant& restaurant)
{
    m_restaurant = restaurant;
    m_step = Step::Owner;
    m_nameEdit->setText(restaurant.name);
    if (!restaurant.timezone.isEmpty()) {
        m_timezoneCombo->setCurrentText(restaurant.timezone);
    }
    // Tables it has already are kept; the tables page only adds to them.
    m_existingTablesWatcher.setFuture(m_tables.tables(restaurant.id));
    goTo(Page::Owner);
}

void FirstRunWizard::setDinerUrl(const QString& url)
{
    m_dinerUrl = url;
    m_qrCode->setUrl(url);
    m_posterLabel->setText(url.isEmpty()
                               ? tr("The diner page is not being served yet; the poster appears in the Queue view "
                                    "once it is.")
                               : tr("Put this poster by the door: diners scan it to join the queue from their "
                                    "phones and watch their place in line."));
}

void FirstRunWizard::showDemoError(const QString& message)
{
    goTo(Page::Welcome);
    m_demoButton->setEnabled(true);
    m_welcomeMessage->setStyleSheet(QStringLiteral("color: #8c1d18; font-weight: bold;"));
    m_welcomeMessage->setText(message);
    m_welcomeMessage->show();
}

void FirstRunWizard::goTo(Page target)
{
    m_pages->setCurrentIndex(int(target));
    m_errorLabel->hide();
    const bool inputPage =
        target == Page::Restaurant || target == Page::Owner || target == Page::Tables || target == Page::Menu;
    m_navigationBar->setVisible(inputPage || target == Page::Creating);
    // A restaurant that already exists is not created again: its page is behind us.
    const Page first = m_step > Step::Restaurant ? Page::Owner : Page::Restaurant;
    m_backButton->setVisible(target != first || m_step == Step::Restaurant);
    m_backButton->setEnabled(target != Page::Creating || !m_failure.isEmpty());
    m_nextButton->setVisible(inputPage);
    m_nextButton->setText(target == Page::Menu ? tr("Create my restaurant") : tr("Next"));
    const int number = int(target) - int(Page::Restaurant) + 1;
    m_progressLabel->setText(inputPage ? tr("Step %1 of 4").arg(number) : QString());
    setDinerUrl(m_dinerUrl);
    switch (target) {
    case Page::Restaurant:
        m_nameEdit->setFocus();
        break;
    case Page::Owner:
        m_ownerEdit->setFocus();
        break;
    default:
        break;
    }
}

void FirstRunWizard::back()
{
    switch (currentPage()) {
    case Page::Restaurant:
        goTo(Page::Welcome);
        break;
    case Page::Owner:
        goTo(m_step > Step::Restaurant ? Page::Owner : Page::Restaurant);
        break;
    case Page::Tables:
        goTo(Page::Owner);
        break;
    case Page::Menu:
        goTo(Page::Tables);
        break;
    case Page::Creating:
        // After a failure: back to the page whose input the failed step used.
        goTo(m_step == Step::Tables ? Page::Tables : m_step == Step::Menu ? Page::Menu : Page::Owner);
        break;
    default:
        break;
    }
}

void FirstRunWizard::next()
{
    const Page current = currentPage();
    if (const VoidResult valid = validate(current); !valid) {
        showError(valid.error().message);
        return;
    }
    switch (current) {
    case Page::Restaurant:
        goTo(Page::Owner);
        break;
    case Page::Owner:
        goTo(Page::Tables);
        break;
    case Page::Tables:
        goTo(Page::Menu);
        break;
    case Page::Menu: {
        // Everything was checked page by page; check it all once more, then create.
        for (Page page : {Page::Restaurant, Page::Owner, Page::Tables, Page::Menu}) {
            if (const VoidResult again = validate(page); !again) {
                goTo(page);
                showError(again.error().message);
                return;
            }
        }
        m_seats = tableSeats();
        m_menuRows = *m_menuPage->rows();
        m_failure.clear();
        goTo(Page::Creating);
        runStep();
        break;
    }
    default:
        break;
    }
}

VoidResult FirstRunWizard::validate(Page page) const
{
    switch (page) {
    case Page::Restaurant: {
        if (m_step > Step::Restaurant) {
            return {}; // created already
        }
        const QString name = m_nameEdit->text().trimmed();
        if (name.isEmpty()) {
            return unexpected(Error::invalid(QStringLiteral("name"), tr("Type your restaurant's name.")));
        }
        const QString zone = m_timezoneCombo->currentText().trimmed();
        if (zone.isEmpty() || !QTimeZone::isTimeZoneIdAvailable(zone.toLatin1())) {
            return unexpected(
                Error::invalid(QStringLiteral("timezone"), tr("Pick a time zone from the list, e.g. Europe/Madrid.")));
        }
        return {};
    }
    case Page::Owner: {
        if (m_step > Step::Owner) {
            return {};
        }
        const QString name = m_ownerEdit->text().trimmed();
        if (name.isEmpty()) {
            return unexpected(Error::invalid(QStringLiteral("owner"), tr("Type the owner's name.")));
        }
        if (const VoidResult pin = StaffService::validatePin(m_pinEdit->text()); !pin) {
            return pin;
        }
        if (m_pinEdit->text() != m_pinAgainEdit->text()) {
            return unexpected(
                Error::invalid(QStringLiteral("pin"), tr("The two PINs differ: type the same PIN twice.")));
        }
        return {};
    }
    case Page::Tables: {
        if (m_step > Step::Tables) {
            return {};
        }
        const qsizetype count = tableSeats().size();
        if (count == 0 && m_existingTables == 0) {
            return unexpected(Error::invalid(QStringLiteral("tables"),
                                             tr("Add at least one table: the queue seats parties at tables.")));
        }
        if (count > MAX_TABLES) {
            return unexpected(
                Error::invalid(QStringLiteral("tables"),
                               tr("That is more than %1 tables; add the rest later in Settings.").arg(MAX_TABLES)));
        }
        return {};
    }
    case Page::Menu: {
        if (m_step > Step::Menu) {
            return {};
        }
        const auto rows = m_menuPage->rows();
        if (!rows) {
            return unexpected(rows.error());
        }
        return {};
    }
    default:
        return {};
    }
}

void FirstRunWizard::showError(const QString& message)
{
    m_errorLabel->setText(message);
    m_errorLabel->setVisible(!message.isEmpty());
}

void FirstRunWizard::runStep()
{
    updateSteps();
    switch (m_step) {
    case Step::Restaurant:
        m_restaurantWatcher.setFuture(m_restaurants.createRestaurant(m_nameEdit->text().trimmed()));
        break;
    case Step::Owner:
        // The first owner of an empty restaurant is Maitre's own doing.
        m_ownerWatcher.setFuture(m_staff.createStaff(
            m_restaurant->id, Actor::system(), m_ownerEdit->text().trimmed(), Role::Owner, m_pinEdit->text()));
        break;
    case Step::Settings:
        if (m_restaurant->timezone == m_timezoneCombo->currentText().trimmed()) {
            stepDone(Step::Tables);
            return;
        }
        m_settingsSaving = false;
        m_settingsWatcher.setFuture(m_settings.settings(m_restaurant->id));
        break;
    case Step::Tables:
        if (m_seats.isEmpty()) {
            stepDone(Step::Menu);
            return;
        }
        m_tablesWatcher.setFuture(m_tables.addTables(m_restaurant->id, *m_owner, m_seats));
        break;
    case Step::Menu:
        if (m_menuRows.isEmpty()) {
            stepDone(Step::Done);
            return;
        }
        m_menuWatcher.setFuture(m_menu.importRows(m_restaurant->id, *m_owner, m_menuRows));
        break;
    case Step::Done:
        goTo(Page::Poster);
        break;
    }
}

void FirstRunWizard::stepDone(Step next)
{
    m_step = next;
    runStep();
}

void FirstRunWizard::stepFailed(const QString& what, const Error& error)
{
    m_failure = tr("%1: %2").arg(what, error.message);
    updateSteps();
    showError(m_failure + u'\n' + tr("What is ticked is saved. Try again, or go back and change what you entered."));
    m_retryButton->show();
    m_backButton->setEnabled(true);
}

void FirstRunWizard::updateSteps()
{
    const QStringList names = stepNames();
    QStringList lines;
    for (int i = 0; i < names.size(); ++i) {
        const int current = int(m_step);
        QString mark;
        if (i < current) {
            mark = QStringLiteral("✓");
        } else if (i == current) {
            mark = m_failure.isEmpty() ? QStringLiteral("…") : QStringLiteral("✗");
        } else {
            mark = QStringLiteral("○");
        }
        lines << QStringLiteral("%1  %2").arg(mark, names.at(i));
    }
    m_stepsLabel->setText(lines.join(u'\n'));
}
