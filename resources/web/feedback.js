// "How was it?": one rating (and a comment, if the diner wants) for a visit
// or an order, sent once. A retry after a lost answer is harmless: the
// server answers with the first rating.
const done = (token) => { try { return localStorage.getItem(`maitre.rated.${token}`) == '1'; } catch { return false; } };
const remember = (token) => { try { localStorage.setItem(`maitre.rated.${token}`, '1'); } catch {} };

// Fills `box` (a <section>) for `token`; `{api, t, h}` are the page's helpers.
export function mountFeedback(box, token, { api, t, h }) {
  if (box.dataset.token == token) return; // already showing for this visit
  box.dataset.token = token;
  box.hidden = false;
  const thanks = (key) => box.replaceChildren(h('h2', { className: 'fb-thanks', tabIndex: -1 }, t(key)));
  if (done(token)) return thanks('fbThanks');
  let rating = 0;
  const stars = [1, 2, 3, 4, 5].map((n) => h('button', {
    type: 'button', className: 'star', role: 'radio', 'aria-checked': 'false',
    'aria-label': t('fbStars', { n }), 'data-n': n, textContent: '★',
    onclick: () => {
      rating = n;
      stars.forEach((s, i) => { s.setAttribute('aria-checked', String(i + 1 == n)); s.classList.toggle('on', i < n); });
      send.disabled = false;
      err.hidden = true;
    },
  }));
  const comment = h('textarea', { id: 'fb-comment', maxLength: 2000, rows: 3, placeholder: t('fbCommentPh') });
  const err = h('p', { className: 'err', role: 'alert', hidden: true });
  const send = h('button', { type: 'submit', className: 'btn primary', disabled: true, textContent: t('fbSend') });
  const form = h('form', { className: 'fb', noValidate: true },
    h('h2', { id: 'fb-h' }, t('fbTitle')),
    h('div', { className: 'stars', role: 'radiogroup', 'aria-labelledby': 'fb-h' }, stars),
    h('label', { htmlFor: 'fb-comment' }, t('fbComment')), comment, err, send);
  form.onsubmit = async (e) => {
    e.preventDefault();
    if (!rating) return;
    send.disabled = true;
    send.textContent = t('fbSending');
    const r = await api('POST', 'api/v1/feedback', { token, rating, comment: comment.value.trim() }).catch(() => null);
    send.textContent = t('fbSend');
    send.disabled = false;
    if (r?.ok || r?.status == 409) {
      remember(token);
      thanks(r.ok ? 'fbThanks' : 'fbAlready');
      box.firstChild.focus();
      return;
    }
    err.textContent = !r ? t('netErr') : r.status == 429 ? t('slow', { s: r.retry || 60 }) : r.data?.detail || t('err');
    err.hidden = false;
  };
  box.replaceChildren(form);
}
