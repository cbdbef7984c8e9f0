// End to end in Chromium, issue 17 (a manager's first day), the operations side:
// friction 8 (a corrective action with an assignee, a due date and a priority, on a new
// project if need be; the run links to the card itself, whose URL opens its dialog; no
// second action for one failure) and friction 9 (Today lists a repeat once with its next
// dates, shows what was done today with who and when, and lets a manager skip an occurrence
// with a reason, kept in the run history and counted apart in the analytics).
// DOCKET_SHOTS=<dir> keeps the screenshots of a run, the dialog and Today (1366×860 and
// 390×844, light and dark).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, ready, tempDir, axe } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const shots = process.env.DOCKET_SHOTS || tempDir('firstday-ops');

async function withSample(viewport = { width: 1366, height: 860 }, colorScheme = 'light') {
  // (axe is injected as a script file, which the app's CSP blocks: pwa.test.mjs tests the CSP.)
  const ctx = await browser.newContext({ viewport, colorScheme, bypassCSP: true });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.getByRole('link', { name: 'Website relaunch' }).waitFor();
  return { ctx, page };
}

/** Opens the run history of "Daily opening checks" and the latest run with a failure whose item has no action yet. */
async function openFailedRun(page) {
  await page.goto(server.url + '#/today');
  await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  await page.getByRole('link', { name: 'Daily opening checks' }).first().click();
  await page.getByRole('heading', { level: 1, name: /Daily opening checks/ }).waitFor();
  await page.getByRole('link', { name: 'Run history' }).click();
  const rows = page.locator('tr.has-failures th a');
  await rows.first().waitFor();
  for (let i = 0; i < await rows.count(); i++) {
    await rows.nth(i).click();
    await page.locator('.run-page h1').waitFor();
    if (await page.locator('button.raise-action').count() > 0) return page.url();
    await page.goBack();
    await rows.first().waitFor();
  }
  throw new Error('no run with a failure left to act on');
}

test('a corrective action: assignee, due date, priority, a new project, a link to the card itself, and no second action', async () => {
  const { ctx, page } = await withSample();
  const runUrl = await openFailedRun(page);
  const raise = page.locator('button.raise-action').first();
  const label = await raise.getAttribute('aria-label');
  const item = label.replace('Create corrective action for ', '');
  const row = page.locator('li.run-item').filter({ has: page.locator('.run-item-text', { hasText: item }) });
  await raise.click();
  const dialog = page.getByRole('dialog', { name: 'Create corrective action' });
  await dialog.waitFor();
  await page.screenshot({ path: `${shots}/action-dialog-1366-light.png` });

  // A new project from the dialog: a blank name is refused next to the fields, nothing made.
  await dialog.getByLabel('Project').selectOption({ label: 'New project…' });
  await dialog.getByLabel("New project's name").waitFor();
  await dialog.getByRole('button', { name: 'Create card' }).click();
  await dialog.getByRole('alert').filter({ hasText: /Project name/ }).waitFor();
  assert.equal(await dialog.isVisible(), true);
  assert.equal(await dialog.getByLabel("New project's name").getAttribute('aria-invalid'), 'true');
  await axe(page, 'corrective action dialog');

  await dialog.getByLabel("New project's name").fill('Kitchen repairs');
  await dialog.getByLabel('Assignee').selectOption({ label: 'Ana Lima' });
  await dialog.getByLabel('Due date').fill('2026-12-18');
  await dialog.getByLabel('Priority').selectOption({ label: 'High' });
  await dialog.getByRole('button', { name: 'Create card' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // The run links to the card itself, and offers no second action for that failure.
  const link = row.getByRole('list', { name: 'Corrective actions' }).getByRole('link', { name: `Fix: ${item}` });
  await link.waitFor();
  await row.getByText('on Kitchen repairs').waitFor();
  assert.equal(await row.locator('button.raise-action').count(), 0);
  const href = await link.getAttribute('href');
  assert.match(href, /^#\/projects\/[0-9a-z]+\/cards\/[0-9a-z]+$/);

  // The card's URL opens the board with the card's dialog, with the fields chosen.
  await link.click();
  await page.getByRole('heading', { level: 1, name: /Kitchen repairs/ }).waitFor();
  const card = page.locator('dialog.card-dialog[open]');
  await card.waitFor();
  assert.equal(await card.getByLabel('Title', { exact: true }).inputValue(), `Fix: ${item}`);
  assert.equal(await card.getByLabel('Priority').inputValue(), 'high');
  assert.equal(await card.getByLabel('Due date', { exact: true }).inputValue(), '2026-12-18');
  assert.match(await card.getByRole('list', { name: 'Assigned people' }).innerText(), /Ana Lima/);

  // A reload of the link opens it again; closing the dialog shows the board.
  await page.reload();
  await ready(page);
  await card.waitFor();
  await page.keyboard.press('Escape');
  await card.waitFor({ state: 'hidden' });
  const todo = page.getByRole('list', { name: 'Cards in To do' });
  await todo.getByText(`Fix: ${item}`).waitFor();
  assert.equal(new URL(page.url()).hash, href.replace(/\/cards\/[0-9a-z]+$/, ''), 'closed: the board\'s address');
  // A card opened on the board gives the address bar its own link.
  await todo.locator('.card-title', { hasText: `Fix: ${item}` }).click();
  await card.waitFor();
  assert.equal(new URL(page.url()).hash, href);
  await page.keyboard.press('Escape');
  await card.waitFor({ state: 'hidden' });

  // A card id that is not on the board says so, and shows the board.
  const missing = href.replace(/cards\/[0-9a-z]+$/, 'cards/nosuchcard00');
  await page.goto(server.url + missing);
  await page.getByRole('alert').filter({ hasText: 'There is no card nosuchcard00 on this board' }).waitFor();
  await page.getByRole('list', { name: 'Cards in To do' }).getByText(`Fix: ${item}`).waitFor();
  assert.equal(await page.locator('dialog.card-dialog[open]').count(), 0);

  // After a reload the run still shows the link and no second "Create corrective action".
  await page.goto(runUrl);
  await page.reload();
  await ready(page);
  await row.getByRole('link', { name: `Fix: ${item}` }).waitFor();
  assert.equal(await row.locator('button.raise-action').count(), 0);
  await page.screenshot({ path: `${shots}/run-1366-light.png`, fullPage: true });

  // The portfolio counts it among the open actions; the figure leads to their list.
  await page.goto(server.url + '#/portfolio');
  const panel = page.getByRole('complementary', { name: 'Operations this week' });
  const figure = panel.locator('dt', { hasText: 'Corrective actions open' }).locator('xpath=following-sibling::dd[1]').getByRole('link');
  await figure.click();
  await page.waitForFunction(() => document.activeElement?.id === 'ops-actions-heading');
  assert.match(page.url(), /#\/portfolio$/);
  await panel.getByRole('link', { name: `Fix: ${item}` }).waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

/** Stores a daily checklist with one "done" item, starting a week ago (as an import would). */
async function storeClosingWalk(page) {
  await page.evaluate(() => {
    const d = new Date(Date.now() - 7 * 86400000);
    const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const at = new Date().toISOString();
    localStorage.setItem('docket:t:e2eclosingwalk0000001', JSON.stringify({
      id: 'e2eclosingwalk0000001', created: at, updated: at, name: 'Closing walk',
      recurrence: { every: 'daily' }, starts: day, version: 1,
      items: [{ id: 'e2eclosingitem000001', created: at, updated: at, text: 'Alarm set', rank: 'V', required: true, answer: { type: 'done' } }],
    }));
  });
}

test('Today: a repeat once with its dates, done today with who and when, skip with a reason, counted apart', async () => {
  const { ctx, page } = await withSample();
  await storeClosingWalk(page);
  await page.goto(server.url + '#/today');
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();

  // A daily checklist shows once in "Next 7 days", with its next dates; no primary Start there.
  const next = page.getByRole('list', { name: 'Next 7 days' });
  const daily = next.locator('li').filter({ has: page.getByRole('link', { name: 'Closing walk', exact: true }) });
  assert.equal(await daily.count(), 1);
  assert.match(await daily.innerText(), /Next \w{3} \d+ \w{3} \d{4} · then (\w{3} \d+, ){5}\w{3} \d+/);
  assert.equal(await next.locator('button.primary').count(), 0);
  await next.getByRole('button', { name: /^Start early: Closing walk for / }).waitFor();
  const dueToday = page.getByRole('list', { name: 'Due today' });
  assert.equal(await dueToday.locator('button.primary', { hasText: 'Start' }).count() > 0, true);

  // Skip today's "Daily opening checks": a reason is required, said next to the field.
  await dueToday.getByRole('button', { name: /^Skip or excuse Daily opening checks for / }).click();
  const dialog = page.getByRole('dialog', { name: 'Skip or excuse an occurrence' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Skip occurrence' }).click();
  await dialog.getByRole('alert').filter({ hasText: /Reason/ }).waitFor();
  assert.equal(await dialog.getByLabel('Reason').getAttribute('aria-invalid'), 'true');
  await axe(page, 'skip dialog');
  await dialog.getByLabel('Reason').fill('Site closed for a deep clean');
  await dialog.getByRole('button', { name: 'Skip occurrence' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const done = page.getByRole('list', { name: 'Done today' });
  await done.getByText(/Skipped at \d\d:\d\d: Site closed for a deep clean/).waitFor();
  assert.equal(await dueToday.getByRole('link', { name: 'Daily opening checks' }).count(), 0);

  // Run today's "Closing walk" and complete it: done today, by whom and when.
  await dueToday.getByRole('button', { name: /^Start Closing walk for / }).click();
  await page.getByRole('heading', { level: 1, name: 'Closing walk' }).waitFor();
  await page.getByLabel('Run by').selectOption({ label: 'Dev Patel' });
  await page.getByRole('checkbox', { name: 'Alarm set' }).check();
  await page.getByRole('button', { name: 'Complete run' }).click();
  await page.getByText(/Completed on .+ by Dev Patel/).waitFor();
  await page.goto(server.url + '#/today');
  await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  await done.getByText(/Completed at \d\d:\d\d by Dev Patel/).waitFor();
  await done.getByRole('button', { name: /^View run of Closing walk for / }).waitFor();
  // Neither is due any more. (Not "the list is gone": on some weekdays the sample has other
  // checklists due, and this test once failed on a Monday just past midnight.)
  const stillDue = page.getByRole('list', { name: 'Due today' });
  assert.equal(await stillDue.getByRole('link', { name: 'Closing walk', exact: true }).count(), 0);
  assert.equal(await stillDue.getByRole('link', { name: 'Daily opening checks' }).count(), 0);
  await page.screenshot({ path: `${shots}/today-1366-light.png`, fullPage: true });
  await axe(page, 'Today with done and skipped runs');

  // Kept in the run history with its reason, and counted apart in the analytics.
  await page.reload();
  await ready(page);
  await done.getByText(/Skipped at \d\d:\d\d: Site closed for a deep clean/).waitFor();
  await done.getByRole('link', { name: 'Daily opening checks' }).click();
  await page.getByRole('heading', { level: 1, name: /Daily opening checks/ }).waitFor();
  await page.getByRole('link', { name: 'Run history' }).click();
  await page.getByText('Skipped: Site closed for a deep clean').waitFor();
  await page.getByText('Skipped: Site closed for the public holiday').waitFor();
  await page.getByRole('link', { name: 'Analytics', exact: true }).last().click();
  const skipped = page.locator('.figure').filter({ hasText: 'Skipped or excused' });
  await skipped.waitFor();
  assert.equal(await skipped.locator('.figure-value').innerText(), '2');
  assert.match(await skipped.innerText(), /counted neither as missed nor as completed/);

  // The skipped run opens read-only and says why.
  await page.getByRole('navigation', { name: 'Checklist views' }).getByRole('link', { name: 'Run history' }).click();
  await page.locator('tr', { hasText: 'Skipped: Site closed for a deep clean' }).locator('th a').click();
  await page.locator('.run-page h1').waitFor();
  await page.getByText(/^Skipped or excused on .+: Site closed for a deep clean$/).waitFor();
  assert.equal(await page.locator('.run-status').innerText(), 'Skipped');
  assert.equal(await page.getByRole('button', { name: 'Complete run' }).count(), 0);
  assert.equal(await page.getByRole('radio').count(), 0);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
