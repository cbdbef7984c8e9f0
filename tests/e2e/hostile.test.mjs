// End to end: hostile data (issue 16). A packed record whose size prefix lies opens the
// recovery view instead of crashing the page; hostile files are refused with their paths;
// stored records that break an invariant are set aside; nothing the user had is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, ready, settle } from './harness.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** Rewrites a packed value (see src/storage/pack.rs) so its byte count claims 1 GiB. */
function lie(packed) {
  const top = String.fromCodePoint(0x20 + 0x7fff);
  return packed[0] + top + top + packed.slice(3);
}

test('a packed record that lies about its size opens the recovery view, and the rest is kept', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await settle(page);
  const key = await page.evaluate(() => Object.keys(localStorage)
    .find((k) => k.startsWith('docket:pc:') && localStorage.getItem(k).startsWith('%')));
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
  await assert.doesNotReject(page.getByText('Daily opening checks').first().waitFor(), 'the checklists load');
  assert.equal(await page.evaluate((k) => localStorage.getItem('docket:damaged:' + k), key), lying, 'set aside, not deleted');
  await ctx.close();
});

// ---- The rest of issue 16: each case refused with a path, or set aside; never a crash ----

const fixture = (rel) => path.join(root, 'tests/fixtures', rel);
const stored = (page) => page.evaluate(() => Object.fromEntries(Object.keys(localStorage)
  .filter((k) => k.startsWith('docket:')).sort().map((k) => [k, localStorage.getItem(k)])));
const crashes = (page) => page.errors.filter((e) => /panic|unreachable|RuntimeError/i.test(e));

async function refusedWith(page, file, name, paths) {
  await page.getByLabel('Choose a file to import').setInputFiles(file);
  const alert = page.getByRole('alert').filter({ hasText: `${name} was not imported` });
  await alert.waitFor();
  const items = await alert.getByRole('listitem').allInnerTexts();
  for (const p of paths) {
    assert.ok(items.some((t) => t.startsWith(p)), `${name}: no problem at ${p} in\n${items.join('\n')}`);
  }
  assert.equal(await page.getByRole('button', { name: 'Merge into my workspace' }).count(), 0);
}

test('hostile files are refused with their paths and change nothing; the Timeline still opens', async () => {
  const ctx = await browser.newContext({ acceptDownloads: true });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await settle(page);
  const before = await stored(page);
  await page.getByRole('link', { name: 'Import & export' }).click();
  await page.getByRole('heading', { level: 1, name: 'Import & export' }).waitFor();

  // Case 2: a card due +262142-12-31.
  await refusedWith(page, fixture('bad/end-of-calendar-date.json'), 'end-of-calendar-date.json',
    ['projects[0].cards[0].due: the date +262142-12-31 is outside the years 1900 to 2200']);
  // Case 3: a trashed column whose cards were never checked.
  await refusedWith(page, fixture('bad/trash-unchecked-cards.json'), 'trash-unchecked-cards.json', [
    "projects[0].trash[0].item.column.cards[0].rank: not a valid position key: '0'",
    'projects[0].trash[0].item.column.cards[1].title: is longer than 200 characters',
    "projects[0].trash[0].item.column.cards[2].id: not a valid id: ':lost'",
  ]);
  // Case 6: tombstones dated 9999.
  await refusedWith(page, fixture('bad/tombstones-dated-9999.json'), 'tombstones-dated-9999.json',
    ['tombstones[0].at: the time 9999-12-31']);
  // Case 5: a new project that reuses the ids of my columns and cards (made from my own export).
  const [dl] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export workspace' }).click()]);
  const mine = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
  const copied = mine.projects.find((p) => p.cards?.length);
  const file = { ...mine, scope: { kind: 'workspace' }, people: [], templates: [], runs: [], tombstones: [],
    projects: [{ ...copied, id: 'copiedbyhand00000001', name: 'Copied by hand', trash: [], removed: [], moves: [] }] };
  const clash = path.join(os.tmpdir(), `docket-clash-${Date.now()}.json`);
  fs.writeFileSync(clash, JSON.stringify(file));
  await refusedWith(page, clash, path.basename(clash), ['projects[0].cards[0].id: the id']);

  assert.deepEqual(await stored(page), before, 'nothing changed');
  await page.getByRole('link', { name: 'Projects', exact: true }).first().click();
  await page.getByRole('link', { name: 'Website relaunch' }).click();
  await page.getByRole('link', { name: 'Timeline', exact: true }).click();
  await page.getByRole('group', { name: /^Timeline of/ }).waitFor();
  assert.deepEqual(crashes(page), [], 'no panic');
  await ctx.close();
});

test('stored records that break an invariant open the recovery view; the rest loads, nothing is lost', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await settle(page);
  // A project written as plain JSON, as a hand edit or another program would: a card due at
  // the end of the calendar (the Timeline panicked on it), a label colour that is CSS.
  const pid = 'hostileproject000001';
  const t = '2026-03-02T09:00:00Z';
  const head = { id: pid, created: t, updated: t, name: 'Hostile', status: 'active',
    columns: [{ id: 'col0000000000000001', created: t, updated: t, name: 'To do', rank: 'V' }],
    labels: [{ id: 'l1', name: 'Evil', color: 'red;background:url(https://x.example/t)' }] };
  const card = { id: 'c0ard000000000000001', created: t, updated: t, column: 'col0000000000000001',
    rank: 'V', title: 'Due at the end of time', due: '+262142-12-31' };
  const bucket = `docket:pc:${pid}:c0`;
  await page.evaluate(([pid, head, bucket, card]) => {
    localStorage.setItem(`docket:p:${pid}`, JSON.stringify(head));
    localStorage.setItem(bucket, JSON.stringify([card]));
  }, [pid, head, bucket, card]);
  const before = await stored(page);
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: 'Some stored data is damaged' }).waitFor();
  const listed = page.getByRole('main').getByRole('listitem');
  assert.ok(await listed.filter({ hasText: `docket:p:${pid}` }).isVisible(), 'the head is named');
  assert.ok(await listed.filter({ hasText: bucket }).isVisible(), 'the bucket is named');
  assert.deepEqual(crashes(page), [], 'no panic');
  assert.deepEqual(await stored(page), before, 'nothing written');
  await page.getByRole('button', { name: 'Keep what is valid' }).click();
  await page.waitForLoadState('load');
  await ready(page);
  await page.getByRole('link', { name: 'Website relaunch' }).click();
  await page.getByRole('link', { name: 'Timeline', exact: true }).click();
  await page.getByRole('group', { name: /^Timeline of/ }).waitFor();
  assert.equal(await page.evaluate((b) => localStorage.getItem('docket:damaged:' + b), bucket),
    before[bucket], 'set aside, not deleted');
  assert.deepEqual(crashes(page), [], 'no panic');
  await ctx.close();
});
