// Live sync through CouchDB (issue 21): browsers synced through a CouchDB-compatible server
// that this test starts on 127.0.0.1 (tests/couch/server.mjs), serving a copy of dist/ whose
// Content-Security-Policy allows that server (scripts/sync-origin.mjs, as a deployment does).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, newPage, ready, until, tempDir, distRoot, axe, STORED_PROJECT_HELPERS, cardsIn, moveCard } from './harness.mjs';
import { startCouch } from './couch.mjs';
import { workspace } from '../bench/generate.mjs';

let server, plain, browser, couch, tmp, db;
before(async () => {
  couch = await startCouch();
  await couch.createDb('team');
  await couch.createUser('ana', 'ana-secret-pw');
  await couch.createUser('ben', 'ben-secret-pw');
  db = new URL('team', couch.url).href;
  tmp = tempDir('couch-sync');
  const dist = path.join(tmp, 'dist');
  fs.cpSync(distRoot, dist, { recursive: true });
  execFileSync(process.execPath, ['scripts/sync-origin.mjs', dist, new URL(couch.url).origin]);
  server = await serve(dist);
  plain = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
  plain?.close();
  await couch?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A browser (its own context: its own storage and cookies) on the app. */
async function browserAt(url = server.url, opts = {}) {
  const ctx = await browser.newContext({ acceptDownloads: true, ...opts });
  const page = await newPage(ctx);
  await page.goto(url);
  await ready(page);
  return { ctx, page };
}

const status = (page) => page.locator('.sync-status');

async function signIn(page, user, password, url = db) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Database address').fill(url);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: /Sign in/ }).click();
}

async function synced(page) {
  await until(async () => /^Synced at/.test(await status(page).innerText()), 'synced', 20000);
}

async function openBoard(page) {
  await page.getByRole('link', { name: 'Projects' }).click();
  await page.getByRole('link', { name: 'Website relaunch', exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: /Website relaunch/ }).waitFor();
}

/** Two browsers synced through the database: A with the sample, B started empty. `a` options
 * for A's context (axe is injected as a script, which needs the CSP bypassed). */
async function pair(optsA = {}) {
  const a = await browserAt(server.url, optsA);
  await a.page.getByRole('button', { name: 'Load sample data' }).click();
  await a.page.locator('main a[href^="#/projects/"]').first().waitFor();
  await signIn(a.page, 'ana', 'ana-secret-pw');
  await synced(a.page);
  const b = await browserAt();
  await signIn(b.page, 'ben', 'ben-secret-pw');
  await synced(b.page);
  return [a, b];
}

test('two browsers synced: a move appears on the other open board within 2 s, a deletion travels, the password is kept nowhere', async () => {
  await couch.deleteDb('team').catch(() => {});
  await couch.createDb('team');
  const [a, b] = await pair({ bypassCSP: true });
  await axe(a.page, 'Settings with sync on');
  for (const x of [a, b]) await openBoard(x.page);
  const title = 'Booking widget: pick a provider';
  assert.ok((await cardsIn(b.page, 'To do')).includes(title));
  const t0 = Date.now();
  await moveCard(a.page, title, 'right');
  await until(async () => (await cardsIn(b.page, 'In progress')).includes(title), 'the move on B', 5000);
  const ms = Date.now() - t0;
  console.log(`# a move in A on B's open board after ${ms} ms`);
  assert.ok(ms <= 2000, `took ${ms} ms`);

  // A deletion travels.
  await a.page.getByRole('button', { name: 'Newsletter sign-up form', exact: true }).click();
  const dialog = a.page.getByRole('dialog', { name: 'Edit card' });
  await dialog.getByRole('button', { name: 'Delete card' }).click();
  await a.page.getByRole('dialog', { name: /Delete card/ }).getByRole('button', { name: 'Delete card' }).click();
  await until(async () => !(await cardsIn(b.page, 'Backlog')).includes('Newsletter sign-up form'), 'the deletion on B', 5000);

  // The password is in no stored record and in no export; the address and user name are
  // only in this browser's sync settings.
  const stored = await a.page.evaluate(() => Object.keys(localStorage).map((k) => k + '=' + localStorage.getItem(k)).join('\n'));
  assert.ok(!stored.includes('ana-secret-pw'));
  await a.page.getByRole('link', { name: 'Import & export' }).click();
  const [dl] = await Promise.all([a.page.waitForEvent('download'), a.page.getByRole('button', { name: 'Export workspace' }).click()]);
  const file = fs.readFileSync(await dl.path(), 'utf8');
  for (const secret of ['ana-secret-pw', db, new URL(couch.url).host]) assert.ok(!file.includes(secret), secret);
  assert.deepEqual(a.page.errors, []);
  assert.deepEqual(b.page.errors, []);
  await a.ctx.close();
  await b.ctx.close();
});

test('offline: both edit different fields of one card, a reload in between; once the server is back both edits are in both', async () => {
  await couch.deleteDb('team');
  await couch.createDb('team');
  const [a, b] = await pair();
  for (const x of [a, b]) await openBoard(x.page);
  await couch.pause();
  const title = 'Go live';
  async function edit(page, f) {
    await page.getByRole('button', { name: title, exact: true }).click();
    const d = page.getByRole('dialog', { name: 'Edit card' });
    await f(d);
    await d.getByRole('button', { name: 'Save card' }).click();
    await d.waitFor({ state: 'hidden' });
  }
  await edit(a.page, (d) => d.getByLabel('Due date').fill('2026-05-04'));
  await edit(b.page, (d) => d.getByLabel('Priority').selectOption('urgent'));
  // A is reloaded while offline: its edit waits in this browser.
  await a.page.reload();
  await ready(a.page);
  await a.page.getByRole('link', { name: 'Settings' }).click();
  await until(async () => /^Offline/.test(await status(a.page).innerText()), 'A says offline', 20000);
  await couch.resume();
  for (const x of [a, b]) {
    await x.page.getByRole('link', { name: 'Settings' }).click();
    await x.page.getByRole('button', { name: 'Sync now' }).click();
  }
  for (const x of [a, b]) {
    await openBoard(x.page);
    await until(async () => {
      await x.page.getByRole('button', { name: title, exact: true }).click();
      const d = x.page.getByRole('dialog', { name: 'Edit card' });
      const v = [await d.getByLabel('Due date').inputValue(), await d.getByLabel('Priority').inputValue()];
      await d.getByRole('button', { name: 'Cancel' }).click();
      await d.waitFor({ state: 'hidden' });
      return v[0] === '2026-05-04' && v[1] === 'urgent';
    }, 'both edits', 20000);
  }
  await a.ctx.close();
  await b.ctx.close();
});

test('a reload in the middle of a first sync of 1,000 cards loses nothing: it goes on after the reload', async () => {
  await couch.createDb('big');
  const ws = workspace({ projects: [1000], seed: 3 });
  const a = await browserAt();
  await a.page.evaluate((entries) => {
    localStorage.clear();
    for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
  }, ws.entries);
  await a.page.reload();
  await ready(a.page);
  await signIn(a.page, 'ana', 'ana-secret-pw', new URL('big', couch.url).href);
  await until(async () => /^Sending/.test(await status(a.page).innerText()), 'the first push under way', 20000);
  await a.page.reload();
  await ready(a.page);
  await a.page.getByRole('link', { name: 'Settings' }).click();
  await synced(a.page);
  const people = JSON.parse(ws.entries['docket:people']).length;
  assert.equal((await couch.allDocs('big')).length, 1000 + 1 + people);
  const b = await browserAt();
  await signIn(b.page, 'ben', 'ben-secret-pw', new URL('big', couch.url).href);
  await synced(b.page);
  // B has every card, stored, with the titles A has.
  const read = async (page) => {
    await page.evaluate(STORED_PROJECT_HELPERS);
    const p = await page.evaluate((k) => window.__readProject(k), `docket:p:${ws.projects[0].id}`);
    return p.cards.map((c) => `${c.id} ${c.title}`).sort();
  };
  const mine = await read(a.page);
  assert.equal(mine.length, 1000);
  assert.deepEqual(await read(b.page), mine);
  assert.deepEqual(a.page.errors, []);
  assert.deepEqual(b.page.errors, []);
  await a.ctx.close();
  await b.ctx.close();
});

test('a conflict the database holds (two revisions of one card) is merged field by field and written back', async () => {
  await couch.deleteDb('team');
  await couch.createDb('team');
  const [a, b] = await pair();
  for (const x of [a, b]) await openBoard(x.page);
  // The card as the database has it; a second revision beside it, as replication between two
  // servers makes one: the same card with a newer title (its stamp says so).
  const { rows } = await couch.get('team/_all_docs?include_docs=true');
  const row = rows.find((r) => r.doc.kind === 'card' && r.doc.card.title === 'Go live');
  const theirs = structuredClone(row.doc);
  // (Stamped a second from now, per field: only the title is theirs.)
  const at = new Date(Date.now() + 1000).toISOString();
  theirs.card.title = 'Go live (from the other server)';
  theirs.card.stamps = { ...(theirs.card.stamps || {}), title: at };
  theirs.card.updated = at;
  theirs._rev = `${row.doc._rev.split('-')[0]}-ffffffffffffffffffffffffffffffff`;
  // A priority set in B meanwhile, on the same card.
  await b.page.getByRole('button', { name: 'Go live', exact: true }).click();
  const d = b.page.getByRole('dialog', { name: 'Edit card' });
  await d.getByLabel('Priority').selectOption('urgent');
  await d.getByRole('button', { name: 'Save card' }).click();
  await d.waitFor({ state: 'hidden' });
  await couch.post('team/_bulk_docs', { docs: [theirs], new_edits: false });
  // Both boards show the other server's title; B's priority stands; the database keeps one
  // revision, the merge.
  for (const x of [a, b]) {
    await x.page.getByRole('button', { name: 'Go live (from the other server)', exact: true }).waitFor({ timeout: 10000 });
  }
  await until(async () => !(await couch.get(`team/${encodeURIComponent(row.id)}?conflicts=true`))._conflicts, 'no conflict left', 10000);
  const merged = await couch.get(`team/${encodeURIComponent(row.id)}`);
  assert.equal(merged.card.title, 'Go live (from the other server)');
  assert.equal(merged.card.priority, 'urgent');
  await a.ctx.close();
  await b.ctx.close();
});

test('a document that is not Docket\'s stops the sync with a clear message and changes nothing; an address the page may not contact is refused', async () => {
  await couch.deleteDb('team');
  await couch.createDb('team');
  const [a, b] = await pair();
  await b.page.getByRole('link', { name: 'Settings' }).click();
  const before = await b.page.evaluate(() => Object.keys(localStorage).filter((k) => !k.startsWith('docket:sync')).sort().map((k) => k + localStorage.getItem(k)).join());
  await couch.put('team', 'c:zzzzzzzzzzzzzzzzzzzz', { docket: 1, kind: 'card', in_project: 'x', card: { title: 5 } });
  await until(async () => /Sync stopped\. The database holds “c:zzzzzzzzzzzzzzzzzzzz”, which is not a valid Docket document/.test(await status(b.page).innerText()),
    'B says why it stopped', 20000);
  const after = await b.page.evaluate(() => Object.keys(localStorage).filter((k) => !k.startsWith('docket:sync')).sort().map((k) => k + localStorage.getItem(k)).join());
  assert.equal(after, before);
  await a.ctx.close();
  await b.ctx.close();

  // The same app served with its own CSP (connect-src 'self') says what to change.
  const c = await browserAt(plain.url);
  await signIn(c.page, 'ana', 'ana-secret-pw');
  await c.page.getByText(/may not contact http:\/\/127\.0\.0\.1:\d+: whoever serves it adds that address to the page's Content-Security-Policy/).waitFor();
  await c.page.getByLabel('Database address').fill('ftp://x/y');
  await c.page.getByRole('button', { name: /Sign in/ }).click();
  await c.page.getByText('Type the database\'s address beginning with https://').waitFor();
  await c.ctx.close();
});

test('scripts/sync-origin.mjs adds an origin to connect-src once, and refuses what is not an origin', () => {
  const dir = path.join(tmp, 'origin-check');
  fs.mkdirSync(dir, { recursive: true });
  const page = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; connect-src \'self\'; object-src \'none\'" /><p>x</p>';
  fs.writeFileSync(path.join(dir, 'index.html'), page);
  for (let i = 0; i < 2; i++) execFileSync(process.execPath, ['scripts/sync-origin.mjs', dir, 'https://couch.example.com:6984']);
  assert.equal(fs.readFileSync(path.join(dir, 'index.html'), 'utf8'),
    page.replace("connect-src 'self'", "connect-src 'self' https://couch.example.com:6984"));
  for (const bad of ['https://couch.example.com/team', 'couch.example.com', "https://x; script-src *"]) {
    assert.throws(() => execFileSync(process.execPath, ['scripts/sync-origin.mjs', dir, bad], { stdio: 'pipe' }));
  }
});
