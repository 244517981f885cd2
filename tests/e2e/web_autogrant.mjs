// Browser journeys of 免申即享 (tests/e2e/web_autogrant.sh starts the
// server): the street caseworker finds the household on the street's list
// without a consent (confirming is not offered), records the head's
// consent from the household page and confirms — the household enrolled
// from next month, its notice issued; another street's caseworker does not
// see the household; a resident sees that the bureau found their
// household, consents online, and once confirmed reads the signed PDF of
// the notice, its SM3 and its public verification page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { PHONE, base, choose, clean, confirm, login, menu, open, shot } from './browser.mjs';

const { DB, WORK, F1, F2, RID, RNAME, S } = process.env;
const sql = (q) => execFileSync('sqlite3', [DB, q], { encoding: 'utf8' }).trim();
const H1 = sql(`select h.hh_no from autogrant_findings f join households h on h.id = f.household_id where f.id = ${F1}`);
const nextMonth = () => {
  const d = new Date(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }));
  d.setUTCMonth(d.getUTCMonth() + 1, 1);
  return d.toISOString().slice(0, 7);
};

test('the street finds a household, records its consent and confirms it: enrolled from next month with its notice', async () => {
  const { page, close } = await open();
  await login(page, 'sta');
  await menu(page, '免申即享', '/autogrant');
  await page.locator('#autogrant tbody tr').first().waitFor();
  assert.equal(await page.locator('#autogrant tbody tr').count(),
    Number(sql(`select count(*) from autogrant_findings where office = '${S}' and state = 'found'`)));
  const row = page.locator('#autogrant tbody tr', { hasText: H1 });
  assert.match(await row.innerText(), /低保边缘家庭[\s\S]*未授权[\s\S]*待确认/);
  assert.ok(await row.getByRole('button', { name: '确认纳入' }).isDisabled(), 'confirming offered without consent');
  await clean(page, 'autogrant list');

  // the consent, from the household page
  await row.getByRole('link', { name: H1 }).click();
  await page.locator('#household-autogrant').waitFor();
  assert.match(await page.locator('#household-findings').innerText(), /低保边缘家庭[\s\S]*待确认[\s\S]*未授权/);
  const head = sql(`select p.name from memberships m join persons p on p.id = m.person_id join households h on h.id = m.household_id
                    where h.hh_no = '${H1}' and m.relation = '户主' and m.valid_to is null`);
  await choose(page, 'consent-person', head);
  await page.locator('#consent-record').click();
  await page.locator('#consent-status').waitFor();
  assert.match(await page.locator('#consent-status').innerText(), new RegExp(`已登记${head}的授权核对（本人`));
  assert.match(await page.locator('#household-findings').innerText(), /本人 \d{4}-\d{2}-\d{2}/);
  await clean(page, 'household 免申即享');

  // the confirmation, with what will happen
  await menu(page, '免申即享', '/autogrant');
  const ready = page.locator('#autogrant tbody tr', { hasText: H1 });
  await ready.getByRole('button', { name: '确认纳入' }).click();
  assert.match(await confirm(page), /自下月起纳入[\s\S]*决定书/);
  await page.locator('#autogrant-status').waitFor();
  assert.match(await page.locator('#autogrant-status').innerText(), new RegExp(`户 ${H1} 已纳入低保边缘家庭，自 ${nextMonth()} 起；决定书 .+民决〔\\d{4}〕\\d+号`));
  assert.equal(sql(`select count(*) from enrolments e join households h on h.id = e.household_id
                    where h.hh_no = '${H1}' and e.program = 'dibao_edge' and e.source = '免申即享' and e.start_month = '${nextMonth()}'`), '1');
  assert.equal(sql(`select count(*) from notices n join autogrant_findings f on f.notice_number = n.number
                    where f.id = ${F1} and n.decision = 'approve' and n.ofd_sm3 <> ''`), '1');
  assert.ok(existsSync(`${WORK}/notices/免申即享${F1}.pdf`) && existsSync(`${WORK}/notices/免申即享${F1}.ofd`), 'the notice files');
  assert.equal(sql("select count(*) from audit_log where action = 'autogrant.confirm' and actor = 'user:sta'"), '1');
  await choose(page, 'autogrant-state', '已纳入');
  await page.locator('#autogrant tbody tr', { hasText: H1 }).waitFor();
  assert.match(await page.locator('#autogrant tbody tr', { hasText: H1 }).innerText(), /已纳入[\s\S]*民决/);
  await clean(page, 'autogrant enrolled');
  await shot(page, 'autogrant-list');
  await close();
});

test('another street\'s caseworker does not see the household', async () => {
  const { page, close } = await open();
  await login(page, 'stb');
  await menu(page, '免申即享', '/autogrant');
  await page.locator('#autogrant-total').waitFor();
  assert.doesNotMatch(await page.locator('body').innerText(), new RegExp(H1));
  await close();
});

function smsCode() {
  const out = execFileSync(process.env.MZ, ['sms', 'outbox', '--all', '--db', DB], { encoding: 'utf8' });
  const codes = [...out.matchAll(/\t13700005678\t[^\n]*验证码为 (\d{6})/g)];
  assert.ok(codes.length, `no code in the outbox: ${out}`);
  return codes.at(-1)[1];
}

test('a resident sees the finding, consents online, and reads the notice with its SM3 once confirmed', async () => {
  const { page, close } = await open(PHONE);
  await page.goto(`${base}/#/portal/login`);
  await page.getByLabel('身份证号').fill(RID);
  await page.getByLabel('姓名').fill(RNAME);
  await page.getByLabel('手机号码（登记的号码）').fill('13700005678');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.locator('#sent').waitFor();
  await page.getByLabel('短信验证码').fill(smsCode());
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL('**/#/portal');
  const card = page.locator('#portal-autogrant');
  await card.waitFor();
  assert.match(await card.innerText(), /低保边缘家庭[\s\S]*待确认[\s\S]*尚未授权核对/);
  assert.ok(await page.locator('#autogrant-consent').isDisabled(), 'consent without ticking the box');
  await card.getByText('我已阅读并同意授权核对').click();
  await page.locator('#autogrant-consent').click();
  await page.locator('#autogrant-consent-status').waitFor();
  assert.match(await page.locator('#autogrant-consent-status').innerText(), /已授权核对/);
  assert.match(await card.innerText(), /已授权核对，民政部门正在核对/);
  assert.equal(sql(`select count(*) from autogrant_consents c join persons p on p.id = c.person_id
                    where c.given_by = '本人' and c.recorded_by like 'resident:%'`), '1');

  // the street confirms (the command line, as its caseworker would from the list)
  execFileSync(process.env.MZ, ['autogrant', 'confirm', F2, '--out', `${WORK}/resident.pdf`, '--db', DB], { cwd: WORK });
  await page.reload();
  await card.waitFor();
  assert.match(await card.innerText(), /已纳入[\s\S]*自 \d{4}-\d{2} 起享受；决定书/);
  const sm3 = sql(`select n.sm3 from notices n join autogrant_findings f on f.notice_number = n.number where f.id = ${F2}`);
  assert.equal(await card.locator('.notice-sm3').innerText(), sm3);
  const href = await card.locator('.notice-pdf').getAttribute('href');
  const pdf = await page.request.get(`${base}${href}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.ok((await pdf.body()).equals(readFileSync(`${WORK}/resident.pdf`)), 'the PDF is the one issued');
  assert.equal(sql("select count(*) from audit_log where action = 'notice.read' and actor like 'resident:%'"), '1');
  await clean(page, 'portal 免申即享');
  await shot(page, 'portal-autogrant-phone');
  await card.locator('.notice-verify').click();
  await page.waitForURL('**/#/verify/**');
  await page.getByText(sm3).waitFor();
  await close();
});
