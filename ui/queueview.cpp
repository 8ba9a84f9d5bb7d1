#include "queueview.h"

#include "consolesession.h"
#include "dialogs.h"
#include "partyitemdelegate.h"
#include "partylistmodel.h"
#include "qrcodewidget.h"
#include "qrposterwindow.h"
#include "queueservice.h"
#include "seatdialog.h"
#include "tablespanel.h"
#include "walkindialog.h"

#include <QAction>
#include <QCheckBox>
#include <QFontDatabase>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace
{

// Waits and hold countdowns are shown in minutes; half a minute keeps them honest.
constexpr int TICK_MS = 30'000;
constexpr int INFO_MS = 8'000;
constexpr int ERROR_MS = 20'000;

template <typename T>
QFuture<VoidResult> outcome(QFuture<Result<T>> future)
{
    return future.then([](const Result<T>& result) -> VoidResult {
        if (!result) {
            return unexpected(result.error());
        }
        return {};
    });
}

QString describe(const Error& error)
{
    switch (error.kind) {
    case Error::Kind::Unavailable:
        return QueueView::tr("the database cannot be reached (%1). Try again in a moment.").arg(error.message);
    case Error::Kind::Internal:
        return QueueView::tr("something went wrong (%1).").arg(error.message);
    default:
        return error.message;
    }
}

const QString VIEW_STYLE = QStringLiteral(
    "QPushButton[role] { min-height: 44px; padding: 0 14px; border-radius: 6px; font-weight: bold; }"
    "QPushButton[role=\"primary\"] { background: #1a56db; color: white; border: 1px solid #1a56db; }"
    "QPushButton[role=\"primary\"]:pressed { background: #1240a8; }"
    "QPushButton[role=\"notify\"] { background: #f5b400; color: #231a00; border: 1px solid #d49b00; }"
    "QPushButton[role=\"notify\"]:pressed { background: #d49b00; }"
    "QPushButton[role=\"seat\"] { background: #1b7f3b; color: white; border: 1px solid #1b7f3b; }"
    "QPushButton[role=\"seat\"]:pressed { background: #135c2a; }"
    "QPushButton[role=\"plain\"] { background: white; color: #202124; border: 1px solid #9aa0a6; }"
    "QPushButton[role=\"plain\"]:pressed { background: #e8eaed; }"
    "QPushButton[role=\"danger\"] { background: white; color: #a51d16; border: 1px solid #a51d16; }"
    "QPushButton[role=\"danger\"]:pressed { background: #fdecea; }"
    "QPushButton[role]:disabled { background: #eceef1; color: #9aa0a6; border: 1px solid #dadce0; }"
    "QPushButton#fullScreenQrButton, QPushButton#printPosterButton { padding: 4px 10px; border-radius: 5px;"
    " background: white; border: 1px solid #9aa0a6; color: #202124; }"
    "QPushButton#fullScreenQrButton:disabled, QPushButton#printPosterButton:disabled { color: #9aa0a6;"
    " border-color: #dadce0; }"
    "QLabel#queueMessageLabel[kind=\"error\"] { color: #8c1d18; background: #fdecea;"
    " border-left: 5px solid #b3261e; padding: 8px 12px; font-weight: bold; }"
    "QLabel#queueMessageLabel[kind=\"info\"] { color: #14532d; background: #e6f4ea;"
    " border-left: 5px solid #1b7f3b; padding: 8px 12px; }"
    "QTableView#partiesTableView { border: 1px solid #dadce0; gridline-color: #eceef1;"
    " selection-background-color: #1a56db; selection-color: white; }"
    "QTableView#partiesTableView QHeaderView::section { background: #f1f3f4; color: #3c4043; border: none;"
    " border-bottom: 1px solid #dadce0; padding: 6px 8px; font-weight: bold; }");

} // namespace

QueueView::QueueView(QueueService& queue, qint64 restaurantId, QWidget* parent)
    : QWidget(parent)
    , m_queue(queue)
    , m_restaurantId(restaurantId)
    , m_model(new PartyListModel(this))
    , m_view(new QTableView(this))
    , m_tablesPanel(new TablesPanel(this))
    , m_qr(new QrCodeWidget(this))
    , m_summary(new QLabel(this))
    , m_message(new QLabel(this))
    , m_showSeated(new QCheckBox(tr("Show seated"), this))
    , m_fullScreenButton(new QPushButton(tr("Full screen"), this))
    , m_printButton(new QPushButton(tr("Print poster…"), this))
    , m_addWalkInAction(new QAction(tr("+ Walk-in"), this))
    , m_notifyAction(new QAction(tr("Notify"), this))
    , m_seatAction(new QAction(tr("Seat…"), this))
    , m_noShowAction(new QAction(tr("No-show"), this))
    , m_cancelAction(new QAction(tr("Cancel…"), this))
    , m_finishAction(new QAction(tr("Done"), this))
    , m_ticker(new QTimer(this))
    , m_messageTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("queueView"));
    setStyleSheet(VIEW_STYLE);

    auto* title = new QLabel(tr("Queue"), this);
    title->setObjectName(QStringLiteral("queueTitleLabel"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    m_summary->setObjectName(QStringLiteral("queueSummaryLabel"));
    QFont summaryFont = m_summary->font();
    summaryFont.setPointSizeF(summaryFont.pointSizeF() * 1.1);
    m_summary->setFont(summaryFont);
    m_summary->setStyleSheet(QStringLiteral("color: #3c4043;"));
    m_summary->setText(tr("Loading the queue…"));
    m_summary->setWordWrap(true);
    // Long summaries wrap rather than widen the window.
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    setUpActions();
    setUpPartyTable();

    auto* actions = new QHBoxLayout;
    actions->setSpacing(8);
    actions->addWidget(
        addActionButton(m_addWalkInAction, QStringLiteral("addWalkInButton"), QStringLiteral("primary")));
    actions->addSpacing(10);
    actions->addWidget(addActionButton(m_notifyAction, QStringLiteral("notifyButton"), QStringLiteral("notify")));
    actions->addWidget(addActionButton(m_seatAction, QStringLiteral("seatButton"), QStringLiteral("seat")));
    actions->addWidget(addActionButton(m_noShowAction, QStringLiteral("noShowButton"), QStringLiteral("plain")));
    actions->addWidget(addActionButton(m_cancelAction, QStringLiteral("cancelPartyButton"), QStringLiteral("danger")));
    actions->addWidget(addActionButton(m_finishAction, QStringLiteral("finishButton"), QStringLiteral("plain")));
    actions->addStretch(1);
    m_showSeated->setObjectName(QStringLiteral("showSeatedCheckBox"));
    m_showSeated->setChecked(m_model->showSeated());
    connect(m_showSeated, &QCheckBox::toggled, m_model, &PartyListModel::setShowSeated);

    // The join QR code, top right: diners at the door can scan it off the screen.
    m_qr->setFixedSize(132, 118 + m_qr->fontMetrics().height() + 4);
    connect(m_qr, &QrCodeWidget::clicked, this, &QueueView::showQrFullScreen);
    m_fullScreenButton->setObjectName(QStringLiteral("fullScreenQrButton"));
    m_fullScreenButton->setToolTip(tr("Show the join code full screen for diners to scan"));
    m_printButton->setObjectName(QStringLiteral("printPosterButton"));
    m_printButton->setToolTip(tr("Print a \"scan to join\" poster for the door"));
    connect(m_fullScreenButton, &QPushButton::clicked, this, &QueueView::showQrFullScreen);
    connect(m_printButton, &QPushButton::clicked, this, &QueueView::printPoster);
    auto* qrCaption = new QLabel(tr("Diners scan\nto join"), this);
    qrCaption->setObjectName(QStringLiteral("qrCaptionLabel"));
    qrCaption->setAlignment(Qt::AlignRight | Qt::AlignTop);
    qrCaption->setStyleSheet(QStringLiteral("color: #3c4043; font-weight: bold;"));
    auto* qrButtons = new QVBoxLayout;
    qrButtons->setSpacing(6);
    qrButtons->addWidget(qrCaption);
    qrButtons->addStretch(1);
    qrButtons->addWidget(m_fullScreenButton);
    qrButtons->addWidget(m_printButton);

    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(title);
    titleRow->addStretch(1);
    titleRow->addWidget(m_showSeated, 0, Qt::AlignBottom);
    auto* heading = new QVBoxLayout;
    heading->setSpacing(6);
    heading->addLayout(titleRow);
    heading->addWidget(m_summary);
    heading->addStretch(1);
    heading->addLayout(actions);
    auto* top = new QHBoxLayout;
    top->setSpacing(14);
    top->addLayout(heading, 1);
    top->addLayout(qrButtons);
    top->addWidget(m_qr, 0, Qt::AlignTop);

    m_message->setObjectName(QStringLiteral("queueMessageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();
    m_messageTimer->setSingleShot(true);
    connect(m_messageTimer, &QTimer::timeout, m_message, &QWidget::hide);

    connect(m_tablesPanel, &TablesPanel::tableStateRequested, this, &QueueView::changeTableState);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 18, 24, 12);
    layout->setSpacing(10);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_tablesPanel);

    m_ticker->setInterval(TICK_MS);
    connect(m_ticker, &QTimer::timeout, this, &QueueView::tick);
    m_ticker->start();

    setDinerUrl({});
    updateActions();
    reload();
}

QueueView::~QueueView() = default;

void QueueView::setUpPartyTable()
{
    // The queue itself: big type and tall rows for a touch screen at a busy door.
    m_view->setObjectName(QStringLiteral("partiesTableView"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new PartyItemDelegate(m_view));
    QFont tableFont = m_view->font();
    tableFont.setPointSizeF(tableFont.pointSizeF() * 1.12);
    m_view->setFont(tableFont);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(int(m_view->fontMetrics().height() * 2.6));
    QHeaderView* header = m_view->horizontalHeader();
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setHighlightSections(false);
    // Columns as wide as their header and their longest usual content, in
    // the fonts they are drawn with; the name gets the room that is left.
    QFont bold = tableFont;
    bold.setBold(true);
    QFont code = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    code.setPointSizeF(tableFont.pointSizeF());
    code.setBold(true);
    // A column fits its header (bold) and the samples, in `font`, plus the delegate's padding.
    const auto fit = [this, &bold](int column, const QFont& font, const QStringList& samples, int extra = 0) {
        int width = QFontMetrics(bold).horizontalAdvance(m_model->headerData(column, Qt::Horizontal).toString());
        for (const QString& sample : samples) {
            width = std::max(width, QFontMetrics(font).horizontalAdvance(sample));
        }
        m_view->setColumnWidth(column, width + 20 + extra);
    };
    fit(PartyListModel::PositionColumn, bold, {QStringLiteral("88")});
    fit(PartyListModel::SizeColumn, bold, {QStringLiteral("20")});
    fit(PartyListModel::WaitedColumn, tableFont, {tr("%1 min").arg(888)});
    fit(PartyListModel::QuoteColumn, tableFont, {tr("%1 min").arg(888)});
    fit(PartyListModel::StatusColumn, bold, {tr("Hold expired"), tr("Notified"), tr("Waiting")}, 16);
    fit(PartyListModel::PreorderColumn, tableFont, {tr("%1 items").arg(88)});
    fit(PartyListModel::CodeColumn, code, {QStringLiteral("WWWWW")});
    fit(PartyListModel::TablesColumn, tableFont, {QStringLiteral("T10 + T11")});
    header->setStretchLastSection(false);
    header->setSectionResizeMode(PartyListModel::NameColumn, QHeaderView::Stretch);
    m_view->setColumnHidden(PartyListModel::NotesColumn, true); // shown under the name
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &QueueView::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &QueueView::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &QueueView::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &QueueView::updateActions);
}

void QueueView::setUpActions()
{
    // A button each, and keys for a host who keeps a hand on the keyboard.
    const auto setUp =
        [this](QAction* action, const QString& name, const QList<QKeySequence>& keys, const QString& tip) {
            action->setObjectName(name);
            action->setShortcuts(keys);
            action->setShortcutContext(Qt::WindowShortcut); // only while this view is shown
            QStringList keyNames;
            for (const QKeySequence& key : keys) {
                keyNames << key.toString(QKeySequence::NativeText);
            }
            action->setToolTip(tr("%1 (%2)").arg(tip, keyNames.join(tr(" or "))));
            addAction(action);
        };
    setUp(m_addWalkInAction,
          QStringLiteral("addWalkInAction"),
          {QKeySequence(Qt::CTRL | Qt::Key_N)},
          tr("Add a party that walked in"));
    setUp(m_notifyAction,
          QStringLiteral("notifyAction"),
          {QKeySequence(Qt::Key_N), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N)},
          tr("Tell the party their table is ready"));
    setUp(m_seatAction, QStringLiteral("seatAction"), {QKeySequence(Qt::Key_S)}, tr("Seat the party at a table"));
    setUp(m_noShowAction,
          QStringLiteral("noShowAction"),
          {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X)},
          tr("The party did not come when called"));
    setUp(m_cancelAction,
          QStringLiteral("cancelAction"),
          {QKeySequence(Qt::Key_Delete)},
          tr("Take the party out of the queue"));
    setUp(m_finishAction,
          QStringLiteral("finishAction"),
          {QKeySequence(Qt::CTRL | Qt::Key_D)},
          tr("The party has left; their tables need cleaning"));
    connect(m_addWalkInAction, &QAction::triggered, this, &QueueView::addWalkIn);
    connect(m_notifyAction, &QAction::triggered, this, &QueueView::notifySelected);
    connect(m_seatAction, &QAction::triggered, this, &QueueView::seatSelected);
    connect(m_noShowAction, &QAction::triggered, this, &QueueView::markNoShowSelected);
    connect(m_cancelAction, &QAction::triggered, this, &QueueView::cancelSelected);
    connect(m_finishAction, &QAction::triggered, this, &QueueView::finishSelected);
    auto* reloadAction = new QAction(this);
    reloadAction->setShortcut(QKeySequence::Refresh);
    connect(reloadAction, &QAction::triggered, this, &QueueView::reload);
    addAction(reloadAction);
}

QPushButton* QueueView::addActionButton(QAction* action, const QString& objectName, const QString& role)
{
    auto* button = new QPushButton(action->text(), this);
    button->setObjectName(objectName);
    button->setProperty("role", role);
    button->setToolTip(action->toolTip());
    button->setFocusPolicy(Qt::NoFocus); // keys stay with the queue
    button->setCursor(Qt::PointingHandCursor);
    connect(button, &QPushButton::clicked, action, &QAction::trigger);
    connect(action, &QAction::enabledChanged, button, &QPushButton::setEnabled);
    button->setEnabled(action->isEnabled());
    return button;
}

const Party* QueueView::selectedParty() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_model->partyAt(rows.first().row());
}

bool QueueView::selectParty(qint64 partyId)
{
    const int row = m_model->rowOf(partyId);
    if (row < 0) {
        return false;
    }
    m_view->selectRow(row);
    m_view->scrollTo(m_model->index(row, 0));
    return true;
}

void QueueView::reload()
{
    // One load at a time; a change during a load asks for one more.
    if (m_loading) {
        m_reloadAgain = true;
        return;
    }
    m_loading = true;
    // A watcher rather than QFuture::then(this, …), which in Qt 6.8 gets slower
    // the longer its context lives (bench/README.md); it dies with the view.
    auto* watcher = new QFutureWatcher<Result<QueueSnapshot>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Result<QueueSnapshot> snapshot = watcher->result();
        m_loading = false;
        if (snapshot) {
            m_snapshotNow = snapshot->now.isValid() ? snapshot->now : QDateTime::currentDateTimeUtc();
            m_sinceSnapshot.restart();
            m_restaurantName = snapshot->restaurantName;
            m_model->setNow(m_snapshotNow);
            m_model->setParties(snapshot->parties);
            m_tablesPanel->setNow(m_snapshotNow);
            m_tablesPanel->setTables(snapshot->tables);
            if (m_selectAfterLoad != 0 && selectParty(m_selectAfterLoad)) {
                m_selectAfterLoad = 0;
            }
            updateSummary();
            updateActions();
        } else {
            showMessage(tr("The queue could not be loaded: %1").arg(describe(snapshot.error())), true);
        }
        Q_EMIT loaded();
        if (m_reloadAgain) {
            m_reloadAgain = false;
            reload();
        }
    });
    watcher->setFuture(m_queue.snapshot(m_restaurantId));
}

void QueueView::handleEvent(const DomainEvent& event)
{
    if (event.restaurantId != m_restaurantId) {
        return;
    }
    if (event.type.startsWith(QLatin1String("party.")) || event.type.startsWith(QLatin1String("table."))
        || event.type.startsWith(QLatin1String("order."))) {
        reload();
    }
}

void QueueView::setDinerUrl(const QString& url)
{
    m_dinerUrl = url;
    m_qr->setUrl(url);
    m_fullScreenButton->setEnabled(m_qr->hasCode());
    m_printButton->setEnabled(m_qr->hasCode());
    if (m_poster) {
        m_poster->close(); // it shows an address that no longer works
    }
}

QDateTime QueueView::now() const
{
    if (!m_snapshotNow.isValid()) {
        return QDateTime::currentDateTimeUtc();
    }
    // The database's clock at the last load, moved on by this PC's steady clock.
    return m_snapshotNow.addMSecs(m_sinceSnapshot.elapsed());
}

void QueueView::tick()
{
    if (!m_snapshotNow.isValid()) {
        return;
    }
    const QDateTime current = now();
    m_model->setNow(current);
    m_tablesPanel->setNow(current);
    updateSummary();
}

void QueueView::setSession(ConsoleSession* session)
{
    if (m_session) {
        disconnect(m_session, nullptr, this, nullptr);
    }
    m_session = session;
    if (m_session) {
        connect(m_session, &ConsoleSession::actorChanged, this, &QueueView::updateActions);
    }
    updateActions();
}

Actor QueueView::actor() const
{
    return m_session ? m_session->actor() : Actor::nobody();
}

void QueueView::updateActions()
{
    const Party* party = selectedParty();
    // The models layer refuses too; disabling says so before the host tries.
    const bool allowed = actor().can(Permission::SeatAndNotify);
    const bool idle = m_pending == 0 && allowed;
    m_addWalkInAction->setEnabled(allowed);
    const bool waiting = party != nullptr && party->status == PartyStatus::Waiting;
    const bool active = party != nullptr && party->isActive();
    const bool seated = party != nullptr && party->status == PartyStatus::Seated;
    m_notifyAction->setEnabled(idle && waiting);
    m_seatAction->setEnabled(idle && active);
    m_noShowAction->setEnabled(idle && active);
    m_cancelAction->setEnabled(idle && active);
    m_finishAction->setEnabled(idle && seated);
}

void QueueView::updateSummary()
{
    int waiting = 0;
    int notified = 0;
    int covers = 0;
    int expired = 0;
    qint64 longest = 0;
    const QDateTime current = m_model->now();
    for (const Party& party : m_model->parties()) {
        if (!party.isActive()) {
            continue;
        }
        (party.status == PartyStatus::Waiting ? waiting : notified) += 1;
        covers += party.size;
        expired += m_model->isHoldExpired(party) ? 1 : 0;
        if (party.joinedAt.isValid()) {
            longest = std::max(longest, party.joinedAt.secsTo(current) / 60);
        }
    }
    int free = 0;
    for (const auto& t : m_tablesPanel->tables()) {
        free += t.table.state == DiningTable::State::Free && !TablesPanel::needsCleaning(t.table) ? 1 : 0;
    }
    QStringList parts{tr("%1 waiting").arg(waiting)};
    if (notified > 0) {
        parts << (expired > 0 ? tr("%1 notified (%2 expired)").arg(notified).arg(expired)
                              : tr("%1 notified").arg(notified));
    }
    parts << (covers == 1 ? tr("1 cover") : tr("%1 covers").arg(covers));
    if (waiting + notified > 0) {
        parts << tr("longest %1 min").arg(longest);
    }
    parts << (free == 1 ? tr("1 table free") : tr("%1 tables free").arg(free));
    // A narrow window wraps between the parts, never inside one.
    for (QString& part : parts) {
        part.replace(u' ', QChar::Nbsp);
    }
    m_summary->setText(parts.join(QStringLiteral("  ·  ")));
}

void QueueView::showMessage(const QString& text, bool error)
{
    m_message->setText(text);
    m_message->setProperty("kind", error ? QStringLiteral("error") : QStringLiteral("info"));
    m_message->style()->unpolish(m_message);
    m_message->style()->polish(m_message);
    m_message->show();
    m_messageTimer->start(error ? ERROR_MS : INFO_MS);
}

void QueueView::track(QFuture<VoidResult> outcome, const QString& failure, const QString& success)
{
    ++m_pending;
    updateActions();
    outcome.then(this, [this, failure, success](const VoidResult& result) {
        --m_pending;
        if (result) {
            showMessage(success, false);
        } else {
            showMessage(tr("%1: %2").arg(failure, describe(result.error())), true);
        }
        // Whatever happened, the database has the truth (another console may
        // have moved first): read it back.
        reload();
        updateActions();
    });
}

void QueueView::addWalkIn()
{
    auto* dialog = new WalkInDialog(m_queue, m_restaurantId, this);
    Dialogs::open(dialog, [this, dialog](int result) {
        if (result != QDialog::Accepted) {
            return;
        }
        const JoinRequest request = dialog->request();
        ++m_pending;
        updateActions();
        m_queue.join(m_restaurantId, request).then(this, [this, request](const Result<Party>& party) {
            --m_pending;
            if (party) {
                m_selectAfterLoad = party->id;
                showMessage(tr("%1 (party of %2) added: quote %3 min, code %4.")
                                .arg(party->name)
                                .arg(party->size)
                                .arg(party->quotedMinutes)
                                .arg(party->code),
                            false);
            } else {
                showMessage(tr("%1 could not be added: %2").arg(request.name, describe(party.error())), true);
            }
            reload();
            updateActions();
        });
    });
}

void QueueView::notifySelected()
{
    const Party* party = selectedParty();
    if (party == nullptr || party->status != PartyStatus::Waiting || m_pending > 0) {
        return;
    }
    track(outcome(m_queue.notify(m_restaurantId, actor(), party->id)),
          tr("%1 could not be notified").arg(party->name),
          tr("%1 notified: their table is held for %2 min.").arg(party->name).arg(party->holdMinutes));
}

void QueueView::seatSelected()
{
    const Party* party = selectedParty();
    if (party == nullptr || !party->isActive() || m_pending > 0) {
        return;
    }
    const QString name = party->name;
    const QList<QueueSnapshot::Table> tables = m_tablesPanel->tables();
    auto* dialog = new SeatDialog(*party, tables, this);
    Dialogs::open(dialog, [this, dialog, name, tables](int result) {
        if (result != QDialog::Accepted) {
            return;
        }
        const QList<qint64> ids = dialog->tableIds();
        QStringList labels;
        for (const auto& t : tables) {
            if (ids.contains(t.table.id)) {
                labels << t.table.label;
            }
        }
        track(outcome(m_queue.seat(m_restaurantId, actor(), dialog->partyId(), ids)),
              tr("%1 could not be seated").arg(name),
              tr("%1 seated at %2.").arg(name, labels.join(QStringLiteral(" + "))));
    });
}

void QueueView::markNoShowSelected()
{
    const Party* party = selectedParty();
    if (party == nullptr || !party->isActive() || m_pending > 0) {
        return;
    }
    track(outcome(m_queue.markNoShow(m_restaurantId, actor(), party->id)),
          tr("%1 could not be marked as a no-show").arg(party->name),
          tr("%1 marked as a no-show.").arg(party->name));
}

void QueueView::cancelSelected()
{
    const Party* party = selectedParty();
    if (party == nullptr || !party->isActive() || m_pending > 0) {
        return;
    }
    const qint64 id = party->id;
    const QString name = party->name;
    QString text = tr("Take %1's party of %2 out of the queue?").arg(name).arg(party->size);
    if (party->preorder && party->preorder->status == OrderStatus::Held) {
        text += u'\n' + tr("Their pre-order will be cancelled too.");
    }
    Dialogs::confirm(this, tr("Cancel party"), text, tr("Cancel party"), tr("Keep in queue"), [this, id, name] {
        track(outcome(m_queue.cancel(m_restaurantId, actor(), id)),
              tr("%1 could not be cancelled").arg(name),
              tr("%1's party was cancelled.").arg(name));
    });
}

void QueueView::finishSelected()
{
    const Party* party = selectedParty();
    if (party == nullptr || m_pending > 0) {
        return;
    }
    track(outcome(m_queue.finish(m_restaurantId, actor(), party->id)),
          tr("%1 could not be marked done").arg(party->name),
          tr("%1's party has left; their tables need cleaning.").arg(party->name));
}

void QueueView::changeTableState(qint64 tableId, DiningTable::State state)
{
    QString label;
    for (const auto& t : m_tablesPanel->tables()) {
        if (t.table.id == tableId) {
            label = t.table.label;
        }
    }
    const QString done =
        state == DiningTable::State::Free ? tr("%1 is free.").arg(label) : tr("%1 is out of service.").arg(label);
    track(outcome(m_queue.setTableState(m_restaurantId, actor(), tableId, state)),
          tr("%1 could not be changed").arg(label),
          done);
}

void QueueView::showQrFullScreen()
{
    if (!m_qr->hasCode()) {
        return;
    }
    if (m_poster) {
        m_poster->raise();
        m_poster->activateWindow();
        return;
    }
    m_poster = new QrPosterWindow(m_dinerUrl, m_restaurantName, this);
    m_poster->showFullScreen();
}

void QueueView::printPoster()
{
    if (!m_qr->hasCode()) {
        return;
    }
    if (!m_printer) {
        // Kept, so the next poster goes to the printer chosen last time.
        m_printer = std::make_unique<QPrinter>(QPrinter::HighResolution);
        m_printer->setPageSize(QPageSize(QPageSize::A4));
        m_printer->setPageOrientation(QPageLayout::Portrait);
    }
    m_printer->setDocName(tr("Scan to join the queue"));
    auto* dialog = new QPrintDialog(m_printer.get(), this);
    dialog->setObjectName(QStringLiteral("printPosterDialog"));
    dialog->setWindowTitle(tr("Print the join poster"));
    const QString url = m_dinerUrl;
    const QString name = m_restaurantName;
    Dialogs::open(dialog, [this, url, name](int result) {
        if (result != QDialog::Accepted) {
            return;
        }
        QPainter painter;
        if (!painter.begin(m_printer.get())) {
            showMessage(tr("The poster could not be printed: the printer is not ready."), true);
            return;
        }
        const QRect page(QPoint(0, 0), m_printer->pageLayout().paintRectPixels(m_printer->resolution()).size());
        QrPosterWindow::paintPoster(painter, page, QrCode::encode(url), url, name);
        painter.end();
        showMessage(tr("The poster was sent to the printer."), false);
    });
}
