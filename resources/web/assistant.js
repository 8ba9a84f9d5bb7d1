// The ordering assistant's drawer beside the menu: the diner asks in their own
// words, the answers stream in over AG-UI (POST api/v1/agent, Server-Sent
// Events), dishes come as cards with an Add button, and the cart the
// assistant builds is the page's own cart (sent as AG-UI state, taken back
// from STATE_SNAPSHOT). It never orders: "Review and join" leads to the
// page's own confirm step.
import { t, lang, money } from './i18n.js';

const $ = (id) => document.getElementById(id);

function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k in el) el[k] = v;
    else el.setAttribute(k, v);
  }
  el.append(...kids.flat().filter((k) => k != null && k !== false));
  return el;
}

const uuid = () => {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  return [...b].map((v, i) => ([4, 6, 8, 10].includes(i) ? '-' : '') + v.toString(16).padStart(2, '0')).join('');
};

// The conversation lives as long as the tab: a new visit starts afresh.
function threadId() {
  try {
    let id = sessionStorage.getItem('maitre.assistant');
    if (!id) sessionStorage.setItem('maitre.assistant', (id = uuid()));
    return id;
  } catch {
    return (threadId.id ||= uuid());
  }
}

// page: { cart: Map id → {q, note}, menu: Map id → item, setQty(id, q), review() }
export function initAssistant(page) {
  const open = $('assistant-open'), drawer = $('assistant'), log = $('assistant-log'), form = $('assistant-form');
  const input = $('assistant-input'), send = $('assistant-send'), chips = $('assistant-chips');
  const history = []; // AG-UI messages so far
  let name = t('assistantDefaultName'), busy = false, greeted = false, blockedUntil = 0;

  const inline = $('assistant-inline');
  const label = () => {
    $('assistant-open-label').textContent = t('assistantOpen', { name });
    inline.textContent = t('assistantInline', { name });
    $('assistant-h').textContent = t('assistantTitle', { name });
  };
  label();
  $('assistant-close').setAttribute('aria-label', t('assistantClose'));
  input.placeholder = t('assistantPlaceholder');
  open.hidden = false;
  inline.hidden = false;
  // The floating button steps aside while the Join button is on screen (the menu's own button stays).
  new IntersectionObserver(([e]) => document.body.classList.toggle('join-in-view', e.isIntersecting)).observe($('join'));
  fetch('api/v1/assistant', { headers: { Accept: 'application/json', 'Accept-Language': lang } })
    .then((r) => (r.ok ? r.json() : null))
    .then((a) => {
      if (!a) return;
      name = a.name || name;
      page.greeting = a.greeting;
      label();
    })
    .catch(() => {});

  const wide = matchMedia('(min-width: 60rem)');
  // A bottom sheet on a phone covers the page: it is a modal there, and the page behind it inert.
  const modality = () => {
    const modal = !drawer.hidden && !wide.matches;
    drawer.setAttribute('aria-modal', modal);
    for (const el of document.querySelectorAll('body > header, body > main, #sticky')) el.inert = modal;
    document.body.classList.toggle('assistant-modal', modal);
  };
  wide.addEventListener('change', modality);
  let opener = open; // the button that opened it gets the focus back
  const show = (on) => {
    drawer.hidden = !on;
    open.setAttribute('aria-expanded', on);
    document.body.classList.toggle('assistant-open', on);
    modality();
    if (on) {
      if (!greeted) {
        greeted = true;
        bubble('bot', page.greeting || t('assistantGreeting', { name }));
        chips.replaceChildren(...['assistantTry1', 'assistantTry2', 'assistantTry3'].map((k) =>
          h('button', { type: 'button', className: 'chip', onclick: () => ask(t(k)) }, t(k))));
      }
      input.focus();
    } else {
      (opener.offsetParent ? opener : inline).focus();
    }
  };
  open.onclick = inline.onclick = (e) => {
    opener = e.currentTarget;
    show(drawer.hidden);
  };
  $('assistant-close').onclick = () => show(false);
  drawer.addEventListener('keydown', (e) => e.key == 'Escape' && show(false));

  function bubble(who, text) {
    const el = h('div', { className: `msg ${who}` }, h('p', {}, text));
    log.append(el);
    el.scrollIntoView({ block: 'end' });
    return el;
  }

  function cardFor(item) {
    const add = () => {
      if (!page.menu.has(item.id)) return; // the page's menu has not loaded (or the dish just sold out)
      page.setQty(item.id, (page.cart.get(item.id)?.q || 0) + 1);
      btn.dataset.count = page.cart.get(item.id)?.q || '';
    };
    const btn = h('button', { type: 'button', className: 'btn add', 'data-testid': 'assistant-add', 'aria-label': t('addX', { x: item.name }), onclick: add }, t('add'));
    if (page.cart.get(item.id)?.q) btn.dataset.count = page.cart.get(item.id).q;
    return h('li', { className: 'acard', 'data-testid': 'assistant-card', 'data-id': item.id },
      h('div', { className: 'info' },
        h('b', {}, item.name),
        item.description && h('span', { className: 'desc' }, item.description),
        item.tags?.length > 0 && h('span', { className: 'tags' }, item.tags.map((g) => h('span', { className: `tag t-${g}` }, t(`tag_${g}`, { _: g }))))),
      h('div', { className: 'buy' }, h('span', { className: 'price' }, money(item.price_cents)), btn));
  }

  function cartCard(cart) {
    const lines = cart.lines || [];
    if (!lines.length) return h('div', { className: 'acart', 'data-testid': 'assistant-cart' }, h('p', { className: 'muted' }, t('cartEmpty')));
    return h('div', { className: 'acart', 'data-testid': 'assistant-cart' },
      h('b', {}, t('assistantCartTitle')),
      h('ul', { className: 'lines' }, lines.map((l) => h('li', { className: 'row' }, h('span', {}, `${l.quantity}× ${l.name}`), h('span', { className: 'price' }, money(l.line_total_cents))))),
      h('p', { className: 'total row' }, h('span', {}, t('subtotal')), h('span', {}, money(cart.subtotal_cents))),
      h('p', { className: 'hint' }, t('assistantNotOrdered')),
      h('button', { type: 'button', className: 'btn primary', 'data-testid': 'assistant-review', onclick: () => { show(false); page.review(); } }, t('assistantReview')));
  }

  // The assistant's cart becomes the page's: quantities set, lines it dropped removed.
  function applyCart(lines) {
    const wanted = new Map(lines.map((l) => [l.menu_item_id, l.quantity]));
    for (const id of [...page.cart.keys()]) if (!wanted.has(id)) page.setQty(id, 0);
    for (const [id, q] of wanted) if (page.menu.has(id) && page.cart.get(id)?.q != q) page.setQty(id, q);
  }

  function problem(status, body, retry) {
    if (status == 429) {
      const s = Math.ceil(+retry || 10);
      blockedUntil = Date.now() + s * 1000;
      return t('assistantSlow', { s });
    }
    if (status == 413) return t('assistantTooLong');
    return (status < 500 && body?.detail) || t('assistantError');
  }

  async function ask(text) {
    text = text.trim();
    if (!text || busy || Date.now() < blockedUntil) return;
    busy = true;
    send.disabled = true;
    chips.replaceChildren();
    $('assistant-err').hidden = true;
    bubble('me', text);
    input.value = '';
    history.push({ id: uuid(), role: 'user', content: text });
    const run = h('div', { className: 'msg bot run' });
    const typing = h('p', { className: 'typing muted' }, t('assistantThinking', { name }));
    run.append(typing);
    log.append(run);
    run.scrollIntoView({ block: 'end' });
    const texts = new Map(), extras = h('div', { className: 'extras' });
    run.append(extras);
    let reply = '';
    const body = {
      threadId: threadId(), runId: uuid(), messages: history.slice(-20), tools: [], context: [],
      state: { cart: [...page.cart].map(([id, l]) => ({ menu_item_id: id, quantity: l.q, ...(l.note && { note: l.note }) })) },
      forwardedProps: { language: lang, ...($('name')?.value.trim() && { diner_name: $('name').value.trim() }) },
    };
    const fail = (msg) => {
      typing.remove();
      run.append(h('p', { className: 'err', role: 'alert' }, msg));
    };
    try {
      const res = await fetch('api/v1/agent', {
        method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', 'Accept-Language': lang }, body: JSON.stringify(body),
      });
      if (!res.ok) {
        fail(problem(res.status, await res.json().catch(() => null), res.headers.get('Retry-After')));
      } else {
        const reader = res.body.getReader(), decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          const frames = buffer.split('\n\n');
          buffer = frames.pop();
          for (const frame of frames) {
            const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
            if (!data) continue;
            const e = JSON.parse(data);
            if (e.type == 'TEXT_MESSAGE_START') {
              typing.remove();
              const p = h('p', { className: 'text' });
              run.insertBefore(p, extras);
              texts.set(e.messageId, p);
            } else if (e.type == 'TEXT_MESSAGE_CONTENT') {
              texts.get(e.messageId)?.append(e.delta);
              reply += e.delta;
            } else if (e.type == 'CUSTOM' && e.name == 'maitre.menu_cards') {
              extras.append(h('ul', { className: 'acards' }, (e.value.items || []).map(cardFor)));
            } else if (e.type == 'CUSTOM' && e.name == 'maitre.cart') {
              extras.querySelector('.acart')?.remove();
              extras.append(cartCard(e.value));
            } else if (e.type == 'STATE_SNAPSHOT' && Array.isArray(e.snapshot?.cart)) {
              applyCart(e.snapshot.cart);
            } else if (e.type == 'RUN_ERROR') {
              fail(e.message || t('assistantError'));
            }
          }
        }
        typing.remove();
        if (reply) history.push({ id: uuid(), role: 'assistant', content: reply });
      }
    } catch {
      fail(t('netErr'));
    }
    busy = false;
    send.disabled = false;
    run.scrollIntoView({ block: 'end' });
    if (!drawer.hidden) input.focus();
  }

  form.onsubmit = (e) => {
    e.preventDefault();
    ask(input.value);
  };
}
