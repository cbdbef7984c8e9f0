// End to end: accessibility. axe-core on every main view (0 serious or critical violations;
// the rest are printed), the keyboard shortcuts and their help dialog, and a whole flow done
// with the keyboard only (create a project, add and move a card, run a checklist) with the
// focus visible at every step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, newPage, ready, settle, axe, cardsIn } from './harness.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-a11y-'));

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** The href of the first link in the main area whose href starts with `prefix`. */
async function firstHref(page, prefix) {
  const l = page.locator(`main a[href^="${prefix}"]`).first();
  await l.waitFor();
  return l.getAttribute('href');
}

/** One context with the sample data loaded (and a run started), shared by the axe tests. */
let shared;
async function sample() {
  if (shared) return shared;
  const ctx = await browser.newContext({ bypassCSP: true, acceptDownloads: true });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  const project = await firstHref(page, '#/projects/');
  await page.goto(`${server.url}#/operations`);
  await ready(page);
  const template = await firstHref(page, '#/operations/');
  await page.goto(server.url + template);
  await ready(page);
  await page.getByRole('button', { name: 'Start a run' }).click();
  await page.waitForURL(/#\/runs\/[0-9a-z]+$/);
  await ready(page);
  const run = new URL(page.url()).hash;
  shared = { ctx, page, project, template, run };
  return shared;
}
after(async () => { await shared?.ctx.close(); });

async function visit(page, hash) {
  await page.goto(server.url + hash);
  await ready(page);
  await settle(page);
}

test('axe: the project list', async () => {
  const { page } = await sample();
  await visit(page, '#/projects');
  await axe(page, 'project list');
});

test('axe: the board, and the card dialog', async () => {
  const { page, project } = await sample();
  await visit(page, project);
  await page.locator('.card-title').first().waitFor();
  await axe(page, 'board');
  await page.locator('.card-title').first().click();
  await page.getByRole('dialog', { name: 'Edit card' }).waitFor();
  await axe(page, 'card dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Edit card' }).waitFor({ state: 'hidden' });
});

for (const tab of ['charter', 'timeline', 'risks', 'progress', 'report', 'trash']) {
  test(`axe: the project's ${tab}`, async () => {
    const { page, project } = await sample();
    await visit(page, `${project}/${tab}`);
    await axe(page, tab);
  });
}

test('axe: settings, people, and the import preview', async () => {
  const { page } = await sample();
  await visit(page, '#/settings');
  await axe(page, 'settings');
  await visit(page, '#/people');
  await axe(page, 'people');
  await visit(page, '#/exchange');
  await axe(page, 'import & export');
  // Export the workspace, change something here, then import the file: its preview.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export workspace' }).click()]);
  const file = path.join(tmp, dl.suggestedFilename());
  await dl.saveAs(file);
  await visit(page, '#/projects');
  await page.getByLabel('New project').fill('Made after the export');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { level: 1, name: /Made after the export/ }).waitFor();
  await visit(page, '#/exchange');
  await page.getByLabel('Choose a file to import').setInputFiles(file);
  await page.getByRole('button', { name: /^Import/ }).first().waitFor();
  await axe(page, 'import preview');
});

test('axe: the import preview with a conflict (changed on both sides)', async () => {
  const { page, project } = await sample();
  await visit(page, '#/exchange');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export workspace' }).click()]);
  const file = path.join(tmp, `conflict-${dl.suggestedFilename()}`);
  await dl.saveAs(file);
  // Here: a card's title is edited. In the file: the same card, edited later, differently.
  await visit(page, project);
  const title = await page.locator('.card-title').first().innerText();
  await page.locator('.card-title').first().click();
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await dialog.getByLabel('Title').fill(`${title} (here)`);
  await dialog.getByRole('button', { name: 'Save card' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const card = doc.projects.flatMap((p) => p.cards).find((c) => c.title === title);
  card.title = `${title} (in the file)`;
  card.updated = new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  fs.writeFileSync(file, JSON.stringify(doc));
  await visit(page, '#/exchange');
  await page.getByLabel('Choose a file to import').setInputFiles(file);
  await page.getByRole('region', { name: 'Changed on both sides' }).getByRole('listitem')
    .filter({ hasText: `${title} (in the file)` }).waitFor();
  await axe(page, 'import preview with a conflict');
});

test('axe: the shortcuts dialog, the failed-write banner and the recovery view', async () => {
  const ctx = await browser.newContext({ bypassCSP: true, acceptDownloads: true });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await settle(page);
  await page.getByRole('link', { name: 'Operations' }).focus();
  await page.keyboard.press('?');
  const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await shortcuts.waitFor();
  // Its list is built when it opens: focus starts on Close, and goes back to the link after.
  await page.waitForFunction(() => document.activeElement?.textContent === 'Close');
  assert.equal(await shortcuts.getByRole('heading', { name: 'Anywhere' }).count(), 1);
  await axe(page, 'shortcuts dialog');
  await page.keyboard.press('Escape');
  await shortcuts.waitFor({ state: 'hidden' });
  assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /Operations/);

  // The store is full: the next change puts up the banner.
  const fillers = await page.evaluate(() => {
    let chunk = 'x'.repeat(256 * 1024);
    let i = 0;
    while (chunk.length >= 4) {
      try { localStorage.setItem('filler:' + i, chunk); i++; } catch { chunk = chunk.slice(chunk.length / 2); }
    }
    return i;
  });
  assert.ok(fillers > 0);
  await page.getByLabel('New project').fill('Made while full');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('alert').filter({ hasText: 'storage for Docket is full' }).getByRole('button', { name: 'Export everything' }).waitFor();
  await axe(page, 'failed-write banner');
  await page.evaluate(() => { for (const k of Object.keys(localStorage)) if (k.startsWith('filler:')) localStorage.removeItem(k); });

  // A damaged record: the recovery view.
  const key = await page.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith('docket:p:')));
  await page.evaluate((k) => localStorage.setItem(k, '{"broken'), key);
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: 'Some stored data is damaged' }).waitFor();
  await axe(page, 'recovery view');
  assert.deepEqual(page.errors.filter((e) => !/quota|QuotaExceeded/i.test(e)), []);
  await ctx.close();
});

test('axe: the checklists list, a template and its tabs', async () => {
  const { page, template } = await sample();
  await visit(page, '#/operations');
  await axe(page, 'checklists');
  await visit(page, template);
  await axe(page, 'template');
  for (const tab of ['runs', 'analytics', 'versions']) {
    await visit(page, `${template}/${tab}`);
    await axe(page, `template ${tab}`);
  }
});

test('axe: a run, Today and analytics', async () => {
  const { page, run } = await sample();
  await visit(page, run);
  await axe(page, 'run');
  await visit(page, '#/today');
  await axe(page, 'today');
  await visit(page, '#/analytics');
  await axe(page, 'analytics');
  assert.deepEqual(page.errors, []);
});

// --- Keyboard ----------------------------------------------------------------------------

/** What has focus: tag, name-ish text, and whether its focus ring shows. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'BODY', name: '', visible: false };
    const cs = getComputedStyle(el);
    const name = (el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || '').trim().replace(/\s+/g, ' ');
    return {
      tag: el.tagName, type: el.type || '', id: el.id, name,
      cls: el.className || '',
      focusVisible: el.matches(':focus-visible'),
      visible: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
      inDialog: !!el.closest('dialog[open]'),
      checked: el.checked,
    };
  });
}

/** Presses Tab (or Shift+Tab) until `pred(focused)` holds; fails after `max` presses. */
async function tabTo(page, pred, { back = false, max = 80, what = 'the target' } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (pred(f)) return f;
  }
  throw new Error(`Tab never reached ${what}; ended on ${JSON.stringify(await focused(page))}`);
}

/** The focus ring shows on the focused control (the :focus-visible outline). */
async function assertRing(page, where) {
  const f = await focused(page);
  assert.ok(f.focusVisible && f.visible, `${where}: focus visible on ${JSON.stringify(f)}`);
}

test('keyboard only: create a project, add a card, move it, undo and redo, then run a checklist', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  // The start page: load the sample data (for a checklist to run).
  await tabTo(page, (f) => f.name === 'Load sample data', { what: 'Load sample data' });
  await assertRing(page, 'Load sample data');
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Website relaunch' }).waitFor();

  // A new project.
  await page.keyboard.press('Shift+Tab'); // focus is somewhere on the page: find the field
  await tabTo(page, (f) => f.id === 'new-project', { what: 'the New project field' });
  await assertRing(page, 'New project field');
  await page.keyboard.type('Keyboard trip');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: /Keyboard trip/ }).waitFor();

  // `n` puts the cursor in the first column's "add card" field.
  await settle(page);
  await page.keyboard.press('n');
  await settle(page);
  let f = await focused(page);
  assert.equal(f.id.startsWith('new-card-'), true, JSON.stringify(f));
  assert.equal(await page.evaluate(() => document.activeElement.value), '', 'the n is not typed');
  await page.keyboard.type('Pack bags');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Pack bags', exact: true }).waitFor();
  assert.deepEqual(await cardsIn(page, 'To do'), ['Pack bags']);

  // Back to the card, and Alt+→ moves it to the next column; focus stays on it.
  await tabTo(page, (f) => f.name === 'Pack bags' && f.tag === 'BUTTON', { back: true, what: 'the card' });
  await assertRing(page, 'card');
  await page.keyboard.press('Alt+ArrowRight');
  await settle(page);
  assert.deepEqual(await cardsIn(page, 'To do'), []);
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Pack bags']);
  await page.getByRole('status').filter({ hasText: 'Moved “Pack bags” to In progress, position 1 of 1.' }).waitFor();
  await settle(page);
  f = await focused(page);
  assert.equal(f.name, 'Pack bags', 'focus follows the moved card');
  await assertRing(page, 'moved card');

  // Undo (Ctrl+Z), redo (Ctrl+Shift+Z), undo again and redo with Ctrl+Y.
  await page.keyboard.press('Control+z');
  assert.deepEqual(await cardsIn(page, 'To do'), ['Pack bags']);
  await page.keyboard.press('Control+Shift+z');
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Pack bags']);
  await page.keyboard.press('Control+z');
  assert.deepEqual(await cardsIn(page, 'To do'), ['Pack bags']);
  await page.keyboard.press('Control+y');
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Pack bags']);

  // `/` goes to the search field.
  await page.keyboard.press('/');
  await settle(page);
  f = await focused(page);
  assert.equal(f.id, 'filter-text');
  assert.equal(await page.evaluate(() => document.activeElement.value), '');
  // Typing there does not trigger shortcuts.
  await page.keyboard.type('n?g');
  assert.equal(await page.evaluate(() => document.activeElement.value), 'n?g');
  assert.equal(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible(), false);
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');

  // `]` and `[` step through the project's tabs.
  await tabTo(page, (f) => f.name === 'Pack bags' && f.tag === 'BUTTON', { what: 'the card again' });
  await page.keyboard.press(']');
  await page.waitForURL(/\/table$/);
  await page.keyboard.press(']');
  await page.waitForURL(/\/charter$/);
  await page.keyboard.press('[');
  await page.waitForURL(/\/table$/);
  await page.keyboard.press('[');
  await page.waitForURL(/#\/projects\/[0-9a-z]+$/);
  await page.getByRole('button', { name: 'Pack bags', exact: true }).waitFor();

  // `g o` goes to the checklists; Tab to one, Enter, then "Start a run".
  await settle(page);
  await page.keyboard.press('g');
  await page.keyboard.press('o');
  await page.waitForURL(/#\/operations$/);
  await ready(page);
  await settle(page);
  const templateLink = page.locator('main a[href^="#/operations/"]').first();
  const templateName = (await templateLink.innerText()).trim();
  await tabTo(page, (f) => f.tag === 'A' && f.name === templateName, { what: `the checklist ${templateName}` });
  await assertRing(page, 'checklist link');
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/operations\/[0-9a-z]+$/);
  await ready(page);
  await tabTo(page, (f) => f.name === 'Start a run', { what: 'Start a run' });
  await assertRing(page, 'Start a run');
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/runs\/[0-9a-z]+$/);
  await ready(page);
  // Tick the first tick-box item with Space.
  f = await tabTo(page, (f) => f.tag === 'INPUT' && f.type === 'checkbox', { what: 'a checklist item' });
  assert.equal(f.checked, false);
  await assertRing(page, 'checklist item');
  await page.keyboard.press('Space');
  await settle(page);
  f = await focused(page);
  assert.equal(f.checked, true, 'Space ticks the item');
  const runUrl = page.url();
  await page.reload();
  await ready(page);
  assert.equal(page.url(), runUrl);
  assert.equal(await page.locator('main input[type=checkbox]').first().isChecked(), true, 'the tick is saved');

  // `g t` Today, `g h` overview, `g w` workload, `g c` calendar, `g s` settings, `g p` projects.
  await page.keyboard.press('g');
  await page.keyboard.press('t');
  await page.waitForURL(/#\/today$/);
  for (const [key, route, heading] of [['h', 'portfolio', /Portfolio|Overview/], ['w', 'workload', /Workload/], ['c', 'calendar', /Calendar/]]) {
    await page.keyboard.press('g');
    await page.keyboard.press(key);
    await page.waitForURL(new RegExp(`#/${route}$`));
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await page.waitForURL(/#\/settings$/);
  await page.keyboard.press('g');
  await page.keyboard.press('p');
  await page.waitForURL(/#\/projects$/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the shortcuts dialog: ? or the header button opens it, focus stays inside, Escape closes and returns focus', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  const button = page.getByRole('button', { name: 'Keyboard shortcuts' });
  assert.equal(await button.getAttribute('aria-keyshortcuts'), '?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });

  // From the keyboard: focus a link, press ?, the dialog opens with focus inside.
  await tabTo(page, (f) => f.tag === 'A' && f.name === 'Operations', { what: 'the Operations link' });
  await page.keyboard.press('?');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  for (const text of ['New card', 'Search cards', 'Undo', 'Redo', 'Go to projects', 'Go to operations', 'Go to Today',
    'Go to settings', 'Previous tab', 'Next tab', 'Move the focused card to the previous or next column']) {
    assert.ok(await dialog.getByText(text, { exact: false }).first().isVisible(), text);
  }
  // Tab cycles within the dialog (the page behind is inert). The dialog has one control, and
  // a modal <dialog> lets Tab step past it to the browser's own UI (seen here as nothing
  // focused, BODY) and back: never onto anything of the page behind, and back in the dialog
  // at the next Tab.
  const seen = [];
  for (let i = 0; i < 6; i++) {
    seen.push(await focused(page));
    await page.keyboard.press('Tab');
  }
  assert.ok(seen[0].inDialog, `the dialog opens with focus inside: ${JSON.stringify(seen[0])}`);
  seen.forEach((f, i) => {
    assert.ok(f.inDialog || f.tag === 'BODY', `Tab ${i}: focus on the page behind the dialog: ${JSON.stringify(f)}`);
    if (f.tag === 'BODY') assert.ok(seen[i + 1]?.inDialog ?? true, `Tab ${i + 1}: focus comes back into the dialog: ${JSON.stringify(seen[i + 1])}`);
  });
  assert.ok(seen.filter((f) => f.inDialog).length >= 3, JSON.stringify(seen));
  // A shortcut key does nothing while it is open.
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  assert.doesNotMatch(page.url(), /settings/);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  let f = await focused(page);
  assert.equal(f.name, 'Operations', 'focus goes back where it was');

  // With the mouse: the header button, then Close.
  await button.click();
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
  f = await focused(page);
  assert.equal(f.name, 'Keyboard shortcuts');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
