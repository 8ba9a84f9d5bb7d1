#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

// One line of the audit log: who did what, when.
struct AuditEntry
{
    qint64 id = 0;
    QDateTime at;
    qint64 staffId = 0; // 0 when not a member of staff (kitchen display, token, Maitre)
    QString actor; // the name shown, kept even if the staff row is renamed
    QString action; // e.g. "party.seated", "menu.item_changed", "staff.created"
    QJsonObject details;
};

// What a manager filters the audit log by; empty fields match everything.
struct AuditFilter
{
    QDateTime from;
    QDateTime to;
    qint64 staffId = 0;
    QString actionPrefix; // "party." matches every party action
    QString text; // searched in the details
    int limit = 500;
};
