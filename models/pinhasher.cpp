#include "pinhasher.h"

#include <QByteArray>
#include <mutex>
#include <sodium.h>

namespace
{
bool sodiumReady()
{
    static std::once_flag once;
    static bool ready = false;
    std::call_once(once, [] { ready = sodium_init() >= 0; });
    return ready;
}

// Wipes the copy of a PIN when it goes out of scope.
struct SecretBytes
{
    explicit SecretBytes(const QString& text)
        : bytes(text.toUtf8())
    { }
    ~SecretBytes() { sodium_memzero(bytes.data(), size_t(bytes.size())); }
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;

    QByteArray bytes;
};
} // namespace

Result<QString> PinHasher::hash(const QString& pin)
{
    if (!sodiumReady()) {
        return unexpected(Error::internal(QStringLiteral("libsodium could not be initialised")));
    }
    const SecretBytes secret(pin);
    char out[crypto_pwhash_STRBYTES];
    // Interactive limits (2 passes, 64 MiB): about a tenth of a second per PIN,
    // slow enough that a stolen table of 4–8 digit PINs takes real work.
    if (crypto_pwhash_str_alg(out,
                              secret.bytes.constData(),
                              static_cast<unsigned long long>(secret.bytes.size()),
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13)
        != 0) {
        return unexpected(Error::internal(QStringLiteral("hashing a PIN failed (out of memory)")));
    }
    return QString::fromLatin1(out);
}

bool PinHasher::verify(const QString& pin, const QString& hash)
{
    if (!sodiumReady() || hash.isEmpty()) {
        return false;
    }
    const QByteArray stored = hash.toLatin1();
    const SecretBytes secret(pin);
    return crypto_pwhash_str_verify(
               stored.constData(), secret.bytes.constData(), static_cast<unsigned long long>(secret.bytes.size()))
        == 0;
}
