#pragma once

#include "chat.h"

#include <QString>
#include <QStringList>

// Takes diners' personal details out of text before it leaves the machine for
// a language model: e-mail addresses, phone (and card) numbers, the names it
// is told about and names people give themselves ("my name is …", "me llamo …").
// Dates, times, prices and quantities stay, so questions keep their meaning.
class Redactor final
{
public:
    static inline const QString EMAIL = QStringLiteral("[email]");
    static inline const QString PHONE = QStringLiteral("[phone]");
    static inline const QString NAME = QStringLiteral("[name]");

    // `names`: people's names to take out wherever they appear as whole words
    // (a party's name, staff names), matched ignoring case and accents.
    explicit Redactor(const QStringList& names = {});

    QString redact(const QString& text) const;
    // Every message's content and every tool call's arguments, but the system
    // prompt's (the restaurant's own words, not a diner's).
    ChatRequest redact(const ChatRequest& request) const;

private:
    QStringList m_names; // longest first, so "Ana María" goes before "Ana"
};
