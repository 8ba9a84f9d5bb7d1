#include "feedbackjson.h"

#include "dinerjson.h"

#include <QCoreApplication>

using nlohmann::json;

namespace
{

const char* const TOKEN = "token";
const char* const RATING = "rating";
const char* const COMMENT = "comment";

Error missing(const char* field, const char* expected)
{
    return Error::invalid(QLatin1String(field),
                          QCoreApplication::translate("FeedbackJson", "%1 must be %2.")
                              .arg(QLatin1String(field), QCoreApplication::translate("FeedbackJson", expected)));
}

} // namespace

Result<FeedbackJson::Request> FeedbackJson::request(const QByteArray& body)
{
    const json doc = json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return unexpected(Error{Error::Kind::Internal,
                                QCoreApplication::translate("FeedbackJson", "The request body is not a JSON object."),
                                QStringLiteral("body")});
    }
    Request request;
    if (!doc.contains(TOKEN) || !doc[TOKEN].is_string() || doc[TOKEN].get_ref<const std::string&>().empty()) {
        return unexpected(missing(TOKEN, QT_TRANSLATE_NOOP("FeedbackJson", "the link's token")));
    }
    request.token = QString::fromStdString(doc[TOKEN].get<std::string>());
    // Whole stars only: 4.5 is refused, not rounded.
    if (!doc.contains(RATING) || !doc[RATING].is_number_integer()) {
        return unexpected(missing(RATING, QT_TRANSLATE_NOOP("FeedbackJson", "a whole number from 1 to 5")));
    }
    const qint64 rating = doc[RATING].get<qint64>();
    request.rating = rating < 0 || rating > 100 ? 0 : int(rating);
    if (doc.contains(COMMENT) && !doc[COMMENT].is_null()) {
        if (!doc[COMMENT].is_string()) {
            return unexpected(missing(COMMENT, QT_TRANSLATE_NOOP("FeedbackJson", "a text")));
        }
        request.comment = QString::fromStdString(doc[COMMENT].get<std::string>());
    }
    return request;
}

json FeedbackJson::feedback(const Feedback& feedback)
{
    return {{"id", feedback.id},
            {"subject", feedback.subject.toStdString()},
            {RATING, feedback.rating},
            {COMMENT, feedback.comment.toStdString()},
            {"created_at", DinerJson::time(feedback.createdAt)}};
}
