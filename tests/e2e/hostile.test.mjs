// End to end: hostile stored data (issue 16). A packed record whose size prefix lies opens
// the recovery view instead of crashing the page, and nothing the user had is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, ready, settle } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** Rewrites a packed value (see src/storage/pack.rs) so its LZ4 block claims 4 GiB. */
function lie(packed) {
  const vals = [...packed.slice(1)].map((c) => c.codePointAt(0) - 0x20);
  const len = (vals[0] << 15) | vals[1];
  const bytes = [];
  let acc = 0, bits = 0;
  for (const v of vals.slice(2)) {
    acc = (acc << 15) | v; bits += 15;
    while (bits >= 8 && bytes.length < len) { bits -= 8; bytes.push((acc >> bits) & 0xff); }
    acc &= (1 << bits) - 1;
  }
  bytes[0] = bytes[1] = bytes[2] = bytes[3] = 0xff;
  let out = '~' + String.fromCodePoint(0x20 + ((bytes.length >> 15) & 0x7fff), 0x20 + (bytes.length & 0x7fff));
  acc = 0; bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b; bits += 8;
    if (bits >= 15) { bits -= 15; out += String.fromCodePoint(0x20 + ((acc >> bits) & 0x7fff)); }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += String.fromCodePoint(0x20 + ((acc << (15 - bits)) & 0x7fff));
  return out;
}

test('a packed record that lies about its size opens the recovery view, and the rest is kept', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await settle(page);
  const key = await page.evaluate(() => Object.keys(localStorage)
    .find((k) => k.startsWith('docket:pc:') && localStorage.getItem(k).startsWith('~')));
  assert.ok(key, 'a packed card bucket is stored');
  const lying = lie(await page.evaluate((k) => localStorage.getItem(k), key));
  const before = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage)
    .filter((k) => k.startsWith('docket:')).map((k) => [k, localStorage.getItem(k)])));
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, lying]);
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: 'Some stored data is damaged' }).waitFor();
  assert.ok(await page.getByRole('main').getByRole('listitem').filter({ hasText: key }).isVisible(), 'the lying record is named');
  assert.deepEqual(page.errors.filter((e) => /panic|unreachable|RuntimeError/i.test(e)), [], 'no panic');
  // Nothing was written: every record is as it was, the lying one included.
  const now = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage)
    .filter((k) => k.startsWith('docket:')).map((k) => [k, localStorage.getItem(k)])));
  assert.deepEqual(now, { ...before, [key]: lying });
  // Keep what is valid: the checklists and the project's other cards are there.
  await page.getByRole('button', { name: 'Keep what is valid' }).click();
  await page.waitForLoadState('load');
  await ready(page);
  await page.getByRole('link', { name: 'Operations' }).click();
  await settle(page);
  assert.ok(await page.getByText('Daily opening checks').first().isVisible(), 'the checklists load');
  assert.equal(await page.evaluate((k) => localStorage.getItem('docket:damaged:' + k), key), lying, 'set aside, not deleted');
  await ctx.close();
});
