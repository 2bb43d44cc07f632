import { AppError } from '../../../shared/errors';
import { startSimulator, type Simulator } from '../../../sim/index';
import { checkKey, KeyCheckResultSchema, type KeyCheckResult } from './check-key';
import { simAppliedWrites } from '../../../sim/index';
import { probedScopes, probedWriteScopes } from './scope-probes';
import { KeyCheckSchema } from '../../../shared/contract/workspaces';

const TIME_SCALE = 60;

/** Every textual trace of a check (result or error, message, details, cause chain) as one string. */
function everything(value: unknown): string {
  const seen = new Set<unknown>();
  const walk = (v: unknown): unknown => {
    if (v instanceof Error) {
      if (seen.has(v)) return '[seen]';
      seen.add(v);
      return {
        message: v.message,
        stack: v.stack,
        ...(v as object),
        cause: walk((v as Error & { cause?: unknown }).cause),
      };
    }
    return v;
  };
  return JSON.stringify(walk(value)) + String(value);
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('checkKey against the simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 7, timeScale: TIME_SCALE });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(() => sim.clearLog());

  const check = (apiKey: string, extra: Partial<Parameters<typeof checkKey>[0]> = {}) =>
    checkKey({ baseUrl: sim.baseUrl, apiKey, requestId: 'req-check', timeScale: TIME_SCALE, ...extra });

  it('reports the account and every scope for a full key, one cheap request per scope', async () => {
    const key = sim.keys.full!;
    const result = await check(key);
    const account = sim.accounts[0]!;
    expect(result.accountId).toBe(account.id);
    expect(result.accountName).toBe(account.name);
    expect(result.timezone).toBeTruthy();
    expect(result.currency).toMatch(/^[A-Z]{3}$/);
    expect(result.scopes).toEqual([...probedScopes].sort());
    expect(result.missingScopes).toEqual([]);
    expect(result.unknownScopes).toEqual([]);
    expect(result.requestId).toBe('req-check');
    expect(result.probes.every((p) => p.status === 'granted')).toBe(true);
    // fits the IPC contract's KeyCheck as is
    expect(KeyCheckSchema.parse(result)).toMatchObject({ accountId: account.id, missingScopes: [] });
    expect(KeyCheckResultSchema.parse(result)).toEqual(result);

    const log = sim.requestLog.entries();
    expect(log.map((e) => e.operationId).sort()).toEqual(
      [
        // the write probes: each refused for its empty body after the scope check passed
        'create_tag',
        'update_flow',
        'update_campaign',
        'update_list',
        'tag_segments',
        'bulk_import_profiles',
        'bulk_create_events',
        'get_accounts',
        'get_flows',
        'get_campaigns',
        'get_templates',
        'get_forms',
        'get_lists',
        'get_segments',
        'get_metrics',
        'get_tags',
        'get_events',
        'get_profiles',
      ].sort(),
    );
    expect(log[0]!.operationId).toBe('get_accounts'); // the account first, alone
    expect(log.filter((e) => e.method === 'GET').every((e) => e.status === 200)).toBe(true);
    expect(log.filter((e) => e.method !== 'GET').every((e) => e.status === 400 || e.status === 404)).toBe(true);
    expect(result.writeScopes).toEqual([...probedWriteScopes].sort());
    expect(result.missingWriteScopes).toEqual([]);
    expect(result.unknownWriteScopes).toEqual([]);
    // a write probe never changes the account
    expect(simAppliedWrites(sim.accounts[0]!.dataset)).toEqual([]);
    const flows = log.find((e) => e.operationId === 'get_flows')!;
    expect(decodeURIComponent(flows.url)).toContain('page[size]=1');
    const campaigns = log.find((e) => e.operationId === 'get_campaigns')!;
    expect(decodeURIComponent(campaigns.url)).toContain("equals(messages.channel,'email')");
    expect(everything(result)).not.toContain(key);
  });

  it('reports forms:read as missing for a key without it, everything else granted', async () => {
    const key = sim.keys.noForms!;
    const result = await check(key);
    expect(result.missingScopes).toEqual(['forms:read']);
    expect(result.scopes).toEqual([...probedScopes].filter((s) => s !== 'forms:read').sort());
    const forms = result.probes.find((p) => p.scope === 'forms:read')!;
    expect(forms).toMatchObject({
      status: 'missing',
      usedFor: ['forms', 'form-versions'],
      error: { code: 'forbidden' },
    });
    expect(everything(result)).not.toContain(key);
  });

  it('reports several missing scopes of a narrower key', async () => {
    const key = sim.addKey(sim.accounts[0]!.id, {
      label: 'narrow',
      withoutScopes: ['events:read', 'profiles:read', 'segments:read'],
    });
    const result = await check(key);
    expect(result.missingScopes).toEqual(['events:read', 'profiles:read', 'segments:read']);
    expect(result.scopes).toContain('flows:read');
  });

  it('flags the write scopes a key lacks, next to the read scopes it has, and writes nothing', async () => {
    const key = sim.addKey(sim.accounts[0]!.id, { label: 'noEventsWrite', withoutScopes: ['events:write'] });
    const result = await check(key);
    expect(result.missingScopes).toEqual([]);
    expect(result.missingWriteScopes).toEqual(['events:write']);
    expect(result.writeScopes).toEqual([...probedWriteScopes].filter((s) => s !== 'events:write').sort());
    expect(result.writeProbes.find((p) => p.scope === 'events:write')).toMatchObject({
      status: 'missing',
      usedFor: ['order imports'],
      error: { code: 'forbidden' },
    });
    // a read-only key: every write scope missing, every read scope there
    const readOnly = await check(sim.keys.readOnly!);
    expect(readOnly.missingWriteScopes).toEqual([...probedWriteScopes].sort());
    expect(readOnly.scopes).toEqual([...probedScopes].sort());
    expect(simAppliedWrites(sim.accounts[0]!.dataset)).toEqual([]);
  });

  it('says a write scope was not checked when the 403 names only another scope the probe also needs', async () => {
    // the profile import job needs lists:write too: without it Klaviyo never says whether profiles:write is there
    const key = sim.addKey(sim.accounts[0]!.id, { label: 'noListsWrite', withoutScopes: ['lists:write'] });
    const result = await check(key);
    expect(result.missingWriteScopes).toEqual(['lists:write']);
    expect(result.unknownWriteScopes).toEqual(['profiles:write']);
    expect(result.writeScopes).not.toContain('profiles:write');
  });

  it('refuses a key without accounts:read, since the account cannot be identified', async () => {
    const key = sim.addKey(sim.accounts[0]!.id, { label: 'noAccounts', withoutScopes: ['accounts:read'] });
    const err = await failure(check(key));
    expect(err.code).toBe('forbidden');
    expect(err.details).toMatchObject({ missingScopes: ['accounts:read'] });
    expect(err.message).toMatch(/accounts:read/);
    expect(everything(err)).not.toContain(key);
  });

  it.each(['invalid', 'revoked', 'expired'] as const)(
    'raises a clear auth error for a %s key after one request',
    async (label) => {
      const key = sim.keys[label]!;
      const err = await failure(check(key));
      expect(err.code).toBe('auth');
      expect(err.requestId).toBe('req-check');
      expect(err.message).toMatch(/invalid, revoked or expired/);
      expect(err.toEnvelope().details).toMatchObject({ reason: 'key_rejected', status: 401 });
      expect(sim.requestLog.count()).toBe(1);
      expect(everything(err)).not.toContain(key);
      expect(everything(err.toEnvelope())).not.toContain(key.slice(3));
    },
  );

  it('raises auth when the key is revoked between the account call and the scope probes', async () => {
    const key = sim.addKey(sim.accounts[0]!.id, { label: 'dying', revokeAfterRequests: 3 });
    const err = await failure(check(key));
    expect(err.code).toBe('auth');
    expect(everything(err)).not.toContain(key);
  });

  it('leaves a scope unknown, not missing, when its probe fails for another reason', async () => {
    sim.setFaults([{ kind: 'server-error', status: 500, operations: ['get_templates'] }]);
    try {
      const result = await check(sim.keys.full!);
      expect(result.unknownScopes).toEqual(['templates:read']);
      expect(result.missingScopes).toEqual([]);
      expect(result.scopes).not.toContain('templates:read');
      expect(result.probes.find((p) => p.scope === 'templates:read')).toMatchObject({
        status: 'error',
        error: { code: 'server' },
      });
    } finally {
      sim.setFaults([]);
    }
  });

  it('throws the account call’s own error when the account cannot be read', async () => {
    sim.setFaults([{ kind: 'server-error', status: 500, operations: ['get_accounts'] }]);
    try {
      const err = await failure(check(sim.keys.full!));
      expect(err.code).toBe('server');
      expect(err.requestId).toBe('req-check');
    } finally {
      sim.setFaults([]);
    }
  });

  it('rejects a malformed key before any request, without echoing it', async () => {
    const bad = `sk_${'x'.repeat(30)}`;
    const err = await failure(check(bad));
    expect(err.code).toBe('validation');
    expect(err.requestId).toBe('req-check');
    expect(everything(err)).not.toContain(bad);
    expect(sim.requestLog.count()).toBe(0);
  });

  it('accepts a key pasted with surrounding whitespace', async () => {
    const result: KeyCheckResult = await check(`  ${sim.keys.readOnly!}\n`);
    expect(result.scopes).toEqual([...probedScopes].sort());
  });

  it('reports a network failure as such (nothing listening)', async () => {
    const err = await failure(
      checkKey({
        baseUrl: 'http://127.0.0.1:9',
        apiKey: sim.keys.full!,
        requestId: 'r-net',
        timeScale: TIME_SCALE,
        timeoutMs: 3000,
      }),
    );
    expect(['network', 'timeout']).toContain(err.code);
    expect(everything(err)).not.toContain(sim.keys.full!);
  });
});
