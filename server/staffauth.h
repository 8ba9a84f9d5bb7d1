#pragma once

#include "apitokenservice.h"

#include <QHttpServerResponse>
#include <QObject>
#include <functional>
#include <optional>

class QHttpServerRequest;
class QHttpServerResponder;
class Store;

// The gate in front of staff-only routes: reads "Authorization: Bearer <token>",
// verifies the token on the store's workers (never on the server's thread)
// and checks that it carries the route's scope. 401 without a valid token,
// 403 for a token without the scope, both problem+json.
class StaffAuth final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StaffAuth)

public:
    // Called on this object's thread once the token is good; `responder` may be moved from.
    using Granted = std::function<void(const ApiTokenService::Verified& token, QHttpServerResponder& responder)>;

    explicit StaffAuth(Store& store, QObject* parent = nullptr);

    // Answers `responder` itself when the request may not pass (401, 403, or
    // 503 when the database is down); otherwise calls `granted` later.
    void authorize(const QHttpServerRequest& request,
                   QHttpServerResponder& responder,
                   const QString& scope,
                   Granted granted);

    // The token in the Authorization header; nullopt when missing or not "Bearer <token>".
    static std::optional<QString> bearerToken(const QHttpServerRequest& request);
    // 401 with WWW-Authenticate: Bearer (and error="invalid_token" for a bad token).
    static QHttpServerResponse unauthorized(const QString& detail, bool tokenGiven);
    // 403 with WWW-Authenticate: Bearer error="insufficient_scope".
    static QHttpServerResponse forbidden(const QString& scope);

private:
    ApiTokenService m_tokens;
};
