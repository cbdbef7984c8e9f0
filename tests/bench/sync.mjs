// Benchmark of live sync through CouchDB (issue 21), in headless Chromium against a built
// dist/ (DOCKET_DIST) and the CouchDB-compatible test server (tests/couch/server.mjs) on
// loopback: the first sync of a 1,000-card project to an empty database (from "Sign in" to
// "Synced at"), and the main-thread work of pushing one change (a card moved with sync on,
// less the same move with sync off; Chromium's TaskDuration). Prints medians; never fails on
// time, only when something is wrong.
//
//   DOCKET_DIST=target/bench-dist node tests/bench/sync.mjs      env: BENCH_RUNS (default 5)
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { serve, launch, newPage, ready, until, distRoot, moveCard } from '../e2e/harness.mjs';
import { startCouch } from '../e2e/couch.mjs';
import { workspace } from './generate.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 5);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;

const couch = await startCouch();
await couch.createUser('ana', 'pw');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-sync-bench-'));
const dist = path.join(tmp, 'dist');
fs.cpSync(distRoot, dist, { recursive: true });
execFileSync(process.execPath, ['scripts/sync-origin.mjs', dist, new URL(couch.url).origin]);
const server = await serve(dist);
const browser = await launch();
const ws = workspace({ projects: [1000], seed: 7 });
const pid = ws.projects[0].id;

/** Main-thread busy time so far (ms). */
async function busy(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return 1000 * metrics.find((m) => m.name === 'TaskDuration').value;
}

/** Moves the first card of "To do" right and waits until `done` holds; returns the main-thread ms. */
async function move(page, cdp, done) {
  const list = page.getByRole('list', { name: 'Cards in To do' });
  const title = await list.locator('li.card .card-title').first().innerText();
  const before = await busy(cdp);
  await moveCard(page, title, 'right');
  await done(title);
  return (await busy(cdp)) - before;
}

const first = [];
const pushWork = [];
const moveWork = [];
for (let run = 0; run < RUNS; run++) {
  const name = `bench${run}`;
  await couch.createDb(name);
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.evaluate((entries) => {
    localStorage.clear();
    for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
  }, ws.entries);
  await page.goto(`${server.url}#/projects/${pid}`);
  await page.reload();
  await ready(page);
  await page.getByRole('list', { name: 'Cards in To do' }).waitFor();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  // The same move without sync, settled: what the move itself costs.
  moveWork.push(await move(page, cdp, async (t) => {
    await page.getByRole('list', { name: 'Cards in In progress' }).getByRole('button', { name: t, exact: true }).waitFor();
    await page.waitForTimeout(300); // let the move's own idle work finish before the next reading
  }));

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Database address').fill(new URL(name, couch.url).href);
  await page.getByLabel('User name').fill('ana');
  await page.getByLabel('Password').fill('pw');
  const t0 = Date.now();
  await page.getByRole('button', { name: /Sign in/ }).click();
  await until(async () => /^Synced at/.test(await page.locator('.sync-status').innerText()), 'first sync', 60000);
  first.push(Date.now() - t0);
  const docs = (await couch.allDocs(name)).length;
  if (docs < 1001) throw new Error(`only ${docs} documents in the database`);

  await page.goto(`${server.url}#/projects/${pid}`);
  await page.getByRole('list', { name: 'Cards in To do' }).waitFor();
  await page.waitForTimeout(300);
  const seq = async () => (await couch.info(name)).update_seq;
  const s0 = await seq();
  pushWork.push(await move(page, cdp, async () => {
    await until(async () => (await seq()) !== s0, 'the move in the database', 10000);
    await page.waitForTimeout(300);
  }));
  if (page.errors.length) throw new Error(page.errors.join('\n'));
  await ctx.close();
}
console.log(`First sync of a 1,000-card project to an empty database: ${fmt(first)}`);
console.log(`Main-thread work of a card move with sync on (move and push): ${fmt(pushWork)}`);
console.log(`Main-thread work of the same move with sync off: ${fmt(moveWork)}`);
console.log(`Push of one change, main-thread work (difference of the medians): ${(median(pushWork) - median(moveWork)).toFixed(0)} ms`);
await browser.close();
server.close();
await couch.stop();
fs.rmSync(tmp, { recursive: true, force: true });
