#pragma once

#include "cachedresponse.h"
#include "ratelimiter.h"

#include <QFuture>
#include <QHttpServerResponse>
#include <QPointer>

class LimitingTcpServer;
class MenuService;
class OrderService;
class QHttpServerRequest;
class QHttpServerResponder;
class QueueCache;
class QueueService;
class Store;

// What the diner server's controllers share: the services they call and the
// restaurant being served. Used only on the server's thread.
struct ServerContext
{
    Store& store;
    MenuService& menu;
    QueueService& queue;
    RateLimiter writeLimiter;
    qint64 restaurantId = 0; // 0 until the restaurant is set up
    QueueCache* queueCache = nullptr; // while listening
    QPointer<LimitingTcpServer> transport; // while listening
    OrderService* orders = nullptr; // takes orders once set (DinerServer::setOrderService); 503 until then

    // Answers `request` from `cached`: a 304 when If-None-Match names its
    // ETag, the headers alone for HEAD, closing after for Connection: close.
    // Written straight to the connection in one send(), past
    // QHttpServerResponder (which sends head and body apart and cannot answer
    // HEAD); `responder` is left unused then.
    void answer(const QHttpServerRequest& request, QHttpServerResponder& responder, const CachedResponse& cached) const;
    // For an answer still being loaded: keep what answer() needs of the
    // request with the responder, then answer(pending, responder, cached).
    CachedResponse::Request pending(const QHttpServerRequest& request) const;
    void
    answer(const CachedResponse::Request& pending, QHttpServerResponder& responder, const CachedResponse& cached) const;

    // 503 problem+json while the restaurant is not set up yet.
    static QHttpServerResponse notReady();
    static QFuture<QHttpServerResponse> ready(QHttpServerResponse&& response)
    {
        return QtFuture::makeReadyValueFuture(std::move(response));
    }
};
