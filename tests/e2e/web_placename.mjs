// Place names and division changes in the browser (tests/e2e/web_placename.sh
// sets the city up): the public search from the landing page without an
// account, the gazetteer of 长寿区 (a name recorded through the form, a
// homophone refused naming the article), a naming case from application to
// announcement, and the division changes with a report as of a day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, clean, confirm, login, menu, open, pick, shot } from './browser.mjs';

test('the public place-name search needs no account', async () => {
  const { page, close } = await open();
  await page.goto(`${base}/#/`);
  await page.locator('#to-placenames').click();
  await page.waitForURL('**/#/placenames');
  await page.locator('#q').fill('cbl');
  await page.locator('#search').click();
  const rows = page.locator('#results .el-table__body tr.el-table__row');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /长滨路\s+Chángbīn Lù\s+街路巷\s+长寿区 凤城街道/);
  await rows.first().locator('.el-table__expand-icon').click();
  await page.getByText('沿长江之滨').waitFor();
  await page.locator('#q').fill('fuyuan');
  await page.locator('#search').click();
  await page.getByText('Fùyuáncūn').waitFor();
  await page.locator('#results .el-table__expand-icon').first().click();
  await page.getByText('清代石碑一通').waitFor();
  await clean(page, 'public search');
  await shot(page, 'placename-search');
  await close();
});

test('a district records a standard name; a homophone is refused with its article', async () => {
  const { page, close } = await open();
  await login(page, 'cs');
  await menu(page, '地名录', '/gazetteer');
  await page.locator('#placenames').getByText('长滨路').waitFor();
  await page.locator('#add').click();
  await page.locator('#name').fill('桃花大道');
  await page.locator('#name').press('Tab');
  await page.locator('#preview').getByText('Táohuā Dàdào').waitFor();
  await page.locator('#meaning').fill('沿线遍植桃花');
  await page.locator('#save').click();
  await page.locator('.el-message--success').getByText('已登记标准地名“桃花大道”').waitFor();
  await page.locator('#placenames').getByText('桃花大道').waitFor();
  await page.locator('#add').click();
  await page.locator('#name').fill('常滨路');
  await page.locator('#save').click();
  await page.locator('.el-message--error').getByText(/同音.*第九条第（八）项/).waitFor();
  await clean(page, 'gazetteer');
  await shot(page, 'placename-gazetteer');
  await close();
});

test('a naming case from application to announcement', async () => {
  const { page, close } = await open();
  await login(page, 'cs');
  await menu(page, '命名更名', '/placename-cases');
  await page.locator('#open').click();
  await page.locator('#new-name').fill('晏家大道');
  await page.locator('#reasons').fill('新建道路，需命名以便编制标准地址');
  await page.locator('#applicant').fill('长寿区住房城乡建设委员会');
  await page.locator('#submit').click();
  await page.locator('.el-message--success').getByText('已受理“晏家大道”的命名申请').waitFor();
  const row = page.locator('#cases tr.el-table__row', { hasText: '晏家大道' });
  await row.getByText('已申请').waitFor();
  await row.locator('.approve').click();
  await page.getByRole('textbox', { name: '批准机关' }).fill('重庆市长寿区人民政府');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('textbox', { name: '批准文号' }).fill('长寿府〔2026〕5号');
  await page.getByRole('dialog', { name: '批准“晏家大道”' }).getByRole('button', { name: '批准' }).click();
  await row.getByText('已批准，待备案和公告').waitFor();
  assert.match(await row.innerText(), /限 \d{4}-\d\d-\d\d 前/);
  await row.locator('.announce').click();
  assert.match(await confirm(page), /向社会公告“晏家大道”/);
  await row.locator('.file').click();
  await confirm(page);
  await row.getByText('已备案并公告').waitFor();
  await clean(page, 'naming cases');
  await shot(page, 'placename-cases');
  await close();
});

test('division changes in words, and a report as of a day before and after', async () => {
  const { page, close } = await open();
  await login(page, 'cs');
  await menu(page, '区划调整', '/division-changes');
  await page.locator('#events').getByText('凤城街道析出凤岭街道').waitFor();
  await page.getByText('凤岭路社区居民委员会划归凤岭街道').waitFor();
  const report = page.locator('#report');
  await report.getByText('凤岭街道').waitFor();
  await pick(page, 'report-date', '2026-01-09');
  await report.getByText('凤岭街道').waitFor({ state: 'detached' });
  await report.getByText('凤城街道').waitFor();
  await clean(page, 'division changes');
  await shot(page, 'placename-divisions');
  await close();
});
