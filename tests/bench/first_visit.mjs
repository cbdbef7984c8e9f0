// First visit: a colleague opens the link for the first time (nothing cached) and their
// 1,000-card board is in localStorage. Measures, side by side in one run, the time from
// navigation to the board on screen for Docket's built dist/ (DOCKET_DIST) and for a plain
// page (tests/bench/reference/) that reads the same stored board and builds one element
// per card. Prints medians and the ratio; never fails on time, only when something is
// wrong (a page error, the board not shown, a card count that does not match).
//
//   DOCKET_DIST=target/bench-dist node tests/bench/first_visit.mjs
//   env: BENCH_RUNS (default 7), BENCH_CARDS (default 1000), BENCH_RTT (default 0: none)
//
// Two builds, paired: DOCKET_DIST=<before> DOCKET_DIST_B=<after> times both builds' first
// visits alternately (BENCH_RUNS pairs, the order flipped every pair, no plain page) and
// prints each pair's difference, their median and mean, and in how many pairs the second
// build was faster. The machine's pace drifts within minutes; a pair's two visits are
// seconds apart, so their difference is what a change made, give or take the noise: one
// build against itself (15 pairs, 8 Dec 2026) read a median difference of -3.9 ms, with
// pairs spread by ~27 ms (standard deviation), so 15 pairs show only a difference of about
// 15 ms or more; a smaller one needs many more pairs, or a native or traced measure.
//
// Each measured run is a new browser context (its own empty HTTP cache, no compiled wasm
// kept, empty storage). The stored board is the one Docket writes: the generator's layout-1
// workspace opened once by Docket in a preparation context (which migrates it to the
// current layout, packed), then copied key by key into each fresh context before the
// navigation. No network throttling: files come from a local server, so the figures are
// the browser's own work (download over loopback, compile, start, read, render).
// BENCH_RTT=40 adds 40 ms of latency to every request of both pages (Chromium's network
// emulation, no bandwidth limit), to see what round trips a real network adds; issue 14's
// target is the figure without it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch } from '../e2e/harness.mjs';
import { workspace } from './generate.mjs';
import { quiet } from './quiet.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 7);
const DIST_B = process.env.DOCKET_DIST_B;
const RTT = Number(process.env.BENCH_RTT || 0);
const CARDS = Number(process.env.BENCH_CARDS || 1000);
const here = path.dirname(fileURLToPath(import.meta.url));
const problems = [];
const check = (ok, what) => { if (!ok) { problems.push(what); console.log(`  CHECK FAILED: ${what}`); } };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const f = (x) => (x == null ? '-' : x.toFixed(0));

/** A page whose `errors` leave out the seed page's own 404s (itself and the favicon it asks for). */
async function pageIn(ctx) {
  const page = await ctx.newPage();
  if (RTT) {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: RTT, downloadThroughput: -1, uploadThroughput: -1 });
  }
  page.errors = [];
  const seedPage = (url) => url.endsWith('/bench-seed') || url.endsWith('/favicon.ico');
  page.on('console', (m) => { if (m.type() === 'error' && !seedPage(m.location().url)) page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

/**
 * Init script for Docket's page: the board is on screen when every column is there and the
 * last one shows its cards (a frame painted after that); a column that renders only the
 * cards that fill it counts at the first frame of 10 unchanged ones.
 */
function probe({ lastColumn, columns }) {
  if (location.pathname.endsWith('bench-seed')) return;
  const b = (window.__bench = { shown: null, mounted: null, compiled: null });
  // When the wasm is compiled and instantiated (before the app's main runs).
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const orig = WebAssembly[name];
    WebAssembly[name] = async function (...args) {
      const r = await orig.apply(this, args);
      b.compiled ??= performance.now();
      return r;
    };
  }
  let stable = null;
  // (Told by a console message: waiting with page.waitForFunction would have Playwright
  // evaluate its ~330 KB injected script in the page while it loads, ~16 ms of main thread.)
  const done = (at) => { b.shown = at; console.debug('bench:shown'); };
  const painted = (into) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { into.at = performance.now(); };
    ch.port2.postMessage(0);
  };
  const poll = () => {
    if (b.mounted == null && document.querySelector('main h1')) b.mounted = performance.now();
    const cols = document.querySelectorAll('.column');
    const last = cols[cols.length - 1];
    const inLast = last ? last.querySelectorAll('.card-title').length : 0;
    if (cols.length >= columns && inLast >= Math.max(1, lastColumn)) {
      const into = {};
      painted(into);
      const wait = () => (into.at ? done(into.at) : setTimeout(wait, 5));
      wait();
      return;
    }
    if (cols.length >= columns && inLast > 0) {
      const n = document.querySelectorAll('.card-title').length;
      if (!stable || stable.n !== n) {
        stable = { n, frames: 0 };
        painted(stable);
      } else if (++stable.frames >= 10) {
        done(stable.at);
        return;
      }
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

/** Resolves when the page says the board is on screen (console message 'bench:shown'). */
const announced = (page) => page.waitForEvent('console', { predicate: (m) => m.text() === 'bench:shown', timeout: 120_000 });

/** Writes `entries` into this origin's localStorage. */
function seed(entries) {
  localStorage.clear();
  for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
  return localStorage.length;
}

/** Docket's docket:* entries as stored now. */
function dump() {
  const out = {};
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if (k.startsWith('docket:')) out[k] = localStorage.getItem(k);
  }
  return out;
}

const ws = workspace({ projects: [CARDS] });
const p = ws.projects[0];
const lastColumn = p.columns[p.columns.length - 1].cards;
const app = await serve();
const appB = DIST_B ? await serve(path.resolve(DIST_B)) : null;
const ref = await serve(path.join(here, 'reference'));
const browser = await launch();
const figures = { docket: [], reference: [], docketCards: [], wasm: [], compiled: [], mounted: [] };
try {
  // Preparation: Docket migrates the generator's layout to the one it stores.
  let stored;
  {
    const ctx = await browser.newContext();
    await ctx.addInitScript(probe, { lastColumn, columns: p.columns.length });
    const page = await pageIn(ctx);
    await page.goto(app.url + 'bench-seed');
    await page.evaluate(seed, ws.entries);
    await page.goto(`${app.url}#/projects/${p.id}`);
    await page.waitForFunction(() => window.__bench?.shown, null, { timeout: 120_000, polling: 50 });
    await page.waitForTimeout(500);
    stored = await page.evaluate(dump);
    await ctx.close();
  }
  const keys = Object.keys(stored);
  const packed = keys.filter((k) => /^[%~]/.test(stored[k])).length;
  console.log(`Stored board: ${CARDS} cards in ${p.columns.length} columns, ${keys.length} keys (${packed} packed), `
    + `${Object.values(stored).reduce((s, v) => s + v.length, 0).toLocaleString('en')} characters`);

  const docket = async (server = app) => {
    const ctx = await browser.newContext();
    await ctx.addInitScript(probe, { lastColumn, columns: p.columns.length });
    const page = await pageIn(ctx);
    await page.goto(server.url + 'bench-seed'); // a 404 page of the same origin: nothing of the app loads
    await page.evaluate(seed, stored);
    const waited = await quiet(browser);
    const shown = announced(page);
    await page.goto(`${server.url}#/projects/${p.id}`, { waitUntil: 'commit' });
    await shown;
    const r = await page.evaluate(() => {
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      return { shown: window.__bench.shown, mounted: window.__bench.mounted, compiled: window.__bench.compiled, wasm: wasm?.responseEnd, cards: document.querySelectorAll('.card-title').length, h1: document.querySelector('main h1')?.textContent };
    });
    check(r.h1?.includes(p.name), `Docket: heading "${r.h1}", expected "${p.name}"`);
    check(page.errors.length === 0, `Docket: page errors: ${page.errors.join('; ')}`);
    await ctx.close();
    return { ...r, waited };
  };
  const reference = async () => {
    const ctx = await browser.newContext();
    const page = await pageIn(ctx);
    await page.goto(ref.url + 'bench-seed');
    await page.evaluate(seed, stored);
    const waited = await quiet(browser);
    const shown = announced(page);
    await page.goto(`${ref.url}#${p.id}`, { waitUntil: 'commit' });
    await shown;
    const r = await page.evaluate(() => ({ shown: window.__shown, cards: window.__cards }));
    check(r.cards === CARDS, `reference: ${r.cards} cards built, expected ${CARDS}`);
    check(page.errors.length === 0, `reference: page errors: ${page.errors.join('; ')}`);
    await ctx.close();
    return { ...r, waited };
  };

  if (appB) {
    await paired(docket, appB);
  } else {
    // One unmeasured round each (the browser process itself warms up), then alternate.
    await docket();
    await reference();
    for (let i = 0; i < RUNS; i++) {
      const order = i % 2 ? [reference, docket] : [docket, reference];
      for (const run of order) {
        const r = await run();
        if (run === docket) {
          figures.docket.push(r.shown);
          figures.docketCards.push(r.cards);
          figures.wasm.push(r.wasm);
          figures.mounted.push(r.mounted);
          figures.compiled.push(r.compiled);
          console.log(`  run ${i}: Docket ${f(r.shown)} ms (wasm downloaded at ${f(r.wasm)} ms, compiled and instantiated at ${f(r.compiled)} ms, `
            + `page heading at ${f(r.mounted)} ms, ${r.cards} cards in the DOM; browser quiet after ${f(r.waited)} ms)`);
        } else {
          figures.reference.push(r.shown);
          console.log(`  run ${i}: reference ${f(r.shown)} ms (browser quiet after ${f(r.waited)} ms)`);
        }
      }
    }
  }
} finally {
  await browser.close();
  app.close();
  appB?.close();
  ref.close();
}

/** DOCKET_DIST against DOCKET_DIST_B: first visits in pairs, the order flipped every pair. */
async function paired(docket, appB) {
  await docket(app);
  await docket(appB);
  const a = [], b = [], diff = [];
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? ['B', 'A'] : ['A', 'B'];
    const r = {};
    for (const which of order) r[which] = await docket(which === 'A' ? app : appB);
    a.push(r.A.shown);
    b.push(r.B.shown);
    diff.push(r.B.shown - r.A.shown);
    const one = (x) => `${f(x.shown)} ms (instantiated ${f(x.compiled)}, heading ${f(x.mounted)})`;
    console.log(`  pair ${i}: A ${one(r.A)}, B ${one(r.B)}; B − A ${f(r.B.shown - r.A.shown)} ms`);
  }
  const mean = diff.reduce((s, x) => s + x, 0) / diff.length;
  console.log(`\nFirst visits, nothing cached, ${CARDS}-card board, ${RUNS} pairs:`);
  console.log(`  A ${process.env.DOCKET_DIST}: median ${f(median(a))} ms`);
  console.log(`  B ${DIST_B}: median ${f(median(b))} ms`);
  console.log(`  B − A: median ${median(diff).toFixed(1)} ms, mean ${mean.toFixed(1)}; B faster in ${diff.filter((x) => x < 0).length} of ${RUNS}`);
}

if (!appB) report();
if (problems.length) {
  console.log(`\n${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

/** The side-by-side run's medians and ratio. */
function report() {
  const d = median(figures.docket);
  const r = median(figures.reference);
  console.log(`\nFirst visit, nothing cached, ${CARDS}-card board, ${RTT ? `${RTT} ms of latency per request` : 'no network throttling (loopback)'}, medians of ${RUNS}:`);
  console.log(`  Docket (dist/)                      navigation → board on screen  ${f(d)} ms`
    + `  (wasm downloaded ${f(median(figures.wasm))}, compiled and instantiated ${f(median(figures.compiled))}, page heading ${f(median(figures.mounted))} ms)`);
  console.log(`  plain page (tests/bench/reference/) navigation → board on screen  ${f(r)} ms`);
  console.log(`  ratio ${(d / r).toFixed(2)}× (target ≤ 1.6×)`);
}
