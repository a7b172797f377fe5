// A closed-loop HTTP load generator on Node's http module (keep-alive), so the client costs little CPU:
//   node bench/load.mjs <url> <json body> <concurrency> <seconds> <max requests>
// prints {"requests": n, "seconds": s, "errors": e}
import http from "node:http";

const [url, body, concurrency, seconds, maxRequests] = process.argv.slice(2);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const payload = Buffer.from(body);
const deadline = performance.now() + Number(seconds) * 1000;
let done = 0;
let errors = 0;
let started = 0;

function one() {
  return new Promise((resolve) => {
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: "POST", agent,
        headers: { "content-type": "application/json", "content-length": payload.length } },
      (res) => {
        res.on("data", () => {});
        res.on("end", () => { if (res.statusCode !== 200) errors++; resolve(); });
      },
    );
    req.on("error", () => { errors++; resolve(); });
    req.end(payload);
  });
}

async function worker() {
  while (performance.now() < deadline && started < Number(maxRequests)) {
    started++;
    await one();
    done++;
  }
}

const t0 = performance.now();
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
const elapsed = (performance.now() - t0) / 1000;
agent.destroy();
console.log(JSON.stringify({ requests: done, seconds: elapsed, errors }));
