// End to end: a board's Table tab (issue 19, part 4) — rows sorted and filtered with the
// board's filter bar, a row edited in place (a field that can't be read says so under
// itself), and the selected cards moved, assigned, labelled and deleted at once, each one
// step of undo; by mouse, by keyboard, by touch on a phone; light and dark; axe on each.
// Every check reads what is stored (or what the table shows), waiting on state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, ready, settle, axe, until, withSample, STORED_PROJECT_HELPERS } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const DESKTOP = { viewport: { width: 1366, height: 860 } };
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

/** A context with the sample data, on the sample project's Table tab. */
async function onTable(opts = {}) {
  const { ctx, page, pid, link } = await withSample(browser, server, opts);
  await link.click();
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('link', { name: 'Table' }).click();
  await rows(page).first().waitFor();
  return { ctx, page, pid };
}

const rows = (page) => page.locator('.board-table tbody tr[data-card-id]');
const rowIds = (page) => rows(page).evaluateAll((trs) => trs.map((t) => t.dataset.cardId));
const stored = (page, pid) => page.evaluate((k) => window.__readProject(k), `docket:p:${pid}`);
const cardOf = async (page, pid, cid) => (await stored(page, pid)).cards.find((c) => c.id === cid);
const doneColumn = (p) => p.columns.find((c) => c.id === p.done_column);

/** The board's order: columns left to right, each by rank. */
const boardOrder = (p) => p.columns.flatMap((col) => p.cards
  .filter((c) => c.column === col.id && !c.archived)
  .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.id < b.id ? -1 : 1)));

test('by mouse: sort, filter, edit a row in place, and move, assign, label and delete many cards, each one undo step', async () => {
  const { ctx, page, pid } = await onTable({ ...DESKTOP, colorScheme: 'light' });
  const p = await stored(page, pid);
  const board = boardOrder(p);
  // Every card on the board is a row, in the board's order until a sort is chosen.
  assert.deepEqual(await rowIds(page), board.map((c) => c.id));
  await page.getByRole('button', { name: 'Due', exact: true }).click();
  await until(async () => (await page.locator('th[aria-sort="ascending"]').textContent()).includes('Due'), 'sorted by due');
  const byDue = [...board.filter((c) => c.due)].sort((a, b) => a.due.localeCompare(b.due)).map((c) => c.due);
  const shownDue = (await rowIds(page)).map((id) => board.find((c) => c.id === id).due);
  assert.deepEqual(shownDue.slice(0, byDue.length), byDue, 'due dates ascending, cards without one last');
  assert.ok(shownDue.slice(byDue.length).every((d) => !d));
  // The board's filter bar filters the table.
  await page.getByLabel('Search cards').fill('design');
  const want = board.filter((c) => /design/i.test(c.title) || /design/i.test(c.description || '')).length;
  await until(async () => (await rows(page).count()) === want, 'filtered rows');
  await page.getByText(`${board.length - want} cards hidden by the filter.`).waitFor();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await until(async () => (await rows(page).count()) === board.length, 'filter cleared');

  // Edit a row in place: title, column, due date; saved to storage; one undo puts it back.
  const card = board.find((c) => c.column !== p.done_column && !c.start);
  const done = doneColumn(p);
  await page.getByRole('button', { name: `Edit ${card.title}` }).click();
  await page.locator(`#tf-title-${card.id}`).fill('Renamed in the table');
  await page.locator('.board-table').getByRole('combobox', { name: 'Column' }).selectOption({ label: done.name });
  await page.locator('.board-table').getByLabel('Due date').fill('2027-02-01');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await until(async () => {
    const c = await cardOf(page, pid, card.id);
    return c.title === 'Renamed in the table' && c.column === done.id && c.due === '2027-02-01';
  }, 'the edited row stored');
  await page.getByRole('button', { name: 'Renamed in the table', exact: true }).waitFor();
  await page.getByRole('button', { name: /Undo$/ }).click();
  await until(async () => {
    const c = await cardOf(page, pid, card.id);
    return c.title === card.title && c.column === card.column && c.due === card.due;
  }, 'the edit undone');

  // A field that can't be read says so under itself; nothing is stored.
  await page.getByRole('button', { name: `Edit ${card.title}` }).click();
  const estimate = page.locator('.board-table').getByLabel('Estimate (hours)');
  await estimate.fill('lots');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const error = page.locator(`#tf-estimate-${card.id}-error`);
  await error.waitFor();
  assert.match(await error.textContent(), /“lots” is not a number/);
  assert.equal(await estimate.getAttribute('aria-invalid'), 'true');
  assert.equal(await estimate.getAttribute('aria-describedby'), `tf-estimate-${card.id}-error`);
  assert.equal((await cardOf(page, pid, card.id)).estimate, card.estimate);
  await axe(page, 'table, a row being edited with an error');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.getByRole('button', { name: `Edit ${card.title}` }).waitFor();

  // Select three cards (not in the done column) and move them to done: one undo step.
  const three = board.filter((c) => c.column !== p.done_column).slice(0, 3);
  for (const c of three) await page.getByRole('checkbox', { name: `Select ${c.title}` }).check();
  await page.getByText('3 cards selected').waitFor();
  await page.getByLabel('Move to').selectOption(done.id);
  await page.getByRole('button', { name: 'Move', exact: true }).click();
  await until(async () => {
    const q = await stored(page, pid);
    return three.every((c) => q.cards.find((x) => x.id === c.id).column === done.id);
  }, 'three cards moved');
  await page.getByText(`Moved 3 cards to ${done.name}.`).first().waitFor({ state: 'attached' });
  await page.getByRole('button', { name: /Undo$/ }).click();
  await until(async () => {
    const q = await stored(page, pid);
    return three.every((c) => q.cards.find((x) => x.id === c.id).column === c.column);
  }, 'one undo puts all three back');

  // Assign someone to all three, then label them.
  const people = await page.evaluate(() => window.__readStored('docket:people'));
  const who = people.find((x) => !three.every((c) => (c.assignees || []).includes(x.id)));
  await page.getByLabel('Person').selectOption(who.id);
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await until(async () => {
    const q = await stored(page, pid);
    return three.every((c) => (q.cards.find((x) => x.id === c.id).assignees || []).includes(who.id));
  }, 'three cards assigned');
  const label = p.labels[0];
  await page.getByLabel('Label', { exact: true }).last().selectOption(label.id);
  await page.getByRole('button', { name: 'Add label' }).click();
  await until(async () => {
    const q = await stored(page, pid);
    return three.every((c) => (q.cards.find((x) => x.id === c.id).labels || []).includes(label.id));
  }, 'three cards labelled');
  await axe(page, 'table with a selection');

  // Delete them (asked first): into the trash; one undo brings all three back.
  await page.getByRole('button', { name: 'Delete 3 cards' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete 3 cards' }).click();
  await until(async () => {
    const q = await stored(page, pid);
    return three.every((c) => !q.cards.some((x) => x.id === c.id) && (q.trash || []).some((t) => JSON.stringify(t).includes(c.id)));
  }, 'three cards in the trash');
  assert.equal(await rows(page).count(), board.length - 3);
  await page.getByRole('button', { name: /Undo$/ }).click();
  await until(async () => {
    const q = await stored(page, pid);
    return three.every((c) => q.cards.some((x) => x.id === c.id));
  }, 'one undo restores all three');
  await until(async () => (await rows(page).count()) === board.length, 'rows back');
  await axe(page, 'table (light)');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('by keyboard, in dark: sort, select, move, edit with Enter, cancel with Escape', async () => {
  const { ctx, page, pid } = await onTable({ ...DESKTOP, colorScheme: 'dark' });
  const p = await stored(page, pid);
  const board = boardOrder(p);
  // Sort by title with Enter on its heading; again for the other way.
  await page.getByRole('button', { name: 'Title', exact: true }).focus();
  await page.keyboard.press('Enter');
  await until(async () => (await page.locator('th[aria-sort="ascending"]').textContent()).includes('Title'), 'sorted by title');
  const titles = board.map((c) => c.title).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  const shown = async () => (await rowIds(page)).map((id) => board.find((c) => c.id === id).title);
  assert.deepEqual(await shown(), titles);
  await page.keyboard.press('Enter');
  await until(async () => (await shown())[0] === titles.at(-1), 'title descending');

  // Select the first two rows with Space, Tab from one checkbox to the next row's.
  const ids = await rowIds(page);
  await page.locator(`tr[data-card-id="${ids[0]}"] input[type=checkbox]`).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab'); // the title
  await page.keyboard.press('Tab'); // Edit
  await page.keyboard.press('Tab'); // the next row's checkbox
  await page.keyboard.press('Space');
  await page.getByText('2 cards selected').waitFor();
  // The bar: choose a column by typing its name, Tab to Move, Enter.
  const target = p.columns.find((c) => ![ids[0], ids[1]].some((id) => board.find((x) => x.id === id).column === c.id));
  await page.getByLabel('Move to').focus();
  await page.keyboard.type(target.name);
  await until(async () => (await page.getByLabel('Move to').inputValue()) === target.id, 'column chosen by typing');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await until(async () => {
    const q = await stored(page, pid);
    return [ids[0], ids[1]].every((id) => q.cards.find((x) => x.id === id).column === target.id);
  }, 'moved by keyboard');

  // Edit: Enter on Edit puts focus in the title; Enter saves and gives focus back.
  const c = board.find((x) => x.id === ids[2]);
  await page.getByRole('button', { name: `Edit ${c.title}` }).focus();
  await page.keyboard.press('Enter');
  await until(async () => (await page.evaluate(() => document.activeElement.id)) === `tf-title-${c.id}`, 'focus in the title');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Typed at the keyboard');
  await page.keyboard.press('Tab'); // column
  await page.keyboard.press('Tab'); // priority
  await page.keyboard.type('Urgent');
  await page.keyboard.press('Enter');
  await until(async () => {
    const s = await cardOf(page, pid, c.id);
    return s.title === 'Typed at the keyboard' && s.priority === 'urgent';
  }, 'row saved by Enter');
  await until(async () => (await page.evaluate(() => document.activeElement.id)) === `te-${c.id}`, 'focus back on Edit');
  // Escape drops what was typed.
  await page.keyboard.press('Enter');
  await until(async () => (await page.evaluate(() => document.activeElement.id)) === `tf-title-${c.id}`, 'editing again');
  await page.keyboard.type(' and more');
  await page.keyboard.press('Escape');
  await until(async () => (await page.evaluate(() => document.activeElement.id)) === `te-${c.id}`, 'focus back after Escape');
  assert.equal((await cardOf(page, pid, c.id)).title, 'Typed at the keyboard');
  // Ctrl+Z (outside a field) undoes the last step: the title comes back.
  await page.keyboard.press('Control+z');
  await until(async () => (await cardOf(page, pid, c.id)).title === c.title, 'undone by Ctrl+Z');
  await axe(page, 'table (dark)');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('on a phone, light and dark: tap to select and move; the table scrolls in its box', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { ctx, page, pid } = await onTable({ ...PHONE, colorScheme });
    const p = await stored(page, pid);
    const done = doneColumn(p);
    const two = boardOrder(p).filter((c) => c.column !== done.id).slice(0, 2);
    for (const c of two) await page.getByRole('checkbox', { name: `Select ${c.title}` }).tap();
    await page.getByText('2 cards selected').waitFor();
    await page.getByLabel('Move to').selectOption(done.id);
    await page.getByRole('button', { name: 'Move', exact: true }).tap();
    await until(async () => {
      const q = await stored(page, pid);
      return two.every((c) => q.cards.find((x) => x.id === c.id).column === done.id);
    }, 'moved on a phone');
    await settle(page);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `the table page is ${wide} px wide on a 390 px phone`);
    await axe(page, `table on a phone (${colorScheme})`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  }
});

test('a long board: the table renders what a screen holds, more on scroll; select all takes every card shown', async () => {
  const { ctx, page, pid } = await onTable({ ...DESKTOP });
  // 200 more cards, written as an import would (then a reload reads them).
  await page.evaluate(async (key) => {
    const p = await window.__readProject(key);
    const first = p.columns[0].id;
    for (let i = 0; i < 200; i++) {
      p.cards.push({
        id: `bulk-${String(i).padStart(3, '0')}`, created: p.created, updated: p.created, column: first,
        rank: `zz${String(i).padStart(3, '0')}1`, title: `Bulk card ${i}`,
      });
    }
    window.__writeProject(p);
  }, `docket:p:${pid}`);
  await page.reload();
  await ready(page);
  await page.evaluate(STORED_PROJECT_HELPERS);
  await rows(page).first().waitFor();
  const total = (await stored(page, pid)).cards.filter((c) => !c.archived).length;
  assert.ok(total > 200);
  assert.equal(await rows(page).count(), 40, 'the first rows only');
  await page.getByRole('button', { name: /^Show 80 more/ }).waitFor();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await until(async () => (await rows(page).count()) > 40, 'more rows on scroll');
  // The rest by keyboard. A pointer click races the scroll-rendering (the button moves while
  // it is scrolled to); focus scrolls too, but Enter reaches the button wherever it went.
  const moreButton = page.getByRole('button', { name: /^Show \d+ more/ });
  while (await moreButton.count()) {
    await moreButton.focus();
    await page.keyboard.press('Enter');
  }
  await until(async () => (await rows(page).count()) === total, 'every row rendered');
  await page.getByRole('checkbox', { name: `Select all ${total} cards shown` }).check();
  await page.getByText(`${total} cards selected`).waitFor();
  // A filter narrows the selection to the cards it shows.
  await page.getByLabel('Search cards').fill('Bulk card 19');
  await page.getByText('11 cards selected').waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
