#pragma once

#include "result.h"

#include <QDate>
#include <QSqlDatabase>
#include <QString>
#include <functional>

// Fills a restaurant's database with a realistic past: parties in the queue
// with their quotes, waits, walk-aways, no-shows and table turns; dine-in,
// takeout, delivery and phone orders with weekday, hour and season patterns
// and dishes of differing popularity; payments, deliveries, feedback, and
// the events the app would have logged. Written with COPY in one
// transaction, so it is all there or none of it is. Blocks: run it on a
// store worker or in a command-line tool.
class HistoryGenerator final
{
public:
    struct Options
    {
        qint64 orders = 1'000'000;
        int days = 365;
        QDate lastDay; // local; invalid: yesterday in the restaurant's time zone
        quint32 seed = 20'260'101;
    };

    struct Progress
    {
        QDate day; // the last local day written
        qint64 orders = 0;
        qint64 parties = 0;
        qint64 rows = 0; // every row written so far, events included
        double fraction = 0; // 0–1
    };

    struct Summary
    {
        QDate firstDay;
        QDate lastDay;
        qint64 orders = 0;
        qint64 parties = 0;
        qint64 orderLines = 0;
        qint64 feedback = 0;
        qint64 events = 0;
        qint64 rows = 0;
    };

    using ProgressCallback = std::function<void(const Progress&)>;

    // Checks the options (orders 1–20,000,000; days 1–3,650): Invalid naming "orders" or "days".
    static VoidResult validate(const Options& options);
    // The restaurant needs its menu and tables; the tables it writes to are
    // locked against other writers until it commits.
    static Result<Summary>
    generate(QSqlDatabase& db, qint64 restaurantId, const Options& options, const ProgressCallback& progress = {});
};
