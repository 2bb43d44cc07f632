import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CoreContext, Desk } from '../compose';
import { createLogger, memorySink } from '../log';
import { MemorySecretStore } from '../secrets';
import type { Service } from '../service';
import { testDesk } from '../test-desk';
import { startSimulator } from '../../../sim';
import type { Simulator } from '../../../sim/types';
import type { EventPayload } from '../../../shared/contract';
import type { AuditFigures } from '../../../shared/contract/audit';
import { DemoAwareSecretStore } from './demo-secrets';
import { simulatorDemo } from './demo';

/** The service over the real core (SQLite, sync engine, key check) and a real simulator on loopback. */
describe('service over the real core', () => {
  let dir: string;
  let desk: Desk;
  let core: CoreContext;
  let service: Service;
  let sim: Simulator;
  let base: MemorySecretStore;
  let demo: ReturnType<typeof simulatorDemo>;
  const sink = memorySink();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-core-'));
    sim = await startSimulator({ port: 0, size: 'tiny', seed: 7, timeScale: 50 });
    demo = simulatorDemo({ simulator: sim, timeScale: 50 });
    base = new MemorySecretStore();
    const secrets = new DemoAwareSecretStore(base);
    const logger = createLogger({ sink });
    desk = testDesk({ mode: 'web', dataDir: dir, secrets, logger, demo });
    ({ core, service } = desk);
  });

  afterAll(async () => {
    await desk.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });

  function nextFinished(workspaceId: string): Promise<EventPayload<'sync:finished'>> {
    return new Promise((resolve) => {
      const off = service.on('sync:finished', (p) => {
        if (p.workspaceId !== workspaceId) return;
        off();
        resolve(p);
      });
    });
  }

  let demoId = '';

  it('adds the demo workspace once, keeping its key out of the persistent store', async () => {
    const changed: string[] = [];
    const off = service.on('workspaces:changed', (p) => changed.push(p.reason));
    const first = await service.call('demo:create', {});
    expect(first).toMatchObject({
      ok: true,
      data: { created: true, workspace: { name: 'Demo client', isDemo: true } },
    });
    if (!first.ok) return;
    demoId = (first.data as { workspace: { id: string } }).workspace.id;
    const again = await service.call('demo:create');
    expect(again).toMatchObject({ ok: true, data: { created: false, workspace: { id: demoId } } });
    off();
    expect(changed).toEqual(['added']);
    expect(await base.get(`workspace:${demoId}`)).toBeNull();
  });

  it('syncs with progress, then browses flows and opens one with its steps', async () => {
    const progress: EventPayload<'sync:progress'>[] = [];
    const off = service.on('sync:progress', (p) => progress.push(p));
    const done = nextFinished(demoId);
    const started = await service.call('sync:start', { workspaceId: demoId });
    expect(started).toMatchObject({ ok: true, data: { workspaceId: demoId, joined: false } });
    const finished = await done;
    off();
    expect(finished.status).toBe('ok');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]!.requestId).toBe(finished.requestId);
    // the throttle never swallows the end: the last progress before sync:finished shows every resource settled
    const last = progress[progress.length - 1]!;
    expect(last.resources.filter((r) => r.status === 'pending' || r.status === 'running')).toEqual([]);

    const flows = await service.call('inventory:list', { workspaceId: demoId, type: 'flows', limit: 500 });
    expect(flows.ok).toBe(true);
    if (!flows.ok) return;
    const page = flows.data as { total: number; items: Array<{ id: string }> };
    expect(page.total).toBe(sim.accounts[0]!.dataset.resources.get('flow')!.size);
    const withSteps = [];
    for (const f of page.items) {
      const d = await service.call('inventory:get', { workspaceId: demoId, type: 'flows', id: f.id });
      expect(d.ok).toBe(true);
      if (d.ok && (d.data as { flowSteps: unknown[] }).flowSteps.length > 1) withSteps.push(d.data);
    }
    expect(withSteps.length).toBeGreaterThan(0);

    const ws = await service.call('workspaces:get', { workspaceId: demoId });
    expect(ws).toMatchObject({ ok: true, data: { stale: false, syncing: false, lastRun: { status: 'ok' } } });
    const runs = await service.call('sync:runs', { workspaceId: demoId });
    expect(runs).toMatchObject({ ok: true, data: { total: 1 } });
  });

  it('after the sync, serves the dashboard performance figures with the time they were fetched', async () => {
    // the post-sync refresh runs in the background: wait until its figures are stored
    let data: AuditFigures | null = null;
    for (let i = 0; i < 200 && !(data?.asOf.flows && data.asOf.metrics); i++) {
      const r = await service.call('audit:figures', { workspaceId: demoId });
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (r.ok) data = r.data as AuditFigures;
      if (!(data?.asOf.flows && data.asOf.metrics)) await new Promise((res) => setTimeout(res, 100));
    }
    expect(data?.asOf.flows).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(data?.asOf.metrics).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const flowNames = new Set(
      [...sim.accounts[0]!.dataset.resources.get('flow')!.values()].map((f) => String(f.attributes['name'])),
    );
    expect(data!.currency).toBe('PLN');
    expect(data!.flowRevenue.length).toBeGreaterThan(0);
    for (const bar of data!.flowRevenue) expect(flowNames.has(bar.label)).toBe(true);
    // sorted by revenue, largest first
    const values = data!.flowRevenue.map((b) => b.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    // the account (seed 7, a Magento 2 store) has a legacy API "Placed Order" beside the store's: the chart names
    // the one it draws by its integration
    expect(data!.metricVolume?.series.map((x) => x.label)).toContain('Placed Order (Magento 2)');
    expect(data!.metricVolume!.series[0]!.values.length).toBeGreaterThan(28);
    // the stored audit carries the same currency, so the drawer can write its revenue evidence in it
    const audited = await service.call('audit:run', { workspaceId: demoId });
    expect(audited).toMatchObject({ ok: true, data: { currency: 'PLN' } });
    expect(await service.call('audit:get', { workspaceId: demoId })).toMatchObject({
      ok: true,
      data: { currency: 'PLN' },
    });
    const unknown = await service.call('audit:figures', { workspaceId: 'no-such-workspace' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses a bad key clearly and stores nothing', async () => {
    const before = core.store.workspaces.list({ includeArchived: true }).length;
    const bad = await service.call('workspaces:add', {
      name: 'Bad key client',
      apiKey: sim.keys.invalid!,
      baseUrl: sim.baseUrl,
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('auth');
      expect(bad.error.requestId).toMatch(/^req_/);
      expect(JSON.stringify(bad.error)).not.toContain(sim.keys.invalid!);
      // the id the person reads off the error is the one the log filed this call under
      const failed = sink.lines.filter((l) => l.includes('"request failed"') && l.includes('workspaces:add'));
      expect(failed.some((l) => l.includes(bad.error.requestId))).toBe(true);
    }
    expect(core.store.workspaces.list({ includeArchived: true })).toHaveLength(before);

    // the same for a key checked on its own and a replacement key
    const checked = await service.call('workspaces:checkKey', { apiKey: sim.keys.invalid!, baseUrl: sim.baseUrl });
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      const line = sink.lines.find((l) => l.includes('"request failed"') && l.includes('workspaces:checkKey'));
      expect(line).toContain(checked.error.requestId);
    }
  });

  it('a revoked key ends the next run in failed_auth, shown on the workspace', async () => {
    const added = await service.call('workspaces:add', { name: 'Acme', apiKey: sim.keys.full!, baseUrl: sim.baseUrl });
    // the same simulator key as the demo: a real client would have its own; here it proves the demo pin is per ref
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    const id = (added.data as { workspace: { id: string } }).workspace.id;
    expect(await base.get(`workspace:${id}`)).toBeNull(); // the demo key is recognised and kept in memory
    const revokedKey = sim.addKey(sim.accounts[0]!.id, { label: 'acme' });
    const setKey = await service.call('workspaces:setKey', { workspaceId: id, apiKey: revokedKey });
    expect(setKey.ok).toBe(true);
    expect(await base.get(`workspace:${id}`)).toBe(revokedKey);
    sim.revokeKey(revokedKey);
    const done = nextFinished(id);
    await service.call('sync:start', { workspaceId: id });
    const finished = await done;
    expect(finished.status).toBe('failed_auth');
    expect(finished.error?.code).toBe('auth');
    const ws = await service.call('workspaces:get', { workspaceId: id });
    expect(ws).toMatchObject({ ok: true, data: { lastRun: { status: 'failed_auth' }, totalItems: 0 } });
    const removed = await service.call('workspaces:remove', { workspaceId: id });
    expect(removed).toMatchObject({ ok: true, data: { removed: true } });
    expect(await base.get(`workspace:${id}`)).toBeNull();
  });
});
