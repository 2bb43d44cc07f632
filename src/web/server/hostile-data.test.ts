import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resourceTypes } from '../../shared/contract/primitives';
import { wellFormed } from '../../shared/text';
import { createLogger, memorySink } from '../../main/core/log';
import { BIG_FLOW_ID, DEEP_FLOW_ID, HOSTILE_DATES, HOSTILE_NAMES, hostileFixture } from '../../sim/fixtures/hostile';
import { startWebApp, type WebApp } from './web-app';

/**
 * The hostile account through the real stack: the simulator serves it over HTTP, the real sync stores it, the
 * audit and the exports read it back. What cannot be stored is named item by item; everything else is kept.
 */
describe('a Klaviyo account full of hostile data', () => {
  let app: WebApp;
  let dataDir: string;
  let workspaceId: string;
  let run: {
    status: string;
    error: { code: string; message: string; details: Record<string, unknown>; requestId: string } | null;
    resources: { resource: string; status: string; error: { details: Record<string, unknown> } | null }[];
  };
  const call = async <T = unknown>(channel: string, input: unknown = {}): Promise<T> => {
    const r = await app.service.call(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.data as T;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kad-hostile-'));
    app = await startWebApp({
      dataDir,
      port: 0,
      staticDir: false,
      simulator: { fixture: hostileFixture(), timeScale: 1000, seed: 5 },
      logger: createLogger({ sink: memorySink() }),
    });
    workspaceId = (await call<{ workspace: { id: string } }>('demo:create')).workspace.id;
    const started = await call<{ runId: string }>('sync:start', { workspaceId });
    const deadline = Date.now() + 120_000;
    for (;;) {
      run = await call<typeof run>('sync:run', { runId: started.runId });
      if (run.status !== 'running' || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends the sync naming exactly the one item it could not store (the 20,000-deep flow)', () => {
    expect(run.status).toBe('partial_or_timeout');
    expect(run.error?.code).toBe('malformed_response');
    expect(run.error?.details.unstoredItems).toEqual([
      { resource: 'flows', id: DEEP_FLOW_ID, message: expect.stringMatching(/nested more than 1000 levels/) },
    ]);
    expect(run.error?.details.incomplete).toEqual([]);
    // every other resource listed completely; flows tells which of its items is missing
    for (const r of run.resources) {
      if (r.resource === 'flows') {
        expect(r.status).toBe('partial');
        expect(r.error?.details.unstoredItems).toEqual([expect.objectContaining({ id: DEEP_FLOW_ID })]);
      } else expect(r, r.resource).toMatchObject({ status: 'ok', error: null });
    }
  });

  it('stores every other item of the resource, hostile names as sent and lone surrogates as U+FFFD', async () => {
    const page = await call<{ total: number; items: { id: string; name: string | null; createdAt: string | null }[] }>(
      'inventory:list',
      { workspaceId, type: 'flows', limit: 1000 },
    );
    const ids = page.items.map((i) => i.id);
    expect(ids).not.toContain(DEEP_FLOW_ID);
    expect(ids).toContain(BIG_FLOW_ID);
    const names = page.items.map((i) => i.name);
    expect(names).toContain('half \uFFFD pair');
    for (const [key, name] of Object.entries(HOSTILE_NAMES)) {
      const want = wellFormed(name);
      expect(names, key).toContain(want);
    }
    // dates travel as Klaviyo sent them, however long or unreadable: the screens format them per value
    const created = page.items.map((i) => i.createdAt);
    for (const d of [HOSTILE_DATES.notADate, HOSTILE_DATES.impossible, HOSTILE_DATES.longValid]) {
      expect(created).toContain(d);
    }
    const big = await call<{ attributes: { definition: { actions: unknown[] } } }>('inventory:get', {
      workspaceId,
      type: 'flows',
      id: BIG_FLOW_ID,
    });
    expect(JSON.stringify(big.attributes.definition).length).toBeGreaterThan(2 * 1024 * 1024);
    const found = await call<{ items: { name: string }[] }>('inventory:list', {
      workspaceId,
      type: 'lists',
      search: 'secret plan',
    });
    expect(found.items.map((i) => i.name)).toEqual([HOSTILE_NAMES.nul]);
  });

  it('answers inventory:list for every type (no answer refused by the output schema)', async () => {
    for (const type of resourceTypes) {
      const r = await app.service.call('inventory:list', { workspaceId, type, limit: 1000 });
      expect(r.ok, `${type}: ${r.ok ? '' : JSON.stringify(r.error)}`).toBe(true);
      if (r.ok) expect((r.data as { total: number }).total, type).toBeGreaterThan(0);
    }
  });

  it('audits the account and exports the audit as CSV and PDF, and every inventory type as CSV', async () => {
    const audit = await call<{ findings: unknown[] }>('audit:run', { workspaceId });
    expect(audit.findings.length).toBeGreaterThan(0);
    const exports: Array<Record<string, unknown>> = [
      { workspaceId, format: 'csv' },
      { workspaceId, format: 'pdf' },
      ...resourceTypes.map((t) => ({ workspaceId, format: 'csv', kind: 'inventory', inventoryType: t })),
    ];
    for (const input of exports) {
      const r = await call<{ bytes: number; cancelled: boolean }>('report:export', input);
      expect(r, JSON.stringify(input)).toMatchObject({ cancelled: false });
      expect(r.bytes, JSON.stringify(input)).toBeGreaterThan(100);
    }
  }, 120_000);
});
