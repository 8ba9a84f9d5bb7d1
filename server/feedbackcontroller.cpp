#include "feedbackcontroller.h"

#include "dinerjson.h"
#include "feedbackjson.h"
#include "feedbackservice.h"
#include "httpjson.h"
#include "problem.h"
#include "routetable.h"
#include "servercontext.h"

#include <QCoreApplication>
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

FeedbackController::FeedbackController(ServerContext& context, FeedbackService& feedback, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_feedback(feedback)
{ }

void FeedbackController::registerRoutes(RouteTable& routes)
{
    // POST /api/v1/feedback {"token", "rating": 1–5, "comment"?}
    // → 201 FeedbackJson::feedback; the same again → 201 with the first;
    // other content for a rated visit → 409; too early → 409; bad field → 422.
    routes.add(
        QStringLiteral("/api/v1/feedback"),
        QHttpServerRequest::Method::Post,
        this,
        [this](const QHttpServerRequest& request, QHttpServerResponder& responder) {
            if (const auto wait = m_context.writeLimiter.take(request.remoteAddress())) {
                send(responder, Problem::tooManyRequests(*wait));
                return;
            }
            if (m_context.restaurantId == 0) {
                send(responder, ServerContext::notReady());
                return;
            }
            auto parsed = FeedbackJson::request(request.body());
            if (!parsed) {
                send(responder,
                     DinerJson::isMalformed(parsed.error())
                         ? Problem::response(QHttpServerResponse::StatusCode::BadRequest,
                                             QCoreApplication::translate("FeedbackController", "Malformed request"),
                                             parsed.error().message)
                         : Problem::fromError(parsed.error()));
                return;
            }
            auto pending = std::make_shared<QHttpServerResponder>(std::move(responder));
            // Owned by this controller: an answer arriving after shutdown goes nowhere.
            auto* watcher = new QFutureWatcher<Result<Feedback>>(this);
            connect(watcher, &QFutureWatcherBase::finished, this, [watcher, pending] {
                watcher->deleteLater();
                const Result<Feedback> result = watcher->result();
                send(*pending,
                     result
                         ? HttpJson::response(FeedbackJson::feedback(*result), QHttpServerResponse::StatusCode::Created)
                         : Problem::fromError(result.error()));
            });
            watcher->setFuture(
                m_feedback.submit(m_context.restaurantId, parsed->token, parsed->rating, parsed->comment));
        });
}
