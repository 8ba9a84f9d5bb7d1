#include "tokencommand.h"

#include "apitokenservice.h"
#include "commanddatabase.h"
#include "store/store.h"

#include <QLocale>

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
    m_database = std::make_unique<CommandDatabase>(m_options.dataDir, m_options.databaseUrl);
    connect(m_database.get(), &CommandDatabase::failed, this, &TokenCommand::fail);
    connect(m_database.get(), &CommandDatabase::restaurantReady, this, [this](qint64 restaurantId) {
        m_tokens = std::make_unique<ApiTokenService>(m_database->store());
        run(restaurantId);
    });
    m_database->open();
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
    if (!m_database) {
        return;
    }
    m_database->drain();
    m_tokens.reset();
    if (auto stopped = m_database->close(); !stopped) {
        print(m_err, QStringLiteral("maitre: %1\n").arg(stopped.error().message));
    }
    m_database.reset();
}
