// Issue #22 in the browser (tests/e2e/ofd.sh passes URL, the notice file
// OFD and CODE, the code of its QR code, by then superseded by a later
// decision): ofd.js — an independent OFD reader from npm — renders the
// notice in chromium with its text and the bureau's seal; the public
// verification page the QR code leads to says, without an account, that a
// later decision superseded it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { base, open, clean, shot, PHONE } from './browser.mjs';

const { OFD, CODE, MZ_REPO } = process.env;

test('ofd.js renders the sealed OFD notice: its text and the seal picture', async () => {
  const { page, close } = await open({ width: 1000, height: 1400 });
  await page.setContent('<!doctype html><meta charset="utf-8"><body style="background:#ddd"></body>');
  await page.addScriptTag({ path: join(MZ_REPO, 'node_modules/ofd.js/lib/ofd.umd.min.js') });
  const pages = await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return new Promise((resolve, reject) => {
      window.ofd.parseOfdDocument({
        ofd: bytes.buffer,
        success(docs) {
          const divs = window.ofd.renderOfd(900, docs[0]);
          for (const d of divs) document.body.appendChild(d);
          resolve(divs.length);
        },
        fail: (e) => reject(new Error(String(e))),
      });
    });
  }, readFileSync(OFD).toString('base64'));
  assert.ok(pages >= 1, 'no page rendered');
  const text = await page.evaluate(() => document.body.textContent.replace(/\s+/g, ''));
  for (const want of ['准予城乡居民最低生活保障决定书', '大写：', '申请行政复议'])
    assert.ok(text.includes(want), `“${want}” not rendered: ${text.slice(0, 300)}`);
  const seal = page.locator('svg[name="seal_img_div"] image');
  await seal.first().waitFor({ state: 'attached' });
  const href = await seal.first().getAttribute('xlink:href') ?? await seal.first().evaluate((e) => e.href.baseVal);
  assert.match(href, /^data:image\/png;base64,/, 'the seal is not the PNG of the SES_Signature');
  const box = await seal.first().boundingBox();
  assert.ok(box && box.width > 50 && box.height > 50, `seal too small or hidden: ${JSON.stringify(box)}`);
  await shot(page, 'notice-ofd-rendered-by-ofdjs');
  await close();
});

test('the QR code of a superseded notice leads to a public page that says so', async () => {
  const { page, close } = await open(PHONE);
  await page.goto(`${base}/#/verify/${CODE}`);
  const verdict = page.locator('#verdict');
  await verdict.waitFor();
  assert.match(await verdict.innerText(), /已被后续决定（.*〔2025〕2号）取代，不再有效/);
  const facts = await page.getByRole('table').first().innerText().catch(() => page.locator('.facts').innerText());
  assert.match(facts, /准予城乡居民最低生活保障决定书/);
  assert.match(facts, /民政局/);
  await clean(page, 'notice verification');
  await shot(page, 'notice-verify-phone');
  // an unknown code is 未找到, with a way back home
  await page.goto(`${base}/#/verify/00000000000000000000000000000000`);
  await page.locator('#error').waitFor();
  await close();
});
