// End to end: project templates (issue 19, part 6) — the sample's two templates, a project
// started from one (its board, WIP limit, cards' dates counted from the chosen start), a
// project saved as a template by keyboard (a blank name refused next to the field), a
// template deleted (its tombstone stored), templates in the exported file and back in
// another browser by import; on a phone and a laptop, light and dark, with axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  serve, launch, newPage, ready, settle, axe, until, tempDir, exportWorkspace, previewFile,
  mergePreviewed, STORED_PROJECT_HELPERS,
} from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const DESKTOP = { viewport: { width: 1366, height: 860 } };
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

async function withSample(opts = {}) {
  const ctx = await browser.newContext({ bypassCSP: true, acceptDownloads: true, ...opts });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.locator('main a[href^="#/projects/"]').first().waitFor();
  await page.evaluate(STORED_PROJECT_HELPERS);
  await page.goto(server.url + '#/projects');
  await page.getByRole('heading', { name: 'Start from a template' }).waitFor();
  return { ctx, page };
}

const storedTemplates = (page) => page.evaluate(() => window.__readStored('docket:project-templates'));
const storedProject = (page, id) => page.evaluate((k) => window.__readProject(k), `docket:p:${id}`);
const addDays = (iso, n) => {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

test('by mouse, light: the sample offers two templates; a project starts from one with dates from its start', async () => {
  const { ctx, page } = await withSample({ ...DESKTOP, colorScheme: 'light' });
  const templates = await storedTemplates(page);
  assert.deepEqual(templates.map((t) => t.name), ['Website project', 'Office move']);
  const list = page.getByRole('list', { name: 'Project templates' });
  await list.getByText('Office move').waitFor();
  await axe(page, 'projects page with templates (light)');
  // A start without a name is refused next to the name.
  await page.getByLabel('Template', { exact: true }).selectOption({ label: 'Office move' });
  await page.getByRole('button', { name: 'Start project' }).click();
  const err = page.locator('#from-template-name-error');
  await err.waitFor();
  assert.match(await err.textContent(), /Project name/);
  assert.equal(await page.getByLabel('Project name').getAttribute('aria-invalid'), 'true');
  await page.getByLabel('Project name').fill('Harbour Street move');
  await page.getByLabel('Starts on').fill('2027-03-01');
  await page.getByRole('button', { name: 'Start project' }).click();
  await page.getByRole('heading', { level: 1, name: /Harbour Street move/ }).waitFor();
  const pid = page.url().split('#/projects/')[1].split('/')[0];
  const p = await storedProject(page, pid);
  const tp = templates[1].project;
  const days = (from, to) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  assert.equal(p.start, '2027-03-01');
  assert.equal(p.target_end, addDays('2027-03-01', days(tp.start, tp.target_end)));
  assert.deepEqual(p.columns.map((c) => [c.name, c.wip_limit ?? null]), tp.columns.map((c) => [c.name, c.wip_limit ?? null]));
  assert.equal(p.done_column, p.columns[tp.columns.findIndex((c) => c.id === tp.done_column)].id);
  const labelNames = (proj, ids) => (ids || []).map((l) => proj.labels.find((x) => x.id === l).name);
  for (const tc of tp.cards) {
    const c = p.cards.find((x) => x.title === tc.title);
    assert.ok(c, `card ${tc.title}`);
    assert.equal(c.due, addDays('2027-03-01', days(tp.start, tc.due)));
    assert.deepEqual(labelNames(p, c.labels), labelNames(tp, tc.labels));
    assert.ok(!tp.cards.some((x) => x.id === c.id), 'a new id');
  }
  assert.equal(p.risks.length, tp.risks.length);
  // The board shows it.
  await page.locator('.card', { hasText: 'Moving day' }).waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('by keyboard, dark: save a project as a template, delete a template; templates travel in the file', async () => {
  const { ctx, page } = await withSample({ ...DESKTOP, colorScheme: 'dark' });
  await page.locator('main .tile a[href^="#/projects/"]').first().click();
  const save = page.getByRole('button', { name: 'Save as template' });
  await save.focus();
  await page.keyboard.press('Enter');
  await until(async () => (await page.evaluate(() => document.activeElement.id)) === 'template-name', 'focus in the name');
  // A blank name is refused next to the field.
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  const err = page.locator('#template-name-error');
  await err.waitFor();
  assert.match(await err.textContent(), /Template name/);
  await axe(page, 'save as template with an error (dark)');
  await page.keyboard.type('Relaunch, reused');
  await page.keyboard.press('Tab'); // the cards checkbox
  await page.keyboard.press('Space'); // without the cards
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await until(async () => (await storedTemplates(page)).some((t) => t.name === 'Relaunch, reused'), 'template stored');
  const mine = (await storedTemplates(page)).find((t) => t.name === 'Relaunch, reused');
  assert.deepEqual(mine.project.cards ?? [], [], 'saved without the cards');
  assert.ok(mine.project.columns.length >= 3 && mine.project.labels.length > 0);
  await page.getByText('Saved as the template “Relaunch, reused”').first().waitFor();

  // Delete "Office move" (asked first); a tombstone is stored with the list.
  await page.goto(server.url + '#/projects');
  const office = (await storedTemplates(page)).find((t) => t.name === 'Office move');
  await page.getByRole('button', { name: 'Delete template Office move' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete template' }).focus();
  await page.keyboard.press('Enter');
  await until(async () => !(await storedTemplates(page)).some((t) => t.name === 'Office move'), 'template deleted');
  const tombs = await page.evaluate(() => window.__readStored('docket:tombstones'));
  assert.ok(tombs.some((t) => t.id === office.id && t.kind === 'project_template'));
  await axe(page, 'projects page (dark)');

  // The exported file carries the templates; another browser imports them.
  const dir = tempDir('templates');
  const file = await exportWorkspace(page, dir);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.deepEqual(doc.project_templates.map((t) => t.name).sort(), ['Relaunch, reused', 'Website project']);
  const other = await browser.newContext({ bypassCSP: true, ...DESKTOP });
  const p2 = await newPage(other);
  await p2.goto(server.url);
  await ready(p2);
  await previewFile(p2, file);
  await mergePreviewed(p2);
  await p2.evaluate(STORED_PROJECT_HELPERS);
  await until(async () => ((await storedTemplates(p2)) || []).length === 2, 'templates imported');
  await p2.goto(server.url + '#/projects');
  await p2.getByRole('list', { name: 'Project templates' }).getByText('Relaunch, reused').waitFor();
  assert.deepEqual(page.errors, []);
  assert.deepEqual(p2.errors, []);
  await other.close();
  await ctx.close();
});

test('on a phone, light and dark: start a project from a template by touch; nothing scrolls sideways', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { ctx, page } = await withSample({ ...PHONE, colorScheme });
    await page.getByLabel('Template', { exact: true }).selectOption({ label: 'Website project' });
    await page.getByLabel('Project name').fill(`Phone start ${colorScheme}`);
    await settle(page);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `the projects page is ${wide} px wide on a 390 px phone`);
    await axe(page, `projects page with templates on a phone (${colorScheme})`);
    await page.getByRole('button', { name: 'Start project' }).tap();
    await page.getByRole('heading', { level: 1, name: new RegExp(`Phone start ${colorScheme}`) }).waitFor();
    await page.getByRole('button', { name: 'Save as template' }).tap();
    await page.getByLabel('Template name').waitFor();
    await axe(page, `save as template on a phone (${colorScheme})`);
    const w2 = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w2 <= 390, `the project page with the form is ${w2} px wide`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  }
});
