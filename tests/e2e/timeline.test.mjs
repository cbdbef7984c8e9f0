// End to end: the Timeline, Risks and Progress tabs of a project, in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, ready, settle, until, moveCard } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** YYYY-MM-DD of today plus `days`, in the browser's local time zone. */
async function isoDay(page, days) {
  return page.evaluate((n) => {
    const d = new Date();
    d.setDate(d.getDate() + n);
    const p = (x) => String(x).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  }, days);
}

/** Creates a project with cards in To do through the UI; returns the project's storage key. */
async function newProject(page, name, cards) {
  await page.goto(server.url);
  await ready(page);
  await page.getByLabel('New project').fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
  for (const t of cards) {
    await page.getByRole('textbox', { name: 'New card in To do' }).fill(t);
    await page.getByRole('textbox', { name: 'New card in To do' }).press('Enter');
  }
  const id = page.url().split('/projects/')[1];
  return `docket:p:${id}`;
}

test('timeline: dated cards, a milestone, a dependency arrow, today, zoom, and opening a card', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  const key = await newProject(page, 'Office move', ['Book movers', 'Pack archive', 'Order boxes', 'Hand over keys']);
  // One card done, for the progress tab.
  await moveCard(page, 'Order boxes', 'right');
  await moveCard(page, 'Order boxes', 'right');
  await page.getByRole('link', { name: 'Timeline', exact: true }).click();
  await page.getByText('Give cards start or due dates to see them here.').waitFor();

  // Dates, a milestone and a dependency, entered in the card dialog on the board.
  const days = { start1: await isoDay(page, -3), due1: await isoDay(page, 4), start2: await isoDay(page, 5),
    due2: await isoDay(page, 12), launch: await isoDay(page, 20) };
  await page.getByRole('link', { name: 'Board', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  const edit = async (title, f) => {
    await page.getByRole('button', { name: title, exact: true }).click();
    await dialog.waitFor();
    await f();
    await dialog.getByRole('button', { name: 'Save card' }).click();
    await dialog.waitFor({ state: 'hidden' });
  };
  await edit('Book movers', async () => {
    await dialog.getByLabel('Start date').fill(days.start1);
    await dialog.getByLabel('Due date').fill(days.due1);
  });
  await edit('Pack archive', async () => {
    await dialog.getByLabel('Start date').fill(days.start2);
    await dialog.getByLabel('Due date').fill(days.due2);
    await dialog.getByLabel('Card that blocks this one').focus();
    await dialog.getByLabel('Card that blocks this one').selectOption({ label: 'Book movers' });
    await dialog.getByRole('button', { name: 'Add blocker' }).click();
    await dialog.getByRole('button', { name: 'Remove blocker Book movers' }).waitFor();
  });
  await edit('Hand over keys', async () => {
    await dialog.getByLabel('Due date').fill(days.launch);
    await dialog.getByRole('checkbox', { name: 'Milestone' }).check();
  });
  // Stored, not just on screen.
  await page.reload();
  await ready(page);
  await page.getByRole('link', { name: 'Timeline', exact: true }).click();

  const chart = page.getByRole('group', { name: /^Timeline of 3 dated cards/ });
  await chart.waitFor();
  const items = chart.getByRole('button');
  assert.equal(await items.count(), 3);
  const design = chart.getByRole('button', { name: /^Book movers, .+ to .+ \d{4}$/ });
  const copy = chart.getByRole('button', { name: /^Pack archive, .+ to .+, waits for “Book movers”$/ });
  const milestone = chart.getByRole('button', { name: /^Hand over keys, milestone, / });
  for (const item of [design, copy, milestone]) await item.waitFor();
  // Rows in start order: the design work, then the copy, then the milestone.
  assert.deepEqual(
    (await items.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label').split(',')[0]))),
    ['Book movers', 'Pack archive', 'Hand over keys'],
  );
  assert.equal(await milestone.locator('polygon.tl-diamond').count(), 1);
  assert.equal(await design.locator('rect.tl-bar').count(), 1);

  // The dependency is drawn as an arrow, and said in words.
  const arrow = page.locator('[data-dependency="“Pack archive” waits for “Book movers”"]');
  assert.equal(await arrow.count(), 1);
  assert.match(await arrow.getAttribute('marker-end'), /url\(#tl-arrow\)/);
  await page.getByRole('listitem').filter({ hasText: '“Pack archive” waits for “Book movers”' }).waitFor();

  // The today line, labelled.
  const todayLine = page.locator('.tl-today');
  assert.equal(await todayLine.count(), 1);
  assert.equal(await todayLine.locator('text').textContent(), 'Today');
  assert.equal(await todayLine.getAttribute('data-today'), await isoDay(page, 0));

  // Zoom: Week is pressed; Month makes the drawing narrower.
  const week = page.getByRole('button', { name: 'Week', exact: true });
  const month = page.getByRole('button', { name: 'Month', exact: true });
  assert.equal(await week.getAttribute('aria-pressed'), 'true');
  assert.equal(await month.getAttribute('aria-pressed'), 'false');
  const wideWeek = Number(await page.locator('svg.timeline-chart').getAttribute('width'));
  const barWeek = Number(await design.locator('rect.tl-bar').getAttribute('width'));
  await month.click();
  assert.equal(await month.getAttribute('aria-pressed'), 'true');
  assert.equal(await week.getAttribute('aria-pressed'), 'false');
  const barMonth = Number(await design.locator('rect.tl-bar').getAttribute('width'));
  assert.ok(barMonth < barWeek, `bar ${barMonth} < ${barWeek}`);
  const wideMonth = Number(await page.locator('svg.timeline-chart').getAttribute('width'));
  assert.ok(wideMonth > 0 && wideMonth < wideWeek, `the month view is narrower: ${wideMonth} < ${wideWeek}`);
  await week.click();

  // Clicking an item opens its card; so does Enter on a focused item.
  await copy.click();
  // (the card dialog, as above)
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel('Title').inputValue(), 'Pack archive');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  // (Focus, once the closed dialog has handed it back, on the milestone; then Enter.)
  await until(async () => {
    await milestone.focus();
    return milestone.evaluate((el) => el === document.activeElement);
  }, 'the milestone has focus');
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel('Title').inputValue(), 'Hand over keys');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // The progress tab draws from the same project without errors.
  await page.getByRole('link', { name: 'Progress', exact: true }).click();
  await page.getByRole('heading', { name: 'Cumulative flow' }).waitFor();
  await page.getByText('1 of 4 cards done').waitFor();
  await page.getByRole('img', { name: /^Cumulative flow from / }).waitFor();
  await page.getByRole('img', { name: /^Cards not done: 3 on / }).waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('risks: add through the form, see the register and the heat map, edit, reload, delete', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await newProject(page, 'Website relaunch', []);
  await page.getByRole('link', { name: 'Risks', exact: true }).click();
  await page.getByText('No risks yet.', { exact: false }).waitFor();

  const add = async (title, likelihood, impact, owner) => {
    await page.getByLabel('Risk', { exact: true }).first().fill(title);
    await page.locator('#new-risk-likelihood').selectOption(String(likelihood));
    await page.locator('#new-risk-impact').selectOption(String(impact));
    await page.locator('#new-risk-owner').fill(owner);
    await page.locator('#new-risk-mitigation').fill('Weekly check-in with the supplier.');
    await page.getByRole('button', { name: 'Add risk' }).click();
  };
  // Refused input says why.
  await page.getByRole('button', { name: 'Add risk' }).click();
  await page.getByRole('alert').filter({ hasText: "Risk can't be empty" }).waitFor();
  await page.getByRole('button', { name: 'Dismiss' }).click();

  await add('Booking provider misses the launch', 4, 5, 'Dana');
  await add('Copy late from marketing', 2, 3, 'Sam');
  const table = page.getByRole('table', { name: 'Risk register, highest score first' });
  await table.waitFor();
  const titles = () => table.locator('tbody th[scope="row"] .risk-name').allInnerTexts();
  assert.deepEqual(await titles(), ['Booking provider misses the launch', 'Copy late from marketing']);
  const first = table.locator('tbody tr').first();
  assert.match(await first.innerText(), /20\s*High/);
  assert.match(await first.innerText(), /Dana/);
  const cell = page.getByRole('cell', { name: 'Likelihood 4, impact 5: 1 risk', exact: true });
  assert.equal((await cell.innerText()).trim(), '1');
  await page.getByRole('cell', { name: 'Likelihood 2, impact 3: 1 risk', exact: true }).waitFor();
  await page.getByRole('cell', { name: 'Likelihood 1, impact 1: 0 risks', exact: true }).waitFor();

  // Reload: still there.
  await page.reload();
  await ready(page);
  await table.waitFor();
  assert.deepEqual(await titles(), ['Booking provider misses the launch', 'Copy late from marketing']);
  await cell.waitFor();

  // Edit: raise the copy risk above the other, then close the top one (it leaves the map).
  await page.getByRole('button', { name: 'Edit risk Copy late from marketing' }).click();
  const form = table.locator('form.risk-form');
  await form.locator('select[id$="-likelihood"]').selectOption('5');
  await form.locator('select[id$="-impact"]').selectOption('5');
  await form.getByRole('button', { name: 'Save risk' }).click();
  await form.waitFor({ state: 'detached' });
  assert.deepEqual(await titles(), ['Copy late from marketing', 'Booking provider misses the launch']);
  await page.getByRole('cell', { name: 'Likelihood 5, impact 5: 1 risk', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Edit risk Booking provider misses the launch' }).click();
  await form.locator('select[id$="-status"]').selectOption('closed');
  await form.getByRole('button', { name: 'Save risk' }).click();
  await page.getByRole('cell', { name: 'Likelihood 4, impact 5: 0 risks', exact: true }).waitFor();

  // Delete, with confirmation (cancel first).
  await page.getByRole('button', { name: 'Delete risk Copy late from marketing' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete risk “Copy late from marketing”?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await titles()).length, 2);
  await page.getByRole('button', { name: 'Delete risk Copy late from marketing' }).click();
  await confirm.getByRole('button', { name: 'Delete risk' }).click();
  await page.getByRole('cell', { name: 'Likelihood 5, impact 5: 0 risks', exact: true }).waitFor();
  assert.deepEqual(await titles(), ['Booking provider misses the launch']);
  await page.reload();
  await ready(page);
  await table.waitFor();
  assert.deepEqual(await titles(), ['Booking provider misses the launch']);

  assert.deepEqual(page.errors, []);
  await ctx.close();
});
