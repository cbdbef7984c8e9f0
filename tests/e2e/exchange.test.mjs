// End to end: files in and out. Export and re-import, merging two diverged copies (with the
// preview and undo), a Trello board, refused files (bad values, too big), a hostile file,
// and a file dropped on the window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, newPage, ready, settle } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (p) => path.join(here, '../fixtures', p);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-exchange-'));

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

/** Every column of the open board with its card titles, left to right. */
async function board(page) {
  await settle(page);
  const names = await page.locator('.board > .column .column-title .inline-edit-text').allInnerTexts();
  const out = [];
  for (const n of names) {
    const cards = await page.getByRole('list', { name: `Cards in ${n}`, exact: true }).locator('li.card .card-title').allInnerTexts();
    out.push([n, cards]);
  }
  return out;
}

/** Clicks a button that downloads a file and saves the file under `tmp`. */
async function download(page, button) {
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const file = path.join(tmp, `${Date.now()}-${dl.suggestedFilename()}`);
  await dl.saveAs(file);
  return { file, name: dl.suggestedFilename() };
}

async function openExchange(page) {
  await page.getByRole('link', { name: 'Import & export' }).click();
  await page.getByRole('heading', { level: 1, name: 'Import & export' }).waitFor();
}

async function pick(page, file) {
  await page.getByLabel('Choose a file to import').setInputFiles(file);
}

function region(page, name) {
  return page.getByRole('region', { name: new RegExp(`^${name} \\(\\d+\\)$`) });
}

async function editTitle(page, from, to) {
  await page.getByRole('button', { name: from, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await dialog.getByLabel('Title').fill(to);
  await dialog.getByRole('button', { name: 'Save card' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

test('a project exported, storage cleared, imported again: the same board', async () => {
  const ctx = await browser.newContext({ acceptDownloads: true });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.getByRole('link', { name: 'Website relaunch' }).click();
  await page.getByRole('heading', { level: 1, name: /Website relaunch/ }).waitFor();
  const before = await board(page);
  assert.ok(before.length >= 3 && before.some(([, cards]) => cards.length > 0), JSON.stringify(before));

  const { file, name } = await download(page, page.getByRole('button', { name: 'Export project' }));
  assert.match(name, /^docket-website-relaunch-\d{4}-\d{2}-\d{2}\.json$/);
  const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(saved.format, 'docket');
  assert.equal(saved.version, 4);
  assert.equal(saved.scope.kind, 'project');
  assert.equal(saved.projects.length, 1);
  await page.getByRole('status').filter({ hasText: `Exported project Website relaunch as ${name}.` }).waitFor();

  await page.evaluate(() => localStorage.clear());
  await page.goto(server.url);
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { name: 'Welcome to Docket' }).waitFor();

  await openExchange(page);
  await pick(page, file);
  await page.getByRole('heading', { name: `Preview of ${path.basename(file)}` }).waitFor();
  await region(page, 'New').getByText('Project “Website relaunch”').waitFor();
  assert.equal(await region(page, 'Will be deleted').getByText('None.').count(), 1);
  await page.getByRole('button', { name: 'Merge into my workspace' }).click();
  await page.locator('.import-done').getByText(/^Merged .* into your workspace: \d+ new/).waitFor();
  await page.getByRole('link', { name: 'Open Website relaunch' }).click();
  await page.getByRole('heading', { level: 1, name: /Website relaunch/ }).waitFor();
  assert.deepEqual(await board(page), before);

  // Stored: still there after a reload.
  await page.reload();
  await ready(page);
  assert.deepEqual(await board(page), before);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('two diverged copies merge: preview, the newer side wins, undo of the import', async () => {
  const a = await newPage(await browser.newContext({ acceptDownloads: true }));
  await a.goto(server.url);
  await ready(a);
  await a.getByLabel('New project').fill('Shared plan');
  await a.getByRole('button', { name: 'Create project' }).click();
  await a.getByRole('heading', { level: 1, name: /Shared plan/ }).waitFor();
  for (const t of ['Card X', 'Card Y', 'Card Z']) {
    await a.getByRole('textbox', { name: 'New card in To do' }).fill(t);
    await a.getByRole('textbox', { name: 'New card in To do' }).press('Enter');
  }
  await openExchange(a);
  const shared = await download(a, a.getByRole('button', { name: 'Export workspace' }));
  assert.match(shared.name, /^docket-workspace-\d{4}-\d{2}-\d{2}\.json$/);

  // A edits X.
  await a.goBack();
  await a.getByRole('heading', { level: 1, name: /Shared plan/ }).waitFor();
  await editTitle(a, 'Card X', 'Ours');
  const oursAt = await a.evaluate(() => Date.now());

  // B starts from the same file, then edits X (later) and Y.
  const b = await newPage(await browser.newContext({ acceptDownloads: true }));
  await b.goto(server.url + '#/exchange');
  await ready(b);
  await pick(b, shared.file);
  await b.getByRole('button', { name: 'Merge into my workspace' }).click();
  await b.getByRole('link', { name: 'Open Shared plan' }).click();
  await b.getByRole('heading', { level: 1, name: /Shared plan/ }).waitFor();
  // B's edit comes later than A's: wait until B's clock has passed A's edit.
  await b.waitForFunction((t) => Date.now() > t, oursAt);
  await editTitle(b, 'Card X', 'Theirs');
  await editTitle(b, 'Card Y', 'Y from B');
  await openExchange(b);
  const theirs = await download(b, b.getByRole('button', { name: 'Export workspace' }));

  // A imports B's file: the preview says what will happen.
  await openExchange(a);
  await pick(a, theirs.file);
  await a.getByRole('heading', { name: `Preview of ${path.basename(theirs.file)}` }).waitFor();
  const conflict = region(a, 'Changed on both sides').getByRole('listitem').filter({ hasText: 'Card “Theirs” in Shared plan' });
  await conflict.waitFor();
  assert.match(await conflict.innerText(), /the file's version wins \(changed in the file \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC; here \d{4}-/);
  await region(a, 'Will be updated').getByRole('listitem').filter({ hasText: 'Card “Y from B” in Shared plan' }).waitFor();
  assert.match(await a.locator('.pv-unchanged').innerText(), /^\d+ unchanged$/);
  await a.getByRole('button', { name: 'Merge into my workspace' }).click();
  await a.getByRole('link', { name: 'Open Shared plan' }).click();
  await a.getByRole('heading', { level: 1, name: /Shared plan/ }).waitFor();
  assert.deepEqual(await board(a), [['To do', ['Theirs', 'Y from B', 'Card Z']], ['In progress', []], ['Done', []]]);

  // Undo of the import puts A's own version back, stored.
  await openExchange(a);
  await a.getByRole('button', { name: 'Undo last import' }).click();
  await a.getByRole('status').filter({ hasText: 'Undid the merge of' }).waitFor();
  await a.goBack();
  await a.reload();
  await ready(a);
  await a.getByRole('heading', { level: 1, name: /Shared plan/ }).waitFor();
  assert.deepEqual(await board(a), [['To do', ['Ours', 'Card Y', 'Card Z']], ['In progress', []], ['Done', []]]);

  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context().close();
  await b.context().close();
});

test('a Trello board export becomes a project, with a summary of what was not imported', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url + '#/exchange');
  await ready(page);
  await pick(page, fixture('trello/rich-board.json'));
  // First the same preview as a Docket file's: what the board becomes, nothing applied yet.
  const preview = page.locator('.import-preview');
  await preview.getByText("It is a Trello board's export: it becomes the new project “Website relaunch” with:").waitFor();
  assert.deepEqual(await preview.locator('.import-counts li').allInnerTexts(),
    ['4 columns', '9 cards', '3 archived cards', '5 labels', '2 people', '6 subtasks', '2 comments']);
  const newLines = await preview.locator('[aria-labelledby="pv-new"] li').allInnerTexts();
  assert.deepEqual(newLines.slice(0, 5), ['Project “Website relaunch”', 'Column “Doing” in Website relaunch',
    'Column “Done” in Website relaunch', 'Column “Old ideas” in Website relaunch', 'Column “To do” in Website relaunch']);
  assert.deepEqual(newLines.slice(-2), ['Person Ana Lima', 'Person Ben Okafor']);
  assert.equal(await preview.getByRole('button', { name: 'Import as a copy' }).count(), 0);
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('docket:p:'))), []);
  await preview.getByRole('button', { name: 'Import the board' }).click();
  const done = page.locator('.import-done');
  await done.getByRole('heading', { name: 'Imported “Website relaunch” from Trello' }).waitFor();
  const counts = await done.locator('.import-counts li').allInnerTexts();
  assert.deepEqual(counts, ['4 columns', '9 cards', '3 archived cards', '5 labels', '2 people', '6 subtasks', '2 comments']);
  assert.deepEqual(await done.locator('.not-imported li').allInnerTexts(), [
    '1 card marked complete in Trello but not in “Done”: it stays in its list',
    '1 attachment (files stay in Trello)',
    '1 custom field',
    'power-ups: Calendar',
    'data saved by 1 power-up (it stays in Trello)',
    '1 empty checklist item',
  ]);
  await page.getByRole('link', { name: 'Open the project' }).click();
  await page.getByRole('heading', { level: 1, name: /Website relaunch/ }).waitFor();
  const b = Object.fromEntries(await board(page));
  assert.deepEqual(b['To do'], ['Write the landing page copy', 'Design the hero banner', 'Book the kick-off room']);
  assert.deepEqual(b.Doing, ['Untitled card', 'Set up the CMS']);
  assert.deepEqual(b.Done, ['Renew the domain']);
  // Undo of the import removes the project again.
  await openExchange(page);
  await page.getByRole('button', { name: 'Undo last import' }).click();
  await page.getByRole('link', { name: 'Projects', exact: true }).click();
  await page.getByRole('heading', { name: 'Welcome to Docket' }).waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('refused files: every problem listed with its path, nothing changed; too big is refused before reading', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.getByRole('link', { name: 'Website relaunch' }).waitFor();
  const stored = () => page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  const before = await stored();

  await openExchange(page);
  await pick(page, fixture('bad/bad-values.json'));
  const alert = page.getByRole('alert').filter({ hasText: 'bad-values.json was not imported' });
  await alert.waitFor();
  const items = await alert.getByRole('listitem').allInnerTexts();
  assert.ok(items.some((t) => t.startsWith("projects[0].cards[0].due: not a date: '31/02/2026'")), items.join('\n'));
  assert.equal(await page.getByRole('button', { name: 'Merge into my workspace' }).count(), 0);
  assert.equal(await stored(), before);

  // 21 MB: refused by its size, with the limit named.
  const big = path.join(tmp, 'docket-big.json');
  fs.writeFileSync(big, Buffer.alloc(21 * 1024 * 1024, 0x20));
  await pick(page, big);
  await page.getByRole('alert').filter({ hasText: 'The file “docket-big.json” is 21.0 MB; Docket imports files up to 20 MB.' }).waitFor();
  assert.equal(await stored(), before);

  // A file from a newer Docket says so.
  await pick(page, fixture('bad/future-version.json'));
  await page.getByRole('alert').filter({ hasText: 'made by a newer Docket' }).waitFor();
  assert.equal(await stored(), before);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a hostile file imports and shows its texts literally', async () => {
  const ctx = await browser.newContext();
  // Any Content-Security-Policy violation (an injected inline script, style or eval) is recorded.
  await ctx.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await newPage(ctx);
  await page.goto(server.url + '#/exchange');
  await ready(page);
  await pick(page, fixture('hostile/html-everywhere.json'));
  await page.getByRole('heading', { name: 'Preview of html-everywhere.json' }).waitFor();
  // The preview itself shows names as text.
  await region(page, 'New').getByText('<script>window.__pwned=1</script>').first().waitFor();
  await page.getByRole('button', { name: 'Merge into my workspace' }).click();
  await page.locator('.import-links a').first().click();
  await page.locator('.board').waitFor();
  await settle(page);
  await page.getByRole('heading', { level: 1 }).getByText('<script>', { exact: false }).first().waitFor();
  assert.ok(await page.getByText('<img src=x onerror="window.__pwned=1">', { exact: false }).count() > 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('main img, main script').count(), 0);
  // Every view of the imported project, and the imported checklists, with the payloads inert.
  const board = page.url();
  for (const tab of ['charter', 'timeline', 'risks', 'progress', 'report', 'trash']) {
    await page.goto(`${board}/${tab}`);
    await settle(page);
  }
  await page.goto(server.url + '#/operations');
  await settle(page);
  for (const href of await page.locator('main a[href^="#/operations/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    await page.goto(server.url + href);
    await settle(page);
  }
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a file dropped anywhere on the window opens its preview', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  const text = fs.readFileSync(fixture('format/v1-workspace.json'), 'utf8');
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], 'colleague.json', { type: 'application/json' }));
    return d;
  }, text);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('main', 'dragover', { dataTransfer: dt });
  await page.getByText('Drop the file to import it').waitFor();
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
  await page.getByText('Drop the file to import it').waitFor({ state: 'detached' });
  await page.getByRole('heading', { level: 1, name: 'Import & export' }).waitFor();
  await page.getByRole('heading', { name: 'Preview of colleague.json' }).waitFor();
  await region(page, 'New').getByText('Project “Website relaunch”').waitFor();
  // Import as a copy: new ids, "(copy)" names.
  await page.getByRole('button', { name: 'Import as a copy' }).click();
  await page.locator('.import-done').getByText(/^Imported colleague\.json as a copy: 1 project/).waitFor();
  await page.getByRole('link', { name: 'Open Website relaunch (copy)' }).click();
  await page.getByRole('heading', { level: 1, name: /Website relaunch \(copy\)/ }).waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
