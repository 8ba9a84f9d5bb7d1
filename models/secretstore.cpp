#include "secretstore.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QSaveFile>
#include <memory>
#include <qt6keychain/keychain.h>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace
{

constexpr QFileDevice::Permissions OWNER_READ_WRITE = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
// Anything beyond 0600: the owner's execute bit and every group or other bit.
constexpr QFileDevice::Permissions WIDER_THAN_OWNER_READ_WRITE = QFileDevice::ExeOwner | QFileDevice::ReadGroup
    | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
    | QFileDevice::ExeOther;

template <typename T>
QFuture<T> ready(T value)
{
    return QtFuture::makeReadyValueFuture(std::move(value));
}

VoidResult checkKey(const QString& key)
{
    if (key.trimmed().isEmpty()) {
        return unexpected(Error::invalid(QStringLiteral("key"),
                                         QCoreApplication::translate("SecretStore", "A secret needs a name.")));
    }
    return {};
}

} // namespace

QString SecretStore::llmApiKey()
{
    return QStringLiteral("llm-api-key");
}

QString SecretStore::stripeSecretKey()
{
    return QStringLiteral("stripe-secret-key");
}

QString SecretStore::voiceWebhookSecret()
{
    return QStringLiteral("voice-webhook-secret");
}

QString SecretStore::analyticsPassword()
{
    return QStringLiteral("analytics-role-password");
}

SecretStore::SecretStore(const QString& service, QObject* parent)
    : QObject(parent)
    , m_service(service)
{
    // Only says whether a backend library is there (libsecret, KWallet); a
    // missing session bus shows up when the first job fails.
    if (!QKeychain::isAvailable()) {
        m_backend = Backend::Session;
        m_reason = tr("no Secret Service or KWallet is installed");
        describeProblem();
    }
}

QFuture<VoidResult> SecretStore::write(const QString& key, const QString& secret)
{
    return announce(key, store(key, secret));
}

QFuture<VoidResult> SecretStore::remove(const QString& key)
{
    return announce(key, erase(key));
}

QFuture<VoidResult> SecretStore::announce(const QString& key, QFuture<VoidResult> done)
{
    // Done already (the session or file store): say so now, and hand back a finished future.
    if (done.isFinished()) {
        if (done.result()) {
            Q_EMIT secretChanged(key);
        }
        return done;
    }
    return done.then(this, [this, key](const VoidResult& result) {
        if (result) {
            Q_EMIT secretChanged(key);
        }
        return result;
    });
}

QFuture<VoidResult> SecretStore::store(const QString& key, const QString& secret)
{
    if (auto valid = checkKey(key); !valid) {
        return ready(valid);
    }
    if (m_backend != Backend::Keychain) {
        return ready(writeLocally(key, secret));
    }
    auto promise = std::make_shared<QPromise<VoidResult>>();
    promise->start();
    // No parent: QtKeychain's callbacks hold the job, so it must outlive us
    // until it finishes (it deletes itself then).
    auto* job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, promise, key, secret](QKeychain::Job* done) {
        if (done->error() == QKeychain::NoError) {
            promise->addResult(VoidResult{});
        } else {
            fallBack(done->errorString());
            promise->addResult(writeLocally(key, secret));
        }
        promise->finish();
    });
    job->start();
    return promise->future();
}

QFuture<Result<QString>> SecretStore::read(const QString& key)
{
    if (auto valid = checkKey(key); !valid) {
        return ready(Result<QString>(unexpected(valid.error())));
    }
    if (m_backend != Backend::Keychain) {
        return ready(readLocally(key));
    }
    auto promise = std::make_shared<QPromise<Result<QString>>>();
    promise->start();
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, promise, key](QKeychain::Job* done) {
        auto* reader = static_cast<QKeychain::ReadPasswordJob*>(done);
        switch (reader->error()) {
        case QKeychain::NoError:
            promise->addResult(Result<QString>(reader->textData()));
            break;
        case QKeychain::EntryNotFound:
            promise->addResult(
                Result<QString>(unexpected(Error::notFound(tr("There is no secret called \"%1\".").arg(key)))));
            break;
        default:
            fallBack(reader->errorString());
            promise->addResult(readLocally(key));
            break;
        }
        promise->finish();
    });
    job->start();
    return promise->future();
}

QFuture<VoidResult> SecretStore::erase(const QString& key)
{
    if (auto valid = checkKey(key); !valid) {
        return ready(valid);
    }
    if (m_backend != Backend::Keychain) {
        return ready(removeLocally(key));
    }
    auto promise = std::make_shared<QPromise<VoidResult>>();
    promise->start();
    auto* job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, promise, key](QKeychain::Job* done) {
        // Removing what is not there leaves the keychain as asked.
        if (done->error() == QKeychain::NoError || done->error() == QKeychain::EntryNotFound) {
            promise->addResult(VoidResult{});
        } else {
            fallBack(done->errorString());
            promise->addResult(removeLocally(key));
        }
        promise->finish();
    });
    job->start();
    return promise->future();
}

VoidResult SecretStore::useFileFallback(const QString& path)
{
    if (path.trimmed().isEmpty()) {
        return unexpected(Error::invalid(QStringLiteral("path"), tr("Choose a file to keep the secrets in.")));
    }
    const QFileInfo info(path);
    if (info.exists()) {
        if (!info.isFile()) {
            return unexpected(Error::invalid(QStringLiteral("path"), tr("%1 is not a regular file.").arg(path)));
        }
#ifdef Q_OS_UNIX
        if (info.ownerId() != static_cast<uint>(::getuid())) {
            return unexpected(Error::invalid(QStringLiteral("path"), tr("%1 belongs to another user.").arg(path)));
        }
#endif
        if (info.permissions() & WIDER_THAN_OWNER_READ_WRITE) {
            return unexpected(Error::invalid(
                QStringLiteral("path"),
                tr("%1 can be read or changed by other users; make it readable only by you (chmod 600) first.")
                    .arg(path)));
        }
    } else {
        QFile file(path);
        // Created 0600 from the start, so the file is never briefly readable by others.
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, OWNER_READ_WRITE)
            || file.write(QJsonDocument(QJsonObject()).toJson()) < 0 || !file.setPermissions(OWNER_READ_WRITE)) {
            return unexpected(
                Error::invalid(QStringLiteral("path"), tr("Could not create %1: %2").arg(path, file.errorString())));
        }
    }

    const QString previousPath = m_filePath;
    m_filePath = path;
    auto existing = loadFile();
    if (!existing) {
        m_filePath = previousPath;
        return unexpected(existing.error());
    }
    if (m_backend == Backend::Keychain) {
        return {}; // used only if the keychain fails later
    }
    // Secrets kept in memory so far move to the file.
    for (auto it = m_session.cbegin(); it != m_session.cend(); ++it) {
        existing->insert(it.key(), it.value());
    }
    if (auto saved = saveFile(*existing); !saved) {
        m_filePath = previousPath;
        return saved;
    }
    m_session.clear();
    const bool changed = m_backend != Backend::File;
    m_backend = Backend::File;
    describeProblem();
    if (changed) {
        Q_EMIT backendChanged(m_backend);
    }
    return {};
}

void SecretStore::fallBack(const QString& reason)
{
    if (m_backend != Backend::Keychain) {
        return;
    }
    m_reason = reason.isEmpty() ? tr("the Secret Service did not answer") : reason;
    m_backend = m_filePath.isEmpty() ? Backend::Session : Backend::File;
    describeProblem();
    Q_EMIT backendChanged(m_backend);
}

void SecretStore::describeProblem()
{
    if (m_backend == Backend::File) {
        m_problem = tr("The system keychain cannot be used (%1). Secrets are kept in %2, readable only by you.")
                        .arg(m_reason, m_filePath);
    } else {
        m_problem = tr("The system keychain cannot be used (%1). Secrets are kept only until Maitre exits; "
                       "enter them again next time or choose a file readable only by you.")
                        .arg(m_reason);
    }
}

VoidResult SecretStore::writeLocally(const QString& key, const QString& secret)
{
    if (m_backend != Backend::File) {
        m_session.insert(key, secret);
        return {};
    }
    auto secrets = loadFile();
    if (!secrets) {
        return unexpected(secrets.error());
    }
    secrets->insert(key, secret);
    return saveFile(*secrets);
}

Result<QString> SecretStore::readLocally(const QString& key) const
{
    QHash<QString, QString> secrets;
    if (m_backend == Backend::File) {
        auto loaded = loadFile();
        if (!loaded) {
            return unexpected(loaded.error());
        }
        secrets = std::move(*loaded);
    } else {
        secrets = m_session;
    }
    const auto found = secrets.constFind(key);
    if (found == secrets.cend()) {
        return unexpected(Error::notFound(tr("There is no secret called \"%1\".").arg(key)));
    }
    return *found;
}

VoidResult SecretStore::removeLocally(const QString& key)
{
    if (m_backend != Backend::File) {
        m_session.remove(key);
        return {};
    }
    auto secrets = loadFile();
    if (!secrets) {
        return unexpected(secrets.error());
    }
    if (secrets->remove(key) == 0) {
        return {};
    }
    return saveFile(*secrets);
}

Result<QHash<QString, QString>> SecretStore::loadFile() const
{
    QFile file(m_filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        return unexpected(Error::unavailable(tr("Could not read %1: %2").arg(m_filePath, file.errorString())));
    }
    const QByteArray bytes = file.readAll();
    QHash<QString, QString> secrets;
    if (bytes.trimmed().isEmpty()) {
        return secrets;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return unexpected(
            Error::invalid(QStringLiteral("path"), tr("%1 is not a Maitre secrets file.").arg(m_filePath)));
    }
    const QJsonObject object = document.object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        secrets.insert(it.key(), it.value().toString());
    }
    return secrets;
}

VoidResult SecretStore::saveFile(const QHash<QString, QString>& secrets) const
{
    QJsonObject object;
    for (auto it = secrets.cbegin(); it != secrets.cend(); ++it) {
        object.insert(it.key(), it.value());
    }
    // QSaveFile keeps the existing file's 0600 for its replacement; setting it
    // again after the rename covers a file someone widened in between.
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(object).toJson()) < 0 || !file.commit()) {
        return unexpected(Error::unavailable(tr("Could not write %1: %2").arg(m_filePath, file.errorString())));
    }
    if (!QFile::setPermissions(m_filePath, OWNER_READ_WRITE)) {
        return unexpected(Error::unavailable(tr("Could not make %1 readable only by you.").arg(m_filePath)));
    }
    return {};
}
