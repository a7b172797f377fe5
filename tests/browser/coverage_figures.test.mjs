// The coverage map with a 5W sheet imported: a cell shows the people its rows reached and targeted, and the
// provinces by p-code. Headless Chromium (Debian's, driven by playwright-core) against a real `migragraph serve`
// on a store holding the bundled data and samples/3w/peru-5w-2024.csv. Run with `node --test tests/browser/`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS, startServer, stopServer } from './server.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOTS = join(REPO, 'test-artifacts', 'screenshots');
const COMMAND = process.env.MIGRAGRAPH_COMMAND || join(REPO, '.venv', 'bin', 'migragraph');
const TIMEOUT = 15_000;

/** The bundled data and the sample 5W sheet, written by the command line into the store the server opens. */
function prepareStore(folder) {
  const store = ['--store', join(folder, 'graph.json')];
  const env = { ...process.env };
  delete env.MIGRAGRAPH_STORE;
  const sheet = join(REPO, 'samples', '3w', 'peru-5w-2024.csv');
  execFileSync(COMMAND, ['load', ...store, join(REPO, 'data')], { cwd: REPO, env, stdio: 'pipe' });
  execFileSync(COMMAND, ['import-3w', ...store, sheet], { cwd: REPO, env, stdio: 'pipe' });
}

describe('the coverage map with a 5W sheet in Chromium', () => {
  let folder;
  let server;
  let browser;
  let page;
  const problems = [];

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    assert.ok(existsSync(COMMAND), `no ${COMMAND}: set up the virtualenv first (README)`);
    await mkdir(SHOTS, { recursive: true });
    folder = await mkdtemp(join(tmpdir(), 'migragraph-coverage-'));
    prepareStore(folder);
    server = await startServer(COMMAND, folder, REPO);
    process.once('exit', () => server && server.child.exitCode === null && server.child.kill('SIGKILL'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    context.setDefaultTimeout(TIMEOUT);
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await stopServer(server.child);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  test('a cell shows the people reached and targeted, and its provinces by p-code', async () => {
    await page.goto(`${server.base}/explore/coverage?body=pe-mesa-migraciones`);
    await page.waitForFunction(() => document.getElementById('matrix').dataset.state === 'ready');
    await page.locator('tr[data-actor="pe-minsa"] td[data-need="health"] button').click();
    const dialog = page.locator('#cell-dialog');
    await dialog.waitFor();
    const text = await dialog.textContent();
    // Two rows of the sheet, in two provinces of Tumbes, summed.
    assert.match(text, /1,900 reached of 2,500 targeted \(En curso\)/);
    assert.match(text, /Zarumilla \(PE2403\)/);
    await page.screenshot({ path: join(SHOTS, '08-coverage-cell-figures.png') });
    await page.keyboard.press('Escape');
  });

  test('the place filter lists the provinces apart', async () => {
    const provinces = page.locator('#filter-place optgroup[label="Provinces"] option');
    assert.equal(await provinces.count(), 196);
    assert.equal(await page.locator('#filter-place option[value="pe-tum-zarumilla"]').textContent(), 'Zarumilla (PE2403)');
  });

  test('the page ran without script errors', () => {
    assert.deepEqual(problems, []);
  });
});
