// An order followed by its link (#o=TOKEN): its code, status, dishes and
// total, read again every 15 s while it is open; once it has been picked up
// or delivered, "how was it?".
import { mountFeedback } from './feedback.js';

const OPEN = ['received', 'preparing', 'ready', 'out_for_delivery'];

export function showOrder(token, { api, t, h, money, clock, $, ready }) {
  const box = $('order-view');
  let timer;
  const render = (o) => {
    const lines = (o.items || []).map((l) => h('li', {},
      h('b', {}, `${l.quantity}×`), h('span', {}, l.name), h('span', { className: 'price' }, money(l.line_total_cents))));
    const eta = OPEN.includes(o.status) && o.eta ? h('p', { className: 'muted' }, t(o.kind == 'delivery' ? 'oEtaDelivery' : 'oEta', { t: clock(o.eta) })) : null;
    const rate = h('section', { id: 'order-feedback', className: 'card', hidden: true });
    box.replaceChildren(
      h('section', { className: 'card ticket' },
        h('h2', { className: 'label' }, t('oCode')), h('p', { className: 'code' }, o.code || '–'),
        h('p', {}, h('span', { className: `pill o-${o.status}`, 'data-testid': 'order-status' }, t(`o_${o.status}`, { _: o.status }))), eta),
      h('section', { className: 'card' }, h('h2', {}, t('oItems')), h('ul', { className: 'lines' }, lines),
        h('p', { className: 'total' }, h('span', {}, t('oTotal')), h('span', {}, money(o.total_cents)))),
      rate);
    if (['picked_up', 'delivered', 'served'].includes(o.status)) mountFeedback(rate, token, { api, t, h });
    clearTimeout(timer);
    if (OPEN.includes(o.status)) timer = setTimeout(load, 15000);
  };
  const load = async () => {
    const r = await api('GET', `api/v1/orders/${encodeURIComponent(token)}`).catch(() => null);
    if (r?.ok) return render(r.data);
    if (r?.status == 404) return box.replaceChildren(h('p', { className: 'notice' }, t('oLost')));
    clearTimeout(timer);
    timer = setTimeout(load, 15000); // no answer: try again
  };
  document.addEventListener('visibilitychange', () => !document.hidden && load());
  // Prices in the restaurant's currency: its details first (a few seconds at most).
  Promise.race([ready, new Promise((r) => setTimeout(r, 3000))]).finally(load);
}
