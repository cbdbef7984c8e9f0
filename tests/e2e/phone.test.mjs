// End to end on a phone: a 390 × 844 touch screen (Chromium's mobile emulation). The board's
// columns scroll sideways and snap, the page itself never scrolls sideways, a card dialog
// fits the screen, controls are big enough to touch, and a card moves by dragging its grip
// with a finger (real touch input through the DevTools protocol, so the browser turns it into
// pointer events of type "touch", as on a phone).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, ready, settle, until, tempDir, cardsIn } from './harness.mjs';

const shots = process.env.DOCKET_SHOTS || tempDir('phone');
const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** Records CSP violations (the policy allows no inline style attributes). */
async function watchCsp(ctx) {
  await ctx.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.sample}`));
  });
}

async function sampleBoard(page) {
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).tap();
  await page.getByRole('link', { name: 'Website relaunch' }).tap();
  await page.getByRole('heading', { level: 1, name: /Website relaunch/ }).waitFor();
  await page.locator('.board .card').first().waitFor();
  await settle(page);
}

/** The page does not scroll sideways: nothing is wider than the screen but the board's own scroller. */
async function noPageOverflow(page) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= 390, `the page is ${w}px wide`);
}

test('phone: header, board columns that snap, a card dialog that fits, big touch targets', async () => {
  const ctx = await browser.newContext(phone);
  await watchCsp(ctx);
  const page = await newPage(ctx);
  await sampleBoard(page);
  await noPageOverflow(page);

  // The header fits: every navigation link is on screen.
  for (const name of ['Projects', 'Operations', 'People', 'Import & export', 'Settings']) {
    const box = await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `${name} link on screen: ${JSON.stringify(box)}`);
  }

  // Columns: about 85% of the width each, snapping to their start in a sideways scroller.
  const board = page.locator('.board');
  const snap = await board.evaluate((b) => ({
    type: getComputedStyle(b).scrollSnapType,
    overflow: getComputedStyle(b).overflowX,
    scrollable: b.scrollWidth > b.clientWidth,
    columns: [...b.querySelectorAll(':scope > .column')].map((c) => ({
      align: getComputedStyle(c).scrollSnapAlign, width: c.getBoundingClientRect().width,
    })),
  }));
  assert.equal(snap.type, 'x mandatory');
  assert.equal(snap.overflow, 'auto');
  assert.ok(snap.scrollable);
  assert.ok(snap.columns.length >= 3);
  for (const c of snap.columns) {
    assert.equal(c.align, 'start');
    assert.ok(Math.abs(c.width - 0.85 * 390) < 2, `column width ${c.width}`);
  }
  // A small scroll settles on the next column's edge.
  await board.evaluate((b) => b.scrollBy({ left: 200, behavior: 'instant' }));
  // Wait for the snap to settle (the second column's edge stops at the board's padding).
  const edge = () => board.evaluate((b) => {
    const second = b.querySelectorAll(':scope > .column')[1].getBoundingClientRect();
    return second.left - b.getBoundingClientRect().left;
  });
  await until(async () => Math.abs((await edge()) - 12) <= 2, 'the second column snaps to the start')
    .catch(() => {});
  const landed = await edge();
  assert.ok(Math.abs(landed - 12) <= 2, `the second column snapped to the start (${landed}px)`);
  await page.screenshot({ path: `${shots}/phone-board-scrolled.png` });
  await board.evaluate((b) => b.scrollTo({ left: 0, behavior: 'instant' }));
  await until(() => board.evaluate((b) => b.scrollLeft === 0), 'the board is back at its start');

  // Touch targets: the card's buttons and grip, the column tools, the add-card button.
  const small = await page.evaluate(() => {
    const els = [...document.querySelectorAll('.board .column:first-child button, .board .column:first-child .card-handle, .app-header a, .app-header button, .tabs a')];
    return els.filter((e) => e.getClientRects().length)
      .map((e) => ({ e: e.getAttribute('aria-label') || e.textContent.trim(), r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 44 || r.height < 44)
      .map(({ e, r }) => `${e} ${Math.round(r.width)}×${Math.round(r.height)}`);
  });
  assert.deepEqual(small, [], 'controls under 44 × 44 px');

  // A card dialog fits the screen and scrolls inside.
  await page.locator('.card-title').first().tap();
  const dialog = page.getByRole('dialog', { name: 'Edit card' });
  await dialog.waitFor();
  await settle(page);
  const box = await dialog.boundingBox();
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 390.5 && box.y + box.height <= 844.5, JSON.stringify(box));
  const inner = await dialog.evaluate((d) => ({ overflowY: getComputedStyle(d).overflowY, tall: d.scrollHeight > d.clientHeight }));
  assert.equal(inner.overflowY, 'auto');
  assert.ok(inner.tall, 'the dialog is taller than the phone screen, so it scrolls inside');
  await page.screenshot({ path: `${shots}/phone-card-dialog.png` });
  // The last control can be scrolled to and used.
  const cancel = dialog.getByRole('button', { name: 'Cancel' });
  await cancel.scrollIntoViewIfNeeded();
  await cancel.tap();
  await dialog.waitFor({ state: 'hidden' });

  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('phone: a card moves to the next column by dragging its grip with a finger', async () => {
  const ctx = await browser.newContext(phone);
  await watchCsp(ctx);
  const page = await newPage(ctx);
  await sampleBoard(page);
  const columns = await page.locator('.board > .column .column-title .inline-edit-text').allInnerTexts();
  const [first, second] = columns;
  const before1 = await cardsIn(page, first);
  const before2 = await cardsIn(page, second);
  const title = before1[0];
  const handle = page.locator(`.board > .column:first-child li.card`).first().locator('.card-handle');
  await handle.scrollIntoViewIfNeeded();
  await settle(page);
  const h = await handle.boundingBox();
  const target = page.locator('.board > .column').nth(1);
  const t0 = await target.boundingBox();

  const cdp = await ctx.newCDPSession(page);
  const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }],
  });
  const start = { x: h.x + h.width / 2, y: h.y + h.height / 2 };
  // The second column peeks in at the right edge: drop the card over it.
  const end = { x: Math.min(t0.x + 20, 385), y: start.y };
  await touch('touchStart', start.x, start.y);
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await touch('touchMove', start.x + ((end.x - start.x) * i) / steps, start.y + ((end.y - start.y) * i) / steps);
    if (i === 6) {
      // Mid-drag: the card floats (fixed under the finger) and a placeholder shows where it lands.
      await settle(page);
      const floating = await page.locator('li.card.dragging').evaluate((c) => getComputedStyle(c).position);
      assert.equal(floating, 'fixed');
    }
  }
  await settle(page);
  await page.screenshot({ path: `${shots}/phone-touch-drag.png` });
  const where = await page.evaluate(() => document.querySelector('.card-placeholder')?.closest('.column')?.getAttribute('aria-labelledby'));
  const second_id = await page.locator('.board > .column').nth(1).getAttribute('aria-labelledby');
  assert.equal(where, second_id, 'the placeholder is in the second column');
  await touch('touchEnd', end.x, end.y);
  await settle(page);
  const after1 = await cardsIn(page, first);
  const after2 = await cardsIn(page, second);
  assert.ok(!after1.includes(title), `${title} left ${first}: ${after1}`);
  assert.ok(after2.includes(title), `${title} is in ${second}: ${after2}`);
  assert.equal(after2.length, before2.length + 1);
  await page.getByRole('status').filter({ hasText: `Moved “${title}” to ${second}` }).waitFor();

  // The same move by the card's buttons, back again (the touch-friendly alternative).
  await page.getByRole('button', { name: `Move card ${title} left` }).tap();
  assert.deepEqual(await cardsIn(page, second), before2);
  assert.ok((await cardsIn(page, first)).includes(title));

  // Reloaded, the move stuck (the move back too).
  await page.reload();
  await ready(page);
  assert.ok((await cardsIn(page, first)).includes(title));
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('phone screenshots: board, a run and Today, light and dark', async () => {
  const ctx = await browser.newContext(phone);
  const page = await newPage(ctx);
  await sampleBoard(page);
  const board = page.url();
  await page.goto(`${server.url}#/operations`);
  await ready(page);
  await page.locator('main a[href^="#/operations/"]').first().tap();
  await page.getByRole('button', { name: 'Start a run' }).tap();
  await page.waitForURL(/#\/runs\//);
  const run = page.url();
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [name, url] of [['board', board], ['run', run], ['today', `${server.url}#/today`]]) {
      await page.goto(url);
      await ready(page);
      await settle(page);
      await noPageOverflow(page);
      await page.screenshot({ path: `${shots}/phone-${name}-${scheme}.png` });
    }
  }
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('phone: no project tab is wider than the screen (the page never scrolls sideways)', async () => {
  const ctx = await browser.newContext(phone);
  const page = await newPage(ctx);
  await page.goto(server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.getByRole('link', { name: 'Website relaunch' }).first().click();
  await page.getByRole('heading', { level: 1, name: /Website relaunch/ }).waitFor();
  for (const tab of ['Board', 'Charter', 'Timeline', 'Risks', 'Progress', 'Report', 'Trash']) {
    await page.locator('a.tab', { hasText: new RegExp(`^${tab}$`) }).click();
    await page.locator('a.tab[aria-current="page"]', { hasText: new RegExp(`^${tab}$`) }).waitFor();
    await settle(page);
    // (A wide table scrolls inside its own box; nothing in it may widen the page, not even
    // a screen-reader-only label, which once pushed the Risks tab to 685 px.)
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= width, `${tab}: the page is ${scroll} px wide on a ${width} px screen`);
  }
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
