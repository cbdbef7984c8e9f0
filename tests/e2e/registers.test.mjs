// End to end: the operations registers (issue 20 parts 1, 4, 5, 6) in the built app.
// Sites and assets: a site and an asset added by the form; a fridge check run on that asset
// goes in its history and status. Stock: an inventory count's number, signed off, sets the
// counted item's quantity, and the purchase list (CSV) lists it. Policies: marked reviewed,
// gone from Today. Spend: an entry shows in the year's plan as over budget. Every check
// reads what is stored or shown, waiting on state. Desktop in light; axe on each new view
// on the desktop and on a phone in dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, withSample, axe, until, tempDir, downloadFile } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const registers = (page) => page.evaluate(() => window.__readStored('docket:registers'));

test('sites, assets, a count that sets stock, a policy review and spending, by keyboard and mouse', async () => {
  const { ctx, page } = await withSample(browser, server, { viewport: { width: 1366, height: 860 }, colorScheme: 'light' });
  const dir = tempDir('registers');

  // A site and an asset at it, by the forms.
  await page.goto(`${server.url}#/sites`);
  await page.getByRole('heading', { level: 1, name: 'Sites and assets' }).waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await axe(page, 'sites and assets, desktop light');
  const siteForm = page.getByRole('form', { name: 'Add a site' });
  await siteForm.getByLabel('Name').fill('Quay kiosk');
  await siteForm.getByLabel('Lead').selectOption({ label: 'Dev Patel' });
  await siteForm.getByRole('button', { name: 'Add site' }).click();
  await page.getByRole('row', { name: /Quay kiosk/ }).waitFor();
  const assetForm = page.getByRole('form', { name: 'Add an asset' });
  await assetForm.getByLabel('Name').fill('Ice machine');
  await assetForm.getByLabel('Tag or serial').fill('IM-9');
  await assetForm.getByLabel('Site').selectOption({ label: 'Harbour Street shop' });
  await assetForm.getByLabel('Category').fill('Fridge');
  await assetForm.getByLabel('Inspect every (days)').fill('30');
  await assetForm.getByLabel('Inspect every (days)').press('Enter');
  await page.getByRole('link', { name: 'Ice machine (IM-9)' }).waitFor();
  let r = await registers(page);
  const shop = r.sites.find((s) => s.name === 'Harbour Street shop');
  const asset = r.assets.find((a) => a.name === 'Ice machine');
  assert.equal(asset.site, shop.id);
  assert.equal(asset.every, 30);
  assert.equal(asset.category, 'Fridge');
  // A site with assets is not removed: the reason shows beside the list.
  await page.getByRole('button', { name: 'Remove Harbour Street shop' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await page.getByText('“Harbour Street shop” still has 8 asset(s)').waitFor();
  // An empty one is, and its removal is recorded to travel.
  const kiosk = (await registers(page)).sites.find((s) => s.name === 'Quay kiosk');
  await page.getByRole('button', { name: 'Remove Quay kiosk' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('row', { name: /Quay kiosk/ }).waitFor({ state: 'detached' });
  r = await registers(page);
  assert.deepEqual(r.sites.map((s) => s.name).sort(), ['Harbour Street shop', 'Riverside warehouse']);
  const tombs = await page.evaluate(() => window.__readStored('docket:tombstones'));
  assert.ok(tombs.some((t) => t.id === kiosk.id && t.kind === 'site'));
  // Filtered to the warehouse: its five assets only.
  await page.getByLabel('Show').selectOption({ label: 'Riverside warehouse' });
  const assets = page.getByRole('region', { name: 'List of assets' }).locator('tbody tr');
  await until(async () => (await assets.count()) === 5, 'five assets at the warehouse');

  // The fridge check, run on the ice machine: its history and status follow.
  await page.goto(`${server.url}#/today`);
  await page.getByRole('button', { name: /^Start early: Fridge temperature check for / }).click();
  await page.getByRole('heading', { level: 1, name: 'Fridge temperature check' }).waitFor();
  await page.getByLabel('Asset').selectOption({ label: 'Ice machine (IM-9)' });
  await page.getByText('Saved the asset.').waitFor({ state: 'attached' });
  const temp = page.getByRole('textbox', { name: 'Probe temperature' });
  await temp.fill('3.5');
  await temp.press('Tab');
  await page.getByRole('radiogroup', { name: 'Door seal intact' }).getByRole('radio', { name: 'Fail' }).check();
  await page.getByRole('button', { name: 'Complete run' }).click();
  await page.getByText(/Completed on .+, not signed off\./).first().waitFor();
  await page.getByRole('link', { name: 'Ice machine (IM-9)' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ice machine (IM-9)' }).waitFor();
  const row = page.getByRole('table').getByRole('row').nth(1);
  assert.match(await row.innerText(), /Fridge temperature check[\s\S]*Dev Patel|Fridge temperature check/);
  assert.match(await row.innerText(), /Failed: Door seal intact \(Fail\)/);
  assert.match(await page.locator('.asset-facts').innerText(), /Harbour Street shop[\s\S]*Failed/);
  await axe(page, 'asset history, desktop light');

  // Stock: the inventory count counts printer paper; signed off, the stock follows.
  await page.goto(`${server.url}#/operations`);
  await page.getByRole('link', { name: 'Monthly inventory count' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Monthly inventory count' }).waitFor();
  await page.getByRole('button', { name: 'Start a run' }).click();
  await page.getByRole('heading', { level: 1, name: 'Monthly inventory count' }).waitFor();
  const counts = { 'Printer paper': '2', 'Cleaning supplies': '25', 'Spare batteries': '6', 'Coffee': '5', 'Stock value variance': '0' };
  for (const [item, v] of Object.entries(counts)) {
    const box = page.getByRole('textbox', { name: item });
    await box.fill(v);
    await box.press('Tab');
  }
  await page.getByRole('button', { name: 'Complete run' }).click();
  await page.getByText(/Completed on .+, not signed off\./).first().waitFor();
  await until(async () => (await registers(page)).stock.find((s) => s.name === 'Printer paper').on_hand === 2, 'printer paper counted');
  r = await registers(page);
  assert.equal(r.stock.find((s) => s.name === 'Cleaning supplies').on_hand, 25);
  await page.goto(`${server.url}#/stock`);
  await page.getByRole('heading', { level: 1, name: 'Stock' }).waitFor();
  const paper = page.getByRole('row', { name: /Printer paper/ });
  assert.match(await paper.innerText(), /2 boxes[\s\S]*Low[\s\S]*28 boxes/);
  const csv = fs.readFileSync(await downloadFile(page, page.getByRole('button', { name: 'Download purchase list (CSV)' }), dir), 'utf8');
  assert.ok(csv.startsWith('\uFEFFSupplier,Item,Unit,On hand,Reorder at,Order\r\n'), csv);
  assert.ok(csv.includes('\r\nOffice Direct,Printer paper,boxes,2,6,28\r\n'), csv);
  await axe(page, 'stock, desktop light');
  // Edit an item by the form: the order point moves, the list follows.
  await page.getByRole('button', { name: 'Edit Printer paper' }).click();
  const stockForm = page.getByRole('form', { name: 'Edit Printer paper' });
  await stockForm.getByLabel('Reorder at').fill('1');
  await stockForm.getByRole('button', { name: 'Save' }).click();
  await until(async () => (await registers(page)).stock.find((s) => s.name === 'Printer paper')?.reorder_at === 1, 'reorder point saved');
  assert.doesNotMatch(await paper.innerText(), /Low/);

  // Policies: the food safety plan is due: its owner sees it on My day; marked reviewed on
  // the Policies page, it leaves Today.
  await page.goto(`${server.url}#/my-day`);
  await page.getByLabel('Who are you?').selectOption({ label: 'Dev Patel' });
  const mine = page.getByRole('list', { name: 'Policies to review' });
  await mine.getByRole('link', { name: 'Food safety (HACCP) plan' }).waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await axe(page, 'my day with a policy to review, desktop light');
  await page.goto(`${server.url}#/today`);
  await page.getByRole('list', { name: 'Policies to review' }).getByRole('link', { name: 'Food safety (HACCP) plan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
  await axe(page, 'policies, desktop light');
  await page.getByRole('button', { name: 'Mark reviewed: Food safety (HACCP) plan' }).click();
  await until(async () => (await registers(page)).policies.find((p) => p.name.startsWith('Food safety')).reviews?.length === 1, 'the review stored');
  r = await registers(page);
  const food = r.policies.find((p) => p.name.startsWith('Food safety'));
  assert.ok(food.review > new Date().toISOString().slice(0, 10), 'the next review is in the future');
  await page.goto(`${server.url}#/today`);
  await page.getByRole('list', { name: 'Stock to order' }).waitFor();
  assert.equal(await page.getByRole('list', { name: 'Policies to review' }).count(), 0);

  // Spend: an amount in a new area is over its (empty) budget in this year's plan.
  await page.goto(`${server.url}#/spend`);
  await page.getByRole('heading', { level: 1, name: 'Spend' }).waitFor();
  const spendForm = page.getByRole('form', { name: 'Add spending' });
  await spendForm.getByLabel('Area').fill('Kiosk');
  await spendForm.getByLabel('Amount').fill('1,250.50');
  await spendForm.getByLabel('What it was for').fill('Ice machine service');
  await spendForm.getByRole('button', { name: 'Add spending' }).click();
  const kioskRow = page.getByRole('region', { name: 'Planned and actual by month' }).getByRole('row', { name: /Kiosk/ });
  await kioskRow.waitFor();
  assert.match(await kioskRow.innerText(), /1,250\.50[\s\S]*of 0\.00[\s\S]*1,250\.50 over/);
  r = await registers(page);
  assert.ok(r.spend.some((s) => s.area === 'Kiosk' && s.amount === 125050));
  await axe(page, 'spend, desktop light');

  // Analytics by site: each site's figures; a site's name filters the page to it.
  await page.goto(`${server.url}#/analytics`);
  const bySite = page.getByRole('region', { name: 'Figures by site' });
  const shopRow = bySite.getByRole('row', { name: /Harbour Street shop/ });
  await shopRow.waitFor();
  // The fridge check just run at the shop counts, with its failed seal.
  assert.match(await shopRow.innerText(), /Harbour Street shop\s+\d+\s+[1-9]\d*\s+[1-9]\d*/);
  await bySite.getByRole('button', { name: 'Show only Riverside warehouse' }).click();
  const warehouse = r.sites.find((x) => x.name === 'Riverside warehouse');
  await until(async () => (await page.locator('#overview-site').inputValue()) === warehouse.id, 'the page filtered to the warehouse');
  await page.evaluate(() => window.scrollTo(0, 0));
  await axe(page, 'analytics by site, desktop light');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('each register view on a phone in dark: no serious axe issue, nothing wider than the screen', async () => {
  const { ctx, page } = await withSample(browser, server, {
    viewport: { width: 390, height: 844 }, colorScheme: 'dark', hasTouch: true, isMobile: true,
  });
  for (const hash of ['#/sites', '#/stock', '#/spend', '#/policies', '#/today']) {
    await page.goto(`${server.url}${hash}`);
    await page.locator('main h1').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await axe(page, `${hash} on a phone, dark`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `${hash} is ${wide}px wide`);
  }
  await page.goto(`${server.url}#/sites`);
  await page.getByRole('link', { name: 'Display fridge (FR-02)' }).click();
  await page.getByRole('heading', { level: 1, name: 'Display fridge (FR-02)' }).waitFor();
  // Its history: the sample's fridge checks on it, one with the failed seal.
  await page.getByRole('cell', { name: /Failed: Door seal intact/ }).first().waitFor();
  await axe(page, 'asset history on a phone, dark');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
