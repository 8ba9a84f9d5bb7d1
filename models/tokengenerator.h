#pragma once

#include <QString>

// Secrets for access (tokens) and short codes for reading aloud.
class TokenGenerator final
{
public:
    // 192 random bits from the system's CSPRNG, base64url: 32 characters.
    static QString token();
    // `length` characters from an alphabet without look-alikes (no 0/O, 1/I/L,
    // 2/Z, 5/S, 8/B): easy to read aloud and to type.
    static QString code(int length = 4);
    static const QString& codeAlphabet();
};
