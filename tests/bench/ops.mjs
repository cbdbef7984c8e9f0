// Benchmark of the operations side in headless Chromium, against a built dist/ (DOCKET_DIST):
// a workspace of 50 checklist templates and 5,000 runs of 20 answers each (built by
// `cargo run --release --example ops_workspace -- <out.json>`, in the app's own stored layout;
// one daily template, "Site check 01", carries 1,000 runs). Prints medians; never fails on time.
//
//   OPS_ENTRIES=target/ops-bench.json DOCKET_DIST=target/bench-dist node tests/bench/ops.mjs
//   env: BENCH_RUNS (default 5)
//
// Each run uses a fresh browser context: the stored keys are written into localStorage from a
// same-origin page, the app is opened on the checklist list, and then, inside the running app,
// the Today view, the big template's run history and its analytics are opened by changing the
// URL fragment (as the navigation links do). Each figure is the time from the navigation to the
// first painted frame that shows the view's content.
import fs from 'node:fs';
import { serve, launch, newPage } from '../e2e/harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 5);
const entries = JSON.parse(fs.readFileSync(process.env.OPS_ENTRIES || 'target/ops-bench.json', 'utf8'));
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
  const context = await browser.newContext();
  const page = await newPage(context);
  await page.goto(server.url + 'bench-seed'); // a 404 page of the same origin
  await page.evaluate(seed, entries);
  page.errors.length = 0;
  const t0 = Date.now();
  await page.goto(`${server.url}#/operations`);
  const big = page.getByRole('link', { name: 'Site check 01', exact: true }).first();
  await big.waitFor({ timeout: 60_000 });
  const startup = Date.now() - t0;
  const id = (await big.getAttribute('href')).split('/')[2];
  const today = await page.evaluate(open, { hash: '#/today', selector: 'main .agenda-row', min: 1 });
  await page.waitForTimeout(300);
  const history = await page.evaluate(open, { hash: `#/operations/${id}/runs`, selector: 'main .history-table tbody tr', min: 10 });
  await page.waitForTimeout(300);
  const analytics = await page.evaluate(open, { hash: `#/operations/${id}/analytics`, selector: 'main .ops-figures .figure-value, main svg', min: 2 });
  // The readings chart of a number item over the 1,000 runs, drawn again for the next item
  // chosen (the select's own change event, as a person's choice fires it).
  const options = await page.locator('#readings-item option').count();
  check(options >= 2, `the big template's analytics show a readings chart with a choice of items (${options})`);
  const readings = options >= 2 ? await page.evaluate(() => new Promise((resolve) => {
    const sel = document.querySelector('#readings-item');
    const before = document.querySelector('#readings-summary').textContent;
    const t0 = performance.now();
    sel.selectedIndex = (sel.selectedIndex + 1) % sel.options.length;
    sel.dispatchEvent(new Event('change'));
    const poll = () => {
      const now = document.querySelector('#readings-summary')?.textContent;
      if (now && now !== before) {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve({ ms: performance.now() - t0, text: now });
        ch.port2.postMessage(0);
      } else {
        requestAnimationFrame(poll);
      }
    };
    requestAnimationFrame(poll);
  })) : { ms: NaN, text: '' };
  const count = Number(readings.text.match(/^([\d,]+) readings/)?.[1].replace(/,/g, ''));
  check(options < 2 || count >= 900, `the chart covers the big template's runs: ${readings.text.slice(0, 60)}`);
  await page.waitForTimeout(300);
  const overview = await page.evaluate(open, { hash: '#/analytics', selector: 'main table tbody tr', min: 50 });
  // The registers (issue 20): Sites and assets with its 300 assets' statuses, then the
  // asset the big template's 1,000 runs were done on.
  await page.waitForTimeout(300);
  const sites = await page.evaluate(open, { hash: '#/sites', selector: 'main a[href^="#/assets/"]', min: 300 });
  const asset = await page.locator('main a', { hasText: 'Asset 001 (T-00001)' }).getAttribute('href');
  await page.waitForTimeout(300);
  const assetHistory = await page.evaluate(open, { hash: asset, selector: 'main .register-table tbody tr', min: 100 });
  const counted = await page.locator('#asset-history-count').innerText();
  check(counted === '1000 checks, newest first.', `the asset's history counts the big template's 1,000 runs (${counted})`);
  check(page.errors.length === 0, `page errors: ${page.errors.join(' | ')}`);
  const problemsShown = await page.locator('.banner, [role=alert]').count();
  await context.close();
  return { startup, today, history, analytics, readings, overview, sites, assetHistory, problemsShown };
}

const server = await serve();
const browser = await launch();
const chars = Object.entries(entries).reduce((s, [k, v]) => s + k.length + v.length, 0);
console.log(`Docket operations benchmark: ${process.env.DOCKET_DIST || 'dist'}, Chromium ${browser.version()}, ${RUNS} runs (fresh context each).`);
console.log(`50 templates, 5,000 runs of 20 answers, 3 sites, 300 assets, 200 stock items; ${Object.keys(entries).length} keys, ${chars.toLocaleString('en')} chars stored.`);
try {
  const rs = [];
  for (let i = 1; i <= RUNS; i++) {
    const r = await once(browser, server);
    console.log(`  run ${i}: startup ${r.startup} ms, Today ${f(r.today.ms)} ms (${r.today.n} rows), history ${f(r.history.ms)} ms, `
      + `analytics ${f(r.analytics.ms)} ms, readings ${f(r.readings.ms)} ms, overview ${f(r.overview.ms)} ms, `
      + `sites ${f(r.sites.ms)} ms, asset history ${f(r.assetHistory.ms)} ms`);
    rs.push(r);
  }
  console.log(`\n  ${'figure (ms)'.padEnd(46)} ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}`);
  console.log(row('open the app on the checklist list (load all)', rs.map((r) => r.startup)));
  console.log(row('Today view opened and painted', rs.map((r) => r.today.ms), 'target ≤ 100 ms (issue 20)'));
  console.log(row('run history (1,000 runs) opened and painted', rs.map((r) => r.history.ms), 'target ≤ 200 ms'));
  console.log(row('analytics (1,000 runs) opened and painted', rs.map((r) => r.analytics.ms), 'target ≤ 100 ms'));
  console.log(row('readings chart (1,000 runs) for another item', rs.map((r) => r.readings.ms), 'target ≤ 100 ms'));
  console.log(row('overview (50 templates) opened and painted', rs.map((r) => r.overview.ms)));
  console.log(row('sites and assets (300 assets) opened and painted', rs.map((r) => r.sites.ms)));
  console.log(row('an asset\'s history (1,000 runs; newest 100 shown)', rs.map((r) => r.assetHistory.ms), 'target ≤ 100 ms'));
} finally {
  await browser.close();
  server.close();
}
if (problems.length) {
  console.log(`\n${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
