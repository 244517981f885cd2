// What every browser journey file shares: one headless Debian chromium
// (playwright-core) started before the file's tests and closed after them,
// a context that applies the server's Content-Security-Policy and fails on
// any console error, the checks of rendered text, screenshots to
// docs/screenshots/, and the Element Plus gestures (sign in, menu, select,
// date picker, confirmation). URL is the server's address.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const base = process.env.URL;
export const shots = join(process.env.MZ_REPO, 'docs', 'screenshots');
export const FULL_ID = /\d{17}[\dX]/;
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
  + "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };
let browser;

// Every journey file shares one headless chromium, started before its tests.
before(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

// A browser context of the given size whose pages get the CSP header and
// whose console errors are collected; close() fails the test on any.
export async function open(viewport = DESKTOP) {
  const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN', acceptDownloads: true });
  await ctx.route((u) => u.pathname === '/', async (route) => {
    const r = await route.fetch();
    await route.fulfill({ response: r, headers: { ...r.headers(), 'content-security-policy': CSP } });
  });
  const errors = [];
  const page = await ctx.newPage();
  // An API refusal the page handles (401 before sign-in, 404 out of scope,
  // 409, 422) is logged by chromium as a failed resource; anything else fails.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    page,
    async close() {
      await ctx.close();
      assert.deepEqual(errors, [], 'console errors');
    },
  };
}

// The rendered text of the page shows no internal name, no division code,
// no raw value and (unless the page is a person's record) no full ID number.
export async function clean(page, what, { fullId = false } = {}) {
  await page.waitForLoadState('networkidle');
  // an SM3 digest (64 hex digits) and a policy version (its first 12, with
  // a letter: 925357081acb is no division code) are shown on purpose
  const text = (await page.locator('body').innerText()).replace(/\b[0-9a-f]{64}\b/g, '')
    .replace(/\b(?=[0-9a-f]*[a-f])[0-9a-f]{12}\b/g, '');
  const ident = text.match(/\b[a-z]+_[a-z]+\b/);
  assert.equal(ident, null, `${what}: internal name on screen: ${ident}`);
  const code = text.match(/(?<![\d*\-])(\d{12}|\d{9}|\d{6})(?![\d*\-])/);
  assert.equal(code, null, `${what}: division code on screen: ${code?.[0]}`);
  assert.doesNotMatch(text, /\bnull\b|\bundefined\b|NaN|\[object /, `${what}: raw value on screen`);
  assert.doesNotMatch(text, /\bsweep\b|\b(feed|user|machine|cli):[a-z]/, `${what}: an audit actor's code on screen`);
  if (!fullId) assert.doesNotMatch(text, FULL_ID, `${what}: a full ID number`);
}

export const shot = (page, name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

// Signs in through the form with the keyboard only: labels, Tab, Enter;
// waits for the account's first page (a street's work queue, others the
// households, unless the role lands elsewhere).
export async function login(page, name, landing = name.startsWith('st') ? '/queue' : '/households') {
  await page.goto(`${base}/#/login`);
  await page.getByLabel('账户名').fill(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(`pw-${name}-123`);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/#${landing}`);
  if (landing === '/queue' || landing === '/households') await page.locator('#total').waitFor();
}

export async function logout(page) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL('**/#/login');
}

// Goes to a page through the side menu.
export async function menu(page, name, path) {
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('menuitem', { name, exact: true }).click();
  await page.waitForURL(`**/#${path}`);
}

// Picks an option of the Element Plus select whose input has id.
export async function choose(page, id, option) {
  await page.locator(`.el-select__wrapper:has(#${id})`).click();
  await page.getByRole('option', { name: option, exact: true }).last().click();
}

// Fills a date or month picker and closes it.
export async function pick(page, id, value) {
  await page.locator(`#${id}`).fill(value);
  await page.locator(`#${id}`).press('Enter');
}

// The Element Plus confirmation: its text, then 确认… or Escape.
export async function confirm(page, yes = true) {
  const box = page.locator('.el-overlay-message-box');
  await box.waitFor();
  const text = await box.innerText();
  if (yes) await box.getByRole('button', { name: /^确认/ }).click();
  else await page.keyboard.press('Escape');
  await box.waitFor({ state: 'hidden' });
  return text;
}

export const total = async (page) => Number((await page.locator('#total').innerText()).replace(/,/g, '').match(/\d+/)[0]);
export const fontSize = (page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
