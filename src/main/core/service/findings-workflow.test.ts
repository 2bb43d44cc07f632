import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '../../../sim';
import type { Simulator } from '../../../sim/types';
import type { Audit, EventPayload, FindingDecisionRow } from '../../../shared/contract';
import type { Desk } from '../compose';
import { createLogger, memorySink } from '../log';
import type { Service } from '../service';
import { testDesk } from '../test-desk';

const DAY = 86_400_000;

/**
 * The findings workflow through the service, on a workspace synced from the simulator: decisions outlive re-syncs
 * and re-audits, leave the score's failures, and a snooze runs out at its date.
 */
describe('findings workflow through the service', () => {
  let dir: string;
  let desk: Desk;
  let service: Service;
  let sim: Simulator;
  let offset = 0;
  let workspaceId = '';
  const critical: EventPayload<'findings:critical'>[] = [];

  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await service.call(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.data as T;
  };
  const audited = () =>
    new Promise<void>((resolve) => {
      const off = service.on('workspaces:changed', (p) => {
        if (p.workspaceId !== workspaceId || p.reason !== 'audited') return;
        off();
        resolve();
      });
    });
  const sync = async () => {
    const done = audited();
    await call('sync:start', { workspaceId });
    await done;
    return (await call<Audit>('audit:get', { workspaceId }))!;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'findings-workflow-'));
    sim = await startSimulator({ port: 0, size: 'tiny', seed: 7, timeScale: 50 });
    desk = testDesk({
      mode: 'web',
      dataDir: dir,
      logger: createLogger({ sink: memorySink() }),
      core: { clock: { now: () => Date.now() + offset } },
      exportTarget: { choose: async (name) => ({ file: path.join(dir, name), downloadId: null }) },
    });
    ({ service } = desk);
    service.on('findings:critical', (p) => critical.push(p));
    const added = await call<{ workspace: { id: string } }>('workspaces:add', {
      name: 'Acme',
      apiKey: sim.keys.full!,
      baseUrl: sim.baseUrl,
    });
    workspaceId = added.workspace.id;
  }, 60_000);

  afterAll(async () => {
    await desk.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });

  it('accepts, snoozes and notes findings: kept across re-sync and re-audit, out of the failures and the score', async () => {
    const first = await sync();
    const failing = first.findings.filter((f) => f.status === 'fail' && f.severity !== 'info');
    expect(failing.length).toBeGreaterThanOrEqual(3);
    const [accepted, snoozed, withItems] = [
      failing[0]!,
      failing[1]!,
      failing.slice(2).find((f) => f.evidence.items.length > 0) ?? failing[2]!,
    ];

    const a = await call<{ decision: FindingDecisionRow; audit: Audit }>('findings:decide', {
      workspaceId,
      ruleId: accepted.ruleId,
      action: 'accept',
      by: 'Ola',
    });
    expect(a.decision).toMatchObject({
      ruleId: accepted.ruleId,
      item: null,
      state: 'accepted',
      holds: true,
      stateBy: 'Ola',
    });
    expect(a.audit.counts.fail).toBe(first.counts.fail - 1);
    expect(a.audit.counts.accepted).toBe(1);
    expect(a.audit.score).toBeGreaterThan(first.score);
    expect(a.audit.findings.find((f) => f.ruleId === accepted.ruleId)?.decision).toMatchObject({
      state: 'accepted',
      by: 'Ola',
    });

    const until = new Date(Date.now() + offset + 7 * DAY).toISOString();
    const s = await call<{ audit: Audit }>('findings:decide', {
      workspaceId,
      ruleId: snoozed.ruleId,
      action: 'snooze',
      until,
    });
    expect(s.audit.counts.fail).toBe(first.counts.fail - 2);
    expect(s.audit.counts.accepted).toBe(2);
    await call('findings:note', { workspaceId, ruleId: withItems.ruleId, note: 'Agreed with the client on 3 Dec' });
    if (withItems.evidence.items[0]) {
      const it = withItems.evidence.items[0];
      await call('findings:note', {
        workspaceId,
        ruleId: withItems.ruleId,
        item: { type: it.type, id: it.id },
        note: 'Seasonal',
      });
    }
    const decided = (await call<Audit>('audit:get', { workspaceId }))!;
    // the history and the overview follow the decision at once
    const history = await call<{ score: number }[]>('audit:history', { workspaceId });
    expect(history.at(-1)!.score).toBe(decided.score);

    // both reports say the failure is accepted (and by whom), the CSV in a column of its own
    const csv = await call<{ savedTo: string }>('report:export', { workspaceId, format: 'csv' });
    const csvText = fs.readFileSync(csv.savedTo, 'utf8');
    const header = csvText.split('\n')[0]!;
    expect(header).toContain('decision');
    const acceptedRow = csvText.split('\n').find((l) => l.startsWith(`${accepted.ruleId},`))!;
    expect(acceptedRow).toContain(',accepted,Accepted,Ola,');
    const openRow = csvText.split('\n').find((l) => l.startsWith(`${failing.at(-1)!.ruleId},`))!;
    expect(openRow).not.toContain(',accepted,');
    const pdf = await call<{ savedTo: string }>('report:export', { workspaceId, format: 'pdf' });
    const pdfText = execFileSync('pdftotext', [pdf.savedTo, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(pdfText).toContain("Accepted (won't fix) by Ola");
    expect(pdfText).toMatch(/Snoozed until \S+/);

    // a new sync and its audit keep every decision and note
    const again = await sync();
    expect(again.runId).not.toBe(first.runId);
    const byRule = new Map(again.findings.map((f) => [f.ruleId, f]));
    expect(byRule.get(accepted.ruleId)).toMatchObject({ status: 'fail', decision: { state: 'accepted' } });
    expect(byRule.get(snoozed.ruleId)).toMatchObject({ status: 'fail', decision: { state: 'snoozed', until } });
    expect(byRule.get(withItems.ruleId)?.comment).toMatchObject({ text: 'Agreed with the client on 3 Dec' });
    if (withItems.evidence.items[0])
      expect(byRule.get(withItems.ruleId)?.evidence.items[0]?.comment).toMatchObject({ text: 'Seasonal' });
    expect(again.counts.fail).toBe(decided.counts.fail);
    expect(again.counts.accepted).toBe(2);
    expect(again.score).toBe(decided.score);
    const reAudit = await call<Audit>('audit:run', { workspaceId });
    expect(reAudit.score).toBe(decided.score);
    expect(reAudit.counts.accepted).toBe(2);
    // the audit worker stores the audit and answers it as it reads back: what a screen reads next is that answer
    expect(reAudit.since).not.toBeNull();
    expect(reAudit.findings.some((f) => f.decision)).toBe(true);
    expect(await call<Audit>('audit:get', { workspaceId })).toEqual(reAudit);
    const overview = await call<{ workspaceId: string; worstFinding: { ruleId: string } | null }[]>(
      'audit:overview',
      {},
    );
    expect([accepted.ruleId, snoozed.ruleId]).not.toContain(
      overview.find((o) => o.workspaceId === workspaceId)?.worstFinding?.ruleId,
    );

    // the snooze runs out at its date: the finding fails (and weighs) again
    offset = 8 * DAY;
    const later = (await call<Audit>('audit:get', { workspaceId }))!;
    expect(later.findings.find((f) => f.ruleId === snoozed.ruleId)?.decision).toBeNull();
    expect(later.counts.accepted).toBe(1);
    expect(later.counts.fail).toBe(decided.counts.fail + 1);
    expect(later.score).toBeLessThan(decided.score);
    const rows = await call<FindingDecisionRow[]>('findings:list', { workspaceId });
    expect(rows.find((r) => r.ruleId === snoozed.ruleId)).toMatchObject({ state: 'snoozed', holds: false });

    // reopening brings the accepted failure back
    const reopened = await call<{ audit: Audit }>('findings:decide', {
      workspaceId,
      ruleId: accepted.ruleId,
      action: 'reopen',
    });
    expect(reopened.audit.counts.accepted).toBe(0);
    expect(reopened.audit.score).toBe(first.score);
    offset = 0;
  }, 120_000);

  it('refuses a snooze without a date to come and a rule that does not exist, changing nothing', async () => {
    const before = await call<FindingDecisionRow[]>('findings:list', { workspaceId });
    const past = await service.call('findings:decide', {
      workspaceId,
      ruleId: 'F1',
      action: 'snooze',
      until: new Date(Date.now() - DAY).toISOString(),
    });
    expect(past).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'until' } } });
    const none = await service.call('findings:decide', { workspaceId, ruleId: 'F1', action: 'snooze' });
    expect(none).toMatchObject({ ok: false, error: { code: 'validation' } });
    const rule = await service.call('findings:decide', { workspaceId, ruleId: 'Q9', action: 'accept' });
    expect(rule).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'ruleId' } } });
    expect(await call('findings:list', { workspaceId })).toEqual(before);
  });

  it('announces each new critical finding once, whoever audits again', async () => {
    const latest = (await call<Audit>('audit:get', { workspaceId }))!;
    const open = latest.findings.filter((f) => f.status === 'fail' && f.severity === 'critical' && !f.decision);
    const announced = critical.flatMap((c) => c.findings.map((f) => f.ruleId));
    // every open critical finding was announced, and none twice, over two syncs and a re-audit
    expect(open.length).toBeGreaterThan(0);
    expect(new Set(announced)).toEqual(new Set(open.map((f) => f.ruleId)));
    expect(announced.length).toBe(new Set(announced).size);
    expect(critical[0]).toMatchObject({ workspaceId, workspaceName: 'Acme' });
  });
});
