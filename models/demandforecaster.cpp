#include "demandforecaster.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace
{

// The two-sided normal quantile for the common interval levels.
double zFor(double level)
{
    if (level >= 0.99) {
        return 2.576;
    }
    if (level >= 0.95) {
        return 1.960;
    }
    if (level >= 0.9) {
        return 1.645;
    }
    if (level >= 0.8) {
        return 1.282;
    }
    return 0.674; // 50 %
}

} // namespace

DemandForecaster::Fit
DemandForecaster::run(const QList<double>& history, double alpha, double beta, double gamma, bool multiplicative)
{
    const int m = SEASON;
    const qsizetype weeks = history.size() / m;
    // The last week or two are held out: the smoothing is judged (and the
    // interval measured) on hours the starting state never saw.
    const qsizetype heldOut = weeks >= 4 ? 2 : 1;
    const qsizetype initWeeks = weeks - heldOut;
    Fit fit;
    fit.firstScored = initWeeks * m;
    // Start from every earlier full week (two weeks alone leave each hour's
    // shape as noisy as one observation): the season is each hour's mean
    // distance from its week's mean, the trend the change from the first
    // week's mean to the last's, the level the first week's.
    QList<double> weekMean(initWeeks, 0.0);
    for (qsizetype w = 0; w < initWeeks; ++w) {
        for (int i = 0; i < m; ++i) {
            weekMean[w] += history.at(w * m + i);
        }
        weekMean[w] /= m;
    }
    // An hour's share of its week (multiplicative) or its distance from the week's mean (additive).
    fit.season.fill(0.0, m);
    for (qsizetype w = 0; w < initWeeks; ++w) {
        for (int i = 0; i < m; ++i) {
            const double y = history.at(w * m + i);
            const double index = multiplicative ? (weekMean.at(w) > 0 ? y / weekMean.at(w) : 0) : y - weekMean.at(w);
            fit.season[i] += index / double(initWeeks);
        }
    }
    fit.trend = initWeeks > 1 ? (weekMean.last() - weekMean.first()) / double((initWeeks - 1) * m) : 0;
    // The level at the middle of the first week, moved to its start.
    fit.level = weekMean.first() - fit.trend * (m - 1) / 2.0;
    fit.errors.reserve(history.size() - fit.firstScored);
    // A closed hour (a share near zero) says nothing about the level.
    constexpr double tiny = 1e-3;
    for (qsizetype t = 0; t < history.size(); ++t) {
        const qsizetype s = t % m;
        const double y = history.at(t);
        const double predicted =
            multiplicative ? (fit.level + fit.trend) * fit.season.at(s) : fit.level + fit.trend + fit.season.at(s);
        const double error = y - predicted;
        if (t >= fit.firstScored) {
            fit.errors.append(error);
            fit.sse += error * error;
        }
        const double previousLevel = fit.level;
        if (!multiplicative) {
            fit.level = alpha * (y - fit.season.at(s)) + (1 - alpha) * (fit.level + fit.trend);
            fit.trend = beta * (fit.level - previousLevel) + (1 - beta) * fit.trend;
            fit.season[s] = gamma * (y - fit.level) + (1 - gamma) * fit.season.at(s);
            continue;
        }
        fit.level = fit.season.at(s) > tiny ? alpha * (y / fit.season.at(s)) + (1 - alpha) * (fit.level + fit.trend)
                                            : fit.level + fit.trend;
        fit.trend = beta * (fit.level - previousLevel) + (1 - beta) * fit.trend;
        if (fit.level > tiny) {
            fit.season[s] = gamma * (y / fit.level) + (1 - gamma) * fit.season.at(s);
        }
    }
    return fit;
}

DemandForecaster::Forecast
DemandForecaster::forecast(const QDateTime& historyStart, const QList<double>& history, int horizonHours, double level)
{
    Forecast out;
    if (history.size() < 2 * SEASON || horizonHours < 1) {
        return out;
    }
    // A coarse grid is enough: the error surface is flat near its minimum, and
    // a week of hours makes each run cheap.
    static const double alphas[] = {0.02, 0.05, 0.1, 0.2, 0.35, 0.5};
    static const double betas[] = {0.0, 0.001, 0.01};
    static const double gammas[] = {0.0, 0.02, 0.05, 0.1, 0.2, 0.35};
    double bestSse = std::numeric_limits<double>::infinity();
    Fit best;
    // Additive seasonality suits a steady restaurant; multiplicative one that
    // grows (a busier evening is busier at every hour): both are tried.
    for (bool multiplicative : {false, true}) {
        for (double a : alphas) {
            for (double b : betas) {
                for (double g : gammas) {
                    Fit fit = run(history, a, b, g, multiplicative);
                    if (fit.sse < bestSse) {
                        bestSse = fit.sse;
                        best = std::move(fit);
                        out.alpha = a;
                        out.beta = b;
                        out.gamma = g;
                        out.multiplicative = multiplicative;
                    }
                }
            }
        }
    }
    // Spread is taken per hour of the day, over the held-out hours: a closed
    // hour has none, a Saturday dinner a lot, and one figure for all would make
    // the interval too wide at night and too narrow at dinner.
    const int firstHour = historyStart.toUTC().time().hour();
    QList<double> squares(24, 0.0);
    QList<int> counts(24, 0);
    double sumSquares = 0;
    for (qsizetype i = 0; i < best.errors.size(); ++i) {
        const int hour = int((firstHour + best.firstScored + i) % 24);
        squares[hour] += best.errors.at(i) * best.errors.at(i);
        ++counts[hour];
        sumSquares += best.errors.at(i) * best.errors.at(i);
    }
    const qsizetype counted = best.errors.size();
    out.residualSd = counted > 1 ? std::sqrt(sumSquares / double(counted - 1)) : 0;
    QList<double> hourSd(24, out.residualSd);
    for (int hour = 0; hour < 24; ++hour) {
        if (counts.at(hour) > 1) {
            hourSd[hour] = std::sqrt(squares.at(hour) / double(counts.at(hour) - 1));
        }
    }
    out.level = level;
    out.start = historyStart.toUTC().addSecs(3600 * history.size());

    const double z = zFor(level);
    const qsizetype n = history.size();
    double varianceFactor = 0; // Σ c_j² of the additive Holt–Winters error variance
    for (int h = 1; h <= horizonHours; ++h) {
        const qsizetype s = (n + h - 1) % SEASON;
        const double value = out.multiplicative ? (best.level + h * best.trend) * best.season.at(s)
                                                : best.level + h * best.trend + best.season.at(s);
        if (h > 1) {
            const int j = h - 1;
            const double c = out.alpha * (1 + j * out.beta) + (j % SEASON == 0 ? out.gamma * (1 - out.alpha) : 0);
            varianceFactor += c * c;
        }
        const int hourOfDay = int((firstHour + n + h - 1) % 24);
        const double half = z * hourSd.at(hourOfDay) * std::sqrt(1 + varianceFactor);
        // Demand is never negative (a closed hour is zero).
        out.mean.append(std::max(0.0, value));
        out.lower.append(std::max(0.0, value - half));
        out.upper.append(std::max(0.0, value + half));
    }
    return out;
}

QList<double> DemandForecaster::seasonalNaive(const QList<double>& history, int horizonHours)
{
    QList<double> out;
    if (history.size() < SEASON) {
        return out;
    }
    const qsizetype n = history.size();
    for (int h = 1; h <= horizonHours; ++h) {
        // The same hour of the last week seen, for every week ahead.
        out.append(history.at(n - SEASON + (h - 1) % SEASON));
    }
    return out;
}

double DemandForecaster::meanAbsoluteError(const QList<double>& forecast, const QList<double>& actual)
{
    const qsizetype n = std::min(forecast.size(), actual.size());
    if (n == 0) {
        return 0;
    }
    double sum = 0;
    for (qsizetype i = 0; i < n; ++i) {
        sum += std::abs(forecast.at(i) - actual.at(i));
    }
    return sum / double(n);
}
