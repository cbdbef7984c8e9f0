// End to end: the manager's views of issue 19 — the portfolio (the start page once there is
// data), the workload (capacity from the People page, a cell's cards, reassigning one) and
// the calendar (month, week, agenda, filters; a card moved by keyboard, mouse and touch;
// the .ics download). Each asserts what is stored or downloaded, and runs axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, newPage, ready, settle, axe, STORED_PROJECT_HELPERS } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** Opens a person's row for editing; the row's Name field takes focus (a frame later), so
 * typing waits for it. */
async function editPerson(page, name) {
  await page.getByRole('button', { name: `Edit ${name}` }).click();
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Name');
}

/** A context with the sample data loaded, on `hash` after a reload. */
async function withSample(opts = {}, hash = '') {
  const ctx = await browser.newContext({ acceptDownloads: true, bypassCSP: true, ...opts });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.locator('main a[href^="#/projects/"]').first().waitFor();
  await page.goto(server.url + hash);
  await page.reload();
  await ready(page);
  await page.evaluate(STORED_PROJECT_HELPERS);
  return { ctx, page };
}

const storedProject = (page, id) => page.evaluate((k) => window.__readProject(k), `docket:p:${id}`);
const storedPeople = (page) => page.evaluate(() => window.__readStored('docket:people'));

/** Days after `iso` (YYYY-MM-DD), as YYYY-MM-DD. */
const addDays = (iso, n) => {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** Waits until `f()` (async) returns something truthy; returns it. */
async function until(f, what) {
  for (let i = 0; i < 100; i++) {
    const v = await f();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('the portfolio is the start page once there is data; its figures link to their sources, it sorts and filters', async () => {
  const { ctx, page } = await withSample();
  await page.getByRole('heading', { level: 1, name: 'Portfolio' }).waitFor();
  const row = page.locator('.portfolio-table tbody tr').filter({ hasText: 'Website relaunch' });
  const board = await row.getByRole('link', { name: 'Website relaunch' }).getAttribute('href');
  const id = board.split('/')[2];
  const p = await storedProject(page, id);
  // % done is the record's: cards in the done column over all cards.
  const done = p.cards.filter((c) => c.column === p.done_column || (!p.done_column && c.column === p.columns.at(-1).id)).length;
  const pct = Math.round((done * 100) / p.cards.length);
  const doneLink = row.getByRole('link', { name: `${pct}%` });
  assert.equal(await doneLink.getAttribute('href'), `#/projects/${id}/progress`);
  assert.equal(await row.getByRole('link', { name: /open$/ }).getAttribute('href'), `#/projects/${id}/risks`);
  // The next milestone is the earliest milestone not done, and links to its card.
  const ms = p.cards.filter((c) => c.milestone && c.column !== p.done_column && !c.archived)
    .sort((a, b) => (a.due || '9999').localeCompare(b.due || '9999'))[0];
  if (ms) assert.equal(await row.getByRole('link', { name: ms.title }).getAttribute('href'), `#/projects/${id}/cards/${ms.id}`);
  // Filters: a status the project doesn't have hides it; its own shows it.
  await page.getByLabel('Status').selectOption('closed');
  await page.getByText('No project matches.').waitFor();
  await page.getByLabel('Status').selectOption(p.status || 'planning');
  await row.waitFor();
  // A person on none of its cards hides it.
  const people = await storedPeople(page);
  const onCards = new Set(p.cards.flatMap((c) => c.assignees || []));
  const idle = people.find((x) => !onCards.has(x.id));
  if (idle) {
    await page.getByLabel('Person').selectOption(idle.id);
    await page.getByText('No project matches.').waitFor();
  }
  const busy = people.find((x) => onCards.has(x.id));
  await page.getByLabel('Person').selectOption(busy.id);
  await row.waitFor();
  // Sorting by keyboard: the Project heading's button, then again the other way.
  const sortProject = page.getByRole('button', { name: 'Project', exact: true });
  await sortProject.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('th', { has: sortProject }).getAttribute('aria-sort'), 'ascending');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('th', { has: sortProject }).getAttribute('aria-sort'), 'descending');
  // Operations this week: each open corrective action links to its card, on its board.
  const panel = page.getByRole('complementary', { name: 'Operations this week' });
  await panel.waitFor();
  for (const a of await panel.locator('a[href*="/cards/"]').all()) {
    const [, , pid, , cid] = (await a.getAttribute('href')).split('/');
    const proj = await storedProject(page, pid);
    const shown = (await a.innerText()).trim();
    assert.ok(proj.cards.some((c) => c.id === cid && c.title === shown));
  }
  await axe(page, 'portfolio');
  // The header's Overview link is the current section; the projects list is one link away.
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).getAttribute('aria-current'), 'page');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('workload: capacity from the People page, a cell lists its cards, and one is reassigned from there', async () => {
  const { ctx, page } = await withSample({}, '#/people');
  // Ben's capacity: 1 hour a week.
  await editPerson(page, 'Ben Okafor');
  await page.getByLabel('Capacity, hours a week', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Save' }).click();
  const ben = await until(async () => (await storedPeople(page)).find((p) => p.name === 'Ben Okafor' && p.capacity === 1), 'capacity stored');
  await page.goto(server.url + '#/workload');
  await ready(page);
  await page.getByRole('heading', { level: 1, name: 'Workload' }).waitFor();
  // A week of Ana's with cards in it.
  const ana = (await storedPeople(page)).find((p) => p.name === 'Ana Lima');
  const cells = page.getByRole('button', { name: /^Ana Lima, week of .*[1-9]\d* cards?,/ });
  let cell = cells.first();
  for (const c of await cells.all()) {
    if (!/ 0 cards,/.test(await c.getAttribute('aria-label'))) { cell = c; break; }
  }
  await cell.click();
  assert.equal(await cell.getAttribute('aria-pressed'), 'true');
  const detail = page.locator('.cell-detail');
  await detail.getByRole('heading', { name: /^Ana Lima, week of/ }).waitFor();
  const first = detail.locator('.cell-card').first();
  const href = await first.getByRole('link').first().getAttribute('href');
  const [, , pid, , cid] = href.split('/');
  const title = (await first.getByRole('link').first().innerText()).trim();
  let c = (await storedProject(page, pid)).cards.find((x) => x.id === cid);
  assert.equal(c.title, title);
  assert.ok(c.assignees.includes(ana.id));
  // Reassign it to Ben, by keyboard.
  const select = first.getByLabel(`Reassign “${title}” to`);
  await select.selectOption(ben.id);
  await first.getByRole('button', { name: 'Reassign' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: `Reassigned “${title}” to Ben Okafor.` }).waitFor();
  c = await until(async () => {
    const x = (await storedProject(page, pid)).cards.find((y) => y.id === cid);
    return x.assignees.includes(ben.id) && !x.assignees.includes(ana.id) && x;
  }, 'the card reassigned in storage');
  // Ben now carries it; at 1 hour a week, a week with an estimated card is over capacity.
  if (c.estimate > 1) {
    await page.getByRole('button', { name: /^Ben Okafor, week of .*over capacity$/ }).first().waitFor();
  }
  await axe(page, 'workload');
  // Undo puts it back.
  await page.keyboard.press('Control+z');
  await until(async () => (await storedProject(page, pid)).cards.find((y) => y.id === cid).assignees.includes(ana.id), 'undo');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test("workload: a checklist's time per run, set in its details, counts in its owner's hours", async () => {
  const { ctx, page } = await withSample({}, '#/operations');
  await page.getByRole('link', { name: 'Daily opening checks', exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: /Daily opening checks/ }).waitFor();
  await page.getByLabel('Time per run, in minutes').fill('30');
  await page.getByRole('button', { name: 'Save details' }).click();
  await page.getByRole('status').filter({ hasText: 'Details saved.' }).waitFor();
  const t = await until(async () => {
    const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('docket:t:')));
    for (const k of keys) {
      const x = await page.evaluate((key) => window.__readStored(key), k);
      if (x.name === 'Daily opening checks' && x.minutes === 30) return x;
    }
    return false;
  }, 'the time per run stored');
  const dev = (await storedPeople(page)).find((p) => p.id === t.owner);
  await page.goto(server.url + '#/workload');
  await page.getByRole('heading', { level: 1, name: 'Workload' }).waitFor();
  // This week's cell of the owner: its checks each list half an hour, and count in its hours.
  const cell = page.getByRole('button', { name: new RegExp(`^${dev.name}, week of .*[1-9]\\d* checks?`) }).first();
  await cell.click();
  const detail = page.locator('.cell-detail');
  const runs = detail.locator('li', { hasText: 'Daily opening checks' });
  await runs.first().waitFor();
  for (const li of await runs.all()) assert.match(await li.innerText(), /· 0\.5 h$/);
  const n = await runs.count();
  const label = await cell.textContent();
  const h = Number(label.match(/: ([\d.]+) h/)[1]);
  assert.ok(h >= n * 0.5 - 0.05, `${label}: at least ${n} × 0.5 h`);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

/** The first card on the calendar: its element, project, id and due date (as stored). */
async function firstCard(page) {
  const chip = page.locator('.cal-day:not(.outside) .cal-card').first();
  await chip.waitFor();
  const pid = await chip.getAttribute('data-project');
  const cid = await chip.getAttribute('data-card');
  const card = (await storedProject(page, pid)).cards.find((c) => c.id === cid);
  return { pid, cid, card, chip: page.locator(`.cal-card[data-card="${cid}"]`) };
}

const dueOf = async (page, pid, cid) => (await storedProject(page, pid)).cards.find((c) => c.id === cid).due;

test('calendar: a card moves by keyboard and by mouse, filters and views show the record, and the .ics downloads', async () => {
  const { ctx, page } = await withSample({}, '#/calendar');
  await page.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor();
  const { pid, cid, card, chip } = await firstCard(page);
  // The card sits on its due date's day.
  assert.equal(await page.locator(`[data-day="${card.due}"] .cal-card[data-card="${cid}"]`).count(), 1);
  // Keyboard: Alt + Right moves it a day later (and its start with it).
  await chip.focus();
  await page.keyboard.press('Alt+ArrowRight');
  const next = addDays(card.due, 1);
  await until(async () => (await dueOf(page, pid, cid)) === next, 'due date +1 in storage');
  await page.getByRole('status').filter({ hasText: `Moved “${card.title}” to` }).waitFor();
  const moved = (await storedProject(page, pid)).cards.find((c) => c.id === cid);
  if (card.start) assert.equal(moved.start, addDays(card.start, 1));
  // Focus follows the card to its new day.
  await until(() => page.evaluate((id) => document.activeElement?.dataset?.card === id, cid), 'focus on the moved card');
  await page.keyboard.press('Alt+ArrowLeft');
  await until(async () => (await dueOf(page, pid, cid)) === card.due, 'due date back');
  // Mouse: drag it onto another day of the grid.
  const days = await page.locator('.cal-month [data-day]').evaluateAll((els) => els.map((e) => e.dataset.day));
  const target = days.includes(addDays(card.due, 2)) ? addDays(card.due, 2) : addDays(card.due, -2);
  const box = await chip.boundingBox();
  const to = await page.locator(`[data-day="${target}"]`).boundingBox();
  await page.mouse.move(box.x + 5, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    await page.mouse.move(box.x + 5 + ((to.x + to.width / 2 - box.x - 5) * i) / 10, box.y + box.height / 2 + ((to.y + to.height / 2 - box.y - box.height / 2) * i) / 10);
  }
  await page.mouse.up();
  await until(async () => (await dueOf(page, pid, cid)) === target, 'due date after a mouse drag');
  await page.locator(`[data-day="${target}"] .cal-card[data-card="${cid}"]`).waitFor();
  await axe(page, 'calendar month');
  // Filters: only milestones shows milestone cards only, each on its due date.
  for (const k of ['Target ends', 'Cards', 'Checklists']) await page.getByLabel(k).uncheck();
  await settle(page);
  const p = await storedProject(page, pid);
  for (const el of await page.locator('.cal-entry').all()) {
    const id = await el.getAttribute('data-card');
    const c = p.cards.find((x) => x.id === id);
    assert.ok(c && c.milestone, 'only milestones are left');
  }
  for (const k of ['Target ends', 'Cards', 'Checklists']) await page.getByLabel(k).check();
  // Week view: the week holding the card, its span drawn when it has a start.
  await page.getByRole('button', { name: 'Week', exact: true }).click();
  await settle(page);
  await axe(page, 'calendar week');
  // Agenda: each day listed in order.
  await page.getByRole('button', { name: 'Agenda', exact: true }).click();
  await page.locator('.cal-agenda').waitFor();
  await axe(page, 'calendar agenda');
  // The .ics file: the moved card's event has its new dates; each schedule has an RRULE.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export .ics' }).click()]);
  assert.match(dl.suggestedFilename(), /^docket-calendar-\d{4}-\d{2}-\d{2}\.ics$/);
  const text = fs.readFileSync(await dl.path(), 'utf8');
  assert.ok(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'));
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events = [];
  let cur = null;
  for (const l of lines) {
    if (l === 'BEGIN:VEVENT') cur = {};
    else if (l === 'END:VEVENT') { events.push(cur); cur = null; } else if (cur) {
      const i = l.indexOf(':');
      cur[l.slice(0, i).split(';')[0]] = l.slice(i + 1);
    }
  }
  const ev = events.find((e) => e.UID === `card-${cid}@docket`);
  const ymd = (iso) => iso.replaceAll('-', '');
  assert.equal(ev.DTEND, ymd(addDays(target, 1)));
  const templates = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('docket:t:')).map((k) => window.__readStored(k)));
  const scheduled = templates.filter((t) => t.recurrence && t.recurrence.every !== 'ad_hoc');
  for (const t of scheduled) {
    const e = events.find((x) => x.UID === `checklist-${t.id}@docket`);
    assert.ok(e && /^FREQ=/.test(e.RRULE), `${t.name} has an RRULE`);
    assert.equal(e.SUMMARY, t.name);
  }
  // The export follows the filters: without checklists, it has none, and the cards stay.
  await page.getByLabel('Checklists').uncheck();
  const [dl2] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export .ics' }).click()]);
  const text2 = fs.readFileSync(await dl2.path(), 'utf8');
  assert.ok(!text2.includes('UID:checklist-'));
  assert.ok(text2.includes(`UID:card-${cid}@docket`));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('calendar on a phone: a touch drag moves a card to another day, and nothing scrolls sideways', async () => {
  const { ctx, page } = await withSample({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } }, '#/calendar');
  const { pid, cid, card, chip } = await firstCard(page);
  // On a phone the month lists its days with something on them; drop on another such day
  // on screen (the card mid-screen, away from the edges that scroll while dragging).
  await chip.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  const days = await page.locator('.cal-month .cal-day:not(.empty):not(.outside)').evaluateAll((els) => els
    .filter((e) => { const r = e.getBoundingClientRect(); return r.top > 60 && r.top + 60 < innerHeight; })
    .map((e) => e.dataset.day));
  const target = days.find((d) => d !== card.due);
  assert.ok(target, 'another day is on screen');
  const b = await chip.boundingBox();
  const from = { x: b.x + 10, y: b.y + b.height / 2 };
  const cdp = await ctx.newCDPSession(page);
  const touch = (type, p) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: type === 'touchEnd' ? [] : [{ x: p.x, y: p.y, id: 1, radiusX: 2, radiusY: 2, force: 1 }],
  });
  await touch('touchStart', from);
  const t = await page.locator(`[data-day="${target}"] .cal-day-head`).boundingBox();
  const to = { x: t.x + 20, y: t.y + t.height + 4 };
  for (let i = 1; i <= 10; i++) {
    await touch('touchMove', { x: from.x + ((to.x - from.x) * i) / 10, y: from.y + ((to.y - from.y) * i) / 10 });
  }
  await touch('touchEnd', to);
  await until(async () => (await dueOf(page, pid, cid)) === target, 'due date after a touch drag');
  for (const hash of ['#/portfolio', '#/workload', '#/calendar']) {
    await page.goto(server.url + hash);
    await ready(page);
    await settle(page);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `${hash} is ${wide} px wide on a 390 px phone`);
    await axe(page, `${hash} on a phone`);
  }
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
