// 三权分立 in the console (tests/e2e/web_roles.sh passes URL): each
// administrator lands on its own page, its menu holds that page only, the
// page passes clean(), and its action asks for confirmation first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, confirm, login, logout, open } from './browser.mjs';

const menuItems = (page) => page.getByRole('navigation', { name: '主菜单' }).getByRole('menuitem').allInnerTexts();

test('the system administrator manages business accounts only', async () => {
  const { page, close } = await open();
  await login(page, 'sysa', '/admin/accounts');
  assert.deepEqual((await menuItems(page)).map((s) => s.trim()), ['账号管理']);
  const row = page.locator('#accounts tr', { hasText: 'st2' });
  await row.waitFor();
  await clean(page, '账号管理');
  assert.equal(await page.locator('#accounts tr', { hasText: 'seca' }).getByRole('button').count(), 0,
    'no action on an administrator account');
  await row.getByRole('button', { name: '停用' }).click();
  assert.match(await confirm(page, false), /停用账户“st2”/);
  await row.getByRole('button', { name: '停用' }).click();
  await confirm(page);
  await page.locator('#accounts tr', { hasText: 'st2' }).getByText('已停用').waitFor();
  await logout(page);
  await close();
});

test('the security administrator unlocks a locked account', async () => {
  const { page, close } = await open();
  await login(page, 'seca', '/admin/security');
  assert.deepEqual((await menuItems(page)).map((s) => s.trim()), ['安全管理']);
  const row = page.locator('#security-accounts tr', { hasText: 'st1' });
  await row.getByText('已锁定').waitFor();
  await page.locator('#events', { hasText: '登录失败' }).first().waitFor();
  await clean(page, '安全管理');
  await row.getByRole('button', { name: '解除锁定' }).click();
  assert.match(await confirm(page), /解除账户“st1”的登录锁定/);
  await row.getByText('已锁定').waitFor({ state: 'detached' });
  await page.locator('#events', { hasText: '解除锁定' }).waitFor();
  // the second factor required: the new secret shown once, in groups of four
  await row.getByRole('button', { name: '启用动态口令' }).click();
  const ask = page.locator('.el-overlay-message-box', { hasText: '要求账户“st1”登录时除密码外输入动态口令' });
  await ask.getByRole('button', { name: /^确认/ }).click();
  await ask.waitFor({ state: 'hidden' });
  const secret = page.locator('.totp-secret');
  await secret.waitFor();
  assert.match(await secret.innerText(), /只显示这一次）：([A-Z2-7]{4} ){7}[A-Z2-7]{4}。[\s\S]*otpauth:\/\/totp\/minzheng:st1\?secret=[A-Z2-7]{32}&/);
  await secret.getByRole('button', { name: '已交给持有人' }).click();
  await row.getByText('已启用').waitFor();
  await page.locator('#events', { hasText: '启用动态口令' }).waitFor();
  await logout(page);
  await close();
});

test('the audit administrator reads and checks the log', async () => {
  const { page, close } = await open();
  await login(page, 'auda', '/admin/audit');
  assert.deepEqual((await menuItems(page)).map((s) => s.trim()), ['审计日志']);
  await page.locator('#log', { hasText: '解除锁定' }).waitFor();
  await page.locator('#admins').check();
  await page.getByRole('button', { name: '查询' }).click();
  await page.locator('#log', { hasText: '账户 seca' }).first().waitFor();
  await page.locator('#verify').click();
  await page.locator('#verdict', { hasText: '哈希链校验通过' }).waitFor();
  await clean(page, '审计日志');
  await close();
});
