// Browser journeys of child welfare (tests/e2e/web_children.sh starts the
// server): a 儿童主任 lands on their community's children, records a
// guardianship-guidance visit from the list and reads it on the child's
// record (a full view, audited); another community's 儿童主任 gets the
// child as missing; a county reads the 困境儿童 dashboard; a street
// caseworker has no 儿童福利 menu.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { base, clean, login, menu, open, shot } from './browser.mjs';

const { NA, DB } = process.env;
const sql = (q) => execFileSync('sqlite3', [DB, q], { encoding: 'utf8' }).trim();
let childId;

test('a 儿童主任 records guidance for an overdue child and reads the child\'s record', async () => {
  const { page, close } = await open();
  await login(page, 'dira', '/children');
  await page.locator('#children tbody tr').first().waitFor();
  assert.equal(await page.locator('#children tbody tr').count(), Number(NA));
  const summary = async () => (await page.locator('#children-summary').innerText()).match(/困境儿童 (\d+) 名，探访逾期 (\d+) 名/).slice(1).map(Number);
  const [total, overdue] = await summary();
  assert.equal(total, Number(NA));
  assert.equal(overdue, total); // nobody visited yet
  await clean(page, 'children list');
  await shot(page, 'children-list');

  const row = page.locator('#children tbody tr').first();
  const name = (await row.locator('.child-link').innerText()).trim();
  childId = (await row.locator('.child-link').getAttribute('href')).match(/\/children\/(\d+)/)[1];
  await row.getByRole('button', { name: '登记探访' }).click();
  const drawer = page.locator('#record-child-visit');
  await drawer.getByText(`登记探访：${name}`).waitFor();
  await drawer.getByText('监护指导', { exact: true }).click();
  await drawer.getByLabel('情况记录').fill('指导祖母按时接送上学，讲解防溺水');
  await drawer.getByRole('button', { name: '保存' }).click();
  await page.waitForFunction((n) => /探访逾期 (\d+) 名/.exec(document.querySelector('#children-summary')?.innerText ?? '')?.[1] === String(n),
    overdue - 1);
  await page.getByText('只看探访逾期').click();
  assert.equal(await page.locator('#children tbody tr', { hasText: name }).count(), 0);
  await page.getByText('只看探访逾期').click();

  const views = Number(sql("select count(*) from audit_log where action = 'child.view'"));
  await page.locator('#children .child-link', { hasText: name }).first().click();
  await page.waitForURL(`**/#/children/${childId}`);
  await page.locator('#child-visits').waitFor();
  assert.match(await page.locator('#child-visits').innerText(), /指导祖母按时接送上学[\s\S]*监护指导 · dira/);
  assert.match(await page.locator('#child-records').innerText(), /\d{4}-\d{2}-\d{2}/);
  assert.doesNotMatch(await page.locator('#child-facts').innerText(), /已逾期/);
  assert.ok((await page.locator('#child-reasons .el-tag').count()) >= 1, 'the categories on the record');
  assert.equal(await page.locator('#child-reasons .el-tag').count(), await page.locator('#child-records .el-timeline-item').first().locator('.el-tag').count());
  assert.equal(Number(sql("select count(*) from audit_log where action = 'child.view' and actor = 'user:dira'")), views + 1);
  await clean(page, 'child record');
  await shot(page, 'child-record');
  await close();
});

test('another community\'s 儿童主任 cannot open the child', async () => {
  const { page, close } = await open();
  await login(page, 'dirb', '/children');
  await page.locator('#children tbody tr').first().waitFor();
  await page.goto(`${base}/#/children/${childId}`);
  await page.locator('#error', { hasText: '没有这条记录，或它不在您的管辖范围内' }).waitFor();
  assert.equal(await page.getByRole('link', { name: '返回我的辖区' }).getAttribute('href'), '#/children');
  assert.equal(await page.locator('#child-visits').count(), 0);
  await clean(page, 'child out of scope');
  await close();
});

test('a county reads the 困境儿童 dashboard', async () => {
  const { page, close } = await open();
  await login(page, 'dis');
  await menu(page, '困境儿童看板', '/children-dashboard');
  await page.locator('#children-categories tbody tr').first().waitFor();
  assert.equal(await page.locator('#children-categories tbody tr').count(), 6);
  const total = Number((await page.locator('#children-total').innerText()).replace(/,/g, ''));
  assert.ok(total >= Number(NA));
  assert.ok((await page.locator('#children-places tbody tr').count()) >= 2);
  assert.match(await page.locator('#children-categories').innerText(), /残疾儿童/);
  await clean(page, 'children dashboard');
  await shot(page, 'children-dashboard');
  await close();
});

test('a street caseworker has no 儿童福利 menu and cannot read children', async () => {
  const { page, close } = await open();
  await login(page, 'sta');
  const nav = page.getByRole('navigation', { name: '主菜单' });
  assert.equal(await nav.getByRole('menuitem', { name: '困境儿童探访名单', exact: true }).count(), 0);
  await page.goto(`${base}/#/children/${childId}`);
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('#child-visits').count(), 0);
  await clean(page, 'children (caseworker)');
  await close();
});
