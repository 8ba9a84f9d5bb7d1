#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QString>

class KitchenChit;
class QIODevice;

// Draws a chit as a one-page PDF shaped like an 80 mm roll: as tall as the
// chit, so any printer (or a viewer) shows what a thermal printer would.
// Safe on a worker thread: it paints with QPainter on a QPdfWriter, which Qt
// allows outside the GUI thread; a QGuiApplication must exist for the fonts.
class PdfChitRenderer final
{
    Q_DECLARE_TR_FUNCTIONS(PdfChitRenderer)

public:
    static VoidResult render(const KitchenChit& chit, QIODevice& device);
    // Writes the whole file or nothing (QSaveFile), so a spooler watching
    // the directory never picks up half a chit.
    static VoidResult renderToFile(const KitchenChit& chit, const QString& filePath);
};
