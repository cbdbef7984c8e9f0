// End to end in Chromium: checklist templates (list, editor, schedule, reordering) and versions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, ready, settle } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** Texts of the items in one section's list, top to bottom. */
async function itemsIn(page, list) {
  await settle(page);
  return page.getByRole('list', { name: list, exact: true }).locator('.item-text').allInnerTexts();
}

async function addItem(page, section, text, kind) {
  const form = page.getByRole('form', { name: `Add an item to ${section}` });
  await form.getByLabel(`New item in ${section}`).fill(text);
  await form.getByLabel('Answer type').selectOption(kind);
  await form.getByRole('button', { name: 'Add item' }).click();
  await page.getByRole('list', { name: `Items in ${section}` }).getByText(text, { exact: true }).waitFor();
}

test('a checklist: sections, every answer type, weekly schedule, keyboard reorder, reload, versions', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(`${server.url}#/operations`);
  await ready(page);
  const nav = page.getByRole('navigation', { name: 'Operations' });
  assert.equal(await nav.getByRole('link', { name: 'Checklists' }).getAttribute('aria-current'), 'page');
  assert.equal(await nav.getByRole('link', { name: 'Today' }).getAttribute('href'), '#/today');
  assert.equal(await nav.getByRole('link', { name: 'Analytics' }).getAttribute('href'), '#/analytics');

  // Create: a name, then the editor.
  await page.getByLabel('New checklist').fill('Weekly safety walk');
  await page.getByRole('button', { name: 'Create checklist' }).click();
  await page.getByRole('heading', { level: 1, name: /Weekly safety walk/ }).waitFor();
  assert.match(page.url(), /#\/operations\/[0-9a-z]{20}$/);
  await page.locator('.version-badge').filter({ hasText: 'Version 1' }).waitFor();
  const tabs = page.getByRole('navigation', { name: 'Checklist views' });
  assert.deepEqual(await tabs.getByRole('link').allInnerTexts(), ['Items', 'Run history', 'Analytics', 'Versions']);
  assert.equal(await tabs.getByRole('link', { name: 'Items' }).getAttribute('aria-current'), 'page');

  // Two sections, items of every answer type.
  for (const s of ['Floor', 'Kitchen']) {
    await page.getByLabel('New section').fill(s);
    await page.getByRole('button', { name: 'Add section' }).click();
    await page.getByRole('button', { name: `Rename section ${s}` }).waitFor();
  }
  await addItem(page, 'Floor', 'Exits clear', 'passfail');
  await addItem(page, 'Floor', 'Lights on', 'done');
  await addItem(page, 'Kitchen', 'Fridge temperature', 'number');
  await addItem(page, 'Kitchen', 'Remarks', 'text');
  await addItem(page, 'Kitchen', 'Floor dry', 'done');

  // Edit an item: unit, range, guidance; another becomes optional.
  await page.getByRole('button', { name: 'Edit item Fridge temperature' }).click();
  let form = page.getByRole('form', { name: 'Edit item Fridge temperature' });
  await form.getByLabel('Guidance').fill('Probe the middle shelf.');
  await form.getByLabel('Unit').fill('°C');
  await form.getByLabel('Lowest allowed').fill('0');
  await form.getByLabel('Highest allowed').fill('5');
  await form.getByRole('button', { name: 'Save item' }).click();
  await form.waitFor({ state: 'detached' });
  await page.getByText('Number, 0 to 5 °C · Required').waitFor();
  await page.getByText('Probe the middle shelf.').waitFor();
  await page.getByRole('button', { name: 'Edit item Remarks' }).click();
  form = page.getByRole('form', { name: 'Edit item Remarks' });
  await form.getByLabel('Required').uncheck();
  await form.getByRole('button', { name: 'Save item' }).click();
  await page.getByText('Text · Optional').waitFor();

  // Details: weekly on two weekdays, an area, a new owner.
  await page.getByLabel('Description').fill('Walk the site, check exits and the kitchen.');
  await page.getByLabel('Area').fill('Compliance and safety');
  await page.getByLabel('Owner').fill('Dana Reyes');
  await page.getByLabel('Schedule', { exact: true }).selectOption('weekly');
  await page.getByRole('checkbox', { name: 'Monday' }).check();
  await page.getByRole('checkbox', { name: 'Thursday' }).check();
  await page.getByLabel('Starts on').fill('2026-01-05');
  await page.getByRole('button', { name: 'Save details' }).click();
  await page.locator('.template-meta').filter({ hasText: 'Weekly on Monday and Thursday · Compliance and safety · Owner: Dana Reyes' }).waitFor();

  // Reorder by keyboard: Alt+↑ twice on "Floor dry", then a button move across sections.
  assert.deepEqual(await itemsIn(page, 'Items in Kitchen'), ['Fridge temperature', 'Remarks', 'Floor dry']);
  await page.getByRole('button', { name: 'Edit item Floor dry' }).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await settle(page);
  await page.keyboard.press('Alt+ArrowUp');
  await settle(page);
  assert.deepEqual(await itemsIn(page, 'Items in Kitchen'), ['Floor dry', 'Fridge temperature', 'Remarks']);
  await page.getByRole('status').filter({ hasText: 'Moved “Floor dry” to position 1 of 3 in section “Kitchen”.' }).waitFor();
  await page.getByRole('button', { name: 'Move item Lights on down' }).click();
  assert.deepEqual(await itemsIn(page, 'Items in Floor'), ['Exits clear']);
  assert.deepEqual(await itemsIn(page, 'Items in Kitchen'), ['Lights on', 'Floor dry', 'Fridge temperature', 'Remarks']);
  // Focus stays on the moved item: Alt+↑ takes it back to the end of Floor.
  await page.keyboard.press('Alt+ArrowUp');
  assert.deepEqual(await itemsIn(page, 'Items in Floor'), ['Exits clear', 'Lights on']);
  assert.deepEqual(await itemsIn(page, 'Items in Kitchen'), ['Floor dry', 'Fridge temperature', 'Remarks']);

  // Reload: everything persisted.
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: /Weekly safety walk/ }).waitFor();
  assert.deepEqual(await itemsIn(page, 'Items in Floor'), ['Exits clear', 'Lights on']);
  assert.deepEqual(await itemsIn(page, 'Items in Kitchen'), ['Floor dry', 'Fridge temperature', 'Remarks']);
  await page.getByText('Pass / fail / N/A · Required').waitFor();
  await page.getByText('Number, 0 to 5 °C · Required').waitFor();
  await page.getByText('Text · Optional').waitFor();
  assert.equal(await page.getByLabel('Schedule', { exact: true }).inputValue(), 'weekly');
  assert.equal(await page.getByRole('checkbox', { name: 'Monday' }).isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: 'Thursday' }).isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: 'Friday' }).isChecked(), false);
  assert.equal(await page.getByLabel('Owner').inputValue(), 'Dana Reyes');
  assert.equal(await page.getByLabel('Area').inputValue(), 'Compliance and safety');
  assert.equal(await page.getByLabel('Starts on').inputValue(), '2026-01-05');
  // The editor is filled in (above): a version notice would be there by now.
  assert.equal(await page.locator('.version-notice').count(), 0);

  // A run (ad hoc, today), back: editing now starts version 2.
  const editor = page.url();
  await page.getByRole('button', { name: 'Start a run' }).click();
  await page.waitForURL(/#\/runs\/[0-9a-z]{20}$/);
  await page.goBack();
  await page.waitForURL(editor);
  await page.getByRole('note').filter({ hasText: 'This checklist has runs: your changes start version 2; past runs keep version 1.' }).waitFor();
  await page.getByRole('button', { name: 'Edit item Exits clear' }).click();
  form = page.getByRole('form', { name: 'Edit item Exits clear' });
  await form.getByLabel('Item text').fill('Fire exits clear');
  await form.getByRole('button', { name: 'Save item' }).click();
  await page.locator('.version-badge').filter({ hasText: 'Version 2' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Version 2 started; past runs keep version 1.' }).waitFor();

  // The Versions tab: version 2 current, version 1 with its run, what changed.
  await tabs.getByRole('link', { name: 'Versions' }).click();
  await page.getByRole('heading', { name: 'Version 2 (current)' }).waitFor();
  assert.equal(await tabs.getByRole('link', { name: 'Versions' }).getAttribute('aria-current'), 'page');
  const versions = page.getByRole('list', { name: 'Versions, newest first' });
  const v1 = versions.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Version 1', exact: true }) });
  await v1.getByText('1 run', { exact: true }).waitFor();
  await v1.getByText(/^Replaced /).waitFor();
  assert.deepEqual(await page.getByRole('list', { name: 'Changes in version 2' }).getByRole('listitem').allInnerTexts(),
    ['Edited “Fire exits clear” (text)']);
  await page.getByRole('button', { name: 'Show items of version 1' }).click();
  assert.deepEqual(await page.getByRole('list', { name: 'Version 1: Floor' }).locator('.item-text').allInnerTexts(),
    ['Exits clear', 'Lights on']);

  // The list: under its area, with schedule, owner, item count and last run.
  await page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: 'Checklists' }).click();
  const table = page.getByRole('table', { name: 'Compliance and safety' });
  const row = table.getByRole('row').filter({ hasText: 'Weekly safety walk' });
  await row.waitFor();
  const cells = await row.locator('td').allInnerTexts();
  assert.equal(cells[0], 'Weekly on Monday and Thursday');
  assert.equal(cells[1], 'Dana Reyes');
  assert.equal(cells[2], '5');
  assert.match(cells[3], /In progress/);

  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('items reorder by dragging', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(`${server.url}#/operations`);
  await ready(page);
  await page.getByLabel('New checklist').fill('Opening checks');
  await page.getByRole('button', { name: 'Create checklist' }).click();
  await page.getByRole('heading', { level: 1, name: /Opening checks/ }).waitFor();
  for (const t of ['Alarm off', 'Lights on', 'Till counted']) {
    await page.getByLabel('New item').fill(t);
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.getByText(t, { exact: true }).waitFor();
  }
  assert.deepEqual(await itemsIn(page, 'Items'), ['Alarm off', 'Lights on', 'Till counted']);
  const row = (t) => page.locator('.item-row').filter({ hasText: t });
  await row('Till counted').locator('.drag-handle').dragTo(row('Alarm off'), { targetPosition: { x: 40, y: 3 } });
  assert.deepEqual(await itemsIn(page, 'Items'), ['Till counted', 'Alarm off', 'Lights on']);
  await page.reload();
  await ready(page);
  assert.deepEqual(await itemsIn(page, 'Items'), ['Till counted', 'Alarm off', 'Lights on']);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

/** A tablet (a touch screen tall enough to show the whole checklist, so no drag needs to
 * scroll) with a checklist of two sections: Kitchen (Fridge, Oven, Sink), Floor (Exits, Mop). */
async function touchChecklist() {
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 1366 }, hasTouch: true, isMobile: true });
  const page = await newPage(ctx);
  await page.goto(`${server.url}#/operations`);
  await ready(page);
  await page.getByLabel('New checklist').fill('Closing walk');
  await page.getByRole('button', { name: 'Create checklist' }).click();
  await page.getByRole('heading', { level: 1, name: /Closing walk/ }).waitFor();
  for (const s of ['Kitchen', 'Floor']) {
    await page.getByLabel('New section').fill(s);
    await page.getByRole('button', { name: 'Add section' }).click();
    await page.getByRole('button', { name: `Rename section ${s}` }).waitFor();
  }
  for (const t of ['Fridge', 'Oven', 'Sink']) await addItem(page, 'Kitchen', t, 'done');
  for (const t of ['Exits', 'Mop']) await addItem(page, 'Floor', t, 'done');
  return { ctx, page };
}

/** Drags with one finger from `from` to `to()` (real touch input, so pointer events of type
 * "touch"), calling `during` before lifting it. `to` is asked once the drag has started: the
 * lifted item no longer takes room in its list, so what is below it has moved up. */
async function fingerDrag(ctx, page, from, to, during) {
  const cdp = await ctx.newCDPSession(page);
  const touch = (type, p) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: type === 'touchEnd' ? [] : [{ x: p.x, y: p.y, id: 1, radiusX: 2, radiusY: 2, force: 1 }],
  });
  await touch('touchStart', from);
  const start = { x: from.x, y: from.y + 10 };
  await touch('touchMove', { x: from.x, y: from.y + 5 });
  await touch('touchMove', start);
  await settle(page);
  const end = await to();
  const steps = 8;
  for (let i = 1; i <= steps; i++) {
    await touch('touchMove', { x: start.x + ((end.x - start.x) * i) / steps, y: start.y + ((end.y - start.y) * i) / steps });
  }
  await settle(page);
  if (during) await during();
  await touch('touchEnd', end);
  await settle(page);
}

async function centreOf(locator) {
  await locator.scrollIntoViewIfNeeded();
  const b = await locator.boundingBox();
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

test('on a touch screen, items move by their grip within and across sections, and sections by theirs', async () => {
  const { ctx, page } = await touchChecklist();
  const row = (t) => page.locator('.item-row').filter({ hasText: t });
  const order = async () => [await itemsIn(page, 'Items in Kitchen'), await itemsIn(page, 'Items in Floor')];

  // Sink to the top of Kitchen: a placeholder shows where it lands while the finger is down.
  const sink = await centreOf(row('Sink').locator('.item-handle'));
  const top = async (t) => (await row(t).boundingBox()).y;
  await fingerDrag(ctx, page, sink, async () => ({ x: sink.x, y: await top('Fridge') + 4 }), async () => {
    assert.equal(await page.locator('.item-row.dragging').evaluate((r) => getComputedStyle(r).position), 'fixed');
    const slots = await page.getByRole('list', { name: 'Items in Kitchen' }).locator(':scope > li:not(.dragging)')
      .evaluateAll((lis) => lis.map((li) => (li.classList.contains('drag-placeholder') ? '▢' : li.querySelector('.item-text').textContent)));
    assert.deepEqual(slots, ['▢', 'Fridge', 'Oven']);
  });
  assert.deepEqual(await order(), [['Sink', 'Fridge', 'Oven'], ['Exits', 'Mop']]);
  await page.getByRole('status').filter({ hasText: 'Moved “Sink” to position 1 of 3 in section “Kitchen”.' }).waitFor();
  assert.equal(await page.locator('.drag-placeholder').count(), 0, 'the placeholder goes with the drag');

  // Oven into Floor, between Exits and Mop.
  const oven = await centreOf(row('Oven').locator('.item-handle'));
  await fingerDrag(ctx, page, oven, async () => ({ x: oven.x, y: await top('Mop') + 4 }));
  assert.deepEqual(await order(), [['Sink', 'Fridge'], ['Exits', 'Oven', 'Mop']]);
  await page.getByRole('status').filter({ hasText: 'Moved “Oven” to position 2 of 3 in section “Floor”.' }).waitFor();

  // The Floor section above Kitchen, by its grip: its items go with it.
  const floorGrip = await centreOf(page.locator('.section-block').filter({ has: page.getByRole('button', { name: 'Rename section Floor' }) }).locator('.section-handle'));
  const kitchenTop = async () => (await page.locator('.section-block[data-section-id]').filter({ has: page.getByRole('button', { name: 'Rename section Kitchen' }) }).boundingBox()).y;
  await fingerDrag(ctx, page, floorGrip, async () => ({ x: floorGrip.x, y: await kitchenTop() + 4 }), async () => {
    assert.equal(await page.locator('.section-block.dragging').count(), 1);
    assert.equal(await page.locator('.section-placeholder').count(), 1);
  });
  const sections = () => page.locator('.section-block .section-head h3 .inline-edit-text').allInnerTexts();
  assert.deepEqual(await sections(), ['Floor', 'Kitchen']);
  assert.deepEqual(await order(), [['Sink', 'Fridge'], ['Exits', 'Oven', 'Mop']]);
  await page.getByRole('status').filter({ hasText: 'Moved section “Floor” to position 1 of 2.' }).waitFor();

  // Reloaded, all of it stuck.
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: /Closing walk/ }).waitFor();
  assert.deepEqual(await sections(), ['Floor', 'Kitchen']);
  assert.deepEqual(await order(), [['Sink', 'Fridge'], ['Exits', 'Oven', 'Mop']]);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('sections move with the keyboard: Alt+arrows and the Move buttons, focus stays, announced', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(`${server.url}#/operations`);
  await ready(page);
  await page.getByLabel('New checklist').fill('Audit');
  await page.getByRole('button', { name: 'Create checklist' }).click();
  await page.getByRole('heading', { level: 1, name: /Audit/ }).waitFor();
  for (const s of ['Doors', 'Windows', 'Roof']) {
    await page.getByLabel('New section').fill(s);
    await page.getByRole('button', { name: 'Add section' }).click();
    await page.getByRole('button', { name: `Rename section ${s}` }).waitFor();
  }
  await addItem(page, 'Roof', 'Gutters', 'done');
  const sections = async () => { await settle(page); return page.locator('.section-block .section-head h3 .inline-edit-text').allInnerTexts(); };
  assert.deepEqual(await sections(), ['Doors', 'Windows', 'Roof']);
  assert.equal(await page.getByRole('button', { name: 'Move section Doors up' }).isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Move section Roof down' }).isDisabled(), true);

  // Alt+↑ on Roof's Move up button, twice: it rises to the top, with its item, focus kept.
  await page.getByRole('button', { name: 'Move section Roof up' }).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await page.getByRole('status').filter({ hasText: 'Moved section “Roof” to position 2 of 3.' }).waitFor();
  assert.deepEqual(await sections(), ['Doors', 'Roof', 'Windows']);
  await page.waitForFunction(() => document.activeElement?.closest('.section-block')?.querySelector('h3 .inline-edit-text')?.textContent === 'Roof');
  await page.keyboard.press('Alt+ArrowUp');
  await page.getByRole('status').filter({ hasText: 'Moved section “Roof” to position 1 of 3.' }).waitFor();
  assert.deepEqual(await sections(), ['Roof', 'Doors', 'Windows']);
  assert.deepEqual(await itemsIn(page, 'Items in Roof'), ['Gutters']);
  // At the top, focus went to the enabled button, and Alt+↓ takes it back down.
  await page.waitForFunction(() => document.activeElement?.classList.contains('section-move-down'));
  await page.keyboard.press('Alt+ArrowDown');
  assert.deepEqual(await sections(), ['Doors', 'Roof', 'Windows']);
  // The Move down button, by click.
  await page.getByRole('button', { name: 'Move section Doors down' }).click();
  assert.deepEqual(await sections(), ['Roof', 'Doors', 'Windows']);
  await page.getByRole('status').filter({ hasText: 'Moved section “Doors” to position 2 of 3.' }).waitFor();
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: /Audit/ }).waitFor();
  assert.deepEqual(await sections(), ['Roof', 'Doors', 'Windows']);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
