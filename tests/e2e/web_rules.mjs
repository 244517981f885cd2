// The roll page's signed bank file (tests/e2e/web_rules.sh starts the server
// with the seal key and passes URL, ROLL an approved roll of the district
// officer's paying unit, PUB the seal's public key): the file downloaded,
// the page says it is signed, and the signature downloaded beside it checks
// with OpenSSL. The page passes clean().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base, open, clean, shot, login } from './browser.mjs';

const { ROLL, PUB } = process.env;

test('a district officer downloads the signed bank file and its signature', async () => {
  const { page, close } = await open();
  await login(page, 'dis');
  await page.goto(`${base}/#/rolls/${ROLL}`);
  await page.locator('#state', { hasText: '已审核' }).waitFor();
  const dir = mkdtempSync(join(tmpdir(), 'mz-roll-'));
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV（银行代发文件）' }).click()]);
  const csv = join(dir, file.suggestedFilename());
  await file.saveAs(csv);
  await page.locator('#bank-signed').waitFor();
  assert.match(await page.locator('#bank-signed').innerText(), /已用本局签章私钥签名（SM2）/);
  const [sig] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载签名文件' }).click()]);
  assert.equal(sig.suggestedFilename(), `${file.suggestedFilename()}.sig`);
  const sigPath = join(dir, sig.suggestedFilename());
  await sig.saveAs(sigPath);
  const der = join(dir, 'sig.der');
  execFileSync('sh', ['-c', `base64 -d "${sigPath}" > "${der}"`]);
  const out = execFileSync('openssl', ['dgst', '-sm3', '-verify', PUB, '-sigopt', 'distid:1234567812345678', '-signature', der, csv]).toString();
  assert.match(out, /Verified OK/);
  await clean(page, 'signed roll');
  await shot(page, 'roll-signed');
  await close();
});
