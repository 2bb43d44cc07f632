import { auditStaleness, type RunForStaleness } from './staleness';

const run = (id: number, status: string, extra: Partial<RunForStaleness> = {}): RunForStaleness => ({
  id,
  status,
  startedAt: id * 1000,
  finishedAt: id * 1000 + 500,
  errorJson: null,
  resources: status === 'partial_or_timeout' ? [{ status: 'failed', complete: false }] : [],
  ...extra,
});

describe('auditStaleness: the audit of the last complete sync, and the failed syncs since', () => {
  it('is fresh when nothing ran after the audited run, or the newest run was complete', () => {
    expect(auditStaleness(3, [run(3, 'ok')])).toBeNull();
    expect(auditStaleness(3, [run(5, 'ok'), run(4, 'failed_auth'), run(3, 'ok')])).toBeNull();
    expect(auditStaleness(null, [])).toBeNull();
  });

  it('is stale since the first failure after the audited run; the newest run says how and why', () => {
    const auth = JSON.stringify({ code: 'auth', message: 'Key revoked', details: {}, requestId: 'r' });
    const s = auditStaleness(3, [
      run(6, 'running'),
      run(5, 'failed_auth', { errorJson: auth }),
      run(4, 'partial_or_timeout'),
      run(3, 'ok'),
      run(2, 'cancelled'),
    ]);
    expect(s).toEqual({
      since: 4500,
      lastSync: { runId: 5, status: 'failed_auth', finishedAt: 5500, code: 'auth', message: 'Key revoked' },
    });
  });

  it('a partial run whose only gaps the key may not read is complete, so it ends the streak', () => {
    const forbiddenOnly = run(4, 'partial_or_timeout', { resources: [{ status: 'ok' }, { status: 'forbidden' }] });
    expect(auditStaleness(3, [forbiddenOnly, run(3, 'ok')])).toBeNull();
    expect(auditStaleness(3, [run(5, 'cancelled'), forbiddenOnly, run(3, 'ok')])).toMatchObject({
      since: 5500,
      lastSync: { status: 'cancelled', code: null },
    });
  });

  it('an audit made before any complete sync is stale from its own run', () => {
    expect(auditStaleness(2, [run(2, 'partial_or_timeout')])).toMatchObject({ since: 2500, lastSync: { runId: 2 } });
  });

  it('an unreadable error is no reason rather than a crash', () => {
    expect(
      auditStaleness(1, [run(2, 'failed_auth', { errorJson: '{not json' }), run(1, 'ok')])?.lastSync,
    ).toMatchObject({
      code: null,
      message: null,
    });
  });
});
