import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChannelInput } from '../../shared/contract';
import { createLogger, memorySink } from '../../main/core/log';
import { runCli } from '../../cli/test-helpers';
import { TOKEN_HEADER } from './bridge-server';
import { startWebApp, type WebApp } from './web-app';

type Row = {
  id: number;
  workspaceId: string;
  status: string;
  trigger: string;
  direction: string;
  startedAt: number;
  finishedAt: number | null;
  requests: number;
  resources: string[];
  /** each resource's status in the run */
  resourceStatus: Record<string, string>;
};

/**
 * The history query (C2) through its three front ends: the service (IPC calls it the same way), the web bridge
 * over HTTP, and the CLI as its own process. One table of selections; each answer must equal what a plain filter
 * and sort of the recorded runs gives, so the three cannot agree on a wrong answer.
 */
describe('the history query: one table, three front ends', () => {
  let app: WebApp;
  let dataDir: string;
  let demo: string;
  let flowId: string;
  const rows: Row[] = [];
  const names: Record<string, string> = {};

  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await app.service.call(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.data as T;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kad-history-'));
    app = await startWebApp({
      dataDir,
      port: 0,
      staticDir: false,
      simulator: { size: 'tiny', timeScale: 1000, seed: 3 },
      logger: createLogger({ sink: memorySink() }),
    });
    demo = (await call<{ workspace: { id: string } }>('demo:create', {})).workspace.id;
    for (let i = 0; i < 2; i++) {
      const { runId } = await call<{ runId: string }>('sync:start', { workspaceId: demo });
      for (let t = Date.now(); Date.now() - t < 120_000;) {
        if ((await call<{ status: string }>('sync:run', { runId })).status !== 'running') break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const store = app.core.store;
    flowId = (await call<{ items: { id: string }[] }>('inventory:list', { workspaceId: demo, type: 'flows' })).items[0]!
      .id;
    // a second client whose runs cover every status, trigger and direction, spread over ten days
    store.workspaces.insert({ id: 'beta', name: 'Beta Shop', secretRef: 'workspace:beta', createdAt: 1, updatedAt: 1 });
    const statuses = ['ok', 'failed_auth', 'partial_or_timeout', 'cancelled', 'running'] as const;
    const triggers = ['manual', 'tray', 'daily', 'cli', 'retry'] as const;
    const day0 = Date.parse('2026-11-01T00:00:00Z');
    for (let i = 0; i < 23; i++) {
      const status = statuses[i % statuses.length]!;
      const startedAt = day0 + Math.floor(i / 2.3) * 86_400_000 + (i % 3) * 3_600_000;
      const run = store.runs.insert({
        requestId: `beta-${i}`,
        workspaceId: 'beta',
        trigger: triggers[(i * 3) % triggers.length]!,
        direction: i % 4 === 3 ? 'push' : 'pull',
        status,
        startedAt,
        finishedAt: status === 'running' ? null : startedAt + ((i * 7919) % 90) * 1000,
        requests: (i * 37) % 50,
      });
      for (const resource of i % 2 ? ['lists'] : ['flows', 'lists'])
        store.runs.upsertResource({ runId: run.id, resource, status: 'ok' });
    }
    for (const w of store.workspaces.list({ includeArchived: true })) names[w.id] = w.name;
    for (const r of store.runs.list({ limit: 1000 })) {
      rows.push({
        id: r.id,
        workspaceId: r.workspaceId,
        status: r.status,
        trigger: r.trigger,
        direction: r.direction,
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
        requests: r.requests,
        resources: store.runs.resources(r.id).map((x) => x.resource),
        resourceStatus: Object.fromEntries(store.runs.resources(r.id).map((x) => [x.resource, x.status])),
      });
    }
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const OUTCOME: Record<string, string> = {
    ok: 'success',
    failed_auth: 'failure',
    cancelled: 'failure',
    partial_or_timeout: 'partial',
    running: 'in_progress',
  };
  const byIdDesc = (a: Row, b: Row) => b.id - a.id;
  const duration = (r: Row) => (r.finishedAt === null ? Number.MAX_SAFE_INTEGER : r.finishedAt - r.startedAt);

  type Case = {
    name: string;
    query: () => ChannelInput<'sync:runs'>;
    cli: () => string[];
    want: () => Row[];
  };
  const cases: Case[] = [
    { name: 'everything, newest first', query: () => ({}), cli: () => [], want: () => [...rows].sort(byIdDesc) },
    {
      name: 'one client',
      query: () => ({ workspaceId: demo }),
      cli: () => ['--workspace', names[demo]!],
      want: () => rows.filter((r) => r.workspaceId === demo).sort(byIdDesc),
    },
    {
      name: 'failures',
      query: () => ({ outcome: ['failure'] }),
      cli: () => ['--status', 'failure'],
      want: () => rows.filter((r) => OUTCOME[r.status] === 'failure').sort(byIdDesc),
    },
    {
      name: 'partial or in progress of one client',
      query: () => ({ workspaceId: 'beta', outcome: ['partial', 'in_progress'] }),
      cli: () => ['--workspace', 'Beta Shop', '--status', 'partial,in_progress'],
      want: () =>
        rows
          .filter((r) => r.workspaceId === 'beta' && ['partial', 'in_progress'].includes(OUTCOME[r.status]!))
          .sort(byIdDesc),
    },
    {
      name: 'daily and retry triggers',
      query: () => ({ trigger: ['daily', 'retry'] }),
      cli: () => ['--trigger', 'daily,retry'],
      want: () => rows.filter((r) => r.trigger === 'daily' || r.trigger === 'retry').sort(byIdDesc),
    },
    {
      name: 'push runs',
      query: () => ({ direction: 'push' }),
      cli: () => ['--direction', 'push'],
      want: () => rows.filter((r) => r.direction === 'push').sort(byIdDesc),
    },
    {
      name: 'runs that listed flows',
      query: () => ({ resource: 'flows' }),
      cli: () => ['--resource', 'flows'],
      want: () => rows.filter((r) => r.resources.includes('flows')).sort(byIdDesc),
    },
    {
      name: 'runs that saw one flow',
      query: () => ({ item: flowId }),
      cli: () => ['--item', flowId],
      // every demo sync whose flow listing ended well saw it (a run may end partial for another resource); no
      // run of the other client can have
      want: () => rows.filter((r) => r.workspaceId === demo && r.resourceStatus.flows === 'ok').sort(byIdDesc),
    },
    {
      name: 'a date range (whole days, UTC)',
      query: () => ({ from: '2026-11-03T00:00:00.000Z', to: '2026-11-05T23:59:59.999Z' }),
      cli: () => ['--since', '2026-11-03', '--until', '2026-11-05'],
      want: () =>
        rows
          .filter((r) => r.startedAt >= Date.parse('2026-11-03') && r.startedAt < Date.parse('2026-11-06'))
          .sort(byIdDesc),
    },
    {
      name: 'shortest first, then by run',
      query: () => ({ sortBy: 'duration', sort: 'asc' }),
      cli: () => ['--sort', 'duration', '--order', 'asc'],
      want: () => [...rows].sort((a, b) => duration(a) - duration(b) || a.id - b.id),
    },
    {
      name: 'most requests first',
      query: () => ({ sortBy: 'requests' }),
      cli: () => ['--sort', 'requests'],
      want: () => [...rows].sort((a, b) => b.requests - a.requests || b.id - a.id),
    },
    {
      name: 'by client name',
      query: () => ({ sortBy: 'workspace', sort: 'asc' }),
      cli: () => ['--sort', 'workspace', '--order', 'asc'],
      want: () =>
        [...rows].sort(
          (a, b) =>
            names[a.workspaceId]!.toLowerCase().localeCompare(names[b.workspaceId]!.toLowerCase()) || a.id - b.id,
        ),
    },
    {
      name: 'page 2 of 7 a page, failures and partials',
      query: () => ({ outcome: ['failure', 'partial'], offset: 7, limit: 7 }),
      cli: () => ['--status', 'failure,partial', '--page', '2', '--page-size', '7'],
      want: () =>
        rows
          .filter((r) => ['failure', 'partial'].includes(OUTCOME[r.status]!))
          .sort(byIdDesc)
          .slice(7, 14),
    },
  ];

  it.each(cases)(
    '$name: the service, the bridge and the CLI return the same rows, the right ones',
    async (c) => {
      const wantIds = c.want().map((r) => String(r.id));
      const query = { limit: 200, ...c.query() };
      // the table is only worth something if the selections differ and none is empty
      expect(wantIds.length).toBeGreaterThan(0);

      const viaService = await call<{ items: { id: string }[]; total: number }>('sync:runs', query);
      const res = await fetch(`${app.server.url}/rpc/sync:runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: app.server.token },
        body: JSON.stringify(query),
      });
      const viaBridge = ((await res.json()) as { data: { items: { id: string }[] } }).data;
      const out = await runCli(
        ['history', ...c.cli(), ...(c.cli().includes('--page-size') ? [] : ['--page-size', '200']), '--json'],
        { ...process.env, AUDIT_DESK_DATA_DIR: dataDir },
      );
      expect(out.code, out.stderr).toBe(0);
      const viaCli = JSON.parse(out.stdout) as { items: { id: string }[] };

      expect(viaService.items.map((r) => r.id)).toEqual(wantIds);
      expect(viaBridge.items.map((r) => r.id)).toEqual(wantIds);
      expect(viaCli.items.map((r) => r.id)).toEqual(wantIds);
    },
    60_000,
  );

  it('the CSV of a filtered history holds the rows of the screen, in order, in words', async () => {
    const file = path.join(dataDir, 'history.csv');
    const out = await runCli(
      ['history', '--workspace', 'Beta Shop', '--status', 'failure', '--lang', 'pl', '--format', 'csv', '--out', file],
      { ...process.env, AUDIT_DESK_DATA_DIR: dataDir },
    );
    expect(out.code, out.stderr).toBe(0);
    const screen = await call<{ items: { id: string }[] }>('sync:runs', {
      workspaceId: 'beta',
      outcome: ['failure'],
      limit: 200,
    });
    const lines = fs
      .readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^Synchronizacja,Klient,Kierunek,Uruchomiona przez,Wynik,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(screen.items.map((r) => r.id));
    expect(lines.slice(1).every((l) => l.includes(',Nieudana,') && l.includes('Beta Shop'))).toBe(true);
    // words, not the machine's values
    expect(lines.join('\n')).not.toMatch(/failed_auth|partial_or_timeout|,cancelled,/);
  }, 60_000);
});
