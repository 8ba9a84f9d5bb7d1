#include "assistantphrasebook.h"

#include <QCoreApplication>
#include <QHash>
#include <QLocale>
#include <QMutex>
#include <QStringList>
#include <QTranslator>
#include <memory>

namespace
{

// One catalogue per language, loaded once and shared by every thread
// (QTranslator::translate is read-only once loaded).
const QTranslator* catalogue(const QString& language)
{
    static QMutex mutex;
    static QHash<QString, std::shared_ptr<QTranslator>> loaded;
    const QMutexLocker lock(&mutex);
    if (const auto found = loaded.constFind(language); found != loaded.cend()) {
        return found->get();
    }
    auto translator = std::make_shared<QTranslator>();
    if (!translator->load(QStringLiteral(":/i18n/maitre_%1.qm").arg(language))) {
        translator.reset();
    }
    loaded.insert(language, translator);
    return translator.get();
}

QString symbolFor(const QString& currency)
{
    static const QHash<QString, QString> symbols{{QStringLiteral("EUR"), QStringLiteral("€")},
                                                 {QStringLiteral("USD"), QStringLiteral("$")},
                                                 {QStringLiteral("GBP"), QStringLiteral("£")},
                                                 {QStringLiteral("MXN"), QStringLiteral("$")},
                                                 {QStringLiteral("JPY"), QStringLiteral("¥")}};
    return symbols.value(currency, currency);
}

} // namespace

AssistantPhrasebook::AssistantPhrasebook(const QString& language)
    : m_language(normalizedLanguage(language))
{ }

QString AssistantPhrasebook::normalizedLanguage(const QString& language)
{
    const QString code = language.trimmed().toLower().section(u'-', 0, 0).section(u'_', 0, 0);
    return code == u"es" ? code : QStringLiteral("en");
}

QString AssistantPhrasebook::text(const char* source) const
{
    if (m_language != u"en") {
        if (const QTranslator* translator = catalogue(m_language)) {
            const QString translated = translator->translate("DinerAssistant", source);
            if (!translated.isEmpty()) {
                return translated;
            }
        }
    }
    return QString::fromUtf8(source);
}

QString AssistantPhrasebook::money(int cents, const QString& currency) const
{
    const QLocale locale = m_language == u"es" ? QLocale(QLocale::Spanish, QLocale::Spain)
                                               : QLocale(QLocale::English, QLocale::UnitedStates);
    return locale.toCurrencyString(cents / 100.0, symbolFor(currency), 2);
}

QString AssistantPhrasebook::list(const QStringList& items) const
{
    if (items.size() <= 1) {
        return items.value(0);
    }
    const QString last = items.last();
    //: Joins the last two items of a list: "A, B and C".
    const QString conjunction = text(QT_TRANSLATE_NOOP("DinerAssistant", " and "));
    return items.mid(0, items.size() - 1).join(QStringLiteral(", ")) + conjunction + last;
}
