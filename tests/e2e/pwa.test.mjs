// End to end: the offline app (service worker, manifest, sub-path), the Content Security
// Policy, themes, reduced motion and print, against the built dist/ in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, newPage, ready, settle, tempDir, moveCard } from './harness.mjs';

const dist = path.resolve(process.env.DOCKET_DIST || path.join(path.dirname(fileURLToPath(import.meta.url)), '../../dist'));
const shots = process.env.DOCKET_SHOTS || tempDir('pwa');

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** Records every CSP violation the page reports into `window.__csp` (before any page script). */
async function watchCsp(context) {
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`);
    });
  });
}

/** Waits until a service worker controls the page (the first visit has cached everything). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
}

async function createProject(page, name) {
  await page.getByLabel('New project').fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
}

async function addCard(page, column, title) {
  await page.getByRole('textbox', { name: `New card in ${column}` }).fill(title);
  await page.getByRole('textbox', { name: `New card in ${column}` }).press('Enter');
  await page.getByRole('button', { name: title, exact: true }).waitFor();
}

/** The body's computed background as [r, g, b]. */
async function bodyBackground(page) {
  await settle(page);
  const c = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  return c.match(/\d+/g).slice(0, 3).map(Number);
}
const isDark = ([r, g, b]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.2;

test('the page carries a strict CSP: no inline script, no eval, and Trunk’s loader is a file', async () => {
  const html = await (await fetch(server.url)).text();
  const meta = html.match(/<meta\s+http-equiv="?Content-Security-Policy"?\s+content="([^"]*)"/i);
  assert.ok(meta, 'a CSP meta tag');
  const policy = Object.fromEntries(meta[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(policy['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(policy['default-src'], ["'self'"]);
  assert.deepEqual(policy['object-src'], ["'none'"]);
  assert.ok(!/unsafe-eval'/.test(meta[1].replace("'wasm-unsafe-eval'", '')), 'no unsafe-eval');
  for (const d of ['default-src', 'script-src', 'style-src']) {
    assert.ok(!policy[d].includes("'unsafe-inline'"), `${d} allows no inline`);
  }
  // The CSP comes before anything it governs, and every script is a file.
  assert.ok(html.indexOf('Content-Security-Policy') < html.search(/<script|<link rel="stylesheet"/i));
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  assert.ok(scripts.length >= 1);
  for (const [, attrs, body] of scripts) {
    assert.match(attrs, /\bsrc="\.\/loader-[0-9a-f]{16}\.js"/);
    assert.match(attrs, /\bintegrity="sha384-/);
    assert.equal(body.trim(), '');
  }
});

test('the app starts when the server sends its wasm under another type than application/wasm', async () => {
  // Such a server cannot stream the wasm; the loader (scripts/postbuild.mjs) then compiles it
  // from its bytes. The main module only: the board needs no other part.
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  let rewritten = 0;
  await ctx.route(/docket_bg\.wasm$/, async (route) => {
    const response = await route.fetch();
    rewritten += 1;
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await createProject(page, 'Plain server');
  await addCard(page, 'To do', 'Served as bytes');
  assert.ok(rewritten >= 1, 'the main module was served as application/octet-stream');
  // Chromium says why it could not stream; nothing else goes wrong.
  assert.deepEqual(page.errors.filter((e) => !/MIME type|application\/wasm|preload/i.test(e)), []);
  await ctx.close();
});

test('no view logs a CSP violation or an error', async () => {
  const ctx = await browser.newContext();
  await watchCsp(ctx);
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await createProject(page, 'Policy check');
  await addCard(page, 'To do', 'Read the policy');
  const base = page.url();
  const views = ['charter', 'timeline', 'risks', 'progress', 'report', 'trash'].map((t) => `${base}/${t}`);
  views.push(base, `${server.url}#/operations`, `${server.url}#/people`, `${server.url}#/exchange`,
    `${server.url}#/settings`, `${server.url}#/projects`);
  for (const url of views) {
    await page.goto(url);
    await ready(page);
    await settle(page);
  }
  // The card dialog, too.
  await page.goto(base);
  await page.getByRole('button', { name: 'Read the policy', exact: true }).click();
  await page.getByRole('dialog', { name: 'Edit card' }).waitFor();
  await settle(page);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('offline: after one visit, the app and its data load with the network gone', async () => {
  const ctx = await browser.newContext();
  await watchCsp(ctx);
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await createProject(page, 'Train journey');
  await addCard(page, 'To do', 'Write the plan offline');
  await controlled(page);
  // Every built file is cached, under one cache named for this build.
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys[0]);
    return { keys, urls: (await cache.keys()).map((r) => new URL(r.url).pathname) };
  });
  assert.equal(cached.keys.length, 1);
  assert.match(cached.keys[0], /^docket-[0-9a-f]{16}$/);
  const built = fs.readdirSync(dist).filter((f) => f !== 'sw.js' && !fs.statSync(path.join(dist, f)).isDirectory());
  for (const f of built) assert.ok(cached.urls.includes(`/${f}`), `${f} is precached`);
  assert.ok(cached.urls.some((u) => /_bg\.wasm$/.test(u)));

  await ctx.setOffline(true);
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: /Train journey/ }).waitFor();
  await page.getByRole('button', { name: 'Write the plan offline', exact: true }).waitFor();
  // A fresh navigation to the list works offline too, and editing still saves.
  await page.goto(`${server.url}#/projects`);
  await ready(page);
  await page.getByRole('link', { name: 'Train journey' }).waitFor();
  await createProject(page, 'Made offline');
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: /Made offline/ }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await ctx.close();
});

test('under /some/sub/path/ the app works, its worker is scoped there, and the manifest is valid', async () => {
  const sub = new URL('/some/sub/path/', server.url).href;
  const ctx = await browser.newContext();
  await watchCsp(ctx);
  const page = await newPage(ctx);
  await page.goto(sub);
  await ready(page);
  await createProject(page, 'Sub-path project');
  assert.ok(page.url().startsWith(`${sub}#/projects/`));
  await controlled(page);
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope), sub);

  const manifestUrl = await page.evaluate(() => document.querySelector('link[rel=manifest]').href);
  assert.equal(manifestUrl, `${sub}manifest.webmanifest`);
  const res = await page.request.get(manifestUrl);
  assert.equal(res.status(), 200);
  const m = await res.json();
  assert.equal(m.name, 'Docket');
  assert.equal(m.short_name, 'Docket');
  assert.equal(m.start_url, './');
  assert.equal(m.scope, './');
  assert.equal(m.display, 'standalone');
  assert.match(m.theme_color, /^#[0-9a-f]{6}$/i);
  assert.match(m.background_color, /^#[0-9a-f]{6}$/i);
  const pngSize = (buf) => [buf.readUInt32BE(16), buf.readUInt32BE(20)];
  const want = [['192x192', 'any'], ['512x512', 'any'], ['512x512', 'maskable']];
  for (const [sizes, purpose] of want) {
    assert.ok(m.icons.some((i) => i.sizes === sizes && i.type === 'image/png' && i.purpose === purpose), `${sizes} ${purpose}`);
  }
  assert.ok(m.icons.some((i) => i.type === 'image/svg+xml'));
  for (const icon of m.icons) {
    assert.ok(!icon.src.startsWith('/') && !/^[a-z]+:/.test(icon.src), `relative: ${icon.src}`);
    const r = await page.request.get(new URL(icon.src, manifestUrl).href);
    assert.equal(r.status(), 200, icon.src);
    if (icon.type === 'image/png') {
      const [w, h] = pngSize(await r.body());
      assert.equal(`${w}x${h}`, icon.sizes, icon.src);
    }
  }
  const touch = await page.evaluate(() => document.querySelector('link[rel=apple-touch-icon]').href);
  assert.equal((await page.request.get(touch)).status(), 200);

  // Chromium's own reading of the manifest: no errors, and the URLs land inside the sub-path.
  const cdp = await ctx.newCDPSession(page);
  const app = await cdp.send('Page.getAppManifest');
  assert.deepEqual(app.errors, []);
  assert.equal(app.parsed?.startUrl ?? new URL(m.start_url, manifestUrl).href, sub);
  // Installable: Chromium lists no reason against it, other than this test's private window.
  const installability = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installability.installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), []);

  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a new deploy: the page offers "Reload to update", then runs the new version only', async () => {
  // A copy of dist/ that we can "deploy" over.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-deploy-'));
  fs.cpSync(dist, dir, { recursive: true });
  const own = await serve(dir);
  try {
    const ctx = await browser.newContext();
    const page = await newPage(ctx);
    await page.goto(own.url);
    await ready(page);
    await controlled(page);
    const first = await page.evaluate(async () => (await caches.keys()).join());
    // No prompt on the first visit.
    assert.equal(await page.getByRole('button', { name: 'Reload to update' }).count(), 0);

    // Deploy: a new build changes the worker (its version and file list).
    const sw = fs.readFileSync(path.join(dir, 'sw.js'), 'utf8');
    fs.writeFileSync(path.join(dir, 'sw.js'), sw.replace(/const VERSION = "([0-9a-f]+)"/, 'const VERSION = "ffffffffffffffff"'));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.getByRole('status').filter({ hasText: 'A new version of Docket is ready.' }).waitFor();
    // Until the click, the old version keeps running and serving.
    assert.equal(await page.evaluate(async () => (await caches.keys()).includes('docket-ffffffffffffffff')), true);
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller.scriptURL.endsWith('sw.js')), true);

    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Reload to update' }).click(),
    ]);
    await ready(page);
    await settle(page);
    assert.equal(await page.getByRole('button', { name: 'Reload to update' }).count(), 0);
    const now = await page.evaluate(async () => (await caches.keys()).join());
    assert.equal(now, 'docket-ffffffffffffffff');
    assert.notEqual(now, first);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  } finally {
    own.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('dark theme follows the system; the header toggle overrides it and is remembered', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await watchCsp(ctx);
  const page = await newPage(ctx);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(server.url);
  await ready(page);
  await createProject(page, 'Night shift');
  for (const t of ['Check the boiler', 'Lock the gates']) await addCard(page, 'To do', t);
  await moveCard(page, 'Lock the gates', 'right');
  const board = page.url();
  assert.ok(!isDark(await bodyBackground(page)), 'light by default under a light system');
  await page.screenshot({ path: path.join(shots, 'docket-board-light.png') });
  await page.goto(`${server.url}#/projects`);
  await ready(page);
  await page.screenshot({ path: path.join(shots, 'docket-projects-light.png') });

  await page.emulateMedia({ colorScheme: 'dark' });
  assert.ok(isDark(await bodyBackground(page)), 'dark when the system asks');
  await page.screenshot({ path: path.join(shots, 'docket-projects-dark.png') });
  await page.goto(board);
  await ready(page);
  await page.screenshot({ path: path.join(shots, 'docket-board-dark.png') });

  const theme = page.getByRole('combobox', { name: 'Theme' });
  assert.equal(await theme.inputValue(), 'system');
  await theme.selectOption('light');
  assert.ok(!isDark(await bodyBackground(page)), 'the toggle overrides the system');
  assert.equal(await page.evaluate(() => localStorage.getItem('docket:theme')), 'light');
  await page.reload();
  await ready(page);
  assert.equal(await page.getByRole('combobox', { name: 'Theme' }).inputValue(), 'light');
  assert.ok(!isDark(await bodyBackground(page)), 'remembered after a reload');

  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  assert.ok(isDark(await bodyBackground(page)), 'dark on a light system when chosen');
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
  assert.ok(!isDark(await bodyBackground(page)), 'back to the system');
  assert.equal(await page.evaluate(() => localStorage.getItem('docket:theme')), null);

  // The stored choice is not workspace data: it never shows up as a load problem.
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await page.reload();
  await ready(page);
  assert.equal(await page.getByText('Some stored data could not be read.').count(), 0);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('reduced motion turns transitions and animations off', async () => {
  const ctx = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  const durations = await page.evaluate(() => {
    const b = document.querySelector('button');
    const s = getComputedStyle(b);
    return [s.transitionDuration, s.animationDuration];
  });
  for (const d of durations) assert.ok(parseFloat(d) < 0.001, d);
  await ctx.close();
});

test('print: the board and a report print black on white with no navigation or controls', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(server.url);
  await ready(page);
  await createProject(page, 'Printed plan');
  for (const t of ['First', 'Second', 'Third']) await addCard(page, 'To do', t);
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  await settle(page);
  const look = await page.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].filter((e) => getComputedStyle(e).display !== 'none').length;
    const col = document.querySelector('.column');
    return {
      header: shown('.app-header'), buttons: shown('main button:not(.card-title)'), inputs: shown('main input:not([type=checkbox])'),
      body: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(document.body).color,
      boardWraps: getComputedStyle(document.querySelector('.board')).flexWrap,
      columnOverflow: getComputedStyle(col).overflowY, countBg: getComputedStyle(document.querySelector('.count')).backgroundColor, cardBreak: getComputedStyle(document.querySelector('.card')).breakInside,
      cards: [...document.querySelectorAll('.card-title')].map((e) => e.textContent.trim()),
    };
  });
  assert.equal(look.header, 0);
  assert.equal(look.buttons, 0);
  assert.equal(look.inputs, 0);
  assert.equal(look.body, 'rgb(255, 255, 255)');
  assert.equal(look.text, 'rgb(0, 0, 0)');
  assert.equal(look.boardWraps, 'wrap');
  assert.equal(look.columnOverflow, 'visible');
  assert.equal(look.countBg, 'rgb(255, 255, 255)', 'no dark-theme colours on paper');
  assert.equal(look.cardBreak, 'avoid');
  // The card titles are buttons in the app; on paper they are still there as text.
  const titlesShown = await page.locator('.card-title').evaluateAll((els) => els.filter((e) => getComputedStyle(e).display !== 'none').length);
  assert.equal(titlesShown, 3);
  await page.pdf({ path: path.join(shots, 'docket-board-print.pdf') });

  // The close-out report: the report itself, without the form and actions around it.
  await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });
  await page.goto(`${page.url()}/report`);
  await ready(page);
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  await settle(page);
  const report = await page.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].filter((e) => getComputedStyle(e).display !== 'none').length;
    return { header: shown('.app-header'), tabs: shown('.tabs'), buttons: shown('main button'), report: shown('.report'),
      text: getComputedStyle(document.querySelector('.report') || document.body).color };
  });
  assert.deepEqual(report, { header: 0, tabs: 0, buttons: 0, report: 1, text: 'rgb(0, 0, 0)' });
  await page.pdf({ path: path.join(shots, 'docket-report-print.pdf') });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('print: a checklist run prints its answers, without navigation or buttons', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.goto(server.url + '#/today');
  await page.getByRole('button', { name: /Resume/ }).first().click();
  await page.locator('.run-item').first().waitFor();
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  await settle(page);
  const look = await page.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].filter((e) => getComputedStyle(e).display !== 'none').length;
    return {
      header: shown('.app-header'), opsNav: shown('.ops-nav'), buttons: shown('main button'),
      items: shown('.run-item'), checked: shown('.run-item input:checked'),
      itemBreak: getComputedStyle(document.querySelector('.run-item')).breakInside,
      text: getComputedStyle(document.body).color,
    };
  });
  assert.equal(look.header, 0);
  assert.equal(look.opsNav, 0);
  assert.equal(look.buttons, 0);
  assert.equal(look.items, 8, 'every item of the run');
  assert.ok(look.checked >= 3, `the answers given show (${look.checked})`);
  assert.equal(look.itemBreak, 'avoid');
  assert.equal(look.text, 'rgb(0, 0, 0)');
  await page.pdf({ path: path.join(shots, 'docket-run-print.pdf') });
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
