/**
 * The simulator in a child process for benchmarks: serving requests (and, for writes, applying 10,000-profile jobs)
 * costs real CPU and memory, and in the benchmark's own process that cost would be charged to the app being
 * measured. The child answers one JSON line per command on stdin:
 *  - `stats`: its request log summed up (per status, per operation, per operation without 429s);
 *  - `reset`: the same, then the log cleared and the rate-limit windows reset;
 *  - `ids <type> <n>`: the first n ids of a resource type of the first account;
 *  - `count <type>`: how many resources of a type the first account holds;
 *  - `events <metric name>`: how many events of that metric the API created;
 *  - `timeline`: every logged request (time, operation, status, ms to answer), oldest first;
 *  - `close`: stops the simulator and exits.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export type SimStats = {
  total: number;
  byStatus: Record<string, number>;
  byOperation: Record<string, number>;
  /** per operation, 429 answers left out (a refused request is not one the work needed) */
  needed: Record<string, number>;
};

export type SimChild = {
  baseUrl: string;
  key: string;
  pid: number;
  stats(): Promise<SimStats>;
  reset(): Promise<SimStats>;
  ids(type: string, n: number): Promise<string[]>;
  count(type: string): Promise<number>;
  events(metric: string): Promise<number>;
  timeline(): Promise<[number, string | null, number, number][]>;
  close(): Promise<void>;
};

const CHILD_CODE = `
import { startSimulator } from ${JSON.stringify(new URL('../src/sim/index.ts', import.meta.url).pathname)};
import { createInterface } from 'node:readline';
const sim = await startSimulator({
  size: process.env.SIM_SIZE, timeScale: Number(process.env.SIM_TIME_SCALE), seed: Number(process.env.SIM_SEED),
});
const ds = sim.accounts[0].dataset;
const out = (v) => process.stdout.write(JSON.stringify(v) + '\\n');
out({ ready: true, baseUrl: sim.baseUrl, key: sim.keys.full });
const stats = () => {
  const byStatus = {}, byOperation = {}, needed = {};
  const entries = sim.requestLog.entries();
  for (const e of entries) {
    byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
    byOperation[e.operationId] = (byOperation[e.operationId] ?? 0) + 1;
    if (e.operationId && e.status !== 429) needed[e.operationId] = (needed[e.operationId] ?? 0) + 1;
  }
  return { total: entries.length, byStatus, byOperation, needed };
};
for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, a, b] = line.split(' ');
  if (cmd === 'stats') out(stats());
  else if (cmd === 'reset') { const s = stats(); sim.clearLog(); sim.resetRateLimits(); out(s); }
  else if (cmd === 'ids') out([...(ds.resources.get(a)?.keys() ?? [])].slice(0, Number(b)));
  else if (cmd === 'count') out(ds.resources.get(a)?.size ?? 0);
  else if (cmd === 'timeline') out(sim.requestLog.entries().map((e) => [e.time, e.operationId, e.status, e.durationMs]));
  else if (cmd === 'events') {
    const name = decodeURIComponent(a);
    const metric = [...(ds.resources.get('metric')?.values() ?? [])].find((m) => m.attributes.name === name);
    out(metric ? ds.events.extra.filter((e) => e.relationships.metric.data.id === metric.id).length : 0);
  } else if (cmd === 'close') break;
}
await sim.close();
process.exit(0);
`;

export async function startSimChild(opts: { size: string; seed: number; timeScale: number }): Promise<SimChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD_CODE], {
    env: {
      ...process.env,
      SIM_SIZE: opts.size,
      SIM_SEED: String(opts.seed),
      SIM_TIME_SCALE: String(opts.timeScale),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const r = await lines.next();
    if (r.done) throw new Error(`simulator child ended: ${stderr.slice(-2000)}`);
    return JSON.parse(r.value as string) as T;
  };
  // one command at a time: answers come back in order
  let queue: Promise<unknown> = Promise.resolve();
  const command = <T>(line: string): Promise<T> => {
    const p = queue.then(() => {
      child.stdin.write(`${line}\n`);
      return next<T>();
    });
    queue = p.catch(() => undefined);
    return p;
  };
  const ready = await next<{ baseUrl: string; key: string }>();
  return {
    baseUrl: ready.baseUrl,
    key: ready.key,
    pid: child.pid!,
    stats: () => command<SimStats>('stats'),
    reset: () => command<SimStats>('reset'),
    ids: (type, n) => command<string[]>(`ids ${type} ${n}`),
    count: (type) => command<number>(`count ${type}`),
    events: (metric) => command<number>(`events ${encodeURIComponent(metric)}`),
    timeline: () => command<[number, string | null, number, number][]>('timeline'),
    async close() {
      if (child.exitCode !== null) return;
      child.stdin.write('close\n');
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    },
  };
}
