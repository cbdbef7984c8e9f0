// The reference page of tests/bench/first_visit.mjs: reads the project named by the URL's
// hash (#<project id>) from this origin's localStorage in Docket's stored layout (the head
// docket:p:<id> and its card buckets docket:pc:<id>:<bucket>, each plain JSON or packed:
// Deflate ('%', layout 7 on) or LZ4 ('~', layouts 2 to 6), then 15 bits a character,
// src/storage/pack.rs), and builds one element per card, column by column in rank order.
// Deflate is the browser's own (DecompressionStream). When the board is on the page and a
// frame has been painted, it sets window.__shown (ms since navigation).
(async () => {
  const lz4 = (src, outLen) => {
    const dst = new Uint8Array(outLen);
    let s = 0, d = 0;
    while (s < src.length) {
      const token = src[s++];
      let lit = token >> 4;
      if (lit === 15) { let b; do { b = src[s++]; lit += b; } while (b === 255); }
      for (let i = 0; i < lit; i++) dst[d++] = src[s++];
      if (s >= src.length) break;
      const off = src[s] | (src[s + 1] << 8); s += 2;
      let ml = token & 15;
      if (ml === 15) { let b; do { b = src[s++]; ml += b; } while (b === 255); }
      ml += 4;
      let m = d - off;
      for (let i = 0; i < ml; i++) dst[d++] = dst[m++];
    }
    return dst;
  };
  // The bytes after a packed value's mark: a 30-bit count, then 15 bits a character.
  const bytesOf = (v) => {
    const len = ((v.charCodeAt(1) - 0x20) << 15) | (v.charCodeAt(2) - 0x20);
    const bytes = new Uint8Array(len);
    let acc = 0, bits = 0, n = 0;
    for (let i = 3; i < v.length && n < len; i++) {
      acc = ((acc << 15) | (v.charCodeAt(i) - 0x20)) >>> 0;
      bits += 15;
      while (bits >= 8 && n < len) { bits -= 8; bytes[n++] = (acc >>> bits) & 255; }
      acc &= (1 << bits) - 1;
    }
    return bytes;
  };
  const unpack = async (v) => {
    if (v.startsWith('%')) {
      const inflated = new Blob([bytesOf(v)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
      return new Response(inflated).text();
    }
    if (!v.startsWith('~')) return v;
    const bytes = bytesOf(v);
    const size = bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24);
    return new TextDecoder().decode(lz4(bytes.subarray(4), size));
  };
  const read = async (k) => JSON.parse(await unpack(localStorage.getItem(k)));

  const id = location.hash.slice(1);
  const project = await read(`docket:p:${id}`);
  const buckets = [];
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if (k.startsWith(`docket:pc:${id}:`)) buckets.push(read(k));
  }
  const cards = (await Promise.all(buckets)).flat();
  const byRank = (a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0);
  const columns = [...project.columns].sort(byRank);
  const lists = new Map(columns.map((c) => [c.id, []]));
  for (const c of cards) lists.get(c.column)?.push(c);

  document.getElementById('title').textContent = project.name;
  const board = document.querySelector('.board');
  for (const col of columns) {
    const list = lists.get(col.id).sort(byRank);
    const section = document.createElement('section');
    section.className = 'column';
    const h = document.createElement('h2');
    h.textContent = `${col.name} (${list.length})`;
    section.append(h);
    for (const c of list) {
      const el = document.createElement('article');
      el.className = 'card';
      const t = document.createElement('p');
      t.className = 'card-title';
      t.textContent = c.title;
      el.append(t);
      if (c.due || (c.assignees && c.assignees.length)) {
        const m = document.createElement('p');
        m.className = 'card-meta';
        m.textContent = [c.due, ...(c.assignees || []).map(() => '●')].filter(Boolean).join(' ');
        el.append(m);
      }
      section.append(el);
    }
    board.append(section);
  }
  // The frame with the board is rendered right after the rAF callbacks; a message posted
  // from one runs once it has been.
  requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { window.__shown = performance.now(); window.__cards = document.querySelectorAll('.card').length; };
    ch.port2.postMessage(0);
  });
})();
