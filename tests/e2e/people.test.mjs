// End to end: one person per name (issue 17, bug 6). "ana lima" beside "Ana Lima" is
// refused next to the form, with the directory as it was; a name with an invisible
// character at its end is the same name, and so is one equal after Unicode NFC.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, ready, settle, STORED_PROJECT_HELPERS } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

// The directory as stored (a longer one is packed: see src/storage/pack.rs).
/** The names in the stored directory, sorted (it is stored in id order). */
const stored = async (page) => {
  await page.evaluate(STORED_PROJECT_HELPERS);
  const names = await page.evaluate(async () => ((await window.__readStored('docket:people')) || []).map((p) => p.name));
  return names.sort();
};

test('the People form refuses a name already in the directory, next to the form', async () => {
  const ctx = await browser.newContext();
  const page = await newPage(ctx);
  await page.goto(server.url + '#/people');
  await ready(page);
  const add = async (name) => {
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Add person' }).click();
    await settle(page);
  };
  await add('Ana Lima');
  await page.getByRole('cell', { name: 'Ana Lima', exact: true }).waitFor();
  assert.deepEqual(await stored(page), ['Ana Lima']);
  // "José" typed with a composed "é" and with "e" + U+0301 (the browser's NFC decides).
  await add('Jos\u00e9 Lima');
  await page.getByRole('cell', { name: 'Jos\u00e9 Lima', exact: true }).waitFor();
  for (const same of ['ana lima', 'Ana Lima\u200B', 'Jose\u0301 Lima', 'JOSE\u0301 LIMA']) {
    await add(same);
    const problem = page.locator('#person-problem');
    await problem.filter({ hasText: 'already in the directory' }).waitFor();
    assert.equal(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await stored(page), ['Ana Lima', 'Jos\u00e9 Lima'], `${JSON.stringify(same)} was not added`);
    assert.equal(await page.locator('.people-table tbody tr').count(), 2);
  }
  // A different person is added, and the message goes.
  await add('Bo Chen');
  await page.getByRole('cell', { name: 'Bo Chen', exact: true }).waitFor();
  assert.deepEqual(await stored(page), ['Ana Lima', 'Bo Chen', 'Jos\u00e9 Lima']);
  assert.equal((await page.locator('#person-problem').innerText()).trim(), '');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
