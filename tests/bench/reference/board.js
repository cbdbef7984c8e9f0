// The reference page of tests/bench/first_visit.mjs: reads the project named by the URL's
// hash (#<project id>) from this origin's localStorage in Docket's stored layout (the head
// docket:p:<id> and its card buckets docket:pc:<id>:<bucket>, each plain JSON or packed:
// Deflate ('%', layout 7 on) or LZ4 ('~', layouts 2 to 6), then 15 bits a character,
// src/storage/pack.rs), and builds one element per card, column by column in rank order.
// When the board is on the page and a frame has been painted, it sets window.__shown (ms
// since navigation) and logs 'bench:shown'.
(() => {
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
  // Raw Deflate (RFC 1951), as puff.c reads it, with a table for codes of up to 9 bits.
  // Synchronous, like Docket's own reader (the browser's DecompressionStream is
  // asynchronous and costs a task per record).
  const LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
  const LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  const DBASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
  const DEXT = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
  const ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  // A code's table: count and symbols by length (for codes longer than FAST bits), and
  // `fast`, indexed by the next FAST bits of input, giving (symbol << 4) | length.
  const FAST = 9;
  const huffman = (lengths) => {
    const count = new Uint16Array(16), offs = new Uint16Array(16), symbol = new Uint16Array(lengths.length);
    for (const l of lengths) count[l]++;
    count[0] = 0;
    for (let i = 1; i < 16; i++) offs[i] = offs[i - 1] + count[i - 1];
    lengths.forEach((l, i) => { if (l) symbol[offs[l]++] = i; });
    const fast = new Uint16Array(1 << FAST);
    const next = new Uint16Array(16);
    for (let len = 1, code = 0; len < 16; len++) { code = (code + count[len - 1]) << 1; next[len] = code; }
    lengths.forEach((l, sym) => {
      if (!l) return;
      const code = next[l]++;
      if (l > FAST) return;
      let rev = 0;
      for (let b = 0; b < l; b++) rev |= ((code >> b) & 1) << (l - 1 - b);
      for (let k = rev; k < 1 << FAST; k += 1 << l) fast[k] = (sym << 4) | l;
    });
    return { count, symbol, fast };
  };
  const fixed = (() => {
    const l = new Array(288).fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    return [huffman(l), huffman(new Array(30).fill(5))];
  })();
  const inflate = (src) => {
    let pos = 0, buf = 0, cnt = 0, n = 0;
    let out = new Uint8Array(src.length * 8 + 64);
    const room = (k) => { if (n + k > out.length) { const o = new Uint8Array((n + k) * 2); o.set(out); out = o; } };
    const bits = (k) => {
      while (cnt < k) { buf |= (src[pos++] | 0) << cnt; cnt += 8; }
      const v = buf & ((1 << k) - 1);
      buf >>>= k; cnt -= k;
      return v;
    };
    const decode = (h) => {
      while (cnt < FAST) { buf |= (src[pos++] | 0) << cnt; cnt += 8; }
      const e = h.fast[buf & ((1 << FAST) - 1)];
      if (e) { buf >>>= e & 15; cnt -= e & 15; return e >> 4; }
      let code = 0, first = 0, index = 0;
      for (let len = 1; len < 16; len++) {
        code |= bits(1);
        const c = h.count[len];
        if (code - c < first) return h.symbol[index + (code - first)];
        index += c; first = (first + c) << 1; code <<= 1;
      }
      throw new Error('bad Deflate code');
    };
    let last;
    do {
      last = bits(1);
      const type = bits(2);
      if (type === 0) {
        // A stored block starts at the next byte: give back the whole bytes read ahead.
        pos -= cnt >> 3; buf = 0; cnt = 0;
        const len = src[pos] | (src[pos + 1] << 8);
        pos += 4;
        room(len); out.set(src.subarray(pos, pos + len), n); n += len; pos += len;
        continue;
      }
      let lit = fixed[0], dist = fixed[1];
      if (type === 2) {
        const nlen = bits(5) + 257, ndist = bits(5) + 1, ncode = bits(4) + 4;
        const cl = new Array(19).fill(0);
        for (let i = 0; i < ncode; i++) cl[ORDER[i]] = bits(3);
        const h = huffman(cl);
        const lengths = [];
        while (lengths.length < nlen + ndist) {
          const sym = decode(h);
          if (sym < 16) lengths.push(sym);
          else if (sym === 16) { const prev = lengths[lengths.length - 1]; for (let r = 3 + bits(2); r > 0; r--) lengths.push(prev); }
          else if (sym === 17) { for (let r = 3 + bits(3); r > 0; r--) lengths.push(0); }
          else { for (let r = 11 + bits(7); r > 0; r--) lengths.push(0); }
        }
        lit = huffman(lengths.slice(0, nlen));
        dist = huffman(lengths.slice(nlen));
      }
      for (;;) {
        let sym = decode(lit);
        if (sym < 256) { room(1); out[n++] = sym; continue; }
        if (sym === 256) break;
        sym -= 257;
        const len = LBASE[sym] + bits(LEXT[sym]);
        const d = decode(dist);
        const back = DBASE[d] + bits(DEXT[d]);
        room(len);
        for (let i = 0; i < len; i++, n++) out[n] = out[n - back];
      }
    } while (!last);
    return out.subarray(0, n);
  };
  const unpack = (v) => {
    if (v.startsWith('%')) return new TextDecoder().decode(inflate(bytesOf(v)));
    if (!v.startsWith('~')) return v;
    const bytes = bytesOf(v);
    const size = bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24);
    return new TextDecoder().decode(lz4(bytes.subarray(4), size));
  };
  const read = (k) => JSON.parse(unpack(localStorage.getItem(k)));

  const id = location.hash.slice(1);
  const project = read(`docket:p:${id}`);
  const cards = [];
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if (k.startsWith(`docket:pc:${id}:`)) cards.push(...read(k));
  }
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
    ch.port1.onmessage = () => {
      window.__shown = performance.now();
      window.__cards = document.querySelectorAll('.card').length;
      console.debug('bench:shown'); // (the bench waits for this message)
    };
    ch.port2.postMessage(0);
  });
})();
