#pragma once

#include "joinrequest.h"
#include "menu.h"
#include "party.h"
#include "result.h"
#include "waitestimator.h"

#include <QByteArray>
#include <nlohmann/json.hpp>

// The diner API's wire format: domain values to JSON and request bodies to
// domain requests. Keys are named here once; shapes are in docs/API_CHANGELOG.md.
class DinerJson final
{
public:
    static nlohmann::json party(const Party& party);
    // The diner's menu: available items only, in non-empty categories.
    static nlohmann::json menu(const Menu& menu);
    static nlohmann::json quote(int partySize, const WaitQuote& quote);
    static nlohmann::json time(const QDateTime& time); // ISO 8601 UTC, or null

    // Parses a POST /api/v1/queue body. Malformed JSON is Error::Kind::Internal
    // with field "body" (→ 400); a wrong type is Invalid naming the field (→ 422).
    static Result<JoinRequest> joinRequest(const QByteArray& body);
    static bool isMalformed(const Error& error);
};
