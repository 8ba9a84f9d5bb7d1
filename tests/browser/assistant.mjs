// The ordering assistant's drawer on the diner page, in headless Chromium.
//
//   node assistant.mjs BASE_URL SCREENSHOT_DIR
//
// On a phone-sized screen: opens the drawer, asks "what is vegetarian?" and
// waits for the answer and its menu cards, adds a card's dish with its Add
// button, asks to "add two tiramisu" and checks the page's own cart follows,
// asks to place the order (the assistant shows the cart and leads to the
// confirm step, it never joins), closes with Escape; then the drawer in
// Spanish, and beside the menu on a wide screen. Prints "CART <id>x<q> …"
// (the page's cart) and "OK", exit 0; "FAIL <reason>", exit 1.
// Screenshots: diner-assistant.png (phone), diner-assistant-wide.png.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [baseUrl, shotDir] = process.argv.slice(2);
if (!baseUrl || !shotDir) {
  console.error('usage: node assistant.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
fs.mkdirSync(shotDir, { recursive: true });
const say = (line) => new Promise((resolve) => process.stdout.write(`${line}\n`, resolve));
const consoleErrors = [];
let browser, page, step = 'launching Chromium';

async function finish(code, line) {
  await say(line);
  if (code && consoleErrors.length) console.error(`page console errors:\n  ${consoleErrors.join('\n  ')}`);
  await browser?.close().catch(() => {});
  process.exit(code);
}
setTimeout(() => finish(1, `FAIL ${step}: overall timeout of 120 s`), 120_000).unref();

const until = (what, fn, arg, timeout = 15_000) =>
  page.waitForFunction(fn, arg, { timeout, polling: 100 }).catch(() => { throw new Error(`${what} (not within ${timeout / 1000} s)`); });
const botText = () => page.evaluate(() => [...document.querySelectorAll('#assistant-log .msg.bot')].at(-1)?.innerText || '');
async function ask(text) {
  const before = await page.locator('#assistant-log .msg.bot.run').count();
  await page.fill('#assistant-input', text);
  await page.press('#assistant-input', 'Enter');
  await until(`an answer to “${text}”`, (n) => {
    const runs = document.querySelectorAll('#assistant-log .msg.bot.run');
    return runs.length > n && !runs[runs.length - 1].querySelector('.typing') && !document.querySelector('#assistant-send').disabled;
  }, before);
  return botText();
}
const pageCart = () => page.evaluate(() => [...document.querySelectorAll('#cart [data-testid=cart-line]')].map((l) =>
  `${l.dataset.id}x${l.querySelector('[data-testid=qty]').textContent}`));

async function newPage(url, viewport, isMobile) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 2, isMobile, hasTouch: isMobile, locale: 'en-US', reducedMotion: 'reduce' });
  const p = await context.newPage();
  p.on('console', (m) => m.type() == 'error' && consoleErrors.push(m.text()));
  p.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
  p.setDefaultTimeout(15_000);
  await p.goto(url, { waitUntil: 'domcontentloaded' });
  return p;
}

try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  page = await newPage(baseUrl, { width: 390, height: 844 }, true);

  step = 'the assistant button';
  await until('the menu and the assistant button', () =>
    document.querySelectorAll('[data-testid=menu-item]').length > 0 && /Ask \S/.test(document.querySelector('#assistant-open')?.innerText || ''));
  if ((await page.getAttribute('#assistant-open', 'aria-expanded')) !== 'false') throw new Error('the button does not say the drawer is closed');

  step = 'opening the drawer';
  await page.click('#assistant-open');
  await until('the drawer with a greeting and suggestions', () =>
    !document.querySelector('#assistant').hidden && document.querySelectorAll('#assistant-log .msg.bot').length == 1 &&
    document.querySelectorAll('#assistant-chips .chip').length == 3);
  if (!(await page.evaluate(() => document.activeElement?.id == 'assistant-input'))) throw new Error('the input does not have the focus');
  const dialog = await page.evaluate(() => {
    const d = document.querySelector('#assistant');
    return [d.getAttribute('role'), d.getAttribute('aria-modal'), document.getElementById(d.getAttribute('aria-labelledby'))?.textContent,
      document.querySelector('#assistant-log').getAttribute('role'), document.querySelector('#assistant-close').getAttribute('aria-label')];
  });
  if (dialog[0] != 'dialog' || dialog[1] != 'true' || !/ordering assistant/.test(dialog[2]) || dialog[3] != 'log' || !dialog[4])
    throw new Error(`the drawer is not an accessible dialog: ${JSON.stringify(dialog)}`);

  step = 'what is vegetarian';
  const answer = await ask('what is vegetarian?');
  if (!/dishes that are vegetarian/.test(answer)) throw new Error(`the answer was: ${answer}`);
  const cards = page.locator('#assistant-log [data-testid=assistant-card]');
  if ((await cards.count()) < 3) throw new Error('no menu cards with the answer');

  step = 'adding from a card';
  const first = cards.first();
  const firstId = await first.getAttribute('data-id');
  await first.locator('[data-testid=assistant-add]').click();
  await until('the dish in the page cart', (id) => !!document.querySelector(`#cart [data-testid=cart-line][data-id="${id}"]`), firstId);

  step = 'add two tiramisu';
  const added = await ask('add two tiramisu');
  if (!/Nothing is ordered until you confirm/.test(added)) throw new Error(`the answer was: ${added}`);
  await until('the cart card and the page cart with two tiramisu', () => {
    const line = [...document.querySelectorAll('#cart [data-testid=cart-line]')].find((l) => /Tiramis/.test(l.innerText));
    return document.querySelector('#assistant-log [data-testid=assistant-cart]') && line?.querySelector('[data-testid=qty]').textContent == '2';
  });
  const cart = await pageCart();
  if (cart.length != 2 || cart[0] != `${firstId}x1`) throw new Error(`the page cart is ${cart}`);
  await page.evaluate(() => document.querySelector('#assistant-log').scrollTo(0, 1e6));
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(shotDir, 'diner-assistant.png') });

  step = 'place my order';
  const placing = await ask('place my order');
  if (!/can't place the order for you/.test(placing)) throw new Error(`the answer was: ${placing}`);
  const review = page.locator('#assistant-log [data-testid=assistant-review]').last();
  await review.click();
  await until('the drawer closed and the join form with the focus', () =>
    document.querySelector('#assistant').hidden && document.activeElement?.id == 'name');
  if (!(await page.isVisible('#join'))) throw new Error('the join button is not shown');
  if (await page.isVisible('#status-view')) throw new Error('the assistant joined the queue');

  step = 'escape closes';
  // By the Join button the floating button steps aside; the menu has its own.
  if (await page.isVisible('#assistant-open')) throw new Error('the floating button covers the Join button');
  await page.click('#assistant-inline');
  await until('the drawer open again, the conversation kept', () =>
    !document.querySelector('#assistant').hidden && document.querySelectorAll('#assistant-log .msg.me').length == 3);
  await page.keyboard.press('Escape');
  await until('the drawer closed with the focus on the button that opened it', () =>
    document.querySelector('#assistant').hidden && document.activeElement?.id == 'assistant-inline');
  await say(`CART ${(await pageCart()).join(' ')}`);

  step = 'in Spanish';
  const es = await newPage(`${baseUrl}?lang=es`, { width: 390, height: 844 }, true);
  page = es;
  await until('the button in Spanish', () => /Pregunta a \S/.test(document.querySelector('#assistant-open')?.innerText || ''));
  await page.click('#assistant-open');
  await until('a Spanish greeting', () => /Hola/.test(document.querySelector('#assistant-log')?.innerText || ''));
  await page.click('#assistant-chips .chip >> nth=0'); // "¿Qué hay vegetariano?"
  await until('a Spanish answer with cards', () =>
    /platos vegetarianos/.test(document.querySelector('#assistant-log')?.innerText || '') &&
    document.querySelectorAll('#assistant-log [data-testid=assistant-card]').length > 0);

  step = 'beside the menu';
  page = await newPage(baseUrl, { width: 1280, height: 800 }, false);
  await until('the assistant button', () => /Ask \S/.test(document.querySelector('#assistant-open')?.innerText || ''));
  await page.click('#assistant-open');
  await until('the greeting', () => document.querySelectorAll('#assistant-log .msg.bot').length == 1);
  await ask('something spicy under 15');
  const layout = await page.evaluate(() => {
    const d = document.querySelector('#assistant').getBoundingClientRect(), m = document.querySelector('#menu').getBoundingClientRect();
    return { overlap: m.right > d.left, modal: document.querySelector('#assistant').getAttribute('aria-modal') };
  });
  if (layout.overlap || layout.modal != 'false') throw new Error(`on a wide screen the drawer is not beside the menu: ${JSON.stringify(layout)}`);
  await page.screenshot({ path: path.join(shotDir, 'diner-assistant-wide.png') });

  if (consoleErrors.length) throw new Error(`console errors: ${consoleErrors.join(' | ')}`);
  await finish(0, 'OK');
} catch (e) {
  await page?.screenshot({ path: path.join(shotDir, 'diner-assistant-fail.png') }).catch(() => {});
  await finish(1, `FAIL ${step}: ${String(e?.message || e).split('\n')[0]}`);
}
