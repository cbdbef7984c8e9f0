// End to end: "a manager's first day" (issue 17), the project side: budget figures that say
// what they compare, closing with open cards, a closed project read-only until reopened, the
// burndown's ideal line at the panel's full width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, ready, settle, moveCard } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** A local calendar date `offset` days from today, as an `<input type=date>` value. */
function isoDay(offset = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

async function tab(page, name) {
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('link', { name, exact: true }).click();
  await settle(page);
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
  await page.getByRole('list', { name: 'Cards in To do' }).getByText(cards[cards.length - 1]).waitFor();
}

async function charter(page, { budget, end }) {
  await tab(page, 'Charter');
  const form = page.getByRole('form', { name: 'Edit the charter' });
  if (budget) await form.getByLabel('Budget', { exact: true }).fill(budget);
  if (end) {
    await form.getByLabel('Start date').fill(isoDay(0));
    await form.getByLabel('Target end date').fill(end);
  }
  await form.getByRole('button', { name: 'Save charter' }).click();
  await page.getByRole('status').filter({ hasText: 'Charter saved.' }).waitFor();
  await tab(page, 'Board');
}

async function costs(page, title, planned, actual) {
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await page.getByRole('button', { name: title, exact: true }).click();
  await dialog.waitFor();
  await dialog.getByLabel('Planned cost').fill(planned);
  await dialog.getByLabel('Actual cost').fill(actual);
  await dialog.getByRole('button', { name: 'Save card' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** The rows of a table as trimmed cell texts. */
async function rows(table) {
  return table.locator('tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
}

test('budget figures: budget, planned, actual, forecast, overruns per card, verdicts that name their figure', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await project(page, 'Office move', ['Movers', 'Boxes', 'Cleaning', 'Plan']);
  await charter(page, { budget: '800' });
  // Two of three costed cards overran; planned card costs exceed the budget; actual is
  // still below planned overall (what used to read "under budget" in green).
  await costs(page, 'Movers', '500', '600');
  await costs(page, 'Boxes', '100', '120');
  await costs(page, 'Cleaning', '400', '50');
  await moveCard(page, 'Movers', 'right');
  await moveCard(page, 'Movers', 'right');
  await page.getByRole('list', { name: 'Cards in Done' }).getByText('Movers').waitFor();

  const expectFigures = async (scope) => {
    assert.deepEqual(await rows(scope.getByRole('table', { name: 'Budget figures' })), [
      ['Budget (charter)', '800.00 EUR'],
      ['Planned (sum of card costs)', '1,000.00 EUR'],
      ['Actual so far', '770.00 EUR'],
      ['Forecast (actual + what unfinished cards still plan)', '1,120.00 EUR'],
    ]);
    assert.deepEqual(await scope.getByRole('list', { name: 'Budget verdicts' }).getByRole('listitem').allInnerTexts(), [
      'Spent so far: 30.00 EUR under budget',
      'Forecast: 320.00 EUR over budget',
      'Planned card costs: 200.00 EUR over budget',
    ]);
    await scope.getByRole('heading', { name: 'Cards over their planned cost (2 of 3)' }).waitFor();
    assert.deepEqual(await rows(scope.getByRole('table', { name: /Cards over their planned cost/ })), [
      ['Card', 'Planned', 'Actual'],
      ['Movers', '500.00 EUR', '600.00 EUR (+100.00 EUR)'],
      ['Boxes', '100.00 EUR', '120.00 EUR (+20.00 EUR)'],
    ]);
  };
  await tab(page, 'Progress');
  await expectFigures(page.getByRole('region', { name: 'Budget and costs' }));
  await tab(page, 'Report');
  await expectFigures(page.getByRole('article', { name: /Close-out report/ }));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('closing with open cards asks; a closed project refuses board, card and charter edits until reopened', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await project(page, 'Archive', ['Alpha', 'Bravo', 'Charlie']);
  await moveCard(page, 'Alpha', 'right');
  await moveCard(page, 'Alpha', 'right');
  await page.getByRole('list', { name: 'Cards in Done' }).getByText('Alpha').waitFor();

  await tab(page, 'Report');
  await page.getByRole('button', { name: 'Close project' }).click();
  const confirm = page.getByRole('dialog', { name: 'Close with 2 open cards?' });
  await confirm.getByText('2 cards are not done.').waitFor();
  // Keeping it open changes nothing.
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Close project' }).waitFor();
  assert.equal(await page.getByText('This project is closed').count(), 0);
  await page.getByRole('button', { name: 'Close project' }).click();
  await confirm.getByRole('button', { name: 'Close anyway' }).click();
  await page.getByText('This project is closed').waitFor();

  // The board: every tab says it is closed and offers Reopen; a move is refused and says why.
  await tab(page, 'Board');
  const note = page.getByRole('note').filter({ hasText: 'This project is closed' });
  await note.getByText('read-only until you reopen it').waitFor();
  await note.getByRole('button', { name: 'Reopen project' }).waitFor();
  await moveCard(page, 'Bravo', 'right');
  await page.getByRole('alert').filter({ hasText: 'This project is closed: reopen it' }).waitFor();
  assert.deepEqual(await page.getByRole('list', { name: 'Cards in To do' }).locator('li.card .card-title').allInnerTexts(), ['Bravo', 'Charlie']);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByRole('textbox', { name: 'New card in To do' }).fill('Delta');
  await page.getByRole('textbox', { name: 'New card in To do' }).press('Enter');
  await page.getByRole('alert').filter({ hasText: 'This project is closed: reopen it' }).waitFor();
  await page.getByRole('button', { name: 'Dismiss' }).click();

  // The card dialog: a save is refused, the dialog says why, and nothing is stored.
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await page.getByRole('button', { name: 'Charlie', exact: true }).click();
  await dialog.waitFor();
  await dialog.getByLabel('Title').fill('Charlie 2');
  await dialog.getByRole('button', { name: 'Save card' }).click();
  await page.getByText('This project is closed: reopen it').first().waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const discard = page.getByRole('button', { name: 'Discard' });
  if (await discard.count()) await discard.click();
  await dialog.waitFor({ state: 'hidden' });

  // The charter.
  await tab(page, 'Charter');
  const form = page.getByRole('form', { name: 'Edit the charter' });
  await form.getByLabel('Objective').fill('Changed');
  await form.getByRole('button', { name: 'Save charter' }).click();
  await page.getByRole('alert').filter({ hasText: 'This project is closed: reopen it' }).waitFor();
  await page.getByRole('button', { name: 'Dismiss' }).click();

  // After a reload nothing of it was stored.
  await page.reload();
  await ready(page);
  await tab(page, 'Board');
  assert.deepEqual(await page.getByRole('list', { name: 'Cards in To do' }).locator('li.card .card-title').allInnerTexts(), ['Bravo', 'Charlie']);

  // Reopen from the board: edits work again.
  await page.getByRole('note').getByRole('button', { name: 'Reopen project' }).click();
  await page.getByRole('dialog', { name: 'Reopen “Archive”?' }).getByRole('button', { name: 'Reopen project' }).click();
  await page.getByRole('note').filter({ hasText: 'This project is closed' }).waitFor({ state: 'detached' });
  await moveCard(page, 'Bravo', 'right');
  await page.getByRole('list', { name: 'Cards in In progress' }).getByText('Bravo').waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the burndown has an ideal line to the target end, and the charts fill the panel', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await project(page, 'Sprint', ['A', 'B', 'C', 'D']);
  await charter(page, { end: isoDay(10) });
  await moveCard(page, 'A', 'right');
  await tab(page, 'Progress');
  const burndown = page.getByRole('figure', { name: /Burndown/ });
  await burndown.getByText(/Ideal line: none left on the target end/).waitFor();
  const ideal = burndown.locator('line.burndown-ideal');
  assert.equal(await ideal.count(), 1);
  // It starts at the first day's cards and ends at zero, right of today's point.
  const geo = await page.evaluate(() => {
    const l = document.querySelector('line.burndown-ideal');
    const dots = [...document.querySelectorAll('.burndown-dots circle')];
    const zero = [...document.querySelectorAll('.burndown-chart .chart-grid')].find((g) => g.textContent.trim() === '0');
    return {
      x1: +l.getAttribute('x1'), y1: +l.getAttribute('y1'), x2: +l.getAttribute('x2'), y2: +l.getAttribute('y2'),
      firstDot: dots[0] && { x: +dots[0].getAttribute('cx'), y: +dots[0].getAttribute('cy') },
      zeroY: +zero.querySelector('line').getAttribute('y1'),
    };
  });
  assert.equal(geo.x1, geo.firstDot.x);
  assert.equal(geo.y1, geo.firstDot.y);
  assert.equal(geo.y2, geo.zeroY);
  assert.ok(geo.x2 > geo.x1, 'the ideal line runs on to the target end');
  // Both charts use the panel's width.
  for (const name of [/Cumulative flow/, /Burndown/]) {
    const fig = page.getByRole('figure', { name });
    const [svgBox, figBox] = [await fig.locator('svg').boundingBox(), await fig.boundingBox()];
    assert.ok(svgBox.width > figBox.width * 0.9, `${name}: ${svgBox.width} of ${figBox.width}`);
  }
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a column header has one actions menu: Enter/Space open, arrows move, Escape closes and returns focus', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(ctx);
  await project(page, 'Menus', ['A']);
  const todo = page.locator('.board > .column').filter({ has: page.getByRole('list', { name: 'Cards in To do' }) });
  // One button for the column's actions (and the rename of its title), not five glyphs.
  assert.deepEqual(await todo.locator('.column-head button:visible').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label'))),
    ['Rename column To do', 'Actions for column To do']);
  const button = page.getByRole('button', { name: 'Actions for column To do' });
  assert.equal(await button.getAttribute('aria-haspopup'), 'menu');
  const menu = page.getByRole('menu', { name: 'Actions for column To do' });
  const focused = () => page.evaluate(() => document.activeElement?.textContent.trim());

  await button.focus();
  await page.keyboard.press('Enter');
  await menu.waitFor();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'menuitem');
  assert.equal(await focused(), 'Collapse column');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), 'Settings (WIP limit, done)');
  // "Move column left" is disabled for the first column: the arrows skip it.
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), 'Move column right');
  await page.keyboard.press('End');
  assert.equal(await focused(), 'Delete column');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), 'Collapse column', 'wraps around');
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(), 'Delete column');
  await page.keyboard.press('Home');
  assert.equal(await focused(), 'Collapse column');
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Actions for column To do');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');

  // Space opens it too, and an item chosen by keys runs: move the column right.
  await page.keyboard.press('Space');
  await menu.waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'menuitem');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), 'Move column right');
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden' });
  await settle(page);
  assert.deepEqual(await page.locator('.board > .column .column-title .inline-edit-text').allInnerTexts(), ['In progress', 'To do', 'Done']);
  // A click elsewhere closes an open menu.
  await button.click();
  await menu.waitFor();
  await page.locator('h1').click();
  await menu.waitFor({ state: 'hidden' });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the board fills the rest of the window: its own scroll area, its scrollbar on screen, Done in view', async () => {
  for (const height of [860, 1100]) {
    const ctx = await browser.newContext({ viewport: { width: 1366, height } });
    const page = await newPage(ctx);
    await page.goto(server.url);
    await ready(page);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await page.getByRole('link', { name: 'Website relaunch' }).first().click();
    await page.locator('.board .card').first().waitFor();
    // A long objective does not push the board off the window.
    await tab(page, 'Charter');
    const form = page.getByRole('form', { name: 'Edit the charter' });
    await form.getByLabel('Objective').fill('Relaunch the public website with a new design. '.repeat(30));
    await form.getByRole('button', { name: 'Save charter' }).click();
    await page.getByRole('status').filter({ hasText: 'Charter saved.' }).waitFor();
    await tab(page, 'Board');
    await page.locator('.board .card').first().waitFor();
    const geo = await page.evaluate(() => {
      const board = document.querySelector('.board');
      const r = board.getBoundingClientRect();
      const done = [...document.querySelectorAll('.board > .column')].at(-1).getBoundingClientRect();
      return {
        bottom: r.bottom, right: r.right, doneRight: done.right,
        pageScrolls: document.scrollingElement.scrollHeight > innerHeight,
        tallest: Math.max(...[...document.querySelectorAll('.board > .column')].map((c) => c.getBoundingClientRect().bottom)),
      };
    });
    assert.equal(geo.pageScrolls, false, `the page itself does not scroll (${height}): ${JSON.stringify(geo)}`);
    assert.ok(geo.bottom <= height && geo.bottom >= height - 24, `the board reaches the window's bottom (${height}): ${JSON.stringify(geo)}`);
    assert.ok(geo.tallest <= geo.bottom, `columns stay inside the board (${height}): ${JSON.stringify(geo)}`);
    assert.ok(geo.doneRight <= 1366, `Done is in view (${height}): ${JSON.stringify(geo)}`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  }
});

test('phone: every project tab is on screen, and the first card still is', async () => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.getByRole('link', { name: 'Website relaunch' }).first().tap();
  await page.locator('.board .card').first().waitFor();
  await settle(page);
  const tabs = await page.getByRole('navigation', { name: 'Project views' }).getByRole('link').evaluateAll((as) =>
    as.map((a) => { const r = a.getBoundingClientRect(); return { name: a.textContent.trim(), left: r.left, right: r.right, bottom: r.bottom }; }));
  assert.equal(tabs.length, 9);
  for (const t of tabs) assert.ok(t.left >= 0 && t.right <= 390 && t.bottom <= 844, `tab on screen: ${JSON.stringify(t)}`);
  const first = await page.locator('.board .card').first().boundingBox();
  assert.ok(first.y + 40 <= 844, `the first card starts on the first screen: ${JSON.stringify(first)}`);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a refused save shows its error beside Save, in view, not at the scrolled-off top of the dialog', async () => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await newPage(ctx);
  await project(page, 'Errors', ['Alpha']);
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await page.getByRole('button', { name: 'Alpha', exact: true }).tap();
  await dialog.waitFor();
  await dialog.getByLabel('Title').fill('   ');
  await dialog.getByRole('button', { name: 'Save card' }).tap();
  const alert = dialog.getByRole('alert').filter({ hasText: "can't be empty" });
  await alert.waitFor();
  const [a, d] = [await alert.boundingBox(), await dialog.boundingBox()];
  const save = await dialog.getByRole('button', { name: 'Save card' }).boundingBox();
  assert.ok(a.y >= d.y && a.y + a.height <= Math.min(d.y + d.height, 844), `the error is in view: ${JSON.stringify({ a, d })}`);
  assert.ok(Math.abs(save.y - (a.y + a.height)) < 120, `the error sits beside Save: ${JSON.stringify({ a, save })}`);
  // Nothing behind the modal: the page's own banner is not the only place it shows.
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
