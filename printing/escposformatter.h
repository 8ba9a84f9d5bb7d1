#pragma once

#include <QByteArray>
#include <QString>

class KitchenChit;

// Encodes a chit for an ESC/POS kitchen printer (Epson TM and the many
// printers that speak its dialect): ESC @ to start clean, the station in
// double size, the order in double height, items bold, details indented, and
// a feed and partial cut (GS V 66) at the end.
//
// Text goes out as plain ASCII, accents folded ("Tiramisù" → "Tiramisu"):
// code pages differ from printer to printer and a wrong one prints garbage,
// while ASCII prints the same everywhere. Control characters in names and
// notes become spaces, so a diner's note can never smuggle in a command.
class EscPosFormatter final
{
public:
    // 42 columns: Font A on an 80 mm roll at the common 512-dot width.
    explicit EscPosFormatter(int columns = 42);

    QByteArray format(const KitchenChit& chit) const;

    // The ASCII the printer gets for `text`.
    static QByteArray toPrinterText(const QString& text);

private:
    int m_columns;
};
