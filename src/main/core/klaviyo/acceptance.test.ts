import { startSimulator } from '../../../sim/index';
import type { FaultSpec, Simulator } from '../../../sim/index';
import { AppError } from '../../../shared/errors';
import { createKlaviyoClient, type KlaviyoClientOptions } from './client';
import { accountKeyFor } from './account-key';
import { RateLimiter, forgetLimiter } from './limiter';

/**
 * Acceptance of the client against the simulator over real HTTP, with the spec's real limits shrunk by the time
 * scale (the simulator and the limiter shrink their windows by the same factor, so every ratio holds). The listing
 * of a whole large account through the sync's crawl is in sync/crawl.test.ts.
 */
const TIME_SCALE = 120;

describe('faults injected into the simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'small', timeScale: TIME_SCALE, seed: 5 });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(() => {
    sim.setFaults([]);
    sim.resetRateLimits();
  });

  const client = (extra: Partial<KlaviyoClientOptions> = {}) =>
    createKlaviyoClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.keys.full!,
      requestId: 'accept-faults',
      timeScale: TIME_SCALE,
      limiter: new RateLimiter({ timeScale: TIME_SCALE }),
      requestTimeoutMs: 400,
      maxAttempts: 4,
      ...extra,
    });

  /** Runs one call; returns its outcome and how long it took. */
  async function timed(p: () => Promise<unknown>): Promise<{ ok: boolean; code?: string; ms: number; err?: AppError }> {
    const t0 = performance.now();
    try {
      await p();
      return { ok: true, ms: performance.now() - t0 };
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      const e = err as AppError;
      return { ok: false, code: e.code, ms: performance.now() - t0, err: e };
    }
  }

  const listTemplates = (c: ReturnType<typeof client>, deadline: number) => async () => {
    for await (const _ of c.paginate('get_templates', { deadline })) void _;
  };

  // Each scenario: the faults, and what the call must end in. Transient faults end in success after retries;
  // persistent ones in their own error code. No call may outlive its deadline (+ a small margin for scheduling).
  const DEADLINE_MS = 1_500;
  const MARGIN_MS = 250; // timers on a shared, loaded 2-core machine
  const scenarios: Array<{ name: string; faults: FaultSpec[]; expect: 'ok' | string }> = [
    { name: '429 storm, short', faults: [{ kind: 'rate-limit-storm', count: 3, retryAfterSeconds: 1 }], expect: 'ok' },
    { name: '429 storm, endless', faults: [{ kind: 'rate-limit-storm', retryAfterSeconds: 1 }], expect: 'throttled' },
    { name: '5xx burst (503)', faults: [{ kind: 'server-error', status: 503, count: 2 }], expect: 'ok' },
    {
      name: '5xx burst (504, 524)',
      faults: [
        { kind: 'server-error', status: 504, count: 1 },
        { kind: 'server-error', status: 524, afterRequests: 1, count: 1 },
      ],
      expect: 'ok',
    },
    { name: 'persistent 500', faults: [{ kind: 'server-error', status: 500 }], expect: 'server' },
    { name: 'persistent 503', faults: [{ kind: 'server-error', status: 503 }], expect: 'server' },
    { name: 'one hang', faults: [{ kind: 'hang', count: 1 }], expect: 'ok' },
    { name: 'endless hang', faults: [{ kind: 'hang' }], expect: 'timeout' },
    { name: 'one malformed JSON', faults: [{ kind: 'malformed-json', count: 1 }], expect: 'ok' },
    { name: 'endless malformed JSON', faults: [{ kind: 'malformed-json' }], expect: 'malformed_response' },
    { name: 'one truncated body', faults: [{ kind: 'truncate', count: 1 }], expect: 'ok' },
    { name: 'endless truncated bodies', faults: [{ kind: 'truncate' }], expect: 'malformed_response' },
  ];

  it.each(scenarios)('$name → $expect, within the deadline', async ({ faults, expect: wanted }) => {
    sim.setFaults(faults.map((f) => ({ ...f, operations: ['get_templates'] })));
    const c = client();
    const start = Date.now();
    const r = await timed(listTemplates(c, start + DEADLINE_MS));
    if (wanted === 'ok') expect(r).toMatchObject({ ok: true });
    else {
      expect(r.code).toBe(wanted);
      expect(r.err!.requestId).toBe('accept-faults');
      expect(r.err!.details.operationId).toBe('get_templates');
    }
    expect(r.ms).toBeLessThanOrEqual(DEADLINE_MS + MARGIN_MS);
  });

  it('a storm spreads to everyone on the key: concurrent calls all succeed once it passes', async () => {
    sim.setFaults([{ kind: 'rate-limit-storm', count: 4, retryAfterSeconds: 2, operations: ['get_tags'] }]);
    const c = client();
    const results = await Promise.all(Array.from({ length: 6 }, () => timed(() => c.request('get_tags'))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(c.counters().byOperation.get_tags!.throttled429).toBe(4);
  });

  it('two runs on one account share its limiter: no 429 together, where two private limiters collide', async () => {
    const burst = async (shared: boolean) => {
      sim.resetRateLimits();
      sim.clearLog();
      const key = accountKeyFor(sim.baseUrl, sim.keys.full!);
      forgetLimiter(key);
      const make = (id: string) =>
        createKlaviyoClient({
          baseUrl: sim.baseUrl,
          apiKey: sim.keys.full!,
          requestId: id,
          timeScale: TIME_SCALE,
          ...(shared ? {} : { limiter: new RateLimiter({ timeScale: TIME_SCALE }) }),
        });
      const [a, b] = [make('run-a'), make('run-b')];
      if (shared) expect(a.limiter).toBe(b.limiter);
      // 2 × 45 calls to an operation allowing 60 per (scaled) minute
      await Promise.all([a, b].flatMap((c) => Array.from({ length: 45 }, () => c.request('get_tags'))));
      forgetLimiter(key);
      return sim.requestLog.count({ operationId: 'get_tags', status: 429 });
    };
    expect(await burst(true)).toBe(0);
    expect(await burst(false)).toBeGreaterThan(0);
  });

  it('a key revoked mid-run ends in auth without retries', async () => {
    const key = sim.addKey(sim.accounts[0]!.id, { label: 'soon-revoked', revokeAfterRequests: 2 });
    const c = createKlaviyoClient({
      baseUrl: sim.baseUrl,
      apiKey: key,
      requestId: 'accept-revoke',
      timeScale: TIME_SCALE,
    });
    await c.request('get_tags');
    await c.request('get_tags');
    const r = await timed(() => c.request('get_tags'));
    expect(r.code).toBe('auth');
    expect(r.err!.details.attempts).toBe(1);
    expect(JSON.stringify(r.err!.toEnvelope())).not.toContain(key);
  });
});
