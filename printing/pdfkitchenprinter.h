#pragma once

#include "kitchenprinter.h"

#include <QString>

// Writes each chit as a PDF file into a directory, for any printer: a print
// spooler, a shared folder or a person picks them up from there.
class PdfKitchenPrinter final : public KitchenPrinter
{
public:
    explicit PdfKitchenPrinter(QString directory);

    QString uri() const override;
    VoidResult deliver(const KitchenChit& chit) override;

    // The file a chit is written to: chit-20250101-193000-4821-grill-17.pdf
    static QString fileNameFor(const KitchenChit& chit);

private:
    QString m_directory;
};
