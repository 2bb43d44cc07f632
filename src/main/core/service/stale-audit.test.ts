import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '../../../sim';
import type { Simulator } from '../../../sim/types';
import type { EventPayload } from '../../../shared/contract';
import type { Audit } from '../../../shared/contract/audit';
import { baseFixture, IDS } from '../audit/fixtures/accounts';
import type { Desk } from '../compose';
import type { Service } from '../service';
import { testDesk } from '../test-desk';

/**
 * A sync that fails after a good audit leaves the audit as it was: score, score history, the all-clients overview
 * and the PDF, each marked stale with how the last sync ended. Real core, real simulator, real sync engine.
 */
describe('a failed sync after a good audit keeps the audit, marked stale (through the service)', () => {
  let dir: string;
  let exportDir: string;
  let desk: Desk;
  let service: Service;
  let sim: Simulator;
  let simOpen = true;
  let workspaceId = '';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stale-audit-'));
    exportDir = path.join(dir, 'exports');
    fs.mkdirSync(exportDir);
    const fx = baseFixture(Date.now());
    sim = await startSimulator({
      timeScale: 500,
      accounts: [{ id: IDS.account, name: 'Sklep', fixture: { id: IDS.account, resources: fx.resources } }],
    });
    desk = testDesk({
      dataDir: dir,
      exportTarget: { choose: async (name) => ({ file: path.join(exportDir, name), downloadId: null }) },
    });
    ({ service } = desk);
  }, 60_000);

  afterAll(async () => {
    await desk.close();
    if (simOpen) await sim.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });

  async function call<T>(channel: string, input: unknown): Promise<T> {
    const r = await service.call(channel as never, input as never);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.data as T;
  }

  async function sync(): Promise<EventPayload<'sync:finished'>> {
    const finished = new Promise<EventPayload<'sync:finished'>>((resolve) => {
      const off = service.on('sync:finished', (p) => {
        if (p.workspaceId !== workspaceId) return;
        off();
        resolve(p);
      });
    });
    await call('sync:start', { workspaceId });
    const done = await finished;
    await service.auditsSettled();
    return done;
  }

  async function pdfText(): Promise<string> {
    const r = await call<{ savedTo: string }>('report:export', { workspaceId, format: 'pdf' });
    // one space for every run of white space: the cover wraps its lines where the page is full
    return execFileSync('pdftotext', [r.savedTo, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  }

  async function csvText(): Promise<string> {
    const r = await call<{ savedTo: string }>('report:export', { workspaceId, format: 'csv' });
    return fs.readFileSync(r.savedTo, 'utf8');
  }

  type Row = { workspaceId: string; score: number | null; stale: Audit['stale'] };
  const overviewRow = async () => (await call<Row[]>('audit:overview', {})).find((r) => r.workspaceId === workspaceId)!;

  let good: Audit;
  let goodHistory: unknown[];
  let goodPdf: string;

  it('a complete sync is audited, and the audit is not stale', async () => {
    // a key of its own, so revoking it later leaves the simulator's other keys working
    const key = sim.addKey(IDS.account, { label: 'stale-test' });
    const added = await call<{ workspace: { id: string } }>('workspaces:add', {
      name: 'Sklep',
      apiKey: key,
      baseUrl: sim.baseUrl,
      timeScale: 500,
    });
    workspaceId = added.workspace.id;
    expect((await sync()).status).toBe('ok');
    good = (await call<Audit | null>('audit:get', { workspaceId }))!;
    expect(good).not.toBeNull();
    expect(good.stale).toBeNull();
    expect(good.counts.pass).toBeGreaterThan(20);
    goodHistory = await call<unknown[]>('audit:history', { workspaceId });
    expect(goodHistory).toHaveLength(1);
    expect(await overviewRow()).toMatchObject({ score: good.score, stale: null });
    goodPdf = await pdfText();
    expect(goodPdf).not.toContain('Stale since');
    expect(await csvText()).toMatch(/^\uFEFF?rule_id,.*,stale_since,stale\r?\n/);
    (globalThis as { __key?: string }).__key = key;
  }, 120_000);

  it('a rejected key: failed_auth keeps score, history, overview and PDF, each marked stale', async () => {
    const key = (globalThis as { __key?: string }).__key!;
    sim.revokeKey(key);
    const failed = await sync();
    expect(failed.status).toBe('failed_auth');

    const audit = (await call<Audit | null>('audit:get', { workspaceId }))!;
    expect(audit.score).toBe(good.score);
    expect(audit.runId).toBe(good.runId);
    expect(audit.evaluatedAt).toBe(good.evaluatedAt);
    expect(audit.counts).toEqual(good.counts);
    expect(audit.stale).toMatchObject({
      since: failed.finishedAt,
      lastSync: { runId: failed.runId, status: 'failed_auth', code: 'auth' },
    });
    expect(await call('audit:history', { workspaceId })).toEqual(goodHistory);
    expect(await overviewRow()).toMatchObject({ score: good.score, stale: { lastSync: { status: 'failed_auth' } } });

    const pdf = await pdfText();
    expect(pdf).toMatch(
      /Stale since \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(last sync: failed, the API key was rejected\)/,
    );
    // the same report otherwise: its score ring and counts are the good audit's
    expect(pdf).toContain(`${good.counts.fail} failing · ${good.counts.pass} passing`);
    expect(pdf).toContain(` ${Math.round(good.score)} overall score `);
    expect(await csvText()).toContain('(last sync: failed, the API key was rejected)');

    // re-running the audit by hand evaluates the last complete inventory again: no new point in the history
    const rerun = await call<Audit>('audit:run', { workspaceId });
    expect(rerun.runId).toBe(good.runId);
    expect(rerun.score).toBe(good.score);
    expect(rerun.stale?.lastSync.status).toBe('failed_auth');
    expect((await call<unknown[]>('audit:history', { workspaceId })).length).toBe(1);
  }, 120_000);

  it('the server down: the run fetches nothing, the audit stays and says since when and why', async () => {
    const key = sim.addKey(IDS.account, { label: 'stale-test-2' });
    await call('workspaces:setKey', { workspaceId, apiKey: key });
    const firstFailure = (await call<Audit>('audit:get', { workspaceId })).stale!.since;
    await sim.close();
    simOpen = false;
    const down = await sync();
    expect(down.status).not.toBe('ok');

    const audit = (await call<Audit | null>('audit:get', { workspaceId }))!;
    expect(audit.score).toBe(good.score);
    expect(audit.runId).toBe(good.runId);
    // stale since the first failure after the good audit; the last sync is the newest one
    expect(audit.stale?.since).toBe(firstFailure);
    expect(audit.stale?.lastSync.runId).toBe(down.runId);
    expect(audit.stale?.lastSync.status).toBe(down.status);
    expect((await call<unknown[]>('audit:history', { workspaceId })).length).toBe(1);
    expect(await overviewRow()).toMatchObject({ score: good.score, stale: { lastSync: { runId: down.runId } } });
    const pdf = await pdfText();
    expect(pdf).toContain('Stale since');
    expect(pdf).toContain(`${good.counts.fail} failing · ${good.counts.pass} passing`);
  }, 180_000);
});
