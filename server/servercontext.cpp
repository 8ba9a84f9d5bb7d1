#include "servercontext.h"

#include "limitingtcpserver.h"
#include "problem.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpSocket>

QHttpServerResponse ServerContext::notReady()
{
    return Problem::response(
        QHttpServerResponse::StatusCode::ServiceUnavailable,
        QCoreApplication::translate("ServerContext", "Not open yet"),
        QCoreApplication::translate("ServerContext", "The restaurant is still being set up. Please try again soon."));
}

void ServerContext::answer(const QHttpServerRequest& request,
                           QHttpServerResponder& responder,
                           const CachedResponse& cached) const
{
    const CachedResponse::Request wanted = CachedResponse::requestFrom(request);
    if (QTcpSocket* socket = transport ? transport->connectionOf(request) : nullptr) {
        LimitingTcpServer::writeAnswer(socket, cached.bytesFor(wanted), wanted.close);
        return;
    }
    responder.sendResponse(cached.response(wanted));
}

CachedResponse::Request ServerContext::pending(const QHttpServerRequest& request) const
{
    CachedResponse::Request wanted = CachedResponse::requestFrom(request);
    wanted.connection = transport ? transport->connectionOf(request) : nullptr;
    return wanted;
}

void ServerContext::answer(const CachedResponse::Request& pending,
                           QHttpServerResponder& responder,
                           const CachedResponse& cached) const
{
    if (pending.connection && pending.connection->state() == QAbstractSocket::ConnectedState) {
        LimitingTcpServer::writeAnswer(pending.connection, cached.bytesFor(pending), pending.close);
        return;
    }
    responder.sendResponse(cached.response(pending));
}
