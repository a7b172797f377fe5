// GraphiQL in a real browser with no network but the server's: headless Chromium (Debian's, driven by
// playwright-core) against a real `migragraph serve`, every request elsewhere refused. Screenshots go to
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
const TIMEOUT = 20_000;

describe('GraphiQL in Chromium, offline', () => {
  let folder;
  let server;
  let browser;
  let page;
  const problems = [];
  const elsewhere = [];

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    assert.ok(existsSync(COMMAND), `no ${COMMAND}: set up the virtualenv first (README)`);
    await mkdir(SHOTS, { recursive: true });
    folder = await mkdtemp(join(tmpdir(), 'migragraph-graphiql-'));
    server = await startServer(COMMAND, folder, REPO);
    process.once('exit', () => server && server.child.exitCode === null && server.child.kill('SIGKILL'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    context.setDefaultTimeout(TIMEOUT);
    // As if offline: anything not from the server is refused, and noted.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${server.base}/`) || url.startsWith('data:')) return route.continue();
      elsewhere.push(url);
      return route.abort('internetdisconnected');
    });
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    // A Content-Security-Policy refusal is reported as a console error.
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

  test('the editor renders and runs its example query', async () => {
    const response = await page.goto(`${server.base}/graphql`);
    assert.match(response.headers()['content-security-policy'], /script-src 'self';/);
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    assert.doesNotMatch(await page.locator('#graphiql').innerText(), /Loading…/);
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.graphiql-response .CodeMirror-code');
    await result.filter({ hasText: 'pe-mre' }).waitFor();
    assert.match(await result.innerText(), /Ministerio de Relaciones Exteriores/);
    await page.screenshot({ path: join(SHOTS, 'graphiql-01-example-query.png') });
  });

  test('the explorer plugin and the docs read the schema', async () => {
    await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).click();
    await page.locator('.graphiql-explorer-root').filter({ hasText: 'coordinationBody' }).waitFor();
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer').filter({ hasText: 'Query' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'graphiql-02-explorer-and-docs.png') });
  });

  test('the settings dialog opens and closes', async () => {
    // A dialog locks the page's scrolling with a <style> element of its own: the page's CSP must allow it.
    await page.getByRole('button', { name: 'Open settings dialog' }).click();
    await page.getByRole('dialog').filter({ hasText: 'Theme' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'graphiql-03-settings.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  test('nothing was fetched from elsewhere, and nothing was refused or failed', () => {
    assert.deepEqual(elsewhere, []);
    assert.deepEqual(problems, []);
  });
});
