// Docket's service worker: the template. scripts/postbuild.mjs (a Trunk post_build hook) writes
// dist/sw.js from it, filling in the build's version and the list of every built file (their
// names carry content hashes, so the list changes with every build that changes anything).
//
// - install: precache every built file under a cache named for this version; the new worker
//   then WAITS while an older one controls open pages, so a page never mixes two versions.
// - the page shows "A new version of Docket is ready" and, on the click, posts SKIP_WAITING;
//   this worker takes over, deletes the older caches, and the page reloads on controllerchange.
// - fetch: cache first for everything in the precache; a navigation inside the scope gets the
//   cached app page (Docket routes by the URL's hash, so there is only one page).
// Every URL is relative to this file, so the same dist/ works at / and under any sub-path.
'use strict';

const VERSION = '__DOCKET_VERSION__';
const PRECACHE = __DOCKET_PRECACHE__;
const DEV = __DOCKET_DEV__;
const PREFIX = 'docket-';
const CACHE = PREFIX + VERSION;
const INDEX = new URL('./', self.location).href;
const URLS = new Set(PRECACHE.map((p) => new URL(p, self.location).href));

self.addEventListener('install', (event) => {
  if (DEV) {
    // `trunk serve` rebuilds and reloads on every change: never hold a stale copy there.
    event.waitUntil(self.skipWaiting());
    return;
  }
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((p) => new Request(p, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  if (DEV) return;
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  url.hash = '';
  url.search = '';
  let key = null;
  if (URLS.has(url.href)) key = url.href;
  else if (req.mode === 'navigate' && url.href.startsWith(INDEX)) key = INDEX;
  if (key === null) return;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      .then((hit) => hit || fetch(req)),
  );
});
