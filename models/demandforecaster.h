#pragma once

#include <QDateTime>
#include <QList>

// Forecasts an hourly demand series (covers, orders) for the days ahead with
// Holt–Winters over a weekly season of 168 hours, which carries the
// daily shape of each weekday (a Friday evening is not a Tuesday's), with
// additive or multiplicative seasonality (the latter for a restaurant that
// grows). It starts from the average week of all but the last weeks of
// history and chooses the form and its smoothing by the one-step error over
// those held-out weeks. Gives a prediction
// interval per hour, and a seasonal-naive forecast (the same hour last week)
// to compare against. Pure computation: no database, no clock.
class DemandForecaster final
{
public:
    static constexpr int SEASON = 168; // hours in a week
    static constexpr int DEFAULT_HORIZON = 7 * 24;

    struct Forecast
    {
        QDateTime start; // the first forecast hour (UTC)
        QList<double> mean; // one value an hour, never below zero
        QList<double> lower; // the prediction interval at `level`
        QList<double> upper;
        double level = 0.9;
        // The fitted smoothing for level, trend and season.
        double alpha = 0;
        double beta = 0;
        double gamma = 0;
        bool multiplicative = false; // the season scales with the level, rather than adding to it
        double residualSd = 0; // of the one-step errors over the history, all hours (the
                               // interval uses each hour of the day's own)
        bool valid() const { return !mean.isEmpty(); }
    };

    // `history`: one value per hour, oldest first, the first at `historyStart`
    // (UTC, on the hour). Needs at least two weeks; less gives an invalid Forecast.
    static Forecast forecast(const QDateTime& historyStart,
                             const QList<double>& history,
                             int horizonHours = DEFAULT_HORIZON,
                             double level = 0.9);
    // The value of the same hour a week before, repeated forward.
    static QList<double> seasonalNaive(const QList<double>& history, int horizonHours = DEFAULT_HORIZON);

    static double meanAbsoluteError(const QList<double>& forecast, const QList<double>& actual);

private:
    struct Fit
    {
        double sse = 0;
        double level = 0;
        double trend = 0;
        QList<double> season;
        qsizetype firstScored = 0; // the first hour whose error counts
        QList<double> errors; // one-step errors from firstScored on
    };
    static Fit run(const QList<double>& history, double alpha, double beta, double gamma, bool multiplicative);
};
