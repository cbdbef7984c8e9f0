// Shared end-to-end harness: a plain static server for dist/ (no rewrite rules, so a deep
// link only works if the app itself handles it) and Chromium driven by playwright-core.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export const distRoot = path.resolve(process.env.DOCKET_DIST || path.join(path.dirname(fileURLToPath(import.meta.url)), '../../dist'));
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/** Serves dist/ (or `root`) at `/` and, identically, under `/tools/docket/` and `/some/sub/path/`. Missing files are 404. */
export async function serve(root = distRoot) {
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new Error('dist/ is missing: build it first (scripts/test.sh does)');
  }
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    for (const prefix of ['/tools/docket/', '/some/sub/path/']) {
      if (p.startsWith(prefix)) p = p.slice(prefix.length - 1);
    }
    if (p.endsWith('/')) p += 'index.html';
    const file = path.normalize(path.join(root, p));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, sub: `http://127.0.0.1:${port}/tools/docket/`, close: () => server.close() };
}

export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

/**
 * Clicks a card's move button ("Move card <title> right"). With a mouse, only the card under the
 * pointer or with focus has its move buttons (src/ui/projects/board/active.rs), so this points
 * at the card first, as a person would.
 */
export async function moveCard(page, title, dir) {
  const card = page.locator('li.card', { has: page.getByRole('button', { name: title, exact: true }) });
  // Its foot in view, and the pointer there, where the buttons appear: a column shorter than
  // the card would otherwise scroll them out from under the pointer.
  await card.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  const box = await card.boundingBox();
  await card.hover({ position: { x: box.width - 16, y: box.height - 16 } });
  await card.getByRole('button', { name: `Move card ${title} ${dir}`, exact: true }).click();
}

/** Launches headless Chromium with the flags this machine needs. */
export function launch() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A new page that records console errors and page errors into `page.errors`. */
export async function newPage(context) {
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

/** Waits until the app has mounted (the main landmark has a heading). */
export async function ready(page) {
  await page.locator('main h1').first().waitFor({ timeout: 20000 });
}

/**
 * Lets the app finish reacting (Leptos runs effects asynchronously): two animation frames, and
 * if a page, tab or dialog is still "Opening…" (its part of the app loading, src/ui/lazy.rs),
 * until it has opened, then two frames more.
 */
export async function settle(page) {
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await frames();
  if (await page.locator('.opening').count()) {
    await page.waitForFunction(() => !document.querySelector('.opening'), null, { timeout: 20000 });
    await frames();
  }
}

/** The titles of the cards on the board's column `column`, in order (after two frames). */
export async function cardsIn(page, column) {
  await settle(page);
  return page.getByRole('list', { name: `Cards in ${column}` }).locator('.card-title').allInnerTexts();
}

/** The names of the board's columns, in order (after two frames). */
export async function columnNames(page) {
  await settle(page);
  return page.locator('.board > .column .column-title .inline-edit-text').allInnerTexts();
}

/**
 * Page-side helpers for tests that set up a project by editing what is stored (as an import
 * would): `window.__readProject(key)` reads a project of storage layout 2 (its head, card
 * buckets and monthly moves, packed or plain) as one object; `window.__writeProject(p)` writes
 * it back as one plain-JSON record (which Docket reads as well) and drops the old parts;
 * `window.__readStored(key)` reads any one record (packed or plain), `null` when absent.
 * Evaluate this string in the page first: `await page.evaluate(STORED_PROJECT_HELPERS)`.
 */
export const STORED_PROJECT_HELPERS = `(() => {
  // A packed value: '%', a 30-bit byte count, then raw Deflate bytes 15 bits to a character
  // (src/storage/pack.rs); unpacked with the browser's own DecompressionStream.
  const unpack = async (v) => {
    if (!v.startsWith('%')) return v;
    const vals = [...v.slice(1)].map((c) => c.codePointAt(0) - 0x20);
    const len = (vals[0] << 15) | vals[1];
    const bytes = new Uint8Array(len); let acc = 0, bits = 0, n = 0;
    for (const x of vals.slice(2)) {
      acc = ((acc << 15) | x) >>> 0; bits += 15;
      while (bits >= 8 && n < len) { bits -= 8; bytes[n++] = (acc >>> bits) & 255; }
      acc &= (1 << bits) - 1;
    }
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Response(stream).text();
  };
  const read = async (k) => JSON.parse(await unpack(localStorage.getItem(k)));
  window.__readStored = async (k) => (localStorage.getItem(k) === null ? null : read(k));
  window.__readProject = async (key) => {
    const id = key.slice('docket:p:'.length);
    const p = await read(key);
    p.cards = p.cards || []; p.moves = p.moves || [];
    for (const k of Object.keys(localStorage)) {
      if (k.startsWith('docket:pc:' + id + ':')) p.cards.push(...await read(k));
      if (k.startsWith('docket:pm:' + id + ':')) p.moves.push(...await read(k));
    }
    return p;
  };
  window.__writeProject = (p) => {
    for (const k of Object.keys(localStorage)) {
      if (k.startsWith('docket:pc:' + p.id + ':') || k.startsWith('docket:pm:' + p.id + ':')) localStorage.removeItem(k);
    }
    localStorage.setItem('docket:p:' + p.id, JSON.stringify(p));
  };
})()`;

/**
 * Waits on state, not time: polls `check` (async, returns true when the state is reached)
 * once per animation-frame-ish tick until it holds; fails with `what` after `timeout` ms.
 */
/**
 * A new context (CSP bypassed for axe) on a page with the sample data loaded and the stored
 * project helpers installed; returns the context, the page and the sample project's id.
 */
export async function withSample(browser, server, opts = {}) {
  const ctx = await browser.newContext({ bypassCSP: true, ...opts });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  const link = page.locator('main a[href^="#/projects/"]').first();
  await link.waitFor();
  const pid = (await link.getAttribute('href')).split('/')[2];
  await page.evaluate(STORED_PROJECT_HELPERS);
  return { ctx, page, pid, link };
}

export async function until(check, what, timeout = 10000) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A fresh temporary directory for this run's files (screenshots, downloads). */
export function tempDir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `docket-${name}-`));
}

/**
 * Runs axe on the page as it is (WCAG 2.x A and AA, and best practices). Fails on serious or
 * critical violations; prints the others. `axe` is injected as a script file, which the app's
 * CSP blocks: the axe contexts bypass the CSP (the app's own CSP is tested in pwa.test.mjs).
 */
export async function axe(page, view) {
  await settle(page);
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: axePath });
  }
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1, 2).join(' ').trim()}`),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of violations.filter((x) => !bad.includes(x))) {
    console.log(`# axe ${view}: ${v.impact} ${v.id} (${v.help}) ×${v.nodes.length}: ${v.nodes.slice(0, 3).join(' | ')}`);
  }
  const text = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`).join('\n  ');
  assert.equal(bad.length, 0, `${view}: serious or critical axe violations:\n  ${text}`);
}

/** Runs one action of a column's menu ("Actions for column <name>"): opens it, clicks the item. */
export async function columnAction(page, column, item) {
  await page.getByRole('button', { name: `Actions for column ${column}` }).click();
  await page.getByRole('menu', { name: `Actions for column ${column}` }).getByRole('menuitem', { name: item }).click();
}

/** Clicks `button` (a locator) that downloads a file; saves it in `dir` and returns its path. */
export async function downloadFile(page, button, dir) {
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const file = path.join(dir, `${Date.now()}-${dl.suggestedFilename()}`);
  await dl.saveAs(file);
  return file;
}

/** Opens the Import & export page from the header. */
export async function openExchange(page) {
  await page.getByRole('link', { name: 'Import & export' }).click();
  await page.getByRole('heading', { level: 1, name: 'Import & export' }).waitFor();
}

/** Exports the whole workspace as a file in `dir`; returns its path. */
export async function exportWorkspace(page, dir) {
  await openExchange(page);
  return downloadFile(page, page.getByRole('button', { name: 'Export workspace' }), dir);
}

/** Chooses `file` on the Import & export page and waits for its preview. */
export async function previewFile(page, file) {
  await openExchange(page);
  await page.getByLabel('Choose a file to import').setInputFiles(file);
  await page.getByRole('heading', { name: `Preview of ${path.basename(file)}` }).waitFor();
}

/** Merges the previewed file and waits until it is applied. */
export async function mergePreviewed(page) {
  await page.getByRole('button', { name: 'Merge into my workspace' }).click();
  await page.locator('.import-done').filter({ hasText: 'Merged ' }).waitFor();
}

/** A Docket file's data, without when it was written (to compare two colleagues' files). */
export function fileData(file) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  delete doc.exported_at;
  return doc;
}
