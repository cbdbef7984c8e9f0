#!/usr/bin/env node
// Trunk build hook (see Trunk.toml): builds the app's wasm and its JavaScript glue into Trunk's
// staging directory, as `wasm-<content hash>/` (scripts/postbuild.mjs then links it from
// index.html and lists it for the service worker).
//
// Ours rather than Trunk's Rust pipeline because a release build is split (Trunk 0.21 cannot
// split, trunk-rs/trunk#1022): the pages a board does not need (src/ui/app/pages.rs, Leptos'
// `#[lazy]`) go into parts of their own that the browser fetches the first time one opens, so
// a first visit downloads and compiles about half the app. The steps:
//   1. cargo build (release: with the `split` feature and relocations kept for the splitter);
//   2. release: wasm-split-cli cuts the module at the lazy functions into the main module,
//      one module per lazy page and shared chunks, plus __wasm_split.js, which loads them;
//   3. wasm-bindgen writes docket.js and docket_bg.wasm for the main module;
//   4. release: wasm-opt -Oz on every module.
// A debug build (`trunk build`, `trunk serve`) is one module, as the tests run it.
//
// Env set by Trunk: TRUNK_STAGING_DIR (required), TRUNK_PROFILE.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('wasm: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)');
  process.exit(1);
}
// The repository (TRUNK_SOURCE_DIR is public/, where index.html is).
const source = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const release = process.env.TRUNK_PROFILE === 'release';
const split = release && process.env.DOCKET_SPLIT !== '0';
const targetDir = process.env.CARGO_TARGET_DIR || path.join(source, 'target');
const profileDir = path.join(targetDir, 'wasm32-unknown-unknown', release ? 'release' : 'debug');
const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { cwd: source, stdio: 'inherit', env: { ...process.env, ...env } });

// --- 1. cargo ---------------------------------------------------------------------------------
const cargoArgs = ['build', '--locked', '--target', 'wasm32-unknown-unknown', '--bin', 'docket'];
if (release) cargoArgs.push('--release');
if (split) cargoArgs.push('--features', 'split');
// RUSTFLAGS replaces the target's rustflags in .cargo/config.toml, so it repeats them. The
// splitter needs the linker's relocations, and its data left in one segment per symbol so that
// each part's constants (its views' text) go with it instead of all into the main module.
const splitFlags = '--cfg erase_components -C link-arg=--emit-relocs -C link-arg=--no-merge-data-segments';
run('cargo', cargoArgs, split ? { RUSTFLAGS: splitFlags } : {});
const linked = path.join(profileDir, 'docket.wasm');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-wasm-'));
try {
  // --- 2. split ---------------------------------------------------------------------------------
  let input = linked;
  if (split) {
    run('wasm-split-cli', [linked, work, '--target', 'web', '--out-name', 'docket']);
    input = path.join(work, 'docket.wasm');
  }
  // --- 3. wasm-bindgen -------------------------------------------------------------------------
  const out = path.join(work, 'out');
  fs.mkdirSync(out);
  const bindgen = ['--target', 'web', '--no-typescript', '--out-dir', out, '--out-name', 'docket'];
  if (split) bindgen.push('--keep-lld-exports', '--no-demangle');
  if (!release) bindgen.push('--debug', '--keep-debug');
  run('wasm-bindgen', [...bindgen, input]);
  if (split) {
    for (const f of fs.readdirSync(work)) {
      if (f.endsWith('.js') || (f.endsWith('.wasm') && f !== 'docket.wasm')) fs.renameSync(path.join(work, f), path.join(out, f));
    }
  }
  // --- 4. wasm-opt --------------------------------------------------------------------------------
  if (release) await optimise(fs.readdirSync(out).filter((f) => f.endsWith('.wasm')).map((f) => path.join(out, f)));

  // Into staging, in a directory named for the content of everything in it.
  const files = fs.readdirSync(out).sort();
  const digest = crypto.createHash('sha256');
  for (const f of files) digest.update(`${f}\0`).update(fs.readFileSync(path.join(out, f)));
  const dir = path.join(staging, `wasm-${digest.digest('hex').slice(0, 16)}`);
  fs.mkdirSync(dir);
  for (const f of files) fs.copyFileSync(path.join(out, f), path.join(dir, f));
  const main = fs.statSync(path.join(dir, 'docket_bg.wasm')).size;
  const parts = files.filter((f) => f.endsWith('.wasm')).length;
  console.log(`wasm: ${path.basename(dir)}/, main module ${main} bytes, ${parts} module(s)${split ? ' (split)' : ''}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

/** wasm-opt -Oz on each module, as many at once as there are cores; the largest first. */
async function optimise(modules) {
  // The features rustc enables for wasm32-unknown-unknown (wasm-opt must accept what it reads).
  const features = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue'];
  const queue = modules.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  const worker = async () => {
    for (let m = queue.shift(); m; m = queue.shift()) {
      const args = ['-Oz', ...features.map((f) => `--enable-${f}`), m, '-o', m];
      await new Promise((resolve, reject) => {
        // Quiet unless it fails: it warns about the splitter's name section for every module.
        const p = spawn('wasm-opt', args, { stdio: ['ignore', 'inherit', 'pipe'] });
        let err = '';
        p.stderr.on('data', (d) => (err += d));
        p.on('error', reject);
        p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wasm-opt failed on ${m} (${code}):\n${err}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, os.availableParallelism()) }, worker));
}
