import { auditAfterSync } from './after-sync';

describe('auditAfterSync: a sync is audited only when it brought a complete inventory', () => {
  const ok = { status: 'ok', complete: true };
  it('audits a run that finished ok', () => {
    expect(auditAfterSync({ status: 'ok', resources: [ok, ok] })).toBe('audit');
  });
  it('audits a partial run whose only gaps are resources the key may not read', () => {
    expect(auditAfterSync({ status: 'partial_or_timeout', resources: [ok, { status: 'forbidden' }] })).toBe('audit');
  });
  it('keeps the last audit after a run that fetched nothing (network down)', () => {
    const nothing = { status: 'failed', complete: false };
    expect(auditAfterSync({ status: 'partial_or_timeout', resources: [nothing, nothing] })).toBe('keep');
    expect(auditAfterSync({ status: 'partial_or_timeout', resources: [] })).toBe('keep');
  });
  it('keeps the last audit after a run that stopped part way', () => {
    expect(
      auditAfterSync({ status: 'partial_or_timeout', resources: [ok, { status: 'partial', complete: false }] }),
    ).toBe('keep');
  });
  it('keeps the last audit after a failed key, a cancelled run or an error', () => {
    for (const status of ['failed_auth', 'cancelled', 'error'])
      expect(auditAfterSync({ status, resources: [ok] }), status).toBe('keep');
  });
});
