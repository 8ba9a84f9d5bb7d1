#pragma once

#include <QString>

// The diner assistant's sentences in the diner's language, not the console's:
// each request may come from a phone in another language. Sources are marked
// with QT_TRANSLATE_NOOP("DinerAssistant", …) so lupdate collects them into
// translations/maitre_es.ts (diner Spanish: "tú"), and are looked up in the
// compiled catalogue (:/i18n/maitre_<lang>.qm) for that language; English, or
// a language without a catalogue, gets the source text.
class AssistantPhrasebook final
{
public:
    // "en", "es-ES", "es" …; anything unknown is English.
    explicit AssistantPhrasebook(const QString& language);

    QString language() const { return m_language; }
    // `source` must be a QT_TRANSLATE_NOOP("DinerAssistant", …) literal.
    QString text(const char* source) const;
    // 1150 EUR → "€11.50" (en) or "11,50 €" (es).
    QString money(int cents, const QString& currency) const;
    // Names joined as a list: "A, B and C" / "A, B y C".
    QString list(const QStringList& items) const;

    // The language codes the assistant speaks.
    static QString normalizedLanguage(const QString& language);

private:
    QString m_language;
};
