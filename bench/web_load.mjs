// Page-load time of the web console: each page opened in a new tab (as a
// reload or a link from elsewhere would) until its content is shown, first
// with an empty browser cache, then five times with the cache of the first
// load; prints the median and the slowest. Run against a server:
//   URL=http://127.0.0.1:8080 STREET=sta STREET_PW=… MANAGER=dist MANAGER_PW=… \
//     node bench/web_load.mjs
// (docs/ui.md "Page-load time" says how it was run on the 1 M city.)
import { chromium } from 'playwright-core';

const { URL: base, STREET, STREET_PW, MANAGER, MANAGER_PW } = process.env;
const RUNS = 5;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function signedIn(name, password) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(`${base}/#/login`);
  await page.locator('#name').fill(name);
  await page.locator('#password').fill(password);
  await page.keyboard.press('Enter');
  await page.locator('#total').waitFor();
  await page.close();
  return ctx;
}

// Milliseconds from opening path in a new tab until ready is visible.
async function load(ctx, path, ready) {
  const page = await ctx.newPage();
  const t0 = performance.now();
  await page.goto(`${base}/#/${path}`);
  await page.locator(ready).first().waitFor({ timeout: 60000 });
  const ms = performance.now() - t0;
  await page.close();
  return ms;
}

async function measure(who, password, pages) {
  for (const [path, ready] of pages) {
    const cold = await signedIn(who, password); // a fresh profile: nothing cached but the sign-in
    await cold.clearCookies();
    await cold.close();
    const ctx = await signedIn(who, password);
    const first = await load(ctx, path, ready);
    const times = [];
    for (let i = 0; i < RUNS; i++) times.push(await load(ctx, path, ready));
    times.sort((a, b) => a - b);
    console.log(`${who.padEnd(6)} /#/${path.padEnd(28)} first ${first.toFixed(0).padStart(5)} ms`
      + `  cached: median ${times[RUNS >> 1].toFixed(0).padStart(5)} ms, max ${times[RUNS - 1].toFixed(0).padStart(5)} ms`);
    await ctx.close();
  }
}

const hh = process.env.HOUSEHOLD, q = process.env.QUERY, w = process.env.WARNING;
await measure(STREET, STREET_PW, [
  ['queue', '#total'],
  ['households', '#households tbody tr'],
  ...(q ? [[`households?q=${encodeURIComponent(q)}`, '#households tbody tr']] : []),
  ...(hh ? [[`households/${hh}`, '#timeline']] : []),
  ...(w ? [[`warnings/${w}`, '#evidence']] : []),
  ['cases', '#total'],
]);
await measure(MANAGER, MANAGER_PW, [
  ['households', '#households tbody tr'],
  ['dashboard', '#coverage-chart'],
  ['simulate', '#run'],
  ['rolls', '#rolls'],
]);
await browser.close();
