// End to end: the import preview field by field, through real files. A sets a card's title and
// its priority; B (an earlier copy) changes only the title; A's preview of B's file lists
// exactly those fields, with both titles and the winner; merging keeps A's priority and takes
// B's title, or, with "Keep mine", A's title, which then also wins at B. And three colleagues
// passing files around a ring, in two orders, end with the same workspace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  serve, launch, newPage, ready, tempDir, axe, exportWorkspace, previewFile, mergePreviewed,
  fileData, openExchange, downloadFile,
} from './harness.mjs';

let server, browser, tmp;
before(async () => { server = await serve(); browser = await launch(); tmp = tempDir('preview'); });
after(async () => { await browser?.close(); server?.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

async function colleague() {
  // (bypassCSP: for axe's script; the app's own CSP is tested in pwa.test.mjs.)
  const page = await newPage(await browser.newContext({ acceptDownloads: true, bypassCSP: true }));
  await page.goto(server.url);
  await ready(page);
  return page;
}

async function openProject(page, name) {
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('link', { name, exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
}

async function newProject(page, name, cards) {
  await page.getByLabel('New project').fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
  for (const t of cards) {
    await page.getByRole('textbox', { name: 'New card in To do' }).fill(t);
    await page.getByRole('textbox', { name: 'New card in To do' }).press('Enter');
    await page.getByRole('button', { name: t, exact: true }).waitFor();
  }
}

/** Opens the card titled `title` and sets the given fields (title, priority, due). */
async function editCard(page, title, fields) {
  await page.getByRole('button', { name: title, exact: true }).click();
  const d = page.getByRole('dialog', { name: 'Edit card' });
  await d.waitFor();
  if (fields.title !== undefined) await d.getByLabel('Title').fill(fields.title);
  if (fields.priority !== undefined) await d.getByLabel('Priority').selectOption(fields.priority);
  if (fields.due !== undefined) await d.getByLabel('Due date').fill(fields.due);
  await d.getByRole('button', { name: 'Save card' }).click();
  await d.waitFor({ state: 'hidden' });
}

/** The card's title, priority and due date as stored (after a reload), from its dialog. */
async function storedCard(page, project, title) {
  await openProject(page, project);
  await page.getByRole('button', { name: title, exact: true }).click();
  const d = page.getByRole('dialog', { name: 'Edit card' });
  await d.waitFor();
  const out = {
    title: await d.getByLabel('Title').inputValue(),
    priority: await d.getByLabel('Priority').inputValue(),
    due: await d.getByLabel('Due date').inputValue(),
  };
  await d.getByRole('button', { name: 'Cancel' }).click();
  await d.waitFor({ state: 'hidden' });
  return out;
}

/** Waits until this page's clock has passed `other`'s, so its next edit is the later one. */
async function after_(page, other) {
  const t = await other.evaluate(() => Date.now());
  await page.waitForFunction((x) => Date.now() > x, t);
}

function region(page, name) {
  return page.getByRole('region', { name: new RegExp(`^${name} \\(\\d+\\)$`) });
}

/** What the preview says of each entity changed on both sides. */
async function bothSides(page) {
  const items = region(page, 'Changed on both sides').locator('.pv-list > li');
  const out = [];
  for (const li of await items.all()) {
    const text = (sel) => li.locator(sel).allInnerTexts();
    const choices = [];
    for (const g of await li.getByRole('group').all()) {
      const radios = [];
      for (const r of await g.getByRole('radio').all()) {
        radios.push([(await r.locator('xpath=..').innerText()).trim(), await r.isChecked()]);
      }
      choices.push([(await g.locator('legend').innerText()).trim(), radios]);
    }
    out.push({
      name: (await li.locator('.pv-name').innerText()).trim(),
      here: await text('.pv-here'),
      file: await text('.pv-file'),
      choices,
    });
  }
  return out;
}

test("the preview lists the fields each side changed; B's title wins, A's priority stays; or A keeps its title", async () => {
  const a = await colleague();
  await newProject(a, 'Shared plan', ['Card X']);
  const shared = await exportWorkspace(a, tmp);
  const b = await colleague();
  await previewFile(b, shared);
  await mergePreviewed(b);

  // A sets the title and the priority; later B changes only the title.
  await openProject(a, 'Shared plan');
  await editCard(a, 'Card X', { title: "A's title", priority: 'urgent' });
  await openProject(b, 'Shared plan');
  await after_(b, a);
  await editCard(b, 'Card X', { title: "B's title" });
  const fromB = await exportWorkspace(b, tmp);
  const aBefore = await exportWorkspace(a, tmp);

  // A's preview of B's file: exactly those fields.
  await previewFile(a, fromB);
  const expected = [{
    name: "Card “B's title” in Shared plan",
    here: ['Changed here: Priority (Urgent)'],
    file: [],
    choices: [['Title: changed on both sides', [
      ["Keep mine: A's title", false],
      ["Take theirs: B's title (newer)", true],
    ]]],
  }];
  assert.deepEqual(await bothSides(a), expected);
  await region(a, 'Will be updated').getByText('None.').waitFor();
  await axe(a, 'import preview with fields changed on both sides');

  // Merged as proposed: B's title, A's priority, stored.
  await mergePreviewed(a);
  assert.deepEqual(await storedCard(a, 'Shared plan', "B's title"), { title: "B's title", priority: 'urgent', due: '' });

  // The same again (A as it was, in a new browser from its own file), keeping A's title.
  const a2 = await colleague();
  await previewFile(a2, aBefore);
  await mergePreviewed(a2);
  await previewFile(a2, fromB);
  assert.deepEqual(await bothSides(a2), expected);
  await a2.getByRole('radio', { name: "Keep mine: A's title" }).check();
  assert.equal(await a2.getByRole('radio', { name: "Take theirs: B's title (newer)" }).isChecked(), false);
  await mergePreviewed(a2);
  await a2.locator('.import-done').filter({ hasText: '1 value kept as you chose.' }).waitFor();
  assert.deepEqual(await storedCard(a2, 'Shared plan', "A's title"), { title: "A's title", priority: 'urgent', due: '' });

  // Kept as a new edit: merging B's file again changes nothing, and at B, A's title wins.
  await previewFile(a2, fromB);
  await a2.locator('.pv-noop').waitFor();
  const fromA = await exportWorkspace(a2, tmp);
  await previewFile(b, fromA);
  // (Without a common ancestor, B's preview cannot know A had seen B's title: it lists the
  // title as changed on both sides, A's kept title the newer.)
  assert.deepEqual(await bothSides(b), [{
    name: "Card “A's title” in Shared plan",
    here: [],
    file: ['Changed in the file: Priority (Urgent)'],
    choices: [['Title: changed on both sides', [
      ["Keep mine: B's title", false],
      ["Take theirs: A's title (newer)", true],
    ]]],
  }]);
  await mergePreviewed(b);
  assert.deepEqual(await storedCard(b, 'Shared plan', "A's title"), { title: "A's title", priority: 'urgent', due: '' });
  assert.deepEqual(fileData(await exportWorkspace(b, tmp)).projects, fileData(fromA).projects);

  for (const p of [a, a2, b]) {
    assert.deepEqual(p.errors, []);
    await p.context().close();
  }
});

test('three colleagues pass files around a ring, in two orders: all end with the same workspace', async () => {
  const a = await colleague();
  await newProject(a, 'Ring plan', ['One', 'Two', 'Three']);
  const start = await exportWorkspace(a, tmp);
  const b = await colleague();
  const c = await colleague();
  for (const p of [b, c]) {
    await previewFile(p, start);
    await mergePreviewed(p);
  }
  // Different and same fields: A and C both retitle One (C later); B sets One's due date.
  await openProject(a, 'Ring plan');
  await editCard(a, 'One', { title: 'One by A' });
  await editCard(a, 'Two', { priority: 'high' });
  await openProject(b, 'Ring plan');
  await editCard(b, 'Two', { title: 'Two by B' });
  await editCard(b, 'One', { due: '2026-05-04' });
  await openProject(c, 'Ring plan');
  await after_(c, a);
  await editCard(c, 'Three', { title: 'Three by C' });
  await editCard(c, 'One', { title: 'One by C' });
  const own = { a: await exportWorkspace(a, tmp), b: await exportWorkspace(b, tmp), c: await exportWorkspace(c, tmp) };

  // The same three colleagues again, in new browsers, from their own files.
  const copies = {};
  for (const k of ['a', 'b', 'c']) {
    copies[k] = await colleague();
    await previewFile(copies[k], own[k]);
    await mergePreviewed(copies[k]);
  }

  /** Each passes its file to the next, around the ring and once more. */
  async function ring(order) {
    for (let i = 1; i <= order.length; i++) {
      const [from, to] = [order[i - 1], order[i % order.length]];
      const file = await exportWorkspace(from, tmp);
      await previewFile(to, file);
      await mergePreviewed(to);
    }
    const last = await exportWorkspace(order[0], tmp);
    await previewFile(order[1], last);
    await mergePreviewed(order[1]);
  }
  await ring([a, b, c]); // A → B → C → A → B
  await ring([copies.a, copies.c, copies.b]); // A → C → B → A → C

  const files = [];
  for (const p of [a, b, c, copies.a, copies.b, copies.c]) files.push(fileData(await exportWorkspace(p, tmp)));
  for (const f of files.slice(1)) assert.deepEqual(f, files[0]);
  const cards = Object.fromEntries(files[0].projects[0].cards.map((x) => [x.title, [x.priority || 'none', x.due || '']]));
  assert.deepEqual(cards, { 'One by C': ['none', '2026-05-04'], 'Two by B': ['high', ''], 'Three by C': ['none', ''] });
  for (const p of [a, b, c, copies.a, copies.b, copies.c]) {
    assert.deepEqual(p.errors, []);
    await p.context().close();
  }
});

test('an export for an older copy of Docket is format version 1, without stamps, and imports again', async () => {
  const a = await colleague();
  await newProject(a, 'Old plan', ['Card X']);
  await openProject(a, 'Old plan');
  await editCard(a, 'Card X', { title: 'Card Y', priority: 'high' });
  await openExchange(a);
  await a.getByRole('checkbox', { name: 'For an older copy of Docket' }).check();
  const file = await downloadFile(a, a.getByRole('button', { name: 'Export workspace' }), tmp);
  const text = fs.readFileSync(file, 'utf8');
  const doc = JSON.parse(text);
  assert.equal(doc.version, 1);
  assert.equal(text.includes('"stamps"'), false);
  assert.deepEqual(doc.projects[0].cards.map((c) => [c.title, c.priority]), [['Card Y', 'high']]);
  const b = await colleague();
  await previewFile(b, file);
  await mergePreviewed(b);
  assert.deepEqual(await storedCard(b, 'Old plan', 'Card Y'), { title: 'Card Y', priority: 'high', due: '' });
  for (const p of [a, b]) {
    assert.deepEqual(p.errors, []);
    await p.context().close();
  }
});
