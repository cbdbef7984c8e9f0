#!/usr/bin/env node
// Lets a built Docket contact a CouchDB database at another origin (live sync, docs/sync.md):
// adds the origin to the connect-src of the Content-Security-Policy in <dist>/index.html.
// Idempotent; leaves everything else as it was.
//
//   node scripts/sync-origin.mjs dist https://couch.example.com
import fs from 'node:fs';
import path from 'node:path';

const [dir, origin] = process.argv.slice(2);
if (!dir || !origin) {
  console.error('usage: node scripts/sync-origin.mjs <dist-dir> <origin, such as https://couch.example.com>');
  process.exit(2);
}
if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin) && !/^https?:\/\/\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(origin)) {
  console.error(`"${origin}" is not an origin: scheme, host and optional port, such as https://couch.example.com:6984 (no path).`);
  process.exit(2);
}
const file = path.join(dir, 'index.html');
const html = fs.readFileSync(file, 'utf8');
let found = false;
const out = html.replace(/(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/, (m, a, policy, b) => {
  found = true;
  const parts = policy.split(';').map((d) => d.trim()).filter(Boolean);
  const i = parts.findIndex((d) => d.startsWith('connect-src'));
  if (i < 0) parts.push(`connect-src 'self' ${origin}`);
  else if (!parts[i].split(/\s+/).includes(origin)) parts[i] = `${parts[i]} ${origin}`;
  return a + parts.join('; ') + b;
});
if (!found) {
  console.error(`${file} has no Content-Security-Policy meta tag.`);
  process.exit(1);
}
fs.writeFileSync(file, out);
console.log(`${file}: connect-src now allows ${origin}`);
