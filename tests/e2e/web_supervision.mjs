// 监督看板, the integrity report and spot checks in the browser
// (tests/e2e/web_supervision.sh sets the city up): a district's dashboard
// of the period of the planted findings (an empty period says so in
// words), a rule's findings linking to the warning, the report download;
// the auditor reads the same and records nothing; the spot-check list and
// page, a result recorded after confirming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PHONE, base, choose, clean, confirm, login, menu, open, pick, shot } from './browser.mjs';

async function period(page, from, to) {
  await pick(page, 'from', from);
  await pick(page, 'to', to);
  await page.locator('#apply').click();
  await page.locator('.note', { hasText: `期间 ${from} 至 ${to}` }).waitFor();
}

test('a district reads its supervision dashboard and downloads the 纪检 report', async () => {
  const { page, close } = await open();
  await login(page, 'wang');
  await menu(page, '监督看板', '/supervision');
  await period(page, '2024-01-01', '2024-12-31');
  await page.getByText('各规则的异常发现（待处理、已核实、已撤销）：暂无数据').waitFor();
  await page.getByText('本期间没有随机抽查').first().waitFor();
  await clean(page, 'empty dashboard');
  await period(page, '2025-01-01', '2025-12-31');
  const assets = page.locator('#rules tr', { hasText: '低保家庭资产超过限额' });
  assert.match(await assets.innerText(), /低保家庭资产超过限额\s+2\s+0\s+1\s+1\s+\d+ 天\s+\d+ 天/);
  await page.locator('#rules-chart svg').waitFor();
  assert.match(await page.locator('#kin-counts').innerText(), /已按近亲属备案 1 户，未备案 1 户/);
  assert.match(await page.locator('#kin tr', { hasText: process.env.K1 }).innerText(), /未备案/);
  assert.match(await page.locator('#spots').innerText(), /抽查 1\s+城乡居民最低生活保障.*50%.*\n?.*1\s+0\s+0/s);
  await clean(page, 'dashboard');
  await shot(page, 'supervision-dashboard');
  const download = page.waitForEvent('download');
  await page.locator('#report').click();
  const file = await (await download).path();
  assert.equal(readFileSync(file).subarray(0, 2).toString(), 'PK', 'the report is an xlsx workbook');
  await assets.locator('.rule-link').click();
  const rows = page.locator('#findings .el-table__body tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2);
  assert.match(await page.locator('#findings').innerText(), /已办结[\s\S]*已撤销|已撤销[\s\S]*已办结/);
  await clean(page, 'findings of a rule');
  await rows.first().getByRole('link').click();
  await page.waitForURL(/#\/warnings\/\d+$/);
  await page.getByText('低保家庭资产超过限额').first().waitFor();
  await close();
});

test('the auditor reads the dashboard and a spot check but records nothing', async () => {
  const { page, close } = await open();
  await login(page, 'aud');
  await menu(page, '随机抽查', '/spotchecks');
  await page.locator('#spotchecks').getByText('jj-2025').waitFor();
  await clean(page, 'spot checks (auditor)');
  await page.locator('#spotchecks').getByRole('link', { name: '抽查 1' }).click();
  await page.waitForURL('**/#/spotchecks/1');
  await page.locator('#items').getByText('合格').first().waitFor();
  assert.equal(await page.locator('#record-1').count(), 0, 'no form for the auditor');
  await clean(page, 'spot check (auditor)');
  await close();
});

test('the auditor reads 监督看板 on a phone', async () => {
  const { page, close } = await open(PHONE);
  await login(page, 'aud');
  await page.goto(`${base}/#/supervision`);
  await period(page, '2025-01-01', '2025-12-31');
  await page.locator('#kin-counts', { hasText: '未备案 1 户' }).waitFor();
  assert.match(await page.locator('#rules tr', { hasText: '低保家庭资产超过限额' }).innerText(), /2\s+0\s+1\s+1/);
  await clean(page, 'dashboard (auditor, phone)');
  await shot(page, 'supervision-phone');
  await close();
});

test('a district records a spot-check result after confirming', async () => {
  const { page, close } = await open();
  await login(page, 'wang');
  await menu(page, '随机抽查', '/spotchecks');
  await page.locator('#spotchecks').getByRole('link', { name: '抽查 1' }).click();
  await page.waitForURL('**/#/spotchecks/1');
  assert.match(await page.locator('#counts').innerText(), /合格 1，不合格 0/);
  await choose(page, 'result-2', '不合格');
  await page.locator('#note-2').fill('实际共同生活人口与登记不符');
  await page.locator('#record-2').click();
  assert.match(await confirm(page, false), new RegExp(`户 ${process.env.S2} 的核查结果记为“不合格”`));
  assert.match(await page.locator('#counts').innerText(), /不合格 0/, 'cancelled: nothing recorded');
  await page.locator('#record-2').click();
  await confirm(page);
  await page.locator('#counts', { hasText: '不合格 1' }).waitFor();
  assert.match(await page.locator('#items .el-table__body tr').nth(1).innerText(), /不合格\s+实际共同生活人口与登记不符[\s\S]*wang/);
  await clean(page, 'spot check');
  await shot(page, 'supervision-spotcheck');
  await close();
});
