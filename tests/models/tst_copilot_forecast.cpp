#include "demandforecaster.h"

#include <QTest>
#include <cmath>
#include <random>

namespace
{

// A restaurant's covers per hour with a known shape: closed until 12:00 and
// after 23:00, a lunch peak at 14:00 and a dinner peak at 21:00, Mondays
// quiet and Fridays and Saturdays busy. `hour` counts from a Monday 00:00.
double trueCovers(int hour)
{
    const int hourOfDay = hour % 24;
    const int day = (hour / 24) % 7; // 0 = Monday
    if (hourOfDay < 12 || hourOfDay >= 23) {
        return 0;
    }
    static const double dayFactor[] = {0.6, 0.8, 0.9, 1.0, 1.4, 1.6, 1.1};
    const double lunch = 30 * std::exp(-std::pow(hourOfDay - 14, 2) / 2.0);
    const double dinner = 45 * std::exp(-std::pow(hourOfDay - 21, 2) / 2.5);
    return dayFactor[day] * (5 + lunch + dinner);
}

struct Series
{
    QList<double> history;
    QList<double> future; // what then happened
    QList<double> truth; // without noise
};

Series synthetic(int weeks, double noise, unsigned seed)
{
    std::mt19937 random(seed);
    std::normal_distribution<double> jitter(0, noise);
    Series s;
    const int historyHours = weeks * DemandForecaster::SEASON;
    for (int h = 0; h < historyHours + DemandForecaster::DEFAULT_HORIZON; ++h) {
        const double truth = trueCovers(h);
        const double observed = truth == 0 ? 0 : std::max(0.0, truth + jitter(random));
        if (h < historyHours) {
            s.history.append(observed);
        } else {
            s.future.append(observed);
            s.truth.append(truth);
        }
    }
    return s;
}

const QDateTime MONDAY(QDate(2025, 1, 6), QTime(0, 0), QTimeZone::UTC);

} // namespace

// DemandForecaster on a synthetic hourly series with known daily and weekly
// seasonality: it recovers the shape, beats the seasonal-naive baseline, and
// its interval covers about as much as it says.
class TestCopilotForecast final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recoversTheSeasonalShape();
    void beatsSeasonalNaive_data();
    void beatsSeasonalNaive();
    void intervalCoversWhatItSays();
    void followsATrend();
    void needsTwoWeeks();
    void seasonalNaiveRepeatsLastWeek();
};

void TestCopilotForecast::recoversTheSeasonalShape()
{
    const Series s = synthetic(8, 3.0, 7);
    const DemandForecaster::Forecast f = DemandForecaster::forecast(MONDAY, s.history);
    QVERIFY(f.valid());
    QCOMPARE(f.mean.size(), 7 * 24);
    QCOMPARE(f.start, MONDAY.addDays(8 * 7));
    // Close to the noiseless truth, hour by hour.
    QVERIFY2(DemandForecaster::meanAbsoluteError(f.mean, s.truth) < 1.5,
             qPrintable(QString::number(DemandForecaster::meanAbsoluteError(f.mean, s.truth))));
    for (int day = 0; day < 7; ++day) {
        // Each day's busiest hour is dinner at 21:00, and closed hours stay near zero.
        int busiest = 0;
        for (int hour = 0; hour < 24; ++hour) {
            if (f.mean.at(day * 24 + hour) > f.mean.at(day * 24 + busiest)) {
                busiest = hour;
            }
        }
        QCOMPARE(busiest, 21);
        QVERIFY(f.mean.at(day * 24 + 4) < 1.0);
    }
    // Saturday's dinner is busier than Monday's, as in the history.
    QVERIFY(f.mean.at(5 * 24 + 21) > 2 * f.mean.at(0 * 24 + 21));
    // The interval is as wide as the noise put in (σ = 3: about ±5 at 90 %) when
    // open, and closed hours are certain.
    const double dinnerWidth = f.upper.at(5 * 24 + 21) - f.lower.at(5 * 24 + 21);
    QVERIFY2(dinnerWidth > 6 && dinnerWidth < 16, qPrintable(QString::number(dinnerWidth)));
    QVERIFY(f.upper.at(2 * 24 + 4) - f.lower.at(2 * 24 + 4) < 1.0);
}

void TestCopilotForecast::beatsSeasonalNaive_data()
{
    QTest::addColumn<unsigned>("seed");
    QTest::addColumn<double>("noise");
    QTest::newRow("seed 1, noise 3") << 1u << 3.0;
    QTest::newRow("seed 2, noise 3") << 2u << 3.0;
    QTest::newRow("seed 3, noise 6") << 3u << 6.0;
}

void TestCopilotForecast::beatsSeasonalNaive()
{
    QFETCH(unsigned, seed);
    QFETCH(double, noise);
    const Series s = synthetic(8, noise, seed);
    const DemandForecaster::Forecast f = DemandForecaster::forecast(MONDAY, s.history);
    const QList<double> naive = DemandForecaster::seasonalNaive(s.history);
    const double ours = DemandForecaster::meanAbsoluteError(f.mean, s.future);
    const double baseline = DemandForecaster::meanAbsoluteError(naive, s.future);
    // Last week's noise is in the naive forecast; the smoothed season averages
    // it out. Against what happened, it is better; against the true shape
    // (what a forecast can know), it is clearly closer.
    QVERIFY2(ours < baseline, qPrintable(QStringLiteral("MAE %1 against naive %2").arg(ours).arg(baseline)));
    const double oursToTruth = DemandForecaster::meanAbsoluteError(f.mean, s.truth);
    const double naiveToTruth = DemandForecaster::meanAbsoluteError(naive, s.truth);
    QVERIFY2(
        oursToTruth < 0.6 * naiveToTruth,
        qPrintable(QStringLiteral("MAE to the true shape %1 against naive %2").arg(oursToTruth).arg(naiveToTruth)));
}

void TestCopilotForecast::intervalCoversWhatItSays()
{
    int inside = 0;
    int open = 0;
    for (unsigned seed = 10; seed < 14; ++seed) {
        const Series s = synthetic(8, 4.0, seed);
        const DemandForecaster::Forecast f = DemandForecaster::forecast(MONDAY, s.history, 7 * 24, 0.9);
        for (int i = 0; i < s.future.size(); ++i) {
            if (s.truth.at(i) == 0) {
                continue; // closed hours are trivially inside
            }
            ++open;
            QVERIFY(f.lower.at(i) <= f.mean.at(i) && f.mean.at(i) <= f.upper.at(i));
            if (s.future.at(i) >= f.lower.at(i) && s.future.at(i) <= f.upper.at(i)) {
                ++inside;
            }
        }
    }
    const double coverage = double(inside) / open;
    QVERIFY2(coverage > 0.8 && coverage < 0.99, qPrintable(QString::number(coverage)));
}

void TestCopilotForecast::followsATrend()
{
    // A restaurant growing by a tenth over the history: the forecast follows
    // it and the naive forecast (last week) lags behind.
    Series s = synthetic(8, 2.0, 21);
    const int n = int(s.history.size());
    QList<double> grown;
    for (int h = 0; h < n; ++h) {
        grown.append(s.history.at(h) * (1 + 0.1 * h / n));
    }
    QList<double> future;
    for (int h = 0; h < s.future.size(); ++h) {
        future.append(s.future.at(h) * (1 + 0.1 * (n + h) / n));
    }
    const DemandForecaster::Forecast f = DemandForecaster::forecast(MONDAY, grown);
    const double ours = DemandForecaster::meanAbsoluteError(f.mean, future);
    const double baseline = DemandForecaster::meanAbsoluteError(DemandForecaster::seasonalNaive(grown), future);
    QVERIFY2(ours < baseline, qPrintable(QStringLiteral("MAE %1 against naive %2").arg(ours).arg(baseline)));
}

void TestCopilotForecast::needsTwoWeeks()
{
    const Series s = synthetic(1, 1.0, 5);
    QVERIFY(!DemandForecaster::forecast(MONDAY, s.history).valid());
    QVERIFY(!DemandForecaster::forecast(MONDAY, s.history.mid(0, 2 * 168 - 1)).valid());
}

void TestCopilotForecast::seasonalNaiveRepeatsLastWeek()
{
    QList<double> history;
    for (int h = 0; h < 2 * 168; ++h) {
        history.append(h);
    }
    const QList<double> naive = DemandForecaster::seasonalNaive(history, 200);
    QCOMPARE(naive.size(), 200);
    QCOMPARE(naive.at(0), 168.0);
    QCOMPARE(naive.at(167), 335.0);
    QCOMPARE(naive.at(168), 168.0); // the second week ahead repeats the same week
}

QTEST_GUILESS_MAIN(TestCopilotForecast)
#include "tst_copilot_forecast.moc"
