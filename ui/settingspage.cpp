#include "settingspage.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace
{

constexpr int PAGE_MARGIN = 28;
constexpr int FIELD_HEIGHT = 34; // a line edit with the view's style sheet

// The banner's look is set on the label itself: a property change alone does
// not re-apply a style sheet's padding to a label that is already laid out.
void setKind(QLabel* label, const QString& kind)
{
    label->setProperty("kind", kind);
    label->setStyleSheet(kind == u"error"
                             ? QStringLiteral("color: #8c1d18; background: #fdecea; border-left: 5px solid #b3261e;"
                                              " padding: 8px 12px; font-weight: bold;")
                             : QStringLiteral("color: #14532d; background: #e6f4ea; border-left: 5px solid #1b7f3b;"
                                              " padding: 8px 12px;"));
}

} // namespace

SettingsPage::SettingsPage(
    const QString& title, const QString& subtitle, Permission permission, Layout layout, QWidget* parent)
    : QWidget(parent)
    , m_title(title)
    , m_permission(permission)
    , m_message(new QLabel(this))
    , m_content(new QVBoxLayout)
{
    auto* heading = new QLabel(title, this);
    heading->setObjectName(QStringLiteral("settingsPageTitleLabel"));
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.5);
    headingFont.setBold(true);
    heading->setFont(headingFont);
    auto* explanation = new QLabel(subtitle, this);
    explanation->setObjectName(QStringLiteral("settingsPageSubtitleLabel"));
    explanation->setWordWrap(true);

    m_message->setObjectName(QStringLiteral("settingsMessageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();

    auto* header = new QVBoxLayout;
    header->setContentsMargins(PAGE_MARGIN, PAGE_MARGIN - 6, PAGE_MARGIN, 0);
    header->setSpacing(4);
    header->addWidget(heading);
    header->addWidget(explanation);
    header->addSpacing(10);
    header->addWidget(m_message);

    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    outer->addLayout(header);

    m_content->setSpacing(12);
    if (layout == Layout::Form) {
        // A form scrolls rather than squeezing its fields on a small screen.
        auto* scroll = new QScrollArea(this);
        scroll->setObjectName(QStringLiteral("settingsScrollArea"));
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        auto* inner = new QWidget(scroll);
        inner->setObjectName(QStringLiteral("settingsFormContainer"));
        m_content->setContentsMargins(PAGE_MARGIN, 12, PAGE_MARGIN, 12);
        inner->setLayout(m_content);
        scroll->setWidget(inner);
        outer->addWidget(scroll, 1);

        m_saveButton = new QPushButton(tr("Save changes"), this);
        m_saveButton->setObjectName(QStringLiteral("saveButton"));
        m_saveButton->setProperty("role", QStringLiteral("primary"));
        m_saveButton->setDefault(true);
        m_revertButton = new QPushButton(tr("Revert"), this);
        m_revertButton->setObjectName(QStringLiteral("revertButton"));
        m_revertButton->setProperty("role", QStringLiteral("plain"));
        m_revertButton->setToolTip(tr("Throw away the changes on this page"));
        connect(m_saveButton, &QPushButton::clicked, this, [this] { save(); });
        connect(m_revertButton, &QPushButton::clicked, this, [this] {
            clearMessage();
            clearFieldErrors();
            revert();
        });

        auto* footerFrame = new QFrame(this);
        footerFrame->setObjectName(QStringLiteral("settingsFooter"));
        auto* footer = new QHBoxLayout(footerFrame);
        footer->setContentsMargins(PAGE_MARGIN, 12, PAGE_MARGIN, 14);
        footer->setSpacing(10);
        footer->addStretch(1);
        footer->addWidget(m_revertButton);
        footer->addWidget(m_saveButton);
        outer->addWidget(footerFrame);
    } else {
        m_content->setContentsMargins(PAGE_MARGIN, 12, PAGE_MARGIN, PAGE_MARGIN - 6);
        outer->addLayout(m_content, 1);
    }
    setDirty(false);
}

void SettingsPage::reloadIfClean()
{
    if (!m_dirty && !m_busy) {
        reload();
    }
}

void SettingsPage::setDirty(bool dirty)
{
    m_dirty = dirty;
    if (m_saveButton != nullptr) {
        m_saveButton->setEnabled(m_dirty && !m_busy);
        m_revertButton->setEnabled(m_dirty && !m_busy);
    }
}

void SettingsPage::setBusy(bool busy)
{
    m_busy = busy;
    setDirty(m_dirty);
}

void SettingsPage::showError(const QString& text)
{
    m_message->setText(text);
    setKind(m_message, QStringLiteral("error"));
    m_message->show();
}

void SettingsPage::showError(const Error& error)
{
    if (error.kind == Error::Kind::Invalid && m_fieldErrors.contains(error.field)) {
        setFieldError(error.field, error.message);
        showError(tr("Nothing was saved: %1").arg(error.message));
        return;
    }
    showError(describe(error));
}

void SettingsPage::showInfo(const QString& text)
{
    m_message->setText(text);
    setKind(m_message, QStringLiteral("info"));
    m_message->show();
}

void SettingsPage::clearMessage()
{
    m_message->clear();
    m_message->hide();
}

QLabel* SettingsPage::formLabel(const QString& text, int minimumWidth)
{
    auto* label = new QLabel(text, this);
    label->setMinimumHeight(FIELD_HEIGHT);
    // One width for every form, so fields line up from group to group.
    label->setMinimumWidth(minimumWidth);
    label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return label;
}

QLabel* SettingsPage::addFieldError(const QString& field)
{
    auto* label = new QLabel(this);
    label->setObjectName(field + QStringLiteral("ErrorLabel"));
    label->setProperty("fieldError", true);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->hide();
    m_fieldErrors.insert(field, label);
    return label;
}

QWidget* SettingsPage::withError(QWidget* field, const QString& fieldName)
{
    auto* box = new QWidget(this);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    layout->addWidget(field);
    layout->addWidget(addFieldError(fieldName));
    return box;
}

void SettingsPage::setFieldError(const QString& field, const QString& text)
{
    QLabel* label = m_fieldErrors.value(field);
    if (label == nullptr) {
        return;
    }
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

bool SettingsPage::hasFieldErrors() const
{
    for (const QPointer<QLabel>& label : m_fieldErrors) {
        if (label && !label->text().isEmpty()) {
            return true;
        }
    }
    return false;
}

void SettingsPage::clearFieldErrors()
{
    for (const QPointer<QLabel>& label : std::as_const(m_fieldErrors)) {
        if (label) {
            label->clear();
            label->hide();
        }
    }
}

QString SettingsPage::describe(const Error& error)
{
    switch (error.kind) {
    case Error::Kind::Unavailable:
        return tr("The database cannot be reached (%1). Nothing was saved.").arg(error.message);
    case Error::Kind::Internal:
        return tr("Something went wrong (%1).").arg(error.message);
    case Error::Kind::Forbidden:
        return tr("Not allowed: %1").arg(error.message);
    default:
        return error.message;
    }
}
