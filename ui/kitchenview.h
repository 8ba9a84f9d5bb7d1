#pragma once

#include "actor.h"
#include "alldaycounts.h"
#include "domainevent.h"
#include "heldpreorder.h"
#include "kitchencarddelegate.h"
#include "kitchenscope.h"
#include "kitchenticket.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QPointer>
#include <QSet>
#include <QWidget>
#include <optional>

class ConsoleSession;
class KitchenService;
class KitchenTicketModel;
class QComboBox;
class QLabel;
class QListView;
class QPushButton;
class QTimer;

// The kitchen display: open tickets as cards in arrival order, a "coming up"
// lane of held pre-orders, all-day counts, a station filter and expo mode.
// Run from a bump bar (1–9 or arrows select, Enter bumps, Backspace or R
// recalls the last bump) or by touch. The board is read once; after that an
// event reloads only the ticket it names, so one bump never rebuilds the screen.
class KitchenView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KitchenView)

public:
    KitchenView(KitchenService& kitchen, qint64 restaurantId, QWidget* parent = nullptr);
    ~KitchenView() override;

    KitchenTicketModel* model() const { return m_model; }
    QListView* cardView() const { return m_cards; }
    KitchenCardDelegate* delegate() const { return m_delegate; }
    KitchenScope scope() const { return m_scope; }
    bool isDatabaseConnected() const { return m_connected; }
    // The ticket Enter bumps, or 0.
    qint64 selectedTicketId() const;
    bool selectTicket(qint64 ticketId);
    // Who bumps: session->actor(). Without a session the view is a kitchen
    // screen of its own (Actor::kitchenDisplay()), which may bump without sign-in.
    void setSession(ConsoleSession* session);
    // The station this console showed last (QSettings "kitchen/station"; a
    // console setting), or nothing when none was ever picked here.
    static std::optional<KitchenScope> savedScope();
    static void saveScope(const KitchenScope& scope);
    static inline const QString STATION_SETTING = QStringLiteral("kitchen/station");
    KitchenCardDelegate::AgeLevel ageLevelOf(qint64 ticketId) const;
    // The database's clock as of the last board, advanced locally.
    QDateTime now() const;

public Q_SLOTS:
    void setScope(const KitchenScope& scope);
    void reload();
    void handleEvent(const DomainEvent& event);
    void bumpSelected();
    void recallLast();
    // The database link as the event listener sees it. Offline, a banner says
    // since when; back online, the board is read again (the catch-up) and the
    // banner says so for a few seconds.
    void setDatabaseConnected(bool connected);

Q_SIGNALS:
    void loaded();
    // One ticket was read back after an event or an action and shown.
    void ticketRefreshed(qint64 ticketId);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void setUpCards();
    void reloadTicket(qint64 ticketId);
    void reloadLanes();
    // Shows `ticket` as it now is; `advance` moves the selection to the next
    // card when it leaves (a bump made here).
    void applyTicket(const KitchenTicket& ticket, bool advance);
    bool inScope(const KitchenTicket& ticket) const;
    void setStations(const QStringList& stations);
    void setComingUp(const QList<HeldPreorder>& comingUp);
    void setAllDay(const AllDayCounts& counts);
    void selectNumber(int number);
    Actor actor() const;
    void updateNumbering();
    void tick();
    void updateSummary();
    void showMessage(const QString& text, bool error);
    void showConnectionBanner(const QString& text, bool offline);

    KitchenService& m_kitchen;
    QPointer<ConsoleSession> m_session;
    qint64 m_restaurantId;
    KitchenScope m_scope;
    KitchenTicketModel* m_model;
    KitchenCardDelegate* m_delegate;
    QListView* m_cards;
    QComboBox* m_stationCombo;
    QLabel* m_emptyLabel = nullptr; // over the cards while there are none
    QLabel* m_summary;
    QLabel* m_message;
    QLabel* m_connectionBanner;
    QLabel* m_comingUp;
    QLabel* m_allDay;
    QPushButton* m_bumpButton;
    QPushButton* m_recallButton;
    QTimer* m_ticker;
    QTimer* m_refreshTimer;
    QTimer* m_reloadSoon;
    QTimer* m_lanesSoon;
    QTimer* m_messageTimer;
    QTimer* m_connectionBannerTimer;
    QStringList m_stations;
    QList<HeldPreorder> m_held;
    QDateTime m_boardNow;
    QElapsedTimer m_sinceBoard;
    QSet<qint64> m_loadingTickets;
    QSet<qint64> m_ticketsAgain;
    QSet<qint64> m_touchedDuringLoad;
    // When the database was lost (local time, for the banner); invalid while
    // online and caught up.
    QDateTime m_offlineSince;
    int m_scopeGeneration = 0;
    bool m_loading = false;
    bool m_reloadAgain = false;
    bool m_loadingLanes = false;
    bool m_connected = true;
    // The next board read is the catch-up after a reconnect.
    bool m_catchUpPending = false;
};
