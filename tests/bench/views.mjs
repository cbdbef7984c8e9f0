// Benchmark of the manager's views (issue 19): 10 projects of 1,000 cards and 50 checklists
// with 5,000 runs (the workspace scripts/bench.sh builds into target/views-bench.json), then,
// in fresh contexts, the time from asking for each view to the frame that shows it:
// the portfolio (10 rows), the workload over 12 weeks (every person's row), the calendar's
// month, and the table view of a 1,000-card project (the rows it renders first: a screen's
// worth and more, the rest on scroll). Prints figures (medians of BENCH_RUNS, 5 by default); never fails on time, only on
// a wrong result (a view that shows nothing, a page error).
import fs from 'node:fs';
import { serve, launch, newPage } from '../e2e/harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 5);
const entries = JSON.parse(fs.readFileSync(process.env.VIEWS_ENTRIES || 'target/views-bench.json', 'utf8'));
const problems = [];
const check = (ok, what) => { if (!ok) { problems.push(what); console.log(`  CHECK FAILED: ${what}`); } };

function seed(entries) {
  localStorage.clear();
  for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
  return Object.keys(entries).length;
}

/** In the page: navigate to `hash`, resolve with ms until a frame shows `selector` (≥ min). */
function open({ hash, selector, min }) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    location.hash = hash;
    const poll = () => {
      if (document.querySelectorAll(selector).length >= min) {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve({ ms: performance.now() - t0, n: document.querySelectorAll(selector).length });
        ch.port2.postMessage(0);
      } else {
        requestAnimationFrame(poll);
      }
    };
    requestAnimationFrame(poll);
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const f = (x) => (x == null || Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const row = (label, v, target = '') =>
  `  ${label.padEnd(46)} ${f(median(v)).padStart(8)} ${f(Math.min(...v)).padStart(8)} ${f(Math.max(...v)).padStart(8)}   ${target}`;

async function once(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await newPage(context);
  await page.goto(server.url + 'bench-seed'); // a 404 page of the same origin
  await page.evaluate(seed, entries);
  page.errors.length = 0;
  const t0 = Date.now();
  await page.goto(`${server.url}#/projects`);
  await page.locator('main .tile').nth(9).waitFor({ timeout: 120_000 });
  const startup = Date.now() - t0;
  const board = await page.locator('main .tile a[href^="#/projects/"]').first().getAttribute('href');
  const portfolio = await page.evaluate(open, { hash: '#/portfolio', selector: 'main .portfolio-table tbody tr', min: 10 });
  await page.waitForTimeout(300);
  const workload = await page.evaluate(open, { hash: '#/workload', selector: 'main .workload-table tbody tr', min: 1 });
  const people = await page.locator('main .workload-table tbody tr').count();
  await page.waitForTimeout(300);
  const calendar = await page.evaluate(open, { hash: '#/calendar', selector: 'main .cal-month .cal-day', min: 28 });
  const shown = await page.locator('main .cal-entry').count();
  await page.waitForTimeout(300);
  const rows = 'main .board-table tbody tr[data-card-id]';
  const table = await page.evaluate(open, { hash: `${board}/table`, selector: rows, min: 40 });
  const cards = Number((await page.locator('main .board-table caption').textContent()).match(/(\d+) shown/)[1]);
  check(portfolio.n === 10, `portfolio shows ${portfolio.n} rows, not 10`);
  check(people > 0, 'the workload shows no one');
  check(cards === 1000 && table.n === 40, `the table lists ${cards} cards and renders ${table.n} rows, not 1,000 and 40`);
  check(page.errors.length === 0, `page errors: ${page.errors.join(' | ')}`);
  await context.close();
  return { startup, portfolio, workload, calendar, people, shown, table };
}

const server = await serve();
const browser = await launch();
const chars = Object.entries(entries).reduce((s, [k, v]) => s + k.length + v.length, 0);
console.log(`Docket views benchmark: ${process.env.DOCKET_DIST || 'dist'}, Chromium ${browser.version()}, ${RUNS} runs (fresh context each).`);
console.log(`10 projects × 1,000 cards, 50 checklists, 5,000 runs; ${Object.keys(entries).length} keys, ${chars.toLocaleString('en')} chars stored.`);
try {
  const rs = [];
  for (let i = 1; i <= RUNS; i++) {
    const r = await once(browser, server);
    console.log(`  run ${i}: startup ${r.startup} ms, portfolio ${f(r.portfolio.ms)} ms, workload ${f(r.workload.ms)} ms `
      + `(${r.people} people), calendar month ${f(r.calendar.ms)} ms (${r.shown} entries), table ${f(r.table.ms)} ms`);
    rs.push(r);
  }
  console.log(`\n  ${'figure (ms)'.padEnd(46)} ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}`);
  console.log(row('open the app on the project list (load all)', rs.map((r) => r.startup)));
  console.log(row('portfolio opened and painted', rs.map((r) => r.portfolio.ms), 'target ≤ 100 ms'));
  console.log(row('workload (12 weeks) opened and painted', rs.map((r) => r.workload.ms), 'target ≤ 150 ms'));
  console.log(row('calendar month opened and painted', rs.map((r) => r.calendar.ms), 'target ≤ 100 ms'));
  console.log(row('table (1,000 cards), first rows painted', rs.map((r) => r.table.ms), 'target ≤ 200 ms'));
} finally {
  await browser.close();
  server.close();
}
if (problems.length) {
  console.log(`\n${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
