/**
 * Audit benchmarks (AUDIT): rule evaluation on an `xl` account, the PDF report for it, and a 100,000-row CSV.
 * Each is measured next to a baseline from the same run: the same evaluation/PDF on a `small` account, and raw
 * csv-stringify of the same rows for the CSV. Inputs are built in-process from the simulator's generated
 * datasets and its Reporting API figure source, so the numbers measure our code, not HTTP. Beside them, the event
 * loop of the screens' thread while the app audits an xl account (see postSyncAuditRows).
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { generateDataset } from '../src/sim/generate';
import type { SimDataset, SimSize } from '../src/sim/types';
import {
  campaignCounts,
  flowCounts,
  flowRecipientsByDay,
  formCounts,
  segmentMembers,
} from '../src/sim/reporting/source';
import { evaluateAudit } from '../src/main/core/audit/evaluate';
import type { AuditInput, InvItem } from '../src/main/core/audit/input';
import { emptyFigures, type MessageStats } from '../src/main/core/performance/figures';
import { chartsFromInput, oldestFigures } from '../src/main/core/audit';
import { writeAuditPdf } from '../src/main/core/exports/pdf';
import { pointsLost } from '../src/main/core/exports/summary';
import { writeInventoryCsv, type InventoryCsvRow } from '../src/main/core/exports/csv';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { composeDesk } from '../src/main/core/compose';
import { nullLogger } from '../src/main/core/log';
import { MemorySecretStore } from '../src/main/core/secrets';
import { twoRuns } from './changes.bench';
import { longNamesPdfRows } from './exports.bench';
import type { BenchRow } from './types';

const DAY = 86_400_000;

function inputFor(size: SimSize, now: number): AuditInput {
  const { dataset: ds } = generateDataset({ size, seed: 11, anchor: Math.floor(now / DAY) * DAY });
  const all = (type: string): InvItem[] =>
    [...(ds.resources.get(type)?.values() ?? [])].map((r) => ({
      id: r.id,
      attributes: r.attributes,
      relationships: r.relationships as InvItem['relationships'],
    }));
  const perf = emptyFigures();
  const range = (days: number, key: string) => ({
    start: Math.floor(now / DAY) * DAY - days * DAY,
    end: Math.floor(now / DAY) * DAY,
    key,
  });
  const flows = [...(ds.resources.get('flow')?.values() ?? [])];
  const campaigns = [...(ds.resources.get('campaign')?.values() ?? [])];
  const values = (items: typeof flows, f: (r: (typeof flows)[number]) => MessageStats | null) =>
    Object.fromEntries(items.map((r) => [r.id, f(r)]).filter(([, s]) => s && (s as MessageStats).recipients)) as Record<
      string,
      MessageStats
    >;
  perf.flowValues30 = {
    fetchedAt: now,
    timeframe: 'last_30_days',
    byId: values(flows, (f) => flowCounts(ds, f, range(30, 'last_30_days'), now)),
  };
  perf.flowValues90 = {
    fetchedAt: now,
    timeframe: 'last_90_days',
    byId: values(flows, (f) => flowCounts(ds, f, range(90, 'last_90_days'), now)),
  };
  perf.campaignValues30 = {
    fetchedAt: now,
    timeframe: 'last_30_days',
    byId: values(campaigns, (c) => campaignCounts(ds, c, range(30, 'last_30_days'), now)),
  };
  perf.campaignValues90 = {
    fetchedAt: now,
    timeframe: 'last_90_days',
    byId: values(campaigns, (c) => campaignCounts(ds, c, range(90, 'last_90_days'), now)),
  };
  const days = Array.from({ length: 56 }, (_, i) => Math.floor(now / DAY) * DAY - (56 - i) * DAY);
  perf.flowSeries = {
    fetchedAt: now,
    dates: days.map((d) => new Date(d).toISOString().slice(0, 10)),
    byId: Object.fromEntries(flows.map((f) => [f.id, flowRecipientsByDay(ds, f, days, now)])),
  };
  perf.formValues30 = {
    fetchedAt: now,
    timeframe: 'last_30_days',
    byId: Object.fromEntries(
      [...(ds.resources.get('form')?.values() ?? [])].map((f) => [f.id, formCounts(ds, f, range(30, 'last_30_days'))]),
    ),
  };
  perf.segmentValues = {
    fetchedAt: now,
    timeframe: 'today',
    byId: Object.fromEntries(
      [...(ds.resources.get('segment')?.values() ?? [])].map((s) => [s.id, { total_members: segmentMembers(ds, s) }]),
    ),
  };
  perf.metricDaily = metricDaily(ds, now);
  return {
    now,
    account: all('account')[0] ?? null,
    flows: all('flow'),
    flowActions: all('flow-action'),
    campaigns: all('campaign'),
    lists: all('list'),
    segments: all('segment'),
    forms: all('form'),
    metrics: all('metric'),
    tags: all('tag'),
    resources: Object.fromEntries(
      ['account', 'flows', 'flowActions', 'campaigns', 'lists', 'segments', 'forms', 'metrics', 'tags'].map((k) => [
        k,
        { status: 'ok' as const },
      ]),
    ),
    performance: perf,
    manual: null,
    sync: { lastSuccessAt: now - 3_600_000, lastRunAt: now - 3_600_000, previousCounts: null },
  };
}

function metricDaily(ds: SimDataset, now: number) {
  const dates = Array.from({ length: 90 }, (_, i) =>
    new Date(Math.floor(now / DAY) * DAY - (89 - i) * DAY).toISOString().slice(0, 10),
  );
  const byName: Record<string, number[]> = {};
  for (const m of ds.resources.get('metric')?.values() ?? [])
    byName[String(m.attributes.name)] = dates.map((_, i) => 50 + ((i * 7) % 13));
  return { fetchedAt: now, dates, byName };
}

async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** best of n (the machine is shared: the minimum is the least noisy estimate) */
async function best(n: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < n; i++) min = Math.min(min, (await time(fn)).ms);
  return min;
}

/** the event loop's delay while `during` runs, in ms (p99 and max), sampled every 10 ms */
async function loopDelay(during: () => Promise<unknown>): Promise<{ p99: number; max: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  try {
    await during();
  } finally {
    h.disable();
  }
  return { p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
}

/**
 * The screens' thread while the app audits an xl account after its syncs: the desk as the app composes it (the
 * audit worker evaluates and stores; this thread answers), the inventory written by two real merges of the xl
 * dataset (changes.bench), and `audit:run` through the service, as the post-sync audit calls the same port.
 * The baseline is the same histogram over this process's idle event loop just before (the machine's own noise).
 * AUDIT_BENCH_TRACE=1 prints each stall over 20 ms (stderr).
 */
async function postSyncAuditRows(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-bench-desk-'));
  const desk = composeDesk({ mode: 'web', dataDir: dir, secrets: new MemorySecretStore(), logger: nullLogger() });
  try {
    const store = desk.core.store;
    store.workspaces.insert({ id: 'xl', name: 'xl', secretRef: 'workspace:xl', createdAt: 1, updatedAt: 1 });
    const { items } = await twoRuns(store, 'xl');
    const audit = async () => {
      const r = await desk.service.call('audit:run', { workspaceId: 'xl' });
      if (!r.ok) throw new Error(`audit:run failed: ${r.error.message}`);
    };
    // the first sync's audit (the worker's start, nothing to compare with) is not what every later sync pays
    await audit();
    const idle = await loopDelay(() => new Promise((r) => setTimeout(r, 2000)));
    let last = performance.now();
    const tracer = process.env.AUDIT_BENCH_TRACE
      ? setInterval(() => {
          const t = performance.now();
          if (t - last - 5 > 20) process.stderr.write(`stall ${Math.round(t - last - 5)} ms\n`);
          last = t;
        }, 5)
      : null;
    const during = await loopDelay(async () => {
      for (let i = 0; i < 3; i++) await audit();
    });
    if (tracer) clearInterval(tracer);
    const name = `event-loop delay of the screens' thread during 3 post-sync audits of an xl account (${items} items; audit:run through the service in app mode)`;
    const goals = { p99: 20, max: 50 } as const;
    return (['p99', 'max'] as const).map((k) => ({
      name: `${name}, ${k}`,
      value: during[k],
      unit: 'ms',
      baseline: { name: 'idle event loop, same process', value: idle[k] },
      ratio: during[k] / Math.max(idle[k], 0.001),
      goal: `≤ ${goals[k]} ms`,
      pass: during[k] <= goals[k],
    }));
  } finally {
    await desk.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function bench(): Promise<BenchRow[]> {
  // first, before this suite's other inputs fill the heap; AUDIT_BENCH_LOOP_ONLY=1 runs only these rows
  const loopRows = await postSyncAuditRows();
  if (process.env.AUDIT_BENCH_LOOP_ONLY) return loopRows;
  const now = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-bench-'));
  try {
    const small = inputFor('small', now);
    const xl = inputFor('xl', now);
    const rows: BenchRow[] = [...loopRows];

    const auditSmall = await best(5, () => evaluateAudit(small));
    const auditXl = await best(3, () => evaluateAudit(xl));
    rows.push({
      name: `audit evaluation, xl account (${xl.flows.length} flows, ${xl.campaigns.length} campaigns, ${xl.segments.length} segments)`,
      value: auditXl,
      unit: 'ms',
      baseline: { name: 'same evaluation, small account', value: auditSmall },
      ratio: auditXl / auditSmall,
      goal: '≤ 1000 ms',
      pass: auditXl <= 1000,
    });

    const resultSmall = evaluateAudit(small);
    const resultXl = evaluateAudit(xl);
    // the report as an agency sends it: branded (vector logo, accent, prepared by), with its executive summary
    const branding = {
      agencyName: 'Agencja Północ',
      preparedBy: 'Anna Kowalska',
      accentColor: '#0b7285',
      logo: {
        mimeType: 'image/svg+xml' as const,
        data: new TextEncoder().encode(
          '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="40" height="40" rx="8" fill="#0b7285"/><path d="M50 10h60v8H50zM50 24h40v6H50z" fill="#343a40"/></svg>',
        ),
      },
    };
    const summaryOf = (result: ReturnType<typeof evaluateAudit>) => ({
      previous: { score: result.score - 5, evaluatedAt: now - 7 * DAY },
      topActions: pointsLost(result).slice(0, 5),
      changes: null,
    });
    const pdf = (input: AuditInput, result: ReturnType<typeof evaluateAudit>, file: string) => () =>
      writeAuditPdf(
        {
          clientName: 'Bench client – Zażółć',
          generatedAt: now,
          result,
          lang: 'pl',
          branding,
          summary: summaryOf(result),
          charts: chartsFromInput(input),
          figuresAsOf: oldestFigures(input),
        },
        createWriteStream(path.join(dir, file)),
      );
    const itemsXl = resultXl.findings.reduce((n, f) => n + f.evidence.items.length, 0);
    const pdfSmall = await best(2, pdf(small, resultSmall, 'small.pdf'));
    const pdfXl = await best(2, pdf(xl, resultXl, 'xl.pdf'));
    rows.push({
      // every finding of the xl account is printed, each with at most 8 of its evidence items and "… and N more":
      // the pages grow with the findings, not the account, so the xl PDF costs about what the small one does
      name: `PDF report with branding and summary, xl account (${resultXl.findings.length} findings, ${itemsXl} evidence items)`,
      value: pdfXl,
      unit: 'ms',
      baseline: { name: 'same PDF, small account', value: pdfSmall },
      ratio: pdfXl / pdfSmall,
      goal: '≤ 3000 ms',
      pass: pdfXl <= 3000,
    });

    const N = 100_000;
    function* invRows(): Generator<InventoryCsvRow> {
      for (let i = 0; i < N; i++)
        yield {
          type: 'campaigns',
          id: `01J${String(i).padStart(10, '0')}`,
          name: i % 50 === 0 ? `=HYPERLINK("http://x","${i}")` : `Kampania ${i} – żółć`,
          status: 'Sent',
          channel: 'email',
          triggerType: null,
          archived: false,
          createdAt: '2025-01-01T00:00:00+00:00',
          updatedAt: '2025-01-02T00:00:00+00:00',
          versionHash: `h${i}`,
          extra: {},
          attributesJson: `{"name":"Kampania ${i}","status":"Sent","audiences":{"included":["X"],"excluded":[]}}`,
        };
    }
    const ours = await best(2, () => writeInventoryCsv(invRows(), createWriteStream(path.join(dir, 'inv.csv'))));
    const raw = await best(2, async () => {
      const s = stringify({
        header: true,
        columns: [
          'type',
          'id',
          'name',
          'status',
          'channel',
          'trigger_type',
          'archived',
          'created',
          'updated',
          'attributes',
        ],
      });
      async function* arr() {
        for (const r of invRows())
          yield [
            r.type,
            r.id,
            r.name,
            r.status,
            r.channel,
            r.triggerType,
            r.archived,
            r.createdAt,
            r.updatedAt,
            r.attributesJson,
          ];
      }
      await pipeline(Readable.from(arr(), { objectMode: true }), s, createWriteStream(path.join(dir, 'raw.csv')));
    });
    rows.push(...(await longNamesPdfRows()));
    rows.push({
      name: 'CSV export, 100,000 inventory rows (BOM, formula escaping, streamed to disk)',
      value: ours,
      unit: 'ms',
      baseline: { name: 'raw csv-stringify of the same rows', value: raw },
      ratio: ours / raw,
      goal: '≤ 2000 ms',
      pass: ours <= 2000,
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
