#pragma once

#include "order.h"
#include "orderrequest.h"
#include "result.h"

#include <QByteArray>
#include <nlohmann/json.hpp>

// The order API's wire format: orders to JSON and POST /api/v1/orders bodies
// to OrderRequest. Keys are named here once; shapes are in docs/API_CHANGELOG.md.
class OrderJson final
{
public:
    static nlohmann::json order(const Order& order);

    // Parses a POST /api/v1/orders body (prices a client sends are ignored).
    // Malformed JSON is Error::Kind::Internal with field "body" (→ 400, see
    // DinerJson::isMalformed); a wrong type is Invalid naming the field (→ 422).
    // The fingerprint is the SHA-256 of the raw body.
    static Result<OrderRequest> orderRequest(const QByteArray& body);
};
