#include "addressnormalizer.h"

#include <QSet>

namespace
{

// Words that name the kind of street or join its name; dropped so that
// "Calle de la Cava Baja", "c/ cava baja" and "Cava Baja" compare equal.
const QSet<QString>& fillerWords()
{
    static const QSet<QString> words{
        QStringLiteral("calle"),   QStringLiteral("c"),    QStringLiteral("cl"),    QStringLiteral("cll"),
        QStringLiteral("avenida"), QStringLiteral("avda"), QStringLiteral("av"),    QStringLiteral("ave"),
        QStringLiteral("plaza"),   QStringLiteral("pza"),  QStringLiteral("pl"),    QStringLiteral("paseo"),
        QStringLiteral("po"),      QStringLiteral("pso"),  QStringLiteral("de"),    QStringLiteral("del"),
        QStringLiteral("la"),      QStringLiteral("las"),  QStringLiteral("los"),   QStringLiteral("el"),
        QStringLiteral("n"),       QStringLiteral("no"),   QStringLiteral("num"),   QStringLiteral("numero"),
        QStringLiteral("street"),  QStringLiteral("st"),   QStringLiteral("avenue")};
    return words;
}

} // namespace

QString AddressNormalizer::fold(const QString& text)
{
    // Decomposed, the accents are separate marks that can be dropped (and
    // compatibility forms fold too: "nº" becomes "no").
    const QString decomposed = text.normalized(QString::NormalizationForm_KD).toLower();
    QString folded;
    folded.reserve(decomposed.size());
    bool space = true; // no leading space
    for (const QChar c : decomposed) {
        if (c.isMark()) {
            continue;
        }
        if (c.isLetterOrNumber()) {
            folded.append(c);
            space = false;
        } else if (!space) {
            folded.append(u' ');
            space = true;
        }
    }
    if (folded.endsWith(u' ')) {
        folded.chop(1);
    }
    return folded;
}

QString AddressNormalizer::cacheKey(const DeliveryAddress& address)
{
    return fold(address.line1 + u' ' + address.postcode + u' ' + address.city);
}

QString AddressNormalizer::oneLine(const DeliveryAddress& address)
{
    QStringList parts;
    if (!address.line1.trimmed().isEmpty()) {
        parts << address.line1.simplified();
    }
    const QString place = QString(address.postcode.simplified() + u' ' + address.city.simplified()).trimmed();
    if (!place.isEmpty()) {
        parts << place;
    }
    return parts.join(QStringLiteral(", "));
}

AddressNormalizer::StreetAndNumber AddressNormalizer::streetAndNumber(const QString& line1)
{
    StreetAndNumber result;
    QStringList street;
    const QStringList words = fold(line1).split(u' ', Qt::SkipEmptyParts);
    for (const QString& word : words) {
        if (word.front().isDigit()) {
            // "12", "12b": the leading digits are the house number.
            qsizetype digits = 0;
            while (digits < word.size() && word.at(digits).isDigit() && digits < 6) {
                ++digits;
            }
            result.number = word.left(digits).toInt();
            break; // what follows is floor, door or postcode
        }
        if (!fillerWords().contains(word)) {
            street << word;
        }
    }
    result.street = street.join(u' ');
    return result;
}
