import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { startSimulator } from '../../../sim';
import type { Simulator } from '../../../sim/types';
import type { EventPayload, TrendPoint } from '../../../shared/contract';
import type { Desk } from '../compose';
import { testDesk } from '../test-desk';

describe('trends: points captured at every sync (simulator over real HTTP, through the service)', () => {
  let sim: Simulator;
  let desk: Desk;
  let dir: string;
  let workspaceId = '';
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trends-'));
    sim = await startSimulator({ size: 'small', seed: 4, timeScale: 500 });
    desk = testDesk({
      dataDir: dir,
      exportTarget: { choose: async (name) => ({ file: path.join(dir, name), downloadId: null }) },
    });
  }, 60_000);
  afterAll(async () => {
    await desk.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });

  async function call<T>(channel: string, input: unknown): Promise<T> {
    const r = await desk.service.call(channel as never, input as never);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.data as T;
  }
  async function sync(full = false): Promise<EventPayload<'sync:finished'>> {
    const finished = new Promise<EventPayload<'sync:finished'>>((resolve) => {
      const off = desk.service.on('sync:finished', (p) => {
        if (p.workspaceId !== workspaceId) return;
        off();
        resolve(p);
      });
    });
    await call('sync:start', { workspaceId, full });
    const done = await finished;
    await desk.service.auditsSettled();
    return done;
  }
  const byRun = (points: TrendPoint[], runId: string, metric: string) =>
    points.find((p) => p.runId === runId && p.metric === metric);

  it('each sync leaves the workspace figures and each flow’s status; a flow set to draft shows in both', async () => {
    ({
      workspace: { id: workspaceId },
    } = await call<{ workspace: { id: string } }>('workspaces:add', {
      name: 'Trends',
      apiKey: sim.keys.full!,
      baseUrl: sim.baseUrl,
      timeScale: 500,
    }));
    const first = await sync();
    expect(first.status).toBe('ok');
    const flows = [...sim.accounts[0]!.dataset.resources.get('flow')!.values()];
    const live = flows.filter((f) => f.attributes.status === 'live' && f.attributes.archived !== true);
    expect(live.length).toBeGreaterThan(0);
    let ws = (await call<{ points: TrendPoint[] }>('trends:get', { workspaceId })).points;
    expect(byRun(ws, first.runId, 'flows.live')?.value).toBe(live.length);
    expect(byRun(ws, first.runId, 'score')?.value).toEqual(expect.any(Number));
    for (const s of ['critical', 'high', 'medium', 'low', 'info'])
      expect(byRun(ws, first.runId, `findings.${s}`)?.value, s).toEqual(expect.any(Number));
    expect(byRun(ws, first.runId, 'messages.live')?.value).toBeGreaterThan(0);

    // the simulator's flow goes to draft; the next sync's points say so
    const flow = live[0]!;
    flow.attributes.status = 'draft';
    flow.attributes.updated = new Date().toISOString();
    const second = await sync();
    expect(second.status).toBe('ok');
    ws = (await call<{ points: TrendPoint[] }>('trends:get', { workspaceId })).points;
    expect(byRun(ws, second.runId, 'flows.live')?.value).toBe(live.length - 1);
    expect(new Set(ws.map((p) => p.runId))).toEqual(new Set([first.runId, second.runId]));
    const item = (
      await call<{ points: TrendPoint[] }>('trends:get', { workspaceId, item: { type: 'flows', id: flow.id } })
    ).points;
    expect(item.map((p) => [p.runId, p.metric, p.label])).toEqual([
      [first.runId, 'status', 'live'],
      [second.runId, 'status', 'draft'],
    ]);
  }, 120_000);

  it('a list’s size is asked on its own GET, for every list at a full sync and only for changed ones after; it lands in the trend', async () => {
    const ds = sim.accounts[0]!.dataset;
    const lists = [...ds.resources.get('list')!.values()];
    const segments = [...ds.resources.get('segment')!.values()];
    expect(lists.length).toBeGreaterThan(1);
    expect(segments.length).toBeGreaterThan(0);
    const sizeCalls = (op: 'get_list' | 'get_segment') =>
      sim.requestLog
        .find({ operationId: op })
        .filter((e) =>
          /additional-fields%5B(list|segment)%5D=profile_count|additional-fields\[(list|segment)\]=profile_count/.test(
            e.url,
          ),
        )
        .map((e) => new URL(e.url, 'http://x').pathname.split('/').pop());

    // lists untouched for days: only a change brings one back into the next sync's lookback window
    const daysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
    for (const x of [...lists, ...segments]) x.attributes.updated = daysAgo;
    sim.clearLog();
    const full = await sync(true);
    expect(full.status).toBe('ok');
    expect(sizeCalls('get_list').sort()).toEqual(lists.map((l) => l.id).sort());
    expect(sizeCalls('get_segment').sort()).toEqual(segments.map((g) => g.id).sort());
    let points = (
      await call<{ points: TrendPoint[] }>('trends:get', { workspaceId, item: { type: 'lists', id: lists[1]!.id } })
    ).points;
    expect(points.find((p) => p.runId === full.runId && p.metric === 'profile_count')?.value).toBe(
      lists[1]!.attributes.profile_count,
    );

    // one list grows and is renamed (its update time moves); another grows without changing (it is not asked)
    const changed = lists[0]!;
    changed.attributes.name = `${String(changed.attributes.name)} (VIP)`;
    changed.attributes.profile_count = 4321;
    changed.attributes.updated = new Date().toISOString();
    const before = lists[1]!.attributes.profile_count;
    lists[1]!.attributes.profile_count = Number(before) + 7;
    sim.clearLog();
    const next = await sync();
    expect(next.status).toBe('ok');
    expect(sizeCalls('get_list')).toEqual([changed.id]);
    expect(sizeCalls('get_segment')).toEqual([]);
    points = (
      await call<{ points: TrendPoint[] }>('trends:get', { workspaceId, item: { type: 'lists', id: changed.id } })
    ).points;
    expect(
      points
        .filter((p) => p.metric === 'profile_count')
        .map((p) => [p.runId, p.value])
        .at(-1),
    ).toEqual([next.runId, 4321]);
    // the unchanged list keeps its last known size in this run's points
    points = (
      await call<{ points: TrendPoint[] }>('trends:get', { workspaceId, item: { type: 'lists', id: lists[1]!.id } })
    ).points;
    expect(points.find((p) => p.runId === next.runId && p.metric === 'profile_count')?.value).toBe(before);
  }, 120_000);

  it('the CSV carries exactly the channel’s points, one row each, in words (en, pl)', async () => {
    const { points } = await call<{ points: TrendPoint[] }>('trends:get', { workspaceId, items: true });
    expect(points.some((p) => p.subject?.type === 'lists' && p.metric === 'profile_count')).toBe(true);
    expect(points.some((p) => p.subject?.type === 'flows' && p.metric === 'status')).toBe(true);
    expect(points.some((p) => p.subject === null && p.metric === 'score')).toBe(true);
    const words = {
      en: { score: 'Audit score', profiles: 'Profiles', list: 'List', account: 'Whole account', draft: 'Draft' },
      pl: { score: 'Wynik audytu', profiles: 'Profile', list: 'Lista', account: 'Całe konto', draft: 'Szkic' },
    };
    for (const lang of ['en', 'pl'] as const) {
      const file = await call<{ savedTo: string; rows: number }>('trends:export', { workspaceId, items: true, lang });
      const [header, ...rows] = parse(fs.readFileSync(file.savedTo, 'utf8').replace(/^\uFEFF/, '')) as string[][];
      expect(header, lang).toHaveLength(7);
      expect(file.rows).toBe(points.length);
      expect(rows).toHaveLength(points.length);
      const w = words[lang];
      rows.forEach((r, i) => {
        const p = points[i]!;
        // when, which run, which item, and the value: the point itself
        expect([r[0], r[1], r[5]], `${lang} row ${i}`).toEqual([p.at, p.runId ?? '', p.subject?.id ?? '']);
        expect(r[4]).toBe(p.subject?.name ?? '');
        if (p.label === null) expect(Number(r[6])).toBe(p.value);
        if (p.metric === 'score') expect([r[2], r[3]]).toEqual([w.score, w.account]);
        if (p.metric === 'profile_count' && p.subject?.type === 'lists')
          expect([r[2], r[3]]).toEqual([w.profiles, w.list]);
        if (p.label === 'draft') expect(r[6]).toBe(w.draft);
        // no internal key is printed for a person
        expect(r.join(' ')).not.toMatch(/\b(findings\.|flows\.|profile_count|messages\.live)/);
      });
    }
  }, 60_000);
});
