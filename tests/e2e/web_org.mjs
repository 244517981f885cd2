// Browser journeys of social organizations and charity (tests/e2e/web_org.sh
// starts the server and passes URL, HH a warned household referred to the
// social-work centre's project, ASSOC the association on the abnormal
// list). Every page checked passes clean(): no internal name, division
// code or raw value on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, open, clean, shot, login, menu, choose, pick, confirm } from './browser.mjs';

const { HH, ASSOC } = process.env;

test('anyone queries an organization from the landing page, without an account', async () => {
  const { page, close } = await open();
  await page.goto(base);
  await page.getByRole('link', { name: /社会组织查询/ }).click();
  await page.waitForURL('**/#/orgs-query');
  await page.locator('#public-q').fill('志');
  await page.keyboard.press('Enter');
  await page.locator('#public-error').waitFor();
  assert.match(await page.locator('#public-error').innerText(), /至少两个字/);
  await page.locator('#public-q').fill('志愿');
  await page.keyboard.press('Enter');
  const row = page.locator('#public-orgs .el-table__row');
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /重庆市志愿服务协会[\s\S]*已登记[\s\S]*活动异常名录（未按规定报送年度工作报告/);
  await clean(page, 'public query');
  await shot(page, 'orgs-public-query');
  await close();
});

test('a district officer reads the register and refuses 合格 for a foundation under its floor', async () => {
  const { page, close } = await open();
  await login(page, 'dis');
  await menu(page, '社会组织', '/orgs');
  await page.locator('#orgs .el-table__row').first().waitFor();
  assert.equal(await page.locator('#orgs .el-table__row').count(), 4);
  assert.match(await page.locator('#credit').innerText(), /重庆市志愿服务协会[\s\S]*活动异常名录[\s\S]*待整改/);
  assert.match(await page.locator('#charity-points').innerText(), /社区慈善超市[\s\S]*慈善超市[\s\S]*重庆市阳光社会工作服务中心/);
  await clean(page, 'register');
  await shot(page, 'orgs-register');
  await page.getByRole('link', { name: '重庆市志愿服务协会' }).click();
  await page.waitForURL(`**/#/orgs/${ASSOC}`);
  await page.locator('#org-details').waitFor();
  assert.match(await page.locator('#events').innerText(), /成立登记[\s\S]*准予登记/);
  assert.match(await page.locator('#org-credit').innerText(), /未按规定报送年度工作报告/);
  await clean(page, 'organization');

  await menu(page, '募捐与信息公开', '/orgs/campaigns');
  await page.locator('#campaigns .el-table__row').first().waitFor();
  assert.match(await page.locator('#campaigns').innerText(), /助学圆梦[\s\S]*重庆市慈善基金会[\s\S]*¥500,000\.00/);
  assert.ok(await page.locator('.overdue').count() >= 1, 'an overdue disclosure warned');
  assert.match(await page.locator('.overdue').first().innerText(), /助学圆梦”：定期公开应于 \d{4}-\d\d-\d\d 前完成，已逾期/);
  await clean(page, 'campaigns');
  await shot(page, 'orgs-campaigns');

  await menu(page, '年度报告审查', '/orgs/reports');
  const row = page.locator('#org-reports .el-table__row', { hasText: '重庆市助学基金会' });
  await row.waitFor();
  assert.match(await row.innerText(), /公益 5\.00% \/ 下限 8\.00% 未达标/);
  await clean(page, 'reports');
  await row.locator('.review').click();
  await choose(page, 'review-result', '合格');
  await page.locator('#review-save').click();
  await page.locator('#review-error').waitFor();
  assert.match(await page.locator('#review-error').innerText(), /公益支出比例低于下限，不能评为合格/);
  await choose(page, 'review-result', '不合格');
  await page.locator('#review-findings').fill('公益支出不足上年末净资产的8%');
  const next = new Date(Date.now() + 40 * 86400e3).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  await pick(page, 'review-rectify', next);
  await page.locator('#review-save').click();
  await page.locator('#review-form').waitFor({ state: 'hidden' });
  await page.locator('#toggle-pending').click();
  await page.locator('#org-reports .el-table__row', { hasText: '不合格' }).waitFor();
  await clean(page, 'reports reviewed');
  await shot(page, 'orgs-report-review');
  await close();
});

test('a social-work organization accepts a referral and records help shown in the household chain', async () => {
  const { page, close } = await open();
  await login(page, 'org1', '/orgs/referrals');
  const row = page.locator('#charity-referrals .el-table__row');
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /低保边缘[\s\S]*困难家庭微心愿[\s\S]*户主本人同意[\s\S]*待承接/);
  await clean(page, 'referral inbox');
  await row.locator('.accept').click();
  assert.match(await confirm(page), /承接/);
  await page.locator('#charity-referrals .el-table__row', { hasText: '已承接' }).waitFor();
  await page.locator('#charity-referrals .help').click();
  await page.locator('#help-amount').fill('300');
  await page.locator('#help-note').fill('米面油');
  await page.locator('#help-save').click();
  await page.locator('#charity-referrals .el-table__row', { hasText: '已帮扶' }).waitFor();
  await clean(page, 'referral helped');
  await shot(page, 'orgs-referral-inbox');
  // another organization's page answers as missing; staff pages are not in its menu
  await page.goto(`${base}/#/orgs/${ASSOC}`);
  await page.locator('#error').waitFor();
  assert.equal(await page.getByRole('navigation', { name: '主菜单' }).getByRole('menuitem', { name: '年度报告审查' }).count(), 0);
  await close();

  const staff = await open();
  await login(staff.page, 'dis');
  await staff.page.goto(`${base}/#/households/${HH}`);
  const chain = staff.page.locator('#chain .el-table__row', { hasText: '慈善' });
  await chain.first().waitFor();
  assert.match(await staff.page.locator('#chain').innerText(), /慈善[\s\S]*重庆市阳光社会工作服务中心[\s\S]*困难家庭微心愿：物资[\s\S]*¥300\.00[\s\S]*已帮扶/);
  await clean(staff.page, 'household chain', { fullId: true });
  await shot(staff.page, 'orgs-household-chain');
  await staff.close();
});
