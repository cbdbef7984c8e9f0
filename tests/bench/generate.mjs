// Generates Docket workspaces in the stored layout (schema 1, see src/storage/mod.rs) for the
// benchmark: realistic projects of N cards, deterministic for a given seed.
//
//   docket:schema      "1"
//   docket:p:<id>      one project (src/domain/project.rs, serde field names)
//   docket:people      the directory of people
//   docket:tombstones  "[]"
//
// As a library: `workspace({ projects: [1000], seed })` returns `{ entries, projects, chars }`.
// As a command: `node tests/bench/generate.mjs 1000 [1000 ...] [--out file.json]` prints the
// stored size (and writes the localStorage entries as one JSON object when --out is given).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Chromium's localStorage quota per origin, in characters (10 MiB of UTF-16). */
export const QUOTA_CHARS = 5_242_880;

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// Same colours as LABEL_COLOURS in src/domain/project.rs.
const LABELS = [
  ['Bug', '#b42318'], ['Feature', '#1f47a3'], ['Design', '#6d28d9'], ['Docs', '#0f6674'],
  ['Ops', '#475467'], ['Research', '#1f6f3f'], ['Customer', '#a3195b'], ['Tech debt', '#8a5300'],
];
const COLUMNS = [['Backlog', 0.35], ['To do', 0.2], ['In progress', 0.1], ['Review', 0.05], ['Done', 0.3]];
const PEOPLE = [
  ['Ana Lima', 'Product owner'], ['Ben Okafor', 'Developer'], ['Chloé Martin', 'Designer'],
  ['Dmitri Petrov', 'Developer'], ['Emma Schulz', 'QA'], ['Farah Haddad', 'Developer'],
  ['Grace Kim', 'Project manager'], ['Hiro Tanaka', 'Developer'], ['Isabel Ruiz', 'Marketing'],
  ['Jonas Berg', 'Operations'], ['Keisha Brown', 'Developer'], ['Luca Rossi', 'Support lead'],
  ['Maya Cohen', 'Data analyst'], ['Nils Larsen', 'Developer'], ['Olga Nowak', 'Finance'],
];
const VERBS = ['Update', 'Fix', 'Design', 'Write', 'Review', 'Migrate', 'Test', 'Add', 'Remove',
  'Refactor', 'Document', 'Plan', 'Measure', 'Automate', 'Check', 'Draft', 'Prepare', 'Clean up'];
const THINGS = ['onboarding checklist', 'invoice export', 'booking widget', 'search results page',
  'password reset email', 'customer survey', 'release notes', 'pricing table', 'CSV import',
  'accessibility audit', 'mobile navigation', 'backup schedule', 'supplier contract', 'API rate limits',
  'dashboard filters', 'newsletter template', 'error messages', 'shipping rules', 'staff rota',
  'cookie banner', 'warehouse labels', 'support macros', 'analytics events', 'login form',
  'quarterly report', 'translation files', 'print stylesheet', 'payment retries', 'FAQ page'];
const QUALIFIERS = ['', '', '', ' for Q3', ' before launch', ' (phase 2)', ' on staging',
  ' for the Berlin office', ' after feedback', ' with legal', ' – follow-up', ' for mobile'];
const SENTENCES = [
  'Agreed with the team in Monday\'s stand-up.',
  'See the notes from the last review; two points are still open.',
  'Customers reported this twice last week.',
  'Keep the old behaviour behind a setting until the migration is done.',
  'Needs sign-off from finance before we start.',
  'Estimate assumes the staging environment is available.',
  'Check the numbers against last quarter\'s export.',
  'Link the ticket in the release notes when it ships.',
  'Blocked until the supplier sends the new price list.',
  'Acceptance: works with keyboard only and with a screen reader.',
];
const STEPS = ['Draft', 'Review with owner', 'Update the docs', 'Test on staging', 'Deploy',
  'Tell support', 'Collect feedback', 'Close the loop with the customer', 'Measure after a week'];

/** A small seeded PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    id: () => {
      let s = '';
      for (let i = 0; i < 20; i++) s += CROCKFORD[Math.floor(next() * 32)];
      return s;
    },
  };
}

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 5, 9, 0, 0); // project start: 2026-01-05
/** RFC 3339 as chrono writes it: "2026-03-02T09:00:00Z". */
const ts = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const date = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Fixed-width base-62 rank of `n` (≥ 1) with a non-zero last digit, ascending in `n`. */
function rank(n, width) {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = DIGITS[n % 62] + s;
    n = Math.floor(n / 62);
  }
  return s + 'V';
}

function people(r) {
  return PEOPLE.map(([name, role], i) => ({
    id: r.id(),
    created: ts(BASE - 30 * DAY + i * 3600_000),
    updated: ts(BASE - 30 * DAY + i * 3600_000),
    name,
    role,
    email: `${name.split(' ')[0].toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}@example.com`,
  }));
}

/** One project of `n` cards over 5 columns; `who` is the people directory. */
export function project(r, n, who, index = 0, history = 'full') {
  const id = r.id();
  const created = BASE + index * 7 * DAY;
  const columns = COLUMNS.map(([name], i) => ({
    id: r.id(), created: ts(created), updated: ts(created), name, rank: DIGITS[8 + i * 10],
  }));
  const labels = LABELS.map(([name, color]) => ({ id: r.id(), name, color }));
  const cards = [];
  const moves = [];
  const width = 3; // 62^3 = 238,328 ranks
  for (let i = 0; i < n; i++) {
    // Column by a fixed mix: most cards in Backlog and Done.
    let x = r.next(), col = 0;
    while (col < COLUMNS.length - 1 && x >= COLUMNS[col][1]) { x -= COLUMNS[col][1]; col++; }
    const born = created + Math.floor((i / n) * 50 * DAY) + r.int(8 * 3600_000);
    const card = {
      id: r.id(), created: ts(born), updated: ts(born + col * r.int(3 * DAY)),
      column: columns[col].id, rank: rank(i + 1, width),
      title: `${r.pick(VERBS)} ${r.pick(THINGS)}${r.pick(QUALIFIERS)}`,
    };
    if (r.chance(0.4)) {
      const k = 1 + r.int(3);
      card.description = Array.from({ length: k }, () => r.pick(SENTENCES)).join(r.chance(0.3) ? '\n' : ' ');
    }
    if (r.chance(0.85)) {
      card.assignees = [r.pick(who).id];
      if (r.chance(0.18)) card.assignees.push(r.pick(who).id);
      if (card.assignees[0] === card.assignees[1]) card.assignees.pop();
    }
    if (r.chance(0.3)) card.start = date(born + r.int(10) * DAY);
    if (r.chance(0.55)) card.due = date(born + (5 + r.int(40)) * DAY);
    if (r.chance(0.6)) card.priority = r.pick(['low', 'medium', 'medium', 'high', 'urgent']);
    if (r.chance(0.6)) {
      card.labels = [r.pick(labels).id];
      if (r.chance(0.3)) card.labels.push(r.pick(labels).id);
      if (card.labels[0] === card.labels[1]) card.labels.pop();
    }
    if (r.chance(0.6)) card.estimate = r.pick([0.5, 1, 2, 3, 5, 8, 13]);
    if (r.chance(0.1)) card.cost_planned = (1 + r.int(50)) * 5000;
    if (r.chance(0.05)) card.cost_actual = (1 + r.int(60)) * 4500;
    if (r.chance(0.15)) {
      card.subtasks = Array.from({ length: 2 + r.int(4) }, (_, j) => ({
        id: r.id(), text: STEPS[(j + r.int(3)) % STEPS.length], done: r.chance(col / 4),
      }));
    }
    if (r.chance(0.01)) card.milestone = true;
    if (i > 10 && r.chance(0.03)) card.blocked_by = [cards[r.int(i)].id];
    // Field stamps as the app writes them (src/domain/stamps.rs, canonical form): the card
    // was made with its title, its other fields filled in by one save of its dialog an hour
    // later, subtasks ticked over the following days, and moved column by column.
    const filled = born + 3600_000;
    const stamps = {};
    for (const f of ['description', 'start', 'due', 'priority', 'estimate', 'cost_planned', 'cost_actual', 'milestone']) {
      if (f in card) stamps[f] = ts(filled);
    }
    for (const list of ['subtasks', 'assignees', 'labels', 'blocked_by']) {
      for (const e of card[list] ?? []) stamps[`${list}/${e.id ?? e}`] = ts(filled);
    }
    for (const [j, s] of (card.subtasks ?? []).entries()) {
      if (s.done) stamps[`subtasks/${s.id}`] = ts(filled + (j + 1) * DAY / 2);
    }
    if (col > 0) stamps.place = ts(born + col * DAY);
    const times = Object.values(stamps).sort();
    if (times.length) {
      card.stamps = stamps;
      card.updated = times[times.length - 1];
    }
    cards.push(card);
    // History: created in Backlog, then moved column by column to where it is.
    if (history !== 'none') moves.push({ card: card.id, to: columns[0].id, at: ts(born) });
    for (let c = 1; history === 'full' && c <= col; c++) {
      moves.push({ card: card.id, from: columns[c - 1].id, to: columns[c].id, at: ts(born + c * DAY) });
    }
  }
  moves.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const p = {
    id, created: ts(created), updated: ts(created + DAY),
    name: `Board ${index + 1}: ${n.toLocaleString('en')} cards`,
    objective: 'Ship the spring release on time and on budget, with support trained before launch.',
    status: 'active', start: date(created), target_end: date(created + 120 * DAY),
    columns, cards,
    scope_in: 'Web app, mobile web, help centre.',
    scope_out: 'Native apps; the legacy admin.',
    deliverables: ['Release 2.0 live', 'Help centre articles', 'Support training'],
    budget: { cents: 12_500_000, currency: 'EUR' },
    stakeholders: [
      { id: r.id(), name: 'Grace Kim', role: 'Sponsor', external: false },
      { id: r.id(), name: 'Northwind Ltd', role: 'Client', external: true },
    ],
    labels, moves,
    risks: [
      { id: r.id(), created: ts(created), updated: ts(created), title: 'Supplier delivers late',
        likelihood: 3, impact: 4, owner: 'Jonas Berg', mitigation: 'Order two weeks early.', status: 'open' },
      { id: r.id(), created: ts(created), updated: ts(created), title: 'Key developer on leave',
        likelihood: 2, impact: 3, owner: 'Grace Kim', status: 'mitigated' },
    ],
  };
  const perColumn = columns.map((c) => cards.filter((k) => k.column === c.id).length);
  return { project: p, perColumn };
}

/**
 * A workspace of projects with the given card counts.
 * Returns `entries` (localStorage key → value), `projects` (id, name, cards, column names and
 * card counts) and `chars` (stored characters: keys plus values, as Chromium counts them).
 * `history` is what the projects' move records hold: 'full' (the default: what the app writes,
 * one record when a card is created and one per column change), 'created' (creation records
 * only, as if no card had ever moved) or 'none' (to show what the history costs).
 * `recentUntil` (ms since the epoch, optional) spreads each project's move records over the 30
 * days before it, in the same order, so a move made then lands in a month and a day that
 * already hold many records, as late in a busy month (cards keep their own times).
 */
export function workspace({ projects: sizes, seed = 1, history = 'full', recentUntil = null }) {
  const r = rng(seed);
  const who = people(r);
  const entries = { 'docket:schema': '1' };
  const projects = [];
  const parts = { cards: 0, moves: 0 };
  sizes.forEach((n, i) => {
    const { project: p, perColumn } = project(r, n, who, i, history);
    if (recentUntil != null && p.moves.length > 1) {
      const times = p.moves.map((m) => Date.parse(m.at));
      const first = times[0], span = times[times.length - 1] - first || 1;
      const from = recentUntil - 30 * DAY, to = recentUntil - 3600_000;
      p.moves.forEach((m, j) => { m.at = ts(from + ((times[j] - first) / span) * (to - from)); });
    }
    entries[`docket:p:${p.id}`] = JSON.stringify(p);
    parts.cards += JSON.stringify(p.cards).length;
    parts.moves += JSON.stringify(p.moves).length;
    projects.push({ id: p.id, name: p.name, cards: n, columns: p.columns.map((c, j) => ({ name: c.name, cards: perColumn[j] })) });
  });
  entries['docket:people'] = JSON.stringify(who);
  entries['docket:tombstones'] = '[]';
  const chars = Object.entries(entries).reduce((s, [k, v]) => s + k.length + v.length, 0);
  return { entries, projects, chars, parts };
}

// ---- command line ----
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : null;
  const sizes = args.filter((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--out').map(Number);
  const ws = workspace({ projects: sizes.length ? sizes : [1000] });
  const cards = sizes.reduce((a, b) => a + b, 0) || 1000;
  console.log(`${ws.projects.length} project(s), ${cards} cards: ${ws.chars.toLocaleString('en')} chars stored, `
    + `${Math.round(ws.chars / cards)} per card (cards ${Math.round(ws.parts.cards / cards)}, move history `
    + `${Math.round(ws.parts.moves / cards)}), ${(100 * ws.chars / QUOTA_CHARS).toFixed(1)}% of ${QUOTA_CHARS.toLocaleString('en')}`);
  if (out) fs.writeFileSync(out, JSON.stringify(ws.entries));
}
