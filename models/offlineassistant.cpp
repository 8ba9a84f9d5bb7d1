#include "offlineassistant.h"

#include "menumatcher.h"

#include <QRegularExpression>
#include <QSet>
#include <optional>

namespace
{

// Lower case, no accents, punctuation as spaces (MenuMatcher's normal form).
QString plain(const QString& text)
{
    return MenuMatcher::normalized(text);
}

bool has(const QString& text, const QString& pattern)
{
    const QRegularExpression re(QStringLiteral("(?<![\\p{L}\\p{N}])(") + pattern
                                + QStringLiteral(")(?![\\p{L}\\p{N}])"));
    return re.match(text).hasMatch();
}

QString without(QString text, const QString& pattern)
{
    const QRegularExpression re(QStringLiteral("(?<![\\p{L}\\p{N}])(") + pattern
                                + QStringLiteral(")(?![\\p{L}\\p{N}])"));
    return text.replace(re, QStringLiteral(" ")).simplified();
}

const QString CONFIRM = QStringLiteral(
    "confirm|confirm it|checkout|check out|place (the |my |our |this )?order|order (it|them|now|everything|this)|send "
    "(the |my |our )?order|submit( the| my)?( order)?|pay|pay now|thats all|that is all|im done|we re done|finish|"
    "confirma|confirmar|confirmalo|haz el pedido|hacer el pedido|realiza el pedido|envia el pedido|enviar el "
    "pedido|manda el pedido|pagar|eso es todo|ya esta|pide ya");
const QString CLEAR =
    QStringLiteral("^(please |por favor )?(clear|empty|vacia|vaciar)( my| the| mi| el)?( order| cart| "
                   "basket| pedido| carrito)?$|start over|remove everything|delete everything|cancel "
                   "everything|remove all|borra todo|borrar todo|quita todo|quitar todo|empezar de "
                   "nuevo");
const QString REMOVE =
    QStringLiteral("remove|take( [\\p{L}\\p{N}]+){0,4} (off|out|away)|delete|drop|cancel|one less|no "
                   "more|quita|quitar|quitame|elimina|eliminar|borra|borrar|saca|sacar|uno menos|"
                   "una menos");
// The words of a removal, taken out before the dish is looked up.
const QString REMOVE_WORDS = QStringLiteral("remove|take|off|out|away|delete|drop|cancel|less|no|more|quita|quitar|"
                                            "quitame|elimina|eliminar|borra|borrar|saca|sacar|menos");
const QString ADD = QStringLiteral(
    "add|adding|i ll have|ill have|i will have|i d like|id like|i would like|i want|we want|we ll have|we will "
    "have|can i have|can i get|could i have|could i get|may i have|can we have|can we get|get me|give me|i ll take|"
    "ill take|i will take|i ll go with|we ll take|put|include|another|one more|anade|agrega|agregar|pon|ponme|ponnos|"
    "quiero|queremos|me pones|nos pones|dame|danos|otro|otra|pideme|tomare|me llevo");
// Verbs that can only mean "put it in my order" (unlike "I want", which may be a search).
const QString ADD_EXPLICIT = QStringLiteral("add|adding|put|include|another|one more|anade|agrega|agregar|pon|ponme|"
                                            "ponnos|otro|otra");
const QString CART =
    QStringLiteral("cart|basket|my order|our order|the order|order so far|what s in|whats in|what do i "
                   "have|what have i|total|subtotal|how much do i|mi pedido|nuestro pedido|el "
                   "pedido|carrito|cesta|cuanto es|cuanto llevo|que llevo|que tengo");
const QString GREETING = QStringLiteral("hi|hello|hey|hiya|good morning|good afternoon|good evening|hola|buenas|buenos "
                                        "dias|buenas tardes|buenas noches");
const QString THANKS = QStringLiteral("thanks|thank you|cheers|gracias|muchas gracias|perfect|great|ok|okay|vale|"
                                      "perfecto|genial");
const QString HELP = QStringLiteral("help|what can you do|how does this work|who are you|ayuda|que puedes hacer|como "
                                    "funciona|quien eres");
const QString RECOMMEND = QStringLiteral("recommend|recommendation|recommendations|suggest|suggestion|suggestions|"
                                         "popular|best|good|favou?rite|favou?rites|special|specials|signature|what "
                                         "should|surprise me|recomienda|recomiendas|recomendacion|sugiere|sugieres|"
                                         "sugerencia|lo mejor|aconsejas|especialidad");
const QString REFERENCE = QStringLiteral("those|these|them|that|this|it|that one|this one|the same|same|ese|esa|eso|"
                                         "esos|esas|este|esta|esto|estos|estas|lo mismo|lo|la|los|las");
const QString BOTH = QStringLiteral("both|all of them|them all|all three|each|each of them|todos|todas|ambos|ambas|los "
                                    "dos|las dos");
const QString QUESTION = QStringLiteral("what|whats|is|are|does|do|tell me about|how much|which|que lleva|que tiene|es|"
                                        "son|lleva|tiene|cuanto cuesta|cuanto vale");

// Words that carry a request, not the dish: taken out before a name is looked up.
const QString COMMAND_WORDS = QStringLiteral(
    "please|por favor|to|from|in|into|of|my|our|the|a|an|order|cart|basket|also|too|and|then|now|just|some|more|x|"
    "times|portion|portions|plate|plates|serving|servings|mi|el|la|los|las|un|una|unos|unas|de|del|al|a|en|pedido|"
    "carrito|tambien|mas|ración|racion|raciones|porcion|please|pls");

std::optional<int> numberWord(const QString& word)
{
    static const QHash<QString, int> words{
        {QStringLiteral("a"), 1},      {QStringLiteral("an"), 1},      {QStringLiteral("one"), 1},
        {QStringLiteral("single"), 1}, {QStringLiteral("two"), 2},     {QStringLiteral("couple"), 2},
        {QStringLiteral("pair"), 2},   {QStringLiteral("three"), 3},   {QStringLiteral("four"), 4},
        {QStringLiteral("five"), 5},   {QStringLiteral("six"), 6},     {QStringLiteral("seven"), 7},
        {QStringLiteral("eight"), 8},  {QStringLiteral("nine"), 9},    {QStringLiteral("ten"), 10},
        {QStringLiteral("dozen"), 12}, {QStringLiteral("un"), 1},      {QStringLiteral("uno"), 1},
        {QStringLiteral("una"), 1},    {QStringLiteral("dos"), 2},     {QStringLiteral("tres"), 3},
        {QStringLiteral("cuatro"), 4}, {QStringLiteral("cinco"), 5},   {QStringLiteral("seis"), 6},
        {QStringLiteral("siete"), 7},  {QStringLiteral("ocho"), 8},    {QStringLiteral("nueve"), 9},
        {QStringLiteral("diez"), 10},  {QStringLiteral("docena"), 12},
    };
    bool isNumber = false;
    const int n = word.toInt(&isNumber);
    if (isNumber) {
        return n;
    }
    const auto found = words.constFind(word);
    return found == words.cend() ? std::nullopt : std::optional<int>(*found);
}

std::optional<int> ordinal(const QString& text)
{
    static const QList<std::pair<QString, int>> ordinals{
        {QStringLiteral("first|1st|primer|primero|primera"), 0},
        {QStringLiteral("second|2nd|segundo|segunda"), 1},
        {QStringLiteral("third|3rd|tercer|tercero|tercera"), 2},
        {QStringLiteral("fourth|4th|cuarto|cuarta"), 3},
        {QStringLiteral("fifth|5th|quinto|quinta"), 4},
        {QStringLiteral("last|ultimo|ultima"), -1},
    };
    for (const auto& [pattern, index] : ordinals) {
        if (has(text, pattern)) {
            return index;
        }
    }
    return std::nullopt;
}

} // namespace

OfflineAssistant::OfflineAssistant(const MenuSearch& menu,
                                   const AssistantPhrasebook& phrases,
                                   const RestaurantSettings& settings,
                                   bool hasPopularity)
    : m_menu(menu)
    , m_phrases(phrases)
    , m_settings(settings)
    , m_hasPopularity(hasPopularity)
{ }

QString OfflineAssistant::greetingFor(const RestaurantSettings& settings, const AssistantPhrasebook& phrases)
{
    if (!settings.assistantGreeting.trimmed().isEmpty()) {
        return settings.assistantGreeting.trimmed();
    }
    const QString name = settings.assistantName;
    if (settings.assistantTone == u"formal") {
        return phrases
            .text(QT_TRANSLATE_NOOP("DinerAssistant",
                                    "Good day, I am %1, the ordering assistant. I can help you choose from the menu "
                                    "and prepare your order."))
            .arg(name);
    }
    if (settings.assistantTone == u"playful") {
        return phrases
            .text(QT_TRANSLATE_NOOP("DinerAssistant",
                                    "Hey there, I'm %1! Hungry? Tell me what you fancy — “something spicy under 15”, "
                                    "“what is vegetarian?” — and I'll find it."))
            .arg(name);
    }
    return phrases
        .text(QT_TRANSLATE_NOOP("DinerAssistant",
                                "Hi, I'm %1! I can help you choose from the menu and put your order together. Try "
                                "“something vegetarian”, “spicy under 15” or “add two tiramisu”."))
        .arg(name);
}

QString OfflineAssistant::price(int cents) const
{
    return m_phrases.money(cents, m_menu.menu().currency);
}

QString OfflineAssistant::acknowledgement() const
{
    if (m_settings.assistantTone == u"formal") {
        return phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Certainly."));
    }
    if (m_settings.assistantTone == u"playful") {
        return phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Great pick!"));
    }
    return phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Done!"));
}

void OfflineAssistant::say(const QString& text)
{
    AssistantStep step;
    step.kind = AssistantStep::Kind::Text;
    step.text = text;
    m_steps.append(step);
}

void OfflineAssistant::cards(const QList<MenuItem>& items, AssistantSession& session)
{
    if (items.isEmpty()) {
        return;
    }
    AssistantStep step;
    step.kind = AssistantStep::Kind::Cards;
    step.cards = items;
    m_steps.append(step);
    session.focus.clear();
    session.shown.clear();
    for (const MenuItem& item : items) {
        session.focus.append(item.id);
        session.shown.append(item.id);
    }
}

AssistantTools::Outcome
OfflineAssistant::tool(const QString& name, const QJsonObject& arguments, AssistantTools::Outcome outcome)
{
    AssistantStep step;
    step.kind = AssistantStep::Kind::Tool;
    step.toolName = name;
    step.arguments = arguments;
    step.outcome = outcome;
    m_steps.append(step);
    return outcome;
}

QList<AssistantStep> OfflineAssistant::respond(const QString& message, AssistantSession& session)
{
    m_steps.clear();
    m_cart = &session.cart;
    QString text = plain(message);
    if (text.isEmpty()) {
        say(greeting());
        return m_steps;
    }
    // A greeting on its own is answered; before a request it is just dropped.
    static const QRegularExpression greetingFirst(QStringLiteral("^(") + GREETING + QStringLiteral(")\\b\\s*"));
    if (const auto g = greetingFirst.match(text); g.hasMatch()) {
        text = text.mid(g.capturedLength(0)).trimmed();
        if (text.isEmpty()
            || has(text,
                   QStringLiteral("^(there|again|sofia|") + plain(m_settings.assistantName) + QStringLiteral(")$"))) {
            say(greeting());
            return m_steps;
        }
    }
    if (has(text, QStringLiteral("^(") + THANKS + QStringLiteral(")( so much| a lot| very much)?$"))) {
        say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "You're welcome! Anything else I can find for you?")));
        return m_steps;
    }
    if (has(text, CONFIRM)) {
        showCart(session, true);
        return m_steps;
    }
    if (has(text, CLEAR)) {
        clear(session);
        return m_steps;
    }
    if (has(text, REMOVE)) {
        remove(message, session);
        return m_steps;
    }
    const bool adding = has(text, ADD)
        || has(text, QStringLiteral("^(\\d+|one|two|three|four|five|six|a|an|uno|una|un|dos|tres|cuatro)\\b"));
    if (adding) {
        const qsizetype before = m_steps.size();
        add(message, session);
        if (m_steps.size() > before) {
            return m_steps;
        }
        // "I want something spicy": no dish named, so it is a search.
    }
    if (answerAboutDish(message, session)) {
        return m_steps;
    }
    if (has(text, CART)) {
        showCart(session, false);
        return m_steps;
    }
    if (has(text, HELP)) {
        say(phrase(QT_TRANSLATE_NOOP("DinerAssistant",
                                     "I can look things up on the menu (“what is vegetarian?”, “something spicy under "
                                     "15”), recommend dishes, add or remove them (“add two of those”) and show your "
                                     "order. You confirm the order yourself on the page.")));
        return m_steps;
    }
    search(message, session, has(text, RECOMMEND));
    return m_steps;
}

OfflineAssistant::Target
OfflineAssistant::findTarget(const QString& segment, const AssistantSession& session, bool forRemoval) const
{
    Target target;
    QString text = plain(segment);
    for (const QString& word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (const auto n = numberWord(word); n && target.quantity == 0) {
            target.quantity = *n;
        }
    }
    // The dishes "those", "the second one", "both" point at: the last shown, or for
    // a removal the ones in the order.
    QList<MenuItem> focus;
    const auto consider = [&](qint64 id) {
        if (const MenuItem* item = m_menu.item(id); item && (!forRemoval || session.cart.quantityOf(id) > 0)) {
            focus.append(*item);
        }
    };
    for (qint64 id : session.focus) {
        consider(id);
    }
    if (forRemoval && focus.isEmpty()) {
        for (const AssistantCart::Line& line : session.cart.lines()) {
            consider(line.menuItemId);
        }
    }
    // "The second one" counts in the list last shown.
    QList<MenuItem> shown;
    for (qint64 id : session.shown) {
        if (const MenuItem* item = m_menu.item(id)) {
            shown.append(*item);
        }
    }
    if (shown.isEmpty()) {
        shown = focus;
    }
    const std::optional<int> position = ordinal(text);
    const bool all = has(text, BOTH);

    // A dish by name: the longest run of words that names exactly one.
    QString stripped = without(without(without(text, ADD), REMOVE_WORDS), COMMAND_WORDS);
    QStringList words;
    for (const QString& word : stripped.split(u' ', Qt::SkipEmptyParts)) {
        if (!numberWord(word) && !has(word, REFERENCE) && !ordinal(word) && !has(word, BOTH) && word != u"one"
            && word != u"ones") {
            words.append(word);
        }
    }
    std::optional<MenuMatcher::Match> several;
    QString unknownSaid;
    QList<MenuItem> close;
    if (!words.isEmpty()) {
        const MenuMatcher matcher(m_menu.menu());
        for (qsizetype length = std::min<qsizetype>(words.size(), 5); length >= 1; --length) {
            for (qsizetype start = 0; start + length <= words.size(); ++start) {
                const QString window = words.mid(start, length).join(u' ');
                const MenuMatcher::Match match = matcher.match(window);
                if (match.outcome == MenuMatcher::Outcome::Found) {
                    target.kind = Target::Kind::Dish;
                    target.items = {match.item};
                    return target;
                }
                if (match.outcome == MenuMatcher::Outcome::SoldOut) {
                    target.kind = Target::Kind::SoldOut;
                    target.items = {match.item};
                    return target;
                }
                if (match.outcome == MenuMatcher::Outcome::Ambiguous && !several) {
                    several = match;
                }
                if (match.outcome == MenuMatcher::Outcome::Unknown && length == words.size()) {
                    unknownSaid = window;
                    close = match.candidates;
                }
            }
        }
    }
    if (several) {
        // "the diavola" after the pizzas were shown: the one in view.
        QList<MenuItem> inFocus;
        for (const MenuItem& candidate : std::as_const(several->candidates)) {
            const auto same = [&candidate](const MenuItem& f) { return f.id == candidate.id; };
            if (std::any_of(focus.cbegin(), focus.cend(), same) || std::any_of(shown.cbegin(), shown.cend(), same)) {
                inFocus.append(candidate);
            }
        }
        target.kind = inFocus.size() == 1 ? Target::Kind::Dish : Target::Kind::Several;
        target.items = inFocus.size() == 1 ? inFocus : several->candidates;
        return target;
    }
    const bool refers = has(text, REFERENCE) || position || all || has(text, QStringLiteral("one|ones"));
    if (position && !shown.isEmpty()) {
        const qsizetype index = *position < 0 ? shown.size() - 1 : *position;
        if (index >= 0 && index < shown.size()) {
            target.kind = Target::Kind::Dish;
            target.items = {shown.at(index)};
            return target;
        }
    }
    if (refers && !focus.isEmpty()) {
        target.kind = focus.size() == 1 ? Target::Kind::Dish : Target::Kind::Focus;
        target.items = focus;
        target.all = all;
        return target;
    }
    if (refers && words.isEmpty()) {
        target.kind = Target::Kind::Focus; // "those", with nothing shown yet
        return target;
    }
    if (!unknownSaid.isEmpty()) {
        // A word that is only a filter ("spicy", "vegetarian") is a search, not a dish.
        const MenuSearch::Query query = MenuSearch::parse(unknownSaid);
        if (query.words.isEmpty()) {
            return target;
        }
        target.kind = Target::Kind::Unknown;
        target.said = unknownSaid;
        target.items = close;
    }
    return target;
}

QString OfflineAssistant::addFailure(const AssistantTools::Outcome& outcome, const MenuItem& item) const
{
    const QString reason = outcome.error.field;
    if (reason == u"sold_out") {
        return phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Sorry, %1 is sold out today.")).arg(item.name);
    }
    if (reason == u"full") {
        return phrase(QT_TRANSLATE_NOOP("DinerAssistant",
                                        "Your order already has %1 different dishes, the most it can have."))
            .arg(AssistantCart::MAX_LINES);
    }
    if (reason == u"too_many") {
        return phrase(QT_TRANSLATE_NOOP("DinerAssistant", "That would be more than %1 of %2 in one order."))
            .arg(AssistantCart::MAX_QUANTITY)
            .arg(item.name);
    }
    return phrase(QT_TRANSLATE_NOOP("DinerAssistant", "I can add from 1 to %1 of a dish at a time."))
        .arg(AssistantCart::MAX_ADD);
}

void OfflineAssistant::add(const QString& message, AssistantSession& session)
{
    AssistantTools tools(m_menu, session.cart);
    // "a tiramisu and two espressos": one request per part.
    static const QRegularExpression parts(QStringLiteral("\\s*(,|;|&|\\band\\b|\\bplus\\b|\\by\\b)\\s*"),
                                          QRegularExpression::CaseInsensitiveOption);
    QStringList segments = message.split(parts, Qt::SkipEmptyParts);
    // Unless a dish's own name has the joining word ("Fish and chips").
    const QString said = plain(message);
    for (const MenuCategory& category : m_menu.menu().categories) {
        for (const MenuItem& item : category.items) {
            const QString name = plain(item.name);
            if (name.contains(parts) && said.contains(name)) {
                segments = {message};
            }
        }
    }
    if (segments.isEmpty()) {
        segments = {message};
    }
    const bool explicitAdd = has(said, ADD_EXPLICIT);
    QStringList added;
    QList<MenuItem> addedItems;
    for (const QString& segment : std::as_const(segments)) {
        const Target target = findTarget(segment, session, false);
        const int quantity = target.quantity > 0 ? target.quantity : 1;
        switch (target.kind) {
        case Target::Kind::None:
            continue;
        case Target::Kind::Unknown: {
            if (!explicitAdd) {
                continue; // "I want something with chicken": a search
            }
            // No dish by that name: what comes close, by its words, else by spelling.
            const MenuSearch::Query query = MenuSearch::parse(segment);
            const AssistantTools::Outcome close = tool(AssistantTools::SEARCH,
                                                       AssistantTools::argumentsFor(query, query.words.join(u' ')),
                                                       tools.search(query, 4));
            say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "I couldn't find “%1” on the menu.")).arg(target.said));
            const QList<MenuItem> near = close.cards.isEmpty() ? target.items : close.cards;
            if (!near.isEmpty()) {
                say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Did you mean one of these?")));
                cards(near, session);
            }
            continue;
        }
        case Target::Kind::SoldOut:
            say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Sorry, %1 is sold out today."))
                    .arg(target.items.first().name));
            continue;
        case Target::Kind::Several:
            say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Which one do you mean?")));
            cards(target.items, session);
            continue;
        case Target::Kind::Focus:
            if (target.items.isEmpty()) {
                say(phrase(QT_TRANSLATE_NOOP(
                    "DinerAssistant", "Which dish do you mean? Ask me for something first, or tell me its name.")));
                continue;
            }
            if (!target.all) {
                say(phrase(
                    QT_TRANSLATE_NOOP("DinerAssistant", "Which one do you mean? Say “the first one”, or its name.")));
                cards(target.items, session);
                continue;
            }
            break;
        case Target::Kind::Dish:
            break;
        }
        for (const MenuItem& item : target.items) {
            const QJsonObject args{{QStringLiteral("menu_item_id"), item.id}, {QStringLiteral("quantity"), quantity}};
            const AssistantTools::Outcome outcome = tool(AssistantTools::ADD, args, tools.add(item.id, quantity));
            if (outcome.ok) {
                added << QStringLiteral("%1 × %2").arg(quantity).arg(item.name);
                addedItems << item;
            } else {
                say(addFailure(outcome, item));
            }
        }
    }
    if (!added.isEmpty()) {
        say(acknowledgement() + u' '
            + phrase(QT_TRANSLATE_NOOP("DinerAssistant", "I added %1 to your order.")).arg(m_phrases.list(added)) + u' '
            + phrase(QT_TRANSLATE_NOOP(
                "DinerAssistant", "Nothing is ordered until you confirm it yourself with the button on the page.")));
        session.focus.clear();
        for (const MenuItem& item : std::as_const(addedItems)) {
            session.focus.append(item.id);
        }
        AssistantStep cart;
        cart.kind = AssistantStep::Kind::Cart;
        m_steps.append(cart);
    }
}

void OfflineAssistant::remove(const QString& message, AssistantSession& session)
{
    AssistantTools tools(m_menu, session.cart);
    if (session.cart.isEmpty()) {
        say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Your order is empty, so there is nothing to remove.")));
        return;
    }
    const Target target = findTarget(message, session, true);
    QList<MenuItem> items;
    switch (target.kind) {
    case Target::Kind::Dish:
    case Target::Kind::SoldOut:
        items = target.items;
        break;
    case Target::Kind::Several:
    case Target::Kind::Focus: {
        // Of the dishes it could be, the ones in the order; ask if that is still several.
        for (const MenuItem& item : target.items) {
            if (session.cart.quantityOf(item.id) > 0) {
                items.append(item);
            }
        }
        if (items.size() > 1 && !target.all) {
            say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Which one should I remove?")));
            cards(items, session);
            return;
        }
        break;
    }
    case Target::Kind::Unknown:
    case Target::Kind::None:
        break;
    }
    if (items.isEmpty()) {
        say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Which dish should I remove? Here is your order:")));
        showCart(session, false);
        return;
    }
    QStringList removed;
    for (const MenuItem& item : std::as_const(items)) {
        if (session.cart.quantityOf(item.id) == 0) {
            say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "%1 isn't in your order.")).arg(item.name));
            continue;
        }
        const int quantity = target.all ? 0 : target.quantity;
        const QJsonObject args{{QStringLiteral("menu_item_id"), item.id}, {QStringLiteral("quantity"), quantity}};
        const AssistantTools::Outcome outcome = tool(AssistantTools::REMOVE, args, tools.remove(item.id, quantity));
        if (!outcome.ok) {
            continue;
        }
        removed << (outcome.quantityNow == 0 ? item.name
                                             : phrase(QT_TRANSLATE_NOOP("DinerAssistant", "%1 (%2 left)"))
                                                   .arg(item.name)
                                                   .arg(outcome.quantityNow));
    }
    if (!removed.isEmpty()) {
        say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "I took %1 off your order.")).arg(m_phrases.list(removed)));
        AssistantStep cart;
        cart.kind = AssistantStep::Kind::Cart;
        m_steps.append(cart);
    }
}

void OfflineAssistant::clear(AssistantSession& session)
{
    AssistantTools tools(m_menu, session.cart);
    const QList<AssistantCart::Line> lines = session.cart.lines();
    for (const AssistantCart::Line& line : lines) {
        const QJsonObject args{{QStringLiteral("menu_item_id"), line.menuItemId}, {QStringLiteral("quantity"), 0}};
        tool(AssistantTools::REMOVE, args, tools.remove(line.menuItemId, 0));
    }
    say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Your order is empty now.")));
    AssistantStep cart;
    cart.kind = AssistantStep::Kind::Cart;
    m_steps.append(cart);
}

void OfflineAssistant::showCart(AssistantSession& session, bool confirm)
{
    AssistantTools tools(m_menu, session.cart);
    tool(AssistantTools::SHOW_CART, {}, tools.showCart());
    if (session.cart.isEmpty()) {
        say(confirm
                ? phrase(QT_TRANSLATE_NOOP("DinerAssistant",
                                           "There is nothing in your order yet. Tell me what you'd like, or tap Add "
                                           "on the menu."))
                : phrase(QT_TRANSLATE_NOOP("DinerAssistant",
                                           "Your order is empty. Tell me what you'd like, or tap Add on the menu.")));
    } else if (confirm) {
        say(phrase(
            QT_TRANSLATE_NOOP("DinerAssistant",
                              "I can't place the order for you. Check it below, then confirm it yourself with the "
                              "button on the page (“Join the queue”): your order goes with your place in line.")));
    } else {
        say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Your order so far: %1 items, %2."))
                .arg(session.cart.itemCount())
                .arg(price(session.cart.subtotalCents(m_menu))));
    }
    AssistantStep cart;
    cart.kind = AssistantStep::Kind::Cart;
    cart.confirmNeeded = confirm && !session.cart.isEmpty();
    m_steps.append(cart);
}

QString OfflineAssistant::describeFilters(const MenuSearch::Query& query) const
{
    QStringList parts;
    for (const QString& tag : query.tags) {
        if (tag == u"vegetarian") {
            parts << phrase(QT_TRANSLATE_NOOP("DinerAssistant", "vegetarian"));
        } else if (tag == u"vegan") {
            parts << phrase(QT_TRANSLATE_NOOP("DinerAssistant", "vegan"));
        } else if (tag == u"gluten-free") {
            parts << phrase(QT_TRANSLATE_NOOP("DinerAssistant", "gluten-free"));
        } else if (tag == u"spicy") {
            parts << phrase(QT_TRANSLATE_NOOP("DinerAssistant", "spicy"));
        }
    }
    for (const QString& tag : query.excludedTags) {
        if (tag == u"spicy") {
            parts << phrase(QT_TRANSLATE_NOOP("DinerAssistant", "not spicy"));
        } else if (tag == u"contains-nuts") {
            parts << phrase(QT_TRANSLATE_NOOP("DinerAssistant", "without nuts"));
        }
    }
    if (query.maxPriceCents) {
        parts << phrase(QT_TRANSLATE_NOOP("DinerAssistant", "up to %1")).arg(price(*query.maxPriceCents));
    }
    if (query.minPriceCents) {
        parts << phrase(QT_TRANSLATE_NOOP("DinerAssistant", "from %1")).arg(price(*query.minPriceCents));
    }
    return parts.join(QStringLiteral(", "));
}

void OfflineAssistant::search(const QString& message, AssistantSession& session, bool recommend)
{
    AssistantTools tools(m_menu, session.cart);
    const MenuSearch::Query query = MenuSearch::parse(message);
    if (query.isEmpty() && !recommend) {
        say(phrase(
            QT_TRANSLATE_NOOP("DinerAssistant",
                              "I'm not sure what you'd like. I can find dishes (“what is vegetarian?”, “something "
                              "spicy under 15”), recommend some, add them to your order (“add two of those”) and "
                              "show your order.")));
        return;
    }
    const QString filters = describeFilters(query);
    if (query.words.isEmpty() && (recommend || query.isEmpty())) {
        // Recommendations: what diners here order most, within the filters.
        // (A search without words lists dishes in that order.)
        const QList<MenuItem> picks =
            tool(AssistantTools::SEARCH, AssistantTools::argumentsFor(query, QString()), tools.search(query, 3)).cards;
        if (picks.isEmpty()) {
            say(phrase(QT_TRANSLATE_NOOP("DinerAssistant",
                                         "Nothing on today's menu is %1. Shall I look without a filter?"))
                    .arg(filters));
            return;
        }
        say(m_hasPopularity ? phrase(QT_TRANSLATE_NOOP("DinerAssistant", "These are what diners here order most:"))
                            : phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Here are a few dishes to start with:")));
        cards(picks, session);
        return;
    }
    const AssistantTools::Outcome found =
        tool(AssistantTools::SEARCH, AssistantTools::argumentsFor(query, query.words.join(u' ')), tools.search(query));
    const QString about = query.words.join(u' ');
    if (found.total == 0) {
        if (!filters.isEmpty() && !about.isEmpty()) {
            say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "I couldn't find “%1” that is %2 on today's menu."))
                    .arg(about, filters));
        } else if (!filters.isEmpty()) {
            say(phrase(QT_TRANSLATE_NOOP("DinerAssistant",
                                         "Nothing on today's menu is %1. Shall I look without a filter?"))
                    .arg(filters));
        } else {
            say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "I couldn't find “%1” on today's menu.")).arg(about));
        }
        return;
    }
    QString intro;
    if (found.total == 1) {
        intro = filters.isEmpty()
            ? phrase(QT_TRANSLATE_NOOP("DinerAssistant", "I found one dish for “%1”:")).arg(about)
            : phrase(QT_TRANSLATE_NOOP("DinerAssistant", "I found one dish that is %1:")).arg(filters);
    } else if (!filters.isEmpty()) {
        intro =
            phrase(QT_TRANSLATE_NOOP("DinerAssistant", "I found %1 dishes that are %2:")).arg(found.total).arg(filters);
    } else {
        intro = phrase(QT_TRANSLATE_NOOP("DinerAssistant", "I found %1 dishes for “%2”:")).arg(found.total).arg(about);
    }
    if (found.cards.size() < found.total) {
        intro = filters.isEmpty()
            ? phrase(QT_TRANSLATE_NOOP("DinerAssistant", "I found %1 dishes for “%2”; here are the first %3:"))
                  .arg(found.total)
                  .arg(about)
                  .arg(found.cards.size())
            : phrase(QT_TRANSLATE_NOOP("DinerAssistant", "I found %1 dishes that are %2; here are the first %3:"))
                  .arg(found.total)
                  .arg(filters)
                  .arg(found.cards.size());
    }
    const QStringList names = [&] {
        QStringList out;
        for (const MenuItem& item : found.cards) {
            out << QStringLiteral("%1 (%2)").arg(item.name, price(item.priceCents));
        }
        return out;
    }();
    say(intro + u' ' + m_phrases.list(names) + u'.');
    cards(found.cards, session);
}

bool OfflineAssistant::answerAboutDish(const QString& message, AssistantSession& session)
{
    const QString text = plain(message);
    if (!has(text, QUESTION)) {
        return false;
    }
    // The dish must be named outright; the filters asked about are the question.
    const MenuSearch::Query query = MenuSearch::parse(message);
    const Target target = findTarget(message, session, false);
    if (target.kind != Target::Kind::Dish && target.kind != Target::Kind::SoldOut) {
        return false;
    }
    const MenuItem item = target.items.first();
    AssistantTools tools(m_menu, session.cart);
    MenuSearch::Query byName;
    byName.words = plain(item.name).split(u' ', Qt::SkipEmptyParts);
    tool(AssistantTools::SEARCH, AssistantTools::argumentsFor(byName, item.name), tools.search(byName, 1));
    if (!query.tags.isEmpty() || !query.excludedTags.isEmpty()) {
        const QString tag = query.tags.isEmpty() ? query.excludedTags.first() : query.tags.first();
        MenuSearch::Query only;
        only.tags = {tag};
        const QString adjective = describeFilters(only);
        if (MenuSearch::hasTag(item, tag)) {
            say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Yes, %1 is %2.")).arg(item.name, adjective));
        } else {
            say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "No, %1 is not %2.")).arg(item.name, adjective));
        }
    } else if (!item.description.isEmpty()) {
        say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "%1: %2, %3."))
                .arg(item.name, item.description, price(item.priceCents)));
    } else {
        say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "%1 is %2.")).arg(item.name, price(item.priceCents)));
    }
    if (!item.available) {
        say(phrase(QT_TRANSLATE_NOOP("DinerAssistant", "Sorry, %1 is sold out today.")).arg(item.name));
        return true;
    }
    cards({item}, session);
    return true;
}
