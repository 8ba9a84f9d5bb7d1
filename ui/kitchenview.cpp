#include "kitchenview.h"

#include "consolesession.h"
#include "kitchenservice.h"
#include "kitchenticketmodel.h"

#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>
#include <utility>

namespace
{

// Ages tick every second; the board is read again now and then to catch the
// coming-up lane's fire times and anything an event could not name.
constexpr int TICK_MS = 1000;
constexpr int REFRESH_MS = 30'000;
constexpr int RELOAD_DELAY_MS = 150;
constexpr int LANES_DELAY_MS = 300;
constexpr int INFO_MS = 5000;
constexpr int ERROR_MS = 12'000;

const QString SETTINGS_WARNING = QStringLiteral("kitchen/warningMinutes");
const QString SETTINGS_LATE = QStringLiteral("kitchen/lateMinutes");

const QString VIEW_STYLE = QStringLiteral(
    "#kitchenView { background: #111418; }"
    "#kitchenView QLabel { color: #e8eaed; }"
    "QLabel#kitchenTitleLabel { font-weight: bold; }"
    "QLabel#kitchenSummaryLabel { color: #bdc1c6; }"
    "QLabel#kitchenHintLabel { color: #80868b; }"
    "QLabel#kitchenMessageLabel[kind=\"error\"] { color: white; background: #b3261e; padding: 10px 16px;"
    " border-radius: 6px; font-weight: bold; }"
    "QLabel#kitchenMessageLabel[kind=\"info\"] { color: white; background: #1b7f3b; padding: 10px 16px;"
    " border-radius: 6px; font-weight: bold; }"
    "QLabel#kitchenConnectionLabel[kind=\"offline\"] { color: white; background: #b3261e; padding: 10px 16px;"
    " border-radius: 6px; font-weight: bold; }"
    "QLabel#kitchenConnectionLabel[kind=\"online\"] { color: white; background: #1b7f3b; padding: 10px 16px;"
    " border-radius: 6px; font-weight: bold; }"
    "QLabel[lane=\"title\"] { color: #9aa0a6; font-weight: bold; }"
    "#kitchenSidePanel { background: #181c21; border-left: 1px solid #2f363f; }"
    "QScrollArea { background: transparent; border: none; }"
    "QListView#kitchenCardsView { background: #111418; border: none; outline: none; }"
    "QComboBox#stationComboBox { background: #2b3138; color: white; border: 1px solid #4b535d; border-radius: 6px;"
    " padding: 6px 14px; min-height: 44px; min-width: 200px; }"
    "QComboBox#stationComboBox QAbstractItemView { background: #2b3138; color: white;"
    " selection-background-color: #1a56db; }"
    "QPushButton#bumpButton { background: #1b7f3b; color: white; border: none; border-radius: 8px;"
    " font-weight: bold; min-height: 64px; min-width: 170px; padding: 0 24px; }"
    "QPushButton#bumpButton:pressed { background: #135c2a; }"
    "QPushButton#bumpButton:disabled { background: #2b3138; color: #6b7280; }"
    "QPushButton#recallButton { background: #2b3138; color: white; border: 1px solid #4b535d; border-radius: 8px;"
    " font-weight: bold; min-height: 64px; min-width: 150px; padding: 0 18px; }"
    "QPushButton#recallButton:pressed { background: #3c444d; }"
    "QScrollBar:horizontal { background: #181c21; height: 22px; }"
    "QScrollBar::handle:horizontal { background: #4b535d; border-radius: 6px; min-width: 60px; margin: 3px; }"
    "QScrollBar:vertical { background: #181c21; width: 18px; }"
    "QScrollBar::handle:vertical { background: #4b535d; border-radius: 6px; min-height: 60px; margin: 3px; }"
    "QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; }");

QFont scaledFont(const QFont& base, qreal factor, bool bold = false)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

QString describe(const Error& error)
{
    switch (error.kind) {
    case Error::Kind::Unavailable:
        return KitchenView::tr("the database cannot be reached (%1).").arg(error.message);
    case Error::Kind::Internal:
        return KitchenView::tr("something went wrong (%1).").arg(error.message);
    default:
        return error.message;
    }
}

// A list of dishes for the coming-up lane: "2× Bistecca, 1× Burrata".
QString dishes(const QList<KitchenTicketItem>& items)
{
    QStringList parts;
    for (const KitchenTicketItem& item : items) {
        parts << KitchenView::tr("%1× %2").arg(item.quantity).arg(item.name.toHtmlEscaped());
    }
    return parts.join(QStringLiteral(", "));
}

constexpr int ALL_STATIONS = 0;
constexpr int ONE_STATION = 1;
constexpr int EXPO = 2;
constexpr int KIND_ROLE = Qt::UserRole + 1;

} // namespace

KitchenView::KitchenView(KitchenService& kitchen, qint64 restaurantId, QWidget* parent)
    : QWidget(parent)
    , m_kitchen(kitchen)
    , m_restaurantId(restaurantId)
    , m_model(new KitchenTicketModel(this))
    , m_delegate(new KitchenCardDelegate(this))
    , m_cards(new QListView(this))
    , m_stationCombo(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_message(new QLabel(this))
    , m_connectionBanner(new QLabel(this))
    , m_comingUp(new QLabel(this))
    , m_allDay(new QLabel(this))
    , m_bumpButton(new QPushButton(tr("Bump ⏎"), this))
    , m_recallButton(new QPushButton(tr("↶ Recall"), this))
    , m_ticker(new QTimer(this))
    , m_refreshTimer(new QTimer(this))
    , m_reloadSoon(new QTimer(this))
    , m_lanesSoon(new QTimer(this))
    , m_messageTimer(new QTimer(this))
    , m_connectionBannerTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("kitchenView"));
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(VIEW_STYLE);
    const QFont base = font();

    // Thresholds are per console: a pizza line and a bar judge "late" differently.
    const QSettings settings;
    m_delegate->setAgeThresholds(int(settings.value(SETTINGS_WARNING, 5).toDouble() * 60),
                                 int(settings.value(SETTINGS_LATE, 8).toDouble() * 60));

    auto* title = new QLabel(tr("Kitchen"), this);
    title->setObjectName(QStringLiteral("kitchenTitleLabel"));
    title->setFont(scaledFont(base, 1.8, true));
    m_stationCombo->setObjectName(QStringLiteral("stationComboBox"));
    m_stationCombo->setFont(scaledFont(base, 1.3, true));
    m_stationCombo->setFocusPolicy(Qt::NoFocus); // the keys belong to the cards
    m_stationCombo->setToolTip(tr("Which tickets this screen shows"));
    setStations({});
    connect(m_stationCombo, &QComboBox::activated, this, [this](int index) {
        const int kind = m_stationCombo->itemData(index, KIND_ROLE).toInt();
        if (kind == EXPO) {
            setScope(KitchenScope::expo());
        } else if (kind == ONE_STATION) {
            setScope(KitchenScope::forStation(m_stationCombo->itemData(index).toString()));
        } else {
            setScope(KitchenScope::allStations());
        }
        saveScope(m_scope);
        m_cards->setFocus();
    });
    m_summary->setObjectName(QStringLiteral("kitchenSummaryLabel"));
    m_summary->setFont(scaledFont(base, 1.3));
    m_summary->setText(tr("Loading the tickets…"));
    m_bumpButton->setObjectName(QStringLiteral("bumpButton"));
    m_bumpButton->setFont(scaledFont(base, 1.6, true));
    m_bumpButton->setFocusPolicy(Qt::NoFocus);
    m_bumpButton->setToolTip(tr("Bump the selected ticket (Enter)"));
    m_bumpButton->setCursor(Qt::PointingHandCursor);
    m_recallButton->setObjectName(QStringLiteral("recallButton"));
    m_recallButton->setFont(scaledFont(base, 1.3, true));
    m_recallButton->setFocusPolicy(Qt::NoFocus);
    m_recallButton->setToolTip(tr("Bring back the ticket bumped last (Backspace or R)"));
    m_recallButton->setCursor(Qt::PointingHandCursor);
    connect(m_bumpButton, &QPushButton::clicked, this, &KitchenView::bumpSelected);
    connect(m_recallButton, &QPushButton::clicked, this, &KitchenView::recallLast);

    auto* top = new QHBoxLayout;
    top->setSpacing(16);
    top->addWidget(title);
    top->addWidget(m_stationCombo);
    top->addWidget(m_summary, 1);
    top->addWidget(m_recallButton);
    top->addWidget(m_bumpButton);

    m_message->setObjectName(QStringLiteral("kitchenMessageLabel"));
    m_message->setFont(scaledFont(base, 1.4, true));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();
    m_messageTimer->setSingleShot(true);
    connect(m_messageTimer, &QTimer::timeout, m_message, &QWidget::hide);
    // Apart from the messages: an action's error must not hide that the screen is offline.
    m_connectionBanner->setObjectName(QStringLiteral("kitchenConnectionLabel"));
    m_connectionBanner->setFont(scaledFont(base, 1.4, true));
    m_connectionBanner->setWordWrap(true);
    m_connectionBanner->setTextFormat(Qt::PlainText);
    m_connectionBanner->hide();
    m_connectionBannerTimer->setSingleShot(true);
    connect(m_connectionBannerTimer, &QTimer::timeout, m_connectionBanner, &QWidget::hide);

    setUpCards();

    // The side lanes: what is coming, and how much of each dish is still to cook.
    auto* side = new QWidget(this);
    side->setObjectName(QStringLiteral("kitchenSidePanel"));
    side->setAttribute(Qt::WA_StyledBackground);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(16, 12, 16, 12);
    sideLayout->setSpacing(8);
    const auto laneTitle = [&](const QString& text) {
        auto* label = new QLabel(text, side);
        label->setProperty("lane", QStringLiteral("title"));
        label->setFont(scaledFont(base, 1.15, true));
        return label;
    };
    for (QLabel* lane : {m_comingUp, m_allDay}) {
        lane->setParent(side);
        lane->setTextFormat(Qt::RichText);
        lane->setWordWrap(true);
        lane->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        lane->setFont(scaledFont(base, 1.2));
    }
    m_comingUp->setObjectName(QStringLiteral("comingUpLabel"));
    m_allDay->setObjectName(QStringLiteral("allDayLabel"));
    sideLayout->addWidget(laneTitle(tr("COMING UP")));
    sideLayout->addWidget(m_comingUp);
    sideLayout->addSpacing(14);
    sideLayout->addWidget(laneTitle(tr("ALL DAY")));
    sideLayout->addWidget(m_allDay);
    sideLayout->addStretch(1);
    auto* sideScroll = new QScrollArea(this);
    sideScroll->setWidget(side);
    sideScroll->setWidgetResizable(true);
    sideScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    sideScroll->setFixedWidth(QFontMetrics(scaledFont(base, 1.2)).averageCharWidth() * 30 + 40);
    sideScroll->setFocusPolicy(Qt::NoFocus);

    auto* hint =
        new QLabel(tr("1–9 or arrows: select   ·   Enter: bump   ·   Backspace or R: recall the last bump"), this);
    hint->setObjectName(QStringLiteral("kitchenHintLabel"));
    hint->setFont(scaledFont(base, 1.05));

    auto* main = new QHBoxLayout;
    main->setSpacing(0);
    main->addWidget(m_cards, 1);
    main->addWidget(sideScroll);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 0, 8);
    layout->setSpacing(10);
    auto* header = new QVBoxLayout;
    header->setContentsMargins(0, 0, 16, 0);
    header->setSpacing(10);
    header->addLayout(top);
    header->addWidget(m_connectionBanner);
    header->addWidget(m_message);
    layout->addLayout(header);
    layout->addLayout(main, 1);
    layout->addWidget(hint);

    m_ticker->setInterval(TICK_MS);
    connect(m_ticker, &QTimer::timeout, this, &KitchenView::tick);
    m_ticker->start();
    m_refreshTimer->setInterval(REFRESH_MS);
    connect(m_refreshTimer, &QTimer::timeout, this, &KitchenView::reload);
    m_refreshTimer->start();
    m_reloadSoon->setSingleShot(true);
    m_reloadSoon->setInterval(RELOAD_DELAY_MS);
    connect(m_reloadSoon, &QTimer::timeout, this, &KitchenView::reload);
    m_lanesSoon->setSingleShot(true);
    m_lanesSoon->setInterval(LANES_DELAY_MS);
    connect(m_lanesSoon, &QTimer::timeout, this, &KitchenView::reloadLanes);

    reload();
}

KitchenView::~KitchenView() = default;

void KitchenView::setUpCards()
{
    // Cards fill columns top to bottom, oldest first, and the columns scroll
    // sideways: the usual kitchen screen, with no gaps under short tickets.
    m_cards->setObjectName(QStringLiteral("kitchenCardsView"));
    m_cards->setModel(m_model);
    m_cards->setItemDelegate(m_delegate);
    m_cards->setFont(scaledFont(font(), 1.55));
    m_cards->setViewMode(QListView::ListMode);
    m_cards->setFlow(QListView::TopToBottom);
    m_cards->setWrapping(true);
    m_cards->setResizeMode(QListView::Adjust);
    m_cards->setMovement(QListView::Static);
    m_cards->setUniformItemSizes(false);
    m_cards->setSpacing(6);
    m_cards->setSelectionMode(QAbstractItemView::SingleSelection);
    m_cards->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_cards->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_cards->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    // An empty board says so, rather than looking broken.
    m_emptyLabel = new QLabel(tr("No open tickets.\nNew orders appear here as they are fired."), m_cards->viewport());
    m_emptyLabel->setObjectName(QStringLiteral("kitchenEmptyLabel"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setStyleSheet(QStringLiteral("color: #8a94a6;"));
    m_emptyLabel->setFont(scaledFont(font(), 1.6));
    auto* emptyLayout = new QVBoxLayout(m_cards->viewport());
    emptyLayout->addWidget(m_emptyLabel, 0, Qt::AlignCenter);
    m_emptyLabel->hide();
    m_cards->setMouseTracking(false);
    m_cards->installEventFilter(this);
    // A card that grows or shrinks (rare: its lines are fixed at routing) is laid out again.
    connect(m_model, &KitchenTicketModel::shapeChanged, m_delegate, &QAbstractItemDelegate::sizeHintChanged);
    connect(m_cards->horizontalScrollBar(), &QScrollBar::valueChanged, this, &KitchenView::updateNumbering);
    connect(m_cards->verticalScrollBar(), &QScrollBar::valueChanged, this, &KitchenView::updateNumbering);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &KitchenView::updateSummary);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &KitchenView::updateSummary);
    connect(m_cards->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_bumpButton->setEnabled(selectedTicketId() != 0);
    });
    m_bumpButton->setEnabled(false);
}

qint64 KitchenView::selectedTicketId() const
{
    const QModelIndexList selected = m_cards->selectionModel()->selectedIndexes();
    return selected.isEmpty() ? 0 : selected.first().data(KitchenTicketModel::TicketIdRole).toLongLong();
}

bool KitchenView::selectTicket(qint64 ticketId)
{
    const int row = m_model->rowOf(ticketId);
    if (row < 0) {
        return false;
    }
    const QModelIndex index = m_model->index(row);
    m_cards->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_cards->scrollTo(index);
    return true;
}

KitchenCardDelegate::AgeLevel KitchenView::ageLevelOf(qint64 ticketId) const
{
    const KitchenTicket* ticket = m_model->ticketAt(m_model->rowOf(ticketId));
    return ticket == nullptr ? KitchenCardDelegate::AgeLevel::Fresh : m_delegate->ageLevel(ticket->ageSeconds(now()));
}

QDateTime KitchenView::now() const
{
    if (!m_boardNow.isValid()) {
        return QDateTime::currentDateTimeUtc();
    }
    return m_boardNow.addMSecs(m_sinceBoard.elapsed());
}

std::optional<KitchenScope> KitchenView::savedScope()
{
    const QString saved = QSettings().value(STATION_SETTING).toString();
    if (saved.isEmpty()) {
        return std::nullopt;
    }
    if (saved == u"*") {
        return KitchenScope::allStations();
    }
    if (saved == u"expo") {
        return KitchenScope::expo();
    }
    return KitchenScope::forStation(saved);
}

void KitchenView::saveScope(const KitchenScope& scope)
{
    QString value = QStringLiteral("*");
    if (scope.kind == KitchenScope::Kind::Expo) {
        value = QStringLiteral("expo");
    } else if (scope.kind == KitchenScope::Kind::Station) {
        value = scope.station;
    }
    QSettings().setValue(STATION_SETTING, value);
}

void KitchenView::setScope(const KitchenScope& scope)
{
    m_scope = scope;
    ++m_scopeGeneration;
    m_delegate->setShowStation(scope.kind == KitchenScope::Kind::AllStations);
    for (int i = 0; i < m_stationCombo->count(); ++i) {
        const int kind = m_stationCombo->itemData(i, KIND_ROLE).toInt();
        if ((scope.kind == KitchenScope::Kind::AllStations && kind == ALL_STATIONS)
            || (scope.kind == KitchenScope::Kind::Expo && kind == EXPO)
            || (scope.kind == KitchenScope::Kind::Station && kind == ONE_STATION
                && m_stationCombo->itemData(i).toString() == scope.station)) {
            m_stationCombo->setCurrentIndex(i);
        }
    }
    if (scope.kind == KitchenScope::Kind::Station && !m_stations.contains(scope.station)) {
        setStations(m_stations); // adds the asked-for station, so the combo says what is shown
    }
    // What is already here and still in scope stays while the board is read again.
    QList<KitchenTicket> kept;
    for (const KitchenTicket& ticket : m_model->tickets()) {
        if (inScope(ticket)) {
            kept << ticket;
        }
    }
    m_model->setTickets(kept);
    m_cards->viewport()->update();
    m_held.clear();
    m_comingUp->clear();
    m_allDay->clear();
    reload();
}

bool KitchenView::inScope(const KitchenTicket& ticket) const
{
    if (ticket.status != KitchenTicket::Status::Open || ticket.restaurantId != m_restaurantId) {
        return false;
    }
    if (ticket.orderStatus != OrderStatus::Received && ticket.orderStatus != OrderStatus::Preparing
        && ticket.orderStatus != OrderStatus::Ready) {
        return false;
    }
    switch (m_scope.kind) {
    case KitchenScope::Kind::AllStations:
        return !ticket.expo;
    case KitchenScope::Kind::Station:
        return !ticket.expo && ticket.station == m_scope.station;
    case KitchenScope::Kind::Expo:
        return ticket.expo;
    }
    return false;
}

void KitchenView::reload()
{
    // One board read at a time; a change during a read asks for one more.
    if (m_loading) {
        m_reloadAgain = true;
        return;
    }
    m_loading = true;
    m_touchedDuringLoad.clear();
    const int generation = m_scopeGeneration;
    const bool catchUp = std::exchange(m_catchUpPending, false);
    // A watcher rather than QFuture::then(this, …), which in Qt 6.8 gets slower
    // the longer its context lives (bench/README.md); it dies with the view.
    auto* watcher = new QFutureWatcher<Result<KitchenBoard>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, catchUp] {
        watcher->deleteLater();
        const Result<KitchenBoard> board = watcher->result();
        m_loading = false;
        if (generation != m_scopeGeneration) {
            m_reloadAgain = true; // read for another station: read again
        } else if (board) {
            m_boardNow = board->now.isValid() ? board->now : QDateTime::currentDateTimeUtc();
            m_sinceBoard.restart();
            m_delegate->setNow(now());
            setStations(board->stations);
            m_model->setTickets(board->tickets);
            // A ticket read on its own while the board was read may be newer than the board's copy.
            for (qint64 id : std::as_const(m_touchedDuringLoad)) {
                reloadTicket(id);
            }
            setComingUp(board->comingUp);
            setAllDay(board->allDay);
            updateNumbering();
            updateSummary();
            m_cards->viewport()->update();
            if (catchUp && m_connected) {
                showConnectionBanner(tr("Back online — caught up on changes since %1")
                                         .arg(m_offlineSince.toString(QStringLiteral("HH:mm"))),
                                     false);
                m_offlineSince = {};
            }
        } else {
            // Offline, the banner already says why; the next read after the reconnect catches up.
            if (m_connected) {
                showMessage(tr("The tickets could not be loaded: %1").arg(describe(board.error())), true);
            }
            m_catchUpPending = m_catchUpPending || catchUp;
        }
        if (generation != m_scopeGeneration) {
            m_catchUpPending = m_catchUpPending || catchUp;
        }
        m_touchedDuringLoad.clear();
        Q_EMIT loaded();
        if (m_reloadAgain) {
            m_reloadAgain = false;
            reload();
        }
    });
    watcher->setFuture(m_kitchen.board(m_restaurantId, m_scope));
}

void KitchenView::reloadTicket(qint64 ticketId)
{
    if (m_loading) {
        m_touchedDuringLoad.insert(ticketId);
    }
    if (m_loadingTickets.contains(ticketId)) {
        m_ticketsAgain.insert(ticketId);
        return;
    }
    m_loadingTickets.insert(ticketId);
    auto* watcher = new QFutureWatcher<Result<KitchenTicket>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, ticketId] {
        watcher->deleteLater();
        const Result<KitchenTicket> ticket = watcher->result();
        m_loadingTickets.remove(ticketId);
        if (ticket) {
            applyTicket(*ticket, false);
        } else if (ticket.error().kind == Error::Kind::NotFound) {
            m_model->removeTicket(ticketId);
        }
        Q_EMIT ticketRefreshed(ticketId);
        if (m_ticketsAgain.remove(ticketId)) {
            reloadTicket(ticketId);
        }
    });
    watcher->setFuture(m_kitchen.ticket(m_restaurantId, ticketId));
}

void KitchenView::reloadLanes()
{
    // The lanes are small: read both again rather than patch them.
    if (m_loadingLanes) {
        m_lanesSoon->start();
        return;
    }
    m_loadingLanes = true;
    const int generation = m_scopeGeneration;
    auto* held = new QFutureWatcher<Result<QList<HeldPreorder>>>(this);
    auto* counts = new QFutureWatcher<Result<AllDayCounts>>(this);
    connect(held, &QFutureWatcherBase::finished, this, [this, held, generation] {
        held->deleteLater();
        if (const auto result = held->result(); result && generation == m_scopeGeneration) {
            setComingUp(*result);
        }
    });
    connect(counts, &QFutureWatcherBase::finished, this, [this, counts, generation] {
        counts->deleteLater();
        m_loadingLanes = false;
        if (const auto result = counts->result(); result && generation == m_scopeGeneration) {
            setAllDay(*result);
        }
    });
    held->setFuture(m_kitchen.comingUp(m_restaurantId, m_scope));
    counts->setFuture(m_kitchen.allDayCounts(m_restaurantId, m_scope));
}

void KitchenView::applyTicket(const KitchenTicket& ticket, bool advance)
{
    const int selectedRow = m_model->rowOf(selectedTicketId());
    const bool wasSelected = selectedTicketId() == ticket.id;
    const bool show = inScope(ticket);
    m_model->updateTicket(ticket, show);
    if (wasSelected && !show) {
        // Bumped here: the next card moves under the cursor, ready for the
        // next press. Bumped elsewhere: nothing stays selected, so Enter never
        // bumps a ticket the cook did not choose.
        if (advance && m_model->rowCount() > 0) {
            selectTicket(m_model->ticketAt(std::min(selectedRow, m_model->rowCount() - 1))->id);
        } else {
            m_cards->selectionModel()->clear();
        }
    }
    updateNumbering();
}

void KitchenView::handleEvent(const DomainEvent& event)
{
    if (event.restaurantId != m_restaurantId) {
        return;
    }
    const QString& type = event.type;
    if (type == u"kitchen.routed" || type == u"order.fired" || type == u"order.cancelled" || type == u"party.seated") {
        // New tickets (or tables on them): the board, merged card by card.
        m_reloadSoon->start();
        return;
    }
    if (type.startsWith(QLatin1String("kitchen.")) || type.startsWith(QLatin1String("order."))) {
        QSet<qint64> tickets;
        if (const qint64 id = event.payload.value(QLatin1String("ticket_id")).toInteger(); id > 0) {
            tickets.insert(id);
        }
        // The order's other cards follow it too: its status, its expo ticket.
        if (const qint64 order = event.payload.value(QLatin1String("order_id")).toInteger(); order > 0) {
            for (qint64 id : m_model->ticketsOfOrder(order)) {
                tickets.insert(id);
            }
        }
        for (qint64 id : std::as_const(tickets)) {
            reloadTicket(id);
        }
        m_lanesSoon->start();
        return;
    }
    if (type.startsWith(QLatin1String("party."))) {
        m_lanesSoon->start(); // quotes move the held pre-orders' fire times
    }
}

void KitchenView::bumpSelected()
{
    const qint64 ticketId = selectedTicketId();
    if (ticketId == 0) {
        showMessage(tr("Select a ticket first: a number key, the arrows or a tap."), true);
        return;
    }
    auto* watcher = new QFutureWatcher<Result<KitchenTicket>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, ticketId] {
        watcher->deleteLater();
        const Result<KitchenTicket> bumped = watcher->result();
        if (bumped) {
            applyTicket(*bumped, true);
            m_lanesSoon->start();
            return;
        }
        // Someone else was first, or the order went away: say so and show the ticket as it is.
        showMessage(describe(bumped.error()), true);
        reloadTicket(ticketId);
    });
    watcher->setFuture(m_kitchen.bumpTicket(m_restaurantId, actor(), ticketId));
}

void KitchenView::setSession(ConsoleSession* session)
{
    m_session = session;
}

Actor KitchenView::actor() const
{
    return m_session ? m_session->actor() : Actor::kitchenDisplay();
}

void KitchenView::recallLast()
{
    auto* watcher = new QFutureWatcher<Result<KitchenTicket>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Result<KitchenTicket> recalled = watcher->result();
        if (!recalled) {
            showMessage(describe(recalled.error()), true);
            return;
        }
        applyTicket(*recalled, false);
        selectTicket(recalled->id);
        showMessage(
            tr("Recalled %1.").arg(recalled->tableLabel.isEmpty() ? u'#' + recalled->orderCode : recalled->tableLabel),
            false);
        m_lanesSoon->start();
    });
    watcher->setFuture(m_kitchen.recallLast(m_restaurantId, actor(), m_scope));
}

bool KitchenView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_cards && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        switch (key->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
            bumpSelected();
            return true;
        case Qt::Key_Backspace:
        case Qt::Key_R:
            recallLast();
            return true;
        default:
            if (key->key() >= Qt::Key_1 && key->key() <= Qt::Key_9) {
                selectNumber(key->key() - Qt::Key_0);
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void KitchenView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_cards->setFocus();
    updateNumbering();
}

void KitchenView::selectNumber(int number)
{
    updateNumbering();
    const QModelIndex first = m_cards->indexAt(QPoint(m_cards->spacing() + 4, m_cards->spacing() + 4));
    const int row = (first.isValid() ? first.row() : 0) + number - 1;
    if (const KitchenTicket* ticket = m_model->ticketAt(row)) {
        selectTicket(ticket->id);
    }
}

void KitchenView::updateNumbering()
{
    const QModelIndex first = m_cards->indexAt(QPoint(m_cards->spacing() + 4, m_cards->spacing() + 4));
    m_delegate->setFirstNumberedRow(first.isValid() ? first.row() : 0);
    m_cards->viewport()->update();
}

void KitchenView::tick()
{
    // Only the ages move: repaint the visible cards, read nothing.
    m_delegate->setNow(now());
    m_cards->viewport()->update();
    updateSummary();
}

void KitchenView::updateSummary()
{
    const int count = m_model->rowCount();
    // Spelled out rather than %n: English has no translation file to pluralise.
    QString text = count == 1 ? tr("1 open ticket") : tr("%1 open tickets").arg(count);
    if (count > 0) {
        // Arrival order: the first card is the oldest.
        const qint64 oldest = m_model->tickets().constFirst().ageSeconds(now());
        text += tr("  ·  oldest %1").arg(KitchenCardDelegate::ageText(oldest));
    }
    if (!m_held.isEmpty()) {
        text += tr("  ·  %1 coming up").arg(m_held.size());
    }
    m_summary->setText(text);
    m_emptyLabel->setVisible(count == 0);
}

void KitchenView::setStations(const QStringList& stations)
{
    if (stations == m_stations && m_stationCombo->count() > 0
        && (m_scope.kind != KitchenScope::Kind::Station || m_stations.contains(m_scope.station))) {
        return;
    }
    m_stations = stations;
    QStringList shown = stations;
    if (m_scope.kind == KitchenScope::Kind::Station && !shown.contains(m_scope.station)) {
        shown << m_scope.station;
    }
    const QSignalBlocker blocker(m_stationCombo);
    m_stationCombo->clear();
    m_stationCombo->addItem(tr("All stations"));
    m_stationCombo->setItemData(0, ALL_STATIONS, KIND_ROLE);
    for (const QString& station : std::as_const(shown)) {
        m_stationCombo->addItem(station.left(1).toUpper() + station.mid(1), station);
        m_stationCombo->setItemData(m_stationCombo->count() - 1, ONE_STATION, KIND_ROLE);
    }
    m_stationCombo->addItem(tr("Expo (whole orders)"));
    m_stationCombo->setItemData(m_stationCombo->count() - 1, EXPO, KIND_ROLE);
    int current = 0;
    for (int i = 0; i < m_stationCombo->count(); ++i) {
        const int kind = m_stationCombo->itemData(i, KIND_ROLE).toInt();
        if ((m_scope.kind == KitchenScope::Kind::Expo && kind == EXPO)
            || (m_scope.kind == KitchenScope::Kind::Station && kind == ONE_STATION
                && m_stationCombo->itemData(i).toString() == m_scope.station)) {
            current = i;
        }
    }
    m_stationCombo->setCurrentIndex(current);
}

void KitchenView::setComingUp(const QList<HeldPreorder>& comingUp)
{
    m_held = comingUp;
    if (comingUp.isEmpty()) {
        m_comingUp->setText(
            QStringLiteral("<span style='color:#80868b'>%1</span>").arg(tr("No pre-orders waiting").toHtmlEscaped()));
        updateSummary();
        return;
    }
    const QDateTime at = now();
    QString html;
    for (const HeldPreorder& held : comingUp) {
        const qint64 minutes = held.fireAt.isValid() ? (at.secsTo(held.fireAt) + 59) / 60 : -1;
        QString when;
        if (!held.fireAt.isValid()) {
            when = tr("when seated");
        } else if (minutes <= 0) {
            when = tr("fire now");
        } else {
            when = tr("in %1 min").arg(minutes);
        }
        const QString clock =
            held.fireAt.isValid() ? held.fireAt.toLocalTime().toString(QStringLiteral("HH:mm")) : QStringLiteral("—");
        html += QStringLiteral("<p style='margin:0 0 10px 0'>"
                               "<span style='font-size:large; font-weight:bold; color:#c58af9'>%1</span>"
                               " <span style='color:#c58af9'>%2</span><br/>"
                               "<b>%3</b> <span style='color:#9aa0a6'>(%4) #%5</span><br/>"
                               "<span style='color:#bdc1c6'>%6</span></p>")
                    .arg(clock,
                         when.toHtmlEscaped(),
                         held.partyName.toHtmlEscaped(),
                         (held.partySize == 1 ? tr("1 guest") : tr("%1 guests").arg(held.partySize)).toHtmlEscaped(),
                         held.code.toHtmlEscaped(),
                         dishes(held.items));
    }
    m_comingUp->setText(html);
    updateSummary();
}

void KitchenView::setAllDay(const AllDayCounts& counts)
{
    if (counts.items.isEmpty()) {
        m_allDay->setText(
            QStringLiteral("<span style='color:#80868b'>%1</span>").arg(tr("Nothing to cook").toHtmlEscaped()));
        return;
    }
    const bool headings = m_scope.kind != KitchenScope::Kind::Station;
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='2' width='100%'>");
    QString station;
    for (const AllDayCount& count : counts.items) {
        if (headings && count.station != station) {
            station = count.station;
            html += QStringLiteral("<tr><td colspan='2' style='padding-top:8px; color:#9aa0a6; font-weight:bold'>"
                                   "%1 · %2</td></tr>")
                        .arg(station.toUpper().toHtmlEscaped())
                        .arg(counts.stationTotal(station));
        }
        html += QStringLiteral("<tr><td align='right' style='font-weight:bold; color:white; padding-right:10px'>"
                               "%1</td><td>%2</td></tr>")
                    .arg(count.quantity)
                    .arg(count.name.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    m_allDay->setText(html);
}

void KitchenView::setDatabaseConnected(bool connected)
{
    if (connected == m_connected) {
        return;
    }
    m_connected = connected;
    if (!connected) {
        // A flap before the catch-up finished keeps the first time: that is what was missed.
        if (!m_offlineSince.isValid()) {
            m_offlineSince = now().toLocalTime();
        }
        m_catchUpPending = false;
        showConnectionBanner(tr("Offline since %1 — bumps may not be saved and other screens' changes are not shown")
                                 .arg(m_offlineSince.toString(QStringLiteral("HH:mm"))),
                             true);
        return;
    }
    // Events missed meanwhile are replayed by the listener too, but one board
    // read is the simple, sure catch-up (tickets, lanes and counts).
    showConnectionBanner(
        tr("Back online — catching up on changes since %1…").arg(m_offlineSince.toString(QStringLiteral("HH:mm"))),
        false);
    m_catchUpPending = true;
    reload();
}

void KitchenView::showConnectionBanner(const QString& text, bool offline)
{
    m_connectionBanner->setText(text);
    m_connectionBanner->setProperty("kind", offline ? QStringLiteral("offline") : QStringLiteral("online"));
    m_connectionBanner->style()->unpolish(m_connectionBanner);
    m_connectionBanner->style()->polish(m_connectionBanner);
    m_connectionBanner->show();
    // Offline stays until the link is back; "back online" goes after a while.
    if (offline) {
        m_connectionBannerTimer->stop();
    } else {
        m_connectionBannerTimer->start(INFO_MS);
    }
}

void KitchenView::showMessage(const QString& text, bool error)
{
    m_message->setText(text);
    m_message->setProperty("kind", error ? QStringLiteral("error") : QStringLiteral("info"));
    m_message->style()->unpolish(m_message);
    m_message->style()->polish(m_message);
    m_message->show();
    m_messageTimer->start(error ? ERROR_MS : INFO_MS);
}
