// Maitre diner page: the wait and the menu, joining the queue with an optional
// pre-order, then following the party live until its table is ready.
import { t, lang, money, setCurrency, setZone, clock } from './i18n.js';
import { mountFeedback } from './feedback.js';
import { showOrder } from './order.js';
import { initAssistant } from './assistant.js';

const $ = (id) => document.getElementById(id);
const show = (id, on) => { $(id).hidden = !on; };
// Writes text only when it changed, so live regions announce real changes only.
const txt = (id, s) => { const v = String(s ?? ''); if ($(id).textContent !== v) $(id).textContent = v; };
const FINAL = ['seated', 'done', 'cancelled', 'no_show'];
const store = (v) => {
  try {
    if (v === undefined) return localStorage.getItem('maitre.token');
    v ? localStorage.setItem('maitre.token', v) : localStorage.removeItem('maitre.token');
  } catch {} // private mode: the URL fragment still keeps the place
};

// h('tag', {attribute, property or onevent}, ...children)
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

// JSON over HTTP; URLs are relative so the page also works under /r/{slug}/.
// Resolves to {ok, status, data, retry}; rejects only when no answer came (15 s).
let skew = 0; // server clock minus ours, from the Date header
const now = () => Date.now() + skew;
async function api(method, path, body, headers, cache = 'no-store') {
  const ctl = new AbortController(), timer = setTimeout(() => ctl.abort(), 15000);
  try {
    const res = await fetch(path, {
      method, cache, signal: ctl.signal, body: body && JSON.stringify(body),
      headers: { Accept: 'application/json', 'Accept-Language': lang, ...(body && { 'Content-Type': 'application/json' }), ...headers },
    });
    const d = Date.parse(res.headers.get('Date')) - Date.now();
    if (Math.abs(d) > 2000) skew = d;
    return { ok: res.ok, status: res.status, data: await res.json().catch(() => ({})), retry: res.headers.get('Retry-After') };
  } finally {
    clearTimeout(timer);
  }
}
const partyUrl = () => `api/v1/queue/${encodeURIComponent(token)}`;

// A v4 UUID (crypto.randomUUID exists only on https pages; the LAN is http).
const uuid = () => {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  return [...b].map((v, i) => ([4, 6, 8, 10].includes(i) ? '-' : '') + v.toString(16).padStart(2, '0')).join('');
};

const menu = new Map(); // id → item
const cart = new Map(); // id → {q, note, el}, in the order added
let menuJson = '', title = document.title, formSeen = false, menuOk = false, waitSeq = 0, waitTimer, idemKey, blocked = 0;
let token, party, ws, tries = 0, wsTimer, pollTimer, isLive = false, lastSeq = 0, tick, audio;

document.documentElement.lang = lang;
for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
for (let n = 1; n <= 20; n++) $('party-size').append(new Option(t('people', { n }), n));
$('party-size').value = 2;
const restaurantLoaded = loadRestaurant();
const orderToken = new URLSearchParams(location.hash.slice(1)).get('o');
token = orderToken ? null : new URLSearchParams(location.hash.slice(1)).get('t') || store();
if (orderToken) {
  view('order-view'); // an order's own link: its status, then a rating once handed over
  showOrder(orderToken, { api, t, h, money, clock, $, ready: restaurantLoaded });
} else {
  token ? resume() : showJoin();
}

async function loadRestaurant(delay = 2000) {
  try {
    const { ok, data: d } = await api('GET', 'api/v1/restaurant');
    if (!ok) throw 0;
    $('restaurant-name').textContent = d.name;
    title = `${d.name} · ${t('queue')}`;
    if (party?.status != 'notified') document.title = title;
    $('open-state').textContent = t(d.open ? 'open' : 'closed');
    if (!menuOk) setCurrency(d.currency);
    setZone(d.timezone);
  } catch {
    setTimeout(loadRestaurant, delay, Math.min(delay * 2, 15000));
  }
}

// ---- join view ----

function view(v) {
  for (const id of ['loading', 'join-view', 'status-view', 'order-view']) show(id, id == v);
  document.body.dataset.view = v; // the assistant's drawer is for choosing, in the join view
  sticky();
}

function showJoin(notice = '') {
  view('join-view');
  $('notice').textContent = notice;
  show('notice', notice);
  document.body.dataset.status = '';
  document.title = title;
  partySize();
  if (!menuOk) loadMenu();
}

function partySize() {
  $('party-sum').textContent = t('partyOf', { n: $('party-size').value });
  loadWait();
}
$('party-size').onchange = () => { clearErrors(); partySize(); };

async function loadWait() {
  clearTimeout(waitTimer);
  const n = +$('party-size').value, mine = ++waitSeq, el = $('wait');
  let next = 30000;
  try {
    const { ok, data: w } = await api('GET', `api/v1/wait?party_size=${n}`);
    if (mine != waitSeq) return;
    if (!ok) throw 0;
    txt('wait', w.can_seat ? t('waitLine', { n: w.parties_ahead, m: w.quoted_minutes, l: w.range?.low, h: w.range?.high }) : t('cantSeat', { n }));
    el.className = w.can_seat ? 'wait' : 'wait warn';
    el.dataset.partySize = n;
  } catch {
    if (mine != waitSeq) return;
    txt('wait', t('loadErr'));
    el.className = 'wait warn';
    next = 5000;
  }
  if (!$('join-view').hidden) waitTimer = setTimeout(loadWait, next);
}

async function loadMenu(delay = 2000) {
  try {
    const { ok, data } = await api('GET', 'api/v1/menu', null, {}, 'no-cache'); // revalidates with the ETag
    if (!ok) throw 0;
    const json = JSON.stringify(data);
    if (json == menuJson) return; // unchanged (usually a 304 behind the scenes)
    menuJson = json;
    setCurrency(data.currency);
    menuOk = true;
    menu.clear();
    $('menu').replaceChildren(...data.categories.filter((c) => c.items?.length).map((c) =>
      h('section', { className: 'cat' }, h('h3', {}, c.name), h('ul', { className: 'items' }, c.items.map(item)))));
    // A dish the kitchen has run out of (86'd) leaves the cart, and the diner is told.
    for (const [id, l] of [...cart]) {
      if (menu.has(id)) continue;
      const name = l.el.querySelector('b').textContent;
      l.el.remove();
      cart.delete(id);
      $('announce').textContent = t('goneX', { x: name });
      $('notice').textContent = t('goneX', { x: name });
      show('notice', 1);
    }
    renderCart();
  } catch {
    if (!menuOk) $('menu').replaceChildren(h('p', { className: 'err' }, t('loadErr')));
    setTimeout(loadMenu, delay, Math.min(delay * 2, 15000));
  }
}
// While the diner is choosing, the menu follows the kitchen: on waking and every minute.
const freshMenu = () => menuOk && !document.hidden && !$('join-view').hidden && loadMenu();
setInterval(freshMenu, 60000);
document.addEventListener('visibilitychange', freshMenu);

function item(it) {
  menu.set(it.id, it);
  return h('li', { className: it.available ? 'item' : 'item off', 'data-testid': 'menu-item', 'data-id': it.id, 'data-available': !!it.available },
    h('div', { className: 'info' },
      h('h4', {}, it.name),
      it.description && h('p', { className: 'desc' }, it.description),
      it.tags?.length > 0 && h('ul', { className: 'tags' }, it.tags.map((g) => h('li', { className: `tag t-${g}` }, t(`tag_${g}`, { _: g }))))),
    h('div', { className: 'buy' },
      h('span', { className: 'price' }, money(it.price_cents)),
      it.available
        ? h('button', { type: 'button', className: 'btn add', 'data-testid': 'add', 'aria-label': t('addX', { x: it.name }), onclick: () => setQty(it.id, (cart.get(it.id)?.q || 0) + 1) }, t('add'))
        : h('span', { className: 'sold' }, t('soldOut'))));
}

function setQty(id, q) {
  const it = menu.get(id), grew = q > (cart.get(id)?.q || 0);
  if (q < 1) {
    cart.get(id).el.remove();
    cart.delete(id);
    $('cart-h').focus();
  } else {
    cart.has(id) || cart.set(id, { note: '', el: line(id, it) });
    cart.get(id).q = Math.min(q, 99);
  }
  renderCart();
  if (grew) $('announce').textContent = t('added', { x: it.name, n: q });
}

function line(id, it) {
  const b = (test, label, d, sign) => h('button', { type: 'button', 'data-testid': test, 'aria-label': t(label, { x: it.name }), onclick: () => setQty(id, cart.get(id).q + d) }, sign);
  return h('li', { className: 'line', 'data-testid': 'cart-line', 'data-id': id },
    h('div', { className: 'row' }, h('b', {}, it.name), h('span', { className: 'price' })),
    h('div', { className: 'row' },
      h('div', { className: 'stepper' }, b('dec', 'less', -1, '−'), h('output', { 'data-testid': 'qty' }), b('inc', 'more', 1, '+')),
      h('button', { type: 'button', className: 'btn link', 'data-testid': 'remove', onclick: () => setQty(id, 0) }, t('remove'))),
    h('label', { className: 'note' }, t('note'),
      h('input', { maxLength: 140, placeholder: t('notePh'), 'data-testid': 'note', oninput: (e) => (cart.get(id).note = e.target.value) })),
    h('p', { className: 'err', hidden: true }));
}

function renderCart() {
  let sum = 0, n = 0;
  for (const [id, l] of cart) {
    const cents = menu.get(id).price_cents * l.q;
    $('cart').append(l.el); // keeps the DOM in cart order without re-creating inputs
    l.el.querySelector('output').value = l.q;
    l.el.querySelector('.price').textContent = money(cents);
    sum += cents;
    n += l.q;
  }
  for (const b of $('menu').querySelectorAll('.add')) {
    const q = cart.get(+b.closest('li').dataset.id)?.q;
    q ? (b.dataset.count = q) : delete b.dataset.count;
  }
  show('cart-empty', !n);
  show('subtotal-row', n);
  $('subtotal').value = money(sum);
  $('sticky-sum').textContent = n ? `${t('items', { n })} · ${money(sum)}` : '';
}

// A bottom bar leads to the join form while the form is off screen.
function sticky() {
  const on = !formSeen && !$('join-view').hidden;
  show('sticky', on);
  document.body.classList.toggle('has-sticky', on);
}
new IntersectionObserver(([e]) => { formSeen = e.isIntersecting; sticky(); }).observe($('join-form'));
$('sticky-go').onclick = () => {
  $('join-form').scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  $('name').focus({ preventScroll: true });
};

// ---- errors: next to the field the server names, else above the button ----

function clearErrors() {
  for (const el of document.querySelectorAll('#join-form .err, #party-size-err')) el.hidden = true;
  for (const el of document.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}
function fail(el, msg, input) {
  el.textContent = msg;
  el.hidden = false;
  input?.setAttribute('aria-invalid', true);
  (input || el).scrollIntoView({ block: 'center' });
  input?.focus({ preventScroll: true });
}
const fieldFail = (id, msg) => fail($(`${id}-err`), msg, $(id));
$('name').oninput = $('phone').oninput = clearErrors;

function problem(r) {
  const f = String(r.data?.field || ''), msg = r.data?.detail || r.data?.title || t('err');
  const i = /^items\[(\d+)\]/.exec(f)?.[1], lineErr = $('cart').children[i]?.querySelector('.err');
  if (r.status == 413) fail($('form-err'), t('big'));
  else if (f == 'name' || f == 'phone') fieldFail(f, msg);
  else if (f == 'party_size') fieldFail('party-size', msg);
  else fail(lineErr || (f.startsWith('items') ? $('items-err') : $('form-err')), msg);
}

$('join-form').onsubmit = async (e) => {
  e.preventDefault();
  unlockAudio();
  if (Date.now() < blocked) return;
  clearErrors();
  const name = $('name').value.trim(), phone = $('phone').value.trim(), btn = $('join');
  if (!name) return fieldFail('name', t('nameReq'));
  const body = { name, party_size: +$('party-size').value };
  if (phone) body.phone = phone;
  if (cart.size) body.items = [...cart].map(([id, l]) => ({ menu_item_id: id, quantity: l.q, ...(l.note.trim() && { note: l.note.trim() }) }));
  idemKey ||= uuid(); // kept until a definite answer, so a retry never joins twice
  btn.disabled = true;
  btn.textContent = t('joining');
  const r = await api('POST', 'api/v1/queue', body, { 'Idempotency-Key': idemKey }).catch(() => null);
  btn.disabled = false;
  btn.textContent = t('join');
  if (!r) return fail($('form-err'), t('netErr'));
  if (r.ok && r.data.token) {
    idemKey = null;
    for (const id of [...cart.keys()]) setQty(id, 0);
    $('join-form').reset();
    return enter(r.data, true);
  }
  if (r.status == 429) {
    const s = Math.ceil(+r.retry || (Date.parse(r.retry) - Date.now()) / 1000) || 10;
    blocked = Date.now() + s * 1000;
    btn.disabled = true;
    setTimeout(() => (btn.disabled = false), s * 1000);
    return fail($('form-err'), t('slow', { s }));
  }
  if (r.status >= 500) return fail($('form-err'), t('err'));
  idemKey = null; // refused: the next attempt is a new join
  problem(r);
};

// ---- status view ----

async function resume() {
  const r = await api('GET', partyUrl()).catch(() => null);
  if (r?.status == 404) return forget(true);
  enter(r?.ok ? r.data : { token }); // offline: shown as soon as live updates get through
}

function enter(p, focus) {
  token = p.token;
  store(token);
  history.replaceState(null, '', `#t=${encodeURIComponent(token)}`);
  clearTimeout(waitTimer);
  view('status-view');
  party = null;
  render(p);
  if (focus) $('code-h').focus();
  if (!FINAL.includes(p.status)) connect();
}

function forget(lost) {
  stopLive();
  token = party = null;
  store(null);
  history.replaceState(null, '', location.pathname + location.search);
  showJoin(lost ? t('lost') : '');
  $('restaurant-name').focus();
}

function render(p) {
  const prev = party?.status, s = p.status, fin = FINAL.includes(s), ready = s == 'notified', po = p.preorder;
  party = p;
  document.body.dataset.status = s || '';
  txt('code', p.code || '–');
  txt('position', p.position ?? '–');
  txt('ahead', p.parties_ahead ?? '–');
  const range = p.quote_range ? t('range', { l: p.quote_range.low, h: p.quote_range.high }) : '';
  if ($('quote').textContent != `${p.quoted_minutes ?? '–'} min${range}`)
    $('quote').replaceChildren(p.quoted_minutes ?? '–', h('small', {}, ' min'), h('small', {}, range));
  txt('party-line', s ? `${t('partyOf', { n: p.party_size })} · ${p.name}` : '');
  show('stats', !s || s == 'waiting');
  show('status-ready', ready);
  show('final', fin);
  show('leave-box', s && !fin);
  show('conn', !fin);
  show('ticket', s != 'cancelled');
  document.title = ready ? `🔔 ${t('readyTitle')}` : title;
  clearInterval(tick);
  if (ready) {
    $('ready-body').textContent = t('comeIn', { n: p.hold_minutes ?? 10 });
    countdown();
    if (prev && prev != s) alertDiner();
  }
  // After the meal: how was it?
  const ate = s == 'seated' || s == 'done';
  show('feedback', ate);
  if (ate) mountFeedback($('feedback'), p.token || token, { api, t, h });
  if (fin) {
    $('final-msg').textContent = t(`f_${s}`);
    $('again').textContent = t(s == 'seated' || s == 'done' ? 'done' : 'again');
    store(null); // the URL fragment still shows this on reload; a new visit starts afresh
    stopLive();
  }
  show('preorder', po?.items?.length);
  if (!po?.items?.length) return;
  txt('po-status', t(`po_${po.status}`, { _: po.status }));
  $('po-status').className = `pill po-${po.status}`;
  $('po-hint').textContent = po.status != 'held' ? '' : po.fire_at ? t('fireAt', { t: clock(po.fire_at) }) : t('heldHint');
  $('po-lines').replaceChildren(...po.items.map((l) => h('li', { 'data-testid': 'preorder-line', 'data-id': l.menu_item_id },
    h('b', {}, `${l.quantity}×`),
    h('span', {}, l.name, l.note && h('small', {}, l.note)),
    h('span', { className: 'price' }, money(l.line_total_cents)))));
  $('po-subtotal').textContent = money(po.subtotal_cents);
}

function countdown() {
  const end = Date.parse(party.hold_until) || Date.parse(party.notified_at) + party.hold_minutes * 60000;
  const step = () => {
    const s = Math.ceil((end - now()) / 1000);
    $('countdown').textContent = !end ? '' : s > 0 ? t('left', { t: `${(s / 60) | 0}:${String(s % 60).padStart(2, '0')}` }) : t('holdOver');
    if (!(s > 0)) clearInterval(tick);
  };
  step();
  tick = setInterval(step, 1000);
}

// Sound may only start after a user gesture: the join click, or a later tap.
function unlockAudio() {
  try {
    audio ||= new AudioContext();
    audio.resume();
  } catch {}
}
addEventListener('pointerdown', () => token && unlockAudio());

function alertDiner() {
  if (navigator.userActivation?.hasBeenActive !== false) navigator.vibrate?.([400, 200, 400, 200, 800]);
  $('status-ready').scrollIntoView();
  if (audio?.state != 'running') return;
  const t0 = audio.currentTime;
  [0, 0.35, 0.7].forEach((d, i) => {
    const o = audio.createOscillator(), g = audio.createGain(), a = t0 + d;
    o.frequency.value = i > 1 ? 1175 : 880;
    g.gain.setValueAtTime(0.0001, a);
    g.gain.exponentialRampToValueAtTime(0.4, a + 0.02);
    g.gain.exponentialRampToValueAtTime(0.0001, a + 0.3);
    o.connect(g).connect(audio.destination);
    o.start(a);
    o.stop(a + 0.32);
  });
}

// ---- live updates: WebSocket with exponential backoff; polling while it is down ----

function connect() {
  clearTimeout(wsTimer);
  if (!token || ws) return;
  const u = new URL(`ws?token=${encodeURIComponent(token)}`, location.href);
  u.protocol = location.protocol == 'https:' ? 'wss:' : 'ws:';
  const s = (ws = new WebSocket(u));
  s.onmessage = (e) => {
    let m;
    try { m = JSON.parse(e.data); } catch { return; }
    if (!m.party || !(m.type == 'snapshot' || (m.type == 'update' && m.seq > lastSeq))) return;
    lastSeq = m.seq;
    tries = 0;
    live(true);
    render(m.party);
  };
  s.onclose = (e) => {
    if (ws != s) return;
    ws = null;
    if (e.code == 4404) return forget(true);
    live(false);
    wsTimer = setTimeout(connect, Math.min(15000, 1000 * 2 ** tries++) * (0.8 + Math.random() * 0.4));
  };
}

function live(on) {
  isLive = on;
  txt('conn', t(on ? 'live' : 'offline'));
  $('conn').className = on ? 'conn on' : 'conn off';
  if (on) {
    clearInterval(pollTimer);
    pollTimer = 0;
  } else if (!pollTimer) {
    poll();
    pollTimer = setInterval(poll, 10000);
  }
}

async function poll(force) {
  const tok = token, r = tok && (await api('GET', partyUrl()).catch(() => null));
  if (!r || tok != token || (isLive && force !== true)) return;
  if (r.status == 404) forget(true);
  else if (r.ok) render(r.data);
}

function stopLive() {
  clearTimeout(wsTimer);
  clearInterval(pollTimer);
  pollTimer = 0;
  isLive = false;
  ws?.close(1000);
  ws = null;
}

// A phone waking up or getting its network back catches up at once.
const wake = () => {
  if (!token || FINAL.includes(party?.status) || document.hidden) return;
  if (!ws) {
    tries = 0;
    connect();
  }
  poll(true); // a socket that looks open may have died while the phone slept
};
document.addEventListener('visibilitychange', wake);
addEventListener('online', wake);

// Leaving takes a second tap to confirm.
const confirming = (on) => {
  show('leave', !on);
  show('leave-confirm', on);
  show('leave-err', 0);
  $(on ? 'leave-no' : 'leave').focus();
};
$('leave').onclick = () => confirming(true);
$('leave-no').onclick = () => confirming(false);
$('leave-yes').onclick = async () => {
  $('leave-yes').disabled = true;
  const r = await api('DELETE', partyUrl()).catch(() => null);
  $('leave-yes').disabled = false;
  confirming(false);
  if (r?.ok) return render(r.data);
  if (r?.status == 404) return forget(true);
  fail($('leave-err'), r ? r.data?.detail || t('err') : t('netErr'));
  if (r) poll(true);
};
$('again').onclick = () => forget();

// The ordering assistant builds this same cart; the diner confirms it with Join.
initAssistant({ cart, menu, setQty, review: () => $('sticky-go').onclick() });
