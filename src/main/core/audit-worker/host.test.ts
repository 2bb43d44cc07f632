import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { currentAudit, evaluateWorkspace, latestAuditRef } from '../audit';
import { workspaceOfNamedFlows } from '../exports/test-helpers';
import { openStore, type Store } from '../store';
import { stagedItem, syncItems } from '../store/test-helpers';
import { AuditWorker } from './host';
import { timerTurnsWhile } from '../worker-thread/test-helpers';

describe('the audit worker', () => {
  let dir: string;
  let store: Store;
  let worker: AuditWorker;
  const now = Date.now();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-worker-'));
    store = openStore(path.join(dir, 'db.sqlite'));
    await workspaceOfNamedFlows(
      store,
      'small',
      Array.from({ length: 10 }, (_, i) => `Flow ${i}`),
    );
    // an account big enough that reading and judging it takes a while
    await workspaceOfNamedFlows(
      store,
      'big',
      Array.from({ length: 10 }, (_, i) => `Big flow ${i}`),
    );
    await syncItems(
      store,
      'big',
      Array.from({ length: 20_000 }, (_, i) =>
        stagedItem(`C${i}`, { resourceType: 'campaigns', name: `Campaign ${i}`, status: 'Sent' }),
      ),
    );
    worker = new AuditWorker({ dbFile: store.database.file });
  }, 120_000);

  afterAll(async () => {
    await worker.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('evaluates a workspace exactly as this thread would', async () => {
    const { input: _input, ...here } = evaluateWorkspace(store, 'small', now);
    const there = await worker.run({ kind: 'evaluate' }, 'small', now);
    expect(there.result.findings.length).toBeGreaterThan(0);
    expect(there).toEqual(here);
  });

  it('stores the audit on its own connection and answers it as this thread reads it back', async () => {
    const before = latestAuditRef(store.db, 'small');
    const stored = await worker.run({ kind: 'audit' }, 'small', now);
    expect(latestAuditRef(store.db, 'small')).toEqual({ id: stored.id, syncRunId: stored.syncRunId });
    expect(stored.id).not.toBe(before?.id);
    expect(stored.result.findings.length).toBeGreaterThan(0);
    expect(stored).toEqual(currentAudit(store, 'small', now));
  });

  it('leaves this thread free while it reads and judges 20,000 items', async () => {
    await worker.run({ kind: 'facts' }, 'small', now); // started and warm
    const { turns: ticks, value: e, ms } = await timerTurnsWhile(() => worker.run({ kind: 'evaluate' }, 'big', now));
    expect(e.result.findings.length).toBeGreaterThan(0);
    // judged on this thread the timer could not have fired at all until it was done
    expect(ticks, `${ticks} timer turns in ${Math.round(ms)} ms`).toBeGreaterThan(2);
  });

  it('answers a failure with the error envelope, and a closed worker refuses new jobs', async () => {
    const failed = await worker.run({ kind: 'evaluate' }, 'nobody', now).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AppError);
    expect(failed).toMatchObject({ code: 'not_found' });
    expect((failed as AppError).requestId).toMatch(/.+/);

    const own = new AuditWorker({ dbFile: store.database.file });
    const underWay = own.run({ kind: 'dashboard' }, 'small', now);
    const closed = own.close();
    // the job under way is answered before the thread ends
    await expect(underWay).resolves.toMatchObject({ asOf: expect.any(Object) });
    await closed;
    expect(() => own.run({ kind: 'facts' }, 'small', now)).toThrow(/closed/);
  });
});
