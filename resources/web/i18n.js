// Strings for the diner page. Language: ?lang=xx, else the first of
// navigator.languages we have, else English.
const D = {
  en: {
    queue: 'Virtual queue', loading: 'Loading…', open: 'Open now', closed: 'Closed right now',
    waitTitle: 'Current wait', partySize: 'Party size',
    people: ({ n }) => (n == 1 ? '1 person' : `${n} people`),
    waitLine: 'Parties ahead: {n} · about {m}\u00a0min ({l}–{h})',
    cantSeat: "We can't seat a party of {n} online. Please ask at the door.",
    menuTitle: 'Pre-order (optional)',
    loadErr: "Couldn't load this. Retrying…",
    menuHint: 'Order now and the kitchen will have it ready when you sit down.',
    add: 'Add', addX: 'Add {x}', soldOut: 'Sold out', goneX: '{x} has just sold out and was taken out of your order.',
    tag_vegan: 'Vegan', tag_vegetarian: 'Vegetarian', 'tag_gluten-free': 'Gluten-free',
    tag_spicy: 'Spicy', 'tag_contains-nuts': 'Contains nuts',
    added: '{x}: {n} in your pre-order',
    joinTitle: 'Join the queue', yourOrder: 'Your pre-order',
    cartEmpty: 'Nothing yet. Pre-ordering is optional.',
    note: 'Note for the kitchen', notePh: 'e.g. no onions', remove: 'Remove',
    less: 'One less {x}', more: 'One more {x}', subtotal: 'Subtotal',
    items: ({ n }) => (n == 1 ? '1 item' : `${n} items`),
    name: 'Your name', nameHint: "We'll call you by this name.",
    phone: 'Phone (optional)', phoneHint: 'Only used if the host needs to reach you.',
    join: 'Join the queue', joining: 'Joining…', nameReq: 'Please enter your name.',
    netErr: "We couldn't reach the restaurant. Check you're on its Wi-Fi and try again. You won't be added twice.",
    slow: 'Too many attempts. Please wait {s} s and try again.',
    big: 'That is too much for one order. Remove something and try again.',
    err: 'Something went wrong. Please try again.',
    lost: "We couldn't find your place in the queue. You can join again below.",
    yourCode: 'Your code', codeHint: 'Show or read out this code at the door.',
    position: 'Place in line', ahead: 'Parties ahead', estWait: 'Est. wait',
    range: '{l}–{h}\u00a0min',
    partyOf: ({ n }) => `Party of ${n}`,
    live: 'Live updates', offline: 'Reconnecting… checking every 10 s',
    readyTitle: 'Your table is ready!',
    comeIn: ({ n }) => `Come in within ${n} minute${n == 1 ? '' : 's'} and show your code.`,
    left: '{t} left', holdOver: 'Please come in now and ask at the door.',
    po_held: 'Waiting for you', po_received: 'Sent to the kitchen', po_preparing: 'Being prepared',
    po_ready: 'Ready', po_served: 'Served', po_cancelled: 'Cancelled',
    heldHint: "The kitchen will start it so it's ready when you sit down.",
    fireAt: "The kitchen will start it at {t} so it's ready when you sit down.",
    f_seated: "You're seated. Enjoy your meal!", f_done: 'Thanks for dining with us!',
    f_cancelled: "You've left the queue.", f_no_show: 'Your table hold has expired. Please ask at the door.',
    again: 'Join the queue again', done: 'Done',
    leave: 'Leave the queue', leaveQ: "Leave the queue? You'll lose your place.",
    leaveYes: 'Yes, leave', leaveNo: 'Stay in line',
    fbTitle: 'How was it?', fbStars: ({ n }) => `${n} of 5 stars`, fbComment: 'Anything to tell us? (optional)',
    fbCommentPh: 'What did you like, what could be better?', fbSend: 'Send', fbSending: 'Sending…',
    fbThanks: 'Thank you! Your rating helps us do better.', fbAlready: 'Thanks, we have your rating already.',
    oCode: 'Your order', oItems: 'Your dishes', oTotal: 'Total', oLost: "We couldn't find this order. Please ask at the counter.",
    oEta: 'Ready at about {t}', oEtaDelivery: 'With you at about {t}',
    o_received: 'Received', o_preparing: 'Being prepared', o_ready: 'Ready to pick up', o_out_for_delivery: 'On its way',
    o_picked_up: 'Picked up', o_delivered: 'Delivered', o_served: 'Served', o_cancelled: 'Cancelled',
    assistantDefaultName: 'Sofia', assistantOpen: 'Ask {name}', assistantTitle: '{name} · ordering assistant',
    assistantInline: 'Not sure? Ask {name} to help you choose',
    assistantClose: 'Close the assistant', assistantPlaceholder: 'Ask about the menu…', assistantSend: 'Send',
    assistantThinking: '{name} is typing…',
    assistantGreeting: "Hi, I'm {name}! Ask me about the menu and I'll put your order together.",
    assistantTry1: 'What is vegetarian?', assistantTry2: 'Something spicy under 15', assistantTry3: 'What do you recommend?',
    assistantCartTitle: 'Your order so far', assistantNotOrdered: 'Not ordered yet: you confirm it yourself when you join.',
    assistantReview: 'Review and join',
    assistantError: "The assistant isn't available right now. You can still order from the menu.",
    assistantSlow: 'Too many messages. Please wait {s} s.', assistantTooLong: 'That message is too long. Try a shorter one.',
  },
  es: {
    queue: 'Cola virtual', loading: 'Cargando…', open: 'Abierto ahora', closed: 'Cerrado ahora',
    waitTitle: 'Espera actual', partySize: 'Número de personas',
    people: ({ n }) => (n == 1 ? '1 persona' : `${n} personas`),
    waitLine: 'Grupos delante: {n} · unos {m}\u00a0min ({l}–{h})',
    cantSeat: 'No podemos sentar a un grupo de {n} en línea. Pregunta en la entrada.',
    menuTitle: 'Pedido anticipado (opcional)',
    loadErr: 'No se pudo cargar. Reintentando…',
    menuHint: 'Pide ahora y la cocina lo tendrá listo cuando te sientes.',
    add: 'Añadir', addX: 'Añadir {x}', soldOut: 'Agotado', goneX: '{x} se acaba de agotar y se ha quitado de tu pedido.',
    tag_vegan: 'Vegano', tag_vegetarian: 'Vegetariano', 'tag_gluten-free': 'Sin gluten',
    tag_spicy: 'Picante', 'tag_contains-nuts': 'Contiene frutos secos',
    added: '{x}: {n} en tu pedido',
    joinTitle: 'Apuntarse a la cola', yourOrder: 'Tu pedido anticipado',
    cartEmpty: 'Aún nada. El pedido anticipado es opcional.',
    note: 'Nota para la cocina', notePh: 'p. ej., sin cebolla', remove: 'Quitar',
    less: 'Uno menos: {x}', more: 'Uno más: {x}', subtotal: 'Subtotal',
    items: ({ n }) => (n == 1 ? '1 plato' : `${n} platos`),
    name: 'Tu nombre', nameHint: 'Te llamaremos por este nombre.',
    phone: 'Teléfono (opcional)', phoneHint: 'Solo por si necesitamos contactarte.',
    join: 'Apuntarme a la cola', joining: 'Apuntando…', nameReq: 'Escribe tu nombre.',
    netErr: 'No pudimos conectar con el restaurante. Comprueba que estás en su wifi y vuelve a intentarlo. No te apuntaremos dos veces.',
    slow: 'Demasiados intentos. Espera {s} s y vuelve a intentarlo.',
    big: 'Es demasiado para un pedido. Quita algo y vuelve a intentarlo.',
    err: 'Algo ha fallado. Inténtalo de nuevo.',
    lost: 'No encontramos tu lugar en la cola. Puedes apuntarte de nuevo.',
    yourCode: 'Tu código', codeHint: 'Muestra o di este código en la entrada.',
    position: 'Puesto', ahead: 'Grupos delante', estWait: 'Espera',
    range: '{l}–{h}\u00a0min',
    partyOf: ({ n }) => `Mesa para ${n}`,
    live: 'En directo', offline: 'Reconectando… comprobando cada 10 s',
    readyTitle: '¡Tu mesa está lista!',
    comeIn: ({ n }) => `Entra en ${n} minuto${n == 1 ? '' : 's'} como máximo y muestra tu código.`,
    left: 'Quedan {t}', holdOver: 'Entra ahora y pregunta en la entrada.',
    po_held: 'Esperándote', po_received: 'Enviado a cocina', po_preparing: 'En preparación',
    po_ready: 'Listo', po_served: 'Servido', po_cancelled: 'Cancelado',
    heldHint: 'La cocina lo empezará para que esté listo cuando te sientes.',
    fireAt: 'La cocina lo empezará a las {t} para que esté listo cuando te sientes.',
    f_seated: 'Ya tienes mesa. ¡Que aproveche!', f_done: '¡Gracias por tu visita!',
    f_cancelled: 'Has salido de la cola.', f_no_show: 'La reserva de tu mesa ha caducado. Pregunta en la entrada.',
    again: 'Apuntarse de nuevo', done: 'Hecho',
    leave: 'Salir de la cola', leaveQ: '¿Salir de la cola? Perderás tu puesto.',
    leaveYes: 'Sí, salir', leaveNo: 'Seguir en la cola',
    fbTitle: '¿Qué tal ha ido?', fbStars: ({ n }) => `${n} de 5 estrellas`, fbComment: '¿Algo que contarnos? (opcional)',
    fbCommentPh: '¿Qué te ha gustado, qué podríamos mejorar?', fbSend: 'Enviar', fbSending: 'Enviando…',
    fbThanks: '¡Gracias! Tu valoración nos ayuda a mejorar.', fbAlready: 'Gracias, ya tenemos tu valoración.',
    oCode: 'Tu pedido', oItems: 'Tus platos', oTotal: 'Total', oLost: 'No encontramos este pedido. Pregunta en el mostrador.',
    oEta: 'Listo hacia las {t}', oEtaDelivery: 'Contigo hacia las {t}',
    o_received: 'Recibido', o_preparing: 'En preparación', o_ready: 'Listo para recoger', o_out_for_delivery: 'En camino',
    o_picked_up: 'Recogido', o_delivered: 'Entregado', o_served: 'Servido', o_cancelled: 'Cancelado',
    assistantDefaultName: 'Sofia', assistantOpen: 'Pregunta a {name}', assistantTitle: '{name} · asistente de pedidos',
    assistantInline: '¿Dudas? Pide ayuda a {name} para elegir',
    assistantClose: 'Cerrar el asistente', assistantPlaceholder: 'Pregunta por la carta…', assistantSend: 'Enviar',
    assistantThinking: '{name} está escribiendo…',
    assistantGreeting: '¡Hola, soy {name}! Pregúntame por la carta y te preparo el pedido.',
    assistantTry1: '¿Qué hay vegetariano?', assistantTry2: 'Algo picante por menos de 15', assistantTry3: '¿Qué me recomiendas?',
    assistantCartTitle: 'Tu pedido por ahora', assistantNotOrdered: 'Aún no está pedido: lo confirmas tú al apuntarte.',
    assistantReview: 'Revisar y apuntarme',
    assistantError: 'El asistente no está disponible ahora. Puedes pedir desde la carta.',
    assistantSlow: 'Demasiados mensajes. Espera {s} s.', assistantTooLong: 'El mensaje es demasiado largo. Prueba con uno más corto.',
  },
};

const prefs = [new URLSearchParams(location.search).get('lang'), ...(navigator.languages || [navigator.language])];
const hit = prefs.find((p) => p && D[p.toLowerCase().split('-')[0]]) || 'en';
export const lang = hit.toLowerCase().split('-')[0];
let locale = hit;
try { new Intl.NumberFormat(locale); } catch { locale = lang; }

// t('key', {vars}); {_: fallback} is used when neither language has the key.
export function t(k, v = {}) {
  const s = D[lang][k] ?? D.en[k] ?? v._ ?? k;
  return typeof s == 'function' ? s(v) : s.replace(/\{(\w+)\}/g, (_, x) => v[x] ?? '');
}

let fmt;
export function setCurrency(c) {
  try { fmt = new Intl.NumberFormat(locale, { style: 'currency', currency: c }); } catch { /* keep the old one */ }
}
export const money = (cents) => (fmt ? fmt.format(cents / 100) : (cents / 100).toFixed(2));
let zone; // the restaurant's time zone, for times of day
export const setZone = (z) => { zone = z; };
export function clock(iso) {
  const o = { hour: 'numeric', minute: '2-digit' };
  try { return new Intl.DateTimeFormat(locale, { ...o, timeZone: zone }).format(new Date(iso)); } catch { return new Date(iso).toLocaleTimeString(locale, o); }
}
