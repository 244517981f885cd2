// 婚姻登记 in the browser (tests/e2e/affairs_web.sh starts the server and
// passes URL; MAN and WOMAN two parties from other provinces; YOUNG a man
// who is 18 today; DA and DB a couple whose divorce awaits them). A
// district registrar registers a marriage across provinces and reads its
// certificate; an under-age registration is refused with the articles; a
// divorce's windows over the national holiday, counselling, the
// certificate issued after a confirmation; an appointment; the joined 户口
// case; the refusals and their rules; an auditor reads but writes
// nothing; every page on a desktop and a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { base, open, clean, shot, shots, login, logout, menu, pick, confirm, DESKTOP, PHONE } from './browser.mjs';

const { MAN, WOMAN, YOUNG, DA, DB } = process.env;

async function fillRegistration(page, a, an, b, bn) {
  await page.locator('#register').click();
  await page.locator('#register-drawer').waitFor();
  await page.locator('#a-id').fill(a);
  await page.locator('#a-name').fill(an);
  await page.locator('#b-id').fill(b);
  await page.locator('#b-name').fill(bn);
  await page.locator('#register-submit').click();
}

test('a registrar registers a marriage across provinces; an under-age one is refused naming the articles', async () => {
  const { page, close } = await open();
  await login(page, 'dist');
  await menu(page, '结婚登记', '/marriages');
  await page.locator('#marriages').waitFor();
  await clean(page, 'marriages');
  await shot(page, 'marriages');
  await fillRegistration(page, YOUNG, '少男', WOMAN, '鲁女');
  const refusal = await page.locator('#refusal').innerText();
  assert.match(refusal, /不予登记/);
  assert.match(refusal, /未满22周岁/);
  assert.match(refusal, /《民法典》第一千零四十七条/);
  assert.match(refusal, /《婚姻登记条例》第九条第（一）项/);
  await page.locator('#refusal').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'marriage-refused.png') });
  await page.locator('#a-id').fill(MAN);
  await page.locator('#a-name').fill('秦男');
  await page.locator('#register-submit').click();
  await page.waitForURL(/#\/marriages\/\d+$/);
  await page.locator('#certificates').waitFor();
  assert.equal(await page.locator('#state').innerText(), '婚姻关系存续');
  assert.match(await page.locator('h1').innerText(), /结婚证字号 J\d{6}-\d{4}-\d{6}/);
  assert.match(await page.locator('#marriage').innerText(), /秦男（610113\*{8}\d{3}[\dX]）/);
  await clean(page, 'marriage');
  await shot(page, 'marriage');
  // the same man again: already married, with his certificate named
  await menu(page, '结婚登记', '/marriages');
  await fillRegistration(page, MAN, '秦男', DB, '林女');
  assert.match(await page.locator('#refusal').innerText(), /已有配偶[\s\S]*第九条第（三）项/);
  await close();
});

test('a divorce: its windows over the national holiday, counselling, the certificate after a confirmation', async () => {
  const { page, close } = await open();
  await login(page, 'dist');
  await menu(page, '离婚登记', '/divorces');
  await page.locator('#divorces').waitFor();
  await pick(page, 'calc-day', '2025-09-01');
  await page.locator('#calc-result', { hasText: '2025-10-09' }).waitFor();
  assert.match(await page.locator('#calc-result').innerText(), /冷静期至 2025-10-09[\s\S]*2025-10-10 至 2025-11-10/);
  const row = page.locator('#divorces .el-table__row', { hasText: '沈男' });
  assert.match(await row.innerText(), /冷静期届满，待双方申请发证/);
  await row.locator('.counsel').click();
  await page.locator('#step-counsellor').fill('周静');
  await page.locator('#step-note').fill('双方仍坚持离婚');
  await page.locator('#step-submit').click();
  await row.getByText('辅导：已开展辅导').waitFor();
  await row.locator('.issue').click();
  await page.locator('#step-a').fill(DA);
  await page.locator('#step-b').fill(DB);
  await page.locator('#step-submit').click();
  assert.match(await confirm(page, false), /不能撤销/);
  assert.match(await row.innerText(), /待双方申请发证/, 'nothing issued without the confirmation');
  await page.locator('#step-submit').click();
  await confirm(page);
  await row.getByText('已登记离婚，已发离婚证').waitFor();
  assert.match(await row.innerText(), /离婚证 L\d{6}-\d{4}-\d{6}/);
  await clean(page, 'divorces');
  await shot(page, 'divorces');
  await close();
});

test('appointments, the joined 户口 cases and the refusals with their rules', async () => {
  const { page, close } = await open();
  await login(page, 'dist');
  await menu(page, '登记预约', '/marriage/appointments');
  await page.locator('#appointments').waitFor();
  const before = await page.locator('#appointments .el-table__row').count();
  assert.ok(before > 0, 'the demo booked the coming days');
  await clean(page, 'appointments');
  await shot(page, 'marriage-appointments');
  await menu(page, '结婚落户', '/marriage/hukou');
  await page.locator('#hukou-moves').waitFor();
  const sent = page.locator('#hukou-moves .el-table__row', { hasText: '已发送公安' }).first();
  await sent.locator('.step-done').click();
  assert.match(await confirm(page), /登记库随之变更/);
  await page.locator('#hukou-moves .el-table__row', { hasText: '已办结' }).nth(1).waitFor();
  await clean(page, 'hukou');
  await shot(page, 'marriage-hukou');
  await menu(page, '不予登记', '/marriage/refusals');
  await page.locator('#refusals').waitFor();
  const text = await page.locator('#refusals').innerText();
  for (const a of ['第一千零四十七条', '第一千零四十八条', '第九条第（三）项']) assert.match(text, new RegExp(a));
  assert.match(await page.locator('#rules').innerText(), /离婚冷静期尚未届满[\s\S]*第一千零七十七条第一款/);
  await clean(page, 'refusals');
  await shot(page, 'marriage-refusals');
  await close();
});

test('an auditor reads the registrations but has no form to change them', async () => {
  const { page, close } = await open();
  await login(page, 'aud');
  await menu(page, '结婚登记', '/marriages');
  await page.locator('#marriages').waitFor();
  assert.equal(await page.locator('#register').count(), 0);
  await menu(page, '离婚登记', '/divorces');
  await page.locator('#divorces').waitFor();
  assert.equal(await page.locator('#apply').count(), 0);
  assert.equal(await page.locator('#divorces .issue').count(), 0);
  await logout(page);
  // a street caseworker has no marriage menu
  await login(page, 'sta');
  const nav = await page.getByRole('navigation', { name: '主菜单' }).innerText();
  assert.doesNotMatch(nav, /结婚登记|离婚登记/);
  assert.match(nav, /死亡登记/);
  await close();
});

test('every marriage page, desktop and phone', async () => {
  const pages = [['marriages', '#marriages'], ['divorces', '#divorces'], ['marriage/appointments', '#appointments'],
    ['marriage/hukou', '#hukou-moves'], ['marriage/refusals', '#refusals']];
  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const { page, close } = await open(viewport);
    await login(page, 'dist');
    for (const [path, ready] of pages) {
      await page.goto(`${base}/#/${path}`);
      await page.locator(ready).waitFor();
      await clean(page, `${path} (${size})`);
      if (size === 'phone') {
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), `${path} scrolls sideways on a phone`);
      }
      await shot(page, `${path.replace('/', '-')}-${size}`);
    }
    await page.goto(`${base}/#/marriages`);
    await page.locator('#marriages a').first().click();
    await page.locator('#certificates').waitFor();
    await clean(page, `marriage (${size})`);
    await shot(page, `marriage-record-${size}`);
    await close();
  }
});
