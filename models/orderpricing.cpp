#include "orderpricing.h"

#include <algorithm>
#include <cmath>
#include <numbers>

int OrderPricing::taxCents(int subtotalCents, int basisPoints)
{
    // 64-bit: 99 lines of 99 dishes at a high price times 5000 bp overflows 32 bits.
    const qint64 scaled = qint64(subtotalCents) * basisPoints;
    return int((scaled + 5000) / 10000);
}

double OrderPricing::distanceMeters(double latitude1, double longitude1, double latitude2, double longitude2)
{
    constexpr double EARTH_RADIUS_M = 6'371'008.8; // mean radius
    const auto radians = [](double degrees) { return degrees * std::numbers::pi / 180.0; };
    const double dLat = radians(latitude2 - latitude1);
    const double dLon = radians(longitude2 - longitude1);
    const double a = std::sin(dLat / 2) * std::sin(dLat / 2)
        + std::cos(radians(latitude1)) * std::cos(radians(latitude2)) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * EARTH_RADIUS_M * std::asin(std::min(1.0, std::sqrt(a)));
}

int OrderPricing::queueMinutes(int openOrders)
{
    return std::clamp(openOrders * QUEUE_MINUTES_PER_ORDER, 0, MAX_QUEUE_MINUTES);
}

int OrderPricing::travelMinutes(double meters)
{
    const double minutes = meters / 1000.0 / COURIER_KM_PER_HOUR * 60.0;
    return int(std::ceil(std::max(0.0, minutes))) + HANDOVER_MINUTES;
}
