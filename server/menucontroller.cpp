#include "menucontroller.h"

#include "dinerjson.h"
#include "httpjson.h"
#include "menuservice.h"
#include "problem.h"
#include "queueservice.h"
#include "routetable.h"
#include "servercontext.h"

#include <QCryptographicHash>
#include <QHttpHeaders>
#include <QHttpServerRequest>

MenuController::MenuController(ServerContext& context, QObject* parent)
    : QObject(parent)
    , m_context(context)
{ }

void MenuController::handleEvent(const DomainEvent& event)
{
    if (event.type.startsWith(QLatin1String("menu.")) || event.type == u"restaurant.updated") {
        m_menuBody.clear();
        m_menuEtag.clear();
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

    // Answered through the responder, synchronously when cached: in Qt 6.8 a
    // QFuture response per request slows a keep-alive connection down more
    // and more (bench/README.md). A load hands the answer back to this thread.
    routes.add(
        QStringLiteral("/api/v1/menu"),
        QHttpServerRequest::Method::Get,
        this,
        [this](const QHttpServerRequest& request, QHttpServerResponder& responder) {
            const auto send = [](QHttpServerResponder& to, QHttpServerResponse&& response) {
                HttpJson::addStandardHeaders(response);
                to.sendResponse(response);
            };
            if (m_context.restaurantId == 0) {
                send(responder, ServerContext::notReady());
                return;
            }
            const QByteArray ifNoneMatch = request.value("If-None-Match");
            const auto respond = [ifNoneMatch](const QByteArray& body, const QByteArray& etag) {
                const bool unchanged =
                    !ifNoneMatch.isEmpty() && (ifNoneMatch.split(',').contains(etag) || ifNoneMatch.trimmed() == "*");
                QHttpServerResponse response = unchanged
                    ? QHttpServerResponse(QHttpServerResponse::StatusCode::NotModified)
                    : QHttpServerResponse(QByteArrayLiteral("application/json"), body);
                QHttpHeaders headers = response.headers();
                headers.append(QHttpHeaders::WellKnownHeader::ETag, etag);
                headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-cache");
                response.setHeaders(std::move(headers));
                return response;
            };
            if (!m_menuBody.isEmpty() && m_menuRestaurant == m_context.restaurantId) {
                send(responder, respond(m_menuBody, m_menuEtag));
                return;
            }
            const qint64 restaurantId = m_context.restaurantId;
            auto pending = std::make_shared<QHttpServerResponder>(std::move(responder));
            m_context.menu.menu(restaurantId)
                .then([this, pending, respond, send, restaurantId](const Result<Menu>& menu) {
                    QMetaObject::invokeMethod(
                        this,
                        [this, pending, respond, send, restaurantId, menu] {
                            if (!menu) {
                                send(*pending, Problem::fromError(menu.error()));
                                return;
                            }
                            const std::string text = DinerJson::menu(*menu).dump();
                            m_menuBody = QByteArray(text.data(), qsizetype(text.size()));
                            m_menuEtag = '"'
                                + QCryptographicHash::hash(m_menuBody, QCryptographicHash::Sha256).toHex().left(32)
                                + '"';
                            m_menuRestaurant = restaurantId;
                            send(*pending, respond(m_menuBody, m_menuEtag));
                        },
                        Qt::QueuedConnection);
                });
        });
}
