// Page-load time of the web console: each page opened in a new tab (as a
// reload or a link from elsewhere would) until its content is shown. Cold:
// a fresh browser profile holding only the session cookie (nothing cached,
// every script, style and answer fetched); warm: the same profile again,
// its scripts and styles cached. RUNS loads each; prints the median and the
// slowest wall time, and the median CPU time of the page's main thread
// (chromium's ThreadTime), which other processes on a busy machine do not
// inflate. First, the floor: an empty page in a new tab. Run against a server:
//   URL=http://127.0.0.1:8080 STREET=sta STREET_PW=… MANAGER=dist MANAGER_PW=… \
//     [HOUSEHOLD=id QUERY=name WARNING=id RUNS=5] node bench/web_load.mjs
// (docs/ui.md "Page-load time" says how it was run on the 1 M city.)
import { chromium } from 'playwright-core';

const { URL: base, STREET, STREET_PW, MANAGER, MANAGER_PW } = process.env;
const RUNS = Number(process.env.RUNS ?? 5);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const newContext = (storageState) =>
  browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', storageState });

// The session cookie of an account, signed in through the console.
async function session(name, password) {
  const ctx = await newContext();
  const page = await ctx.newPage();
  await page.goto(`${base}/#/login`);
  await page.locator('#name').fill(name);
  await page.locator('#password').fill(password);
  await page.keyboard.press('Enter');
  await page.locator('#total, #households').first().waitFor();
  const state = await ctx.storageState();
  await ctx.close();
  return state;
}

// Milliseconds from opening path in a new tab until ready is visible:
// [wall time, main-thread CPU time].
async function load(ctx, path, ready, url = `${base}/#/${path}`) {
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  const cpu = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value;
  const c0 = await cpu();
  const t0 = performance.now();
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: 60000 });
  const wall = performance.now() - t0;
  const cpuMs = (await cpu() - c0) * 1000;
  await page.close();
  return [wall, cpuMs];
}

const ms = (x) => `${x.toFixed(0).padStart(5)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const max = (xs) => Math.max(...xs);

async function measure(who, password, pages) {
  const state = await session(who, password);
  for (const [path, ready] of pages) {
    const cold = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await newContext(state); // nothing cached but the cookie
      cold.push(await load(ctx, path, ready));
      await ctx.close();
    }
    const ctx = await newContext(state);
    await load(ctx, path, ready);
    const warm = [];
    for (let i = 0; i < RUNS; i++) warm.push(await load(ctx, path, ready));
    await ctx.close();
    const wall = (r) => r.map((x) => x[0]), cpu = (r) => r.map((x) => x[1]);
    console.log(`${who.padEnd(6)} /#/${path.padEnd(28)} cold: median ${ms(median(wall(cold)))}, max ${ms(max(wall(cold)))}, `
      + `CPU ${ms(median(cpu(cold)))}; warm: median ${ms(median(wall(warm)))}, max ${ms(max(wall(warm)))}, CPU ${ms(median(cpu(warm)))}`);
  }
}

{ // the floor: an empty page (a 404 answer of the API) in a new tab
  const ctx = await newContext();
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await load(ctx, '', 'body', `${base}/api/v1/none`));
  await ctx.close();
  console.log(`floor: an empty page in a new tab: median ${ms(median(runs.map((x) => x[0])))}`);
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
