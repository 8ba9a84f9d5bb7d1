#include "escposformatter.h"

#include "kitchenchit.h"

#include <QList>
#include <initializer_list>

namespace
{

constexpr char ESC = 0x1b;
constexpr char GS = 0x1d;
constexpr char LF = 0x0a;

QByteArray bytes(std::initializer_list<char> values)
{
    return QByteArray(values.begin(), qsizetype(values.size()));
}

const QByteArray INITIALIZE = bytes({ESC, '@'});
const QByteArray ALIGN_LEFT = bytes({ESC, 'a', 0});
const QByteArray ALIGN_CENTER = bytes({ESC, 'a', 1});
const QByteArray BOLD_ON = bytes({ESC, 'E', 1});
const QByteArray BOLD_OFF = bytes({ESC, 'E', 0});
const QByteArray SIZE_NORMAL = bytes({GS, '!', 0x00});
const QByteArray SIZE_DOUBLE_HEIGHT = bytes({GS, '!', 0x01});
const QByteArray SIZE_DOUBLE = bytes({GS, '!', 0x11});
// Feed four lines so the last line clears the cutter, then a partial cut
// (function B: feed to the cut position, then cut), which leaves a hinge so
// the chit does not fall behind the printer.
const QByteArray FEED = bytes({ESC, 'd', 4});
const QByteArray CUT = bytes({GS, 'V', 66, 0});

// Word-wraps ASCII `text` to `width` columns, the first line indented by
// `firstIndent` spaces and the rest by `hangingIndent`, so a long item or
// note stays visibly one block.
QList<QByteArray> wrap(const QByteArray& text, int width, int firstIndent, int hangingIndent)
{
    QList<QByteArray> lines;
    QByteArray line;
    const QList<QByteArray> words = text.simplified().split(' ');
    for (QByteArray word : words) {
        while (!word.isEmpty()) {
            const QByteArray indent(lines.isEmpty() ? firstIndent : hangingIndent, ' ');
            const int room = width - int(line.size()) - (line.isEmpty() ? int(indent.size()) : 1);
            if (int(word.size()) <= room) {
                line += line.isEmpty() ? QByteArray(indent + word) : QByteArray(' ' + word);
                word.clear();
            } else if (!line.isEmpty()) {
                lines.append(line);
                line.clear();
            } else {
                // A word longer than the line is split; nothing is dropped.
                line = indent + word.left(room);
                word = word.mid(room);
                lines.append(line);
                line.clear();
            }
        }
    }
    if (!line.isEmpty() || lines.isEmpty()) {
        lines.append(line);
    }
    return lines;
}

// ASCII spellings of letters that Unicode decomposition leaves whole.
QByteArray foldLetter(char16_t c)
{
    switch (c) {
    case u'ß':
        return "ss";
    case u'æ':
        return "ae";
    case u'Æ':
        return "AE";
    case u'œ':
        return "oe";
    case u'Œ':
        return "OE";
    case u'ø':
        return "o";
    case u'Ø':
        return "O";
    case u'ł':
        return "l";
    case u'Ł':
        return "L";
    case u'đ':
        return "d";
    case u'Đ':
        return "D";
    case u'þ':
        return "th";
    case u'°':
        return "o";
    case u'€':
        return "EUR";
    case u'£':
        return "GBP";
    case u'¡':
        return "!";
    case u'¿':
        return "?";
    case u'‘':
    case u'’':
        return "'";
    case u'“':
    case u'”':
    case u'«':
    case u'»':
        return "\"";
    case u'–':
    case u'—':
        return "-";
    case u'•':
        return "*";
    default:
        return "?";
    }
}

} // namespace

EscPosFormatter::EscPosFormatter(int columns)
    : m_columns(qMax(columns, 16))
{ }

QByteArray EscPosFormatter::toPrinterText(const QString& text)
{
    QByteArray out;
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7f) {
            out += ' '; // ESC, GS, LF...: never a printer command from data
        } else if (u < 0x80) {
            out += char(u);
        } else if (c.category() == QChar::Mark_NonSpacing || c.isHighSurrogate()) {
            continue; // the accent of a decomposed letter; an emoji's first half
        } else {
            out += foldLetter(u);
        }
    }
    return out;
}

QByteArray EscPosFormatter::format(const KitchenChit& chit) const
{
    QByteArray out = INITIALIZE;
    const auto put = [&out](const QList<QByteArray>& lines) {
        for (const QByteArray& line : lines) {
            out += line;
            out += LF;
        }
    };
    for (const KitchenChit::Line& line : chit.lines) {
        const QByteArray text = toPrinterText(line.text);
        switch (line.style) {
        case KitchenChit::Line::Style::Title:
            out += ALIGN_CENTER + SIZE_DOUBLE + BOLD_ON;
            put(wrap(text, m_columns / 2, 0, 0)); // double width halves the columns
            out += BOLD_OFF + SIZE_NORMAL + ALIGN_LEFT;
            break;
        case KitchenChit::Line::Style::Heading:
            out += SIZE_DOUBLE_HEIGHT + BOLD_ON;
            put(wrap(text, m_columns, 0, 0));
            out += BOLD_OFF + SIZE_NORMAL;
            break;
        case KitchenChit::Line::Style::Item:
            out += SIZE_DOUBLE_HEIGHT + BOLD_ON;
            put(wrap(text, m_columns, 0, 4));
            out += BOLD_OFF + SIZE_NORMAL;
            break;
        case KitchenChit::Line::Style::Detail:
            put(wrap(text, m_columns, 4, 6));
            break;
        case KitchenChit::Line::Style::Normal:
            put(wrap(text, m_columns, 0, 0));
            break;
        case KitchenChit::Line::Style::Rule:
            put({QByteArray(m_columns, '-')});
            break;
        }
    }
    out += FEED + CUT;
    return out;
}
