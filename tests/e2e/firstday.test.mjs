// End to end: "a manager's first day" (issue 17): the done column stays put when columns are
// added, percentages round to the nearest, the card dialog's sub-fields and its one rule
// for Cancel, unsaved changes asked about on close, the navigation's current page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, ready, settle, STORED_PROJECT_HELPERS, cardsIn, columnNames, moveCard } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** A fresh project with the starter columns and these cards in "To do". */
async function project(page, name, cards) {
  await page.goto(server.url);
  await ready(page);
  await page.getByLabel('New project').fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
  for (const t of cards) {
    await page.getByRole('textbox', { name: 'New card in To do' }).fill(t);
    await page.getByRole('textbox', { name: 'New card in To do' }).press('Enter');
  }
  assert.deepEqual(await cardsIn(page, 'To do'), cards);
}

async function tab(page, name) {
  await page.getByRole('navigation', { name: /project/i }).getByRole('link', { name, exact: true }).click();
  await settle(page);
}

test('adding a column keeps Done the done column: progress and report unchanged', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await project(page, 'Relaunch', ['Alpha', 'Bravo', 'Charlie']);
  await moveCard(page, 'Alpha', 'right');
  await moveCard(page, 'Alpha', 'right');
  assert.deepEqual(await cardsIn(page, 'Done'), ['Alpha']);

  await page.getByLabel('New column').fill('Waiting on client');
  await page.getByRole('button', { name: 'Add column' }).click();
  await settle(page);
  assert.deepEqual(await columnNames(page), ['To do', 'In progress', 'Waiting on client', 'Done']);
  const doneColumns = await page.locator('.board > .column.done-column .column-title .inline-edit-text').allInnerTexts();
  assert.deepEqual(doneColumns, ['Done'], 'Done keeps the ✓ done badge');

  await tab(page, 'Progress');
  const count = page.locator('.figure').filter({ hasText: 'Done by count' });
  assert.equal((await count.locator('.figure-value').innerText()).trim(), '33%');
  await tab(page, 'Report');
  const done = page.locator('section, div').filter({ has: page.locator('#report-done') }).last();
  assert.match(await page.locator('#report-done').innerText(), /Cards done \(1\)/);
  assert.match(await done.innerText(), /Alpha/);
  assert.match(await page.locator('#report-not-done').innerText(), /Cards not done \(2\)/);

  // After a reload, too.
  await page.reload();
  await ready(page);
  await tab(page, 'Board');
  assert.deepEqual(await columnNames(page), ['To do', 'In progress', 'Waiting on client', 'Done']);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('percentages round to the nearest: 1 of 6 done is 17%', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await project(page, 'Six', ['A', 'B', 'C', 'D', 'E', 'F']);
  await moveCard(page, 'A', 'right');
  await moveCard(page, 'A', 'right');
  await tab(page, 'Progress');
  const count = page.locator('.figure').filter({ hasText: 'Done by count' });
  assert.equal((await count.locator('.figure-value').innerText()).trim(), '17%');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

function card(page, title) {
  return page.locator('li.card').filter({ has: page.getByRole('button', { name: title, exact: true }) });
}

async function openCard(page, title) {
  await page.getByRole('button', { name: title, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await dialog.waitFor();
  return dialog;
}

test('Enter in the card dialog\'s "New label" field adds the label and keeps the dialog open', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await project(page, 'Labels', ['Alpha']);
  const dialog = await openCard(page, 'Alpha');
  await dialog.getByLabel('Title').fill('Alpha one');
  await dialog.getByLabel('New label name').fill('Urgent');
  await dialog.getByLabel('New label name').press('Enter');
  await settle(page);
  assert.equal(await dialog.isVisible(), true, 'Enter in a sub-field does not save and close the card');
  assert.equal(await dialog.getByRole('checkbox', { name: 'Urgent' }).isChecked(), true);
  assert.equal(await dialog.getByLabel('New label name').inputValue(), '');
  assert.equal(await dialog.getByLabel('Title').inputValue(), 'Alpha one', 'the rest of the draft stays');
  await dialog.getByRole('button', { name: 'Save card' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await card(page, 'Alpha one').locator('.label-chip').getByText('Urgent').waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the card dialog has one rule: blockers and subtasks are saved with the card and Cancel drops them', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await project(page, 'Rule', ['Alpha', 'Bravo']);
  let dialog = await openCard(page, 'Alpha');
  const pick = dialog.getByLabel('Card that blocks this one');
  await pick.focus();
  await pick.selectOption({ label: 'Bravo' });
  await dialog.getByRole('button', { name: 'Add blocker' }).click();
  await dialog.getByRole('button', { name: 'Remove blocker Bravo' }).waitFor();
  await dialog.getByLabel('New subtask').fill('Call the client');
  await dialog.getByLabel('New subtask').press('Enter');
  await dialog.getByText('Call the client').waitFor();
  // Cancel with changes asks; Discard drops every change, the blocker and the subtask too.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const prompt = dialog.getByRole('group', { name: 'This card has unsaved changes.' });
  await prompt.waitFor();
  await prompt.getByRole('button', { name: 'Discard' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await settle(page);
  assert.equal(await card(page, 'Alpha').getByText('Blocked by 1').count(), 0, 'the blocker did not survive Cancel');
  dialog = await openCard(page, 'Alpha');
  assert.equal(await dialog.getByRole('button', { name: 'Remove blocker Bravo' }).count(), 0);
  assert.equal(await dialog.getByText('Call the client').count(), 0);

  // Saved together with "Save card".
  await pick.focus();
  await pick.selectOption({ label: 'Bravo' });
  await dialog.getByRole('button', { name: 'Add blocker' }).click();
  await dialog.getByRole('button', { name: 'Save card' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await card(page, 'Alpha').getByText('Blocked by 1').waitFor();

  // A loop is refused next to the picker, and announced.
  dialog = await openCard(page, 'Bravo');
  await pick.focus();
  await pick.selectOption({ label: 'Alpha' });
  await dialog.getByRole('button', { name: 'Add blocker' }).click();
  const problem = dialog.locator('#card-blocker-error');
  await problem.getByText(/loop/).waitFor();
  assert.equal(await problem.getAttribute('role'), 'alert');
  assert.equal(await pick.getAttribute('aria-describedby'), 'card-blocker-error');
  assert.equal(await dialog.getByRole('button', { name: 'Remove blocker Alpha' }).count(), 0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('Escape with unsaved changes asks: Keep editing, then Save, by keyboard', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await project(page, 'Escape', ['Alpha']);
  let dialog = await openCard(page, 'Alpha');
  // Nothing changed: Escape closes at once.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  dialog = await openCard(page, 'Alpha');
  await dialog.getByLabel('Description').fill('Typed and nearly lost');
  await page.keyboard.press('Escape');
  const prompt = dialog.getByRole('group', { name: 'This card has unsaved changes.' });
  await prompt.waitFor();
  assert.equal(await dialog.isVisible(), true);
  // Escape again: keep editing, the text is still there.
  await page.keyboard.press('Escape');
  await prompt.waitFor({ state: 'hidden' });
  assert.equal(await dialog.getByLabel('Description').inputValue(), 'Typed and nearly lost');
  // Escape, then Enter on the focused "Save".
  await page.keyboard.press('Escape');
  await prompt.waitFor();
  await settle(page);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Save');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  dialog = await openCard(page, 'Alpha');
  assert.equal(await dialog.getByLabel('Description').inputValue(), 'Typed and nearly lost');
  // Discard by keyboard.
  await dialog.getByLabel('Description').fill('Not this');
  await page.keyboard.press('Escape');
  await prompt.waitFor();
  // Focus lands on "Save" a frame after the prompt shows: wait for it, then step back.
  await page.waitForFunction(() => document.activeElement?.textContent === 'Save');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Discard');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  dialog = await openCard(page, 'Alpha');
  assert.equal(await dialog.getByLabel('Description').inputValue(), 'Typed and nearly lost');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('on #/people only "People" is the current page in the navigation', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await page.goto(server.url + '#/people');
  await ready(page);
  await settle(page);
  const current = await page.getByRole('navigation', { name: 'Main' }).locator('a[aria-current="page"]').allInnerTexts();
  assert.deepEqual(current.map((t) => t.trim()), ['People']);
  await page.goto(server.url + '#/projects');
  await settle(page);
  const now = await page.getByRole('navigation', { name: 'Main' }).locator('a[aria-current="page"]').allInnerTexts();
  assert.deepEqual(now.map((t) => t.trim()), ['Projects']);
  await ctx.close();
});

test('a long unbroken card title wraps inside the card, clear of the drag handle', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  const long = 'https://intranet.example/projects/relaunch/assets/' + 'x'.repeat(60);
  await project(page, 'Long', [long]);
  const title = page.getByRole('button', { name: long, exact: true });
  const geo = await title.evaluate((b) => {
    const handle = b.closest('li.card').querySelector('.drag-handle').getBoundingClientRect();
    const card = b.closest('li.card').getBoundingClientRect();
    const r = document.createRange();
    r.selectNodeContents(b);
    const text = r.getBoundingClientRect();
    return { textRight: text.right, handleLeft: handle.left, cardRight: card.right, overflow: b.scrollWidth - b.clientWidth };
  });
  assert.ok(geo.textRight <= geo.handleLeft + 0.5, JSON.stringify(geo));
  assert.ok(geo.overflow <= 0, JSON.stringify(geo));
  await ctx.close();
});

test('timeline: a late dependency goes around the waiting card\'s label and the list names the conflict', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await project(page, 'Late', ['Design', 'Build']);
  const key = `docket:p:${page.url().split('/projects/')[1]}`;
  await page.evaluate(STORED_PROJECT_HELPERS);
  await page.evaluate(async (key) => {
    const iso = (n) => { const d = new Date(); d.setDate(d.getDate() + n); return d.toISOString().slice(0, 10); };
    const p = await window.__readProject(key);
    const a = p.cards.find((c) => c.title === 'Design');
    const b = p.cards.find((c) => c.title === 'Build');
    // Build starts on day 2, while Design runs to day 10: the dependency is late.
    Object.assign(a, { start: iso(0), due: iso(10) });
    Object.assign(b, { start: iso(2), due: iso(4), blocked_by: [a.id] });
    window.__writeProject(p);
  }, key);
  await page.reload();
  await ready(page);
  await tab(page, 'Timeline');
  const line = page.locator('path.tl-dep-late');
  await line.waitFor();
  const hits = await line.evaluate((path) => {
    const svg = path.ownerSVGElement;
    const label = [...svg.querySelectorAll('.tl-item')].find((g) => g.getAttribute('aria-label').startsWith('Build'));
    const box = label.querySelector('.tl-label').getBBox();
    const bar = label.querySelector('.tl-bar').getBBox();
    const len = path.getTotalLength();
    const inside = (b, p) => p.x > b.x && p.x < b.x + b.width && p.y > b.y && p.y < b.y + b.height;
    let n = 0;
    for (let i = 0; i <= 400; i++) {
      const pt = path.getPointAtLength((len * i) / 400);
      if (inside(box, pt) || inside(bar, pt)) n++;
    }
    return n;
  });
  assert.equal(hits, 0, 'the line runs through the waiting card\'s bar or label');
  await page.getByRole('listitem').filter({ hasText: '“Build” waits for “Design” — conflict: planned to start before “Design” ends' }).waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the board uses the window at 1366×860: five columns in view, its scrollbar on screen', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.getByRole('link', { name: 'Website relaunch' }).first().click();
  await page.getByRole('heading', { level: 1, name: /Website relaunch/ }).waitFor();
  await settle(page);
  const geo = await page.evaluate(() => {
    const board = document.querySelector('.board').getBoundingClientRect();
    const cols = [...document.querySelectorAll('.board > .column')].map((c) => c.getBoundingClientRect().right);
    return { boardRight: board.right, boardBottom: board.bottom, cols, scrolls: document.scrollingElement.scrollHeight - innerHeight };
  });
  assert.equal(geo.cols.length, 5);
  assert.ok(geo.cols.every((r) => r <= 1366), `every column in view: ${JSON.stringify(geo)}`);
  assert.ok(geo.boardRight >= 1300, `the board uses the window's width: ${JSON.stringify(geo)}`);
  assert.ok(geo.boardBottom <= 860, `the board's bottom (its scrollbar) is on screen: ${JSON.stringify(geo)}`);
  await page.screenshot({ path: '/tmp/t17-board-1366.png' });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('removing a person who has cards lists the cards and unassigns them in one click', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await project(page, 'People', ['Alpha', 'Bravo']);
  for (const t of ['Alpha', 'Bravo']) {
    const dialog = await openCard(page, t);
    await dialog.getByLabel('Assign someone (name)').fill('Sam Lee');
    await dialog.getByLabel('Assign someone (name)').press('Enter');
    await dialog.getByRole('button', { name: 'Remove assignee Sam Lee' }).waitFor();
    await dialog.getByRole('button', { name: 'Save card' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
  const board = page.url();
  await page.goto(server.url + '#/people');
  await ready(page);
  await page.getByRole('button', { name: 'Remove Sam Lee' }).click();
  const ask = page.getByRole('dialog', { name: 'Remove Sam Lee?' });
  await ask.waitFor();
  const text = await ask.innerText();
  assert.match(text, /“Alpha” \(People\)/);
  assert.match(text, /“Bravo” \(People\)/);
  await ask.getByRole('button', { name: 'Unassign and remove' }).click();
  await ask.waitFor({ state: 'hidden' });
  await settle(page);
  assert.equal(await page.getByRole('cell', { name: 'Sam Lee', exact: true }).count(), 0);
  await page.goto(board);
  await ready(page);
  await page.getByRole('button', { name: 'Alpha', exact: true }).waitFor();
  assert.equal(await page.locator('ul.avatars').count(), 0, 'no card names them any more');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a refusal\'s banner goes once a later change succeeds', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await project(page, 'Banners', ['Alpha']);
  await page.getByLabel('New column').fill('   ');
  await page.getByRole('button', { name: 'Add column' }).click();
  const banner = page.locator('.banner-area .banner.error');
  await banner.waitFor();
  await page.getByRole('textbox', { name: 'New card in To do' }).fill('Bravo');
  await page.getByRole('textbox', { name: 'New card in To do' }).press('Enter');
  assert.deepEqual(await cardsIn(page, 'To do'), ['Alpha', 'Bravo']);
  await banner.waitFor({ state: 'detached' });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a card\'s arrow buttons show only on hover or focus, and only those cards build them', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await project(page, 'Arrows', ['Alpha', 'Bravo', 'Charlie']);
  await page.mouse.move(1300, 20);
  await settle(page);
  const opacity = (t) => card(page, t).locator('.card-moves').evaluate((m) => Number(getComputedStyle(m).opacity));
  const withButtons = () => page.$$eval('.card:has(.card-moves) .card-title', (ts) => ts.map((t) => t.textContent));
  assert.deepEqual(await withButtons(), []);
  await card(page, 'Alpha').hover();
  await settle(page);
  assert.deepEqual(await withButtons(), ['Alpha']);
  assert.ok((await opacity('Alpha')) > 0.9);
  await page.getByRole('button', { name: 'Bravo', exact: true }).focus();
  await settle(page);
  assert.deepEqual(await withButtons(), ['Alpha', 'Bravo']);
  await page.mouse.move(1300, 20);
  await settle(page);
  assert.deepEqual(await withButtons(), ['Bravo']);
  assert.ok((await opacity('Bravo')) > 0.9);
  // Tab goes from the card's title to its buttons (left is disabled in the first column).
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('title')), 'Move up');
  // Focus leaving the board leaves the buttons, unseen.
  await page.getByLabel('Search cards').focus();
  await settle(page);
  assert.equal(await opacity('Bravo'), 0);
  await ctx.close();
});

test('phone: the first card is on the first screen, filters behind one button, no keyboard when a card opens', async () => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.getByRole('link', { name: 'Website relaunch' }).first().tap();
  await page.getByRole('heading', { level: 1, name: /Website relaunch/ }).waitFor();
  await settle(page);
  const first = await page.locator('.board .card').first().boundingBox();
  assert.ok(first.y + 40 <= 844, `the first card starts on the first screen: ${JSON.stringify(first)}`);
  // The filters fold behind one button.
  const toggle = page.getByRole('button', { name: 'Search and filters' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByLabel('Search cards').isVisible(), false);
  await toggle.tap();
  await page.getByLabel('Search cards').waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  // Opening a card does not put focus in a text field (the keyboard would cover it).
  await page.locator('.card-title').first().tap();
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await dialog.waitFor();
  await settle(page);
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H2');
  await page.screenshot({ path: '/tmp/t17-phone-board.png' });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
