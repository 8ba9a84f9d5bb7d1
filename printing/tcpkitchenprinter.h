#pragma once

#include "kitchenprinter.h"

#include <QString>

// A network kitchen printer taking raw ESC/POS on a TCP port (9100): one
// connection per chit, closed once the bytes are written. Blocking socket
// calls with timeouts, which is why it runs on a print queue's worker thread
// and never on the GUI thread.
class TcpKitchenPrinter final : public KitchenPrinter
{
public:
    TcpKitchenPrinter(QString host, quint16 port, int timeoutMs = 5000, int columns = 42);

    QString uri() const override;
    VoidResult deliver(const KitchenChit& chit) override;

private:
    QString m_host;
    quint16 m_port;
    int m_timeoutMs;
    int m_columns;
};
