#include "estimatorinputs.h"

#include "partystatus.h"
#include "store/sql.h"

#include <QCoreApplication>
#include <QTimeZone>

namespace
{

QDateTime utc(const QVariant& value)
{
    return value.isNull() ? QDateTime() : value.toDateTime().toUTC();
}

double minutesBetween(const QDateTime& from, const QDateTime& to)
{
    return static_cast<double>(from.msecsTo(to)) / 60000.0;
}

} // namespace

WaitEstimator EstimatorInputs::estimator() const
{
    WaitEstimator estimator(turnTimes);
    estimator.setWalkAwayRates(walkAwayPerHour);
    if (seatingDelayMinutes) {
        estimator.setSeatingDelayMinutes(*seatingDelayMinutes);
    }
    estimator.setBiggerTableAfterMinutes(biggerTableAfterMinutes);
    return estimator;
}

Result<EstimatorInputs> EstimatorInputs::learn(QSqlDatabase& db, qint64 restaurantId)
{
    auto restaurant =
        Sql::exec(db,
                  QStringLiteral("SELECT timezone, now(), (settings->>'default_turn_minutes_small')::float8,"
                                 " (settings->>'default_turn_minutes_medium')::float8,"
                                 " (settings->>'default_turn_minutes_large')::float8,"
                                 " (settings->>'default_turn_minutes_xlarge')::float8"
                                 " FROM restaurants WHERE id = ?"),
                  {restaurantId});
    if (!restaurant) {
        return unexpected(restaurant.error());
    }
    if (!restaurant->next()) {
        return unexpected(Error::notFound(QCoreApplication::translate("QueueService", "No such restaurant.")));
    }
    const QTimeZone zone(restaurant->value(0).toString().toUtf8());
    const int offset = zone.isValid() ? zone.offsetFromUtc(utc(restaurant->value(1))) : 0;
    // The wait settings' turn times are the prior until history outweighs them.
    TurnTimes::BaseMinutes base = TurnTimes::defaultBaseMinutes();
    for (int bucket = 0; bucket < TurnTimes::BUCKET_COUNT; ++bucket) {
        const QVariant configured = restaurant->value(2 + bucket);
        if (!configured.isNull() && configured.toDouble() > 0) {
            base[static_cast<size_t>(bucket)] = configured.toDouble();
        }
    }

    // Every party that has left the queue, newest first (parties_joined serves the order).
    auto history =
        Sql::exec(db,
                  QStringLiteral("SELECT p.status, p.size, p.joined_at, p.notified_at, p.seated_at, p.left_at,"
                                 " (SELECT sum(t.seats) FROM party_tables pt"
                                 "  JOIN dining_tables t ON t.id = pt.table_id WHERE pt.party_id = p.id)"
                                 " FROM parties p WHERE p.restaurant_id = ?"
                                 " AND p.status IN ('seated', 'done', 'cancelled', 'no_show')"
                                 " AND p.joined_at > now() - make_interval(days => ?)"
                                 " ORDER BY p.joined_at DESC LIMIT ?"),
                  {restaurantId, MAX_DAYS, MAX_PARTIES});
    if (!history) {
        return unexpected(history.error());
    }
    QList<TurnSample> visits;
    QList<QueueStay> stays;
    QList<TableChoice> choices;
    double walkBackMinutes = 0.0;
    EstimatorInputs inputs;
    while (history->next()) {
        const PartyStatus status =
            PartyStatusRules::fromString(history->value(0).toString()).value_or(PartyStatus::Waiting);
        const int size = history->value(1).toInt();
        const QDateTime joined = utc(history->value(2));
        const QDateTime notified = utc(history->value(3));
        const QDateTime seated = utc(history->value(4));
        const QDateTime left = utc(history->value(5));
        const int seats = history->value(6).toInt();
        const bool sat = status == PartyStatus::Seated || status == PartyStatus::Done;

        if (status == PartyStatus::Done && seated.isValid() && left > seated) {
            visits.append({size, seated, left});
        }
        // A party seated without a call has notified_at = seated_at (QueueService::seat).
        const QDateTime called = notified.isValid() ? notified : (sat ? seated : QDateTime());
        const QDateTime ended = called.isValid() ? called : left;
        if (joined.isValid() && ended.isValid()) {
            const double waited = minutesBetween(joined, ended);
            if (waited >= 0.0 && waited <= MAX_STAY_MINUTES) {
                const bool walkedAway = !called.isValid();
                stays.append({joined, ended, walkedAway});
                inputs.walkAways += walkedAway ? 1 : 0;
            }
        }
        if (sat && notified.isValid() && seated > notified) {
            const double walk = minutesBetween(notified, seated);
            if (walk <= MAX_WALK_BACK_MINUTES) {
                walkBackMinutes += walk;
                ++inputs.walkBacks;
            }
        }
        if (sat && seats > 0 && joined.isValid() && called.isValid()) {
            choices.append({size, seats, joined, called});
        }
    }

    inputs.turnTimes = TurnTimes::learn(visits, offset, base);
    inputs.walkAwayPerHour = WaitEstimator::learnWalkAwayRates(stays);
    if (inputs.walkBacks >= MIN_WALK_BACKS) {
        inputs.seatingDelayMinutes = walkBackMinutes / inputs.walkBacks;
    }
    inputs.biggerTableAfterMinutes = WaitEstimator::learnBiggerTableAfterMinutes(choices);
    inputs.stays = int(stays.size());
    inputs.tableChoices = int(choices.size());
    return inputs;
}
