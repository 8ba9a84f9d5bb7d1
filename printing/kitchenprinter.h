#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QString>
#include <memory>

class KitchenChit;

// Where chits go: a network kitchen printer, a PDF directory, or a test's
// stand-in. deliver() blocks until the chit is out or has failed, so it is
// called only on a print queue's own worker thread, one chit at a time.
class KitchenPrinter
{
    Q_DECLARE_TR_FUNCTIONS(KitchenPrinter)

public:
    virtual ~KitchenPrinter() = default;

    // The printer's address, as configured: tcp://10.0.0.20:9100, pdf:/srv/chits
    virtual QString uri() const = 0;
    // Error::Unavailable when the printer cannot take the chit now; the
    // queue keeps it and tries again.
    virtual VoidResult deliver(const KitchenChit& chit) = 0;

    // The printer `uri` names: tcp://HOST[:PORT] (port 9100 when left out)
    // or pdf:DIRECTORY. Error::Invalid (field "uri") for anything else.
    static Result<std::shared_ptr<KitchenPrinter>> fromUri(const QString& uri);
};
