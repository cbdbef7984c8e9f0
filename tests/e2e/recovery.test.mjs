// End to end: damaged stored data opens the recovery view (raw data downloadable, salvage,
// start fresh), and a full quota puts up the banner with "Export everything" at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, newPage, ready, settle, tempDir } from './harness.mjs';

const shots = process.env.DOCKET_SHOTS || tempDir('recovery');

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const GARBAGE = '{"id": "broken <script>window.__pwned=1</script>", ~~~ \u00e9\u{1F600}';

/** A page with the sample data loaded; returns the key of the sample project's head. */
async function withSample(ctx) {
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await settle(page);
  const key = await page.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith('docket:p:')));
  assert.ok(key, 'the sample project is stored');
  return { page, key };
}

async function downloadText(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: fs.readFileSync(await download.path(), 'utf8') };
}

test('a damaged record opens the recovery view: download it raw, then keep what is valid', async () => {
  const ctx = await browser.newContext({ acceptDownloads: true });
  const { page, key } = await withSample(ctx);
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, GARBAGE]);
  await page.reload();
  await ready(page);

  await page.getByRole('heading', { level: 1, name: 'Some stored data is damaged' }).waitFor();
  await page.screenshot({ path: `${shots}/recovery.png`, fullPage: true });
  assert.ok(await page.getByRole('main').getByRole('listitem').filter({ hasText: key }).isVisible(), 'the damaged key is listed');
  // The normal views are not reachable until the user decides.
  await page.getByRole('link', { name: 'Operations' }).click();
  await settle(page);
  assert.ok(await page.getByRole('heading', { level: 1, name: 'Some stored data is damaged' }).isVisible());

  const { name, text } = await downloadText(page, () => page.getByRole('button', { name: 'Download stored data' }).click());
  assert.match(name, /^docket-stored-data-\d{4}-\d{2}-\d{2}\.json$/);
  const raw = JSON.parse(text);
  assert.equal(raw[key], GARBAGE, 'the raw garbage is in the file exactly');
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('docket:')).length);
  assert.equal(Object.keys(raw).length, stored, 'every docket key is in the file');
  console.log('recovery download:', Object.keys(raw).length, 'keys,', text.length, 'characters');

  // Keep what is valid: the damaged record is set aside, not rewritten; the checklists load.
  await page.getByRole('button', { name: 'Keep what is valid' }).click();
  await page.waitForLoadState('load');
  await ready(page);
  await page.screenshot({ path: `${shots}/after-keep.png` });
  assert.equal(await page.getByRole('heading', { name: 'Some stored data is damaged' }).count(), 0);
  const after = await page.evaluate((k) => ({ original: localStorage.getItem(k), copy: localStorage.getItem('docket:damaged:' + k) }), key);
  assert.equal(after.original, null);
  assert.equal(after.copy, GARBAGE);
  await page.getByRole('link', { name: 'Operations' }).click();
  await assert.doesNotReject(page.getByText('Daily opening checks').first().waitFor());
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

// Damage as the app stores it: packed records (Deflate, 15 bits to a character) cut short, or
// holding another record's packed value.
for (const damage of ['cut short', 'another record']) {
  test(`a damaged packed record (${damage}) opens the recovery view and is set aside as it was`, async () => {
    const ctx = await browser.newContext({ acceptDownloads: true });
    const { page } = await withSample(ctx);
    const { key, value } = await page.evaluate((how) => {
      const keys = Object.keys(localStorage).sort();
      const packed = (prefix) => keys.find((k) => k.startsWith(prefix) && localStorage.getItem(k).startsWith('%'));
      const key = packed('docket:pc:');
      const v = localStorage.getItem(key);
      const value = how === 'cut short' ? v.slice(0, Math.floor(v.length / 2)) : localStorage.getItem(packed('docket:rm:'));
      return { key, value };
    }, damage);
    assert.ok(key && value.startsWith('%'), 'a packed card bucket and a packed damage');
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, value]);
    await page.reload();
    await ready(page);
    await page.getByRole('heading', { level: 1, name: 'Some stored data is damaged' }).waitFor();
    await page.getByRole('main').getByRole('listitem').filter({ hasText: key }).waitFor();
    const { text } = await downloadText(page, () => page.getByRole('button', { name: 'Download stored data' }).click());
    assert.equal(JSON.parse(text)[key], value, 'the damaged record is in the download as stored');
    await page.getByRole('button', { name: 'Keep what is valid' }).click();
    await page.waitForLoadState('load');
    await ready(page);
    assert.equal(await page.getByRole('heading', { name: 'Some stored data is damaged' }).count(), 0);
    const after = await page.evaluate((k) => ({ original: localStorage.getItem(k), copy: localStorage.getItem('docket:damaged:' + k) }), key);
    assert.deepEqual(after, { original: null, copy: value });
    // The rest loads: the project (its other cards) and the checklists.
    await page.getByRole('link', { name: 'Website relaunch' }).first().click();
    await page.getByRole('heading', { level: 1, name: /Website relaunch/ }).waitFor();
    assert.ok(await page.locator('li.card').count() > 0, 'the cards of the other buckets are there');
    await page.getByRole('link', { name: 'Operations' }).click();
    await page.getByText('Daily opening checks').first().waitFor();
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
}

test('start fresh deletes everything only after confirming', async () => {
  const ctx = await browser.newContext();
  const { page, key } = await withSample(ctx);
  await page.evaluate((k) => localStorage.setItem(k, 'not json at all'), key);
  await page.reload();
  await ready(page);
  await page.getByRole('button', { name: 'Start fresh…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  // Cancelling changes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), key), 'not json at all');
  await page.getByRole('button', { name: 'Start fresh…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete everything and start fresh' }).click();
  await page.waitForLoadState('load');
  await ready(page);
  await page.getByRole('heading', { name: 'Welcome to Docket' }).waitFor();
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('docket:') && k !== 'docket:schema'));
  assert.deepEqual(left, []);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a full quota: the banner offers "Export everything" at once, nothing is lost', async () => {
  const ctx = await browser.newContext({ acceptDownloads: true });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByLabel('New project').fill('Quota test');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { level: 1, name: /Quota test/ }).waitFor();
  const box = page.getByRole('textbox', { name: 'New card in To do' });
  await box.fill('Saved before the store filled up');
  await box.press('Enter');
  await settle(page);

  // Fill the origin's storage to the brim with a filler key's chunks.
  const fillers = await page.evaluate(() => {
    let chunk = 'x'.repeat(256 * 1024);
    let i = 0;
    while (chunk.length >= 4) {
      try { localStorage.setItem('filler:' + i, chunk); i++; } catch { chunk = chunk.slice(chunk.length / 2); }
    }
    return i;
  });
  await box.fill('Made while the store was full');
  await box.press('Enter');
  const banner = page.getByRole('alert').filter({ hasText: 'storage for Docket is full' });
  await banner.getByRole('button', { name: 'Export everything' }).waitFor();
  assert.ok(fillers > 0, 'the store was filled');
  // The card is on screen even though it was not saved.
  await page.getByText('Made while the store was full').first().waitFor();

  const { name, text } = await downloadText(page, () => banner.getByRole('button', { name: 'Export everything' }).click());
  assert.match(name, /\.json$/);
  const file = JSON.parse(text);
  assert.equal(file.format, 'docket');
  const titles = file.projects.flatMap((p) => p.cards.map((c) => c.title));
  assert.ok(titles.includes('Made while the store was full'), 'the export holds the unsaved change');
  assert.ok(titles.includes('Saved before the store filled up'));

  // The settings meter shows the store nearly full, with the warning.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const meter = page.getByRole('meter', { name: 'Storage used' });
  await meter.waitFor();
  const full = Number(await meter.getAttribute('value'));
  assert.ok(full > 5_000_000, `meter value ${full}`);
  assert.match(await page.locator('#storage-summary').innerText(), /^[\d.]+ M of 5\.2 M characters \((99|100)%\)$/);
  await page.getByRole('status').filter({ hasText: 'Storage is nearly full' }).waitFor();
  await page.screenshot({ path: `${shots}/settings-full.png`, fullPage: true });

  // Space freed: measure again, then "Try saving again" stores what is on screen.
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler:')).forEach((k) => localStorage.removeItem(k)));
  await page.getByRole('button', { name: 'Measure again' }).click();
  await settle(page);
  const freed = Number(await meter.getAttribute('value'));
  const summary = await page.locator('#storage-summary').innerText();
  console.log('settings meter after freeing space:', summary, `(value ${freed})`);
  assert.ok(freed > 0 && freed < 100_000, `meter value ${freed}`);
  assert.equal(await page.getByText('Storage is nearly full').count(), 0);
  await banner.getByRole('button', { name: 'Try saving again' }).click();
  await settle(page);
  assert.equal(await banner.count(), 0, 'the banner goes once everything is saved');
  await page.reload();
  await ready(page);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('link', { name: 'Quota test' }).click();
  await page.getByText('Made while the store was full').first().waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
