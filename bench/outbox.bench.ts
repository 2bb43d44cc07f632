/**
 * Outbox benchmark: what the write side costs against what Klaviyo's limits allow.
 *  - flushing 5,000 tag changes (50 new tags × 100 flows of a `large` account), spec limits shrunk by TAG_TIME_SCALE;
 *  - importing 20,000 Shopify customers and 20,000 Shopify orders (1–3 line-item rows each) at real time (scale 1):
 *    read + check (worker) + queue + flush, profile jobs followed to their end;
 *  - each as wall time ÷ the rate-limit floor for the requests the simulator saw, per operation (klaviyo/floor.ts:
 *    max over operations; 429 answers are not counted, they are not needed), and the peak RSS of this process while
 *    importing (sampled every 20 ms).
 * The simulator runs in a child process (sim-child.ts), so neither its CPU nor its copy of the data is the app's.
 * What the floor includes: every request the simulator answered without a 429, job status reads included (the spec
 * has no other way to learn that a profile job ended; they are few, and polled with backoff). It is the time from
 * the first request's start to the last one's, so the wall time also carries reading the files and the answers'
 * latency. At real limits 20,000 orders are 20 event requests (about 1 s), far less than reading and checking
 * 40,000 records takes, so a second row sets the wall against reading both files alone (the import worker, timed
 * in the same run) plus the floor: what queueing and sending add on top of the work that cannot be avoided.
 * OUTBOX_BENCH_IMPORT_ROWS sets the customers and orders (20,000 each by default, the size the goal is set for): at
 * 200,000 each the floor is a minute (200 event requests, 150 a minute) and the rows show where the limits take over
 * (the RSS row then measures mostly the bench's own fixture, built in this process).
 * The tag flush's floor is create_tag's (3 a second: 50 new tags are 17 burst windows); its requests wait on one
 * another only through that limit (one tag listing first, each tag's link after its creation), so the floor asks
 * for nothing the flush could not do. What the wall adds: the listing's and the last link's latency, one answer's
 * latency per window (the limiter holds a slot until a window after its answer, so no server window, however
 * aligned, sees more than the limit: klaviyo/limiter.ts) and the push snapshot of every item (written as each
 * batch settles, in the windows' waits, not after the last request).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCoreContext, type CoreContext } from '../src/main/core/context';
import type { FlushResult } from '../src/shared/contract/outbox';
import { importFile } from '../src/main/core/imports';
import { readExport } from '../src/main/core/imports/read-export';
import { runFloorMs } from '../src/main/core/klaviyo/index';
import { operationTable } from '../src/main/core/klaviyo/spec/operations';
import { createLogger, memorySink } from '../src/main/core/log/index';
import { MemorySecretStore } from '../src/main/core/secrets/index';
import { startSimChild, type SimChild, type SimStats } from './sim-child';
import type { BenchRow } from './types';

const TAG_TIME_SCALE = Number(process.env.OUTBOX_BENCH_TAG_TIME_SCALE ?? 5);
const IMPORT_TIME_SCALE = Number(process.env.OUTBOX_BENCH_IMPORT_TIME_SCALE ?? 1);
/** customers and orders each (the goal is set at 20,000; a larger file shows where the rate limits take over) */
const IMPORT_ROWS = Number(process.env.OUTBOX_BENCH_IMPORT_ROWS ?? 20_000);
const CUSTOMERS = IMPORT_ROWS;
const ORDERS = IMPORT_ROWS;

const load = () => `load ${os.loadavg()[0]!.toFixed(1)}`;

async function desk(sim: SimChild, timeScale: number): Promise<{ ctx: CoreContext; ws: string; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-bench-'));
  const ctx = createCoreContext({
    dataDir: dir,
    secrets: new MemorySecretStore(),
    logger: createLogger({ sink: memorySink(), level: 'warn' }),
  });
  const { workspace } = await ctx.workspaces.add({
    name: 'Bench',
    apiKey: sim.key,
    baseUrl: sim.baseUrl,
    settings: { timeScale },
  });
  return { ctx, ws: workspace.id, dir };
}

/** the floor of the requests the simulator answered (429s not counted: they are not needed) */
function floorOf(stats: SimStats, timeScale: number) {
  const table = operationTable();
  const byOp = stats.needed;
  const floor = runFloorMs(
    Object.fromEntries(Object.entries(byOp).map(([op, n]) => [op, { requests: n, limit: table.get(op).rateLimit }])),
    timeScale,
  );
  return { ...floor, byOp, total: Object.values(byOp).reduce((a, b) => a + b, 0) };
}

async function tagFlush(): Promise<BenchRow[]> {
  const sim = await startSimChild({ size: 'large', seed: 3, timeScale: TAG_TIME_SCALE });
  const { ctx, ws, dir } = await desk(sim, TAG_TIME_SCALE);
  try {
    const flows = await sim.ids('flow', 100);
    for (let t = 0; t < 50; t++)
      ctx.outbox.queue(ws, { kind: 'tag_add', targetType: 'flow', targetIds: flows, tag: `Bench ${t}` });
    const changes = flows.length * 50;
    await new Promise((r) => setTimeout(r, 60_000 / TAG_TIME_SCALE));
    await sim.reset();
    const t0 = performance.now();
    const r = await ctx.outbox.flush(ws, { trigger: 'cli', waitMs: 600_000 });
    const ms = performance.now() - t0;
    if (r.done !== changes) throw new Error(`flush ended with ${r.done} of ${changes} done: ${JSON.stringify(r)}`);
    const stats = await sim.stats();
    const f = floorOf(stats, TAG_TIME_SCALE);
    const ratio = ms / f.floorMs;
    return [
      {
        name: `flush ${changes} tag changes (time scale ${TAG_TIME_SCALE}, ${stats.total} requests, ${stats.byStatus['429'] ?? 0} 429s: ${Object.entries(
          f.byOp,
        )
          .map(([op, n]) => `${op} ${n}`)
          .join(', ')}; ${load()}) vs rate-limit floor (slowest: ${f.slowestKey})`,
        value: ms,
        unit: 'ms',
        baseline: { name: 'rate-limit floor for those requests', value: f.floorMs },
        ratio,
        goal: '≤ 1.2',
        pass: ratio <= 1.2,
      },
    ];
  } finally {
    await ctx.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Shopify-shaped exports: customers with the 2024 header, orders with 1–3 line-item rows (order fields on the first) */
function writeExports(dir: string): { customers: string; orders: string } {
  const customers = path.join(dir, 'customers_export.csv');
  const orders = path.join(dir, 'orders_export.csv');
  const c = [
    '"Customer ID","First Name","Last Name","Email","Accepts Email Marketing","Default Address City","Default Address Country Code","Phone","Total Spent","Total Orders","Note","Tags"',
  ];
  for (let i = 0; i < CUSTOMERS; i++)
    c.push(
      `${9000000 + i},First${i},Last${i},c${i}@shop.example.com,yes,Kraków,PL,'+4860${String(i).padStart(7, '0')},${(i % 500) + 0.5},${i % 9},"Note for ${i}, with a comma",VIP`,
    );
  fs.writeFileSync(customers, c.join('\r\n') + '\r\n');
  const o = [
    'Name,Email,Financial Status,Currency,Subtotal,Shipping,Taxes,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku',
  ];
  for (let i = 0; i < ORDERS; i++) {
    const items = 1 + (i % 3);
    const day = String(1 + (i % 28)).padStart(2, '0');
    for (let k = 0; k < items; k++)
      o.push(
        k === 0
          ? `#${10000 + i},c${i % CUSTOMERS}@shop.example.com,paid,PLN,${items * 10}.00,0.00,0.00,${items * 10}.00,2025-03-${day} 14:22:31 +0100,1,"Item ${k}, size M",10.00,SKU-${k}`
          : `#${10000 + i},,,,,,,,,1,"Item ${k}, size M",10.00,SKU-${k}`,
      );
  }
  fs.writeFileSync(orders, o.join('\n') + '\n');
  return { customers, orders };
}

async function importBench(): Promise<BenchRow[]> {
  const sim = await startSimChild({ size: 'tiny', seed: 4, timeScale: IMPORT_TIME_SCALE });
  const { ctx, ws, dir } = await desk(sim, IMPORT_TIME_SCALE);
  try {
    const files = writeExports(dir);
    const profilesBefore = await sim.count('profile');
    await sim.reset();
    global.gc?.();
    const idleRss = process.memoryUsage().rss;
    let peak = idleRss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const flushes: FlushResult[] = [];
    for (const [kind, file] of [
      ['customers', files.customers],
      ['orders', files.orders],
    ] as const) {
      const r = await importFile(
        { queueImport: (...a) => ctx.outbox.queueImport(...a), now: () => Date.now() },
        { workspaceId: ws, kind, file, lang: 'en' },
      );
      if (r.accepted !== (kind === 'customers' ? CUSTOMERS : ORDERS) || r.problems.length)
        throw new Error(`${kind}: ${r.accepted} accepted, ${r.problems.length} problems`);
    }
    flushes.push(await ctx.outbox.flush(ws, { trigger: 'cli', waitMs: 600_000 }));
    // a connection dropped under load ends a flush as offline; the app's automatic flush tries again, so does this
    for (let again = 0; again < 3 && flushes.at(-1)?.blocked; again++)
      flushes.push(await ctx.outbox.flush(ws, { trigger: 'cli', waitMs: 600_000 }));
    const ms = performance.now() - t0;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const left = ctx.store.outbox.counts(ws).filter((c) => c.state !== 'done');
    if (left.length) throw new Error(`items not done: ${JSON.stringify(left)}; flushes: ${JSON.stringify(flushes)}`);
    // what arrived is what was sent: every customer a profile, every order one event
    const profiles = (await sim.count('profile')) - profilesBefore;
    const orders = await sim.events('Placed Order');
    if (profiles !== CUSTOMERS || orders !== ORDERS)
      throw new Error(`the simulator holds ${profiles} new profiles and ${orders} orders`);
    // baseline: reading and checking both files alone (the import worker, nothing queued or sent), after the timed
    // import so that its workers' memory is not in the import's peak
    const r0 = performance.now();
    for (const [kind, file] of [
      ['customers', files.customers],
      ['orders', files.orders],
    ] as const)
      await readExport({ file, kind, now: Date.now() });
    const readMs = performance.now() - r0;
    const stats = await sim.stats();
    const f = floorOf(stats, IMPORT_TIME_SCALE);
    const ratio = ms / f.floorMs;
    const mb = (b: number) => b / 1024 / 1024;
    return [
      {
        name: `import ${CUSTOMERS} profiles + ${ORDERS} orders (time scale ${IMPORT_TIME_SCALE}, ${flushes.filter((x) => x.runId).length} flush runs, ${stats.total} requests, ${stats.byStatus['429'] ?? 0} 429s: ${Object.entries(
          f.byOp,
        )
          .map(([op, n]) => `${op} ${n}`)
          .join(', ')}; ${load()}) vs rate-limit floor (slowest: ${f.slowestKey})`,
        value: ms,
        unit: 'ms',
        baseline: { name: 'rate-limit floor for those requests', value: f.floorMs },
        ratio,
        goal: '≤ 1.2',
        pass: ratio <= 1.2,
      },
      {
        name: `import wall vs reading and checking both files alone (${readMs.toFixed(0)} ms) + the rate-limit floor: what queueing and sending add (no goal; ${load()})`,
        value: ms,
        unit: 'ms',
        baseline: { name: 'files read alone + floor', value: readMs + f.floorMs },
        ratio: ms / (readMs + f.floorMs),
      },
      {
        name: 'peak RSS while importing (this process; the simulator runs in its own)',
        value: mb(peak),
        unit: 'MB',
        baseline: { name: 'RSS before the import', value: mb(idleRss) },
        ratio: peak / idleRss,
        goal: '≤ 300 MB',
        pass: mb(peak) <= 300,
      },
    ];
  } finally {
    await ctx.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export default async function bench(): Promise<BenchRow[]> {
  // the import first: its peak RSS is the app's for the import, not what the flush's heap left behind
  const imported = await importBench();
  return [...(await tagFlush()), ...imported];
}
