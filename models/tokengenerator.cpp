#include "tokengenerator.h"

#include <QByteArray>
#include <QRandomGenerator>

QString TokenGenerator::token()
{
    QByteArray bytes(24, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32*>(bytes.data()),
                                         reinterpret_cast<quint32*>(bytes.data() + bytes.size()));
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

const QString& TokenGenerator::codeAlphabet()
{
    static const QString alphabet = QStringLiteral("ACDEFGHJKMNPQRTUVWXY34679");
    return alphabet;
}

QString TokenGenerator::code(int length)
{
    const QString& alphabet = codeAlphabet();
    QString result;
    result.reserve(length);
    for (int i = 0; i < length; ++i) {
        result.append(alphabet.at(int(QRandomGenerator::system()->bounded(quint32(alphabet.size())))));
    }
    return result;
}
