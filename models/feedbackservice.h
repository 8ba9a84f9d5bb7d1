#pragma once

#include "feedback.h"
#include "result.h"

#include <QFuture>
#include <QObject>

class Store;

// Takes diners' ratings after a meal or a pickup, once per visit or order,
// each with its `feedback.received` event in the same transaction.
class FeedbackService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedbackService)

public:
    static constexpr int MAX_COMMENT_LENGTH = 2000;

    explicit FeedbackService(Store& store, QObject* parent = nullptr);

    // Field errors ("rating", "comment") without touching the database.
    static VoidResult validate(int rating, const QString& comment);

    // `token` is a party's or an order's; an unknown one is Invalid ("token"). Before the party
    // is seated or the order handed over: Conflict. Sent again as it was: the
    // first feedback (a retry); with another rating or comment: Conflict.
    QFuture<Result<Feedback>> submit(qint64 restaurantId, const QString& token, int rating, const QString& comment);

private:
    Store& m_store;
};
