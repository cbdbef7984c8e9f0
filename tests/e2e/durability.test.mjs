// Durability end to end in Chromium: an edit typed right before the tab closes is saved;
// two tabs of one browser see each other's edits and lose none; stored data of every older
// layout loads; a tab older than the stored layout stops writing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, newPage, ready, settle, until, STORED_PROJECT_HELPERS } from './harness.mjs';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/storage');

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function openProject(page, name) {
  await page.getByRole('link', { name, exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
}

async function createProject(page, name, cards) {
  await page.getByLabel('New project').fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
  for (const t of cards) {
    await page.getByRole('textbox', { name: 'New card in To do' }).fill(t);
    await page.getByRole('textbox', { name: 'New card in To do' }).press('Enter');
  }
  await settle(page);
}

function cardButton(page, title) {
  return page.getByRole('button', { name: title, exact: true });
}

/** Opens a card's dialog and types a new title (not saved yet). */
async function typeTitle(page, from, to) {
  await cardButton(page, from).click();
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await dialog.getByLabel('Title').fill(to);
  return dialog;
}

async function editTitle(page, from, to) {
  const dialog = await typeTitle(page, from, to);
  await dialog.getByRole('button', { name: 'Save card' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

test('an edit typed right before the page closes is there when it opens again', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await createProject(page, 'Flush test', ['Original title']);
  await typeTitle(page, 'Original title', 'Typed then closed');
  // Typed, not yet stored (so what follows proves the flush, not an earlier save).
  await page.evaluate(STORED_PROJECT_HELPERS);
  const storedTitles = () => page.evaluate(async () => (await Promise.all(Object.keys(localStorage)
    .filter((k) => /^docket:p:[^:]+$/.test(k))
    .map((k) => window.__readProject(k)))).flatMap((p) => p.cards.map((c) => c.title)));
  assert.deepEqual(await storedTitles(), ['Original title']);
  // No blur, no Save: the page goes away right after the keystrokes.
  const closed = new Promise((r) => page.once('close', r));
  await page.close({ runBeforeUnload: true });
  await closed;
  const again = await newPage(ctx);
  await again.goto(server.url);
  await ready(again);
  await openProject(again, 'Flush test');
  await assert.doesNotReject(cardButton(again, 'Typed then closed').waitFor({ timeout: 5000 }));
  assert.equal(await cardButton(again, 'Original title').count(), 0);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(again.errors, []);
  await ctx.close();
});

test('two tabs: each sees the other\'s edits, none is lost, the later edit of one card wins', async () => {
  const ctx = await browser.newContext();
  const a = await newPage(ctx);
  await a.goto(server.url);
  await ready(a);
  await createProject(a, 'Two tabs', ['Card one', 'Card two', 'Card three']);
  const b = await newPage(ctx);
  await b.goto(a.url());
  await ready(b);
  await b.getByRole('heading', { level: 1, name: /Two tabs/ }).waitFor();

  // Different cards, one after the other: each shows up in the other tab.
  let dialog = await typeTitle(a, 'Card one', 'One, edited in A');
  await dialog.getByRole('button', { name: 'Save card' }).click();
  await cardButton(b, 'One, edited in A').waitFor();
  await editTitle(b, 'Card two', 'Two, edited in B');
  await cardButton(a, 'Two, edited in B').waitFor();

  // Different cards saved at the same moment: both kept, in both tabs and in storage.
  const da = await typeTitle(a, 'Card three', 'Three, edited in A');
  const db = await typeTitle(b, 'Two, edited in B', 'Two, again in B');
  await Promise.all([
    da.getByRole('button', { name: 'Save card' }).click(),
    db.getByRole('button', { name: 'Save card' }).click(),
  ]);
  for (const p of [a, b]) {
    for (const t of ['One, edited in A', 'Two, again in B', 'Three, edited in A']) {
      await assert.doesNotReject(cardButton(p, t).waitFor({ timeout: 2000 }), t);
    }
  }

  // The same card: A edits it, then B (later) does: B's title wins in both tabs.
  dialog = await typeTitle(a, 'One, edited in A', 'One: A says');
  const dialogB = await typeTitle(b, 'One, edited in A', 'One: B says');
  await dialog.getByRole('button', { name: 'Save card' }).click();
  // B sees A's save (so B's is later), then saves its own.
  await cardButton(b, 'One: A says').waitFor();
  await dialogB.getByRole('button', { name: 'Save card' }).click();
  for (const p of [a, b]) {
    await assert.doesNotReject(cardButton(p, 'One: B says').waitFor({ timeout: 2000 }));
    assert.equal(await cardButton(p, 'One: A says').count(), 0);
  }

  // The same card saved at the same moment in both: both tabs settle on one title.
  const sa = await typeTitle(a, 'One: B says', 'Same moment A');
  const sb = await typeTitle(b, 'One: B says', 'Same moment B');
  await Promise.all([
    sa.getByRole('button', { name: 'Save card' }).click(),
    sb.getByRole('button', { name: 'Save card' }).click(),
  ]);
  const shown = async (p) => (await p.locator('.card-title').allInnerTexts()).filter((t) => t.startsWith('Same moment')).sort();
  // Wait until both tabs show one title, the same one.
  await until(async () => {
    const [x, y] = [await shown(a), await shown(b)];
    return x.length === 1 && JSON.stringify(x) === JSON.stringify(y);
  }, 'both tabs settle on one title');
  const [inA, inB] = [await shown(a), await shown(b)];
  assert.equal(inA.length, 1, JSON.stringify(inA));
  assert.deepEqual(inA, inB);

  // What is stored is what both show: a third tab opens on it.
  const c = await newPage(ctx);
  await c.goto(a.url());
  await ready(c);
  for (const t of [inA[0], 'Two, again in B', 'Three, edited in A']) {
    await assert.doesNotReject(cardButton(c, t).waitFor({ timeout: 5000 }), t);
  }
  // Settled: no merged write-backs bounce between the tabs.
  // A barrier instead of a sleep: each tab writes a marker key after anything it had to
  // write; once C has seen both markers, every Docket write they made before is seen too.
  await c.evaluate(() => {
    window.__seen = [];
    addEventListener('storage', (e) => window.__seen.push(e.key));
  });
  for (const p of [a, b]) await p.evaluate(() => localStorage.setItem('barrier:' + Math.random(), '1'));
  await c.waitForFunction(() => window.__seen.filter((k) => k.startsWith('barrier:')).length === 2);
  assert.deepEqual(await c.evaluate(() => window.__seen.filter((k) => k.startsWith('docket:'))), []);
  assert.deepEqual([...a.errors, ...b.errors, ...c.errors], []);
  await ctx.close();
});

for (const v of [1, 2, 3, 4, 5, 6]) {
  test(`stored data of layout ${v} loads and is upgraded`, async () => {
    const stored = JSON.parse(fs.readFileSync(path.join(fixtures, `v${v}.json`), 'utf8'));
    const ctx = await browser.newContext();
    await ctx.addInitScript((data) => {
      if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.clear();
        for (const [k, val] of Object.entries(data)) localStorage.setItem(k, val);
      }
    }, stored);
    const page = await newPage(ctx);
    await page.goto(server.url);
    await ready(page);
    for (const name of ['Website relaunch', 'Office move']) {
      await assert.doesNotReject(page.getByRole('link', { name, exact: true }).first().waitFor({ timeout: 5000 }), name);
    }
    await openProject(page, 'Website relaunch');
    assert.ok(await page.locator('li.card').count() >= 10);
    await page.getByRole('link', { name: 'Operations' }).click();
    await assert.doesNotReject(page.getByText('Daily opening checks').first().waitFor({ timeout: 5000 }));
    const keys = await page.evaluate(() => Object.keys(localStorage));
    assert.equal(await page.evaluate(() => localStorage.getItem('docket:schema')), '8');
    assert.ok(!keys.some((k) => k.startsWith('docket:r:')), JSON.stringify(keys));
    assert.ok(keys.some((k) => k.startsWith('docket:rm:')), JSON.stringify(keys));
    // Layout 4's card buckets: the first character of the card id and a digit 0-3.
    const cardKeys = keys.filter((k) => k.startsWith('docket:pc:'));
    assert.ok(cardKeys.length > 0 && cardKeys.every((k) => /^docket:pc:[^:]+:.[0-3]$/.test(k)), JSON.stringify(cardKeys));
    // Everything above has loaded: a note about an unreadable record would be on screen.
    assert.equal(await page.getByText('could not be read').count(), 0);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
}

test('a tab older than the stored layout stops writing and asks for a reload', async () => {
  const ctx = await browser.newContext();
  const a = await newPage(ctx);
  await a.goto(server.url);
  await ready(a);
  await createProject(a, 'Old tab', ['Kept card']);
  const b = await newPage(ctx);
  await b.goto(server.url);
  await ready(b);
  // A newer Docket in tab B upgrades the layout.
  await b.evaluate(() => localStorage.setItem('docket:schema', '99'));
  await assert.doesNotReject(a.getByRole('alert').filter({ hasText: /newer version of Docket.*Reload/ }).waitFor({ timeout: 2000 }));
  const before = await a.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  await a.getByRole('textbox', { name: 'New card in To do' }).fill('Not stored');
  await a.getByRole('textbox', { name: 'New card in To do' }).press('Enter');
  await settle(a);
  const afterEdit = await a.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  assert.equal(afterEdit, before);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await ctx.close();
});
