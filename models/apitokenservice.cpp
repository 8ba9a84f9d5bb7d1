#include "apitokenservice.h"

#include "auditlog.h"
#include "store/eventlog.h"
#include "store/sql.h"
#include "store/store.h"
#include "tokengenerator.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace
{
constexpr int MAX_NAME_LENGTH = 60;
const QString SECRET_PREFIX = QStringLiteral("mt_");

template <typename T>
QFuture<Result<T>> failed(Error error)
{
    return QtFuture::makeReadyValueFuture(Result<T>(unexpected(std::move(error))));
}

QString hashOf(const QString& secret)
{
    return QString::fromLatin1(QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QDateTime timeOrInvalid(const QVariant& value)
{
    return value.isNull() ? QDateTime() : value.toDateTime().toUTC();
}

// Columns, in this order, that readToken() expects.
const QString TOKEN_COLUMNS =
    QStringLiteral("id, name, array_to_string(scopes, ','), created_at, last_used_at, revoked_at");

ApiToken readToken(const QSqlQuery& query, int first = 0)
{
    ApiToken token;
    token.id = query.value(first).toLongLong();
    token.name = query.value(first + 1).toString();
    token.scopes = query.value(first + 2).toString().split(u',', Qt::SkipEmptyParts);
    token.createdAt = timeOrInvalid(query.value(first + 3));
    token.lastUsedAt = timeOrInvalid(query.value(first + 4));
    token.revokedAt = timeOrInvalid(query.value(first + 5));
    return token;
}

QJsonObject describe(const ApiToken& token)
{
    return {{QStringLiteral("token_id"), token.id},
            {QStringLiteral("name"), token.name},
            {QStringLiteral("scopes"), QJsonArray::fromStringList(token.scopes)}};
}

Error duplicateName(const QString& name)
{
    return Error::invalid(
        QStringLiteral("name"),
        ApiTokenService::tr("A token called \"%1\" already exists. Revoke it first or choose another name.").arg(name));
}
} // namespace

ApiTokenService::ApiTokenService(Store& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{ }

QStringList ApiTokenService::knownScopes()
{
    return {QStringLiteral("events"), QStringLiteral("staff")};
}

QFuture<Result<ApiTokenService::Created>>
ApiTokenService::create(qint64 restaurantId, const Actor& actor, const QString& name, const QStringList& scopes)
{
    if (auto allowed = actor.require(Permission::ManageStaff); !allowed) {
        return failed<Created>(allowed.error());
    }
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        return failed<Created>(Error::invalid(QStringLiteral("name"), tr("Give the token a name.")));
    }
    if (trimmed.size() > MAX_NAME_LENGTH) {
        return failed<Created>(Error::invalid(
            QStringLiteral("name"), tr("The name is too long (at most %1 characters).").arg(MAX_NAME_LENGTH)));
    }
    if (std::any_of(trimmed.cbegin(), trimmed.cend(), [](QChar c) { return c.category() == QChar::Other_Control; })) {
        return failed<Created>(
            Error::invalid(QStringLiteral("name"), tr("The name contains characters that cannot be shown.")));
    }
    if (scopes.isEmpty()) {
        return failed<Created>(
            Error::invalid(QStringLiteral("scopes"),
                           tr("Choose at least one scope: %1.").arg(knownScopes().join(QStringLiteral(", ")))));
    }
    QStringList wanted;
    for (const QString& scope : scopes) {
        const QString s = scope.trimmed();
        if (!knownScopes().contains(s)) {
            return failed<Created>(Error::invalid(
                QStringLiteral("scopes"),
                tr("Unknown scope \"%1\"; the scopes are %2.").arg(s, knownScopes().join(QStringLiteral(", ")))));
        }
        if (!wanted.contains(s)) {
            wanted.append(s);
        }
    }
    const QString secret = SECRET_PREFIX + TokenGenerator::token();
    return m_store.transact<Created>([restaurantId, actor, trimmed, wanted, secret](
                                         QSqlDatabase& db) -> Result<Created> {
        auto clash = Sql::exec(db,
                               QStringLiteral("SELECT 1 FROM staff_tokens"
                                              " WHERE restaurant_id = ? AND name = ? AND revoked_at IS NULL"),
                               {restaurantId, trimmed});
        if (!clash) {
            return unexpected(clash.error());
        }
        if (clash->next()) {
            return unexpected(duplicateName(trimmed));
        }
        auto inserted =
            Sql::exec(db,
                      QStringLiteral("INSERT INTO staff_tokens (restaurant_id, name, token_hash, scopes, created_by)"
                                     " VALUES (?, ?, ?, ?::text[], ?) RETURNING ")
                          + TOKEN_COLUMNS,
                      {restaurantId,
                       trimmed,
                       hashOf(secret),
                       QString(u'{' + wanted.join(u',') + u'}'),
                       actor.staffId() > 0 ? QVariant(actor.staffId()) : QVariant(QMetaType::fromType<qint64>())});
        if (!inserted) {
            // Two managers naming a token at the same moment: the partial unique index decides.
            return unexpected(inserted.error().kind == Error::Kind::Conflict ? duplicateName(trimmed)
                                                                             : inserted.error());
        }
        if (!inserted->next()) {
            return unexpected(Error::internal(QStringLiteral("token insert returned no row")));
        }
        Created created{readToken(*inserted), secret};
        if (auto audited =
                AuditLog::record(db, restaurantId, actor, QStringLiteral("token.created"), describe(created.token));
            !audited) {
            return unexpected(audited.error());
        }
        return created;
    });
}

QFuture<Result<QList<ApiToken>>> ApiTokenService::list(qint64 restaurantId, const Actor& actor)
{
    if (auto allowed = actor.require(Permission::ManageStaff); !allowed) {
        return failed<QList<ApiToken>>(allowed.error());
    }
    return m_store.run<QList<ApiToken>>([restaurantId](QSqlDatabase& db) -> Result<QList<ApiToken>> {
        // Working tokens first, then the revoked ones for the record.
        auto query = Sql::exec(db,
                               QStringLiteral("SELECT ") + TOKEN_COLUMNS
                                   + QStringLiteral(" FROM staff_tokens WHERE restaurant_id = ?"
                                                    " ORDER BY revoked_at IS NOT NULL, name, id"),
                               {restaurantId});
        if (!query) {
            return unexpected(query.error());
        }
        QList<ApiToken> tokens;
        while (query->next()) {
            tokens.append(readToken(*query));
        }
        return tokens;
    });
}

QFuture<Result<ApiToken>> ApiTokenService::revoke(qint64 restaurantId, const Actor& actor, const QString& name)
{
    if (auto allowed = actor.require(Permission::ManageStaff); !allowed) {
        return failed<ApiToken>(allowed.error());
    }
    const QString trimmed = name.trimmed();
    return m_store.transact<ApiToken>([restaurantId, actor, trimmed](QSqlDatabase& db) -> Result<ApiToken> {
        auto revoked = Sql::exec(db,
                                 QStringLiteral("UPDATE staff_tokens SET revoked_at = now()"
                                                " WHERE restaurant_id = ? AND name = ? AND revoked_at IS NULL"
                                                " RETURNING ")
                                     + TOKEN_COLUMNS,
                                 {restaurantId, trimmed});
        if (!revoked) {
            return unexpected(revoked.error());
        }
        if (!revoked->next()) {
            return unexpected(Error::notFound(tr("There is no working token called \"%1\".").arg(trimmed)));
        }
        const ApiToken token = readToken(*revoked);
        if (auto audited = AuditLog::record(db, restaurantId, actor, QStringLiteral("token.revoked"), describe(token));
            !audited) {
            return unexpected(audited.error());
        }
        // The server ends any event stream this token still holds open.
        if (auto announced = EventLog::append(
                db, restaurantId, QStringLiteral("staff.token_revoked"), {{QStringLiteral("token_id"), token.id}});
            !announced) {
            return unexpected(announced.error());
        }
        return token;
    });
}

QFuture<Result<ApiTokenService::Verified>> ApiTokenService::verify(const QString& secret)
{
    return m_store.run<Verified>([secret](QSqlDatabase& db) { return verify(db, secret); });
}

Result<ApiTokenService::Verified> ApiTokenService::verify(QSqlDatabase& db, const QString& secret)
{
    const Error unknown = Error::notFound(tr("Unknown or revoked API token."));
    if (!secret.startsWith(SECRET_PREFIX) || secret.size() > 200) {
        return unexpected(unknown);
    }
    auto query = Sql::exec(db,
                           QStringLiteral("UPDATE staff_tokens SET last_used_at = now()"
                                          " WHERE token_hash = ? AND revoked_at IS NULL RETURNING restaurant_id, ")
                               + TOKEN_COLUMNS,
                           {hashOf(secret)});
    if (!query) {
        return unexpected(query.error());
    }
    if (!query->next()) {
        return unexpected(unknown);
    }
    Verified verified;
    verified.restaurantId = query->value(0).toLongLong();
    verified.token = readToken(*query, 1);
    verified.actor = Actor::apiToken(verified.token.id, verified.token.name, Role::Manager);
    return verified;
}
