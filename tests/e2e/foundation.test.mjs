// End to end against the release dist/ in Chromium: what a user does, then a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, ready, settle, columnAction, cardsIn, columnNames, moveCard } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** Names of the cards in a column, top to bottom. */
test('a project board: create, add columns and cards, move, edit, delete, reload', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await assert.doesNotReject(page.getByRole('heading', { name: 'Welcome to Docket' }).waitFor());

  await page.getByLabel('New project').fill('Office move');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { level: 1, name: /Office move/ }).waitFor();
  assert.match(page.url(), /#\/projects\/[0-9a-z]{20}$/);
  assert.deepEqual(await columnNames(page), ['To do', 'In progress', 'Done']);

  // Refused input says why and stores nothing.
  await page.getByRole('button', { name: 'Add card to To do' }).click();
  await assert.doesNotReject(page.getByRole('alert').filter({ hasText: "Card title can't be empty" }).waitFor());
  await page.getByRole('button', { name: 'Dismiss' }).click();

  // A new column goes just before the done column (issue 17).
  await page.getByLabel('New column').fill('Review');
  await page.getByRole('button', { name: 'Add column' }).click();
  assert.deepEqual(await columnNames(page), ['To do', 'In progress', 'Review', 'Done']);
  await page.getByRole('button', { name: 'Rename column Review' }).click();
  await page.getByRole('textbox', { name: 'Column name' }).fill('QA');
  await page.getByRole('textbox', { name: 'Column name' }).press('Enter');
  await columnAction(page, 'QA', 'Move column left');
  assert.deepEqual(await columnNames(page), ['To do', 'QA', 'In progress', 'Done']);
  await columnAction(page, 'QA', 'Move column right');
  assert.deepEqual(await columnNames(page), ['To do', 'In progress', 'QA', 'Done']);

  for (const t of ['Book movers', 'Pack archive', 'Order boxes']) {
    await page.getByRole('textbox', { name: 'New card in To do' }).fill(t);
    await page.getByRole('textbox', { name: 'New card in To do' }).press('Enter');
  }
  assert.deepEqual(await cardsIn(page, 'To do'), ['Book movers', 'Pack archive', 'Order boxes']);

  // A move by button, then by keyboard, announced in the live region.
  await moveCard(page, 'Book movers', 'right');
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Book movers']);
  await page.getByRole('button', { name: 'Order boxes', exact: true }).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await settle(page); // focus follows the moved card on the next frame
  assert.deepEqual(await cardsIn(page, 'To do'), ['Order boxes', 'Pack archive']);
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Moved “Order boxes” to To do, position 1 of 2.' }).waitFor());
  // Focus stays on the moved card, so the next key press moves it again.
  await page.keyboard.press('Alt+ArrowRight');
  await settle(page); // focus follows the moved card on the next frame
  await page.keyboard.press('Alt+ArrowDown');
  await settle(page); // focus follows the moved card on the next frame
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Book movers', 'Order boxes']);

  // Edit a card in its dialog.
  await page.getByRole('button', { name: 'Pack archive', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await dialog.getByLabel('Description').fill('Boxes 1–40 in the basement.\nLabel each by shelf.');
  await dialog.getByLabel('Title').fill('Pack the archive');
  await dialog.getByRole('button', { name: 'Save card' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // Delete the Done column, with confirmation.
  await columnAction(page, 'Done', 'Delete column');
  await page.getByRole('dialog', { name: 'Delete column “Done”?' }).getByRole('button', { name: 'Delete column' }).click();
  assert.deepEqual(await columnNames(page), ['To do', 'In progress', 'QA']);

  // Reload: everything is still there, and the deep link opened the same board.
  const url = page.url();
  await page.reload();
  await ready(page);
  assert.equal(page.url(), url);
  await page.getByRole('heading', { level: 1, name: /Office move/ }).waitFor();
  assert.deepEqual(await columnNames(page), ['To do', 'In progress', 'QA']);
  assert.deepEqual(await cardsIn(page, 'To do'), ['Pack the archive']);
  assert.deepEqual(await cardsIn(page, 'In progress'), ['Book movers', 'Order boxes']);
  await page.getByRole('button', { name: 'Pack the archive', exact: true }).click();
  assert.equal(await page.getByLabel('Description').inputValue(), 'Boxes 1–40 in the basement.\nLabel each by shelf.');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // Stored as one key per project, under a schema version.
  const keys = await page.evaluate(() => Object.keys(localStorage).sort());
  assert.equal(keys.filter((k) => k.startsWith('docket:p:')).length, 1);
  assert.equal(await page.evaluate(() => localStorage.getItem('docket:schema')), '8');

  // Rename and delete the project from the list, with confirmation.
  await page.getByRole('link', { name: 'Projects', exact: true }).first().click();
  await page.getByRole('button', { name: 'Rename project Office move' }).click();
  await page.getByRole('textbox', { name: 'Project name' }).fill('Office move 2027');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('link', { name: 'Office move 2027' }).waitFor();
  await page.getByRole('button', { name: 'Delete project Office move 2027' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete “Office move 2027”?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('link', { name: 'Office move 2027' }).waitFor();
  await page.getByRole('button', { name: 'Delete project Office move 2027' }).click();
  await confirm.getByRole('button', { name: 'Delete project' }).click();
  await page.getByRole('link', { name: 'Office move 2027' }).waitFor({ state: 'detached' });
  // It waits in the trash: restore it, delete it again, then delete it forever.
  await page.getByRole('button', { name: 'Restore project Office move 2027' }).click();
  await page.getByRole('link', { name: 'Office move 2027' }).waitFor();
  await page.getByRole('button', { name: 'Delete project Office move 2027' }).click();
  await confirm.getByRole('button', { name: 'Delete project' }).click();
  await page.getByRole('button', { name: 'Delete project Office move 2027 forever' }).click();
  await page.getByRole('dialog', { name: 'Delete “Office move 2027” forever?' }).getByRole('button', { name: 'Delete forever' }).click();
  await page.getByRole('heading', { name: 'Trash' }).waitFor({ state: 'detached' });
  await page.reload();
  await ready(page);
  assert.equal(await page.getByRole('link', { name: 'Office move 2027' }).count(), 0);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('docket:p:')).length), 0);

  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a checklist: create, add items, reorder, run, tick, reload', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url + '#/operations');
  await ready(page);
  await page.getByLabel('New checklist').fill('Closing checks');
  await page.getByRole('button', { name: 'Create checklist' }).click();
  await page.getByRole('heading', { level: 1, name: /Closing checks/ }).waitFor();
  await page.getByLabel('New section').fill('Building');
  await page.getByRole('button', { name: 'Add section' }).click();
  for (const text of ['Lights off', 'Alarm set', 'Doors locked']) {
    const form = page.getByRole('form', { name: 'Add an item to Building' });
    await form.getByLabel('New item in Building').fill(text);
    await form.getByRole('button', { name: 'Add item' }).click();
    await page.getByRole('list', { name: 'Items in Building' }).getByText(text, { exact: true }).waitFor();
  }
  await page.getByRole('button', { name: 'Move item Doors locked up' }).click();
  await settle(page);
  assert.deepEqual(
    await page.getByRole('list', { name: 'Items in Building' }).locator('.item-text').allInnerTexts(),
    ['Lights off', 'Doors locked', 'Alarm set'],
  );
  await page.getByRole('button', { name: 'Start a run' }).click();
  await page.getByText('0 of 3 answered').first().waitFor();
  await page.getByRole('checkbox', { name: 'Lights off' }).check();
  await page.getByRole('checkbox', { name: 'Alarm set' }).check();
  await page.getByText('2 of 3 answered').first().waitFor();
  assert.match(page.url(), /#\/runs\/[0-9a-z]{20}$/);

  await page.reload();
  await ready(page);
  await page.getByText('2 of 3 answered').first().waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'Lights off' }).isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: 'Doors locked' }).isChecked(), false);
  await page.getByRole('checkbox', { name: 'Alarm set' }).uncheck();
  await page.getByText('1 of 3 answered').first().waitFor();
  await page.reload();
  await ready(page);
  await page.getByText('1 of 3 answered').first().waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('sample data, and a deep link reloaded under a sub-path on a plain static server', async () => {
  const ctx = await browser.newContext();
  // The server has no rewrite rules: a path it does not have is a 404 (checked on a page of
  // its own, whose console errors are the point).
  const probe = await ctx.newPage();
  const res = await probe.goto(server.sub + 'projects/anything');
  assert.equal(res.status(), 404);
  await probe.close();
  const page = await newPage(ctx);

  await page.goto(server.sub);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.getByRole('link', { name: 'Website relaunch' }).click();
  await page.getByRole('heading', { level: 1, name: /Website relaunch/ }).waitFor();
  const deep = page.url();
  assert.ok(deep.startsWith(server.sub + '#/projects/'), deep);

  // A colleague's shared link, opened fresh in a new tab of the same browser.
  const other = await newPage(ctx);
  await other.goto(deep);
  await ready(other);
  await other.getByRole('heading', { level: 1, name: /Website relaunch/ }).waitFor();
  assert.deepEqual(await cardsIn(other, 'Done'), ['Kick-off with stakeholders', 'Analytics baseline']);

  // Every view of the sample renders without console errors.
  await other.getByRole('link', { name: 'Operations' }).click();
  await other.getByRole('link', { name: 'Daily opening checks' }).click();
  await other.getByRole('heading', { level: 1, name: /Daily opening checks/ }).waitFor();
  await other.getByRole('link', { name: 'Run history' }).click();
  await other.locator('.history-table tbody tr a').first().click();
  await other.getByText(/answered/).first().waitFor();
  await other.goto(server.sub + '#/projects/doesnotexist');
  await other.getByRole('heading', { name: "This project isn't here" }).waitFor();
  assert.deepEqual(page.errors, []);
  assert.deepEqual(other.errors, []);
  await ctx.close();
});

test('a write the browser refuses is reported and the stored data stays as it was', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByLabel('New project').fill('Quota test');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { level: 1, name: /Quota test/ }).waitFor();
  const before = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).filter(([k]) => k.startsWith('docket:')).sort()));

  // Fill the origin's quota with filler so the next write throws QuotaExceededError.
  await page.evaluate(() => {
    let chunk = 'x'.repeat(512 * 1024);
    let i = 0;
    while (chunk.length >= 16) {
      try { localStorage.setItem(`filler:${i++}`, chunk); } catch { chunk = chunk.slice(0, chunk.length / 2); }
    }
  });
  await page.getByRole('textbox', { name: 'New card in To do' }).fill('A card that cannot be saved');
  await page.getByRole('button', { name: 'Add card to To do' }).click();
  await page.getByRole('alert').filter({ hasText: 'storage for Docket is full' }).waitFor();
  // The edit is kept on screen...
  assert.deepEqual(await cardsIn(page, 'To do'), ['A card that cannot be saved']);
  // ...and what is stored is exactly the earlier state.
  const afterFail = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).filter(([k]) => k.startsWith('docket:')).sort()));
  assert.equal(afterFail, before);
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler:')).forEach((k) => localStorage.removeItem(k)));
  await page.reload();
  await ready(page);
  assert.deepEqual(await cardsIn(page, 'To do'), []);
  // Errors logged by the page itself would show here; the refused write is handled, not thrown.
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
