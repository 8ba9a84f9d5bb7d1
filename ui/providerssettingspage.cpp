#include "providerssettingspage.h"

#include "dialogs.h"
#include "secretstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QUrl>
#include <QVBoxLayout>

namespace
{

constexpr int FIELD_WIDTH = 440;

QFormLayout* newForm()
{
    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setHorizontalSpacing(16);
    form->setVerticalSpacing(10);
    form->setContentsMargins(16, 14, 16, 14);
    return form;
}

QLineEdit* urlEdit(const QString& objectName, const QString& placeholder, QWidget* parent)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    edit->setMaximumWidth(FIELD_WIDTH);
    return edit;
}

bool isWebUrl(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https") && !url.host().isEmpty();
}

void repolish(QWidget* widget)
{
    widget->style()->unpolish(widget);
    widget->style()->polish(widget);
}

} // namespace

ProvidersSettingsPage::ProvidersSettingsPage(
    qint64 restaurantId, SettingsService& settings, SecretStore& secrets, ConsoleSession& session, QWidget* parent)
    : RestaurantSettingsPage(tr("Providers"),
                             tr("Services Maitre talks to. Keys are kept in the computer's keychain, never in the "
                                "database or settings files, and are never shown again once saved."),
                             restaurantId,
                             settings,
                             session,
                             parent)
    , m_secrets(secrets)
    , m_payment(new QComboBox(this))
    , m_geocoder(new QComboBox(this))
    , m_nominatimUrl(
          urlEdit(QStringLiteral("nominatimUrlLineEdit"), QStringLiteral("https://nominatim.example.org"), this))
    , m_llmBaseUrl(urlEdit(QStringLiteral("llmBaseUrlLineEdit"), tr("Empty: the co-pilot works offline"), this))
    , m_llmModel(urlEdit(QStringLiteral("llmModelLineEdit"), tr("e.g. gpt-4o-mini"), this))
    , m_llmEnabled(new QCheckBox(tr("Use this model for the co-pilot and the ordering assistant"), this))
    , m_assistantName(urlEdit(QStringLiteral("assistantNameLineEdit"), tr("e.g. Sofia"), this))
    , m_assistantTone(new QComboBox(this))
    , m_assistantGreeting(
          urlEdit(QStringLiteral("assistantGreetingLineEdit"), tr("Empty: a greeting in the diner's language"), this))
    , m_tileServerUrl(urlEdit(QStringLiteral("tileServerUrlLineEdit"), tr("Empty: a plain background"), this))
    , m_covers(new QSpinBox(this))
    , m_keychainNotice(new QFrame(this))
    , m_keychainTitle(new QLabel(m_keychainNotice))
    , m_keychainText(new QLabel(m_keychainNotice))
    , m_chooseFileButton(new QPushButton(tr("Keep secrets in a file…"), m_keychainNotice))
{
    setObjectName(QStringLiteral("providersSettingsPage"));

    // The keychain notice comes first: it changes what "saved" means for every key below.
    m_keychainNotice->setObjectName(QStringLiteral("keychainNoticeFrame"));
    m_keychainTitle->setObjectName(QStringLiteral("keychainNoticeTitleLabel"));
    m_keychainTitle->setWordWrap(true);
    m_keychainTitle->setTextFormat(Qt::PlainText);
    QFont titleFont = m_keychainTitle->font();
    titleFont.setBold(true);
    m_keychainTitle->setFont(titleFont);
    m_keychainText->setObjectName(QStringLiteral("keychainNoticeLabel"));
    m_keychainText->setWordWrap(true);
    m_keychainText->setTextFormat(Qt::PlainText);
    m_chooseFileButton->setObjectName(QStringLiteral("chooseSecretFileButton"));
    m_chooseFileButton->setProperty("role", QStringLiteral("plain"));
    m_chooseFileButton->setToolTip(tr("Store the keys in a file only your user account can read"));
    connect(m_chooseFileButton, &QPushButton::clicked, this, &ProvidersSettingsPage::chooseSecretFile);
    auto* noticeLayout = new QHBoxLayout(m_keychainNotice);
    noticeLayout->setContentsMargins(14, 10, 14, 10);
    noticeLayout->setSpacing(14);
    auto* noticeTexts = new QVBoxLayout;
    noticeTexts->setSpacing(3);
    noticeTexts->addWidget(m_keychainTitle);
    noticeTexts->addWidget(m_keychainText);
    noticeLayout->addLayout(noticeTexts, 1);
    noticeLayout->addWidget(m_chooseFileButton, 0, Qt::AlignVCenter);
    content()->addWidget(m_keychainNotice);

    m_payment->setObjectName(QStringLiteral("paymentProviderComboBox"));
    m_payment->addItem(tr("Offline (cash and card terminal)"), QStringLiteral("offline"));
    m_payment->addItem(tr("Stripe"), QStringLiteral("stripe"));
    m_payment->setMaximumWidth(FIELD_WIDTH);
    auto* paymentBox = new QGroupBox(tr("Payments"), this);
    auto* paymentForm = newForm();
    paymentForm->addRow(formLabel(tr("Provider")), withError(m_payment, QStringLiteral("payment_provider")));
    paymentForm->addRow(formLabel(tr("Stripe secret key")),
                        secretRow(SecretStore::stripeSecretKey(), QStringLiteral("stripeSecretKey")));
    paymentBox->setLayout(paymentForm);

    m_geocoder->setObjectName(QStringLiteral("geocoderComboBox"));
    m_geocoder->addItem(tr("Offline (addresses are not placed on the map)"), QStringLiteral("offline"));
    m_geocoder->addItem(tr("Nominatim"), QStringLiteral("nominatim"));
    m_geocoder->setMaximumWidth(FIELD_WIDTH);
    auto* mapBox = new QGroupBox(tr("Addresses and map"), this);
    auto* mapForm = newForm();
    mapForm->addRow(formLabel(tr("Geocoder")), withError(m_geocoder, QStringLiteral("geocoder")));
    mapForm->addRow(formLabel(tr("Nominatim server")), withError(m_nominatimUrl, QStringLiteral("nominatim_url")));
    mapForm->addRow(formLabel(tr("Map tile server")), withError(m_tileServerUrl, QStringLiteral("tile_server_url")));
    mapBox->setLayout(mapForm);

    auto* llmBox = new QGroupBox(tr("Language model (co-pilot and ordering assistant)"), this);
    auto* llmForm = newForm();
    llmForm->addRow(formLabel(tr("Base URL")), withError(m_llmBaseUrl, QStringLiteral("llm_base_url")));
    llmForm->addRow(formLabel(tr("Model")), withError(m_llmModel, QStringLiteral("llm_model")));
    llmForm->addRow(formLabel(tr("API key")), secretRow(SecretStore::llmApiKey(), QStringLiteral("llmApiKey")));
    m_llmEnabled->setObjectName(QStringLiteral("llmEnabledCheckBox"));
    m_llmEnabled->setToolTip(tr("Off: both work offline, from the restaurant's own data and menu"));
    llmForm->addRow(formLabel(QString()), withError(m_llmEnabled, QStringLiteral("llm_enabled")));
    llmBox->setLayout(llmForm);

    // Who diners talk to on their phones: one persona per location.
    m_assistantName->setMaxLength(40);
    m_assistantTone->setObjectName(QStringLiteral("assistantToneComboBox"));
    m_assistantTone->addItem(tr("Friendly"), QStringLiteral("friendly"));
    m_assistantTone->addItem(tr("Formal"), QStringLiteral("formal"));
    m_assistantTone->addItem(tr("Playful"), QStringLiteral("playful"));
    m_assistantTone->setMaximumWidth(FIELD_WIDTH);
    m_assistantGreeting->setMaxLength(300);
    auto* assistantBox = new QGroupBox(tr("Ordering assistant on the diner page"), this);
    auto* assistantForm = newForm();
    assistantForm->addRow(formLabel(tr("Name")), withError(m_assistantName, QStringLiteral("assistant_name")));
    assistantForm->addRow(formLabel(tr("Tone")), withError(m_assistantTone, QStringLiteral("assistant_tone")));
    assistantForm->addRow(formLabel(tr("Greeting")),
                          withError(m_assistantGreeting, QStringLiteral("assistant_greeting")));
    assistantBox->setLayout(assistantForm);

    m_covers->setObjectName(QStringLiteral("coversPerServerSpinBox"));
    m_covers->setRange(0, 500);
    m_covers->setMaximumWidth(140);
    auto* serviceBox = new QGroupBox(tr("Voice ordering and service"), this);
    auto* serviceForm = newForm();
    serviceForm->addRow(formLabel(tr("Voice webhook secret")),
                        secretRow(SecretStore::voiceWebhookSecret(), QStringLiteral("voiceWebhookSecret")));
    serviceForm->addRow(formLabel(tr("Covers per server")), withError(m_covers, QStringLiteral("covers_per_server")));
    serviceBox->setLayout(serviceForm);

    content()->addWidget(paymentBox);
    content()->addWidget(mapBox);
    content()->addWidget(llmBox);
    content()->addWidget(assistantBox);
    content()->addWidget(serviceBox);
    content()->addStretch(1);

    connect(m_payment, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabledFields();
        fieldsChanged();
    });
    connect(m_geocoder, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabledFields();
        fieldsChanged();
    });
    for (QLineEdit* edit :
         {m_nominatimUrl, m_llmBaseUrl, m_llmModel, m_tileServerUrl, m_assistantName, m_assistantGreeting}) {
        connect(edit, &QLineEdit::textChanged, this, [this] { fieldsChanged(); });
    }
    connect(m_llmEnabled, &QCheckBox::toggled, this, [this] { fieldsChanged(); });
    connect(m_assistantTone, &QComboBox::currentIndexChanged, this, [this] { fieldsChanged(); });
    connect(m_covers, &QSpinBox::valueChanged, this, [this] { fieldsChanged(); });
    connect(&m_secrets, &SecretStore::backendChanged, this, [this] { updateKeychainNotice(); });
    updateKeychainNotice();
}

QWidget* ProvidersSettingsPage::secretRow(const QString& key, const QString& objectName)
{
    Secret secret;
    secret.edit = new QLineEdit(this);
    secret.edit->setObjectName(objectName + QStringLiteral("LineEdit"));
    secret.edit->setEchoMode(QLineEdit::Password);
    secret.edit->setMaximumWidth(FIELD_WIDTH - 170);
    secret.edit->setMinimumWidth(220);
    secret.status = new QLabel(this);
    secret.status->setObjectName(objectName + QStringLiteral("StatusLabel"));
    secret.status->setMinimumWidth(70);
    secret.remove = new QPushButton(tr("Remove"), this);
    secret.remove->setObjectName(objectName + QStringLiteral("RemoveButton"));
    secret.remove->setProperty("role", QStringLiteral("plain"));
    secret.remove->setToolTip(tr("Forget this key when the page is saved"));
    connect(secret.edit, &QLineEdit::textChanged, this, [this] { fieldsChanged(); });
    connect(secret.remove, &QPushButton::clicked, this, [this, key] {
        m_removals.insert(key);
        m_secretRows.value(key).edit->clear();
        refreshSecretStatus();
        fieldsChanged();
    });
    m_secretRows.insert(key, secret);

    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addWidget(secret.edit, 1);
    layout->addWidget(secret.status);
    layout->addWidget(secret.remove);
    layout->addStretch(0);
    return withError(row, key);
}

QString ProvidersSettingsPage::secretStatus(const QString& key) const
{
    const Secret secret = m_secretRows.value(key);
    return secret.status == nullptr ? QString() : secret.status->text();
}

void ProvidersSettingsPage::showSettings(const RestaurantSettings& settings)
{
    m_payment->setCurrentIndex(qMax(0, m_payment->findData(settings.paymentProvider)));
    m_geocoder->setCurrentIndex(qMax(0, m_geocoder->findData(settings.geocoder)));
    m_nominatimUrl->setText(settings.nominatimUrl);
    m_llmBaseUrl->setText(settings.llmBaseUrl);
    m_llmModel->setText(settings.llmModel);
    m_llmEnabled->setChecked(settings.llmEnabled);
    m_assistantName->setText(settings.assistantName);
    m_assistantTone->setCurrentIndex(qMax(0, m_assistantTone->findData(settings.assistantTone)));
    m_assistantGreeting->setText(settings.assistantGreeting);
    m_tileServerUrl->setText(settings.tileServerUrl);
    m_covers->setValue(settings.coversPerServer);
    for (const Secret& secret : std::as_const(m_secretRows)) {
        secret.edit->clear();
    }
    m_removals.clear();
    updateEnabledFields();
}

void ProvidersSettingsPage::applyFields(RestaurantSettings& settings) const
{
    settings.paymentProvider = m_payment->currentData().toString();
    settings.geocoder = m_geocoder->currentData().toString();
    settings.nominatimUrl = m_nominatimUrl->text().trimmed();
    settings.llmBaseUrl = m_llmBaseUrl->text().trimmed();
    settings.llmModel = m_llmModel->text().trimmed();
    settings.llmEnabled = m_llmEnabled->isChecked();
    settings.assistantName = m_assistantName->text().trimmed();
    settings.assistantTone = m_assistantTone->currentData().toString();
    settings.assistantGreeting = m_assistantGreeting->text().trimmed();
    settings.tileServerUrl = m_tileServerUrl->text().trimmed();
    settings.coversPerServer = m_covers->value();
}

bool ProvidersSettingsPage::checkFields()
{
    bool ok = true;
    const QList<std::pair<QLineEdit*, QString>> urls{{m_nominatimUrl, QStringLiteral("nominatim_url")},
                                                     {m_llmBaseUrl, QStringLiteral("llm_base_url")},
                                                     {m_tileServerUrl, QStringLiteral("tile_server_url")}};
    for (const auto& [edit, field] : urls) {
        const QString text = edit->text().trimmed();
        if (!text.isEmpty() && !isWebUrl(text)) {
            setFieldError(field, tr("Enter an address starting with http:// or https://, or leave it empty."));
            ok = false;
        }
    }
    if (m_geocoder->currentData().toString() == u"nominatim" && m_nominatimUrl->text().trimmed().isEmpty()) {
        setFieldError(QStringLiteral("nominatim_url"), tr("Enter the Nominatim server's address."));
        ok = false;
    }
    if (m_llmEnabled->isChecked()
        && (m_llmBaseUrl->text().trimmed().isEmpty() || m_llmModel->text().trimmed().isEmpty())) {
        setFieldError(QStringLiteral("llm_enabled"), tr("Enter the model's base URL and name to use it."));
        ok = false;
    }
    if (m_assistantName->text().trimmed().isEmpty()) {
        setFieldError(QStringLiteral("assistant_name"), tr("Give the assistant a name diners will see."));
        ok = false;
    }
    if (m_covers->value() < 1 || m_covers->value() > 200) {
        setFieldError(QStringLiteral("covers_per_server"), tr("Covers per server are between 1 and 200."));
        ok = false;
    }
    const QString stripe = m_secretRows.value(SecretStore::stripeSecretKey()).edit->text().trimmed();
    if (!stripe.isEmpty() && !stripe.startsWith(QStringLiteral("sk_")) && !stripe.startsWith(QStringLiteral("rk_"))) {
        setFieldError(SecretStore::stripeSecretKey(),
                      tr("A Stripe secret key starts with sk_ (or rk_ for a restricted key)."));
        ok = false;
    }
    for (auto it = m_secretRows.cbegin(); it != m_secretRows.cend(); ++it) {
        const QString text = it->edit->text();
        if (!text.isEmpty() && text.trimmed() != text) {
            setFieldError(it.key(), tr("The key has spaces at its start or end; paste it again."));
            ok = false;
        }
    }
    return ok;
}

bool ProvidersSettingsPage::hasOtherChanges() const
{
    if (!m_removals.isEmpty()) {
        return true;
    }
    for (const Secret& secret : m_secretRows) {
        if (!secret.edit->text().isEmpty()) {
            return true;
        }
    }
    return false;
}

void ProvidersSettingsPage::saveOtherChanges(std::function<void(bool ok)> done)
{
    QStringList keys;
    for (auto it = m_secretRows.cbegin(); it != m_secretRows.cend(); ++it) {
        if (!it->edit->text().isEmpty() || m_removals.contains(it.key())) {
            keys << it.key();
        }
    }
    saveNextSecret(keys, true, std::move(done));
}

void ProvidersSettingsPage::saveNextSecret(QStringList keys, bool ok, std::function<void(bool ok)> done)
{
    if (keys.isEmpty()) {
        refreshSecretStatus();
        done(ok);
        return;
    }
    const QString key = keys.takeFirst();
    const Secret secret = m_secretRows.value(key);
    const QString text = secret.edit->text();
    auto next = [this, key, keys, ok, done = std::move(done)](const VoidResult& result) mutable {
        if (result) {
            m_secretRows.value(key).edit->clear();
            m_removals.remove(key);
        } else {
            setFieldError(key, result.error().message);
            showError(tr("A key could not be saved: %1").arg(result.error().message));
        }
        saveNextSecret(keys, ok && bool(result), std::move(done));
    };
    if (text.isEmpty()) {
        watch(m_secrets.remove(key), [this, key, next](const VoidResult& result) mutable {
            // Removing a key that was never there is fine.
            if (result || result.error().kind == Error::Kind::NotFound) {
                m_secretSet.insert(key, false);
                next(VoidResult{});
            } else {
                next(result);
            }
        });
    } else {
        watch(m_secrets.write(key, text), [this, key, next](const VoidResult& result) mutable {
            if (result) {
                m_secretSet.insert(key, true);
            }
            next(result);
        });
    }
}

void ProvidersSettingsPage::afterLoad()
{
    for (auto it = m_secretRows.cbegin(); it != m_secretRows.cend(); ++it) {
        const QString key = it.key();
        watch(m_secrets.read(key), [this, key](const Result<QString>& secret) {
            // Only whether there is one: the key itself is never shown.
            m_secretSet.insert(key, secret.has_value() && !secret->isEmpty());
            refreshSecretStatus();
        });
    }
    refreshSecretStatus();
}

void ProvidersSettingsPage::refreshSecretStatus()
{
    for (auto it = m_secretRows.cbegin(); it != m_secretRows.cend(); ++it) {
        const bool removing = m_removals.contains(it.key());
        const bool set = m_secretSet.value(it.key()) && !removing;
        it->status->setText(removing ? tr("Removed on save") : set ? tr("✓ Set") : tr("Not set"));
        it->status->setProperty("state", set ? QStringLiteral("set") : QStringLiteral("unset"));
        repolish(it->status);
        it->edit->setPlaceholderText(set ? tr("Type a new key to replace it") : tr("Paste the key"));
        it->remove->setEnabled(set);
    }
}

void ProvidersSettingsPage::updateKeychainNotice()
{
    switch (m_secrets.backend()) {
    case SecretStore::Backend::Keychain:
        m_keychainNotice->hide();
        return;
    case SecretStore::Backend::Session:
        m_keychainTitle->setText(tr("No keychain: keys are kept for this session only"));
        m_keychainText->setText(m_secrets.keychainProblem());
        m_keychainNotice->setProperty("kind", QStringLiteral("warning"));
        m_chooseFileButton->show();
        break;
    case SecretStore::Backend::File:
        m_keychainTitle->setText(tr("No keychain: keys are kept in a file only you can read"));
        m_keychainText->setText(m_secrets.keychainProblem());
        m_keychainNotice->setProperty("kind", QStringLiteral("info"));
        m_chooseFileButton->hide();
        break;
    }
    repolish(m_keychainNotice);
    m_keychainNotice->show();
}

void ProvidersSettingsPage::chooseSecretFile()
{
    auto* dialog = new QFileDialog(this, tr("Keep secrets in a file"), QDir::homePath());
    dialog->setObjectName(QStringLiteral("secretFileDialog"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->selectFile(QStringLiteral("maitre-secrets"));
    Dialogs::open(dialog, [this, dialog](int result) {
        if (result != QDialog::Accepted || dialog->selectedFiles().isEmpty()) {
            return;
        }
        const QString path = dialog->selectedFiles().constFirst();
        const VoidResult used = m_secrets.useFileFallback(path);
        if (!used) {
            showError(tr("Cannot keep secrets in %1: %2").arg(QDir::toNativeSeparators(path), used.error().message));
            return;
        }
        showInfo(tr("Keys are now kept in %1, readable only by you.").arg(QDir::toNativeSeparators(path)));
        updateKeychainNotice();
        afterLoad();
    });
}

void ProvidersSettingsPage::updateEnabledFields()
{
    const bool stripe = m_payment->currentData().toString() == u"stripe";
    const Secret secret = m_secretRows.value(SecretStore::stripeSecretKey());
    secret.edit->setEnabled(stripe);
    m_nominatimUrl->setEnabled(m_geocoder->currentData().toString() == u"nominatim");
}
