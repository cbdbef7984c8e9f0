// A CouchDB-compatible server for the sync tests and benchmarks (issue 21): express-pouchdb
// in "fullCouchDB" mode over PouchDB's in-memory adapter (CouchDB's HTTP API: databases,
// _bulk_docs, _changes with long polls, revisions and conflicts, _users and cookie sessions
// through _session). In front of it, CORS as CouchDB 3 does it when configured
// ([chttpd] enable_cors, [cors] origins and credentials): the request's origin is reflected,
// with credentials.
//
//   node tests/couch/server.mjs [--port N]     prints {"url": "http://127.0.0.1:N/"} when ready
//
// Started by tests/e2e/couch.mjs as a child process; its messages "pause" and "resume" close
// the listening socket (and every open connection, a long poll included) and listen again on
// the same port, keeping the data: the server "stopped and restarted".
//
// Differences from CouchDB 3 that matter here: admin party (anyone may write; _session still
// checks users' passwords); sequences are numbers, not CouchDB's opaque strings (Docket keeps
// either as it came).
import http from 'node:http';
import express from 'express';
import PouchDBCore from 'pouchdb-core';
import memory from 'pouchdb-adapter-memory';
import httpAdapter from 'pouchdb-adapter-http';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';
import expressPouch from 'express-pouchdb';

const PouchDB = PouchDBCore.plugin(memory).plugin(httpAdapter).plugin(mapreduce).plugin(replication)
  .defaults({ adapter: 'memory' });
const app = express();
app.use((req, res, next) => {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Expose-Headers', 'ETag');
    res.setHeader('Vary', 'Origin');
  }
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, HEAD, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'content-type, accept, authorization');
    res.statusCode = 204;
    res.end();
    return;
  }
  next();
});
app.use('/', expressPouch(PouchDB, { mode: 'fullCouchDB', inMemoryConfig: true, logPath: '/dev/null' }));

const arg = process.argv.indexOf('--port');
let port = arg > 0 ? Number(process.argv[arg + 1]) : 0;
const sockets = new Set();
let server = null;

function listen() {
  return new Promise((resolve) => {
    server = http.createServer(app);
    server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
    server.listen(port, '127.0.0.1', () => { port = server.address().port; resolve(); });
  });
}

function close() {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
    sockets.clear();
  });
}

await listen();
const ready = JSON.stringify({ url: `http://127.0.0.1:${port}/` });
console.log(ready);
process.send?.({ ready: `http://127.0.0.1:${port}/` });
process.on('message', async (m) => {
  if (m === 'pause') await close();
  if (m === 'resume') await listen();
  process.send?.({ done: m });
});
process.on('disconnect', () => process.exit(0));
