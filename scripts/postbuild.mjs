#!/usr/bin/env node
// Trunk post_build hook (see Trunk.toml), run for every `trunk build` (debug and release) and
// every rebuild of `trunk serve`, in Trunk's staging directory before it becomes dist/.
//
// 0. The app: links the wasm scripts/wasm.mjs built (a build hook) and writes its loader.
// 1. Content Security Policy: the page allows no inline script (index.html's CSP meta), but
//    Trunk writes its autoreload client (under `trunk serve`) inline.
//    Each inline script moves into its own file named for its content hash, referenced by
//    `src` with a Subresource Integrity hash like Trunk's own links.
// 2. Stylesheets: Trunk's one link per style/*.css becomes one file (fewer requests ahead of
//    the wasm).
// 3. Service worker: writes sw.js from public/sw.js with the list of every built file and a
//    version derived from their contents, so a new deploy installs a new worker.
//
// Plain Node (no packages), so it runs wherever Trunk does. Env set by Trunk:
// TRUNK_STAGING_DIR (required), TRUNK_PUBLIC_URL, TRUNK_PROFILE.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('postbuild: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)');
  process.exit(1);
}
// The repository (TRUNK_SOURCE_DIR is public/, where index.html is).
const source = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let publicUrl = process.env.TRUNK_PUBLIC_URL || './';
if (!publicUrl.endsWith('/')) publicUrl += '/';
const htmlPath = path.join(staging, 'index.html');

const sha = (alg, data, enc = 'hex') => crypto.createHash(alg).update(data).digest(enc);

// --- 0. The app's loader -----------------------------------------------------------------------
// scripts/wasm.mjs (the build hook) wrote `wasm-<hash>/`. The page asks at once for everything the
// start needs: the main module, its glue and (a split build) the glue's import `__wasm_split.js`,
// which the browser would otherwise find only once the glue had arrived. The loader starts
// compiling the main module before it loads the glue, so the two happen side by side.
let html = fs.readFileSync(htmlPath, 'utf8');
const wasmDir = fs.readdirSync(staging).find((f) => /^wasm-[0-9a-f]{16}$/.test(f));
if (!wasmDir) {
  console.error('postbuild: no wasm-<hash>/ in the staging directory (scripts/wasm.mjs writes it)');
  process.exit(1);
}
{
  // A server that sends the wasm with another type than application/wasm cannot stream it:
  // the loader then compiles it from its bytes (as wasm-bindgen's own loader does).
  const loader = `const url = new URL('./${wasmDir}/docket_bg.wasm', import.meta.url);\n`
    + `const compiled = WebAssembly.compileStreaming(fetch(url))\n`
    + `  .catch(() => fetch(url).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)));\n`
    + `const { default: init } = await import('./${wasmDir}/docket.js');\n`
    + `await init({ module_or_path: await compiled });\n`;
  const name = `loader-${sha('sha256', loader).slice(0, 16)}.js`;
  fs.writeFileSync(path.join(staging, name), loader);
  const sri = (f) => `sha384-${sha('sha384', fs.readFileSync(path.join(staging, f)), 'base64')}`;
  const glue = `${wasmDir}/docket.js`;
  const split = `${wasmDir}/__wasm_split.js`;
  const main = `${wasmDir}/docket_bg.wasm`;
  const links = [
    `<link rel="modulepreload" href="${publicUrl}${glue}" integrity="${sri(glue)}"/>`,
    ...(fs.existsSync(path.join(staging, split))
      ? [`<link rel="modulepreload" href="${publicUrl}${split}" integrity="${sri(split)}"/>`]
      : []),
    `<link rel="preload" href="${publicUrl}${main}" as="fetch" type="application/wasm" crossorigin="anonymous" integrity="${sri(main)}"/>`,
    `<script type="module" src="${publicUrl}${name}" integrity="${sri(name)}"></script>`,
  ];
  html = html.replace(/<\/head>/i, `${links.join('\n')}\n</head>`);
}

// --- 1. Inline scripts out into files ------------------------------------------------------
let dev = false;
let moved = 0;
html = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi, (whole, attrs, body) => {
  if (/\bsrc\s*=/i.test(attrs)) return whole; // already external
  if (!body.trim()) return '';
  let code = body;
  let stem = 'loader';
  if (code.includes('{{__TRUNK_ADDRESS__}}') || code.includes('{{__TRUNK_WS_BASE__}}')) {
    // Trunk serve's autoreload client: the server fills these in only inside HTML responses,
    // so fill them in here with what the page itself knows.
    dev = true;
    stem = 'autoreload';
    code = code
      .replace(/(['"`])\{\{__TRUNK_ADDRESS__\}\}\1/g, 'window.location.host')
      .replace(/(['"`])\{\{__TRUNK_WS_BASE__\}\}\1/g, "new URL('./', document.baseURI).pathname");
  }
  const name = `${stem}-${sha('sha256', code).slice(0, 16)}.js`;
  fs.writeFileSync(path.join(staging, name), code);
  moved += 1;
  const integrity = `sha384-${sha('sha384', code, 'base64')}`;
  const rest = attrs.replace(/\s*\bnonce\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '').trim();
  const defer = /\btype\s*=\s*["']?module/i.test(rest) ? '' : ' defer';
  return `<script${rest ? ' ' + rest : ''}${defer} src="${publicUrl}${name}" integrity="${integrity}"></script>`;
});
if (/<script\b(?![^>]*\bsrc\s*=)[^>]*>/i.test(html)) {
  console.error('postbuild: an inline <script> is left in index.html; the CSP would block it');
  process.exit(1);
}
const csp = /<meta\s+http-equiv=["']?Content-Security-Policy["']?\s+content=(?:"([^"]*)"|'([^']*)')/i.exec(html);
if (!csp) {
  console.error('postbuild: index.html has no Content-Security-Policy meta');
  process.exit(1);
}
const policy = csp[1] ?? csp[2];
if (/'unsafe-inline'|'unsafe-eval'/.test(policy)) {
  console.error(`postbuild: the CSP allows inline script or eval: ${policy}`);
  process.exit(1);
}

// --- 2. One stylesheet ----------------------------------------------------------------------
// Trunk links each style/*.css on its own: some twenty requests that queue behind the six
// connections a browser opens per host, ahead of the wasm. They are joined here, in their
// order in index.html (so the cascade is unchanged), into one file named for its content.
const sheets = [];
html = html.replace(/[ \t]*<link\s+rel="stylesheet"\s+href="([^"]+)"[^>]*>[ \t]*\n?/g, (whole, href) => {
  if (!href.startsWith(publicUrl) || !href.endsWith('.css')) return whole;
  sheets.push(href.slice(publicUrl.length));
  return sheets.length === 1 ? '<!--docket-css-->' : '';
});
if (sheets.length) {
  const css = sheets
    .map((f) => `/* ${f.replace(/-[0-9a-f]{16}\.css$/, '.css')} */\n${fs.readFileSync(path.join(staging, f), 'utf8')}`)
    .join('\n');
  const name = `docket-${sha('sha256', css).slice(0, 16)}.css`;
  fs.writeFileSync(path.join(staging, name), css);
  for (const f of sheets) fs.unlinkSync(path.join(staging, f));
  const link = `<link rel="stylesheet" href="${publicUrl}${name}" integrity="sha384-${sha('sha384', css, 'base64')}"/>`;
  html = html.replace('<!--docket-css-->', `${link}\n`);
}
fs.writeFileSync(htmlPath, html);

// --- 3. Service worker -------------------------------------------------------------------
const files = [];
(function walk(dir, rel) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(path.join(dir, e.name), r);
    else if (r !== 'sw.js' && !r.endsWith('.map')) files.push(r);
  }
})(staging, '');
const digest = crypto.createHash('sha256');
for (const f of files) digest.update(`${f}\0${sha('sha256', fs.readFileSync(path.join(staging, f)))}\n`);
const version = (dev ? 'dev-' : '') + digest.digest('hex').slice(0, 16);
const precache = ['./', ...files.map((f) => `./${f}`)];
const template = fs.readFileSync(path.join(source, 'public', 'sw.js'), 'utf8');
const sw = template
  .replace("'__DOCKET_VERSION__'", JSON.stringify(version))
  .replace('__DOCKET_PRECACHE__', JSON.stringify(precache, null, 2))
  .replace('__DOCKET_DEV__', String(dev));
fs.writeFileSync(path.join(staging, 'sw.js'), sw);

console.log(`postbuild: ${moved} inline script(s) moved out; ${sheets.length} stylesheets joined; sw.js ${version} precaches ${precache.length} URLs${dev ? ' (dev: no caching)' : ''}`);
