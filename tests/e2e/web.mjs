// Browser journeys through the web UI (tests/e2e/web.sh starts the server
// and passes URL, streets A and B, NA households in A, NALL in all, and HB,
// a household of B). playwright-core drives Debian's chromium headless;
// screenshots of the main pages go to docs/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const { URL: base, A, B, DIST, IDA, PN, PI, NA, NALL, HB, CJ, CB, WA, WB } = process.env;
const shots = join(process.env.MZ_REPO, 'docs', 'screenshots');
const FULL_ID = /\d{17}[\dX]/;
let browser;

before(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // launch() gives chromium a fresh temporary --user-data-dir of its own.
  });
});

after(async () => {
  await browser?.close();
});

async function phone() {
  return browser.newContext({ viewport: { width: 390, height: 800 }, deviceScaleFactor: 1, locale: 'zh-CN' });
}

// Signs in through the form with the keyboard only: labels, Tab, Enter;
// street caseworkers land on their work queue, the others on the households.
async function login(page, name) {
  await page.goto(`${base}/web/login.html`);
  await page.getByLabel('账户名').fill(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(`pw-${name}-123`);
  await page.keyboard.press('Enter');
  await page.waitForURL(name.startsWith('st') ? '**/web/queue.html' : '**/web/home.html');
  await page.locator('#total').waitFor();
}

// Goes to a page through the main menu.
async function menu(page, name, path) {
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name }).click();
  await page.waitForURL(`**${path}`);
}

const total = async (page) => Number((await page.locator('#total').textContent()).match(/\d+/)[0]);

test('the landing page leads to the staff login', async () => {
  const ctx = await phone();
  const page = await ctx.newPage();
  await page.goto(base);
  assert.equal(await page.locator('h1').textContent(), '数字民政');
  await page.getByRole('link', { name: '工作人员登录' }).click();
  await page.waitForURL('**/web/login.html');
  await page.screenshot({ path: join(shots, 'login.png') });
  await ctx.close();
});

test('a resident uses the public self-check on a phone, by keyboard, without logging in', async () => {
  const ctx = await phone();
  const page = await ctx.newPage();
  await page.goto(base);
  await page.getByRole('link', { name: /我能享受哪些救助/ }).click();
  await page.waitForURL('**/web/selfcheck.html');
  await page.getByLabel('所在区县').selectOption({ label: '渝中区' });
  await page.getByLabel('城镇家庭').check();
  // an empty age is refused with a Chinese message, and the field gets the focus
  await page.getByRole('button', { name: '查看结果' }).click();
  await page.locator('#error', { hasText: '年龄' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.name), 'age');
  const first = page.locator('fieldset.member').nth(0);
  await first.getByLabel('与户主关系').selectOption('户主');
  await first.getByLabel('年龄（周岁）').fill('72');
  await first.getByLabel('养老金收入（元/月）').fill('500');
  await first.getByLabel('其中城乡居民基础养老金（元/月）').fill('150');
  await page.getByRole('button', { name: '添加家庭成员' }).click();
  const second = page.locator('fieldset.member').nth(1);
  assert.equal(await second.locator('legend').textContent(), '第 2 位家庭成员');
  await second.getByLabel('与户主关系').selectOption('配偶');
  await second.getByLabel('年龄（周岁）').fill('70');
  await second.getByText('残疾、疾病、就业和其他情况').click(); // folded until needed
  await second.getByLabel('残疾等级（0 = 无残疾证）').fill('2');
  await second.getByLabel('年龄（周岁）').focus();
  await page.keyboard.press('Enter'); // submits the form
  await page.locator('#result-title', { hasText: '可能符合' }).waitFor();
  const dibao = page.locator('#eligible').getByRole('region', { name: '城乡居民最低生活保障', exact: true });
  assert.match(await dibao.locator('.amount').textContent(), /1,350\.00 元\/月/);
  assert.match(await dibao.innerText(), /到哪里申请：.*乡镇人民政府/);
  assert.match(await dibao.innerText(), /✓ 符合：家庭月人均收入低于当地低保标准/);
  assert.match(await page.locator('#result').innerText(), /没有被保存/);
  await page.screenshot({ path: join(shots, 'selfcheck.png') });
  // large type applies here too
  await page.locator('#large-type').click();
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('large')));
  await ctx.close();
});

test('a wrong password is refused with a message, and the session pages need a login', async () => {
  const ctx = await phone();
  const page = await ctx.newPage();
  await page.goto(`${base}/web/home.html?page=2`);
  await page.waitForURL(/login\.html\?next=home\.html/);
  await page.getByLabel('账户名').fill('sta');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await assert.doesNotReject(page.locator('#error', { hasText: '账户名或密码不正确' }).waitFor());
  await page.getByLabel('密码').fill('');
  await page.getByRole('button', { name: '登录' }).click();
  assert.equal(await page.locator('#error').textContent(), '请填写密码');
  await ctx.close();
});

test('a street caseworker sees only their street, masked, and cannot open another street', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await login(page, 'sta');
  await menu(page, '我的辖区', '/web/home.html');
  await page.locator('#total').waitFor();
  assert.equal(await total(page), Number(NA));
  assert.match(await page.locator('#who').textContent(), new RegExp(`sta.*${A}`));
  const codes = await page.locator('tbody td[data-label="区划"]').allTextContents();
  assert.ok(codes.length > 0 && codes.length <= 20, `rows: ${codes.length}`);
  for (const c of codes) assert.ok(c.includes(A) && !c.includes(B), `row of another street: ${c}`);
  assert.doesNotMatch(await page.locator('body').innerText(), FULL_ID);
  await page.screenshot({ path: join(shots, 'home.png') });

  // the next page of the list, then a household and a member
  if (Number(NA) > 20) {
    await page.getByRole('link', { name: '下一页' }).click();
    await page.waitForURL(/page=2/);
    assert.match(await page.locator('#page-of').textContent(), /第 2 \//);
    for (const c of await page.locator('tbody td[data-label="区划"]').allTextContents()) assert.ok(c.includes(A));
  }
  await page.locator('tbody td[data-label="户编号"] a').first().click();
  await page.waitForURL(/household\.html\?id=\d+/);
  assert.match(await page.locator('h1').textContent(), /^家庭 /);
  const masked = await page.locator('tbody td[data-label="身份证号"]').allTextContents();
  assert.ok(masked.length >= 1);
  for (const m of masked) assert.match(m, /^\d{6}\*{8}\d{3}[\dX]$/);
  assert.doesNotMatch(await page.locator('body').innerText(), FULL_ID);
  await page.screenshot({ path: join(shots, 'household.png'), fullPage: true });

  await page.locator('tbody td[data-label="姓名"] a').first().click();
  await page.waitForURL(/person\.html\?id=\d+/);
  assert.match(await page.locator('#id-number').textContent(), /^\d{17}[\dX]$/);
  assert.ok(await page.locator('#audit-note').isVisible());
  await page.screenshot({ path: join(shots, 'person.png'), fullPage: true });

  // another street's household, by address: answered as missing
  await page.goto(`${base}/web/household.html?id=${HB}`);
  assert.equal(await page.locator('h1').textContent(), '未找到');
  assert.match(await page.locator('#error').textContent(), /不在您的管辖范围内/);
  assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(B));
  // nor its case or warning
  for (const path of [`case.html?id=${CB}`, `warning.html?id=${WB}`]) {
    await page.goto(`${base}/web/${path}`);
    assert.equal(await page.locator('h1').textContent(), '未找到', path);
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(B));
  }

  // the division filter narrows the list to one community
  await page.goto(`${base}/web/home.html`);
  const option = page.locator('#division option').nth(1);
  const code = await option.getAttribute('value');
  await page.getByLabel('所属区划').selectOption(code);
  await page.getByRole('button', { name: '筛选' }).click();
  await page.waitForURL(new RegExp(`division=${code}`));
  for (const c of await page.locator('tbody td[data-label="区划"]').allTextContents()) assert.ok(c.includes(code));

  // logging out ends the session
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL('**/web/login.html');
  await page.goto(`${base}/web/household.html?id=1`);
  await page.waitForURL(/login\.html\?next=household\.html/);
  await ctx.close();
});

test('large type is a toggle that persists across pages', async () => {
  const ctx = await phone();
  const page = await ctx.newPage();
  await login(page, 'sta');
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await size();
  const toggle = page.locator('#large-type');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.ok(await size() >= normal * 1.3, `large ${await size()} vs ${normal}`);
  await page.goto(`${base}/web/home.html`);
  await page.locator('#total').waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('large')));
  await page.screenshot({ path: join(shots, 'home-large-phone.png') });
  await page.locator('#large-type').click();
  assert.equal(await size(), normal);
  await ctx.close();
});

test('a city admin sees every household', async () => {
  const ctx = await phone();
  const page = await ctx.newPage();
  await login(page, 'admin');
  assert.equal(await total(page), Number(NALL));
  assert.ok(Number(NALL) > Number(NA));
  await page.goto(`${base}/web/household.html?id=${HB}`);
  assert.match(await page.locator('h1').textContent(), /^家庭 /);
  await ctx.close();
});

test('a district manager runs a policy simulation and exports it; a street caseworker cannot', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await ctx.newPage();
  await login(page, 'dist');
  await menu(page, '政策模拟', '/web/simulate.html');
  await page.getByLabel('参数').selectOption({ label: '城乡低保标准' });
  await page.getByLabel('适用').selectOption({ label: '城镇' });
  assert.equal(await page.getByLabel('新值').inputValue(), '770.00');
  await page.getByLabel('新值').fill('900');
  await page.getByLabel('起始日期').fill('2026-02-01');
  await page.getByRole('button', { name: '运行模拟' }).click();
  await page.locator('#result-title', { hasText: '发生变化' }).waitFor();
  await page.locator('#cost-chart svg').waitFor();
  assert.doesNotMatch(await page.locator('#result').innerText(), /null|undefined/);
  const counties = await page.locator('section.table', { hasText: '按区县' }).locator('td[data-label="区县代码"]').allTextContents();
  assert.ok(counties.length > 0 && counties.every((c) => c === DIST), `counties: ${counties}`);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
  assert.equal(file.suggestedFilename(), '政策模拟.xlsx');
  await page.screenshot({ path: join(shots, 'simulate.png'), fullPage: true });

  // a street caseworker has no menu entry and is refused on the page
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL('**/web/login.html');
  await login(page, 'sta');
  assert.equal(await page.getByRole('link', { name: '政策模拟' }).count(), 0);
  await page.goto(`${base}/web/simulate.html`);
  await page.locator('#error', { hasText: '仅限区县民政和市级管理员' }).waitFor();
  await ctx.close();
});

test('a city manager reads the dashboard: charts, tables and the export', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await ctx.newPage();
  await login(page, 'admin');
  await menu(page, '管理看板', '/web/dashboard.html');
  for (const id of ['coverage-chart', 'warnings-chart', 'cases-chart', 'spending-chart']) {
    await page.locator(`#${id} svg`).waitFor();
    assert.ok(await page.locator(`#${id}`).getAttribute('aria-label'), `${id} has no text alternative`);
  }
  const cases = page.locator('section.table', { hasText: '申请办理用时与法定期限' });
  assert.equal(await cases.locator('td[data-label="申请类型"]').first().textContent(), '最低生活保障');
  assert.equal(await cases.locator('td[data-label="在法定期限内决定"]').first().textContent(), '1');
  assert.doesNotMatch(await page.locator('main').innerText(), FULL_ID);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
  assert.equal(file.suggestedFilename(), '管理看板.xlsx');
  await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });
  await ctx.close();
});

test('a street caseworker finds a person by pinyin initials and reads the decisions, cases, payments and timeline', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await login(page, 'sta');
  await page.goto(`${base}/web/home.html`);
  await page.getByLabel('查找人员（姓名、拼音首字母或身份证号）').fill(PI.toUpperCase());
  await page.keyboard.press('Enter');
  const found = page.locator('#search-results td[data-label="姓名"]', { hasText: PN });
  await found.first().waitFor();
  assert.doesNotMatch(await page.locator('#search-results').innerText(), FULL_ID);

  await page.goto(`${base}/web/household.html?id=${IDA}`);
  await page.locator('#timeline').waitFor();
  const cases = page.locator('table', { has: page.locator('th', { hasText: '法定办结期限' }) });
  assert.equal(await cases.locator('td[data-label="申请类型"]').textContent(), '最低生活保障');
  assert.match(await page.locator('main').innerText(), /2026-03（当月）/);
  assert.match(await page.locator('#timeline').innerText(), /来源：/);
  const decisions = page.locator('table', { has: page.locator('th', { hasText: '结论' }) });
  assert.equal(await decisions.locator('tbody tr').count(), 10);
  await decisions.locator('summary').first().click();
  assert.match(await decisions.locator('pre').first().innerText(), /【/);
  assert.doesNotMatch(await page.locator('main').innerText(), FULL_ID);
  await page.screenshot({ path: join(shots, 'household-overview.png'), fullPage: true });
  await ctx.close();
});

// Takes the case action named by its button with an optional back-dated
// day, and waits for the state it leads to.
async function step(page, button, day, state) {
  if (day) await page.getByLabel(/^办理日期/).fill(day);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.locator('#state', { hasText: state }).waitFor();
}

const noFullId = async (page, what) => assert.doesNotMatch(await page.locator('main').innerText(), FULL_ID, what);

test('a street caseworker handles a warning from the work queue into a case', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await login(page, 'sta');
  assert.equal(await page.locator('h1').textContent(), '工作台');
  // overdue items first, marked in words (not colour alone); only street A; masked
  const first = page.locator('tbody tr').first();
  assert.match(await first.innerText(), /逾期/);
  assert.match(await first.locator('td[data-label="期限"]').innerText(), /已逾期 \d+ 个工作日/);
  for (const no of await page.locator('td[data-label="户编号"]').allTextContents()) assert.ok(no.startsWith(A), no);
  await noFullId(page, 'work queue');
  await page.screenshot({ path: join(shots, 'queue.png'), fullPage: true });

  await page.locator(`a[href="/web/warning.html?id=${WA}"]`).click();
  await page.waitForURL(`**/web/warning.html?id=${WA}`);
  assert.equal(await page.locator('#state').textContent(), '待处理');
  assert.ok((await page.locator('#evidence').innerText()).length > 0);
  assert.ok(await page.getByRole('button', { name: '办结' }).isDisabled());
  await page.getByRole('button', { name: '分派' }).click(); // the text is required
  await page.locator('#step-assign-error', { hasText: '请填写经办人' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'text-assign');
  await page.getByLabel('经办人').fill('王五');
  await page.keyboard.press('Enter');
  await page.locator('#state', { hasText: '已分派' }).waitFor();
  await page.getByLabel('核实情况').fill('已入户核实，家庭收入明显下降');
  await page.getByRole('button', { name: '核实' }).click();
  await page.locator('#state', { hasText: '已核实' }).waitFor();
  await noFullId(page, 'warning page');
  await page.screenshot({ path: join(shots, 'warning.png'), fullPage: true });

  await page.getByLabel('申请类型').selectOption({ label: '最低生活保障' });
  await page.getByRole('button', { name: '开案' }).click();
  await page.waitForURL(/case\.html\?id=\d+/);
  assert.equal(await page.locator('#state').textContent(), '已申请');
  assert.match(await page.locator('#warning').innerText(), new RegExp(`预警 ${WA}`));
  assert.match(await page.locator('main').innerText(), /转立案/);
  // a step that needs a reason is refused without one, and the field gets the focus
  await page.getByRole('button', { name: /申请人撤回/ }).click();
  await page.locator('#action-error', { hasText: '须填写理由' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'reason');
  // the warning now links to its case
  await page.locator('#warning a').click();
  await page.locator('#case-link').waitFor();
  await ctx.close();
});

test('a street caseworker marks periodic reviews done and opens a case from a household page', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await login(page, 'sta');
  const before = await total(page);
  const reviews = page.locator('tbody tr', { hasText: '动态管理复核' });
  const n = await reviews.count();
  assert.ok(n >= 2, `reviews due in the queue: ${n}`);
  const row = reviews.first();
  const no = await row.locator('td[data-label="户编号"]').innerText();
  // the button asks first; Escape goes back without a change
  await row.getByRole('button', { name: '复核完成' }).click();
  const ask = row.getByRole('group', { name: new RegExp(`确认户 ${no} 本月的动态管理复核已完成`) });
  await ask.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '确认');
  await page.keyboard.press('Escape');
  assert.ok(await ask.isHidden());
  assert.equal(await total(page), before);
  await row.getByRole('button', { name: '复核完成' }).click();
  await page.screenshot({ path: join(shots, 'review.png') });
  await page.keyboard.press('Enter'); // 确认 has the focus
  await page.locator('#queue-status', { hasText: `已记录户 ${no} 的动态管理复核` }).waitFor();
  await page.waitForFunction((b) => Number(document.querySelector('#total').textContent.match(/\d+/)[0]) === b - 1, before);
  assert.equal(await reviews.count(), n - 1);
  assert.equal(await page.locator('tbody tr', { hasText: '动态管理复核' }).filter({ hasText: no }).count(), 0);

  // the next one from its household's page
  const next = reviews.first();
  const hno = await next.locator('td[data-label="户编号"]').innerText();
  await next.locator('td[data-label="户编号"] a').click();
  await page.waitForURL(/household\.html\?id=\d+/);
  const box = page.locator('#reviews');
  await box.getByRole('button', { name: '复核完成' }).first().click();
  await box.getByRole('button', { name: '确认' }).click();
  await page.locator('#review-status', { hasText: '动态管理复核（' }).waitFor();
  await page.locator('#reviews', { hasText: '本月没有到期的动态管理复核' }).waitFor();
  const household = page.url();
  await menu(page, '工作台', '/web/queue.html');
  await page.locator('#total').waitFor();
  assert.equal(await total(page), before - 2);
  assert.equal(await page.locator('tbody tr', { hasText: '动态管理复核' }).filter({ hasText: hno }).count(), 0);

  // 开案 without a warning: the server's refusal of a stranger as applicant, then the head applies
  await page.goto(household);
  await page.getByLabel('申请类型').selectOption({ label: '低保边缘家庭' });
  await page.getByLabel(/^申请人身份证号/).fill('110101199001011237');
  await page.keyboard.press('Enter');
  await page.locator('#open-case-error', { hasText: '不在人口登记中' }).waitFor();
  await page.getByLabel(/^申请人身份证号/).fill('');
  await page.getByLabel(/^备注/).fill('本人到街道窗口申请');
  await page.getByRole('button', { name: '开案' }).click();
  await page.waitForURL(/case\.html\?id=\d+/);
  assert.match(await page.locator('h1').textContent(), /低保边缘家庭/);
  assert.equal(await page.locator('#state').textContent(), '已申请');
  assert.match(await page.locator('main').innerText(), new RegExp(hno));
  assert.match(await page.locator('main').innerText(), /本人到街道窗口申请/);
  await noFullId(page, 'opened case');
  await ctx.close();
});

test('a 低保 case goes step by step to 审核确认: street steps as the street, the decision as the district', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await login(page, 'sta');
  await menu(page, '申请案件', '/web/cases.html');
  await noFullId(page, 'case list');
  await page.locator(`a[href="/web/case.html?id=${CJ}"]`).click();
  await page.waitForURL(`**/web/case.html?id=${CJ}`);
  await step(page, '受理', '2026-10-12', '已受理');
  assert.match(await page.locator('#case-head').innerText(), /法定办结期限\s*2026-11-/);
  assert.ok(await page.locator('#extend').isVisible()); // once accepted, the deadline may be extended
  await step(page, '启动家庭经济状况调查和信息核对', '2026-10-13', '调查');
  await page.getByLabel('备注').fill('两名工作人员入户');
  await step(page, '入户调查（不少于2人）', '2026-10-14', '入户调查完成');
  await step(page, '公示', '2026-10-15', '公示中');
  await step(page, '公示期满，报区县审核', '2026-10-23', '待区县审核确认');
  // the decision is the county's: disabled for the street, with the reason
  const approve = page.getByRole('button', { name: '审核确认', exact: true });
  assert.ok(await approve.isDisabled());
  assert.match(await page.locator('#why-approve').textContent(), /仅限区县/);
  assert.match(await page.locator('main').innerText(), /两名工作人员入户/);

  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL('**/web/login.html');
  await login(page, 'dista');
  await page.goto(`${base}/web/case.html?id=${CJ}`);
  await step(page, '审核确认', '2026-10-30', '已审核确认');
  const decision = page.locator('section.decision');
  assert.match(await decision.innerText(), /审核确认/);
  assert.match(await decision.locator('pre').innerText(), /【城乡居民最低生活保障】/);
  assert.equal(await page.locator('td[data-label="办理人"]').last().textContent(), 'user:dista');
  await noFullId(page, 'case page');
  await page.screenshot({ path: join(shots, 'case.png'), fullPage: true });

  // an objection to the decision opens a case of its own, reproducing the decision
  await page.getByLabel('理由', { exact: true }).fill('申请人对收入认定有异议');
  await page.getByRole('button', { name: '提出' }).click();
  await page.waitForURL((u) => u.search !== `?id=${CJ}`);
  assert.match(await page.locator('h1').textContent(), /异议/);
  assert.match(await page.locator('#contest').innerText(), /按决定时的数据重现/);

  // large type on a phone: bigger text, nothing wider than the screen
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(`${base}/web/case.html?id=${CJ}`);
  await page.locator('#large-type').click();
  assert.ok(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize)) >= 16 * 1.3);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), 'the case page scrolls sideways');
  await page.locator('#large-type').click();
  await ctx.close();
});

test('a district manager approves a roll prepared by another, exports it, is refused their own, and builds a first roll', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await ctx.newPage();
  await login(page, 'dist');
  await menu(page, '发放名册', '/web/rolls.html');
  await page.getByRole('link', { name: /^2026-03 / }).click();
  await page.waitForURL(/roll\.html\?id=\d+/);
  assert.equal(await page.locator('#state').textContent(), '草稿（待审核）');
  assert.match(await page.locator('#roll-head').innerText(), /user:dist2/);
  assert.match(await page.locator('#changes').textContent(), /新增 \d+，金额变化 \d+，无变化 \d+/);
  const rows = await page.locator('td[data-label="家庭"]').allTextContents();
  assert.ok(rows.length > 0 && rows.every((no) => no.startsWith(DIST)), `lines outside ${DIST}`);
  await noFullId(page, 'roll lines');
  await page.getByRole('button', { name: '审核通过' }).click();
  await page.locator('#state', { hasText: '已审核' }).waitFor();
  for (const [button, ext] of [['导出 CSV（银行代发文件）', 'csv'], ['导出 Excel（银行代发文件）', 'xlsx']]) {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    assert.match(file.suggestedFilename(), new RegExp(`^roll-\\d+-dibao-2026-03\\.${ext}$`));
  }
  await page.screenshot({ path: join(shots, 'roll.png'), fullPage: true });
  await page.getByRole('button', { name: '标记已发放' }).click();
  await page.locator('#state', { hasText: '已发放' }).waitFor();

  // the next month, built by this manager: four eyes refuse their approval
  await menu(page, '发放名册', '/web/rolls.html');
  await page.getByLabel('月份（如 2026-04）').fill('2026-04');
  await page.getByRole('button', { name: '生成' }).click();
  await page.waitForURL(/roll\.html\?id=\d+/);
  await page.getByRole('button', { name: '审核通过' }).click();
  await page.locator('#roll-error', { hasText: '须由另一人审核' }).waitFor();
  assert.equal(await page.locator('#state').textContent(), '草稿（待审核）');

  // the first roll of a program without rolls: every monthly program is offered, 临时救助 (one-off) is not
  await menu(page, '发放名册', '/web/rolls.html');
  await page.locator('#build').waitFor();
  const programs = await page.getByLabel('项目').locator('option').allTextContents();
  assert.equal(programs.length, 8, `programs: ${programs}`);
  assert.equal(programs[0], '城乡居民最低生活保障');
  assert.ok(!programs.some((p) => p.includes('临时救助')), `one-off programs offered: ${programs}`);
  await page.getByLabel('项目').selectOption({ label: '特困人员救助供养（尚无名册，首次生成）' });
  await page.getByLabel('月份（如 2026-04）').fill('2026-04');
  await page.keyboard.press('Enter');
  await page.waitForURL(/roll\.html\?id=\d+/);
  assert.equal(await page.locator('h1').textContent(), '2026-04 特困人员救助供养发放名册');
  assert.equal(await page.locator('#state').textContent(), '草稿（待审核）');
  await noFullId(page, 'first roll');
  await menu(page, '发放名册', '/web/rolls.html');
  await page.getByRole('link', { name: '2026-04 特困人员救助供养' }).waitFor();
  await ctx.close();
});
