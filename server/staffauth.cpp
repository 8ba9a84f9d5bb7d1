#include "staffauth.h"

#include "httpjson.h"
#include "problem.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QHttpHeaders>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <algorithm>

namespace
{

constexpr qsizetype MAX_TOKEN_LENGTH = 200;

// RFC 6750's b64token: what a bearer token may be made of.
bool isTokenCharacter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
}

QHttpServerResponse withChallenge(QHttpServerResponse response, const QByteArray& challenge)
{
    QHttpHeaders headers = response.headers();
    headers.append(QHttpHeaders::WellKnownHeader::WWWAuthenticate, challenge);
    response.setHeaders(std::move(headers));
    return response;
}

void send(QHttpServerResponder& responder, QHttpServerResponse&& response)
{
    HttpJson::addStandardHeaders(response);
    responder.sendResponse(response);
}

} // namespace

StaffAuth::StaffAuth(Store& store, QObject* parent)
    : QObject(parent)
    , m_tokens(store)
{ }

std::optional<QString> StaffAuth::bearerToken(const QHttpServerRequest& request)
{
    const QByteArray header = request.value("Authorization").trimmed();
    const qsizetype space = header.indexOf(' ');
    if (space < 0 || header.left(space).compare("Bearer", Qt::CaseInsensitive) != 0) {
        return std::nullopt;
    }
    const QByteArray token = header.mid(space + 1).trimmed();
    if (token.isEmpty() || token.size() > MAX_TOKEN_LENGTH
        || !std::all_of(token.cbegin(), token.cend(), isTokenCharacter)) {
        return std::nullopt;
    }
    return QString::fromLatin1(token);
}

QHttpServerResponse StaffAuth::unauthorized(const QString& detail, bool tokenGiven)
{
    return withChallenge(Problem::response(QHttpServerResponse::StatusCode::Unauthorized,
                                           QCoreApplication::translate("StaffAuth", "Unauthorized"),
                                           detail),
                         tokenGiven ? QByteArrayLiteral("Bearer realm=\"maitre\", error=\"invalid_token\"")
                                    : QByteArrayLiteral("Bearer realm=\"maitre\""));
}

QHttpServerResponse StaffAuth::forbidden(const QString& scope)
{
    return withChallenge(
        Problem::response(
            QHttpServerResponse::StatusCode::Forbidden,
            QCoreApplication::translate("StaffAuth", "Forbidden"),
            QCoreApplication::translate("StaffAuth", "This token does not have the \"%1\" scope.").arg(scope)),
        "Bearer realm=\"maitre\", error=\"insufficient_scope\", scope=\"" + scope.toLatin1() + '"');
}

void StaffAuth::authorize(const QHttpServerRequest& request,
                          QHttpServerResponder& responder,
                          const QString& scope,
                          Granted granted)
{
    const auto token = bearerToken(request);
    if (!token) {
        const bool given = !request.value("Authorization").isEmpty();
        send(responder,
             unauthorized(given ? QCoreApplication::translate(
                                      "StaffAuth", "The Authorization header must read \"Bearer\" and then the token.")
                                : QCoreApplication::translate(
                                      "StaffAuth", "This needs a staff API token: Authorization: Bearer <token>."),
                          given));
        return;
    }
    auto pending = std::make_shared<QHttpServerResponder>(std::move(responder));
    // Owned by this object: an answer that arrives after the server stopped goes nowhere.
    auto* watcher = new QFutureWatcher<Result<ApiTokenService::Verified>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [watcher, pending, scope, granted = std::move(granted)] {
        watcher->deleteLater();
        const Result<ApiTokenService::Verified> verified = watcher->result();
        if (!verified) {
            if (verified.error().kind == Error::Kind::NotFound) {
                send(*pending,
                     unauthorized(QCoreApplication::translate("StaffAuth", "Unknown or revoked API token."), true));
            } else {
                send(*pending, Problem::fromError(verified.error()));
            }
            return;
        }
        if (!verified->token.scopes.contains(scope)) {
            send(*pending, forbidden(scope));
            return;
        }
        granted(*verified, *pending);
    });
    watcher->setFuture(m_tokens.verify(*token));
}
