// The GraphQL-over-HTTP audits of the `graphql-http` package, run against a live server.
//
//   node tests/http/audit.mjs http://127.0.0.1:8000/graphql [--json results.json]
//
// Prints one line per audit and a tally per requirement level (MUST, SHOULD, MAY);
// with --json, also writes every result to that file for tests/http/test_http_compliance.py.
// Exits 1 when a MUST fails (graphql-http reports those as "error"), 2 when the audits cannot run.

import { writeFileSync } from 'node:fs';
import { auditServer } from 'graphql-http';

const LEVELS = ['MUST', 'SHOULD', 'MAY'];

function parseArgs(argv) {
  const [url, flag, file, ...rest] = argv;
  const usage = 'usage: node tests/http/audit.mjs <graphql url> [--json <file>]';
  if (!url || rest.length || (flag !== undefined && (flag !== '--json' || !file))) {
    console.error(usage);
    process.exit(2);
  }
  return { url, json: file };
}

const { url, json } = parseArgs(process.argv.slice(2));
let audited;
try {
  audited = await auditServer({ url });
} catch (err) {
  // graphql-http throws only when an audit cannot run at all, e.g. nothing listens at the URL.
  console.error(`the audits could not run against ${url}: ${err.cause?.message ?? err.message}`);
  process.exit(2);
}
const results = audited.map((result) => ({
  id: result.id,
  name: result.name,
  level: result.name.split(' ', 1)[0],
  ok: result.status === 'ok',
  status: result.status,
  reason: result.status === 'ok' ? null : result.reason,
  responseStatus: result.status === 'ok' ? null : result.response.status,
}));

for (const r of results) {
  const detail = r.ok ? '' : ` (${r.reason}; got HTTP ${r.responseStatus})`;
  console.log(`${r.ok ? 'pass' : 'FAIL'} ${r.id} ${r.name}${detail}`);
}
const tally = Object.fromEntries(
  LEVELS.map((level) => {
    const mine = results.filter((r) => r.level === level);
    return [level, { passed: mine.filter((r) => r.ok).length, failed: mine.filter((r) => !r.ok).length }];
  }),
);
console.log();
for (const level of LEVELS) {
  console.log(`${level.padEnd(6)} ${tally[level].passed} passed, ${tally[level].failed} failed`);
}
if (json) {
  writeFileSync(json, JSON.stringify({ url, tally, results }, null, 2));
}
process.exit(results.some((r) => r.status === 'error') ? 1 : 0);
