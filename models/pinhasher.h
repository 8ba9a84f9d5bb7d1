#pragma once

#include "result.h"

#include <QString>

// Slow salted PIN hashes: libsodium's Argon2id (crypto_pwhash_str), in its
// self-describing string form, so parameters can rise later without a migration.
class PinHasher final
{
public:
    static Result<QString> hash(const QString& pin);
    static bool verify(const QString& pin, const QString& hash);
};
