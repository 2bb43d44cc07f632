import { startSimulator } from './index';
import { simCall } from './testing';
import type { FaultSpec, Simulator } from './types';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ size: 'tiny', seed: 4, timeScale: 1000 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.setFaults([]);
  sim.clearLog();
  sim.resetRateLimits();
});

describe('scripted faults', () => {
  it('latency: delays matching requests and logs it', async () => {
    sim.setFaults([{ kind: 'latency', ms: 150, jitterMs: 50, operations: ['get_flows'] }]);
    const t0 = Date.now();
    expect((await simCall(sim, '/api/flows')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(145);
    expect((await simCall(sim, '/api/tags')).status).toBe(200);
    const [flows] = sim.requestLog.find({ operationId: 'get_flows' });
    expect(flows).toMatchObject({ fault: 'latency', status: 200 });
    expect(flows!.durationMs).toBeGreaterThanOrEqual(145);
    expect(sim.requestLog.find({ operationId: 'get_tags' })[0]!.fault).toBeNull();
  });

  it('429 storm: a window of throttled answers with Retry-After, then normal service', async () => {
    sim.setFaults([{ kind: 'rate-limit-storm', afterRequests: 1, count: 3, retryAfterSeconds: 2 }]);
    const statuses: number[] = [];
    let retry: string | null = null;
    for (let i = 0; i < 6; i++) {
      const r = await simCall(sim, '/api/tags');
      statuses.push(r.status);
      if (r.status === 429) {
        retry = r.headers.get('retry-after');
        expect(r.body.errors[0].code).toBe('throttled');
      }
    }
    expect(statuses).toEqual([200, 429, 429, 429, 200, 200]);
    expect(retry).toBe('0.002'); // 2 s at time scale 1000
    expect(sim.requestLog.count({ fault: 'rate-limit-storm' })).toBe(3);
  });

  it.each([500, 502, 503, 504, 524] as const)('5xx burst with status %d', async (status) => {
    sim.setFaults([{ kind: 'server-error', status, count: 2, operations: ['get_flows'] }]);
    const got = [];
    for (let i = 0; i < 3; i++) got.push((await simCall(sim, '/api/flows')).status);
    expect(got).toEqual([status, status, 200]);
  });

  it('hang: never answers; the client gives up on its own deadline', async () => {
    sim.setFaults([{ kind: 'hang', count: 1 }]);
    const err = await fetch(`${sim.baseUrl}/api/flows`, {
      headers: { authorization: `Klaviyo-API-Key ${sim.keys.full}`, revision: sim.revision },
      signal: AbortSignal.timeout(300),
    }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toMatch(/TimeoutError|AbortError/);
    expect((await simCall(sim, '/api/flows')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(sim.requestLog.find({ fault: 'hang' })).toHaveLength(1);
  });

  it('truncated body: the connection drops before the announced length', async () => {
    sim.setFaults([{ kind: 'truncate', count: 1 }]);
    const outcome = await simCall(sim, '/api/flows').then(
      (r) => (r.body === undefined ? 'unparseable' : 'parsed'),
      () => 'network-error',
    );
    expect(['unparseable', 'network-error']).toContain(outcome);
    expect((await simCall(sim, '/api/flows')).body.data.length).toBeGreaterThan(0);
  });

  it('malformed JSON with a 200 status', async () => {
    sim.setFaults([{ kind: 'malformed-json', count: 1 }]);
    const r = await simCall(sim, '/api/flows');
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text)).toThrow();
  });

  it('revoke-key: the key dies after N requests and stays dead', async () => {
    const key = sim.addKey(sim.accounts[0]!.id, { label: 'victim' });
    sim.setFaults([{ kind: 'revoke-key', afterRequests: 2, count: 1, operations: ['get_tags'] }]);
    const s = [];
    for (let i = 0; i < 4; i++) s.push((await simCall(sim, '/api/tags', { key })).status);
    expect(s).toEqual([200, 200, 401, 401]);
    expect((await simCall(sim, '/api/tags')).status).toBe(200); // other keys unaffected once the fault is spent
  });

  it('probability is deterministic for a seed', async () => {
    const faults: FaultSpec[] = [{ kind: 'server-error', status: 503, probability: 0.5 }];
    const run = async (): Promise<number[]> => {
      const s = await startSimulator({ size: 'tiny', seed: 42, timeScale: 1000, faults });
      try {
        const out: number[] = [];
        for (let i = 0; i < 16; i++) out.push((await simCall(s, '/api/tags', { retries429: 5 })).status);
        return out;
      } finally {
        await s.close();
      }
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain(503);
    expect(a).toContain(200);
  });

  it('rejects a fault list that does not make sense, with a clear message', () => {
    expect(() => sim.setFaults([{ kind: 'earthquake' } as unknown as FaultSpec])).toThrow(/invalid fault at 0\.kind/);
  });

  it('the request log records account, operation, path+query, status and supports queries', async () => {
    await simCall(sim, '/api/flows?page[size]=2');
    await simCall(sim, '/api/flows/nope');
    const entries = sim.requestLog.entries();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      accountId: sim.accounts[0]!.id,
      operationId: 'get_flows',
      method: 'GET',
      url: '/api/flows?page[size]=2',
      status: 200,
      keyLabel: 'full',
    });
    expect(entries[1]).toMatchObject({ operationId: 'get_flow', status: 404, errorCode: 'not_found' });
    expect(sim.requestLog.count({ status: 404 })).toBe(1);
    expect(JSON.stringify(entries)).not.toContain(sim.keys.full!);
    sim.clearLog();
    expect(sim.requestLog.count()).toBe(0);
  });
});
