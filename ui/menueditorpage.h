#pragma once

#include "menu.h"
#include "settingspage.h"

class ConsoleSession;
class MenuService;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;

// Settings page: the menu's categories and items, with an "86" switch on each
// item that takes it off the diner page at once, and CSV import (a file with
// any bad row is reported by line and nothing is imported).
class MenuEditorPage final : public SettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MenuEditorPage)

public:
    MenuEditorPage(qint64 restaurantId, MenuService& menu, ConsoleSession& session, QWidget* parent = nullptr);

    const Menu& menu() const { return m_menu; }
    QTreeWidget* tree() const { return m_tree; }
    // The "86" switch of the item called `name`, or nullptr.
    QPushButton* availabilityButton(const QString& name) const;
    // Selects the item (or category) called `name` for editing.
    bool selectEntry(const QString& name);

public Q_SLOTS:
    void reload() override;
    void startNewCategory();
    void startNewItem();
    // Reads, checks and (only when every row is good) imports a CSV file.
    void importCsv(const QString& path);

protected:
    void save() override;
    void revert() override;

private:
    enum class Editing
    {
        Nothing,
        Category,
        Item
    };

    void showMenu(const Menu& menu);
    void editCategory(const MenuCategory& category);
    void editItem(const MenuItem& item);
    void showNothing();
    MenuItem editedItem() const;
    bool checkFields();
    void fieldsChanged();
    void setAvailable(qint64 itemId, bool available);
    void styleAvailability(QPushButton* button, bool available);
    void removeCurrent();
    void chooseCsv();
    QTreeWidgetItem* treeItemFor(Editing kind, qint64 id) const;
    void selectCurrent();

    qint64 m_restaurantId;
    MenuService& m_service;
    ConsoleSession& m_session;
    Menu m_menu;
    Editing m_editing = Editing::Nothing;
    MenuCategory m_category;
    MenuItem m_item;
    bool m_showing = false;

    QTreeWidget* m_tree;
    QPushButton* m_newCategoryButton;
    QPushButton* m_newItemButton;
    QPushButton* m_importButton;
    QPushButton* m_removeButton;
    QStackedWidget* m_editors;
    QLabel* m_editorTitle;
    QLineEdit* m_categoryName;
    QComboBox* m_itemCategory;
    QLineEdit* m_itemName;
    QPlainTextEdit* m_itemDescription;
    QDoubleSpinBox* m_itemPrice;
    QSpinBox* m_itemPrep;
    QComboBox* m_itemStation;
    QLineEdit* m_itemTags;
    QCheckBox* m_itemAvailable;
};
