// The diner page on an order's own link, in headless Chromium:
//
//   node order.mjs ORDER_URL SCREENSHOT_DIR
//
// Opens /#o=TOKEN on a phone-sized screen, checks the code, the status and
// the total, prints SHOWN and waits (up to 60 s) for the harness to hand the
// order over; the page then asks for a rating: 5 stars, a comment, Send,
// the thanks. Prints RATED and exits 0, or FAIL <reason> and exits 1.
// Screenshot: order-feedback.png.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [url, shotDir] = process.argv.slice(2);
if (!url || !shotDir) {
  console.error('usage: node order.mjs ORDER_URL SCREENSHOT_DIR');
  process.exit(2);
}
fs.mkdirSync(shotDir, { recursive: true });
const say = (line) => new Promise((resolve) => process.stdout.write(`${line}\n`, resolve));
let browser, page, step = 'launching Chromium';
const until = (what, fn, timeout = 15_000) =>
  page.waitForFunction(fn, undefined, { timeout, polling: 100 }).catch(() => { throw new Error(`${what} (not within ${timeout / 1000} s)`); });
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });
  page = await context.newPage();
  step = 'the order';
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await until('the order view with its status', () => /Ready to pick up/.test(document.querySelector('[data-testid=order-status]')?.textContent || ''));
  const code = await page.locator('#order-view .code').innerText();
  if (!/\S{4}/.test(code)) throw new Error(`no order code, "${code}"`);
  const total = await page.locator('#order-view .total').innerText();
  if (!/€\s?24\.20/.test(total)) throw new Error(`the total reads "${total}", not €24.20`);
  await say('SHOWN');
  step = 'rating the order';
  await until('the rating card after pickup', () => !document.querySelector('#order-feedback')?.hidden && document.querySelector('#order-feedback .star'), 60_000);
  await page.click('#order-feedback .star[data-n="5"]');
  await page.fill('#fb-comment', 'Still hot when we got home');
  await page.screenshot({ path: path.join(shotDir, 'order-feedback.png') });
  await page.click('#order-feedback button[type=submit]');
  await until('the thanks', () => /Thank you/.test(document.querySelector('#order-feedback')?.textContent || ''));
  await say('RATED');
  await browser.close();
  process.exit(0);
} catch (e) {
  await page?.screenshot({ path: path.join(shotDir, 'order-fail.png') }).catch(() => {});
  await say(`FAIL ${step}: ${String(e?.message || e).split('\n')[0]}`);
  await browser?.close().catch(() => {});
  process.exit(1);
}
