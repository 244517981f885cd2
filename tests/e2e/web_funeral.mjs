// 殡葬 in the browser (tests/e2e/affairs_web.sh starts the server and
// passes URL; DIES "ID number,name" of a member of a 低保 household of the
// street caseworker sta). A street caseworker registers the death from the
// medical certificate and reads its 身后一件事; a second report changes
// nothing; the district records the cremation — the basic services waived
// by the policy — and a tree burial rewarded; the facilities with their
// licences, price lists and complaints (one closed); every page on a
// desktop and a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, open, clean, shot, login, logout, menu, choose, DESKTOP, PHONE } from './browser.mjs';

const [DIES_ID, DIES_NAME] = process.env.DIES.split(',');
let deathPath;

async function registerDeath(page) {
  await page.locator('#register-death').click();
  await page.locator('#death-id').fill(DIES_ID);
  await page.locator('#death-cert').fill('YX-2026-0001');
  await page.locator('#death-place').fill('区人民医院');
  await page.locator('#death-submit').click();
}

test('a street caseworker registers a death; its 身后一件事 is done once', async () => {
  const { page, close } = await open();
  await login(page, 'sta');
  await menu(page, '死亡登记', '/deaths');
  await page.locator('#deaths').waitFor();
  await registerDeath(page);
  await page.waitForURL(/#\/deaths\/\d+$/);
  deathPath = new URL(page.url()).hash.slice(1);
  await page.locator('#summary').waitFor();
  assert.match(await page.locator('h1').innerText(), new RegExp(`身后一件事：${DIES_NAME}`));
  const summary = await page.locator('#summary').innerText();
  assert.match(summary, /城乡居民最低生活保障/);
  assert.match(summary, /复核|停发/);
  assert.match(summary, /惠民殡葬/);
  assert.match(await page.locator('#reports').innerText(), /死亡医学证明[\s\S]*据此办理身后一件事/);
  await clean(page, 'death');
  await shot(page, 'death');
  // reported again: recorded, nothing done twice
  await menu(page, '死亡登记', '/deaths');
  await registerDeath(page);
  await page.locator('.el-message', { hasText: '未重复办理' }).waitFor();
  await page.locator('#reports').getByText('再次报告：已记录，未重复办理').waitFor();
  assert.equal(await page.locator('#summary').innerText(), summary);
  await close();
});

test('the district records the cremation with the waiver and a tree burial rewarded', async () => {
  const { page, close } = await open();
  await login(page, 'dist');
  await page.goto(`${base}/#${deathPath}`);
  await page.locator('#burial').waitFor();
  await page.locator('#cremate').click();
  await page.locator('#cremation-drawer').waitFor();
  assert.match(await page.locator('#cremation-drawer').innerText(), /火化[\s\S]*基本服务/);
  await page.locator('#cremation-submit').click();
  await page.locator('#burial', { hasText: '火化证明' }).waitFor();
  const waiver = await page.locator('#waiver').innerText();
  const burial = await page.locator('#burial').innerText();
  if (/符合“惠民殡葬/.test(waiver) && !/不符合/.test(waiver)) assert.doesNotMatch(burial, /减免 ¥0\.00/);
  await page.locator('#place').click();
  await choose(page, 'pl-method', '树葬');
  await choose(page, 'pl-place', '福寿园公益性公墓');
  await page.locator('#pl-plot').fill('C区8号');
  await page.locator('#placement-submit').click();
  await page.locator('#burial', { hasText: '树葬' }).waitFor();
  assert.match(await page.locator('#burial').innerText(), /节地生态安葬奖补 ¥3,000\.00/);
  await clean(page, 'death with burial');
  await shot(page, 'death-burial');
  await close();
});

test('facilities: licences, the price list, a complaint closed; the records', async () => {
  const { page, close } = await open();
  await login(page, 'dist');
  await menu(page, '殡葬设施', '/funeral/facilities');
  await page.locator('#facilities').waitFor();
  assert.match(await page.locator('#facilities').innerText(), /即将到期/);
  const open1 = page.locator('#complaints .el-table__row', { hasText: '待处理' }).first();
  await open1.locator('.close-complaint').click();
  await page.locator('.el-message-box textarea').fill('已责令殡仪馆按公示时长提供告别厅');
  await page.locator('.el-message-box').getByRole('button', { name: '确认办结' }).click();
  await page.locator('#complaints').getByText('已办结：已责令殡仪馆按公示时长提供告别厅').waitFor();
  await clean(page, 'facilities');
  await shot(page, 'funeral-facilities');
  await page.getByRole('link', { name: '区殡仪馆' }).click();
  await page.locator('#prices').waitFor();
  assert.match(await page.locator('#prices').innerText(), /火化[\s\S]*基本殡葬服务/);
  assert.match(await page.locator('#prices').innerText(), /告别厅[\s\S]*选择性服务/);
  await clean(page, 'facility');
  await shot(page, 'funeral-facility');
  await menu(page, '火化与安葬', '/funeral/records');
  await page.locator('#burials').waitFor();
  assert.match(await page.locator('#burials').innerText(), /树葬/);
  await clean(page, 'records');
  await shot(page, 'funeral-records');
  await logout(page);
  await login(page, 'aud');
  await menu(page, '殡葬设施', '/funeral/facilities');
  await page.locator('#facilities').waitFor();
  assert.equal(await page.locator('#add-facility').count(), 0);
  assert.equal(await page.locator('.close-complaint').count(), 0);
  await close();
});

test('every funeral page, desktop and phone', async () => {
  const pages = [['dist', 'deaths', '#deaths'], ['dist', deathPath.slice(1), '#summary'],
    ['dist', 'funeral/facilities', '#facilities'], ['dist', 'funeral/records', '#burials'],
    ['sta', 'deaths', '#deaths']];
  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const { page, close } = await open(viewport);
    let who;
    for (const [account, path, ready] of pages) {
      if (account !== who) {
        if (who) await logout(page);
        await login(page, account);
        who = account;
      }
      await page.goto(`${base}/#/${path}`);
      await page.locator(ready).waitFor();
      await clean(page, `${path} (${size})`);
      if (size === 'phone') {
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), `${path} scrolls sideways on a phone`);
      }
      await shot(page, `${path.replace(/\//g, '-').replace(/-\d+$/, '-record')}-${account}-${size}`);
    }
    await close();
  }
});
