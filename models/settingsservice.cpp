#include "settingsservice.h"

#include "auditlog.h"
#include "store/eventlog.h"
#include "store/sql.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace
{

Result<RestaurantSettings> load(QSqlDatabase& db, qint64 restaurantId, bool forUpdate)
{
    auto query = Sql::exec(db,
                           QStringLiteral("SELECT name, timezone, settings::text FROM restaurants WHERE id = ?")
                               + (forUpdate ? QStringLiteral(" FOR UPDATE") : QString()),
                           {restaurantId});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(Error::notFound(QCoreApplication::translate("SettingsService", "No such restaurant.")));
    }
    const QJsonObject json = QJsonDocument::fromJson(query->value(2).toString().toUtf8()).object();
    return RestaurantSettings::fromJson(query->value(0).toString(), query->value(1).toString(), json);
}

} // namespace

SettingsService::SettingsService(Store& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{ }

QFuture<Result<RestaurantSettings>> SettingsService::settings(qint64 restaurantId)
{
    return m_store.run<RestaurantSettings>([restaurantId](QSqlDatabase& db) { return load(db, restaurantId, false); });
}

QFuture<Result<RestaurantSettings>>
SettingsService::save(qint64 restaurantId, const Actor& actor, const RestaurantSettings& settings)
{
    // Refused and invalid settings never reach the database.
    if (auto allowed = actor.require(Permission::EditSettings); !allowed) {
        return QtFuture::makeReadyValueFuture(Result<RestaurantSettings>(unexpected(allowed.error())));
    }
    RestaurantSettings wanted = settings;
    wanted.name = settings.name.trimmed();
    if (auto valid = wanted.validate(); !valid) {
        return QtFuture::makeReadyValueFuture(Result<RestaurantSettings>(unexpected(valid.error())));
    }
    return m_store.transact<RestaurantSettings>([restaurantId, actor, settings = std::move(wanted)](
                                                    QSqlDatabase& db) -> Result<RestaurantSettings> {
        auto before = load(db, restaurantId, true);
        if (!before) {
            return before;
        }
        // What changed, by the names validate() reports; settings hold no secrets,
        // so old and new values are kept in the audit line.
        QJsonArray fields;
        QJsonObject changes;
        const auto note = [&](const QString& field, const QJsonValue& oldValue, const QJsonValue& newValue) {
            if (oldValue != newValue) {
                fields.append(field);
                changes.insert(field,
                               QJsonObject{{QStringLiteral("old"), oldValue}, {QStringLiteral("new"), newValue}});
            }
        };
        note(QStringLiteral("name"), before->name, settings.name);
        note(QStringLiteral("timezone"), before->timezone, settings.timezone);
        const QJsonObject oldJson = before->toJson();
        const QJsonObject newJson = settings.toJson();
        for (auto it = newJson.begin(); it != newJson.end(); ++it) {
            note(it.key(), oldJson.value(it.key()), it.value());
        }
        if (fields.isEmpty()) {
            return *before;
        }
        // Merged, so keys other code keeps in the JSON survive.
        auto updated = Sql::exec(
            db,
            QStringLiteral(
                "UPDATE restaurants SET name = ?, timezone = ?, settings = settings || ?::jsonb WHERE id = ?"),
            {settings.name,
             settings.timezone,
             QString::fromUtf8(QJsonDocument(newJson).toJson(QJsonDocument::Compact)),
             restaurantId});
        if (!updated) {
            return unexpected(updated.error());
        }
        if (auto audited = AuditLog::record(db,
                                            restaurantId,
                                            actor,
                                            QStringLiteral("settings.changed"),
                                            {{QStringLiteral("fields"), fields}, {QStringLiteral("changes"), changes}});
            !audited) {
            return unexpected(audited.error());
        }
        if (auto event = EventLog::append(
                db, restaurantId, QStringLiteral("restaurant.updated"), {{QStringLiteral("fields"), fields}});
            !event) {
            return unexpected(event.error());
        }
        return load(db, restaurantId, false);
    });
}
