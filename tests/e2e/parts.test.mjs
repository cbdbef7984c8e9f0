// End to end: the parts of the app that load when first used (src/ui/lazy.rs). The release
// dist/ is split: the first visit fetches the main module only, a page's part the first time
// the page opens, and a part that cannot be fetched says so, with Try again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, launch, newPage, ready, settle, axe, tempDir } from './harness.mjs';

const shots = process.env.DOCKET_SHOTS || tempDir('parts');

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** The wasm files the page has fetched so far, by name. */
const fetched = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .map((e) => e.name.split('/').pop()).filter((n) => n.endsWith('.wasm')));

for (const [label, opts] of [
  ['on a desktop in light', { viewport: { width: 1366, height: 860 }, colorScheme: 'light' }],
  ['on a phone in dark', { viewport: { width: 390, height: 844 }, colorScheme: 'dark', hasTouch: true, isMobile: true }],
]) {
  test(`a board needs only the main module; a page whose part can't be fetched says so and opens on Try again, ${label}`, async () => {
    // No service worker: it would serve the parts it precached, whatever the network does.
    const ctx = await browser.newContext({ ...opts, serviceWorkers: 'block', bypassCSP: true });
    const page = await newPage(ctx);
    await page.goto(server.url);
    await ready(page);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await settle(page);
    // A fresh load of a board fetches the main module and no part.
    await page.goto(server.url + '#/projects');
    await settle(page);
    await page.locator('main a[href*="#/projects/"]').first().click();
    await page.getByRole('list', { name: /^Cards in / }).first().waitFor();
    await page.reload();
    await page.getByRole('list', { name: /^Cards in / }).first().waitFor();
    await settle(page);
    assert.deepEqual(await fetched(page), ['docket_bg.wasm'], 'the board is in the main module');

    // The network is down for the other parts: Operations says so, next to what to do.
    const stored = () => page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
    const before = await stored();
    await ctx.route(/\/wasm-[0-9a-f]+\/(split|chunk)_[^/]*\.wasm$/, (route) => route.abort('internetdisconnected'));
    await page.getByRole('link', { name: 'Operations', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'This page could not be opened' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /Your data is safe\. Check the connection, then try again\./);
    await axe(page, `a part that can't be fetched, ${label}`);
    await page.screenshot({ path: path.join(shots, `part-failed-${opts.colorScheme}.png`) });
    assert.equal(await stored(), before, 'nothing stored changed');

    // Back online: Try again opens the page.
    await ctx.unroute(/\/wasm-[0-9a-f]+\/(split|chunk)_[^/]*\.wasm$/);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { level: 1, name: 'Checklists' }).waitFor();
    assert.ok((await fetched(page)).some((n) => n.startsWith('split_operations')), "Operations' part was fetched");
    assert.equal(await stored(), before);
    assert.deepEqual(page.errors.filter((e) => /panic|RuntimeError|unreachable/i.test(e)), [], 'no panic');
    await ctx.close();
  });
}
