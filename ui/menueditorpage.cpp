#include "menueditorpage.h"

#include "consolesession.h"
#include "dialogs.h"
#include "menucsvimporter.h"
#include "menuservice.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <cmath>
#include <functional>

namespace
{

enum Column
{
    NameColumn,
    PriceColumn,
    StationColumn,
    AvailableColumn,
    ColumnCount
};

constexpr int KIND_ROLE = Qt::UserRole;
constexpr int ID_ROLE = Qt::UserRole + 1;
constexpr int CATEGORY_KIND = 1;
constexpr int ITEM_KIND = 2;

enum EditorPage
{
    NothingPage,
    CategoryPage,
    ItemPage
};

QString money(int cents)
{
    return QLocale().toString(cents / 100.0, 'f', 2);
}

QFormLayout* newForm(QWidget* parent)
{
    auto* form = new QFormLayout(parent);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setHorizontalSpacing(14);
    form->setVerticalSpacing(9);
    form->setContentsMargins(0, 0, 0, 0);
    return form;
}

QStringList splitTags(const QString& text)
{
    QStringList tags;
    const QStringList parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& part : parts) {
        const QString tag = part.trimmed().toLower();
        if (!tag.isEmpty() && !tags.contains(tag)) {
            tags << tag;
        }
    }
    return tags;
}

} // namespace

MenuEditorPage::MenuEditorPage(qint64 restaurantId, MenuService& menu, ConsoleSession& session, QWidget* parent)
    : SettingsPage(tr("Menu"),
                   tr("Categories and dishes as diners and the kitchen see them. “86” takes a dish off the diner "
                      "page at once, without editing it."),
                   Permission::EditMenu,
                   Layout::Form,
                   parent)
    , m_restaurantId(restaurantId)
    , m_service(menu)
    , m_session(session)
    , m_tree(new QTreeWidget(this))
    , m_newCategoryButton(new QPushButton(tr("+ Category"), this))
    , m_newItemButton(new QPushButton(tr("+ Dish"), this))
    , m_importButton(new QPushButton(tr("Import CSV…"), this))
    , m_removeButton(new QPushButton(tr("Remove…"), this))
    , m_editors(new QStackedWidget(this))
    , m_editorTitle(new QLabel(this))
    , m_categoryName(new QLineEdit(this))
    , m_itemCategory(new QComboBox(this))
    , m_itemName(new QLineEdit(this))
    , m_itemDescription(new QPlainTextEdit(this))
    , m_itemPrice(new QDoubleSpinBox(this))
    , m_itemPrep(new QSpinBox(this))
    , m_itemStation(new QComboBox(this))
    , m_itemTags(new QLineEdit(this))
    , m_itemAvailable(new QCheckBox(tr("On the menu (not 86'd)"), this))
{
    setObjectName(QStringLiteral("menuEditorPage"));

    m_tree->setObjectName(QStringLiteral("menuTreeWidget"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Dish"), tr("Price"), tr("Station"), tr("Availability")});
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setMinimumWidth(560);
    m_tree->setMinimumHeight(420);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(PriceColumn, QHeaderView::Fixed);
    m_tree->header()->setSectionResizeMode(StationColumn, QHeaderView::Fixed);
    m_tree->header()->setSectionResizeMode(AvailableColumn, QHeaderView::Fixed);
    m_tree->setColumnWidth(PriceColumn, 90);
    m_tree->setColumnWidth(StationColumn, 90);
    m_tree->setColumnWidth(AvailableColumn, 120);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* current) {
        if (current == nullptr || m_showing) {
            return;
        }
        const qint64 id = current->data(NameColumn, ID_ROLE).toLongLong();
        for (const MenuCategory& category : std::as_const(m_menu.categories)) {
            if (current->data(NameColumn, KIND_ROLE).toInt() == CATEGORY_KIND && category.id == id) {
                editCategory(category);
                return;
            }
            for (const MenuItem& item : category.items) {
                if (current->data(NameColumn, KIND_ROLE).toInt() == ITEM_KIND && item.id == id) {
                    editItem(item);
                    return;
                }
            }
        }
    });

    for (auto [button, name] : {std::pair{m_newCategoryButton, QStringLiteral("newCategoryButton")},
                                std::pair{m_newItemButton, QStringLiteral("newItemButton")},
                                std::pair{m_importButton, QStringLiteral("importCsvButton")}}) {
        button->setObjectName(name);
        button->setProperty("role", QStringLiteral("plain"));
    }
    m_importButton->setToolTip(tr("Add or update dishes from a CSV file (see docs/menu-import.md)"));
    connect(m_newCategoryButton, &QPushButton::clicked, this, &MenuEditorPage::startNewCategory);
    connect(m_newItemButton, &QPushButton::clicked, this, &MenuEditorPage::startNewItem);
    connect(m_importButton, &QPushButton::clicked, this, &MenuEditorPage::chooseCsv);
    auto* treeButtons = new QHBoxLayout;
    treeButtons->setSpacing(8);
    treeButtons->addWidget(m_newCategoryButton);
    treeButtons->addWidget(m_newItemButton);
    treeButtons->addStretch(1);
    treeButtons->addWidget(m_importButton);

    auto* left = new QVBoxLayout;
    left->setSpacing(8);
    left->addLayout(treeButtons);
    left->addWidget(m_tree, 1);

    // The editor: nothing selected, a category, or a dish.
    m_editorTitle->setObjectName(QStringLiteral("menuEditorTitleLabel"));
    QFont titleFont = m_editorTitle->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_editorTitle->setFont(titleFont);

    auto* nothing = new QLabel(tr("Select a category or a dish to change it, or add a new one."), this);
    nothing->setObjectName(QStringLiteral("menuEditorHintLabel"));
    nothing->setProperty("hint", true);
    nothing->setWordWrap(true);
    nothing->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_editors->addWidget(nothing);

    auto* categoryEditor = new QWidget(this);
    m_categoryName->setObjectName(QStringLiteral("categoryNameLineEdit"));
    auto* categoryForm = newForm(categoryEditor);
    categoryForm->addRow(formLabel(tr("Name"), 0), withError(m_categoryName, QStringLiteral("categoryName")));
    m_editors->addWidget(categoryEditor);

    auto* itemEditor = new QWidget(this);
    m_itemCategory->setObjectName(QStringLiteral("itemCategoryComboBox"));
    m_itemName->setObjectName(QStringLiteral("itemNameLineEdit"));
    m_itemDescription->setObjectName(QStringLiteral("itemDescriptionTextEdit"));
    m_itemDescription->setTabChangesFocus(true);
    m_itemDescription->setFixedHeight(72);
    m_itemPrice->setObjectName(QStringLiteral("itemPriceSpinBox"));
    m_itemPrice->setDecimals(2);
    m_itemPrice->setRange(-1, 100000);
    m_itemPrice->setAlignment(Qt::AlignRight);
    m_itemPrice->setMaximumWidth(170);
    m_itemPrep->setObjectName(QStringLiteral("itemPrepSpinBox"));
    m_itemPrep->setRange(0, 999);
    m_itemPrep->setSuffix(tr(" min"));
    m_itemPrep->setMaximumWidth(130);
    m_itemStation->setObjectName(QStringLiteral("itemStationComboBox"));
    m_itemStation->setEditable(true);
    m_itemStation->setInsertPolicy(QComboBox::NoInsert);
    m_itemStation->setMaximumWidth(200);
    m_itemTags->setObjectName(QStringLiteral("itemTagsLineEdit"));
    m_itemTags->setPlaceholderText(tr("e.g. vegetarian, gluten-free"));
    m_itemAvailable->setObjectName(QStringLiteral("itemAvailableCheckBox"));
    auto* itemForm = newForm(itemEditor);
    itemForm->addRow(formLabel(tr("Category"), 0), withError(m_itemCategory, QStringLiteral("category")));
    itemForm->addRow(formLabel(tr("Name"), 0), withError(m_itemName, QStringLiteral("name")));
    itemForm->addRow(formLabel(tr("Description"), 0), withError(m_itemDescription, QStringLiteral("description")));
    itemForm->addRow(formLabel(tr("Price"), 0), withError(m_itemPrice, QStringLiteral("price_cents")));
    itemForm->addRow(formLabel(tr("Preparation"), 0), withError(m_itemPrep, QStringLiteral("prep_minutes")));
    itemForm->addRow(formLabel(tr("Station"), 0), withError(m_itemStation, QStringLiteral("station")));
    itemForm->addRow(formLabel(tr("Dietary tags"), 0), withError(m_itemTags, QStringLiteral("tags")));
    itemForm->addRow(QString(), m_itemAvailable);
    m_editors->addWidget(itemEditor);

    m_removeButton->setObjectName(QStringLiteral("removeMenuEntryButton"));
    m_removeButton->setProperty("role", QStringLiteral("danger"));
    connect(m_removeButton, &QPushButton::clicked, this, &MenuEditorPage::removeCurrent);

    auto* editorFrame = new QWidget(this);
    editorFrame->setObjectName(QStringLiteral("menuEditorPanel"));
    editorFrame->setAttribute(Qt::WA_StyledBackground);
    auto* right = new QVBoxLayout(editorFrame);
    right->setContentsMargins(18, 16, 18, 16);
    right->setSpacing(12);
    right->addWidget(m_editorTitle);
    right->addWidget(m_editors);
    auto* removeRow = new QHBoxLayout;
    removeRow->addStretch(1);
    removeRow->addWidget(m_removeButton);
    right->addLayout(removeRow);
    right->addStretch(1);
    editorFrame->setMinimumWidth(380);

    auto* columns = new QHBoxLayout;
    columns->setSpacing(18);
    columns->addLayout(left, 3);
    columns->addWidget(editorFrame, 2);
    content()->addLayout(columns, 1);

    connect(m_categoryName, &QLineEdit::textChanged, this, &MenuEditorPage::fieldsChanged);
    connect(m_itemCategory, &QComboBox::currentIndexChanged, this, &MenuEditorPage::fieldsChanged);
    connect(m_itemName, &QLineEdit::textChanged, this, &MenuEditorPage::fieldsChanged);
    connect(m_itemDescription, &QPlainTextEdit::textChanged, this, &MenuEditorPage::fieldsChanged);
    connect(m_itemPrice, &QDoubleSpinBox::valueChanged, this, &MenuEditorPage::fieldsChanged);
    connect(m_itemPrep, &QSpinBox::valueChanged, this, &MenuEditorPage::fieldsChanged);
    connect(m_itemStation, &QComboBox::currentTextChanged, this, &MenuEditorPage::fieldsChanged);
    connect(m_itemTags, &QLineEdit::textChanged, this, &MenuEditorPage::fieldsChanged);
    connect(m_itemAvailable, &QCheckBox::toggled, this, &MenuEditorPage::fieldsChanged);
    showNothing();
}

QPushButton* MenuEditorPage::availabilityButton(const QString& name) const
{
    for (int top = 0; top < m_tree->topLevelItemCount(); ++top) {
        QTreeWidgetItem* category = m_tree->topLevelItem(top);
        for (int child = 0; child < category->childCount(); ++child) {
            QTreeWidgetItem* item = category->child(child);
            if (item->text(NameColumn) == name) {
                return qobject_cast<QPushButton*>(m_tree->itemWidget(item, AvailableColumn));
            }
        }
    }
    return nullptr;
}

bool MenuEditorPage::selectEntry(const QString& name)
{
    const QList<QTreeWidgetItem*> found = m_tree->findItems(name, Qt::MatchExactly | Qt::MatchRecursive, NameColumn);
    if (found.isEmpty()) {
        return false;
    }
    m_tree->setCurrentItem(found.constFirst());
    return true;
}

void MenuEditorPage::reload()
{
    setBusy(true);
    watch(m_service.menu(m_restaurantId), [this](const Result<Menu>& menu) {
        setBusy(false);
        if (menu) {
            showMenu(*menu);
        } else {
            showError(menu.error());
        }
        Q_EMIT loaded();
    });
}

void MenuEditorPage::showMenu(const Menu& menu)
{
    m_menu = menu;
    m_showing = true;
    m_tree->clear();
    QStringList stations;
    QFont categoryFont = m_tree->font();
    categoryFont.setBold(true);
    for (const MenuCategory& category : menu.categories) {
        auto* top = new QTreeWidgetItem(m_tree);
        top->setText(NameColumn, category.name);
        top->setData(NameColumn, KIND_ROLE, CATEGORY_KIND);
        top->setData(NameColumn, ID_ROLE, category.id);
        top->setFont(NameColumn, categoryFont);
        const int count = int(category.items.size());
        top->setText(PriceColumn, count == 1 ? tr("1 dish") : tr("%1 dishes").arg(count));
        top->setForeground(PriceColumn, QColor(0x5f, 0x63, 0x68));
        top->setFirstColumnSpanned(false);
        for (const MenuItem& item : category.items) {
            auto* row = new QTreeWidgetItem(top);
            row->setText(NameColumn, item.name);
            row->setData(NameColumn, KIND_ROLE, ITEM_KIND);
            row->setData(NameColumn, ID_ROLE, item.id);
            row->setText(PriceColumn, money(item.priceCents));
            row->setTextAlignment(PriceColumn, Qt::AlignRight | Qt::AlignVCenter);
            row->setText(StationColumn, item.station);
            row->setToolTip(NameColumn, item.description);
            if (!item.available) {
                QFont struck = m_tree->font();
                struck.setStrikeOut(true);
                row->setFont(NameColumn, struck);
                for (int column = NameColumn; column < AvailableColumn; ++column) {
                    row->setForeground(column, QColor(0x80, 0x86, 0x8b));
                }
            }
            auto* button = new QPushButton(m_tree);
            button->setObjectName(QStringLiteral("eightySixButton"));
            button->setCheckable(true);
            button->setCursor(Qt::PointingHandCursor);
            button->setProperty("itemId", item.id);
            styleAvailability(button, item.available);
            const qint64 id = item.id;
            connect(button, &QPushButton::clicked, this, [this, id](bool checked) {
                // Checked means 86'd: off the diner page.
                setAvailable(id, !checked);
            });
            m_tree->setItemWidget(row, AvailableColumn, button);
            if (!stations.contains(item.station)) {
                stations << item.station;
            }
        }
    }
    m_tree->expandAll();
    stations.sort();
    const QString currentStation = m_itemStation->currentText();
    m_itemStation->clear();
    m_itemStation->addItems(stations);
    m_itemStation->setCurrentText(currentStation);
    m_itemCategory->clear();
    for (const MenuCategory& category : menu.categories) {
        m_itemCategory->addItem(category.name, category.id);
    }
    m_itemPrice->setPrefix(menu.currency.isEmpty() ? QString() : menu.currency + QLatin1Char(' '));
    m_showing = false;

    // Keep editing what was being edited, as it now is.
    if (m_editing == Editing::Category && m_category.id != 0) {
        for (const MenuCategory& category : menu.categories) {
            if (category.id == m_category.id) {
                editCategory(category);
                selectCurrent();
                return;
            }
        }
    } else if (m_editing == Editing::Item && m_item.id != 0) {
        for (const MenuCategory& category : menu.categories) {
            for (const MenuItem& item : category.items) {
                if (item.id == m_item.id) {
                    editItem(item);
                    selectCurrent();
                    return;
                }
            }
        }
    }
    if (m_editing != Editing::Nothing && (m_editing == Editing::Category ? m_category.id : m_item.id) == 0) {
        return; // a new entry being typed
    }
    showNothing();
}

void MenuEditorPage::styleAvailability(QPushButton* button, bool available)
{
    button->setChecked(!available);
    button->setText(available ? tr("On menu") : tr("86'd"));
    button->setToolTip(available ? tr("Click to 86: take the dish off the diner page now")
                                 : tr("86'd: diners cannot order it. Click to bring it back."));
    button->setProperty("available", available);
    button->style()->unpolish(button);
    button->style()->polish(button);
}

void MenuEditorPage::setAvailable(qint64 itemId, bool available)
{
    clearMessage();
    QPushButton* button = nullptr;
    const QList<QPushButton*> buttons = m_tree->findChildren<QPushButton*>(QStringLiteral("eightySixButton"));
    for (QPushButton* candidate : buttons) {
        if (candidate->property("itemId").toLongLong() == itemId) {
            button = candidate;
        }
    }
    if (button != nullptr) {
        button->setEnabled(false);
    }
    watch(m_service.setAvailable(m_restaurantId, m_session.actor(), itemId, available),
          [this, itemId, available](const Result<MenuItem>& result) {
              if (!result) {
                  showError(result.error());
                  reload(); // show the switch as it really is
                  Q_EMIT saved(false);
                  return;
              }
              showInfo(available ? tr("%1 is back on the menu.").arg(result->name)
                                 : tr("%1 is 86'd: diners no longer see it.").arg(result->name));
              // Patch the one row rather than rebuild the tree under the pointer.
              for (MenuCategory& category : m_menu.categories) {
                  for (MenuItem& item : category.items) {
                      if (item.id == itemId) {
                          item = *result;
                      }
                  }
              }
              if (m_editing == Editing::Item && m_item.id == itemId && !isDirty()) {
                  editItem(*result);
              }
              QTreeWidgetItem* row = treeItemFor(Editing::Item, itemId);
              if (row != nullptr) {
                  QFont font = m_tree->font();
                  font.setStrikeOut(!available);
                  row->setFont(NameColumn, font);
                  for (int column = NameColumn; column < AvailableColumn; ++column) {
                      row->setForeground(column, available ? m_tree->palette().text() : QColor(0x80, 0x86, 0x8b));
                  }
                  if (auto* toggle = qobject_cast<QPushButton*>(m_tree->itemWidget(row, AvailableColumn))) {
                      toggle->setEnabled(true);
                      styleAvailability(toggle, result->available);
                  }
              }
              Q_EMIT saved(true);
          });
}

QTreeWidgetItem* MenuEditorPage::treeItemFor(Editing kind, qint64 id) const
{
    const int wanted = kind == Editing::Category ? CATEGORY_KIND : ITEM_KIND;
    for (int top = 0; top < m_tree->topLevelItemCount(); ++top) {
        QTreeWidgetItem* category = m_tree->topLevelItem(top);
        if (wanted == CATEGORY_KIND && category->data(NameColumn, ID_ROLE).toLongLong() == id) {
            return category;
        }
        for (int child = 0; child < category->childCount(); ++child) {
            if (wanted == ITEM_KIND && category->child(child)->data(NameColumn, ID_ROLE).toLongLong() == id) {
                return category->child(child);
            }
        }
    }
    return nullptr;
}

void MenuEditorPage::selectCurrent()
{
    QTreeWidgetItem* row = m_editing == Editing::Category ? treeItemFor(Editing::Category, m_category.id)
                                                          : treeItemFor(Editing::Item, m_item.id);
    if (row != nullptr) {
        m_showing = true;
        m_tree->setCurrentItem(row);
        m_showing = false;
    }
}

void MenuEditorPage::showNothing()
{
    m_editing = Editing::Nothing;
    m_editorTitle->setText(tr("Nothing selected"));
    m_editors->setCurrentIndex(NothingPage);
    m_removeButton->hide();
    clearFieldErrors();
    setDirty(false);
}

void MenuEditorPage::startNewCategory()
{
    editCategory(MenuCategory{});
    m_categoryName->setFocus();
}

void MenuEditorPage::startNewItem()
{
    MenuItem item;
    item.prepMinutes = 10;
    // In the category of what is selected, if anything.
    if (m_editing == Editing::Category) {
        item.categoryId = m_category.id;
    } else if (m_editing == Editing::Item) {
        item.categoryId = m_item.categoryId;
        item.station = m_item.station;
    } else if (!m_menu.categories.isEmpty()) {
        item.categoryId = m_menu.categories.constFirst().id;
    }
    editItem(item);
    m_itemName->setFocus();
}

void MenuEditorPage::editCategory(const MenuCategory& category)
{
    m_editing = Editing::Category;
    m_category = category;
    m_showing = true;
    m_categoryName->setText(category.name);
    m_showing = false;
    m_editorTitle->setText(category.id == 0 ? tr("New category") : tr("Category"));
    m_editors->setCurrentIndex(CategoryPage);
    m_removeButton->setVisible(category.id != 0);
    m_removeButton->setText(tr("Remove category…"));
    saveButton()->setText(category.id == 0 ? tr("Add category") : tr("Save category"));
    clearFieldErrors();
    setDirty(false);
}

void MenuEditorPage::editItem(const MenuItem& item)
{
    m_editing = Editing::Item;
    m_item = item;
    m_showing = true;
    m_itemCategory->setCurrentIndex(m_itemCategory->findData(item.categoryId));
    m_itemName->setText(item.name);
    m_itemDescription->setPlainText(item.description);
    m_itemPrice->setValue(item.priceCents / 100.0);
    m_itemPrep->setValue(item.prepMinutes);
    m_itemStation->setCurrentText(item.station);
    m_itemTags->setText(item.tags.join(QStringLiteral(", ")));
    m_itemAvailable->setChecked(item.available);
    m_showing = false;
    m_editorTitle->setText(item.id == 0 ? tr("New dish") : tr("Dish"));
    m_editors->setCurrentIndex(ItemPage);
    m_removeButton->setVisible(item.id != 0);
    m_removeButton->setText(tr("Remove dish…"));
    saveButton()->setText(item.id == 0 ? tr("Add dish") : tr("Save dish"));
    clearFieldErrors();
    setDirty(false);
}

MenuItem MenuEditorPage::editedItem() const
{
    MenuItem item = m_item;
    item.categoryId = m_itemCategory->currentData().toLongLong();
    item.name = m_itemName->text().trimmed();
    item.description = m_itemDescription->toPlainText().trimmed();
    item.priceCents = int(std::lround(m_itemPrice->value() * 100));
    item.prepMinutes = m_itemPrep->value();
    item.station = m_itemStation->currentText().trimmed();
    item.tags = splitTags(m_itemTags->text());
    item.available = m_itemAvailable->isChecked();
    return item;
}

bool MenuEditorPage::checkFields()
{
    if (m_editing == Editing::Category) {
        const QString name = m_categoryName->text().trimmed();
        if (name.isEmpty()) {
            setFieldError(QStringLiteral("categoryName"), tr("Enter the category's name."));
            return false;
        }
        if (name.size() > 80) {
            setFieldError(QStringLiteral("categoryName"), tr("Use at most 80 characters."));
            return false;
        }
        return true;
    }
    if (m_editing != Editing::Item) {
        return true;
    }
    const MenuItem item = editedItem();
    bool ok = true;
    if (item.categoryId == 0) {
        setFieldError(QStringLiteral("category"), tr("Choose a category; add one first if there is none."));
        ok = false;
    }
    // Field by field, so that every wrong one is marked, not only the first.
    MenuItem probe = item;
    const auto check = [&](const std::function<void(MenuItem&)>& onlyThisField) {
        MenuItem candidate;
        candidate.name = QStringLiteral("x");
        candidate.station = QStringLiteral("x");
        onlyThisField(candidate);
        const VoidResult valid = MenuService::validate(candidate);
        if (!valid) {
            setFieldError(valid.error().field, valid.error().message);
            ok = false;
        }
    };
    check([&](MenuItem& c) { c.name = probe.name; });
    check([&](MenuItem& c) { c.description = probe.description; });
    check([&](MenuItem& c) { c.priceCents = probe.priceCents; });
    check([&](MenuItem& c) { c.prepMinutes = probe.prepMinutes; });
    check([&](MenuItem& c) { c.station = probe.station; });
    check([&](MenuItem& c) { c.tags = probe.tags; });
    return ok;
}

void MenuEditorPage::fieldsChanged()
{
    if (m_showing) {
        return;
    }
    clearFieldErrors();
    checkFields();
    bool changed = false;
    if (m_editing == Editing::Category) {
        changed = m_categoryName->text().trimmed() != m_category.name;
    } else if (m_editing == Editing::Item) {
        const MenuItem item = editedItem();
        changed = item.categoryId != m_item.categoryId || item.name != m_item.name
            || item.description != m_item.description || item.priceCents != m_item.priceCents
            || item.prepMinutes != m_item.prepMinutes || item.station != m_item.station || item.tags != m_item.tags
            || item.available != m_item.available;
    }
    setDirty(changed);
}

void MenuEditorPage::save()
{
    clearMessage();
    clearFieldErrors();
    if (!checkFields()) {
        showError(tr("Nothing was saved: correct the fields marked in red first."));
        Q_EMIT saved(false);
        return;
    }
    setBusy(true);
    if (m_editing == Editing::Category) {
        MenuCategory category = m_category;
        category.name = m_categoryName->text().trimmed();
        category.items.clear();
        watch(m_service.saveCategory(m_restaurantId, m_session.actor(), category),
              [this](const Result<MenuCategory>& result) {
                  setBusy(false);
                  if (!result) {
                      if (result.error().kind == Error::Kind::Invalid) {
                          setFieldError(QStringLiteral("categoryName"), result.error().message);
                      }
                      showError(result.error());
                      Q_EMIT saved(false);
                      return;
                  }
                  m_category = *result;
                  setDirty(false);
                  showInfo(tr("Category %1 saved.").arg(result->name));
                  reload();
                  Q_EMIT saved(true);
              });
        return;
    }
    if (m_editing == Editing::Item) {
        watch(m_service.saveItem(m_restaurantId, m_session.actor(), editedItem()),
              [this](const Result<MenuItem>& result) {
                  setBusy(false);
                  if (!result) {
                      showError(result.error());
                      Q_EMIT saved(false);
                      return;
                  }
                  m_item = *result;
                  setDirty(false);
                  showInfo(tr("%1 saved; diners see the change now.").arg(result->name));
                  reload();
                  Q_EMIT saved(true);
              });
        return;
    }
    setBusy(false);
}

void MenuEditorPage::revert()
{
    if (m_editing == Editing::Category) {
        editCategory(m_category);
    } else if (m_editing == Editing::Item) {
        editItem(m_item);
    }
}

void MenuEditorPage::removeCurrent()
{
    if (m_editing == Editing::Category && m_category.id != 0) {
        const MenuCategory category = m_category;
        Dialogs::confirm(this,
                         tr("Remove category"),
                         tr("Remove the category %1? Only an empty category can be removed.").arg(category.name),
                         tr("Remove"),
                         tr("Keep"),
                         [this, category] {
                             setBusy(true);
                             watch(m_service.removeCategory(m_restaurantId, m_session.actor(), category.id),
                                   [this, category](const VoidResult& result) {
                                       setBusy(false);
                                       if (!result) {
                                           showError(result.error());
                                           Q_EMIT saved(false);
                                           return;
                                       }
                                       showInfo(tr("Category %1 removed.").arg(category.name));
                                       showNothing();
                                       reload();
                                       Q_EMIT saved(true);
                                   });
                         });
    } else if (m_editing == Editing::Item && m_item.id != 0) {
        const MenuItem item = m_item;
        Dialogs::confirm(this,
                         tr("Remove dish"),
                         tr("Remove %1 from the menu? To take it off for today only, 86 it instead.").arg(item.name),
                         tr("Remove"),
                         tr("Keep"),
                         [this, item] {
                             setBusy(true);
                             watch(m_service.removeItem(m_restaurantId, m_session.actor(), item.id),
                                   [this, item](const VoidResult& result) {
                                       setBusy(false);
                                       if (!result) {
                                           showError(result.error());
                                           reload();
                                           Q_EMIT saved(false);
                                           return;
                                       }
                                       showInfo(tr("%1 removed from the menu.").arg(item.name));
                                       showNothing();
                                       reload();
                                       Q_EMIT saved(true);
                                   });
                         });
    }
}

void MenuEditorPage::chooseCsv()
{
    auto* dialog = new QFileDialog(this, tr("Import a menu"), QDir::homePath(), tr("CSV files (*.csv);;All files (*)"));
    dialog->setObjectName(QStringLiteral("menuCsvFileDialog"));
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    dialog->setFileMode(QFileDialog::ExistingFile);
    Dialogs::open(dialog, [this, dialog](int result) {
        if (result == QDialog::Accepted && !dialog->selectedFiles().isEmpty()) {
            importCsv(dialog->selectedFiles().constFirst());
        }
    });
}

void MenuEditorPage::importCsv(const QString& path)
{
    clearMessage();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        Q_EMIT saved(false);
        return;
    }
    const MenuCsvImporter::Parsed parsed = MenuCsvImporter::parse(file.readAll());
    if (!parsed.problems.isEmpty()) {
        showError(tr("Nothing was imported: the file has %n problem(s). Correct them and import it again.",
                     nullptr,
                     int(parsed.problems.size())));
        auto* dialog = new QDialog(this);
        dialog->setObjectName(QStringLiteral("csvProblemsDialog"));
        dialog->setWindowTitle(tr("Problems in the menu file"));
        dialog->resize(560, 360);
        auto* layout = new QVBoxLayout(dialog);
        auto* intro = new QLabel(tr("Nothing was imported. Correct these lines in %1 and import it again:")
                                     .arg(QDir::toNativeSeparators(path)),
                                 dialog);
        intro->setWordWrap(true);
        auto* list = new QListWidget(dialog);
        list->setObjectName(QStringLiteral("csvProblemsListWidget"));
        for (const MenuCsvImporter::Problem& problem : parsed.problems) {
            list->addItem(problem.column.isEmpty()
                              ? tr("Line %1: %2").arg(problem.line).arg(problem.message)
                              : tr("Line %1, %2: %3").arg(problem.line).arg(problem.column, problem.message));
        }
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
        layout->addWidget(intro);
        layout->addWidget(list, 1);
        layout->addWidget(buttons);
        Dialogs::open(dialog, {});
        Q_EMIT saved(false);
        return;
    }
    if (parsed.rows.isEmpty()) {
        showError(tr("Nothing was imported: the file has no dishes."));
        Q_EMIT saved(false);
        return;
    }
    setBusy(true);
    watch(m_service.importRows(m_restaurantId, m_session.actor(), parsed.rows), [this](const Result<int>& result) {
        setBusy(false);
        if (!result) {
            showError(result.error());
            Q_EMIT saved(false);
            return;
        }
        showInfo(tr("Imported %n dish(es).", nullptr, *result));
        reload();
        Q_EMIT saved(true);
    });
}
