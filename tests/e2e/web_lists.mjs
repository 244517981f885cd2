// Browser journeys of the long lists (tests/e2e/web_lists.sh starts the
// server): the households, cases and 工作台 sorted by a column header and
// paged by the server, the order and the page kept in the address so that
// Back and a reload return to them; a bad order refused naming the
// argument; at phone width one card per row, nothing scrolling sideways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { PHONE, base, clean, login, open, shot } from './browser.mjs';

const { DB, A } = process.env;
const sql = (q) => execFileSync('sqlite3', [DB, q], { encoding: 'utf8' }).trim().split('\n');
const firstNo = (page, id) => page.locator(`#${id} tbody tr`).first().locator('a').first().innerText();
const column = (page, id, n) => page.locator(`#${id} tbody tr td:nth-child(${n})`).allInnerTexts();
// a click on a column's header, on its label (the middle of a narrow one
// is its sort caret, which sets one order)
const header = (page, id, label) => {
  const th = page.locator(`#${id} th`, { hasText: label }).first();
  return { click: () => th.click({ position: { x: 12, y: 12 } }) };
};

test('households: sorted by 户编号 by the server, paged, kept on Back and reload', async () => {
  const { page, close } = await open();
  await login(page, 'sta');
  await page.goto(`${base}/#/households`);
  await page.locator('#households tbody tr').first().waitFor();
  const byNo = sql(`select hh_no from households where division like '${A}%' order by hh_no, id`);
  const byNoHeader = header(page, 'households', '户编号');
  await byNoHeader.click();
  await page.waitForURL(/sort=household_no/);
  await page.locator('#households tbody tr').first().filter({ hasText: byNo[0] }).waitFor();
  await byNoHeader.click(); // again: descending
  await page.waitForURL(/order=desc/);
  const desc = [...byNo].reverse();
  await page.locator('#households tbody tr').first().filter({ hasText: desc[0] }).waitFor();
  assert.equal(await page.locator('#households th.descending', { hasText: '户编号' }).count(), 1);
  // the next page, in the same order, from the server
  await page.locator('.pager .btn-next').click();
  await page.waitForURL(/page=2/);
  await page.locator('#households tbody tr').first().filter({ hasText: desc[20] }).waitFor();
  assert.deepEqual(await column(page, 'households', 1), desc.slice(20, 40));
  assert.match(await page.locator('#total').innerText(), new RegExp(`共 ${byNo.length} 户`));
  await clean(page, 'households sorted');
  await shot(page, 'households-sorted');
  // a household and Back: the same page in the same order
  await page.locator('#households .hh').first().click();
  await page.waitForURL(/#\/households\/\d+$/);
  await page.locator('#timeline, #household-head').first().waitFor();
  await page.goBack();
  await page.waitForURL(/page=2/);
  assert.match(page.url(), /sort=household_no/);
  assert.match(page.url(), /order=desc/);
  await page.locator('#households tbody tr').first().filter({ hasText: desc[20] }).waitFor();
  assert.equal(await page.locator('.pager .is-active').innerText(), '2');
  await page.reload();
  await page.locator('#households tbody tr').first().filter({ hasText: desc[20] }).waitFor();
  assert.equal(await page.locator('#households th.descending', { hasText: '户编号' }).count(), 1);
  // a search keeps its order too
  const prefix = byNo[0].slice(0, 12);
  await page.getByLabel('查找家庭').fill(prefix);
  await page.keyboard.press('Enter');
  await page.waitForURL(/q=/);
  assert.match(page.url(), /sort=household_no/);
  const found = desc.filter((no) => no.startsWith(prefix));
  await page.locator('#households tbody tr').first().filter({ hasText: found[0] }).waitFor();
  assert.deepEqual(await column(page, 'households', 1), found.slice(0, 20));
  await close();
});

test('cases: sorted by case number and by 家庭, paged, kept on Back; a bad order is refused naming it', async () => {
  const { page, close } = await open();
  await login(page, 'sta');
  await page.goto(`${base}/#/cases`);
  await page.locator('#cases tbody tr').first().waitFor();
  const ids = sql(`select id from cases where division like '${A}%' order by id desc`);
  assert.ok(ids.length > 20, `${ids.length} cases`);
  const byId = header(page, 'cases', '案件');
  await byId.click();
  await page.waitForURL(/sort=id/);
  await byId.click();
  await page.waitForURL(/order=desc/);
  await page.locator('#cases tbody tr').first().filter({ hasText: `案件 ${ids[0]}` }).waitFor();
  await page.locator('.pager .btn-next').click();
  await page.waitForURL(/page=2/);
  await page.locator('#cases tbody tr').first().filter({ hasText: `案件 ${ids[20]}` }).waitFor();
  assert.deepEqual(await column(page, 'cases', 1), ids.slice(20).map((i) => `案件 ${i}`));
  await page.locator('#cases tbody tr').first().getByRole('link', { name: `案件 ${ids[20]}` }).click();
  await page.waitForURL(new RegExp(`#/cases/${ids[20]}$`));
  await page.locator('#state').waitFor();
  await page.goBack();
  await page.waitForURL(/page=2/);
  await page.locator('#cases tbody tr').first().filter({ hasText: `案件 ${ids[20]}` }).waitFor();
  // by 家庭: a new order starts from the first page
  await header(page, 'cases', '家庭').click();
  await page.waitForURL((u) => /sort=household_no/.test(u) && !/page=/.test(u));
  const byHousehold = sql(`select h.hh_no from cases c join households h on h.id = c.household_id
                           where c.division like '${A}%' order by h.hh_no, c.id limit 20`);
  await page.locator('#cases tbody tr').first().filter({ hasText: byHousehold[0] }).waitFor();
  assert.deepEqual(await column(page, 'cases', 4), byHousehold);
  await clean(page, 'cases sorted');
  // the server refuses an order it does not know, naming the argument
  const bad = await page.evaluate(async () => {
    const r = await fetch('/api/v1/cases?sort=applicant_id');
    return [r.status, (await r.json()).field];
  });
  assert.deepEqual(bad, [400, 'sort']);
  const order = await page.evaluate(async () => (await (await fetch('/api/v1/households?sort=address&order=down')).json()).field);
  assert.equal(order, 'order');
  await close();
});

test('工作台: sorted by 户编号 and by kind, by the server', async () => {
  const { page, close } = await open();
  await login(page, 'sta');
  await page.locator('#queue tbody tr').first().waitFor();
  await header(page, 'queue', '户编号').click();
  await page.waitForURL(/#\/queue\?.*sort=household_no/);
  await page.locator('#queue tbody tr').first().waitFor();
  const nos = await column(page, 'queue', 4);
  assert.ok(nos.length > 0);
  assert.deepEqual(nos, [...nos].sort());
  await header(page, 'queue', '类别').click();
  await page.waitForURL(/sort=kind/);
  await page.locator('#queue tbody tr').first().waitFor();
  const kinds = await column(page, 'queue', 2);
  // the API's order of kinds (case, review, warning): 申请, 复核, 预警
  const rank = { 申请: 0, 复核: 1, 预警: 2 };
  assert.deepEqual(kinds, [...kinds].sort((x, y) => rank[x] - rank[y]));
  await clean(page, 'queue sorted');
  await close();
});

test('on a phone the lists are cards: households, cases and 工作台, nothing scrolling sideways', async () => {
  const { page, close } = await open(PHONE);
  await login(page, 'sta');
  for (const [path, id, n, name] of [['households?sort=household_no', 'households', 20, 'households-cards'],
    ['cases?sort=id&order=desc&page=2', 'cases', -1, 'cases-cards'], ['queue', 'queue', -1, 'queue-cards']]) {
    await page.goto(`${base}/#/${path}`);
    await page.locator(`#${id} .row-card`).first().waitFor();
    if (n > 0) assert.equal(await page.locator(`#${id} .row-card`).count(), n);
    assert.equal(await page.locator('.el-table').count(), 0, `${id}: a table on a phone`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), `${id} scrolls sideways`);
    await clean(page, `${id} cards`);
    await shot(page, name);
  }
  // the households' first card is the first by 户编号, and links to it
  const first = sql(`select hh_no from households where division like '${A}%' order by hh_no, id limit 1`)[0];
  await page.goto(`${base}/#/households?sort=household_no`);
  const card = page.locator('#households .row-card').first();
  await card.filter({ hasText: first }).waitFor();
  assert.match(await card.innerText(), /户主[\s\S]*所在区划/);
  await card.getByRole('link', { name: first }).click();
  await page.waitForURL(/#\/households\/\d+$/);
  await close();
});
