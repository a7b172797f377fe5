// The explorer in a real browser: headless Chromium (Debian's, driven by playwright-core)
// against a real `migragraph serve` on a fresh store. Screenshots go to
// test-artifacts/screenshots/. Run with `node --test tests/browser/` (or scripts/browser-test.sh).
import assert from 'node:assert/strict';
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

describe('the explorer in Chromium', () => {
  let folder;
  let server;
  let browser;
  let page;
  const problems = [];

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    assert.ok(existsSync(COMMAND), `no ${COMMAND}: set up the virtualenv first (README)`);
    await mkdir(SHOTS, { recursive: true });
    folder = await mkdtemp(join(tmpdir(), 'migragraph-browser-'));
    server = await startServer(COMMAND, folder, REPO);
    // If the runner dies without running `after`, the server must not outlive it.
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
    try {
      if (browser) await browser.close();
    } finally {
      if (server) await stopServer(server.child);
      if (folder) await rm(folder, { recursive: true, force: true });
    }
  });

  test('search finds the Foreign Ministry by an alias without its accent', async () => {
    await page.goto(`${server.base}/explore`);
    await page.getByLabel('Search actors').fill('Cancilleria');
    await page.getByLabel('Search actors').press('Enter');
    const result = page.locator('#search-results a[data-id="pe-mre"]');
    await result.waitFor();
    assert.match(await result.textContent(), /Ministerio de Relaciones Exteriores/);
    await page.screenshot({ path: join(SHOTS, '01-search-cancilleria.png') });

    await result.click();
    await page.locator('#network[data-state="ready"][data-center="pe-mre"]').waitFor();
    assert.equal(await page.locator('#actor-name').textContent(), 'Ministerio de Relaciones Exteriores');
    assert.match(await page.locator('#actor').textContent(), /Cancillería/);
    assert.match(await page.locator('#actor .sources').textContent(), /Cancillería lidera instituciones estatales/);
  });

  test('clicking the Mesa in the drawing opens it, with its nine members drawn', async () => {
    // Click where Cytoscape drew the Mesa's node, as a person would.
    const point = await page.evaluate(() => {
      const node = window.explorer.cy.getElementById('pe-mesa-migraciones');
      const box = document.getElementById('network').getBoundingClientRect();
      const at = node.renderedPosition();
      return { x: box.left + at.x, y: box.top + at.y };
    });
    await page.mouse.click(point.x, point.y);
    await page.locator('#network[data-state="ready"][data-center="pe-mesa-migraciones"]').waitFor();
    assert.match(page.url(), /[?&]id=pe-mesa-migraciones\b/);
    assert.equal(await page.locator('#actor-name').textContent(), 'Mesa de Trabajo Intersectorial sobre Migraciones');

    const drawn = await page.evaluate(() => {
      const cy = window.explorer.cy;
      const members = cy
        .getElementById('pe-mesa-migraciones')
        .connectedEdges('[type = "MEMBER_OF"]')
        .sources()
        .filter((node) => node.id() !== 'pe-mesa-migraciones');
      return {
        members: members.map((node) => node.id()).sort(),
        visible: members.filter((node) => node.visible()).length,
        labels: [...new Set(cy.nodes().map((node) => node.data('label')))],
      };
    });
    assert.equal(drawn.members.length, 9, `members drawn: ${drawn.members.join(', ')}`);
    assert.equal(drawn.visible, 9);
    assert.ok(drawn.members.includes('pe-inei') && drawn.members.includes('pe-mre'));
    assert.equal(await page.locator('#relations tr[data-type="MEMBER_OF"]').count(), 9);
    const legend = await page.locator('#legend li').allTextContents();
    assert.ok(legend.some((item) => item.startsWith('Institution')), legend.join(' | '));
    await page.screenshot({ path: join(SHOTS, '02-mesa-network.png') });
  });

  test('depth 2 draws more of the network', async () => {
    await page.selectOption('#depth', '2');
    await page.waitForFunction(() => window.explorer.cy.nodes().length > 17 && document.getElementById('network').dataset.state === 'ready');
    assert.match(page.url(), /depth=2/);
    await page.screenshot({ path: join(SHOTS, '03-mesa-depth-2.png') });
    await page.selectOption('#depth', '1');
    await page.waitForFunction(() => window.explorer.cy.nodes().length === 17);
  });

  test('the path finder goes from the INEI to the ILO in three steps', async () => {
    await page.getByRole('tab', { name: 'Path finder' }).click();
    await page.getByLabel('From', { exact: true }).fill('INEI');
    await page.locator('[role="option"][data-id="pe-inei"]').click();
    await page.getByLabel('To', { exact: true }).fill('OIT');
    await page.locator('[role="option"][data-id="int-ilo"]').click();
    await page.getByRole('button', { name: 'Find paths' }).click();
    await page.locator('#path-graph[data-state="ready"]').waitFor();
    const first = page.locator('#path-results .path').first();
    assert.equal(await first.locator('.step').count(), 3);
    assert.deepEqual(await first.locator('.step').evaluateAll((steps) => steps.map((step) => step.dataset.type)), ['MEMBER_OF', 'SUPPORTS', 'RUNS']);
    assert.match(await first.locator('.evidence').first().textContent(), /member/i);
    assert.match(await first.textContent(), /Cancillería lidera instituciones estatales/);
    assert.equal(await page.evaluate(() => window.explorer.pathCy.nodes().length), 4);
    assert.match(page.url(), /tab=paths&from=pe-inei&to=int-ilo/);
    await page.screenshot({ path: join(SHOTS, '04-path-inei-ilo.png'), fullPage: true });
  });

  test('the coverage map highlights the needs nobody covers', async () => {
    await page.goto(`${server.base}/explore/coverage?body=pe-mesa-migraciones`);
    await page.locator('#matrix[data-state="ready"]').waitFor();
    const gaps = await page.locator('#matrix th.gap').evaluateAll((cells) => cells.map((cell) => cell.dataset.need));
    assert.ok(gaps.includes('nutrition'), `gaps: ${gaps.join(', ')}`);
    assert.deepEqual([...gaps].sort(), ['humanitarian-transportation', 'multipurpose-cash', 'nutrition']);
    assert.equal(await page.locator('#matrix th.gap[data-need="nutrition"] .gap-badge').textContent(), 'Gap');
    assert.ok((await page.locator('#matrix th.single').count()) >= 1);
    assert.match(await page.locator('#summary').textContent(), /Nutrition/);
    assert.equal(await page.locator('#matrix tbody tr').count(), 12);
    const csv = await page.locator('#download-csv').getAttribute('href');
    assert.equal(csv, '/export/coverage.csv?body=pe-mesa-migraciones');
    const response = await page.request.get(`${server.base}${csv}`);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /text\/csv/);
    await page.screenshot({ path: join(SHOTS, '05-coverage-map.png'), fullPage: true });

    await page.locator('tr[data-actor="pe-minsa"] td[data-need="health"] button').click();
    const dialog = page.locator('#cell-dialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Ministerio de Salud/);
    assert.ok((await dialog.locator('.sources li').count()) >= 1);
    await page.screenshot({ path: join(SHOTS, '06-coverage-cell-sources.png') });
    await page.keyboard.press('Escape');
  });

  test('the coverage filters reach the map and the CSV link', async () => {
    await page.selectOption('#filter-place', 'pe-tum');
    await page.waitForFunction(() => document.getElementById('matrix').dataset.state === 'ready' && window.location.search.includes('place=pe-tum'));
    assert.equal(await page.locator('#download-csv').getAttribute('href'), '/export/coverage.csv?body=pe-mesa-migraciones&place=pe-tum');
    assert.ok((await page.locator('#matrix th.gap[data-need="nutrition"]').count()) === 1);
  });

  test('the pages ran without script errors or blocked resources', () => {
    assert.deepEqual(problems, []);
  });

  test('without the drawing library the page says so and still searches', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const bare = await context.newPage();
      await bare.route('**/explore/vendor/**', (route) => route.fulfill({ status: 503, body: 'run npm ci' }));
      await bare.goto(`${server.base}/explore?id=pe-mesa-migraciones`);
      const banner = bare.locator('#vendor-banner');
      await banner.waitFor();
      assert.match(await banner.textContent(), /npm ci/);
      await bare.locator('#relations tr[data-type="MEMBER_OF"]').first().waitFor();
      assert.equal(await bare.locator('#relations tr[data-type="MEMBER_OF"]').count(), 9);
      await bare.screenshot({ path: join(SHOTS, '07-no-drawing-library.png') });
    } finally {
      await context.close();
    }
  });
});
