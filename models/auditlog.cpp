#include "auditlog.h"

#include "store/sql.h"

#include <QJsonDocument>

namespace
{
QVariant nullableId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

QString actorKind(Actor::Kind kind)
{
    switch (kind) {
    case Actor::Kind::Staff:
        return QStringLiteral("staff");
    case Actor::Kind::KitchenDisplay:
        return QStringLiteral("kitchen_display");
    case Actor::Kind::ApiToken:
        return QStringLiteral("api_token");
    case Actor::Kind::System:
        return QStringLiteral("system");
    case Actor::Kind::Nobody:
        return QStringLiteral("nobody");
    }
    return QStringLiteral("system");
}

QString timestamp(const QDateTime& at)
{
    return at.toUTC().toString(Qt::ISODateWithMs);
}

// A LIKE pattern that matches `text` literally.
QString containing(const QString& text)
{
    QString escaped = text;
    escaped.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'%', QStringLiteral("\\%"))
        .replace(u'_', QStringLiteral("\\_"));
    return u'%' + escaped + u'%';
}

constexpr int MAX_LIMIT = 5000;
} // namespace

VoidResult AuditLog::record(
    QSqlDatabase& db, qint64 restaurantId, const Actor& actor, const QString& action, const QJsonObject& details)
{
    auto inserted =
        Sql::exec(db,
                  QStringLiteral("INSERT INTO audit_log"
                                 " (restaurant_id, staff_id, token_id, actor_name, actor_kind, action, details)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)"),
                  {restaurantId,
                   nullableId(actor.staffId()),
                   nullableId(actor.tokenId()),
                   actor.name(),
                   actorKind(actor.kind()),
                   action,
                   QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact))});
    if (!inserted) {
        return unexpected(inserted.error());
    }
    return {};
}

Result<QList<AuditEntry>> AuditLog::entries(QSqlDatabase& db, qint64 restaurantId, const AuditFilter& filter)
{
    QString statement = QStringLiteral("SELECT id, at, coalesce(staff_id, 0), actor_name, action, details::text"
                                       " FROM audit_log WHERE restaurant_id = ?");
    QVariantList bindings{restaurantId};
    if (filter.from.isValid()) {
        statement += QStringLiteral(" AND at >= ?::timestamptz");
        bindings << timestamp(filter.from);
    }
    if (filter.to.isValid()) {
        statement += QStringLiteral(" AND at < ?::timestamptz");
        bindings << timestamp(filter.to);
    }
    if (filter.staffId > 0) {
        statement += QStringLiteral(" AND staff_id = ?");
        bindings << filter.staffId;
    }
    if (!filter.actionPrefix.isEmpty()) {
        statement += QStringLiteral(" AND starts_with(action, ?)");
        bindings << filter.actionPrefix;
    }
    if (!filter.text.trimmed().isEmpty()) {
        statement += QStringLiteral(" AND details::text ILIKE ?");
        bindings << containing(filter.text.trimmed());
    }
    statement += QStringLiteral(" ORDER BY at DESC, id DESC LIMIT ?");
    bindings << (filter.limit > 0 ? std::min(filter.limit, MAX_LIMIT) : AuditFilter().limit);

    auto query = Sql::exec(db, statement, bindings);
    if (!query) {
        return unexpected(query.error());
    }
    QList<AuditEntry> result;
    while (query->next()) {
        AuditEntry entry;
        entry.id = query->value(0).toLongLong();
        entry.at = query->value(1).toDateTime().toUTC();
        entry.staffId = query->value(2).toLongLong();
        entry.actor = query->value(3).toString();
        entry.action = query->value(4).toString();
        entry.details = QJsonDocument::fromJson(query->value(5).toString().toUtf8()).object();
        result.append(entry);
    }
    return result;
}
