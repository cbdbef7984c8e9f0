// End to end: descriptions and comments in the safe Markdown subset (issue 19, part 5). A
// description with marks shows formatted under its box as it is typed; a link opens only
// http(s) or mailto, in a new tab without an opener; HTML stays text; the card's face shows
// the words without the marks; a comment renders the same way. Desktop in light, phone in
// dark, axe on each. (A run's note: ops-b.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, axe, until, withSample as harnessWithSample } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const DESKTOP = { viewport: { width: 1366, height: 860 } };
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

const withSample = (opts) => harnessWithSample(browser, server, opts);

const stored = (page, pid) => page.evaluate((k) => window.__readProject(k), `docket:p:${pid}`);

const DESCRIPTION = [
  '## Launch **menu** first',
  'See [the plan](https://example.com/plan) or [this](javascript:alert(1)).',
  '',
  '- book the venue',
  '- print `flyers`',
  '',
  '<img src=x onerror="window.__pwned=1">',
].join('\n');

for (const [name, opts] of [
  ['on a desktop in light', DESKTOP],
  ['on a phone in dark', { ...PHONE, colorScheme: 'dark' }],
]) {
  test(`a description and a comment in Markdown show formatted and safe, ${name}`, async () => {
    const { ctx, page, pid } = await withSample(opts);
    const card = (await stored(page, pid)).cards.find((c) => c.title === 'Blog migration');
    await page.goto(`${server.url}#/projects/${pid}/cards/${card.id}`);
    const dialog = page.getByRole('dialog', { name: 'Edit card' });
    await dialog.waitFor();

    // As it is typed: the preview beside the box.
    await dialog.getByLabel('Description', { exact: true }).fill(DESCRIPTION);
    const preview = dialog.getByRole('region', { name: 'Description as shown' });
    await preview.waitFor();
    assert.equal(await preview.locator('.md-heading strong strong').innerText(), 'menu');
    assert.deepEqual(await preview.getByRole('listitem').allInnerTexts(), ['book the venue', 'print flyers']);
    assert.equal(await preview.locator('code').innerText(), 'flyers');
    const plan = preview.getByRole('link', { name: 'the plan' });
    assert.deepEqual(
      await plan.evaluate((a) => [a.getAttribute('href'), a.target, a.rel]),
      ['https://example.com/plan', '_blank', 'noopener noreferrer'],
    );
    // The javascript: link keeps its words only; the HTML is text, not an element.
    assert.equal(await preview.getByRole('link').count(), 1);
    assert.match(await preview.innerText(), /or this\./);
    assert.equal(await preview.locator('img').count(), 0);
    assert.match(await preview.innerText(), /<img src=x onerror="window.__pwned=1">/);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);

    await dialog.getByRole('button', { name: 'Save card' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await until(async () => (await stored(page, pid)).cards.find((c) => c.id === card.id).description === DESCRIPTION, 'the description stored as typed');
    // The card's face: the first line's words, without its marks.
    const face = page.locator(`[data-card-id="${card.id}"]`);
    assert.match(await face.innerText(), /Launch menu first/);
    assert.doesNotMatch(await face.innerText(), /\*\*|##/);

    // A comment in Markdown.
    await face.locator('button.card-title').click();
    await dialog.waitFor();
    await dialog.getByLabel('Add a comment').fill('Booked: *Hall B*, see <https://example.com/hall>');
    await dialog.getByRole('button', { name: 'Add comment' }).click();
    await until(async () => (await stored(page, pid)).cards.find((c) => c.id === card.id).comments?.length === 1, 'the comment stored');
    const comment = dialog.locator('.comment-text');
    assert.equal(await comment.locator('em').innerText(), 'Hall B');
    assert.equal(await comment.getByRole('link', { name: 'https://example.com/hall' }).getAttribute('href'), 'https://example.com/hall');
    await axe(page, `card dialog with Markdown, ${name}`);
    await ctx.close();
  });
}
