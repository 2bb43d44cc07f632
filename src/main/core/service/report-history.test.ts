import { execFileSync } from 'node:child_process';
import { startSimulator } from '../../../sim';
import type { Simulator } from '../../../sim/types';
import type { Audit } from '../../../shared/contract';
import { deskOnSim, type DeskOnSim } from './desk-on-sim';

/**
 * Every exported report is recorded, and the next report's summary says how the score moved since the last one
 * the client received, not since the previous audit. Through the service, on a workspace synced from the simulator.
 */
describe('score change since the last report (through the service)', () => {
  let sim: Simulator;
  let d: DeskOnSim;

  const sync = async () => {
    await d.sync();
    return (await d.call<Audit>('audit:get', { workspaceId: d.workspaceId }))!;
  };
  const pdfText = async (lang: 'en' | 'pl') => {
    const r = await d.call<{ savedTo: string }>('report:export', { workspaceId: d.workspaceId, format: 'pdf', lang });
    return execFileSync('pdftotext', [r.savedTo, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, size: 'tiny', seed: 7, timeScale: 50 });
    d = await deskOnSim(sim, 'report-history-');
  }, 60_000);

  afterAll(async () => {
    await d.close();
    await sim.close();
  });

  it('export, change, export again: the summary compares with the first report; each export is recorded', async () => {
    const first = await sync();
    const s1 = Math.round(first.score);
    const before = Date.now();
    const r1 = await pdfText('en');
    expect(r1).toContain('This is the first audit of this account');
    const rows1 = d.desk.core.store.reports.list(d.workspaceId);
    expect(rows1).toHaveLength(1);
    expect(rows1[0]).toMatchObject({ format: 'pdf', lang: 'en', score: first.score });
    expect(rows1[0]!.exportedAt).toBeGreaterThanOrEqual(before);
    expect(rows1[0]!.auditRunId).not.toBeNull();

    // the account changes: a failing finding is accepted (the score rises) and the account is synced again, so
    // the previous audit already carries the new score while the client's last report does not
    const failing = first.findings.find((f) => f.status === 'fail' && f.severity !== 'info')!;
    await d.call('findings:decide', { workspaceId: d.workspaceId, ruleId: failing.ruleId, action: 'accept' });
    const second = await sync();
    const s2 = Math.round(second.score);
    expect(s2).toBeGreaterThan(s1);

    const r2 = await pdfText('pl');
    expect(r2).toContain(`Wzrost o ${s2 - s1} pkt od ostatniego raportu (${s1}, wyeksportowanego`);
    expect(r2).not.toContain('od poprzedniego audytu');
    const rows2 = d.desk.core.store.reports.list(d.workspaceId);
    expect(rows2).toHaveLength(2);
    expect(rows2[0]).toMatchObject({ format: 'pdf', lang: 'pl', score: second.score });
    expect(rows2[0]!.auditRunId).not.toBe(rows1[0]!.auditRunId);

    // the last report is now the Polish one: nothing moved since
    const r3 = await pdfText('en');
    expect(r3).toContain(`Unchanged since the last report (${s2}, exported on`);
  }, 240_000);
});
