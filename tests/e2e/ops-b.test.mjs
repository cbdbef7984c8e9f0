// End to end in Chromium: the Today view, a run of a checklist (answers by type, a failure,
// required items, sign-off, read-only once completed) and a corrective-action card.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, ready, settle, cardsIn, moveCard } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const TID = 'opsbtemplate00000001';

/**
 * Stores a daily checklist starting today (as an import would: one plain-JSON record),
 * with one item of each answer type, one section, guidance and a number range.
 */
async function storeDailyTemplate(page) {
  await page.evaluate((tid) => {
    const d = new Date();
    const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const at = d.toISOString();
    const item = (id, rank, text, answer, extra = {}) =>
      ({ id, created: at, updated: at, text, rank, required: true, answer, ...extra });
    const t = {
      id: tid, created: at, updated: at, name: 'Daily opening checks',
      area: 'Compliance and safety', recurrence: { every: 'daily' }, starts: day,
      sections: [{ id: 'opsbsection000000001', name: 'Safety' }],
      items: [
        item('opsbitem000000000001', 'V', 'Fridge temperature',
          { type: 'number', unit: '°C', min: 0, max: 5 }, { guidance: 'Read the display inside the door.' }),
        item('opsbitem000000000002', 'd', 'Floor is dry', { type: 'done' }),
        item('opsbitem000000000003', 'k', 'Fire exits clear', { type: 'pass_fail' },
          { section: 'opsbsection000000001' }),
        item('opsbitem000000000004', 'r', 'Comments', { type: 'text' }, { required: false }),
      ],
      version: 1,
    };
    localStorage.setItem('docket:t:' + tid, JSON.stringify(t));
  }, TID);
}

/** The row of a run item, found by the item's text. */
function itemRow(page, text) {
  return page.locator('li.run-item').filter({ has: page.locator('.run-item-text', { hasText: text }) });
}

test('Today with nothing scheduled says so and links to create a checklist', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url + '#/today');
  await ready(page);
  await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  await page.getByRole('heading', { name: 'Nothing is scheduled' }).waitFor();
  const link = page.getByRole('link', { name: 'Create a checklist' });
  assert.match(await link.getAttribute('href'), /#\/operations$/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a daily checklist: due today, run with a failure, refused then completed, corrective action, read-only after reload', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);

  // A project to receive the corrective action.
  await page.getByLabel('New project').fill('Facilities');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { level: 1, name: /Facilities/ }).waitFor();
  const projectUrl = page.url();

  await storeDailyTemplate(page);
  await page.goto(server.url + '#/today');
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  const dueToday = page.getByRole('list', { name: 'Due today' });
  await dueToday.getByRole('link', { name: 'Daily opening checks' }).waitFor();
  assert.match(await dueToday.innerText(), /Compliance and safety/);
  assert.match(await dueToday.innerText(), /Due today/);

  // One click starts it.
  await dueToday.getByRole('button', { name: /^Start Daily opening checks for / }).click();
  await page.getByRole('heading', { level: 1, name: 'Daily opening checks' }).waitFor();
  assert.match(page.url(), /#\/runs\/[0-9a-z]+$/);
  const runUrl = page.url();
  await page.getByText('Version 1').waitFor();
  await page.getByText(/^Scheduled run for /).waitFor();
  await page.getByText('0 of 4 answered').first().waitFor();
  assert.equal(await page.getByRole('heading', { level: 2, name: 'Safety' }).count(), 1);
  await page.getByText('Read the display inside the door.').waitFor();
  await page.getByText('Allowed: 0 to 5 °C').waitFor();

  // Answers by type; a Fail is highlighted with text, not colour alone.
  await page.getByRole('textbox', { name: 'Fridge temperature' }).fill('4,5');
  await page.getByRole('textbox', { name: 'Fridge temperature' }).press('Tab');
  await page.getByText('1 of 4 answered').first().waitFor();
  assert.equal(await itemRow(page, 'Fridge temperature').getByText('Failed').count(), 0);
  await page.getByRole('radiogroup', { name: 'Fire exits clear' }).getByRole('radio', { name: 'Fail' }).check();
  await itemRow(page, 'Fire exits clear').getByText('Failed', { exact: true }).waitFor();
  await page.getByText('1 failed item').waitFor();
  await itemRow(page, 'Fire exits clear').getByText('Add note').click();
  await page.getByRole('textbox', { name: 'Note on Fire exits clear' }).fill('Boxes in the **east** corridor');
  await page.getByRole('textbox', { name: 'Note on Fire exits clear' }).press('Tab');
  await page.getByRole('textbox', { name: 'Comments' }).fill('Quiet morning');
  await page.getByRole('textbox', { name: 'Comments' }).press('Tab');
  await page.getByText('3 of 4 answered').first().waitFor();

  // Half-done: Today offers to resume it.
  await page.goto(server.url + '#/today');
  await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  await page.getByRole('list', { name: 'Due today' }).getByText('3 of 4 answered').waitFor();
  await page.getByRole('button', { name: /^Resume Daily opening checks, run for / }).click();
  await page.getByRole('heading', { level: 1, name: 'Daily opening checks' }).waitFor();
  assert.equal(page.url(), runUrl);

  // Completing with a required item unanswered is refused, and focus goes to it.
  await page.getByRole('button', { name: 'Complete run' }).click();
  await page.getByRole('alert').filter({ hasText: 'Answer the required items first: “Floor is dry”.' }).waitFor();
  await settle(page);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'run-item-opsbitem000000000002-answer');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByRole('checkbox', { name: 'Floor is dry' }).check();
  await page.getByLabel('Signed off by (optional)').fill('Dana Lee');
  await page.getByRole('button', { name: 'Complete run' }).click();
  await page.getByText(/^✓? ?Completed on .+, signed off by Dana Lee\.$/).waitFor();
  assert.equal(await page.getByRole('checkbox').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Complete run' }).count(), 0);

  // A corrective action from the failed item, on the project's board.
  await page.getByRole('button', { name: 'Create corrective action for Fire exits clear' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create corrective action' });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel('Project').inputValue() !== '', true);
  await dialog.getByRole('button', { name: 'Create card' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const actions = itemRow(page, 'Fire exits clear').getByRole('list', { name: 'Corrective actions' });
  await actions.getByRole('link', { name: 'Fix: Fire exits clear' }).waitFor();
  await actions.getByText('Status: To do').waitFor();

  await actions.getByRole('link', { name: 'Fix: Fire exits clear' }).click();
  await page.getByRole('heading', { level: 1, name: /Facilities/ }).waitFor();
  // The link is the card's own: the board opens with its dialog.
  assert.match(page.url(), new RegExp(`^${projectUrl.replace(/[.?]/g, '\\$&')}/cards/[0-9a-z]+$`));
  const cardDialog = page.locator('dialog.card-dialog[open]');
  await cardDialog.waitFor();
  assert.equal(await cardDialog.getByLabel('Title', { exact: true }).inputValue(), 'Fix: Fire exits clear');
  await page.keyboard.press('Escape');
  await cardDialog.waitFor({ state: 'hidden' });
  assert.deepEqual(await cardsIn(page, 'To do'), ['Fix: Fire exits clear']);
  // Done on the board → "Done" on the run.
  await moveCard(page, 'Fix: Fire exits clear', 'right');
  await moveCard(page, 'Fix: Fire exits clear', 'right');
  assert.deepEqual(await cardsIn(page, 'Done'), ['Fix: Fire exits clear']);

  // After a reload the run is read-only and shows the card's status.
  await page.goto(runUrl);
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: 'Daily opening checks' }).waitFor();
  await page.getByText(/Completed on .+, signed off by Dana Lee\./).waitFor();
  assert.equal(await page.getByRole('textbox').count(), 0);
  assert.equal(await page.getByRole('radio').count(), 0);
  assert.match(await itemRow(page, 'Fire exits clear').innerText(), /Fail/);
  assert.match(await itemRow(page, 'Fire exits clear').innerText(), /Note:\s+Boxes in the east corridor/);
  // The note is Markdown: its strong word is an element, the marks gone.
  assert.equal(await itemRow(page, 'Fire exits clear').locator('.run-note-text strong').innerText(), 'east');
  assert.match(await itemRow(page, 'Fridge temperature').innerText(), /4\.5 °C/);
  await itemRow(page, 'Fire exits clear').getByText('Status: Done').waitFor();

  // Today no longer lists it as due.
  await page.goto(server.url + '#/today');
  await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  await page.getByRole('list', { name: 'Next 7 days' }).waitFor();
  assert.equal(await page.getByRole('list', { name: 'Due today' }).count(), 0);

  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a daily checklist made in the editor is due on Today and starts in one click', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url + '#/operations');
  await ready(page);
  await page.getByLabel('New checklist').fill('Closing checks');
  await page.getByRole('button', { name: 'Create checklist' }).click();
  await page.getByRole('heading', { level: 1, name: /Closing checks/ }).waitFor();
  for (const [text, kind] of [['Lights off', 'done'], ['Back door locked', 'passfail']]) {
    await page.getByLabel('New item', { exact: true }).fill(text);
    await page.getByLabel('Answer type', { exact: true }).first().selectOption(kind);
    await page.getByRole('button', { name: 'Add item' }).first().click();
    await page.getByText(text).first().waitFor();
  }
  await page.getByLabel('Schedule', { exact: true }).selectOption('daily');
  await page.getByRole('button', { name: 'Save details' }).click();
  await settle(page);

  await page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: 'Today' }).click();
  await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  await page.getByRole('list', { name: 'Due today' })
    .getByRole('button', { name: /^Start Closing checks for / }).click();
  await page.getByRole('heading', { level: 1, name: 'Closing checks' }).waitFor();
  await page.getByRole('checkbox', { name: 'Lights off' }).waitFor();
  await page.getByRole('radiogroup', { name: 'Back door locked' }).getByRole('radio', { name: 'Pass' }).check();
  await page.getByText('1 of 2 answered').first().waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
