#pragma once

#include <QString>
#include <functional>

class QDialog;
class QWidget;

// Dialogs behind one seam so nothing ever blocks: the console opens them
// window-modal and continues in a callback, and a test installs a hook that
// answers instead of a person (after KeePassXC's MessageBox).
class Dialogs final
{
public:
    // Given the dialog, fully built and not shown: fills it in and returns
    // the result code exec() would have (for a QMessageBox: the button).
    using Hook = std::function<int(QDialog* dialog)>;

    Dialogs() = delete;

    // Shows `dialog` (or hands it to the hook) and calls `done` with its
    // result code; the dialog is deleted afterwards.
    static void open(QDialog* dialog, std::function<void(int result)> done);
    // Asks a yes/no question; `accepted` runs only when the answer is yes.
    static void confirm(QWidget* parent,
                        const QString& title,
                        const QString& text,
                        const QString& yesText,
                        const QString& noText,
                        std::function<void()> accepted);

    // An empty hook restores real dialogs.
    static void setHook(Hook hook);
    static bool hasHook();
};
