import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { simAppliedWrites, startSimulator } from '../../../sim';
import type { Simulator } from '../../../sim/types';
import { openStore } from '../store';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const KILLS_PER_LANE = 25;
const LANES = 2;

type Child = { signal: NodeJS.Signals | null; code: number | null; stdout: string; stderr: string };

/** the child as its own process group; killed with SIGKILL `killAfterMs` after it said it is ready */
function child(bundle: string, args: string[], env: NodeJS.ProcessEnv, killAfterMs?: number): Promise<Child> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [bundle, ...args], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    p.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (killAfterMs !== undefined && !timer && stdout.includes('ready\n')) {
        timer = setTimeout(() => {
          try {
            process.kill(-p.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
        }, killAfterMs);
      }
    });
    p.stderr.on('data', (d: Buffer) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('the outbox killed with SIGKILL while changes are queued and flushed (real processes, SQLite, simulator)', () => {
  let sim: Simulator;
  let dir: string;
  let bundle: string;
  beforeAll(async () => {
    // ten flows: a child's rounds link each flow at most 60 times, within Klaviyo's 100 tags per object
    sim = await startSimulator({ size: 'small', seed: 31, timeScale: 200 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-kill-'));
    // one bundle, so each of the many processes starts in node's own time rather than a TypeScript loader's
    fs.mkdirSync(path.join(root, 'test-artifacts'), { recursive: true });
    const bundleDir = fs.mkdtempSync(path.join(root, 'test-artifacts', 'outbox-kill-'));
    bundle = path.join(bundleDir, 'kill-child.mjs');
    const b = spawnSync(
      path.join(root, 'node_modules', '.bin', 'esbuild'),
      [
        'src/main/core/outbox/fixtures/kill-child.ts',
        '--bundle',
        '--platform=node',
        '--format=esm',
        '--packages=external',
        `--outfile=${bundle}`,
        '--log-level=warning',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(b.status, b.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (bundle) fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
  });

  it(`${KILLS_PER_LANE * LANES} kills at random moments: after each, integrity ok; after a last flush every queued change is applied exactly once`, async () => {
    const flows = [...sim.accounts[0]!.dataset.resources.get('flow')!.keys()];
    const env = { ...process.env, KLAVIYO_API_KEY: sim.keys.full!, AUDIT_DESK_LOG_LEVEL: 'warn' };
    const lanes = Array.from({ length: LANES }, (_, lane) => {
      const dataDir = path.join(dir, `lane${lane}`);
      const store = openStore(path.join(dataDir, 'audit-desk.sqlite'));
      store.workspaces.insert({
        id: `lane${lane}`,
        name: `Lane ${lane}`,
        baseUrl: sim.baseUrl,
        settingsJson: JSON.stringify({ timeScale: 200 }),
        secretRef: `workspace:lane${lane}`,
        createdAt: 1,
        updatedAt: 1,
      });
      return { lane, dataDir, store, file: path.join(dataDir, 'audit-desk.sqlite') };
    });
    await Promise.all(lanes.map((l) => l.store.close()));

    let seed = 4242;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let killed = 0;
    await Promise.all(
      lanes.map(async (l) => {
        for (let i = 0; i < KILLS_PER_LANE; i++) {
          const r = await child(
            bundle,
            [l.dataDir, `lane${l.lane}`, String(l.lane), String(i * 1000), flows.join(',')],
            env,
            Math.round(random() * 1200),
          );
          expect(r.signal, r.stderr).toBe('SIGKILL');
          killed++;
          expect(integrity(l.file)).toBe('ok');
        }
        const drain = await child(
          bundle,
          [l.dataDir, `lane${l.lane}`, String(l.lane), '0', flows.join(','), 'drain'],
          env,
        );
        expect(drain.code, drain.stderr).toBe(0);
        expect(integrity(l.file)).toBe('ok');
      }),
    );
    expect(killed).toBe(KILLS_PER_LANE * LANES);

    const ds = sim.accounts[0]!.dataset;
    const tags = [...ds.resources.get('tag')!.values()];
    const writes = simAppliedWrites(ds);
    let checked = 0;
    let sendingAtKill = 0;
    for (const l of lanes) {
      const store = openStore(l.file);
      try {
        const items = store.outbox.list({ workspaceId: `lane${l.lane}`, limit: 100_000 });
        expect(items.length).toBeGreaterThan(KILLS_PER_LANE);
        for (const it of items) {
          const tagName = (JSON.parse(it.payloadJson) as { tag: string }).tag;
          expect(it.state, `${tagName} on ${it.targetId}: ${it.errorJson}`).toBe('done');
          // the tag was created once, and linked to the item by exactly one applied write
          const named = tags.filter((t) => t.attributes.name === tagName);
          expect(named, tagName).toHaveLength(1);
          const applied = writes.filter((w) => w.id === it.targetId && w.value === named[0]!.id);
          expect(applied, `${tagName} on ${it.targetId}`).toHaveLength(1);
          const linked = (ds.resources.get('flow')!.get(it.targetId)!.relationships!.tags!.data ?? []) as {
            id: string;
          }[];
          expect(linked.filter((x) => x.id === named[0]!.id)).toHaveLength(1);
          if (JSON.parse(it.resultJson ?? '{}').alreadyApplied) sendingAtKill++;
          checked++;
        }
        expect(store.runs.running(undefined, 'push')).toEqual([]);
      } finally {
        await store.close();
      }
    }
    // every tag link the simulator applied belongs to a queued change (nothing was applied that was not queued)
    const laneTags = new Set(tags.filter((t) => /^K\d+-/.test(String(t.attributes.name))).map((t) => t.id));
    expect(writes.filter((w) => laneTags.has(w.value))).toHaveLength(checked);
    expect(checked).toBeGreaterThan(KILLS_PER_LANE * LANES);
    // some kills landed between Klaviyo applying a write and the process recording it
    console.log(`outbox kill test: ${checked} changes checked, ${sendingAtKill} reconciled after a kill`);
  }, 400_000);
});
