// The second factor in the console (tests/e2e/totp.sh passes URL and the
// account staf's SECRET in base32): after the right password the login
// form asks for the 6-digit code; the authenticator's code opens the
// account's work queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { base, open, shot, PHONE } from './browser.mjs';

function code(offset) {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...process.env.SECRET].map((c) => a.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + offset));
  const h = createHmac('sha1', key).update(msg).digest();
  return String((h.readUInt32BE(h[19] & 15) & 0x7fffffff) % 1000000).padStart(6, '0');
}

test('an account with a second factor signs in with password and code', async () => {
  const { page, close } = await open(PHONE);
  await page.goto(`${base}/#/login`);
  await page.getByLabel('账户名').fill('staf');
  await page.getByLabel('密码').fill('pw-staf-123');
  await page.getByRole('button', { name: '登录' }).click();
  const otp = page.getByLabel(/动态口令/);
  await otp.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'otp', 'the code field is focused');
  await otp.fill('000000' === code(1) ? '111111' : '000000');
  await page.keyboard.press('Enter');
  await page.locator('#error', { hasText: '动态口令不正确' }).waitFor();
  await otp.fill(code(1)); // the shell test used this step's code already
  await shot(page, 'login-second-factor-phone');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/#/queue');
  await close();
});
