#include "servercontext.h"

#include "problem.h"

#include <QCoreApplication>

QHttpServerResponse ServerContext::notReady()
{
    return Problem::response(
        QHttpServerResponse::StatusCode::ServiceUnavailable,
        QCoreApplication::translate("ServerContext", "Not open yet"),
        QCoreApplication::translate("ServerContext", "The restaurant is still being set up. Please try again soon."));
}
