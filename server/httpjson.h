#pragma once

#include <QHttpServerResponse>
#include <nlohmann/json.hpp>

// JSON over HTTP through nlohmann/json, and the headers every answer carries.
class HttpJson final
{
public:
    static QHttpServerResponse response(const nlohmann::json& body,
                                        QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::Ok);
    // Adds the security headers every response carries (also used for
    // responses built outside the router, such as 404 and 405).
    static void addStandardHeaders(QHttpServerResponse& response);
};
