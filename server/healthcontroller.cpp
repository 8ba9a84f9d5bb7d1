#include "healthcontroller.h"

#include "httpjson.h"
#include "routetable.h"
#include "store/store.h"

#include <QFuture>

namespace
{
// Response: {"status": "ok" | "degraded", "database": "ok" | "down", "version": "0.1.0"}
constexpr char KEY_STATUS[] = "status";
constexpr char KEY_DATABASE[] = "database";
constexpr char KEY_VERSION[] = "version";
} // namespace

HealthController::HealthController(Store& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{ }

void HealthController::registerRoutes(RouteTable& routes)
{
    routes.add(QStringLiteral("/health"), QHttpServerRequest::Method::Get, this, [this] {
        return m_store.ping().then([](const Result<bool>& up) {
            const bool ok = up.has_value();
            return HttpJson::response({{KEY_STATUS, ok ? "ok" : "degraded"},
                                       {KEY_DATABASE, ok ? "ok" : "down"},
                                       {KEY_VERSION, MAITRE_VERSION}},
                                      ok ? QHttpServerResponse::StatusCode::Ok
                                         : QHttpServerResponse::StatusCode::ServiceUnavailable);
        });
    });
}
