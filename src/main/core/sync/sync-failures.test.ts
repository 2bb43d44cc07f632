import { AppError } from '../../../shared/errors';
import { duplicateCount, INVENTORY_TABLES, inventoryDiff, syncFixture, type SyncFixture } from './test-helpers';

describe('sync failures and retries (real HTTP, real SQLite)', () => {
  let fx: SyncFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('expired key: failed_auth, the inventory unchanged byte for byte, a message without the key', async () => {
    fx = await syncFixture({ size: 'small', timeScale: 200 });
    const key = fx.sim.addKey(fx.sim.accounts[0]!.id, { label: 'soonExpired' });
    const ws = await fx.addWorkspace('Acme', key);
    expect((await fx.ctx.sync.run({ workspaceId: ws })).status).toBe('ok');
    // change the account so that a sync that wrote anything would show in the digest
    fx.sim.accounts[0]!.dataset.resources.get('flow')!.values().next().value!.attributes.name = 'Renamed meanwhile';
    const before = fx.ctx.store.tableDigest(INVENTORY_TABLES);

    fx.sim.expireKey(key);
    const res = await fx.ctx.sync.run({ workspaceId: ws });
    expect(res.status).toBe('failed_auth');
    expect(res.error?.code).toBe('auth');
    expect(res.error?.requestId).toBe(res.requestId);
    expect(res.error?.message).toBeTruthy();
    expect(JSON.stringify(res)).not.toContain(key);
    expect(fx.ctx.store.tableDigest(INVENTORY_TABLES)).toBe(before);
    expect(fx.ctx.store.runs.get(res.runId)!.status).toBe('failed_auth');
    expect(fx.logLines.join('\n')).not.toContain(key);
    expect(fx.logLines.some((l) => l.includes('sync.end') && l.includes(res.requestId))).toBe(true);
  });

  it('key revoked in the middle of a run: failed_auth and still nothing written to the inventory', async () => {
    fx = await syncFixture({ size: 'small', timeScale: 200 });
    const key = fx.sim.addKey(fx.sim.accounts[0]!.id, { label: 'revokedLater' });
    const ws = await fx.addWorkspace('Acme', key);
    expect((await fx.ctx.sync.run({ workspaceId: ws })).status).toBe('ok');
    fx.sim.accounts[0]!.dataset.resources.get('template')!.values().next().value!.attributes.name = 'Changed';
    const before = fx.ctx.store.tableDigest(INVENTORY_TABLES);
    fx.sim.revokeKey(key, 25);
    // a full re-listing, so the key goes after pages were staged (an incremental run of this account asks less)
    const res = await fx.ctx.sync.run({ workspaceId: ws, full: true });
    expect(res.status).toBe('failed_auth');
    // pages were received (and staged) before the key was revoked
    expect(res.totals.requests).toBeGreaterThan(10);
    expect(fx.ctx.store.tableDigest(INVENTORY_TABLES)).toBe(before);
    expect(await fx.ctx.sync.stagedCount(res.runId)).toBe(0);
  });

  it('deadline hit: partial_or_timeout with requestId; the retry resumes, completes, duplicates nothing and makes fewer requests than a full sync', async () => {
    fx = await syncFixture({ size: 'medium', timeScale: 100 });
    const log = fx.sim.requestLog;
    // the cost of a full sync, measured on its own workspace
    const full = await fx.addWorkspace('Full');
    const seq0 = log.entries().length;
    const t0 = Date.now();
    expect((await fx.ctx.sync.run({ workspaceId: full })).status).toBe('ok');
    const fullMs = Date.now() - t0;
    const fullRequests = log.entries().length - seq0;
    fx.sim.resetRateLimits();

    const ws = await fx.addWorkspace('Retried');
    // slow the flow details (the longest chain: a page's details go out together) down so the deadline surely falls
    // in the middle of the run, whatever the machine's load
    fx.sim.setFaults([{ kind: 'latency', operations: ['get_flow'], ms: Math.max(1000, fullMs) }]);
    const partial = await fx.ctx.sync.run({ workspaceId: ws, deadlineMs: Math.max(1500, Math.round(fullMs * 0.4)) });
    fx.sim.setFaults([]);
    expect(partial.status).toBe('partial_or_timeout');
    expect(partial.error?.code).toBe('timeout');
    expect(partial.error?.requestId).toBe(partial.requestId);
    expect(partial.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const states = JSON.stringify(partial.resources.map((r) => [r.resource, r.status]));
    expect(
      partial.resources.some((r) => r.complete),
      states,
    ).toBe(true);
    expect(
      partial.resources.some((r) => !r.complete),
      states,
    ).toBe(true);
    // a partial run removes nothing
    expect(partial.totals.itemsRemoved).toBe(0);
    fx.sim.resetRateLimits();

    const seq1 = log.entries().length;
    const retry = await fx.ctx.sync.run({ workspaceId: ws, trigger: 'retry' });
    const retryRequests = log.entries().length - seq1;
    expect(retry.status).toBe('ok');
    expect(retry.resumedFromRunId).toBe(partial.runId);
    expect(retry.resources.filter((r) => r.note === 'resumed').length).toBeGreaterThan(0);
    expect(retryRequests, `retry ${retryRequests} vs full ${fullRequests}`).toBeLessThan(fullRequests);
    expect(duplicateCount(fx.ctx.store)).toBe(0);
    expect(inventoryDiff(fx.ctx.store, ws, fx.sim)).toEqual([]);
  });

  it('a key without forms:read: forms and form-versions forbidden, everything else synced, run partial_or_timeout', async () => {
    fx = await syncFixture({ size: 'small', timeScale: 200 });
    const ws = await fx.addWorkspace('No forms', fx.sim.keys.noForms);
    const res = await fx.ctx.sync.run({ workspaceId: ws });
    expect(res.status).toBe('partial_or_timeout');
    const by = Object.fromEntries(res.resources.map((r) => [r.resource, r]));
    expect(by.forms!.status).toBe('forbidden');
    expect(by.forms!.missingScopes).toEqual(['forms:read']);
    expect(by['form-versions']!.status).toBe('forbidden');
    expect(by['form-versions']!.missingScopes).toEqual(['forms:read']);
    for (const r of res.resources.filter((x) => !x.resource.startsWith('form')))
      expect(r.status, r.resource).toBe('ok');
    const diff = inventoryDiff(fx.ctx.store, ws, fx.sim);
    expect(diff.length).toBeGreaterThan(0);
    expect(diff.every((d) => d.startsWith('forms') || d.startsWith('form-versions'))).toBe(true);
    const stored = fx.ctx.store.runs.resources(res.runId).find((r) => r.resource === 'forms')!;
    expect(JSON.parse(stored.missingScopesJson)).toEqual(['forms:read']);
  });

  it('cancel: prompt, cancelled, inventory as before, nothing left staged or running', async () => {
    fx = await syncFixture({ size: 'medium', timeScale: 20 });
    const ws = await fx.addWorkspace('Cancelled');
    const before = fx.ctx.store.tableDigest(INVENTORY_TABLES);
    const h = await fx.ctx.sync.start({ workspaceId: ws });
    await new Promise<void>((resolve) => {
      const off = fx.ctx.sync.onProgress((p) => {
        if (p.requests >= 5) {
          off();
          resolve();
        }
      });
    });
    const t0 = Date.now();
    h.cancel();
    const res = await h.result;
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(res.status).toBe('cancelled');
    expect(res.error?.code).toBe('cancelled');
    expect(fx.ctx.store.tableDigest(INVENTORY_TABLES)).toBe(before);
    expect(await fx.ctx.sync.stagedCount(res.runId)).toBe(0);
    expect(fx.ctx.store.runs.running(ws)).toEqual([]);
    expect(fx.ctx.store.integrityCheck()).toBe('ok');
  });

  it('one workspace never runs twice: a second start joins, or is refused as busy', async () => {
    fx = await syncFixture({ size: 'small', timeScale: 50 });
    const ws = await fx.addWorkspace('Once');
    const a = await fx.ctx.sync.start({ workspaceId: ws });
    const b = await fx.ctx.sync.start({ workspaceId: ws });
    expect(b.joined).toBe(true);
    expect(b.runId).toBe(a.runId);
    const refused = await fx.ctx.sync.start({ workspaceId: ws, ifRunning: 'busy' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('busy');
    const [ra, rb] = await Promise.all([a.result, b.result]);
    expect(ra).toBe(rb);
    expect(fx.ctx.store.runs.list({ workspaceId: ws }).length).toBe(1);
  });
});

describe('two workspaces at once', () => {
  let fx: SyncFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('sync concurrently, each ok and equal to its own account', async () => {
    fx = await syncFixture({
      timeScale: 100,
      accounts: [
        { id: 'AccA', size: 'small', seed: 1 },
        { id: 'AccB', size: 'small', seed: 2 },
      ],
    });
    const wa = await fx.addWorkspace('A', fx.sim.accounts[0]!.keys.full);
    const wb = await fx.addWorkspace('B', fx.sim.accounts[1]!.keys.full);
    const progressed = new Set<string>();
    fx.ctx.sync.onProgress((p) => progressed.add(p.workspaceId));
    const [ha, hb] = await Promise.all([
      fx.ctx.sync.start({ workspaceId: wa }),
      fx.ctx.sync.start({ workspaceId: wb }),
    ]);
    expect(fx.ctx.sync.isRunning(wa) && fx.ctx.sync.isRunning(wb)).toBe(true);
    const [ra, rb] = await Promise.all([ha.result, hb.result]);
    expect([ra.status, rb.status]).toEqual(['ok', 'ok']);
    expect(progressed).toEqual(new Set([wa, wb]));
    expect(inventoryDiff(fx.ctx.store, wa, fx.sim, 0)).toEqual([]);
    expect(inventoryDiff(fx.ctx.store, wb, fx.sim, 1)).toEqual([]);
    // the runs overlapped in time
    expect(ra.startedAt).toBeLessThan(rb.finishedAt);
    expect(rb.startedAt).toBeLessThan(ra.finishedAt);
  });
});
