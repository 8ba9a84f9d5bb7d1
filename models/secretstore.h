#pragma once

#include "result.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QString>

// API keys and secrets (LLM key, Stripe key, voice webhook secret, analytics
// role password) in the OS keychain through QtKeychain (Secret Service on
// Linux), never in the database, settings files or logs. When no keychain is
// available it says so (keychainAvailable() false, keychainProblem()) and
// keeps secrets for this session only, unless the user has chosen a file
// readable only by them (useFileFallback).
class SecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    // Well-known keys.
    static QString llmApiKey(); // "llm-api-key"
    static QString stripeSecretKey(); // "stripe-secret-key"
    static QString voiceWebhookSecret(); // "voice-webhook-secret"
    static QString analyticsPassword(); // "analytics-role-password"

    enum class Backend
    {
        Keychain,
        Session, // memory only, gone when Maitre exits
        File // a 0600 file the user chose
    };
    Q_ENUM(Backend)

    // `service` names the keychain collection entry ("Maitre" in the app; tests use their own).
    explicit SecretStore(const QString& service, QObject* parent = nullptr);

    // Resolve on the calling thread's event loop (QtKeychain jobs are asynchronous).
    QFuture<VoidResult> write(const QString& key, const QString& secret);
    // NotFound when there is no such secret.
    QFuture<Result<QString>> read(const QString& key);
    QFuture<VoidResult> remove(const QString& key);

    Backend backend() const { return m_backend; }
    bool keychainAvailable() const { return m_backend == Backend::Keychain; }
    // Why the keychain could not be used, for the settings view; empty when it works.
    QString keychainProblem() const { return m_problem; }
    // Keep secrets in `path` (created 0600) instead of memory when there is no keychain.
    VoidResult useFileFallback(const QString& path);

Q_SIGNALS:
    void backendChanged(SecretStore::Backend backend);
    // A secret was written or removed (never carries the value).
    void secretChanged(const QString& key);

private:
    QFuture<VoidResult> store(const QString& key, const QString& secret);
    QFuture<VoidResult> erase(const QString& key);
    QFuture<VoidResult> announce(const QString& key, QFuture<VoidResult> done);
    // The keychain failed for `reason`: carry on in the file or in memory.
    void fallBack(const QString& reason);
    void describeProblem();
    VoidResult writeLocally(const QString& key, const QString& secret);
    Result<QString> readLocally(const QString& key) const;
    VoidResult removeLocally(const QString& key);
    Result<QHash<QString, QString>> loadFile() const;
    VoidResult saveFile(const QHash<QString, QString>& secrets) const;

    QString m_service;
    QString m_reason; // why the keychain failed, as QtKeychain or we put it
    Backend m_backend = Backend::Keychain;
    QString m_problem;
    QString m_filePath;
    QHash<QString, QString> m_session;
};
