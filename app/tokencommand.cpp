#include "tokencommand.h"

#include "apitokenservice.h"
#include "localpostgres.h"
#include "restaurantservice.h"
#include "store/migrator.h"
#include "store/store.h"

#include <QDir>
#include <QLocale>
#include <QtConcurrent>

namespace
{

QString when(const QDateTime& time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QStringLiteral("-");
}

} // namespace

TokenCommand::TokenCommand(CommandLineOptions options, FILE* out, FILE* err, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_out(out)
    , m_err(err)
{ }

TokenCommand::~TokenCommand()
{
    shutdown();
}

void TokenCommand::print(FILE* stream, const QString& text) const
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fflush(stream);
}

void TokenCommand::start()
{
    // Output is for people and scripts: no "relation already exists, skipping"
    // notices from the migrations (libpq prints them on stderr).
    if (qEnvironmentVariableIsEmpty("PGOPTIONS")) {
        qputenv("PGOPTIONS", "-c client_min_messages=warning");
    }
    if (!m_options.databaseUrl.isEmpty()) {
        const auto settings = ConnectionSettings::fromUrl(m_options.databaseUrl);
        if (!settings) {
            QMetaObject::invokeMethod(
                this, [this, message = settings.error().message] { fail(message); }, Qt::QueuedConnection);
            return;
        }
        QMetaObject::invokeMethod(this, [this, s = *settings] { databaseReady(s); }, Qt::QueuedConnection);
        return;
    }
    // The same cluster a normal start uses; initdb and pg_ctl take seconds, so off this thread.
    m_postgres = std::make_unique<LocalPostgres>(QDir(m_options.dataDir).filePath(QStringLiteral("pg")));
    LocalPostgres* postgres = m_postgres.get();
    bool* started = &m_startedPostgres;
    m_bootstrap = QtConcurrent::run([postgres, started]() -> Result<ConnectionSettings> {
        // A console already running on this data directory keeps its database running.
        *started = !postgres->isRunning();
        if (auto up = postgres->start(); !up) {
            return unexpected(up.error());
        }
        return postgres->connectionSettings();
    });
    m_bootstrap.then(this, [this](const Result<ConnectionSettings>& settings) {
        if (!settings) {
            fail(tr("The local database could not be started.\n%1").arg(settings.error().message));
            return;
        }
        databaseReady(*settings);
    });
}

void TokenCommand::databaseReady(const ConnectionSettings& settings)
{
    m_store = std::make_unique<Store>(settings, 1);
    m_tokens = std::make_unique<ApiTokenService>(*m_store);
    m_store->run<int>([](QSqlDatabase& db) { return Migrator().migrate(db); })
        .then(this, [this](const Result<int>& applied) {
            if (!applied) {
                fail(tr("The database could not be prepared.\n%1").arg(applied.error().message));
                return;
            }
            auto restaurants = std::make_shared<RestaurantService>(*m_store);
            restaurants->current().then(this, [this, restaurants](const Result<std::optional<Restaurant>>& restaurant) {
                if (!restaurant) {
                    fail(tr("The restaurant could not be loaded.\n%1").arg(restaurant.error().message));
                    return;
                }
                if (!restaurant->has_value()) {
                    fail(tr("There is no restaurant yet: start Maitre and set one up first "
                            "(or start it once with --demo)."));
                    return;
                }
                run((*restaurant)->id);
            });
        });
}

void TokenCommand::run(qint64 restaurantId)
{
    switch (m_options.action) {
    case CommandLineOptions::Action::CreateToken:
        createToken(restaurantId);
        return;
    case CommandLineOptions::Action::ListTokens:
        listTokens(restaurantId);
        return;
    case CommandLineOptions::Action::RevokeToken:
        revokeToken(restaurantId);
        return;
    default:
        fail(QStringLiteral("internal: not a token command"));
        return;
    }
}

void TokenCommand::createToken(qint64 restaurantId)
{
    m_tokens->create(restaurantId, Actor::system(), m_options.tokenName, m_options.tokenScopes)
        .then(this, [this](const Result<ApiTokenService::Created>& created) {
            if (!created) {
                fail(created.error().message);
                return;
            }
            // The secret alone on stdout, so a script can capture it; the rest on stderr.
            print(m_out, created->secret + u'\n');
            print(m_err,
                  tr("Created the API token \"%1\" (scopes: %2). It is shown only this once: keep it somewhere "
                     "safe. Send it as \"Authorization: Bearer <token>\".\n")
                      .arg(created->token.name, created->token.scopes.join(QStringLiteral(", "))));
            succeed();
        });
}

void TokenCommand::listTokens(qint64 restaurantId)
{
    m_tokens->list(restaurantId, Actor::system()).then(this, [this](const Result<QList<ApiToken>>& tokens) {
        if (!tokens) {
            fail(tokens.error().message);
            return;
        }
        if (tokens->isEmpty()) {
            print(m_err, tr("There are no API tokens yet. Create one with --create-token NAME --scope events.\n"));
            succeed();
            return;
        }
        const QStringList headings{tr("NAME"), tr("SCOPES"), tr("CREATED"), tr("LAST USED"), tr("REVOKED")};
        QList<QStringList> rows{headings};
        for (const ApiToken& token : *tokens) {
            rows.append({token.name,
                         token.scopes.join(u','),
                         when(token.createdAt),
                         token.lastUsedAt.isValid() ? when(token.lastUsedAt) : tr("never"),
                         token.isRevoked() ? when(token.revokedAt) : tr("no")});
        }
        QList<qsizetype> widths(headings.size(), 0);
        for (const QStringList& row : rows) {
            for (qsizetype i = 0; i < row.size(); ++i) {
                widths[i] = std::max(widths[i], row.at(i).size());
            }
        }
        QString text;
        for (const QStringList& row : rows) {
            QString line;
            for (qsizetype i = 0; i < row.size(); ++i) {
                line += i + 1 < row.size() ? row.at(i).leftJustified(widths.at(i) + 2) : row.at(i);
            }
            text += line + u'\n';
        }
        print(m_out, text);
        succeed();
    });
}

void TokenCommand::revokeToken(qint64 restaurantId)
{
    m_tokens->revoke(restaurantId, Actor::system(), m_options.tokenName)
        .then(this, [this](const Result<ApiToken>& revoked) {
            if (!revoked) {
                fail(revoked.error().message);
                return;
            }
            print(m_out, tr("Revoked the API token \"%1\".\n").arg(revoked->name));
            succeed();
        });
}

void TokenCommand::succeed()
{
    if (!m_done) {
        m_done = true;
        Q_EMIT finished(0);
    }
}

void TokenCommand::fail(const QString& message)
{
    print(m_err, QStringLiteral("maitre: %1\n").arg(message));
    if (!m_done) {
        m_done = true;
        Q_EMIT finished(1);
    }
}

void TokenCommand::shutdown()
{
    if (m_store) {
        m_store->shutdown();
    }
    m_tokens.reset();
    m_store.reset();
    if (m_postgres) {
        m_bootstrap.waitForFinished(); // a start in progress finishes before the stop
        if (m_startedPostgres) {
            if (auto stopped = m_postgres->stop(); !stopped) {
                print(m_err, QStringLiteral("maitre: %1\n").arg(stopped.error().message));
            }
        }
        m_postgres.reset();
    }
}
