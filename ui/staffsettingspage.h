#pragma once

#include "result.h"
#include "settingspage.h"
#include "staffmember.h"

#include <QList>

class ConsoleSession;
class QPushButton;
class QTableWidget;
class StaffService;

// Settings page (ManageStaff): staff accounts with their role, whether they
// are active and whether wrong PINs locked them; add, edit, reset a PIN,
// unlock, deactivate.
class StaffSettingsPage final : public SettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StaffSettingsPage)

public:
    StaffSettingsPage(qint64 restaurantId, StaffService& staff, ConsoleSession& session, QWidget* parent = nullptr);

    QTableWidget* tableWidget() const { return m_list; }
    const QList<StaffMember>& staff() const { return m_staff; }
    bool selectStaff(const QString& name);

public Q_SLOTS:
    void reload() override;
    void addStaff();
    void editSelected();
    void resetPinOfSelected();
    void unlockSelected();
    void toggleActiveOfSelected();

private:
    void showStaff(const QList<StaffMember>& staff);
    const StaffMember* selected() const;
    void updateButtons();
    void finish(const Result<StaffMember>& result, const QString& done);

    qint64 m_restaurantId;
    StaffService& m_service;
    ConsoleSession& m_session;
    QList<StaffMember> m_staff;
    QTableWidget* m_list;
    QPushButton* m_addButton;
    QPushButton* m_editButton;
    QPushButton* m_resetPinButton;
    QPushButton* m_unlockButton;
    QPushButton* m_activeButton;
};
