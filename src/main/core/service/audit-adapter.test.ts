import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Desk } from '../compose';
import type { Service } from '../service';
import { canonicalJson, versionHash, type Store } from '../store';
import { testDesk } from '../test-desk';

/** The audit domain through the service: every answer must pass the contract's output schema. */
describe('audit and reports through the service', () => {
  let dir: string;
  let desk: Desk;
  let store: Store;
  let service: Service;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-adapter-'));
    const exportDir = path.join(dir, 'exports');
    fs.mkdirSync(exportDir);
    desk = testDesk({
      dataDir: dir,
      exportTarget: { choose: async (name) => ({ file: path.join(exportDir, name), downloadId: null }) },
    });
    ({ service } = desk);
    store = desk.core.store;
    store.workspaces.insert({ id: 'w1', name: 'Zażółć Client', secretRef: 'workspace:w1', createdAt: 1, updatedAt: 1 });
    const run = store.runs.insert({
      requestId: 'r1',
      workspaceId: 'w1',
      trigger: 'manual',
      status: 'running',
      startedAt: Date.now(),
    });
    const attrs = { name: 'Welcome', status: 'live', trigger_type: 'Added to List' };
    const a = canonicalJson(attrs);
    const rel = canonicalJson({});
    store.inventory.stagePage(run.id, 'flows', [
      {
        resourceType: 'flows',
        klaviyoId: 'F1',
        name: 'Welcome',
        status: 'live',
        channel: null,
        triggerType: 'Added to List',
        archived: false,
        createdAt: null,
        updatedAt: null,
        parentType: null,
        parentId: null,
        attributesJson: a,
        relationshipsJson: rel,
        versionHash: versionHash(a, rel),
      },
    ]);
    await store.inventory.mergeStaged('w1', run.id, 'flows');
    store.runs.update(run.id, { status: 'ok', finishedAt: Date.now() });
    store.runs.upsertResource({ runId: run.id, resource: 'flows', status: 'ok', complete: true });
  });

  afterAll(async () => {
    await desk.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });

  it('runs, stores and returns audits in the contract’s shape', async () => {
    expect(await service.call('audit:get', { workspaceId: 'w1' })).toEqual({ ok: true, data: null });
    const run = await service.call('audit:run', { workspaceId: 'w1' });
    expect(run.ok, JSON.stringify(run)).toBe(true);
    if (!run.ok) return;
    const audit = run.data as { findings: Array<{ status: string }>; score: number; runId: string };
    expect(audit.findings.length).toBeGreaterThan(10);
    expect(audit.findings.some((f) => f.status === 'unknown')).toBe(true);
    expect(await service.call('audit:get', { workspaceId: 'w1' })).toMatchObject({
      ok: true,
      data: { score: audit.score },
    });
    expect(await service.call('audit:history', { workspaceId: 'w1' })).toMatchObject({
      ok: true,
      data: [{ runId: audit.runId, score: audit.score }],
    });
    const overview = await service.call('audit:overview', {});
    expect(overview).toMatchObject({ ok: true, data: [{ workspaceId: 'w1', score: audit.score }] });
  });

  it('merges manual answers and re-evaluates', async () => {
    const set = await service.call('audit:setAnswers', { workspaceId: 'w1', answers: { spf: 'pass', dkim: 'pass' } });
    expect(set.ok, JSON.stringify(set)).toBe(true);
    await service.call('audit:setAnswers', {
      workspaceId: 'w1',
      answers: { dmarc: 'fail', sendingDomain: 'mail.example.com' },
    });
    const answers = await service.call('audit:answers', { workspaceId: 'w1' });
    expect(answers).toMatchObject({
      ok: true,
      data: { spf: 'pass', dkim: 'pass', dmarc: 'fail', sendingDomain: 'mail.example.com', brandedDomain: 'unknown' },
    });
    const bad = await service.call('audit:setAnswers', { workspaceId: 'w1', answers: { spf: 'maybe' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('exports findings as CSV and PDF, and an inventory table as CSV, to the chosen file', async () => {
    const csv = await service.call('report:export', { workspaceId: 'w1', format: 'csv' });
    expect(csv).toMatchObject({ ok: true, data: { mimeType: 'text/csv; charset=utf-8', cancelled: false } });
    if (!csv.ok) return;
    const c = csv.data as { savedTo: string; bytes: number; fileName: string };
    expect(c.fileName).toMatch(/^zazolc-client-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(fs.statSync(c.savedTo).size).toBe(c.bytes);
    expect(fs.readFileSync(c.savedTo, 'utf8')).toContain('rule');

    const pdf = await service.call('report:export', { workspaceId: 'w1', format: 'pdf' });
    expect(pdf.ok, JSON.stringify(pdf)).toBe(true);
    if (pdf.ok)
      expect(
        fs
          .readFileSync((pdf.data as { savedTo: string }).savedTo)
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');

    const inv = await service.call('report:export', {
      workspaceId: 'w1',
      format: 'csv',
      kind: 'inventory',
      inventoryType: 'flows',
    });
    expect(inv.ok).toBe(true);
    if (inv.ok) expect(fs.readFileSync((inv.data as { savedTo: string }).savedTo, 'utf8')).toContain('Welcome');
    const wrong = await service.call('report:export', {
      workspaceId: 'w1',
      format: 'pdf',
      kind: 'inventory',
      inventoryType: 'flows',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});
