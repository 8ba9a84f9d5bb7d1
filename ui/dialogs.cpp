#include "dialogs.h"

#include <QDialog>
#include <QMessageBox>
#include <QPushButton>

namespace
{

// GUI thread only, like the dialogs themselves.
Dialogs::Hook& hook()
{
    static Dialogs::Hook instance;
    return instance;
}

} // namespace

void Dialogs::open(QDialog* dialog, std::function<void(int result)> done)
{
    if (hook()) {
        const int result = hook()(dialog);
        if (done) {
            done(result);
        }
        dialog->deleteLater();
        return;
    }
    // open(), not exec(): no nested event loop, so events keep the view live
    // while the host decides.
    QObject::connect(dialog, &QDialog::finished, dialog, [dialog, done = std::move(done)](int result) {
        if (done) {
            done(result);
        }
        dialog->deleteLater();
    });
    dialog->open();
}

void Dialogs::confirm(QWidget* parent,
                      const QString& title,
                      const QString& text,
                      const QString& yesText,
                      const QString& noText,
                      std::function<void()> accepted)
{
    auto* box = new QMessageBox(QMessageBox::Question, title, text, QMessageBox::Yes | QMessageBox::No, parent);
    box->setObjectName(QStringLiteral("confirmMessageBox"));
    box->button(QMessageBox::Yes)->setText(yesText);
    box->button(QMessageBox::No)->setText(noText);
    // The safe answer is the default: Enter does not cancel anyone's visit.
    box->setDefaultButton(QMessageBox::No);
    open(box, [accepted = std::move(accepted)](int result) {
        if (result == QMessageBox::Yes && accepted) {
            accepted();
        }
    });
}

void Dialogs::setHook(Hook hook)
{
    ::hook() = std::move(hook);
}

bool Dialogs::hasHook()
{
    return bool(hook());
}
