#include "feedbackservice.h"

#include "store/eventlog.h"
#include "store/sql.h"
#include "store/store.h"

#include <algorithm>

namespace
{

const QStringList VISIT_RATEABLE{QStringLiteral("seated"), QStringLiteral("done")};
const QStringList ORDER_RATEABLE{QStringLiteral("served"), QStringLiteral("picked_up"), QStringLiteral("delivered")};

Feedback fromRow(const QSqlQuery& row, const QString& subject)
{
    Feedback f;
    f.id = row.value(0).toLongLong();
    f.rating = row.value(1).toInt();
    f.comment = row.value(2).toString();
    f.createdAt = row.value(3).toDateTime().toUTC();
    f.subject = subject;
    return f;
}

} // namespace

FeedbackService::FeedbackService(Store& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{ }

VoidResult FeedbackService::validate(int rating, const QString& comment)
{
    if (rating < 1 || rating > 5) {
        return unexpected(Error::invalid(QStringLiteral("rating"), tr("Choose a rating from 1 to 5 stars.")));
    }
    if (comment.size() > MAX_COMMENT_LENGTH) {
        return unexpected(Error::invalid(QStringLiteral("comment"),
                                         tr("The comment can have at most %1 characters.").arg(MAX_COMMENT_LENGTH)));
    }
    // PostgreSQL cannot store NUL, and no diner types a control character.
    if (std::any_of(comment.cbegin(), comment.cend(), [](QChar c) {
            return c.category() == QChar::Other_Control && c != u'\n' && c != u'\t';
        })) {
        return unexpected(Error::invalid(QStringLiteral("comment"), tr("The comment contains control characters.")));
    }
    return {};
}

QFuture<Result<Feedback>>
FeedbackService::submit(qint64 restaurantId, const QString& token, int rating, const QString& comment)
{
    const QString text = comment.trimmed();
    if (auto valid = validate(rating, text); !valid) {
        return QtFuture::makeReadyValueFuture(Result<Feedback>(unexpected(valid.error())));
    }
    return m_store.transact<Feedback>([restaurantId, token, rating, text](QSqlDatabase& db) -> Result<Feedback> {
        // Tokens are unique in each table; a party's and an order's never clash in practice.
        auto subject = Sql::exec(db,
                                 QStringLiteral("SELECT 'visit', id, status FROM parties"
                                                " WHERE restaurant_id = ? AND token = ?"
                                                " UNION ALL SELECT 'order', id, status FROM orders"
                                                " WHERE restaurant_id = ? AND token = ? LIMIT 1"),
                                 {restaurantId, token, restaurantId, token});
        if (!subject) {
            return unexpected(subject.error());
        }
        if (!subject->next()) {
            return unexpected(Error::invalid(QStringLiteral("token"), tr("No visit or order has this token.")));
        }
        const QString kind = subject->value(0).toString();
        const qint64 id = subject->value(1).toLongLong();
        const QString status = subject->value(2).toString();
        const bool visit = kind == u"visit";
        if (!(visit ? VISIT_RATEABLE : ORDER_RATEABLE).contains(status)) {
            return unexpected(Error::conflict(visit ? tr("A visit can be rated once the party has been seated.")
                                                    : tr("An order can be rated once it has been handed over.")));
        }
        const QString column = visit ? QStringLiteral("party_id") : QStringLiteral("order_id");
        auto inserted = Sql::exec(db,
                                  QStringLiteral("INSERT INTO feedback (restaurant_id, %1, rating, comment)"
                                                 " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"
                                                 " RETURNING id, rating, comment, created_at")
                                      .arg(column),
                                  {restaurantId, id, rating, text});
        if (!inserted) {
            return unexpected(inserted.error());
        }
        if (!inserted->next()) {
            // Given before: the same again is a retry; anything else changes nothing.
            auto earlier = Sql::exec(
                db,
                QStringLiteral("SELECT id, rating, comment, created_at FROM feedback WHERE %1 = ?").arg(column),
                {id});
            if (!earlier) {
                return unexpected(earlier.error());
            }
            if (!earlier->next()) {
                return unexpected(Error::internal(QStringLiteral("feedback clashed with no feedback")));
            }
            Feedback first = fromRow(*earlier, kind);
            if (first.rating != rating || first.comment != text) {
                return unexpected(Error::conflict(visit ? tr("This visit has been rated already. Thank you!")
                                                        : tr("This order has been rated already. Thank you!")));
            }
            return first;
        }
        Feedback feedback = fromRow(*inserted, kind);
        if (auto appended = EventLog::append(db,
                                             restaurantId,
                                             QStringLiteral("feedback.received"),
                                             {{QStringLiteral("feedback_id"), feedback.id},
                                              {column, id},
                                              {QStringLiteral("rating"), rating},
                                              {QStringLiteral("has_comment"), !text.isEmpty()}});
            !appended) {
            return unexpected(appended.error());
        }
        return feedback;
    });
}
