// End to end: a checklist that adapts to its answers and scores itself, signed off with a
// drawn signature, its readings charted (issue 20, part 3).
// The pass mark and an item's weight and condition are set in the editor; on a run the
// conditional item appears when the temperature is out of range and hides again when it is
// back in range; the score follows the answers. Every check reads what is stored or shown,
// waiting on state. Desktop in light and phone in dark, axe on the editor and the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, ready, axe, until, STORED_PROJECT_HELPERS } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const TID = 'logictemplate0000001';
const TEMP = 'logicitem00000000001';
const MOVED = 'logicitem00000000002';
const SEAL = 'logicitem00000000003';

/** A daily fridge check starting today, stored as an import would (no condition yet). */
async function storeTemplate(page) {
  await page.evaluate(({ tid, temp, moved, seal }) => {
    const d = new Date();
    const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const at = d.toISOString();
    const item = (id, rank, text, answer, extra = {}) =>
      ({ id, created: at, updated: at, text, rank, required: true, answer, ...extra });
    localStorage.setItem('docket:t:' + tid, JSON.stringify({
      id: tid, created: at, updated: at, name: 'Fridge check', area: 'Compliance and safety',
      recurrence: { every: 'daily' }, starts: day, version: 1,
      items: [
        item(temp, 'V', 'Temperature', { type: 'number', unit: '°C', min: 0, max: 5 }, { weight: 3 }),
        item(moved, 'd', 'Moved the stock to the spare fridge', { type: 'done' }),
        item(seal, 'k', 'Door seal', { type: 'pass_fail' }),
        item('logicitem00000000004', 'V', 'Called the engineer', { type: 'done' },
          { required: false, section: 'logicsection00000001' }),
      ],
      sections: [{ id: 'logicsection00000001', name: 'Maintenance' }],
    }));
  }, { tid: TID, temp: TEMP, moved: MOVED, seal: SEAL });
}

const storedTemplate = (page) => page.evaluate((k) => window.__readStored(k), `docket:t:${TID}`);

function itemRow(page, text) {
  return page.locator('li.run-item').filter({ has: page.locator('.run-item-text', { hasText: text }) });
}

for (const [name, opts] of [
  ['on a desktop in light', { viewport: { width: 1366, height: 860 } }],
  ['on a phone in dark', { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, colorScheme: 'dark' }],
]) {
  test(`a conditional item appears and hides with the answer, and the run is scored, ${name}`, async () => {
    const ctx = await browser.newContext({ bypassCSP: true, ...opts });
    const page = await newPage(ctx);
    await page.goto(server.url);
    await ready(page);
    await storeTemplate(page);
    await page.goto(`${server.url}#/operations/${TID}`);
    await page.reload();
    await ready(page);
    await page.evaluate(STORED_PROJECT_HELPERS);
    await page.getByRole('heading', { level: 1, name: 'Fridge check' }).waitFor();

    // The editor: "Moved the stock" shown only when the temperature is out of range, with
    // a weight of 2; a pass mark of 80%.
    await page.getByRole('button', { name: 'Edit item Moved the stock to the spare fridge' }).click();
    const form = page.getByRole('form', { name: 'Edit item Moved the stock to the spare fridge' });
    await form.getByLabel('Show only when').selectOption({ label: '“Temperature” is out of range' });
    await form.getByLabel('Weight in the score').fill('2');
    // (At the top: scrolled, the sticky header lies over rows above the form, which axe's
    // target-size rule counts against them.)
    await page.evaluate(() => window.scrollTo(0, 0));
    await axe(page, `item editor with a condition, ${name}`);
    await form.getByRole('button', { name: 'Save item' }).click();
    await until(async () => {
      const t = await storedTemplate(page);
      const it = t.items.find((i) => i.id === MOVED);
      return it.show_if?.item === TEMP && it.show_if?.when === 'out_of_range' && it.weight === 2;
    }, 'the condition and weight stored');
    // The Maintenance section only when the door seal fails.
    await page.getByLabel('Shown', { exact: true }).selectOption({ label: 'when “Door seal” is fail' });
    await until(async () => {
      const t = await storedTemplate(page);
      return t.sections[0].show_if?.item === SEAL && t.sections[0].show_if?.when === 'fail';
    }, 'the section\'s condition stored');
    await page.getByLabel('Pass mark, in %').fill('80');
    await page.getByRole('button', { name: 'Save details' }).click();
    await until(async () => (await storedTemplate(page)).pass_mark === 80, 'the pass mark stored');

    // A run: the conditional item is not asked until the temperature is out of range.
    await page.goto(`${server.url}#/today`);
    const due = page.getByRole('list', { name: 'Due today' });
    await due.getByRole('button', { name: /^Start Fridge check for / }).click();
    await page.getByRole('heading', { level: 1, name: 'Fridge check' }).waitFor();
    await page.getByText('0 of 2 answered').first().waitFor();
    assert.equal(await itemRow(page, 'Moved the stock').count(), 0);
    await page.getByText('Score: nothing scored yet').waitFor();

    const temp = page.getByRole('textbox', { name: 'Temperature' });
    await temp.fill('9');
    await temp.press('Tab');
    await itemRow(page, 'Moved the stock').waitFor();
    await page.getByText('1 of 3 answered').first().waitFor();
    // 0 of 3 points: the temperature (weight 3) failed.
    await page.getByText('Score 0% (pass mark 80%): below the pass mark').waitFor();
    await page.getByRole('checkbox', { name: 'Moved the stock to the spare fridge' }).check();
    await page.getByText('Score 40% (pass mark 80%): below the pass mark').waitFor();

    // Back in range: hidden again (its answer kept, no longer counted).
    await temp.fill('4');
    await temp.press('Tab');
    await itemRow(page, 'Moved the stock').waitFor({ state: 'detached' });
    await page.getByText('1 of 2 answered').first().waitFor();
    // A failed seal shows the Maintenance section; a pass hides it again.
    const maintenance = page.getByRole('heading', { level: 2, name: 'Maintenance' });
    assert.equal(await maintenance.isVisible(), false);
    await page.getByRole('radiogroup', { name: 'Door seal' }).getByRole('radio', { name: 'Fail' }).check();
    await maintenance.waitFor();
    await page.getByText('2 of 3 answered').first().waitFor();
    await page.getByText('Score 75% (pass mark 80%): below the pass mark').waitFor();
    await page.getByRole('radiogroup', { name: 'Door seal' }).getByRole('radio', { name: 'Pass' }).check();
    await maintenance.waitFor({ state: 'hidden' });
    await page.getByText('Score 100% (pass mark 80%): passed').waitFor();
    const runs = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('docket:rm:')).length);
    assert.ok(runs > 0, 'the run is stored');
    await page.evaluate(() => window.scrollTo(0, 0));
    await axe(page, `scored run with a hidden item, ${name}`);
    // Signed off by name, with a signature drawn on the pad (pointer events).
    await page.getByLabel('Signed off by (optional)').fill('Dana Lee');
    const pad = page.locator('svg.signature-pad');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.6);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) {
      await page.mouse.move(box.x + box.width * (0.1 + i * 0.05), box.y + box.height * (0.6 - (i % 3) * 0.15));
    }
    await page.mouse.up();
    await page.getByText('Signature drawn.').waitFor();
    const drawn = await pad.locator('path').getAttribute('d');
    assert.match(drawn, /^M\d+ \d+l-?\d+ -?\d+( -?\d+ -?\d+)+$/);
    await page.getByRole('button', { name: 'Complete run' }).click();
    await page.getByText(/Completed on .+, signed off by Dana Lee\./).first().waitFor();
    const shown = page.getByRole('img', { name: 'Signature of Dana Lee' });
    assert.equal(await shown.locator('path').getAttribute('d'), drawn);
    const stored = await page.evaluate(async (tid) => {
      const keys = Object.keys(localStorage).filter((k) => k.startsWith(`docket:rm:${tid}:`));
      const runs = (await Promise.all(keys.map((k) => window.__readStored(k)))).flat();
      return runs.map((r) => r.signoff);
    }, TID);
    assert.deepEqual(stored.map((so) => [so.name, so.signature]), [['Dana Lee', drawn]]);

    // Analytics: the runs that passed, and the temperature's readings as a control chart.
    await page.goto(`${server.url}#/operations/${TID}/analytics`);
    await page.getByRole('heading', { name: 'Readings over time' }).waitFor();
    const passed = page.locator('.figure').filter({ hasText: 'Runs that passed' });
    assert.match(await passed.innerText(), /100%[\s\S]*1 of the last 1 scored run reached the pass mark/);
    const summary = await page.locator('#readings-summary').innerText();
    assert.match(summary, /^1 reading of “Temperature” from .+: the last 4 °C, the mean 4 °C, allowed 0 to 5 °C\. 0 out of the allowed range, 0 in a drift/);
    await page.getByRole('img', { name: 'Readings of “Temperature”' }).waitFor();
    // The weekly trend has the average score's line beside its two.
    const trend = page.getByRole('img', { name: 'Weekly trend: failed answers and runs on time' });
    assert.equal(await trend.locator('polyline').count(), 3);
    assert.match(await trend.locator('.ops-dots-score title').first().textContent(), /average score 100% over 1 scored run/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await axe(page, `analytics with a score and readings, ${name}`);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
}
