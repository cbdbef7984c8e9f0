// Docket's service worker: the template. scripts/postbuild.mjs (a Trunk post_build hook) writes
// dist/sw.js from it, filling in the build's version and the list of every built file (their
// names carry content hashes, so the list changes with every build that changes anything).
//
// - install: precache every built file (a few at a time) under a cache named for this version;
//   the new worker then WAITS while an older one controls open pages, so a page never mixes
//   two versions. The page registers the worker a few seconds after it starts (src/ui/pwa.rs).
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
  event.waitUntil(caches.open(CACHE).then(precache));
});

// Every built file into `cache`, a few at a time: hundreds of requests at once would hold up
// whatever the open page fetches meanwhile. One that fails fails the install (the browser
// tries again on a later visit).
const AT_ONCE = 4;
function precache(cache) {
  const queue = [...PRECACHE];
  const next = () => {
    const p = queue.shift();
    if (p === undefined) return Promise.resolve();
    return fetch(new Request(p, { cache: 'reload' })).then((res) => {
      if (!res.ok) throw new Error(`${p}: ${res.status}`);
      return cache.put(p, res);
    }).then(next);
  };
  return Promise.all(Array.from({ length: AT_ONCE }, next));
}

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
