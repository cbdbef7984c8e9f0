// End to end: no colleague's edit erases another's. Two colleagues change different fields
// of one card and exchange files; two tabs of one browser save different fields of one card,
// one of them from a dialog opened before the other's save. Every edit survives, stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, newPage, ready, until, tempDir } from './harness.mjs';

let server, browser, tmp;
before(async () => { server = await serve(); browser = await launch(); tmp = tempDir('perfield'); });
after(async () => { await browser?.close(); server?.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

/** Opens a person's row for editing; the row's Name field takes focus (a frame later), so
 * typing waits for it. */
async function editPerson(page, name) {
  await page.getByRole('button', { name: `Edit ${name}` }).click();
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Name');
}

async function download(page, button) {
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const file = path.join(tmp, `${Date.now()}-${dl.suggestedFilename()}`);
  await dl.saveAs(file);
  return file;
}

async function exportWorkspace(page) {
  await page.getByRole('link', { name: 'Import & export' }).click();
  return download(page, page.getByRole('button', { name: 'Export workspace' }));
}

/** Imports `file` on the Import & export page and merges it; ends on the project's board. */
async function mergeFile(page, file) {
  await page.getByRole('link', { name: 'Import & export' }).click();
  await page.getByLabel('Choose a file to import').setInputFiles(file);
  await page.getByRole('button', { name: 'Merge into my workspace' }).click();
  await page.getByRole('link', { name: 'Open Shared plan' }).click();
  await page.getByRole('heading', { level: 1, name: /Shared plan/ }).waitFor();
}

async function openCard(page, title) {
  await page.getByRole('button', { name: title, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await dialog.waitFor();
  return dialog;
}

async function save(dialog) {
  await dialog.getByRole('button', { name: 'Save card' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** The card as the board shows it after a reload (title) and its dialog (priority, due). */
async function cardAfterReload(page, title) {
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: /Shared plan/ }).waitFor();
  const dialog = await openCard(page, title);
  const out = {
    priority: await dialog.getByLabel('Priority').inputValue(),
    due: await dialog.getByLabel('Due date').inputValue(),
  };
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  return out;
}

async function sharedPlan(page) {
  await page.getByLabel('New project').fill('Shared plan');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { level: 1, name: /Shared plan/ }).waitFor();
  await page.getByRole('textbox', { name: 'New card in To do' }).fill('Card X');
  await page.getByRole('textbox', { name: 'New card in To do' }).press('Enter');
  await page.getByRole('button', { name: 'Card X', exact: true }).waitFor();
}

test("a colleague's new title wins and my priority on the same card survives", async () => {
  const a = await newPage(await browser.newContext({ acceptDownloads: true }));
  await a.goto(server.url);
  await ready(a);
  await sharedPlan(a);
  const shared = await exportWorkspace(a);
  await a.goBack();

  const b = await newPage(await browser.newContext({ acceptDownloads: true }));
  await b.goto(server.url);
  await ready(b);
  await mergeFile(b, shared);

  // A sets the title and the priority; later B changes only the title.
  await a.getByRole('heading', { level: 1, name: /Shared plan/ }).waitFor();
  let d = await openCard(a, 'Card X');
  await d.getByLabel('Title').fill("A's title");
  await d.getByLabel('Priority').selectOption('urgent');
  await save(d);
  const aAt = await a.evaluate(() => Date.now());
  await b.waitForFunction((t) => Date.now() > t, aAt);
  d = await openCard(b, 'Card X');
  await d.getByLabel('Title').fill("B's title");
  await save(d);
  const fromB = await exportWorkspace(b);
  const file = JSON.parse(fs.readFileSync(fromB, 'utf8'));
  assert.equal(file.version, 4);
  assert.ok(file.projects[0].cards[0].stamps.title, 'the title carries its stamp');

  // A imports B's file: B's title, A's priority.
  await mergeFile(a, fromB);
  await a.getByRole('button', { name: "B's title", exact: true }).waitFor();
  assert.deepEqual(await cardAfterReload(a, "B's title"), { priority: 'urgent', due: '' });

  // And B imports A's: the same card on both sides.
  const fromA = await exportWorkspace(a);
  await mergeFile(b, fromA);
  await b.getByRole('button', { name: "B's title", exact: true }).waitFor();
  assert.deepEqual(await cardAfterReload(b, "B's title"), { priority: 'urgent', due: '' });
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context().close();
  await b.context().close();
});

test('two tabs: a dialog opened before another tab saved keeps that tab\'s title; simultaneous saves keep both fields', async () => {
  const ctx = await browser.newContext();
  const one = await newPage(ctx);
  await one.goto(server.url);
  await ready(one);
  await sharedPlan(one);
  const url = one.url();
  const two = await newPage(ctx);
  await two.goto(url);
  await ready(two);
  await two.getByRole('button', { name: 'Card X', exact: true }).waitFor();

  // Tab one opens the card; meanwhile tab two renames it.
  const stale = await openCard(one, 'Card X');
  let d = await openCard(two, 'Card X');
  await d.getByLabel('Title').fill('Renamed in tab two');
  await save(d);
  // Tab one's board has the new title behind its dialog (another tab's write is taken in).
  await one.getByRole('button', { name: 'Renamed in tab two', exact: true }).waitFor({ state: 'attached' });
  // Tab one, from its dialog opened before, changes only the priority.
  await stale.getByLabel('Priority').selectOption('high');
  await save(stale);
  for (const page of [one, two]) {
    await page.getByRole('button', { name: 'Renamed in tab two', exact: true }).waitFor();
  }
  assert.deepEqual(await cardAfterReload(one, 'Renamed in tab two'), { priority: 'high', due: '' });

  // Both tabs open the card and save different fields at once.
  await two.reload();
  await ready(two);
  const p1 = await openCard(one, 'Renamed in tab two');
  const p2 = await openCard(two, 'Renamed in tab two');
  await p1.getByLabel('Priority').selectOption('low');
  await p2.getByLabel('Due date').fill('2026-05-04');
  await Promise.all([save(p1), save(p2)]);
  // Each tab takes in the other's write: both fields, in both tabs, and stored.
  for (const page of [one, two]) {
    await until(async () => {
      const d = await openCard(page, 'Renamed in tab two');
      const v = [await d.getByLabel('Priority').inputValue(), await d.getByLabel('Due date').inputValue()];
      await d.getByRole('button', { name: 'Cancel' }).click();
      await d.waitFor({ state: 'hidden' });
      return v[0] === 'low' && v[1] === '2026-05-04';
    }, 'both fields in each tab');
  }
  assert.deepEqual(await cardAfterReload(two, 'Renamed in tab two'), { priority: 'low', due: '2026-05-04' });
  assert.deepEqual(one.errors, []);
  assert.deepEqual(two.errors, []);
  await ctx.close();
});

test('two tabs: two people tick different items of one run within a second; both ticks stay', async () => {
  const ctx = await browser.newContext();
  const one = await newPage(ctx);
  await one.goto(`${server.url}#/operations`);
  await ready(one);
  await one.getByLabel('New checklist').fill('Closing checks');
  await one.getByRole('button', { name: 'Create checklist' }).click();
  await one.getByRole('heading', { level: 1, name: /Closing checks/ }).waitFor();
  for (const t of ['Lights off', 'Back door locked', 'Alarm set']) {
    await one.getByLabel('New item').fill(t);
    await one.getByRole('button', { name: 'Add item' }).click();
    await one.getByText(t, { exact: true }).waitFor();
  }
  await one.getByRole('button', { name: 'Start a run' }).click();
  await one.waitForURL(/#\/runs\/[0-9a-z]{20}$/);
  const two = await newPage(ctx);
  await two.goto(one.url());
  await ready(two);
  await two.getByRole('checkbox', { name: 'Alarm set' }).waitFor();

  // Each tab ticks its item at the same moment, before either has seen the other's write.
  await Promise.all([
    one.getByRole('checkbox', { name: 'Lights off' }).check(),
    two.getByRole('checkbox', { name: 'Alarm set' }).check(),
  ]);
  // Both tabs come to show both ticks, and both are stored.
  for (const page of [one, two]) {
    await until(async () => (await page.getByRole('checkbox', { name: 'Lights off' }).isChecked())
      && (await page.getByRole('checkbox', { name: 'Alarm set' }).isChecked()), 'both ticks in each tab');
  }
  await one.reload();
  await ready(one);
  await one.getByRole('checkbox', { name: 'Alarm set' }).waitFor();
  assert.deepEqual(await Promise.all(['Lights off', 'Back door locked', 'Alarm set']
    .map((t) => one.getByRole('checkbox', { name: t }).isChecked())), [true, false, true]);
  assert.deepEqual(one.errors, []);
  assert.deepEqual(two.errors, []);
  await ctx.close();
});

/** Two tabs of one context with the sample data; `one` shows `hash` of the first project (or `#/…` as given). */
async function twoTabsWithSample(path) {
  const ctx = await browser.newContext();
  const one = await newPage(ctx);
  await one.goto(server.url);
  await ready(one);
  await one.getByRole('button', { name: 'Load sample data' }).click();
  const href = await one.locator('main a[href^="#/projects/"]').first().getAttribute('href');
  const url = server.url + (path.startsWith('#') ? path : `${href}/${path}`);
  const two = await newPage(ctx);
  for (const page of [one, two]) {
    await page.goto(url);
    await page.reload();
    await ready(page);
  }
  return { ctx, one, two };
}

test('two tabs: the risk and charter forms keep what is typed when another tab saves, and save only what changed', async () => {
  const { ctx, one, two } = await twoTabsWithSample('risks');
  const form = (page) => page.locator('form.risk-form').filter({ has: page.getByRole('button', { name: 'Save risk' }) });
  const firstEdit = one.getByRole('button', { name: /^Edit risk / }).first();
  const name = (await firstEdit.getAttribute('aria-label')).replace(/^Edit risk /, '');
  // Tab one starts typing a mitigation; tab two then saves a new status for the same risk.
  await firstEdit.click();
  await form(one).getByLabel('Mitigation').fill('Book a second supplier');
  await two.getByRole('button', { name: `Edit risk ${name}` }).click();
  await form(two).getByLabel('Status').selectOption('mitigated');
  await form(two).getByRole('button', { name: 'Save risk' }).click();
  await form(two).waitFor({ state: 'detached' });
  // Tab one has taken in the write (its register shows it) and still holds what was typed.
  await one.locator('.risk-row .badge', { hasText: 'Mitigated' }).first().waitFor();
  assert.equal(await form(one).getByLabel('Mitigation').inputValue(), 'Book a second supplier');
  await form(one).getByRole('button', { name: 'Save risk' }).click();
  await one.getByRole('status').filter({ hasText: 'Risk saved.' }).waitFor();
  for (const page of [one, two]) {
    const row = page.locator('.risk-row', { hasText: name });
    await until(async () => /Book a second supplier/.test(await row.innerText()) && /Mitigated/.test(await row.innerText()),
      'both edits on the risk in each tab');
  }

  // The charter: tab one types an objective; tab two saves a status; both stand.
  for (const page of [one, two]) {
    await page.getByRole('navigation', { name: 'Project views' }).getByRole('link', { name: 'Charter', exact: true }).click();
  }
  const charter = (page) => page.getByRole('form', { name: 'Edit the charter' });
  await charter(one).getByLabel('Objective').fill('Open on time, on budget');
  await charter(one).getByLabel('In scope').fill('Mine');
  await charter(two).getByLabel('Status').selectOption({ label: 'On hold' });
  await charter(two).getByLabel('In scope').fill('Theirs');
  await charter(two).getByRole('button', { name: 'Save charter' }).click();
  await two.getByRole('status').filter({ hasText: 'Charter saved.' }).waitFor();
  await one.getByRole('region', { name: 'Charter at a glance' }).getByText('On hold').waitFor();
  assert.equal(await charter(one).getByLabel('Objective').inputValue(), 'Open on time, on budget');
  await charter(one).getByRole('button', { name: 'Save charter' }).click();
  // Both changed "In scope": tab one's value is saved, and it is told both values.
  await one.getByText('Charter saved. While you were editing it, it was also changed elsewhere (another tab or an import): '
    + 'In scope was “Theirs” there; yours, “Mine”, was saved.').waitFor();
  await one.reload();
  await ready(one);
  assert.equal(await charter(one).getByLabel('Objective').inputValue(), 'Open on time, on budget');
  assert.equal(await charter(one).getByLabel('In scope').inputValue(), 'Mine');
  assert.equal(await charter(one).getByLabel('Status').inputValue(), 'on_hold');
  assert.deepEqual(one.errors, []);
  assert.deepEqual(two.errors, []);
  await ctx.close();
});

test('two tabs: a person\'s row, a checklist\'s details and an item\'s form save only what changed', async () => {
  const { ctx, one, two } = await twoTabsWithSample('#/people');
  // People: tab one edits Ana's capacity while tab two saves her role.
  await editPerson(one, 'Ana Lima');
  await one.locator('.people-table').getByLabel('Capacity, hours a week', { exact: true }).fill('24');
  await editPerson(two, 'Ana Lima');
  await two.locator('.people-table').getByLabel('Role', { exact: true }).fill('Lead designer');
  await two.getByRole('button', { name: 'Save', exact: true }).click();
  // Tab one takes the write in (another person's row shows it) and keeps what is typed.
  await editPerson(two, 'Ben Okafor');
  await two.locator('.people-table').getByLabel('Role', { exact: true }).fill('Backend developer');
  await two.getByRole('button', { name: 'Save', exact: true }).click();
  await one.getByRole('cell', { name: 'Backend developer' }).waitFor();
  assert.equal(await one.locator('.people-table').getByLabel('Capacity, hours a week', { exact: true }).inputValue(), '24');
  await one.getByRole('button', { name: 'Save', exact: true }).click();
  await one.getByRole('status').filter({ hasText: 'Ana Lima saved.' }).waitFor();
  for (const page of [one, two]) {
    const row = page.locator('.people-table tr', { hasText: 'Ana Lima' });
    await until(async () => /Lead designer/.test(await row.innerText()) && /24 h a week/.test(await row.innerText()),
      'role and capacity in each tab');
  }

  // A checklist's details: tab one types an area, tab two saves a description.
  for (const page of [one, two]) {
    await page.goto(server.url + '#/operations');
    await page.getByRole('link', { name: 'Daily opening checks', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: /Daily opening checks/ }).waitFor();
  }
  await one.getByLabel('Area', { exact: true }).fill('Front of house');
  await two.getByLabel('Description', { exact: true }).fill('Before the doors open');
  await two.getByRole('button', { name: 'Save details' }).click();
  await two.getByRole('status').filter({ hasText: 'Details saved.' }).waitFor();
  // Tab two then adds an item: once tab one shows it, it has taken in both writes, and it
  // still holds what was typed.
  await two.getByLabel('New item').first().fill('Till float counted');
  await two.getByRole('button', { name: 'Add item' }).first().click();
  await one.getByText('Till float counted', { exact: true }).waitFor();
  assert.equal(await one.getByLabel('Area', { exact: true }).inputValue(), 'Front of house');
  await one.getByRole('button', { name: 'Save details' }).click();
  await one.getByRole('status').filter({ hasText: 'Details saved.' }).waitFor();

  // An item: tab one types guidance while tab two renames the item.
  await one.getByRole('button', { name: 'Edit item Till float counted' }).click();
  await one.getByRole('form', { name: 'Edit item Till float counted' }).getByLabel('Guidance').fill('Count it twice');
  await two.getByRole('button', { name: 'Edit item Till float counted' }).click();
  const theirs = two.getByRole('form', { name: 'Edit item Till float counted' });
  await theirs.getByLabel('Item text').fill('Till float counted and signed');
  await theirs.getByRole('button', { name: 'Save item' }).click();
  await one.getByRole('button', { name: 'Edit item Till float counted and signed' }).waitFor();
  const mine = one.getByRole('form', { name: 'Edit item Till float counted' });
  assert.equal(await mine.getByLabel('Guidance').inputValue(), 'Count it twice');
  await mine.getByRole('button', { name: 'Save item' }).click();
  await mine.waitFor({ state: 'detached' });

  await one.reload();
  await ready(one);
  await until(async () => (await one.getByLabel('Description', { exact: true }).inputValue()) === 'Before the doors open',
    'their description stands');
  assert.equal(await one.getByLabel('Area', { exact: true }).inputValue(), 'Front of house');
  await one.getByRole('button', { name: 'Edit item Till float counted and signed' }).click();
  assert.equal(await one.getByRole('form', { name: 'Edit item Till float counted and signed' }).getByLabel('Guidance').inputValue(),
    'Count it twice');
  assert.deepEqual(one.errors, []);
  assert.deepEqual(two.errors, []);
  await ctx.close();
});
