// Shared end-to-end harness: a plain static server for dist/ (no rewrite rules, so a deep
// link only works if the app itself handles it) and Chromium driven by playwright-core.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(process.env.DOCKET_DIST || path.join(path.dirname(fileURLToPath(import.meta.url)), '../../dist'));
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/** Serves dist/ at `/` and, identically, under `/tools/docket/`. Missing files are 404. */
export async function serve() {
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new Error('dist/ is missing: build it first (scripts/test.sh does)');
  }
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.startsWith('/tools/docket/')) p = p.slice('/tools/docket'.length);
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

/** Lets the app finish reacting (Leptos runs effects asynchronously): two animation frames. */
export async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
