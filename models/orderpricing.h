#pragma once

#include <QtGlobal>

// The arithmetic of an order's money and times, in one place so the service,
// its tests and the API agree: tax rounded half up per order, the distance
// that decides the delivery zone, and the minutes an ETA is made of.
class OrderPricing final
{
public:
    // Minutes added per order already waiting in the kitchen, and at most.
    static constexpr int QUEUE_MINUTES_PER_ORDER = 2;
    static constexpr int MAX_QUEUE_MINUTES = 30;
    // A courier's pace through town, and the time to hand over at the door.
    static constexpr int COURIER_KM_PER_HOUR = 20;
    static constexpr int HANDOVER_MINUTES = 5;

    // `basisPoints` of `subtotalCents` (1000 = 10 %), half a cent rounded up.
    static int taxCents(int subtotalCents, int basisPoints);
    // Great-circle distance between two WGS 84 points (haversine), in metres.
    static double distanceMeters(double latitude1, double longitude1, double latitude2, double longitude2);
    // The wait behind `openOrders` orders the kitchen has not finished.
    static int queueMinutes(int openOrders);
    // Riding `meters` and handing the order over.
    static int travelMinutes(double meters);
};
