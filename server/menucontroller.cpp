#include "menucontroller.h"

#include "dinerjson.h"
#include "httpjson.h"
#include "menuservice.h"
#include "problem.h"
#include "queueservice.h"
#include "routetable.h"
#include "servercontext.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>

namespace
{

// An error or 503 without its body when the request was HEAD, which
// QHttpServer 6.8 would otherwise send one (after its Content-Length: 0).
void sendProblem(QHttpServerResponder& responder, QHttpServerResponse&& response, bool head)
{
    if (head) {
        QHttpServerResponse bare(response.mimeType(), QByteArray(), response.statusCode());
        bare.setHeaders(response.headers());
        responder.sendResponse(bare);
        return;
    }
    responder.sendResponse(response);
}

} // namespace

MenuController::MenuController(ServerContext& context, QObject* parent)
    : QObject(parent)
    , m_context(context)
{ }

void MenuController::handleEvent(const DomainEvent& event)
{
    if (event.type.startsWith(QLatin1String("menu.")) || event.type == u"restaurant.updated") {
        m_menu = CachedResponse();
        ++m_menuGeneration;
    }
}

void MenuController::registerRoutes(RouteTable& routes)
{
    // {"name", "slug", "timezone", "currency", "open", "tables": {"total", "free"}, "queue": {"waiting"}}
    routes.add(QStringLiteral("/api/v1/restaurant"), QHttpServerRequest::Method::Get, this, [this] {
        if (m_context.restaurantId == 0) {
            return ServerContext::ready(ServerContext::notReady());
        }
        return m_context.queue.snapshot(m_context.restaurantId).then([](const Result<QueueSnapshot>& snapshot) {
            if (!snapshot) {
                return Problem::fromError(snapshot.error());
            }
            int free = 0;
            for (const auto& t : snapshot->tables) {
                free += t.table.state == DiningTable::State::Free ? 1 : 0;
            }
            int waiting = 0;
            for (const Party& p : snapshot->parties) {
                waiting += p.isActive() ? 1 : 0;
            }
            return HttpJson::response({{"name", snapshot->restaurantName.toStdString()},
                                       {"slug", snapshot->slug.toStdString()},
                                       {"timezone", snapshot->timezone.toStdString()},
                                       {"currency", snapshot->currency.toStdString()},
                                       {"open", true},
                                       {"tables", {{"total", snapshot->tables.size()}, {"free", free}}},
                                       {"queue", {{"waiting", waiting}}}});
        });
    });

    // Answered from the cached bytes, synchronously: in Qt 6.8 a QFuture
    // response per request slows a keep-alive connection down more and more,
    // and the responder would send head and body in two writes
    // (bench/README.md). A load hands the answer back to this thread.
    routes.add(QStringLiteral("/api/v1/menu"),
               QHttpServerRequest::Method::Get | QHttpServerRequest::Method::Head,
               this,
               [this](const QHttpServerRequest& request, QHttpServerResponder& responder) {
                   if (m_context.restaurantId == 0) {
                       sendProblem(
                           responder, ServerContext::notReady(), request.method() == QHttpServerRequest::Method::Head);
                       return;
                   }
                   if (!m_menu.isNull() && m_menuRestaurant == m_context.restaurantId) {
                       m_context.answer(request, responder, m_menu);
                       return;
                   }
                   const qint64 restaurantId = m_context.restaurantId;
                   const quint64 generation = m_menuGeneration;
                   auto pending = std::make_shared<QHttpServerResponder>(std::move(responder));
                   m_context.menu.menu(restaurantId)
                       .then([this, pending, wanted = m_context.pending(request), restaurantId, generation](
                                 const Result<Menu>& menu) {
                           QMetaObject::invokeMethod(
                               this,
                               [this, pending, wanted, restaurantId, generation, menu] {
                                   if (!menu) {
                                       sendProblem(*pending, Problem::fromError(menu.error()), wanted.head);
                                       return;
                                   }
                                   const std::string text = DinerJson::menu(*menu).dump();
                                   const CachedResponse loaded(QByteArrayLiteral("application/json"),
                                                               QByteArray(text.data(), qsizetype(text.size())));
                                   // Kept unless the menu changed while it loaded.
                                   if (generation == m_menuGeneration) {
                                       m_menu = loaded;
                                       m_menuRestaurant = restaurantId;
                                   }
                                   m_context.answer(wanted, *pending, loaded);
                               },
                               Qt::QueuedConnection);
                       });
               });
}
