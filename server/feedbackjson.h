#pragma once

#include "feedback.h"
#include "result.h"

#include <QByteArray>
#include <nlohmann/json.hpp>

// The wire format of POST /api/v1/feedback.
class FeedbackJson final
{
public:
    struct Request
    {
        QString token;
        int rating = 0;
        QString comment;
    };

    // {"token": "…", "rating": 1–5, "comment"?: "…"}. Malformed JSON is
    // Internal with field "body" (→ 400, see DinerJson::isMalformed); a
    // missing field or a wrong type is Invalid naming it (→ 422).
    static Result<Request> request(const QByteArray& body);
    // {"id", "subject": "visit" | "order", "rating", "comment", "created_at"}
    static nlohmann::json feedback(const Feedback& feedback);
};
