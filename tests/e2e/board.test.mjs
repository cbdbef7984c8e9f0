// End to end: the board's drag and drop (mouse and touch), its keyboard twin, undo, the
// filter bar, column settings, long columns, and the trash tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, ready, settle, STORED_PROJECT_HELPERS, columnAction, cardsIn, columnNames, moveCard } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** Names of the cards in a column, top to bottom. */
function column(page, name) {
  return page.locator('.board > .column').filter({ has: page.locator('h2').getByText(name, { exact: true }) });
}

function card(page, title) {
  return page.locator('li.card').filter({ has: page.getByRole('button', { name: title, exact: true }) });
}

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

/** Presses the mouse at `from`, moves in steps to `to` (points), calls `during`, releases. */
async function mouseDrag(page, from, to, during) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps);
  }
  if (during) await during();
  await page.mouse.up();
}

async function centre(locator) {
  const b = await locator.boundingBox();
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Items of a column's list as laid out (CSS order), with the placeholder as "▢" and
 * without the card being dragged. */
async function slotsIn(page, name) {
  return page.getByRole('list', { name: `Cards in ${name}` }).locator(':scope > li:not(.dragging)').evaluateAll((lis) =>
    lis
      .map((li) => ({ li, order: Number(getComputedStyle(li).order) }))
      .sort((a, b) => a.order - b.order)
      .map(({ li }) => (li.classList.contains('card-placeholder') ? '▢' : li.querySelector('.card-title').textContent)));
}

test('drag a card with the mouse to another column: placeholder, drop, announcement, reload', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(ctx);
  await project(page, 'Drag test', ['Alpha', 'Bravo', 'Charlie', 'Delta']);
  // Put two cards in "In progress" first, with the buttons.
  await moveCard(page, 'Charlie', 'right');
  await moveCard(page, 'Delta', 'right');
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Charlie', 'Delta']);

  // Drag Alpha between Charlie and Delta: the placeholder shows there, the drop lands there.
  const from = await centre(card(page, 'Alpha').getByRole('button', { name: 'Alpha', exact: true }));
  const delta = await card(page, 'Delta').boundingBox();
  const to = { x: delta.x + delta.width / 2, y: delta.y + 8 };
  await mouseDrag(page, from, to, async () => {
    assert.deepEqual(await slotsIn(page, 'In progress'), ['Charlie', '▢', 'Delta']);
    assert.equal(await page.locator('.card-placeholder').count(), 1);
  });
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Charlie', 'Alpha', 'Delta']);
  assert.deepEqual(await cardsIn(page, 'To do'), ['Bravo']);
  await page.getByRole('status').filter({ hasText: 'Moved “Alpha” to In progress, position 2 of 3.' }).waitFor();
  // The drag did not open the card.
  assert.equal(await page.getByRole('dialog', { name: 'Edit card' }).isVisible(), false);
  // A plain click still opens it.
  await page.getByRole('button', { name: 'Bravo', exact: true }).click();
  await page.getByRole('dialog', { name: 'Edit card' }).waitFor();
  await page.getByRole('dialog', { name: 'Edit card' }).getByRole('button', { name: 'Cancel' }).click();

  // Escape cancels a drag: nothing moves.
  const b = await centre(card(page, 'Bravo').getByRole('button', { name: 'Bravo', exact: true }));
  const done = await centre(column(page, 'Done'));
  await page.mouse.move(b.x, b.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(b.x + ((done.x - b.x) * i) / 8, b.y + ((done.y - b.y) * i) / 8);
  assert.equal(await page.locator('.card-placeholder').count(), 1);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.card-placeholder').count(), 0);
  await page.mouse.move(done.x + 5, done.y + 5);
  await page.mouse.up();
  assert.deepEqual(await cardsIn(page, 'To do'), ['Bravo']);
  assert.deepEqual(await cardsIn(page, 'Done'), []);

  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: /Drag test/ }).waitFor();
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Charlie', 'Alpha', 'Delta']);
  assert.deepEqual(await cardsIn(page, 'To do'), ['Bravo']);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('drag a card into an empty column, then undo it with the header button', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(ctx);
  await project(page, 'Empty column', ['One', 'Two']);
  assert.deepEqual(await cardsIn(page, 'Done'), []);
  const from = await centre(card(page, 'Two').getByRole('button', { name: 'Two', exact: true }));
  const to = await centre(page.getByRole('list', { name: 'Cards in Done' }));
  await mouseDrag(page, from, to, async () => {
    assert.deepEqual(await slotsIn(page, 'Done'), ['▢']);
  });
  assert.deepEqual(await cardsIn(page, 'Done'), ['Two']);
  assert.deepEqual(await cardsIn(page, 'To do'), ['One']);
  await page.getByRole('status').filter({ hasText: 'Moved “Two” to Done, position 1 of 1.' }).waitFor();

  await page.getByRole('button', { name: '↶ Undo' }).click();
  assert.deepEqual(await cardsIn(page, 'Done'), []);
  assert.deepEqual(await cardsIn(page, 'To do'), ['One', 'Two']);
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: /Empty column/ }).waitFor();
  assert.deepEqual(await cardsIn(page, 'To do'), ['One', 'Two']);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('reorder a column by dragging its handle', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(ctx);
  await project(page, 'Column drag', ['Card']);
  assert.deepEqual(await columnNames(page), ['To do', 'In progress', 'Done']);
  const handle = column(page, 'Done').locator('.column-handle');
  const from = await centre(handle);
  const todo = await column(page, 'To do').boundingBox();
  await mouseDrag(page, from, { x: todo.x + 10, y: from.y }, async () => {
    assert.equal(await page.locator('.column-placeholder').count(), 1);
  });
  assert.deepEqual(await columnNames(page), ['Done', 'To do', 'In progress']);
  await page.getByRole('status').filter({ hasText: 'Moved column Done to position 1 of 3.' }).waitFor();
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: /Column drag/ }).waitFor();
  assert.deepEqual(await columnNames(page), ['Done', 'To do', 'In progress']);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the same card move with the keyboard only', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await project(page, 'Keys', ['Alpha', 'Bravo', 'Charlie', 'Delta']);
  await moveCard(page, 'Charlie', 'right');
  await moveCard(page, 'Delta', 'right');
  await page.getByRole('button', { name: 'Alpha', exact: true }).focus();
  await page.keyboard.press('Alt+ArrowRight');
  await settle(page); // focus follows the moved card on the next frame
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Alpha', 'Charlie', 'Delta']);
  await page.getByRole('status').filter({ hasText: 'Moved “Alpha” to In progress, position 1 of 3.' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Alpha');
  await page.keyboard.press('Alt+ArrowDown');
  await settle(page); // focus follows the moved card on the next frame
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Charlie', 'Alpha', 'Delta']);
  await page.getByRole('status').filter({ hasText: 'Moved “Alpha” to In progress, position 2 of 3.' }).waitFor();
  // Focus stayed on the card.
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Alpha');
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: /Keys/ }).waitFor();
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Charlie', 'Alpha', 'Delta']);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('opening a board changes nothing: no write, no announcement, nothing to undo', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  // Count what the page writes to either storage.
  await page.addInitScript(() => {
    window.__writes = 0;
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (k.startsWith('docket:')) window.__writes++;
      return set.call(this, k, v);
    };
  });
  await project(page, 'Quiet', ['One', 'Two', 'Three']);
  const stored = () => page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('docket:')).map((k) => [k, localStorage.getItem(k)])));
  const before = await stored();
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: /Quiet/ }).waitFor();
  assert.deepEqual(await cardsIn(page, 'To do'), ['One', 'Two', 'Three']);
  // Idle time passes (nothing is rehearsed or prepared behind the user's back): the page
  // goes idle twice over, with nothing left to run in between.
  await page.evaluate(() => new Promise((r) => requestIdleCallback(() => requestIdleCallback(r))));
  assert.equal(await page.evaluate(() => window.__writes), 0);
  assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('docket:'))), []);
  assert.deepEqual(await stored(), before);
  assert.equal((await page.getByRole('status').innerText()).trim(), '');
  assert.equal(await page.getByRole('button', { name: '↶ Undo' }).isDisabled(), true);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a touch drag on a phone moves a card by its handle', async () => {
  const ctx = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
  const page = await newPage(ctx);
  await project(page, 'Touch', ['Tap me', 'Stay']);
  const handle = card(page, 'Tap me').locator('.card-handle');
  await handle.scrollIntoViewIfNeeded();
  const from = await centre(handle);
  const list = await page.getByRole('list', { name: 'Cards in In progress' }).boundingBox();
  const to = { x: Math.min(list.x + 40, 380), y: list.y + 10 };
  assert.ok(to.x > list.x, 'the next column is partly on screen');
  const cdp = await ctx.newCDPSession(page);
  const touch = (type, p) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: type === 'touchEnd' ? [] : [{ x: p.x, y: p.y, id: 1, radiusX: 2, radiusY: 2, force: 1 }],
  });
  await touch('touchStart', from);
  const steps = 10;
  for (let i = 1; i <= steps; i++) {
    await touch('touchMove', { x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps });
  }
  assert.deepEqual(await slotsIn(page, 'In progress'), ['▢']);
  await touch('touchEnd', to);
  await page.getByRole('status').filter({ hasText: 'Moved “Tap me” to In progress, position 1 of 1.' }).waitFor();
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Tap me']);
  assert.deepEqual(await cardsIn(page, 'To do'), ['Stay']);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the filter hides cards as you type and says how many', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await project(page, 'Filtering', ['Order boxes', 'Book movers', 'Pack boxes', 'Call landlord']);
  await page.getByRole('searchbox', { name: 'Search cards' }).pressSequentially('box');
  assert.deepEqual(await cardsIn(page, 'To do'), ['Order boxes', 'Pack boxes']);
  await page.getByText('2 cards hidden by the filter.').waitFor();
  await page.getByRole('searchbox', { name: 'Search cards' }).fill('landlord');
  assert.deepEqual(await cardsIn(page, 'To do'), ['Call landlord']);
  await page.getByText('3 cards hidden by the filter.').waitFor();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  assert.deepEqual(await cardsIn(page, 'To do'), ['Order boxes', 'Book movers', 'Pack boxes', 'Call landlord']);
  assert.equal(await page.getByText(/hidden by the filter/).count(), 0);
  assert.equal(await page.getByRole('searchbox', { name: 'Search cards' }).inputValue(), '');

  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the filter by label, assignee and priority on the sample project', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.getByRole('link', { name: 'Website relaunch' }).click();
  await page.getByRole('heading', { level: 1, name: /Website relaunch/ }).waitFor();
  const all = await page.locator('li.card').count();
  await page.getByRole('combobox', { name: 'Label' }).selectOption({ label: 'Tech' });
  const tech = await page.locator('li.card').count();
  assert.ok(tech > 0 && tech < all, `${tech} of ${all}`);
  for (const chips of await page.locator('li.card .card-labels').allInnerTexts()) assert.match(chips, /Tech/);
  await page.getByText(`${all - tech} cards hidden by the filter.`).waitFor();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  assert.equal(await page.locator('li.card').count(), all);

  const people = await page.getByRole('combobox', { name: 'Assignee' }).locator('option').allInnerTexts();
  assert.ok(people.length > 1 && people[0] === 'Anyone', people.join());
  await page.getByRole('combobox', { name: 'Assignee' }).selectOption({ label: people[1] });
  const mine = await page.locator('li.card').count();
  assert.ok(mine > 0 && mine < all);
  for (const who of await page.locator('li.card .avatars').allInnerTexts()) assert.ok(who.includes(people[1]), who);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('combobox', { name: 'Priority' }).selectOption({ label: 'High' });
  // Every card left shows the High badge (and some are left, some hidden).
  const priorities = await page.locator('li.card').evaluateAll((cards) =>
    cards.map((c) => c.querySelector('.priority')?.textContent.trim() ?? null));
  assert.ok(priorities.length > 0 && priorities.length < all, `${priorities.length} of ${all}`);
  assert.deepEqual(priorities, priorities.map(() => 'High priority'));
  await page.getByRole('button', { name: 'Clear filters' }).click();
  assert.equal(await page.locator('li.card').count(), all);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('moving a blocked card into the done column asks first, by keys and by drag', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(ctx);
  await project(page, 'Blockers', ['Blocker', 'Blocked']);
  // The dependency, through the card dialog.
  await page.getByRole('button', { name: 'Blocked', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await dialog.getByLabel('Card that blocks this one').focus();
  await dialog.getByLabel('Card that blocks this one').selectOption({ label: 'Blocker' });
  await dialog.getByRole('button', { name: 'Add blocker' }).click();
  await dialog.getByRole('button', { name: 'Remove blocker Blocker' }).waitFor();
  await dialog.getByRole('button', { name: 'Save card' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.reload();
  await ready(page);
  await card(page, 'Blocked').getByText('Blocked by 1').waitFor();
  assert.equal(await card(page, 'Blocked').locator('.blocked-by').getAttribute('title'), 'Blocked by: Blocker');

  await page.getByRole('button', { name: 'Blocked', exact: true }).focus();
  await page.keyboard.press('Alt+ArrowRight');
  await settle(page); // focus follows the moved card on the next frame
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Blocked']);
  await page.keyboard.press('Alt+ArrowRight');
  await settle(page); // focus follows the moved card on the next frame
  const ask = page.getByRole('dialog', { name: 'Move “Blocked” to Done?' });
  await ask.getByText('It is still blocked by: Blocker.').waitFor();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Blocked']);
  assert.deepEqual(await cardsIn(page, 'Done'), []);

  const from = await centre(card(page, 'Blocked').getByRole('button', { name: 'Blocked', exact: true }));
  const to = await centre(page.getByRole('list', { name: 'Cards in Done' }));
  await mouseDrag(page, from, to);
  await ask.getByRole('button', { name: 'Move anyway' }).click();
  assert.deepEqual(await cardsIn(page, 'Done'), ['Blocked']);
  // Once its blocker is done too, nothing blocks it any more.
  await page.getByRole('button', { name: 'Blocker', exact: true }).focus();
  await page.keyboard.press('Alt+ArrowRight');
  await settle(page); // focus follows the moved card on the next frame
  await page.keyboard.press('Alt+ArrowRight');
  await settle(page); // focus follows the moved card on the next frame
  assert.deepEqual(await cardsIn(page, 'Done'), ['Blocker', 'Blocked']);
  assert.equal(await card(page, 'Blocked').getByText('Blocked by 1').count(), 0);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('column settings: WIP limit, done column, collapse', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(ctx);
  await project(page, 'Columns', ['A', 'B']);
  await columnAction(page, 'To do', 'Settings (WIP limit, done)');
  await page.getByRole('spinbutton', { name: 'WIP limit for To do' }).fill('1');
  await page.getByRole('spinbutton', { name: 'WIP limit for To do' }).press('Enter');
  const todo = column(page, 'To do');
  await todo.getByText('Over WIP limit').waitFor();
  assert.equal(await todo.locator('.count').innerText(), '2/1');
  assert.equal(await todo.locator('.count').getAttribute('aria-label'), '2 cards, limit 1, over the limit');
  await moveCard(page, 'B', 'right');
  assert.equal(await todo.getByText('Over WIP limit').count(), 0);
  assert.equal(await todo.locator('.count').getAttribute('aria-label'), '1 card, limit 1');

  // The last column is the done column until another is chosen.
  await column(page, 'Done').getByText('✓ Done').waitFor();
  await columnAction(page, 'In progress', 'Settings (WIP limit, done)');
  await page.getByRole('button', { name: 'Mark In progress as the done column' }).click();
  await column(page, 'In progress').getByText('✓ Done').waitFor();
  assert.equal(await column(page, 'Done').getByText('✓ Done').count(), 0);

  await columnAction(page, 'To do', 'Collapse column');
  const expand = page.getByRole('button', { name: 'Expand column To do' });
  await expand.waitFor();
  assert.equal(await expand.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByRole('list', { name: 'Cards in To do' }).count(), 0);
  await page.reload();
  await ready(page);
  await expand.click();
  assert.deepEqual(await cardsIn(page, 'To do'), ['A']);
  assert.equal(await page.getByRole('button', { name: 'Actions for column To do' }).getAttribute('aria-expanded'), 'false');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

/** A project "Long" whose "To do" column holds 120 cards (Task 000 … Task 118 after Seed). */
async function longColumn(page) {
  await project(page, 'Long', ['Seed']);
  // Make 120 cards in the stored project, as an import would.
  await page.evaluate(STORED_PROJECT_HELPERS);
  await page.evaluate(async () => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('docket:p:'));
    const p = await window.__readProject(key);
    const seed = p.cards[0];
    for (let i = 0; i < 119; i++) {
      const n = String(i).padStart(3, '0');
      p.cards.push({ ...seed, id: `zzlong${n}`, title: `Task ${n}`, rank: `${seed.rank}${n}1` });
    }
    window.__writeProject(p);
  });
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: /Long/ }).waitFor();
}

// A 1050-px window: a column renders 8 cards at first (first_page in
// src/ui/projects/board/column/mod.rs; 5 in a 720-px window).
const TALL = { viewport: { width: 1280, height: 1050 } };

test('a long column renders its first cards, and more when scrolled or asked', async () => {
  const ctx = await browser.newContext(TALL);
  const page = await newPage(ctx);
  await longColumn(page);
  const list = page.getByRole('list', { name: 'Cards in To do' });
  const rendered = () => list.locator('li.card').count();
  assert.equal(await rendered(), 8);
  assert.equal(await column(page, 'To do').locator('.count').innerText(), '120');
  await page.getByRole('button', { name: /Show 8 more/ }).click();
  assert.equal(await rendered(), 16);
  await page.getByRole('button', { name: /Show 8 more/ }).click();
  assert.equal(await rendered(), 24);
  // A card moved by keys past the last rendered card stays rendered, and keeps focus.
  // (Focused without scrolling: scrolling near the end would render more by itself.)
  await list.getByRole('button', { name: 'Task 022', exact: true }).evaluate((b) => b.focus({ preventScroll: true }));
  assert.equal(await rendered(), 24);
  await page.keyboard.press('Alt+ArrowDown');
  await page.waitForFunction(() => document.querySelectorAll('[aria-label="Cards in To do"] li.card').length >= 25);
  // Focus comes back to the moved card in the next frame.
  await page.waitForFunction(() => document.activeElement?.textContent === 'Task 022', null, { timeout: 5000 });
  // (textContent: cards scrolled out of the column are not rendered, so have no innerText.)
  const titles = await list.locator('li.card .card-title').evaluateAll((bs) => bs.map((b) => b.textContent));
  assert.deepEqual(titles.slice(22, 25), ['Task 021', 'Task 023', 'Task 022']);
  // Scrolled near its end, the column renders more by itself.
  await list.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForFunction(() => document.querySelectorAll('[aria-label="Cards in To do"] li.card').length > 25);
  for (let n = await rendered(); n < 120; n = await rendered()) {
    await page.getByRole('button', { name: /Show \d+ more/ }).click();
    await page.waitForFunction((n) => document.querySelectorAll('[aria-label="Cards in To do"] li.card').length > n, n);
  }
  assert.equal(await rendered(), 120);
  assert.equal(await page.getByRole('button', { name: /Show \d+ more/ }).count(), 0);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('in a 720-px window a long column renders the cards that fill it, and scrolls to more', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await longColumn(page);
  const list = page.getByRole('list', { name: 'Cards in To do' });
  assert.equal(await list.locator('li.card').count(), 5);
  // More than fills the list, so it scrolls (and a scroll renders more).
  const { scroll, client } = await list.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
  assert.ok(scroll > client + 100, `the list scrolls: ${scroll} > ${client}`);
  await list.evaluate((el) => { el.scrollTop = 50; });
  await page.waitForFunction(() => document.querySelectorAll('[aria-label="Cards in To do"] li.card').length === 13);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('cards moved out of a long column: the column stays filled, and a card coming back keeps its place', async () => {
  const ctx = await browser.newContext(TALL);
  const page = await newPage(ctx);
  await longColumn(page);
  const list = page.getByRole('list', { name: 'Cards in To do' });
  const rendered = () => list.locator('li.card').count();
  const titles = () => list.locator('li.card .card-title').evaluateAll((bs) => bs.map((b) => b.textContent));
  assert.equal(await rendered(), 8);
  const all = ['Seed', ...Array.from({ length: 119 }, (_, i) => `Task ${String(i).padStart(3, '0')}`)];
  // Each move takes the column's first card to the next column; the next card below the
  // fold comes into the column's first eight.
  for (const i of [1, 2, 3]) {
    await list.locator('li.card .card-title').first().focus();
    await page.keyboard.press('Alt+ArrowRight');
    await page.waitForFunction((i) => document.querySelectorAll('[aria-label="Cards in In progress"] li.card').length === i, i);
    assert.equal(await rendered(), 8, `after move ${i}`);
    assert.deepEqual(await titles(), all.slice(i, i + 8), `after move ${i}`);
    assert.equal(await column(page, 'To do').locator('.count').innerText(), String(120 - i));
  }
  // A card coming back lands where it was asked (the top), focused, and the column shows eight.
  await page.getByRole('list', { name: 'Cards in In progress' }).locator('li.card .card-title').first().focus();
  await page.keyboard.press('Alt+ArrowLeft');
  await page.waitForFunction(() => document.querySelectorAll('[aria-label="Cards in In progress"] li.card').length === 2);
  assert.equal(await rendered(), 8);
  assert.deepEqual(await titles(), [all[2], ...all.slice(3, 10)]);
  await page.waitForFunction(() => document.activeElement?.textContent === 'Task 001');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a deleted card appears in Trash and restores; an archived card goes back to the board', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await project(page, 'Trash test', ['Keep', 'Throw away', 'Shelve']);
  await page.getByRole('link', { name: 'Trash', exact: true }).click();
  await page.getByText('Nothing has been deleted.', { exact: false }).waitFor();
  await page.getByText('No archived cards.', { exact: false }).waitFor();
  await page.getByRole('link', { name: 'Board', exact: true }).click();

  await page.getByRole('button', { name: 'Throw away', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await dialog.getByRole('button', { name: 'Delete card' }).click();
  await page.getByRole('dialog', { name: 'Delete card “Throw away”?' }).getByRole('button', { name: 'Delete card' }).click();
  assert.deepEqual(await cardsIn(page, 'To do'), ['Keep', 'Shelve']);

  await page.getByRole('button', { name: 'Shelve', exact: true }).click();
  await dialog.getByRole('button', { name: 'Archive card' }).click();
  await dialog.waitFor({ state: 'hidden' }).catch(() => {});
  if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(await cardsIn(page, 'To do'), ['Keep']);

  await page.getByRole('link', { name: 'Trash', exact: true }).click();
  const deleted = page.getByRole('list', { name: 'Deleted cards and columns' });
  await deleted.getByText('Card “Throw away”').waitFor();
  await deleted.getByText(/^Deleted \w{3} \d+ \w{3} \d{4}, \d\d:\d\d$/).waitFor();
  await page.getByRole('button', { name: 'Restore Card “Throw away”' }).click();
  await page.getByText('Nothing has been deleted.', { exact: false }).waitFor();
  await page.getByRole('list', { name: 'Archived cards' }).getByText('Card “Shelve”').waitFor();
  await page.getByRole('button', { name: 'Restore “Shelve” to the board' }).click();
  await page.getByText('No archived cards.', { exact: false }).waitFor();

  await page.getByRole('link', { name: 'Board', exact: true }).click();
  assert.deepEqual((await cardsIn(page, 'To do')).sort(), ['Keep', 'Shelve', 'Throw away']);

  // Delete forever asks first.
  await columnAction(page, 'Done', 'Delete column');
  await page.getByRole('dialog', { name: 'Delete column “Done”?' }).getByRole('button', { name: 'Delete column' }).click();
  await page.getByRole('link', { name: 'Trash', exact: true }).click();
  await page.getByRole('button', { name: 'Delete Column “Done” with 0 card(s) forever' }).click();
  await page.getByRole('dialog', { name: /Delete Column “Done”.* forever\?/ }).getByRole('button', { name: 'Delete forever' }).click();
  await page.getByText('Nothing has been deleted.', { exact: false }).waitFor();
  await page.reload();
  await ready(page);
  await page.getByText('Nothing has been deleted.', { exact: false }).waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

/** A local date `days` from today in the page, as the date inputs take it (yyyy-mm-dd). */
function isoIn(page, days) {
  return page.evaluate((n) => {
    const d = new Date();
    d.setDate(d.getDate() + n);
    const p = (x) => String(x).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  }, days);
}

/** "5 Mar 2026", as the card shows a date. */
function shown(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`;
}

test('the card dialog edits every field: people (a new one too), dates, priority, labels, estimate, costs, subtasks, milestone, dependencies; a cycle is refused', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await project(page, 'Dialog test', ['Alpha', 'Bravo', 'Charlie', 'Delta']);
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  const open = async (title) => {
    await page.getByRole('button', { name: title, exact: true }).click();
    await dialog.waitFor();
  };
  const save = async () => {
    await dialog.getByRole('button', { name: 'Save card' }).click();
    await dialog.waitFor({ state: 'hidden' });
  };
  const [yesterday, inTwo, inTen, lastWeek, start] = await Promise.all([-1, 2, 10, -7, -3].map((n) => isoIn(page, n)));

  // Alpha: every field.
  await open('Alpha');
  await dialog.getByLabel('Start date').fill(start);
  await dialog.getByLabel('Due date').fill(yesterday);
  await dialog.getByLabel('Priority').selectOption({ label: 'Urgent' });
  await dialog.getByLabel('Estimate (hours)').fill('5.5');
  await dialog.getByLabel('Planned cost').fill('1200.50');
  await dialog.getByLabel('Actual cost').fill('1300');
  await dialog.getByRole('checkbox', { name: 'Milestone' }).check();
  await dialog.getByLabel('New label name').fill('Legal');
  await dialog.getByRole('button', { name: 'Add label' }).click();
  await dialog.getByRole('checkbox', { name: 'Legal' }).waitFor();
  assert.equal(await dialog.getByRole('checkbox', { name: 'Legal' }).isChecked(), true, 'a new label is chosen');
  // Assign someone new straight from the card: they join the people directory.
  await dialog.getByLabel('Assign someone (name)').fill('Quinn Avery');
  await dialog.getByRole('button', { name: 'Assign' }).click();
  await dialog.getByRole('list', { name: 'Assigned people' }).getByText('Quinn Avery').waitFor();
  await dialog.getByLabel('New subtask').fill('Draft the letter');
  await dialog.getByRole('button', { name: 'Add subtask' }).click();
  await dialog.getByLabel('New subtask').fill('Send it');
  await dialog.getByRole('button', { name: 'Add subtask' }).click();
  await dialog.getByRole('checkbox', { name: 'Draft the letter' }).check();
  // Alpha waits for Bravo.
  await dialog.getByLabel('Card that blocks this one').focus();
  await dialog.getByLabel('Card that blocks this one').selectOption({ label: 'Bravo' });
  await dialog.getByRole('button', { name: 'Add blocker' }).click();
  await dialog.getByRole('button', { name: 'Remove blocker Bravo' }).waitFor();
  await save();

  // Due states on the board: overdue, soon, later, and done (never overdue).
  for (const [title, due] of [['Bravo', inTwo], ['Charlie', inTen], ['Delta', lastWeek]]) {
    await open(title);
    await dialog.getByLabel('Due date').fill(due);
    await save();
  }
  await moveCard(page, 'Delta', 'right');
  await moveCard(page, 'Delta', 'right');
  assert.deepEqual(await cardsIn(page, 'Done'), ['Delta']);

  // Bravo can't wait for Alpha: that would be a loop. Nothing changes.
  await open('Bravo');
  await dialog.getByLabel('Card that blocks this one').focus();
  await dialog.getByLabel('Card that blocks this one').selectOption({ label: 'Alpha' });
  await dialog.getByRole('button', { name: 'Add blocker' }).click();
  const loop = page.getByRole('alert').filter({ hasText: 'That would make a loop' });
  await loop.first().waitFor({ timeout: 5000 }).catch(async () => {
    throw new Error(`no loop message; alerts: ${JSON.stringify(await page.getByRole('alert').allInnerTexts())}`);
  });
  assert.match(await loop.first().innerText(), /“Bravo” waits for “Alpha” waits for “Bravo”/);
  assert.equal(await dialog.getByRole('button', { name: 'Remove blocker Alpha' }).count(), 0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // Everything survives a reload, on the card faces and in the dialog.
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: /Dialog test/ }).waitFor();
  const face = (title) => card(page, title);
  assert.equal(await face('Alpha').locator('.due').innerText(), `Overdue: ${shown(yesterday)}`);
  assert.equal(await face('Bravo').locator('.due').innerText(), `Due soon: ${shown(inTwo)}`);
  assert.equal(await face('Charlie').locator('.due').innerText(), `Due ${shown(inTen)}`);
  assert.equal(await face('Delta').locator('.due').innerText(), `Was due ${shown(lastWeek)}`);
  assert.deepEqual(
    await Promise.all(['Alpha', 'Bravo', 'Charlie', 'Delta'].map((t) => face(t).locator('.due').getAttribute('class'))),
    ['due overdue', 'due soon', 'due', 'due done'],
  );
  assert.equal(await face('Alpha').locator('.priority').innerText(), 'Urgent priority');
  assert.match(await face('Alpha').locator('.card-labels').innerText(), /Legal/);
  assert.match(await face('Alpha').locator('.avatars').innerText(), /Quinn Avery|QA/);
  assert.equal(await face('Alpha').locator('.subtasks').getAttribute('aria-label'), '1 of 2 subtasks done');
  assert.equal(await face('Alpha').locator('.milestone').count(), 1);

  await open('Alpha');
  assert.equal(await dialog.getByLabel('Start date').inputValue(), start);
  assert.equal(await dialog.getByLabel('Due date').inputValue(), yesterday);
  assert.equal(await dialog.getByLabel('Priority').inputValue(), 'urgent');
  assert.equal(await dialog.getByLabel('Estimate (hours)').inputValue(), '5.5');
  assert.equal(await dialog.getByLabel('Planned cost').inputValue(), '1200.50');
  assert.equal(await dialog.getByLabel('Actual cost').inputValue(), '1300.00');
  assert.equal(await dialog.getByRole('checkbox', { name: 'Milestone' }).isChecked(), true);
  assert.equal(await dialog.getByRole('checkbox', { name: 'Legal' }).isChecked(), true);
  assert.deepEqual(await dialog.getByRole('list', { name: 'Assigned people' }).locator('li').allInnerTexts().then((l) => l.map((x) => x.replace(/\s+/g, ' ').trim())),
    ['QA Quinn Avery ✕']);
  assert.equal(await dialog.getByRole('checkbox', { name: 'Draft the letter' }).isChecked(), true);
  assert.equal(await dialog.getByRole('checkbox', { name: 'Send it' }).isChecked(), false);
  assert.deepEqual((await dialog.locator('ul.blockers li').allInnerTexts()).map((x) => x.replace(/\s+/g, ' ').trim()), ['Bravo open ✕']);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // The progress tab adds up what the dialog entered: 1 overdue (Alpha), estimate, costs.
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('link', { name: 'Progress' }).click();
  const figure = (name) => page.locator('.figure').filter({ has: page.locator('dt', { hasText: name }) });
  assert.equal(await figure('Overdue').locator('.figure-value').innerText(), '1');
  assert.match(await figure('Done by estimate').locator('.figure-note').innerText(), /of 5\.5 estimated/);
  const costs = page.getByRole('table', { name: 'Budget figures' });
  assert.match(await costs.getByRole('row', { name: /^Planned/ }).innerText(), /1,200\.50/);
  assert.match(await costs.getByRole('row', { name: /^Actual so far/ }).innerText(), /1,300\.00/);

  // The new person is in the directory.
  await page.goto(server.url + '#/people');
  await page.getByRole('cell', { name: 'Quinn Avery', exact: true }).waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
