#pragma once

#include "actor.h"
#include "domainevent.h"
#include "restaurant.h"
#include "result.h"
#include "staffmember.h"

#include <QFutureWatcher>
#include <QList>
#include <QWidget>

class ConsoleSession;
class PinPad;
class QButtonGroup;
class QGridLayout;
class QLabel;
class QPushButton;
class StaffService;

// The console's sign-in and lock screen: the active staff as big name
// buttons, then a PIN pad. A right PIN signs the console's session in; a
// wrong one or a locked account says so in the service's words.
class SignInPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInPage)

public:
    SignInPage(StaffService& staff, ConsoleSession& session, QWidget* parent = nullptr);

    // Loads the restaurant's staff (again); the demo restaurant's PINs are shown as a hint.
    void setRestaurant(const Restaurant& restaurant);
    void reload();
    // The console was locked while `previous` was signed in: say so and pick
    // their name, so they only type their PIN (any other name switches user).
    void showLocked(const Actor& previous);
    // A plain "who is signing in?" with no name picked.
    void showSwitchUser();
    // Picks a name as if tapped; false when nobody active has that id.
    bool selectStaff(qint64 staffId);

    qint64 selectedStaffId() const { return m_selectedId; }
    const QList<StaffMember>& staffMembers() const { return m_staff; }
    PinPad* pinPad() const { return m_pinPad; }

public Q_SLOTS:
    void handleEvent(const DomainEvent& event);

Q_SIGNALS:
    // After every load of the staff list (count of names shown, or -1 on error).
    void staffLoaded(int count);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void staffArrived();
    void signInAnswered();
    void rebuildButtons();
    void showMessage(const QString& text, bool error);
    void updatePinCard();

    StaffService& m_service;
    ConsoleSession& m_session;
    Restaurant m_restaurant;
    QList<StaffMember> m_staff;
    qint64 m_selectedId = 0;
    qint64 m_lockedStaffId = 0;
    bool m_reloadPending = false;
    QFutureWatcher<Result<QList<StaffMember>>> m_staffWatcher;
    QFutureWatcher<Result<Actor>> m_signInWatcher;

    QLabel* m_restaurantLabel;
    QLabel* m_contextLabel;
    QLabel* m_namesTitle;
    QWidget* m_namesBox;
    QGridLayout* m_namesGrid;
    QButtonGroup* m_nameButtons;
    QLabel* m_selectedLabel;
    QLabel* m_promptLabel;
    PinPad* m_pinPad;
    QLabel* m_messageLabel;
    QLabel* m_demoHintLabel;
};
