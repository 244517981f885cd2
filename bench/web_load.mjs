// Page-load time of the web console: each page opened in a new tab (as a
// reload or a link from elsewhere would) until its content is shown, first
// with an empty browser cache, then five times with the cache of the first
// load; prints the median and the slowest wall time, and the median CPU
// time of the page's main thread (chromium's ThreadTime), which other
// processes on a busy machine do not inflate. Run against a server:
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

// Milliseconds from opening path in a new tab until ready is visible:
// [wall time, main-thread CPU time].
async function load(ctx, path, ready) {
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  const cpu = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value;
  const c0 = await cpu();
  const t0 = performance.now();
  await page.goto(`${base}/#/${path}`);
  await page.locator(ready).first().waitFor({ timeout: 60000 });
  const ms = performance.now() - t0;
  const cpuMs = (await cpu() - c0) * 1000;
  await page.close();
  return [ms, cpuMs];
}

async function measure(who, password, pages) {
  for (const [path, ready] of pages) {
    const cold = await signedIn(who, password); // a fresh profile: nothing cached but the sign-in
    await cold.clearCookies();
    await cold.close();
    const ctx = await signedIn(who, password);
    const [first] = await load(ctx, path, ready);
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await load(ctx, path, ready));
    const times = runs.map((r) => r[0]).sort((a, b) => a - b);
    const cpus = runs.map((r) => r[1]).sort((a, b) => a - b);
    const ms = (x) => `${x.toFixed(0).padStart(5)} ms`;
    console.log(`${who.padEnd(6)} /#/${path.padEnd(28)} first ${ms(first)}  cached: median ${ms(times[RUNS >> 1])},`
      + ` max ${ms(times[RUNS - 1])}; main-thread CPU median ${ms(cpus[RUNS >> 1])}`);
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
