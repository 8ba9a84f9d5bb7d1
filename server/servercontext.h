#pragma once

#include "ratelimiter.h"

#include <QFuture>
#include <QHttpServerResponse>

class MenuService;
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

    // 503 problem+json while the restaurant is not set up yet.
    static QHttpServerResponse notReady();
    static QFuture<QHttpServerResponse> ready(QHttpServerResponse&& response)
    {
        return QtFuture::makeReadyValueFuture(std::move(response));
    }
};
