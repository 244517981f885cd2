// Browser journeys of child-welfare institutions and disability welfare
// (tests/e2e/web_institutions.sh starts the server): a county reads its
// institutions with occupancy, is refused an admission by the full 福利院,
// opens a child's placement history (a full view, audited) and moves the
// child; an institution account lands on its own institution, records a
// service, and cannot open another institution or its child; the county
// reads an orphan's entitlements on the child's record; a street records
// a 免申即享 consent, reads the 精康 referrals and places a severely
// disabled person in 托养.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { base, choose, clean, confirm, login, menu, open, shot } from './browser.mjs';

const { DB, A, B, K0, K2, K3, S } = process.env;
const sql = (q) => execFileSync('sqlite3', [DB, q], { encoding: 'utf8' }).trim();

test('a county reads its institutions, is refused by a full one and moves a child', async () => {
  const { page, close } = await open();
  await login(page, 'dis');
  await menu(page, '儿童福利机构', '/institutions');
  await page.locator('#institutions tbody tr').first().waitFor();
  assert.equal(await page.locator('#institutions tbody tr').count(), 2);
  const full = page.locator('#institutions tbody tr', { hasText: '区儿童福利院' });
  assert.equal((await full.locator('.occupancy').innerText()).trim(), '2');
  assert.match(await full.innerText(), /已满/);
  await clean(page, 'institutions');
  await shot(page, 'institutions');

  await full.locator('.institution-link').click();
  await page.waitForURL(`**/#/institutions/${A}`);
  await page.locator('#institution-children tbody tr').first().waitFor();
  assert.equal(await page.locator('#institution-children tbody tr').count(), 2);
  await page.locator('#admit').click();
  const drawer = page.locator('#admit-drawer');
  await drawer.getByLabel('儿童身份证号').fill(K3);
  await drawer.getByRole('button', { name: '保存' }).click();
  await page.locator('#admit-error', { hasText: '床位已满' }).waitFor();
  await page.keyboard.press('Escape');
  await page.locator('.el-drawer:visible').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#institution-children tbody tr').count(), 2);
  await clean(page, 'institution');
  await shot(page, 'institution');

  const views = Number(sql("select count(*) from audit_log where action = 'child.placement.view'"));
  await page.locator(`#institution-children .placement-link[href="#/placements/${K0}"]`).click();
  await page.waitForURL(`**/#/placements/${K0}`);
  await page.locator('#placement-history').waitFor();
  assert.equal(Number(sql("select count(*) from audit_log where action = 'child.placement.view' and actor = 'user:dis'")), views + 1);
  assert.match(await page.locator('#placement-services').innerText(), /入院体检/);
  await page.locator('#placement-move').click();
  await choose(page, 'move-to', '区未成年人救助保护中心（空余 5）');
  await page.locator('#placement-drawer').getByRole('button', { name: '保存' }).click();
  await page.locator('#placement-now', { hasText: '在区未成年人救助保护中心' }).waitFor();
  assert.equal(await page.locator('#placement-history .el-timeline-item').count(), 2);
  assert.match(await page.locator('#placement-history').innerText(), /离院，去向转入其他机构[\s\S]*转入区未成年人救助保护中心（孤儿，机构转入）/);
  await page.locator('.el-drawer:visible').waitFor({ state: 'detached' });
  await clean(page, 'placement history');
  await shot(page, 'placement');
  await close();
});

test('an institution account works on its own children only', async () => {
  const { page, close } = await open();
  await login(page, 'instb', '/institutions');
  await page.locator('#institutions tbody tr').first().waitFor();
  assert.equal(await page.locator('#institutions tbody tr').count(), 1);
  assert.equal(await page.locator('#institution-add').count(), 0);
  await page.locator('.institution-link').click();
  await page.waitForURL(`**/#/institutions/${B}`);
  await page.locator(`.placement-link[href="#/placements/${K2}"]`).click();
  await page.locator('#placement-service').click();
  const drawer = page.locator('#placement-drawer');
  await drawer.getByText('心理', { exact: true }).click();
  await drawer.getByLabel('服务内容').fill('心理评估，每周一次个别辅导');
  await drawer.getByRole('button', { name: '保存' }).click();
  await page.locator('#placement-services tbody tr', { hasText: '心理评估' }).waitFor();
  await clean(page, 'placement (institution)');

  const nav = page.getByRole('navigation', { name: '主菜单' });
  assert.equal(await nav.getByRole('menuitem', { name: '我的辖区家庭', exact: true }).count(), 0);
  assert.equal(await nav.getByRole('menuitem', { name: '困境儿童探访名单', exact: true }).count(), 0);
  await close();

  const other = await open();
  await login(other.page, 'insta', '/institutions');
  await other.page.goto(`${base}/#/institutions/${B}`);
  await other.page.locator('#error', { hasText: '没有这条记录，或它不在您的管辖范围内' }).waitFor();
  await other.page.goto(`${base}/#/placements/${K2}`);
  await other.page.locator('#error', { hasText: '没有这条记录，或它不在您的管辖范围内' }).waitFor();
  assert.equal(await other.page.locator('#placement-history').count(), 0);
  await clean(other.page, 'another institution');
  await other.close();
});

test('the county reads an orphan\'s entitlements on the child\'s record', async () => {
  const { page, close } = await open();
  await login(page, 'dis');
  await page.goto(`${base}/#/children/${K0}`);
  await page.locator('#child-entitlements tbody tr').first().waitFor();
  const text = await page.locator('#child-entitlements').innerText();
  assert.match(text, /城乡居民基本医疗保险个人缴费资助[\s\S]*\d{4}-\d{2}-\d{2} 至 今[\s\S]*国办发/);
  await clean(page, 'child entitlements');
  await close();
});

test('a street records a consent, reads the referrals and places a person in 托养', async () => {
  const { page, close } = await open();
  await login(page, 'sta');
  await menu(page, '免申即享授权', '/disability/consents');
  await page.locator('#consents tbody tr').first().waitFor();
  assert.equal(await page.locator('#consents tbody tr').count(), 1);
  await page.locator('#consent-add').click();
  const cd = page.locator('#consent-drawer');
  await cd.getByLabel('残疾人身份证号').fill(S);
  await cd.getByText('监护人', { exact: true }).click();
  await cd.getByRole('button', { name: '保存' }).click();
  await page.locator('#consents tbody tr', { hasText: '监护人' }).waitFor();
  assert.equal(await page.locator('#consents tbody tr').count(), 2);
  await page.locator('.el-drawer:visible').waitFor({ state: 'detached' });
  await clean(page, 'consents');
  await shot(page, 'disability-consents');

  await menu(page, '精康融合行动', '/disability/rehab');
  await page.locator('#referrals').waitFor();
  await clean(page, 'referrals');
  await shot(page, 'rehab-referrals');

  await menu(page, '重度残疾人托养', '/disability/tuoyang');
  await page.locator('#tuoyang').waitFor();
  await page.locator('#tuoyang-add').click();
  const td = page.locator('#tuoyang-drawer');
  await td.getByLabel('残疾人身份证号').fill(S);
  await choose(page, 'tuoyang-provider', '街道托养中心（养老机构）');
  await td.getByRole('button', { name: '保存' }).click();
  await page.locator('#tuoyang tbody tr', { hasText: '街道托养中心' }).waitFor();
  assert.equal(sql("select count(*) from enrolments where program = 'tuoyang' and source = '托养安置'"), '1');
  await page.locator('#tuoyang tbody tr', { hasText: '街道托养中心' }).getByRole('button', { name: '结束' }).click();
  await confirm(page);
  await page.locator('#tuoyang tbody tr .el-tag', { hasText: '托养中' }).waitFor({ state: 'detached' });
  assert.match(await page.locator('#tuoyang tbody tr', { hasText: '街道托养中心' }).innerText(), /\d{4}-\d{2}-\d{2}\s+\d{4}-\d{2}-\d{2}/);
  await page.locator('.el-overlay:visible').waitFor({ state: 'detached' });
  await clean(page, 'tuoyang');
  await shot(page, 'tuoyang');
  await close();
});
