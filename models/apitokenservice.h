#pragma once

#include "actor.h"
#include "apitoken.h"
#include "result.h"

#include <QFuture>
#include <QObject>
#include <QSqlDatabase>

class Store;

// Tokens for integrations (a BI tool's event stream, scripts): created and
// revoked by a manager, stored only as SHA-256 hashes, checked by the server.
class ApiTokenService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiTokenService)

public:
    static QStringList knownScopes(); // {"events", "staff"}

    struct Created
    {
        ApiToken token;
        QString secret; // "mt_…": shown once, never stored
    };
    struct Verified
    {
        ApiToken token;
        qint64 restaurantId = 0;
        Actor actor = Actor::system(); // Actor::apiToken(id, name, Role::Manager)
    };

    explicit ApiTokenService(Store& store, QObject* parent = nullptr);

    // Needs ManageStaff; names are unique among unrevoked tokens; scopes from knownScopes().
    QFuture<Result<Created>>
    create(qint64 restaurantId, const Actor& actor, const QString& name, const QStringList& scopes);
    QFuture<Result<QList<ApiToken>>> list(qint64 restaurantId, const Actor& actor);
    // Revokes the unrevoked token called `name`; NotFound when there is none.
    QFuture<Result<ApiToken>> revoke(qint64 restaurantId, const Actor& actor, const QString& name);

    // For the server: the token behind `secret` (NotFound when unknown or revoked).
    // Does not check scopes: the caller compares token.scopes with what the route needs.
    QFuture<Result<Verified>> verify(const QString& secret);
    // The same, on the calling thread, for code already on a store worker.
    static Result<Verified> verify(QSqlDatabase& db, const QString& secret);

private:
    Store& m_store;
};
