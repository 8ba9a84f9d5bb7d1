#pragma once

#include "actor.h"
#include "diningtable.h"
#include "domainevent.h"
#include "party.h"
#include "result.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFuture>
#include <QPointer>
#include <QWidget>
#include <memory>

class PartyListModel;
class QAction;
class QCheckBox;
class QLabel;
class QPrinter;
class QPushButton;
class QTableView;
class QTimer;
class QrCodeWidget;
class QrPosterWindow;
class ConsoleSession;
class QueueService;
class TablesPanel;

// The host's view at the door: the live queue with its actions (walk-in,
// notify, seat, no-show, cancel, done), the dining room's tables, the join
// QR code and a one-line summary. It never assumes an action's outcome:
// the queue is always read back from the database.
class QueueView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueView)

public:
    QueueView(QueueService& queue, qint64 restaurantId, QWidget* parent = nullptr);
    ~QueueView() override;

    PartyListModel* model() const { return m_model; }
    TablesPanel* tablesPanel() const { return m_tablesPanel; }
    QString dinerUrl() const { return m_dinerUrl; }
    // The party the actions apply to, if one is selected.
    const Party* selectedParty() const;
    bool selectParty(qint64 partyId);
    // Who acts at this console: actions go to the services as session->actor(),
    // and those the role may not use are disabled. Without one, nothing may be changed.
    void setSession(ConsoleSession* session);

public Q_SLOTS:
    // Loads the queue off the GUI thread; bursts of changes coalesce.
    void reload();
    void handleEvent(const DomainEvent& event);
    void setDinerUrl(const QString& url);

    void addWalkIn();
    void notifySelected();
    void seatSelected();
    void markNoShowSelected();
    void cancelSelected();
    void finishSelected();
    void showQrFullScreen();
    void printPoster();

Q_SIGNALS:
    void loaded();

private:
    void setUpActions();
    void setUpPartyTable();
    QPushButton* addActionButton(QAction* action, const QString& objectName, const QString& role);
    // Shows what came of an action and reads the queue back either way.
    void track(QFuture<VoidResult> outcome, const QString& failure, const QString& success);
    void changeTableState(qint64 tableId, DiningTable::State state);
    void tick();
    void updateActions();
    void updateSummary();
    void showMessage(const QString& text, bool error);
    Actor actor() const;
    QDateTime now() const;

    QueueService& m_queue;
    QPointer<ConsoleSession> m_session;
    qint64 m_restaurantId;
    PartyListModel* m_model;
    QTableView* m_view;
    TablesPanel* m_tablesPanel;
    QrCodeWidget* m_qr;
    QLabel* m_summary;
    QLabel* m_message;
    QCheckBox* m_showSeated;
    QPushButton* m_fullScreenButton;
    QPushButton* m_printButton;
    QAction* m_addWalkInAction;
    QAction* m_notifyAction;
    QAction* m_seatAction;
    QAction* m_noShowAction;
    QAction* m_cancelAction;
    QAction* m_finishAction;
    QTimer* m_ticker;
    QTimer* m_messageTimer;
    QPointer<QrPosterWindow> m_poster;
    std::unique_ptr<QPrinter> m_printer;
    QString m_dinerUrl;
    QString m_restaurantName;
    QDateTime m_snapshotNow;
    QElapsedTimer m_sinceSnapshot;
    qint64 m_selectAfterLoad = 0;
    int m_pending = 0;
    bool m_loading = false;
    bool m_reloadAgain = false;
};
