#pragma once

#include "error.h"
#include "permission.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QHash>
#include <QPointer>
#include <QWidget>
#include <utility>

class QLabel;
class QPushButton;
class QVBoxLayout;

// One page of the Settings view: a title, a message banner, the page's own
// widgets and, for pages edited as a form, Save and Revert buttons that are
// enabled only while something changed. Pages read and save off the GUI
// thread; load() and save results come back through watchers owned here.
class SettingsPage : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsPage)

public:
    enum class Layout
    {
        Form, // the content scrolls, with Save and Revert at the bottom
        Tool // the content fills the page (lists); no Save and Revert
    };

    SettingsPage(const QString& title, const QString& subtitle, Permission permission, Layout layout, QWidget* parent);

    QString title() const { return m_title; }
    // What the signed-in role needs to see this page.
    Permission permission() const { return m_permission; }
    bool isDirty() const { return m_dirty; }
    bool isBusy() const { return m_busy; }
    QLabel* messageLabel() const { return m_message; }
    QPushButton* saveButton() const { return m_saveButton; }
    QPushButton* revertButton() const { return m_revertButton; }

public Q_SLOTS:
    // Reads the page's data again (edits in progress are dropped).
    virtual void reload() = 0;
    // Reads again only when there is nothing unsaved, so an event from
    // another console never throws away what someone is typing.
    void reloadIfClean();

Q_SIGNALS:
    void loaded();
    // A save (or an action the page runs: add, remove, 86, …) finished.
    void saved(bool ok);

protected:
    // Where a page puts its widgets.
    QVBoxLayout* content() const { return m_content; }
    virtual void save() { }
    virtual void revert() { reload(); }

    void setDirty(bool dirty);
    void setBusy(bool busy);
    void showError(const QString& text);
    // Shows the service's message; an Invalid error also marks its field.
    void showError(const Error& error);
    void showInfo(const QString& text);
    void clearMessage();

    // A form row's label, as tall as a one-line field so that it lines up
    // with the field's text rather than with the top of the row.
    QLabel* formLabel(const QString& text, int minimumWidth = 150);
    // A small red label under a field, found by tests as "<field>ErrorLabel".
    QLabel* addFieldError(const QString& field);
    // The field widget with its error label under it, for a form row.
    QWidget* withError(QWidget* field, const QString& fieldName);
    void setFieldError(const QString& field, const QString& text);
    bool hasFieldErrors() const;
    void clearFieldErrors();

    static QString describe(const Error& error);

    // Runs `done(result)` on the GUI thread when `future` finishes.
    template <typename T, typename F>
    void watch(QFuture<T> future, F&& done)
    {
        auto* watcher = new QFutureWatcher<T>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [watcher, done = std::forward<F>(done)]() mutable {
            watcher->deleteLater();
            done(watcher->result());
        });
        watcher->setFuture(std::move(future));
    }

private:
    QString m_title;
    Permission m_permission;
    QLabel* m_message;
    QVBoxLayout* m_content;
    QPushButton* m_saveButton = nullptr;
    QPushButton* m_revertButton = nullptr;
    // Weak: a page may rebuild its form (the printers page), deleting the labels.
    QHash<QString, QPointer<QLabel>> m_fieldErrors;
    bool m_dirty = false;
    bool m_busy = false;
};
