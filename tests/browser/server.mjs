// What the browser tests share: a real `migragraph serve` on a fresh store, and how Chromium is launched.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Start `command serve` on a fresh store in `folder`, from `cwd`; resolves once /healthz answers ok. */
export async function startServer(command, folder, cwd) {
  const port = await freePort();
  const env = { ...process.env };
  delete env.MIGRAGRAPH_STORE;
  delete env.MIGRAGRAPH_READS_NEED_KEY;
  const child = spawn(
    command,
    ['serve', '--store', join(folder, 'graph.json'), '--port', String(port), '--log-level', 'warning'],
    { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`migragraph serve exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return { child, base, output: () => output };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  child.kill('SIGKILL');
  throw new Error(`migragraph serve did not answer /healthz within 60 s:\n${output}`);
}

export async function stopServer(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
  }
}
