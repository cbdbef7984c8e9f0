// End to end: the last-resort panic screen (issue 16, src/ui/panic.rs). Product code has no
// test-only trigger, so the test makes the page's DOM hostile after the app has started with
// data: `document.createElement` throws, the next page the app renders makes Leptos' renderer
// panic, and the panic hook must still show its screen (without creating elements) with a
// "Download stored data" link that gives exactly what is stored; nothing is written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, newPage, ready, settle, tempDir } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const storedNow = (page) => page.evaluate(() => Object.fromEntries(Object.keys(localStorage)
  .filter((k) => k.startsWith('docket:')).map((k) => [k, localStorage.getItem(k)])));

/** Starts the app with the sample data, then breaks `document.createElement` and renders. */
async function crash(page) {
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.getByRole('link', { name: 'People', exact: true }).first().waitFor();
  await settle(page);
  const stored = await storedNow(page);
  assert.ok(Object.keys(stored).some((k) => k.startsWith('docket:p:')), 'a project is stored');
  await page.evaluate(() => {
    Document.prototype.createElement = function () { throw new Error('hostile DOM: createElement refused'); };
  });
  // Something that renders: open the People page (a new view, so new elements).
  await page.getByRole('link', { name: 'People', exact: true }).first().click();
  return stored;
}

test('a panic shows the recovery screen, its download is the stored data, nothing is written', async () => {
  const ctx = await browser.newContext({ acceptDownloads: true });
  const page = await newPage(ctx);
  const stored = await crash(page);
  const screen = page.locator('#panic-screen');
  await screen.getByRole('heading', { level: 1, name: 'Docket stopped because of an error' }).waitFor();
  assert.equal(await screen.getAttribute('role'), 'alert');
  assert.ok(page.errors.some((e) => /panicked|hostile DOM/.test(e)), `a real panic: ${page.errors.join('\n')}`);
  // The page shows only the screen (not a half-drawn app behind it).
  assert.equal(await page.locator('body > *').count(), 1);

  const link = screen.getByRole('link', { name: 'Download stored data' });
  assert.equal(await link.getAttribute('download'), 'docket-stored-data.json');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const file = path.join(tempDir('panic'), 'stored.json');
  await download.saveAs(file);
  const dumped = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.deepEqual(dumped, stored, 'the download holds every stored record, as stored');
  assert.deepEqual(await storedNow(page), stored, 'nothing was written after the panic');

  // "Reload" is a plain link: the page starts again (a fresh DOM) with the data there.
  await screen.getByRole('link', { name: 'Reload' }).click();
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).waitFor({ state: 'detached' });
  assert.equal(await page.locator('#panic-screen').count(), 0);
  assert.deepEqual(await storedNow(page), stored);
  await ctx.close();
});

test('the panic screen at laptop and phone sizes, light and dark', async () => {
  const dir = process.env.DOCKET_SHOTS || tempDir('panic-shots');
  for (const theme of ['light', 'dark']) {
    for (const [w, h] of [[1366, 860], [390, 844]]) {
      const ctx = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: theme });
      const page = await newPage(ctx);
      await crash(page);
      const screen = page.locator('#panic-screen');
      await screen.getByRole('link', { name: 'Download stored data' }).waitFor();
      for (const name of ['Download stored data', 'Reload']) {
        const box = await screen.getByRole('link', { name }).boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= w, `${name} is on screen at ${w}px`);
      }
      await page.screenshot({ path: path.join(dir, `panic-${theme}-${w}.png`) });
      await ctx.close();
    }
  }
});
