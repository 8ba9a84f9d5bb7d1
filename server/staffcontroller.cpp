#include "staffcontroller.h"

#include "httpjson.h"
#include "problem.h"
#include "queueservice.h"
#include "routetable.h"
#include "servercontext.h"
#include "staffauth.h"
#include "staffjson.h"

#include <QFutureWatcher>
#include <QHttpServerRequest>
#include <QHttpServerResponder>

namespace
{

void send(QHttpServerResponder& responder, QHttpServerResponse&& response)
{
    HttpJson::addStandardHeaders(response);
    responder.sendResponse(response);
}

} // namespace

StaffController::StaffController(ServerContext& context, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_auth(new StaffAuth(context.store, this))
{ }

void StaffController::registerRoutes(RouteTable& routes)
{
    // GET /api/v1/staff/queue (Authorization: Bearer <token with "staff">)
    // → StaffJson::queue: the token's restaurant's live queue and tables, read
    // fresh from the database (not the diners' cache), with phones and notes.
    routes.add(QStringLiteral("/api/v1/staff/queue"),
               QHttpServerRequest::Method::Get,
               this,
               [this](const QHttpServerRequest& request, QHttpServerResponder& responder) {
                   m_auth->authorize(request,
                                     responder,
                                     QString::fromLatin1(SCOPE),
                                     [this](const ApiTokenService::Verified& token, QHttpServerResponder& granted) {
                                         auto pending = std::make_shared<QHttpServerResponder>(std::move(granted));
                                         auto* watcher = new QFutureWatcher<Result<QueueSnapshot>>(this);
                                         connect(watcher, &QFutureWatcherBase::finished, this, [watcher, pending] {
                                             watcher->deleteLater();
                                             const Result<QueueSnapshot> snapshot = watcher->result();
                                             send(*pending,
                                                  snapshot ? HttpJson::response(StaffJson::queue(*snapshot))
                                                           : Problem::fromError(snapshot.error()));
                                         });
                                         watcher->setFuture(m_context.queue.snapshot(token.restaurantId));
                                     });
               });
}
