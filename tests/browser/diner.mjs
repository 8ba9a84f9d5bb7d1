// End-to-end driver for the diner page in headless Chromium.
//
//   node diner.mjs BASE_URL SCREENSHOT_DIR
//
// Opens the page on a phone-sized screen, checks the restaurant name and the
// wait, picks a party of 2, puts two dishes in the pre-order (one twice), types
// a name, joins, and waits for the status view. Then it prints one line
//   JOINED <token>
// and waits (up to 60 s, without reloading) for the test harness to notify the
// party through the server; when the page shows the table is ready it checks
// the pre-order lines and prints READY; once the harness seats the party it
// rates the visit (4 stars and a comment), waits for the thanks, prints RATED
// and exits 0. Any failure prints
//   FAIL <reason>
// exits 1 and copies the page's console errors to stderr. Screenshots:
// diner-join.png, diner-waiting.png, diner-ready.png, diner-feedback.png (diner-fail.png on failure).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [baseUrl, shotDir] = process.argv.slice(2);
if (!baseUrl || !shotDir) {
  console.error('usage: node diner.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
fs.mkdirSync(shotDir, { recursive: true });

const say = (line) => new Promise((resolve) => process.stdout.write(`${line}\n`, resolve));
const consoleErrors = [];
let browser;

async function finish(code, line) {
  await say(line);
  if (code && consoleErrors.length) console.error(`page console errors:\n  ${consoleErrors.join('\n  ')}`);
  await browser?.close().catch(() => {});
  process.exit(code);
}

const overall = setTimeout(() => {
  page?.screenshot({ path: path.join(shotDir, 'diner-fail.png') }).catch(() => {});
  setTimeout(() => finish(1, 'FAIL overall timeout of 120 s'), 2000);
}, 120_000);
overall.unref();

let page;
const shot = (name) => page.screenshot({ path: path.join(shotDir, name) });
const text = (sel) => page.locator(sel).first().innerText({ timeout: 5_000 });
// Waits until `fn` (run in the page) returns something truthy.
const until = (what, fn, arg, timeout = 15_000) =>
  page.waitForFunction(fn, arg, { timeout, polling: 100 }).catch(() => { throw new Error(`${what} (not within ${timeout / 1000} s)`); });

let step = 'launching Chromium';
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    locale: 'en-US', reducedMotion: 'reduce',
  });
  page = await context.newPage();
  page.on('console', (m) => m.type() == 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
  page.setDefaultTimeout(15_000);

  step = 'opening the page';
  await page.goto(baseUrl, { waitUntil: 'domcontentloaded' });

  step = 'restaurant name';
  await until('the restaurant name is shown', () => document.querySelector('#restaurant-name')?.textContent.trim());
  step = 'the wait';
  await until('the wait is shown', () => /\d/.test(document.querySelector('#wait')?.textContent || ''));

  step = 'party size';
  for (const n of ['4', '2']) {
    await page.selectOption('#party-size', n);
    await until(`the wait for a party of ${n}`, (x) => document.querySelector('#wait')?.dataset.partySize == x, n);
  }

  step = 'menu';
  await until('two dishes can be added', () => document.querySelectorAll('[data-testid=menu-item][data-available=true] [data-testid=add]').length >= 2);
  const dishes = page.locator('[data-testid=menu-item][data-available=true]');
  const first = dishes.nth(0), second = dishes.nth(1);
  const [idA, idB] = [await first.getAttribute('data-id'), await second.getAttribute('data-id')];
  const [nameA, nameB] = [(await first.locator('h4').innerText()).trim(), (await second.locator('h4').innerText()).trim()];

  step = 'cart';
  await first.locator('[data-testid=add]').click();
  await second.locator('[data-testid=add]').click();
  const lineA = page.locator(`[data-testid=cart-line][data-id="${idA}"]`);
  await lineA.locator('[data-testid=inc]').click();
  await lineA.locator('[data-testid=note]').fill('No basil, please');
  await until('the cart holds both dishes, the first twice', ([a, b]) => {
    const q = (id) => document.querySelector(`[data-testid=cart-line][data-id="${id}"] [data-testid=qty]`)?.textContent;
    return document.querySelectorAll('[data-testid=cart-line]').length == 2 && q(a) == '2' && q(b) == '1';
  }, [idA, idB]);

  step = 'name';
  await page.fill('#name', 'Ana');
  await page.locator('#name').blur();
  await page.evaluate(() => { document.querySelector('#join-form').scrollIntoView({ block: 'start' }); scrollBy(0, -12); });
  await shot('diner-join.png');

  step = '86 while choosing';
  // The kitchen runs out of a dish in the cart: it leaves the menu and the cart, and the diner is told.
  const third = dishes.nth(2), idC = await third.getAttribute('data-id');
  await third.locator('[data-testid=add]').click();
  await until('the third dish is in the cart', (c) => !!document.querySelector(`[data-testid=cart-line][data-id="${c}"]`), idC);
  await say(`EIGHTY_SIX ${idC}`);
  await until('the 86\'d dish leaves the menu and the cart', (c) => {
    document.dispatchEvent(new Event('visibilitychange')); // as when the phone wakes
    return !document.querySelector(`[data-testid=menu-item][data-id="${c}"]`) &&
      !document.querySelector(`[data-testid=cart-line][data-id="${c}"]`) &&
      !document.querySelector('#notice').hidden && document.querySelectorAll('[data-testid=cart-line]').length == 2;
  }, idC, 30_000);

  step = 'joining';
  await page.click('#join');
  await until('the status view with a code and a position', () =>
    !document.querySelector('#status-view')?.hidden && /\S/.test(document.querySelector('#code')?.textContent || '') &&
    /\d/.test(document.querySelector('#position')?.textContent || ''), undefined, 30_000);
  const code = (await text('#code')).trim(), position = (await text('#position')).trim();
  const token = await page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('t'));
  if (!token) throw new Error('no token in the URL fragment after joining');
  if (!(await page.evaluate(() => localStorage.getItem('maitre.token')))) throw new Error('the token was not kept in localStorage');
  await page.evaluate(() => scrollTo(0, 0));
  await shot('diner-waiting.png');
  console.error(`joined: code ${code}, position ${position}`);
  await say(`JOINED ${token}`);

  step = 'waiting for the ready state';
  await until('the ready state', () => {
    const r = document.querySelector('#status-ready');
    return r && !r.hidden && r.offsetHeight > 0;
  }, undefined, 60_000);
  await page.evaluate(() => scrollTo(0, 0));
  await page.waitForTimeout(300);
  await shot('diner-ready.png');

  step = 'pre-order lines';
  const lines = await page.locator('[data-testid=preorder-line]').allInnerTexts();
  const joined = lines.join('\n');
  if (lines.length != 2 || !joined.includes(nameA) || !joined.includes(nameB) || !/^\s*2\s*×/m.test(joined))
    throw new Error(`the pre-order shows ${JSON.stringify(lines)}, expected 2× ${nameA} and 1× ${nameB}`);
  await say('READY');

  // The host seats them; after the meal the page asks how it was.
  step = 'rating the visit';
  await until('the rating card', () => {
    const f = document.querySelector('#feedback');
    return f && !f.hidden && f.querySelector('.star');
  }, undefined, 60_000);
  await page.click('#feedback .star[data-n="4"]');
  await page.fill('#fb-comment', 'The pre-order was ready as we sat down');
  await page.evaluate(() => document.querySelector('#feedback').scrollIntoView({ block: 'center' }));
  await shot('diner-feedback.png');
  await page.click('#feedback button[type=submit]');
  await until('the thanks', () => /Thank you/.test(document.querySelector('#feedback')?.textContent || ''));
  if (consoleErrors.length) console.error(`page console errors (not fatal):\n  ${consoleErrors.join('\n  ')}`);
  await finish(0, 'RATED');
} catch (e) {
  await page?.screenshot({ path: path.join(shotDir, 'diner-fail.png') }).catch(() => {});
  await finish(1, `FAIL ${step}: ${String(e?.message || e).split('\n')[0]}`);
}
