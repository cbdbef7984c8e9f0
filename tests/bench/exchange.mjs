// Benchmark of files in and out, in headless Chromium against a built dist/ (DOCKET_DIST):
// a ~4 MB Docket workspace file chosen in the file picker until its preview is on screen
// (read, parsed, validated, previewed, rendered), and the export of that whole workspace
// (click until the download starts). Prints medians; never fails on time, only when
// something is wrong (no preview, a refused file, a page error).
//
//   DOCKET_DIST=target/bench-dist node tests/bench/exchange.mjs
//   env: BENCH_RUNS (default 5), BENCH_BYTES (default 4000000), BENCH_WRITE=<path> (only write
//   the file there and stop, for native timing: cargo run --release --example exchange_timing)
//
// The file is built from tests/fixtures/format/v1-workspace.json: its project, checklists
// and runs are cloned with fresh ids (every reference rewritten consistently; people are
// shared) until the file reaches BENCH_BYTES.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { serve, launch, newPage } from '../e2e/harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 5);
const BYTES = Number(process.env.BENCH_BYTES || 4_000_000);
const here = path.dirname(fileURLToPath(import.meta.url));
const base = JSON.parse(fs.readFileSync(path.join(here, '../fixtures/format/v1-workspace.json'), 'utf8'));
const problems = [];

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
function newId() {
  const b = crypto.randomBytes(20);
  let s = '';
  for (const x of b) s += ALPHABET[x & 31];
  return s;
}

/** Every value of an `id` field in a tree. */
function ids(v, out = new Set()) {
  if (Array.isArray(v)) v.forEach((x) => ids(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'id' && typeof x === 'string') out.add(x);
      ids(x, out);
    }
  }
  return out;
}

/** A copy of `v` with every id (and every reference to one) replaced by a fresh id. */
function fresh(v, keep) {
  const map = new Map([...ids(v)].filter((id) => !keep.has(id)).map((id) => [id, newId()]));
  return JSON.parse(JSON.stringify(v).replace(/"([0-9a-z]{20})"/g, (m, id) => (map.has(id) ? `"${map.get(id)}"` : m)));
}

function bigWorkspace() {
  const people = new Set(base.people.map((p) => p.id));
  const file = { ...base, projects: [], templates: [], runs: [] };
  let size = JSON.stringify(file).length;
  for (let i = 1; size < BYTES; i++) {
    const part = fresh({ projects: base.projects, templates: base.templates, runs: base.runs }, people);
    part.projects.forEach((p) => { p.name = `${p.name} ${i}`; });
    part.templates.forEach((t) => { t.name = `${t.name} ${i}`; });
    file.projects.push(...part.projects);
    file.templates.push(...part.templates);
    file.runs.push(...part.runs);
    size += JSON.stringify(part).length;
  }
  return JSON.stringify(file);
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;

/** In the page: timestamps from the file input's change event to the preview on screen. */
function probe() {
  const b = (window.__bench = { change: null, shown: null });
  document.addEventListener('change', (e) => {
    if (e.target && e.target.id === 'import-file') b.change = performance.now();
  }, true);
  const poll = () => {
    if (b.change !== null && b.shown === null && document.getElementById('preview-heading')) {
      // Inside a rAF callback: the frame renders right after; a message posted now is
      // handled once it has.
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { b.shown = performance.now(); };
      ch.port2.postMessage(0);
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

const text = bigWorkspace();
if (process.env.BENCH_WRITE) {
  // Only write the file (for native timing: examples/exchange_timing.rs), then stop.
  fs.writeFileSync(process.env.BENCH_WRITE, text);
  console.log(`Wrote ${(text.length / 1e6).toFixed(2)} MB to ${process.env.BENCH_WRITE}`);
  process.exit(0);
}
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docket-bench-')), 'docket-workspace-bench.json');
fs.writeFileSync(file, text);
const parsed = JSON.parse(text);
const cards = parsed.projects.reduce((n, p) => n + p.cards.length, 0);
console.log(`File: ${(text.length / 1e6).toFixed(2)} MB, ${parsed.projects.length} projects, ${cards} cards, `
  + `${parsed.templates.length} checklists, ${parsed.runs.length} runs`);

const server = await serve();
const browser = await launch();
const preview = [];
const exported = [];
const exportedBytes = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const ctx = await browser.newContext({ acceptDownloads: true });
    await ctx.addInitScript(probe);
    const page = await newPage(ctx);
    await page.goto(server.url + '#/exchange');
    await page.getByRole('heading', { level: 1, name: 'Import & export' }).waitFor({ timeout: 20000 });
    // A person takes at least a second to open the file picker and choose a file. Set
    // BENCH_PICK_MS=0 to choose the file at once. (Where the time goes, natively:
    // BENCH_WRITE=<file>, then cargo run --release --example exchange_timing -- <file>.)
    await page.waitForTimeout(Number(process.env.BENCH_PICK_MS ?? 1000));
    await page.getByLabel('Choose a file to import').setInputFiles(file);
    await page.waitForFunction(() => window.__bench.shown !== null, null, { timeout: 60000 });
    const t = await page.evaluate(() => window.__bench.shown - window.__bench.change);
    preview.push(t);
    if (await page.getByRole('alert').count()) problems.push(`run ${run}: ${await page.getByRole('alert').first().innerText()}`);

    // Into the app (stored), then the export of the whole workspace.
    await page.getByRole('button', { name: 'Merge into my workspace' }).click();
    await page.locator('.import-done').waitFor({ timeout: 60000 });
    if (await page.locator('.banner.error').count()) {
      problems.push(`run ${run}: merge refused: ${await page.locator('.banner.error').first().innerText()}`);
      await ctx.close();
      continue;
    }
    const button = page.getByRole('button', { name: 'Export workspace' });
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      button.evaluate((el) => { window.__t0 = performance.now(); el.click(); window.__t1 = performance.now(); }),
    ]);
    // The click handler runs synchronously: serialising, the Blob and the link click.
    exported.push(await page.evaluate(() => window.__t1 - window.__t0));
    const out = path.join(path.dirname(file), `export-${run}.json`);
    await dl.saveAs(out);
    exportedBytes.push(fs.statSync(out).size);
    if (page.errors.length) problems.push(`run ${run}: ${page.errors.join('; ')}`);
    await ctx.close();
  }
} finally {
  await browser.close();
  server.close();
}

console.log(`Choose a ${(text.length / 1e6).toFixed(1)} MB file → preview on screen: ${fmt(preview)}`);
if (exported.length) {
  console.log(`Export of the whole workspace (${(median(exportedBytes) / 1e6).toFixed(2)} MB), click → download handed over: ${fmt(exported)}`);
}
if (problems.length) {
  console.log(`PROBLEMS:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
