// The CouchDB-compatible test server (tests/couch/server.mjs) for the sync tests: started as
// a child process on 127.0.0.1, with helpers to set it up and to stop and restart it.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '../couch/server.mjs');

/**
 * Starts the server. Resolves to { url, createDb(name), deleteDb(name), createUser(name, password),
 * put(db, id, doc), allDocs(db), info(db), get(path), post(path, body), pause(), resume(), stop() }. `pause` closes the port and
 * every connection (a long poll included) and keeps the data; `resume` listens on the same port again.
 */
export async function startCouch() {
  const child = fork(script, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = (key) => new Promise((resolve, reject) => {
    const on = (m) => { if (m && m[key] !== undefined) { child.off('message', on); resolve(m[key]); } };
    child.on('message', on);
    child.once('exit', (code) => reject(new Error(`the test CouchDB exited (${code})`)));
  });
  const url = await next('ready');
  const call = async (method, p, body) => {
    const res = await fetch(new URL(p, url), {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const exited = new Promise((r) => child.once('exit', r));
  process.once('exit', () => child.kill());
  return {
    url,
    // A fresh database. PouchDB finishes a deletion in the background: a create that finds
    // the old one still there ("file_exists") deletes it again and retries.
    async createDb(name) {
      for (let i = 0; ; i++) {
        try { return await call('PUT', name); } catch (e) {
          if (i >= 20 || !/file_exists/.test(e.message)) throw e;
          await call('DELETE', name).catch(() => {});
        }
      }
    },
    deleteDb: (name) => call('DELETE', name),
    createUser: (name, password) => call('PUT', `_users/org.couchdb.user:${name}`, { name, password, roles: [], type: 'user' }),
    put: (db, id, doc) => call('PUT', `${db}/${encodeURIComponent(id)}`, doc),
    allDocs: async (db) => (await call('GET', `${db}/_all_docs`)).rows,
    info: (db) => call('GET', db),
    get: (p) => call('GET', p),
    post: (p, body) => call('POST', p, body),
    async pause() { child.send('pause'); await next('done'); },
    async resume() { child.send('resume'); await next('done'); },
    async stop() { child.kill(); await exited; },
  };
}
