// End to end: who does what, when (issue 20, part 2). A daily checklist gets a weekly
// rotation between two people in its details form; the person of this week chooses who
// they are on My day and sees the occurrence due today; with the notifications permission
// granted, "Notify me" shows a notification for it (an init script records what the app
// constructs while still calling the real Notification); yesterday's overdue occurrence is
// escalated on Today, and the owner sees it on their My day. Desktop in light and phone in
// dark, axe on My day. Every check waits on state, never on time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, ready, axe, until, tempDir, STORED_PROJECT_HELPERS } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const TID = 'rotatemplate00000001';
const ANA = 'rotaperson0000000ana';
const BO = 'rotaperson00000000bo';
const OLGA = 'rotaperson000000olga';
const shots = tempDir('rota');

/** Three people, and a daily safety walk owned by Olga that started on Monday of last week. */
async function store(page) {
  await page.evaluate(({ tid, ana, bo, olga }) => {
    const d = new Date();
    const monday = new Date(d.getFullYear(), d.getMonth(), d.getDate() - ((d.getDay() + 6) % 7) - 7);
    const day = (x) => `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`;
    const at = d.toISOString();
    const person = (id, name) => ({ id, created: at, updated: at, name });
    localStorage.setItem('docket:people', JSON.stringify([person(ana, 'Ana Lima'), person(bo, 'Bo Chen'), person(olga, 'Olga Owner')]));
    localStorage.setItem('docket:t:' + tid, JSON.stringify({
      id: tid, created: at, updated: at, name: 'Safety walk', area: 'Compliance and safety',
      owner: olga, recurrence: { every: 'daily' }, starts: day(monday), version: 1,
      items: [{ id: 'rotaitem000000000001', created: at, updated: at, text: 'Fire exits clear', rank: 'V', required: true, answer: { type: 'done' } }],
    }));
  }, { tid: TID, ana: ANA, bo: BO, olga: OLGA });
}

/** The template as stored (the helpers installed again: a reload drops them). */
async function storedTemplate(page) {
  await page.evaluate(STORED_PROJECT_HELPERS);
  return page.evaluate((k) => window.__readStored(k), `docket:t:${TID}`);
}

for (const [name, opts] of [
  ['on a desktop in light', { viewport: { width: 1366, height: 860 } }],
  ['on a phone in dark', { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, colorScheme: 'dark' }],
]) {
  test(`a weekly rotation assigns today's walk, notifies its person and escalates to the owner, ${name}`, async () => {
    const ctx = await browser.newContext({ bypassCSP: true, ...opts });
    await ctx.grantPermissions(['notifications'], { origin: server.url.replace(/\/$/, '') });
    // Record each notification the app constructs, and still construct the real one.
    await ctx.addInitScript(() => {
      const Real = window.Notification;
      if (!Real) return;
      window.__notes = [];
      const Recorded = function Notification(title, options) {
        window.__notes.push({ title, body: options?.body, tag: options?.tag });
        return new Real(title, options);
      };
      Recorded.prototype = Real.prototype;
      Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
      Recorded.requestPermission = (...a) => Real.requestPermission(...a);
      window.Notification = Recorded;
    });
    const page = await newPage(ctx);
    await page.goto(server.url);
    await ready(page);
    await store(page);
    await page.goto(`${server.url}#/operations/${TID}`);
    await page.reload();
    await ready(page);
    await page.getByRole('heading', { level: 1, name: 'Safety walk' }).waitFor();

    // The details form: a rotation of Ana then Bo, a new person each week.
    await page.getByLabel('Assigned to').selectOption({ label: 'A rotation among a team' });
    const team = page.getByRole('group', { name: 'Team' });
    await team.getByRole('checkbox', { name: 'Ana Lima' }).check();
    await team.getByRole('checkbox', { name: 'Bo Chen' }).check();
    await team.getByText('Turns in this order: Ana Lima, Bo Chen.').waitFor();
    await page.getByRole('radio', { name: 'Each week' }).check();
    await page.getByRole('button', { name: 'Save details' }).click();
    await until(async () => {
      const t = await storedTemplate(page);
      return t.assignment?.to === 'rotation' && t.assignment.every === 'week'
        && JSON.stringify(t.assignment.team) === JSON.stringify([ANA, BO]);
    }, 'the rotation stored');

    // Today names each occurrence's person: last week was Ana's, this week is Bo's.
    await page.getByRole('link', { name: 'Today', exact: true }).first().click();
    const dueToday = page.getByRole('list', { name: 'Due today' });
    await dueToday.getByText('for Bo Chen').waitFor();
    // Next week's dates say they are Ana's.
    await page.getByRole('list', { name: 'Next 7 days' }).getByText(/for Ana Lima/).first().waitFor();

    // My day asks who you are; Bo sees the walk due today.
    await page.getByRole('link', { name: 'My day', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'My day' }).waitFor();
    await page.getByLabel('Who are you?').selectOption({ label: 'Bo Chen' });
    await page.getByRole('list', { name: 'Due today' }).getByRole('link', { name: 'Safety walk' }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('docket:me')), BO);

    // Notify me: the permission is granted, and the due walk is notified, once.
    await page.getByRole('button', { name: 'Notify me' }).click();
    await until(async () => (await page.evaluate(() => window.__notes.length)) > 0, 'a notification constructed');
    const notes = await page.evaluate(() => window.__notes);
    const due = notes.find((n) => n.title === 'Due today: Safety walk');
    assert.ok(due, JSON.stringify(notes));
    assert.match(due.body, /^Safety walk is yours to do today, /);
    await page.getByText('On: while Docket is open').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Notify me' }).getAttribute('aria-pressed'), 'true');
    const shown = JSON.parse(await page.evaluate(() => localStorage.getItem('docket:notified')));
    assert.ok(shown.some((k) => k.startsWith(`due:${TID}:`)), JSON.stringify(shown));
    // A reload shows nothing again (each notice once).
    await page.reload();
    await ready(page);
    await page.getByRole('list', { name: 'Due today' }).waitFor();
    await page.getByText('On: while Docket is open').waitFor();
    assert.deepEqual(await page.evaluate(() => window.__notes), []);

    await page.evaluate(() => window.scrollTo(0, 0));
    await axe(page, `My day, ${name}`);
    await page.screenshot({ path: `${shots}/my-day-${opts.colorScheme || 'light'}.png`, fullPage: true });

    // Yesterday's walk is overdue: escalated to its owner from Today.
    await page.getByRole('link', { name: 'Today', exact: true }).first().click();
    const overdue = page.getByRole('list', { name: 'Overdue' });
    await overdue.getByRole('button', { name: /^Escalate to owner: Safety walk, due / }).click();
    await overdue.getByText('Escalated by Bo Chen').waitFor();
    const t = await storedTemplate(page);
    assert.equal(t.escalations.length, 1);
    assert.equal(t.escalations[0].by, BO);

    // Olga, the owner, sees it on her My day (after a reload: it is stored).
    await page.goto(`${server.url}#/my-day`);
    await page.reload();
    await ready(page);
    await page.getByLabel('You are').selectOption({ label: 'Olga Owner' });
    const escalated = page.getByRole('list', { name: 'Escalated to you' });
    await escalated.getByText(/^Escalated by Bo Chen: Safety walk due /).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await axe(page, `My day with an escalation, ${name}`);
    await page.screenshot({ path: `${shots}/my-day-owner-${opts.colorScheme || 'light'}.png`, fullPage: true });
    console.log(`screenshots in ${shots}`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
}
