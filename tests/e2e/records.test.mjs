// End to end: what a project keeps on record (issue 19, part 5) — a comment written as a
// person chosen in the card dialog, a change of due date on the card's history and on the
// project's Activity tab under that person's name, the comment deleted; the choice of person
// remembered after a reload. Every check reads what is stored, waiting on state; axe on the
// dialog and the Activity tab, on a desktop in light and a phone in dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, ready, axe, until, withSample as harnessWithSample } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const DESKTOP = { viewport: { width: 1366, height: 860 } };
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

const withSample = (opts) => harnessWithSample(browser, server, opts);

const stored = (page, pid) => page.evaluate((k) => window.__readProject(k), `docket:p:${pid}`);

test('a comment and a change are on record under the person chosen, on the card and the Activity tab', async () => {
  const { ctx, page, pid } = await withSample(DESKTOP);
  const p0 = await stored(page, pid);
  const card = p0.cards.find((c) => c.title === 'Blog migration');
  await page.goto(`${server.url}#/projects/${pid}/cards/${card.id}`);
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await dialog.waitFor();
  const ana = { id: await dialog.getByLabel('Comment as').locator('option', { hasText: 'Ana Lima' }).getAttribute('value') };

  // Who is writing: chosen once, remembered in this browser.
  await dialog.getByLabel('Comment as').selectOption({ label: 'Ana Lima' });
  await dialog.getByLabel('Add a comment').fill('Venue booked for the **launch**.');
  await dialog.getByRole('button', { name: 'Add comment' }).click();
  await until(async () => (await stored(page, pid)).cards.find((c) => c.id === card.id).comments?.length === 1, 'the comment stored');
  const c1 = (await stored(page, pid)).cards.find((c) => c.id === card.id).comments[0];
  assert.equal(c1.text, 'Venue booked for the **launch**.');
  assert.equal(c1.author, ana.id);
  const item = dialog.getByRole('listitem').filter({ hasText: 'Venue booked' });
  assert.match(await item.innerText(), /Ana Lima/);
  assert.equal(await dialog.getByLabel('Add a comment').inputValue(), '', 'the box is emptied');

  // A new due date, saved: on the card's history, by Ana, from the old date to the new.
  // A week later than it was (the sample's dates follow today's).
  const later = new Date(`${card.due}T00:00:00Z`);
  later.setUTCDate(later.getUTCDate() + 7);
  const newDue = later.toISOString().slice(0, 10);
  await dialog.getByLabel('Due date').fill(newDue);
  await dialog.getByRole('button', { name: 'Save card' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await until(async () => (await stored(page, pid)).cards.find((c) => c.id === card.id).history?.some((h) => h.what === 'due'), 'the change on record');
  const h = (await stored(page, pid)).cards.find((c) => c.id === card.id).history.find((x) => x.what === 'due');
  assert.deepEqual([h.by, h.from, h.to], [ana.id, card.due, newDue]);

  await page.goto(`${server.url}#/projects/${pid}/board`);
  await page.goto(`${server.url}#/projects/${pid}/cards/${card.id}`);
  await dialog.waitFor();
  await dialog.getByText(/^History \(1\)$/).click();
  const sentence = `Ana Lima changed the due date from ${card.due} to ${newDue}`;
  await dialog.getByText(sentence).waitFor();
  await axe(page, 'card dialog with a comment and its history');

  // The comment deleted: gone from storage, and Undo is there for it.
  await dialog.getByRole('button', { name: /^Delete the comment by Ana Lima/ }).click();
  await until(async () => ((await stored(page, pid)).cards.find((c) => c.id === card.id).comments || []).length === 0, 'the comment deleted');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // The project's Activity tab: the change, with the card it is about (a link to it).
  await page.getByRole('navigation', { name: 'Project views' }).getByRole('link', { name: 'Activity' }).click();
  const row = page.getByRole('listitem').filter({ hasText: sentence });
  await row.waitFor();
  assert.equal(await row.getByRole('link', { name: '“Blog migration”' }).getAttribute('href'), `#/projects/${pid}/cards/${card.id}`);
  await page.getByLabel('Show').selectOption({ label: 'Costs and budget' });
  await row.waitFor({ state: 'detached' });
  await page.getByLabel('Show').selectOption({ label: 'Dates' });
  await row.waitFor();
  await axe(page, 'activity tab');

  // After a reload the person chosen is still the one comments are written as.
  await page.reload();
  await ready(page);
  await page.goto(`${server.url}#/projects/${pid}/cards/${card.id}`);
  await dialog.waitFor();
  const chosen = await dialog.getByLabel('Comment as').evaluate((s) => s.selectedOptions[0].textContent);
  assert.equal(chosen, 'Ana Lima');
  await ctx.close();
});

test('the Activity tab and a card\'s comments on a phone, in dark', async () => {
  const { ctx, page, pid } = await withSample({ ...PHONE, colorScheme: 'dark' });
  const card = (await stored(page, pid)).cards[0];
  await page.goto(`${server.url}#/projects/${pid}/cards/${card.id}`);
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await dialog.waitFor();
  await dialog.getByLabel('Add a comment').tap();
  await dialog.getByLabel('Add a comment').fill('Checked on site.');
  // Ctrl+Enter adds it as well as the button.
  await dialog.getByLabel('Add a comment').press('Control+Enter');
  await until(async () => (await stored(page, pid)).cards.find((c) => c.id === card.id).comments?.length === 1, 'the comment stored');
  await dialog.getByRole('listitem').filter({ hasText: 'Checked on site.' }).getByText('Someone').waitFor();
  await axe(page, 'card dialog on a phone (dark)');
  await dialog.getByRole('button', { name: 'Cancel' }).tap();
  await page.goto(`${server.url}#/projects/${pid}/activity`);
  await page.getByRole('heading', { name: 'Activity' }).waitFor();
  await axe(page, 'activity tab on a phone (dark)');
  await ctx.close();
});
