// End to end: a project's charter, closing it, and its close-out report (shown, reloaded,
// downloaded, reopened).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
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

async function openTab(page, name) {
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('link', { name, exact: true }).click();
}

test('charter, close with lessons, report figures, reload, download, reopen', async () => {
  const ctx = await browser.newContext({ acceptDownloads: true });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);

  await page.getByLabel('New project').fill('Office move');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { level: 1, name: /Office move/ }).waitFor();

  // ---- the charter ----
  await openTab(page, 'Charter');
  const form = page.getByRole('form', { name: 'Edit the charter' });
  await form.getByLabel('Objective').fill('Move the team to the new floor by the end of the quarter.');
  await form.getByLabel('In scope').fill('Desks, archive, network');
  await form.getByLabel('Out of scope').fill('New furniture');
  await form.getByRole('button', { name: 'Add deliverable' }).click();
  // The new row's field gets focus (after the next frame), so typing goes straight in.
  const first = form.getByLabel('Deliverable 1', { exact: true });
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Deliverable 1'
    || document.activeElement?.labels?.[0]?.textContent === 'Deliverable 1' || document.activeElement?.id?.includes('deliverable'));
  await page.keyboard.type('Floor plan');
  assert.equal(await first.inputValue(), 'Floor plan');
  await form.getByRole('button', { name: 'Add deliverable' }).click();
  await form.getByLabel('Deliverable 2', { exact: true }).fill('Moved desks');
  await form.getByRole('button', { name: 'Add deliverable' }).click();
  await form.getByLabel('Deliverable 3', { exact: true }).fill('Scrap this one');
  await form.getByRole('button', { name: 'Remove deliverable 3' }).click();
  assert.equal(await form.getByLabel('Deliverable 3', { exact: true }).count(), 0);
  await form.getByLabel('Start date').fill(isoDay(-30));
  await form.getByLabel('Target end date').fill(isoDay(-3));
  await form.getByLabel('Budget', { exact: true }).fill('12,500');
  assert.equal(await form.getByLabel('Currency').inputValue(), 'EUR');
  await form.getByRole('button', { name: 'Add stakeholder' }).click();
  await form.getByLabel('Stakeholder 1 name').fill('Ana Ruiz');
  await form.getByLabel('Stakeholder 1 role').fill('Sponsor');
  await form.getByRole('button', { name: 'Add stakeholder' }).click();
  await form.getByLabel('Stakeholder 2 name').fill('Landlord');
  await form.getByLabel('Stakeholder 2 is external').check();
  await form.getByLabel('Status').selectOption({ label: 'Active' });

  // A refused charter says why and keeps the form as typed.
  await form.getByLabel('Currency').fill('EU');
  await form.getByRole('button', { name: 'Save charter' }).click();
  await page.getByRole('alert').filter({ hasText: 'not a currency code' }).waitFor();
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await form.getByLabel('Currency').fill('eur');
  await form.getByRole('button', { name: 'Save charter' }).click();
  await page.getByRole('status').filter({ hasText: 'Charter saved.' }).waitFor();

  const summary = page.getByRole('region', { name: 'Charter at a glance' });
  await summary.getByText('12,500.00 EUR').waitFor();
  await summary.getByText('Floor plan').waitFor();
  await summary.getByText('Landlord (external)').waitFor();
  assert.equal(await form.getByLabel('Currency').inputValue(), 'EUR');
  assert.equal(await form.getByLabel('Stakeholder 2 is external').isChecked(), true);
  assert.equal(await form.getByLabel('Deliverable 1', { exact: true }).inputValue(), 'Floor plan');

  // ---- the board ----
  await openTab(page, 'Board');
  for (const t of ['Book movers', 'Pack archive', 'Order boxes']) {
    await page.getByRole('textbox', { name: 'New card in To do' }).fill(t);
    await page.getByRole('textbox', { name: 'New card in To do' }).press('Enter');
  }
  await moveCard(page, 'Book movers', 'right');
  await moveCard(page, 'Book movers', 'right');
  await page.getByRole('list', { name: 'Cards in Done' }).getByText('Book movers').waitFor();

  // ---- closing ----
  await openTab(page, 'Report');
  const report = page.getByRole('article', { name: /Close-out report/ });
  await report.getByText('Not closed yet').waitFor();
  assert.equal(await page.getByRole('form', { name: 'Close the project' }).getByLabel('Closing day').inputValue(), isoDay(0));
  await page.getByRole('form', { name: 'Close the project' }).getByLabel('Lessons learned').fill('Book the lift early.\nLabel every box.');
  await page.getByRole('button', { name: 'Close project' }).click();
  // Two cards are still open: closing asks first, naming how many.
  const closeConfirm = page.getByRole('dialog', { name: 'Close with 2 open cards?' });
  await closeConfirm.getByRole('button', { name: 'Close anyway' }).click();
  await page.getByText('This project is closed').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Close project' }).count(), 0);

  const checkReport = async () => {
    await report.getByRole('heading', { name: 'Cards done (1)' }).waitFor();
    await report.getByRole('heading', { name: 'Cards not done (2)' }).waitFor();
    const text = await report.innerText();
    assert.match(text, /Close-out report: Office move/);
    assert.match(text, /3 days late/);
    assert.match(text, /Budget \(charter\)\s+12,500\.00 EUR/);
    assert.match(text, /Actual so far\s+0\.00 EUR/);
    assert.match(text, /Spent so far: 12,500\.00 EUR under budget/);
    assert.match(text, /Book the lift early\.\s+Label every box\./);
    assert.match(text, /Objective: Move the team/);
    const done = await report.getByRole('region', { name: 'Cards done (1)' }).getByRole('listitem').allInnerTexts();
    assert.deepEqual(done, ['Book movers']);
    const notDone = await report.getByRole('region', { name: 'Cards not done (2)' }).getByRole('listitem').allInnerTexts();
    assert.deepEqual(notDone.sort(), ['Order boxes', 'Pack archive']);
  };
  await checkReport();

  // ---- reload: still closed, same report ----
  await page.reload();
  await ready(page);
  await page.getByText('This project is closed').waitFor();
  await checkReport();

  // ---- download ----
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report (HTML)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `docket-report-office-move-${isoDay(0)}.html`);
  const html = await fs.readFile(await download.path(), 'utf8');
  assert.match(html, /<title>Close-out report: Office move<\/title>/);
  assert.match(html, /Cards done \(1\)/);
  assert.match(html, /Book the lift early\./);
  assert.doesNotMatch(html, /<script/);

  // Print is there (not clicked: headless print would block) and the print sheet hides the chrome.
  await page.getByRole('button', { name: 'Print report' }).waitFor();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.app-header').isVisible(), false);
  assert.equal(await page.locator('.tabs').isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Download report (HTML)' }).isVisible(), false);
  assert.equal(await report.isVisible(), true);
  await page.emulateMedia({ media: 'screen' });

  // ---- reopen, after confirming ----
  await page.getByRole('button', { name: 'Reopen project' }).click();
  const confirm = page.getByRole('dialog', { name: 'Reopen “Office move”?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await page.getByText('This project is closed').waitFor();
  await page.getByRole('button', { name: 'Reopen project' }).click();
  await confirm.getByRole('button', { name: 'Reopen project' }).click();
  await page.getByRole('button', { name: 'Close project' }).waitFor();
  await report.getByText('Not closed yet').waitFor();
  // The lessons are kept for the next close.
  assert.equal(await page.getByRole('form', { name: 'Close the project' }).getByLabel('Lessons learned').inputValue(), 'Book the lift early.\nLabel every box.');

  assert.deepEqual(page.errors, []);
  await ctx.close();
});
