#pragma once

#include "auditentry.h"
#include "settingspage.h"

#include <QList>

class ConsoleSession;
class QComboBox;
class QDateEdit;
class QLineEdit;
class QTableWidget;
class QTimer;
class StaffService;

// Settings page (ViewAudit): the audit log, newest first, filtered by date
// range, member of staff, kind of action and text.
class AuditLogPage final : public SettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditLogPage)

public:
    AuditLogPage(qint64 restaurantId, StaffService& staff, ConsoleSession& session, QWidget* parent = nullptr);

    QTableWidget* tableWidget() const { return m_list; }
    const QList<AuditEntry>& entries() const { return m_entries; }
    AuditFilter filter() const;

public Q_SLOTS:
    void reload() override;

private:
    void showEntries(const QList<AuditEntry>& entries);
    void loadStaffNames();

    qint64 m_restaurantId;
    StaffService& m_service;
    ConsoleSession& m_session;
    QList<AuditEntry> m_entries;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QComboBox* m_staff;
    QComboBox* m_action;
    QLineEdit* m_text;
    QTableWidget* m_list;
    QTimer* m_filterSoon;
    bool m_loading = false;
    bool m_again = false;
};
