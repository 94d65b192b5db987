// npm run bench:estimate — quotes per second over loopback HTTP, beside a bare Hono JSON endpoint in the same
// process. Every quote request carries distinct counts, so nothing can be answered from a cache.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { startNodeServer } from '../src/http/entry/serve-node.ts';
import { fmt, runLoad } from './load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);

const PAIRS = [
  (i: number) => ({ source: 'soffront', records: { contact: 1000 + i, account: 200 + (i % 97), deal: 300 + (i % 13), activity: 5000 + i * 3 } }),
  (i: number) => ({ source: 'profi', records: { member: 500 + i, session: 800 + (i % 31), booking: 400 + (i % 7) } }),
  (i: number) => ({ source: 'fasttrack', records: { contact: 2000 + i, company: 300 + (i % 17), deal: 150 + (i % 5) }, customFields: { contact: i % 40 } }),
  (i: number) => ({ source: 'promio', records: { lead: 700 + i, customer: 900 + (i % 101), campaign: 10 + (i % 3) } }),
  (i: number) => ({ source: 'kartra', records: { contact: 3000 + i, transaction: 400 + (i % 23), tag: 20 + (i % 9) }, workflows: i % 12 }),
];
const plans = ['growth', 'pro', 'enterprise'];

const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-'));
const ferry = await startNodeServer(
  { HOST: '127.0.0.1', PORT: '0', DATABASE_URL: `file:${join(dir, 'bench.db')}`, LOG_LEVEL: 'silent', ESTIMATE_RATE_LIMIT: '100000000' },
  () => {},
);
const bare = new Hono().get('/json', (c) => c.json({ status: 'ok', n: 1 }));
const bareServer = serve({ fetch: bare.fetch, hostname: '127.0.0.1', port: 0 });
await new Promise((r) => bareServer.once('listening', r));
const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/json`;

const quote = (i: number) =>
  fetch(`${ferry.url}/api/v1/estimates`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ destination: 'freshsales', plan: plans[i % 3], ...PAIRS[i % PAIRS.length]!(i) }),
  });

// Warm both paths (JIT, connection pools, SQLite pages) before measuring.
await runLoad({ seconds: 1, concurrency: CONCURRENCY, request: quote, expectStatus: 201 });
await runLoad({ seconds: 1, concurrency: CONCURRENCY, request: () => fetch(bareUrl), expectStatus: 200 });

const baseline = await runLoad({ seconds: SECONDS, concurrency: CONCURRENCY, request: () => fetch(bareUrl), expectStatus: 200 });
const quotes = await runLoad({ seconds: SECONDS, concurrency: CONCURRENCY, request: quote, expectStatus: 201 });

console.log(`bench:estimate  ${SECONDS}s per target, ${CONCURRENCY} concurrent keep-alive clients, client and servers in one process`);
console.log(`  bare Hono JSON   ${fmt(baseline)}`);
console.log(`  POST /estimates  ${fmt(quotes)}`);
console.log(`  ratio quotes/bare = ${(quotes.perSecond / baseline.perSecond).toFixed(2)}  (target >= 0.5; p99 target < 5 ms)`);

await ferry.stop();
bareServer.close();
rmSync(dir, { recursive: true, force: true });
if (quotes.errors || baseline.errors) process.exitCode = 1;
