import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { createKlaviyoClient, type KlaviyoClientOptions } from './client';
import type { KlaviyoEvent } from './events';
import { RateLimiter } from './limiter';
import { parseRetryAfter, parseThrottleHint, backoffDelay } from './retry';
import { flowPage, klaviyoError, sendJson, startTestServer, type TestServer } from './test-server';

const apiKey = 'pk_' + randomBytes(18).toString('hex');

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function client(baseUrl: string, extra: Partial<KlaviyoClientOptions> = {}) {
  const events: KlaviyoEvent[] = [];
  const c = createKlaviyoClient({
    baseUrl,
    apiKey,
    requestId: 'run-123',
    limiter: new RateLimiter(), // fresh per test: no pacing carried over between tests
    backoffBaseMs: 20,
    onEvent: (e) => events.push(e),
    ...extra,
  });
  return { c, events };
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected the call to fail');
}

const ok = (res: Parameters<typeof sendJson>[0]) => sendJson(res, 200, flowPage(['f1'], null));

describe('retry rules (pure)', () => {
  it('reads Retry-After as decimal seconds or an HTTP date, and the throttled hint from the body', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(' 0.25 ')).toBe(250);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseThrottleHint([{ detail: 'Request was throttled. Expected available in 1 second.' }])).toBe(1000);
    expect(parseThrottleHint([{ detail: 'Request was throttled. Expected available in 0 seconds.' }])).toBe(0);
    expect(parseThrottleHint([{ detail: 'nothing here' }])).toBeNull();
  });

  it('grows the jittered backoff exponentially and caps it', () => {
    const opts = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(1, { ...opts, random: () => 0 })).toBe(50);
    expect(backoffDelay(1, { ...opts, random: () => 0.999 })).toBeLessThanOrEqual(100);
    expect(backoffDelay(3, { ...opts, random: () => 0 })).toBe(200);
    expect(backoffDelay(10, { ...opts, random: () => 1 })).toBe(1000);
  });
});

describe('client over real HTTP', () => {
  it('sends auth, revision and X-Request-Id on every call, and follows links.next verbatim', async () => {
    let base = '';
    server = await startTestServer((req, res) => {
      const u = new URL(req.url!, base);
      if (!u.searchParams.get('page[cursor]')) {
        // an odd but valid cursor: must come back exactly as sent
        return sendJson(
          res,
          200,
          flowPage(['a', 'b'], `${base}/api/flows?page%5Bcursor%5D=c%2B1%3D%3D&page%5Bsize%5D=2`),
        );
      }
      if (u.searchParams.get('page[cursor]') === 'c+1==') return sendJson(res, 200, flowPage(['c'], null));
      sendJson(res, 400, klaviyoError(400, 'invalid', 'Invalid cursor provided.'));
    });
    base = server.baseUrl;
    const { c } = client(base);
    const ids: string[] = [];
    for await (const page of c.paginate('get_flows', { query: { 'page[size]': 2 }, expectType: 'flow' })) {
      ids.push(...page.data.map((r) => r.id));
    }
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(server.seen).toHaveLength(2);
    expect(server.seen[1]!.url).toBe('/api/flows?page%5Bcursor%5D=c%2B1%3D%3D&page%5Bsize%5D=2');
    for (const s of server.seen) {
      expect(s.headers.authorization).toBe(`Klaviyo-API-Key ${apiKey}`);
      expect(s.headers.revision).toBe('2026-07-15');
      expect(s.headers['x-request-id']).toBe('run-123');
    }
    expect(c.counters().byOperation.get_flows).toMatchObject({ requests: 2, succeeded: 2, failed: 0 });
  });

  it('does not send the key to a next link on another host, and stops on a cursor loop', async () => {
    let base = '';
    server = await startTestServer((req, res) => {
      if (req.url!.includes('loop'))
        return sendJson(res, 200, flowPage(['x'], `${base}/api/flows?page%5Bcursor%5D=loop`));
      sendJson(res, 200, flowPage(['a'], 'http://evil.example/api/flows?page%5Bcursor%5D=2'));
    });
    base = server.baseUrl;
    const { c } = client(base);
    const pages: string[] = [];
    const err = await failure(
      (async () => {
        for await (const p of c.paginate('get_flows')) pages.push(p.data[0]!.id);
      })(),
    );
    expect(err.code).toBe('malformed_response');
    expect(pages).toEqual(['a']);
    expect(server.seen).toHaveLength(1);

    const err3 = await failure(
      (async () => {
        let n = 0;
        for await (const _ of c.paginate('get_flows', { query: { 'page[cursor]': 'loop' } })) if (++n > 5) break;
      })(),
    );
    expect(err3.code).toBe('malformed_response');
    expect(err3.message).toMatch(/loop/);
  });

  it('waits Retry-After (seconds) on 429 and then succeeds', async () => {
    server = await startTestServer((_req, res, n) => {
      if (n === 1)
        return sendJson(res, 429, klaviyoError(429, 'throttled', 'Request was throttled.'), { 'Retry-After': '0.3' });
      ok(res);
    });
    const { c, events } = client(server.baseUrl);
    const t0 = Date.now();
    const doc = await c.request('get_flows');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(Array.isArray(doc.data)).toBe(true);
    expect(events.find((e) => e.type === 'throttled_wait' && e.reason === 'retry_after')).toMatchObject({
      waitMs: 300,
    });
    expect(c.counters().byOperation.get_flows).toMatchObject({
      requests: 2,
      throttled429: 1,
      retries: 1,
      succeeded: 1,
    });
  });

  it('reads a body given as a function only once the call may go, and sends the same bytes on a retry', async () => {
    const seen: { type: string | undefined; body: string }[] = [];
    server = await startTestServer((req, res, n) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push({ type: req.headers['content-type'], body });
        if (n === 1)
          return sendJson(res, 429, klaviyoError(429, 'throttled', 'Request was throttled.'), { 'Retry-After': '0.1' });
        sendJson(res, 202, { data: null });
      });
    });
    const { c } = client(server.baseUrl);
    let reads = 0;
    const text = '{"data":{"type":"event-bulk-create-job","attributes":{"city":"Kraków 🎉"}}}';
    const call = c.request('bulk_create_events', {
      bodyJson: () => {
        reads++;
        return Buffer.from(text);
      },
      idempotent: false,
    });
    // not read while the call waits for its slot (a queue of imports holds no bodies while it waits)
    expect(reads).toBe(0);
    await call;
    expect(reads).toBe(1);
    expect(seen).toEqual([
      { type: 'application/vnd.api+json', body: text },
      { type: 'application/vnd.api+json', body: text },
    ]);
  });

  it('waits Retry-After given as an HTTP date', async () => {
    let resumeAt = 0;
    server = await startTestServer((_req, res, n) => {
      if (n === 1) {
        // HTTP dates have whole seconds: ask for the start of the second after next
        resumeAt = (Math.floor(Date.now() / 1000) + 2) * 1000;
        return sendJson(res, 429, klaviyoError(429, 'throttled', 'Request was throttled.'), {
          'retry-after': new Date(resumeAt).toUTCString(),
        });
      }
      ok(res);
    });
    const { c } = client(server.baseUrl);
    await c.request('get_flows');
    expect(server.seen[1]!.at).toBeGreaterThanOrEqual(resumeAt - 5);
  });

  it('falls back to the "Expected available in N seconds" hint, never below its own backoff', async () => {
    server = await startTestServer((_req, res, n) => {
      if (n === 1)
        return sendJson(
          res,
          429,
          klaviyoError(429, 'throttled', 'Request was throttled. Expected available in 1 second.'),
        );
      if (n === 2)
        return sendJson(
          res,
          429,
          klaviyoError(429, 'throttled', 'Request was throttled. Expected available in 0 seconds.'),
        );
      ok(res);
    });
    const { c, events } = client(server.baseUrl, { backoffBaseMs: 400, random: () => 1 });
    await c.request('get_flows');
    const gap1 = server.seen[1]!.at - server.seen[0]!.at;
    const gap2 = server.seen[2]!.at - server.seen[1]!.at;
    expect(gap1).toBeGreaterThanOrEqual(990);
    expect(gap2).toBeGreaterThanOrEqual(790); // "0 seconds" is not a tight loop: own backoff (800 ms at attempt 2)
    const waits = events.filter((e) => e.type === 'throttled_wait' && e.reason !== 'pacing' && e.reason !== 'penalty');
    expect(waits.map((e) => (e as { reason: string }).reason)).toEqual(['hint', 'backoff']);
  });

  it.each([503, 504, 524])('retries %i and succeeds', async (status) => {
    server = await startTestServer((_req, res, n) => {
      if (n <= 2) return sendJson(res, status, klaviyoError(status, 'error', 'try again'));
      ok(res);
    });
    const { c } = client(server.baseUrl);
    await c.request('get_flows');
    expect(server.seen).toHaveLength(3);
  });

  it('does not retry 500, and ends a persistent 503 as server after maxAttempts', async () => {
    server = await startTestServer((req, res) => {
      const status = req.url!.includes('accounts') ? 500 : 503;
      sendJson(res, status, klaviyoError(status, 'error', 'A server error occurred.'));
    });
    const { c } = client(server.baseUrl, { maxAttempts: 3 });
    const e500 = await failure(c.request('get_accounts'));
    expect(e500).toMatchObject({ code: 'server', requestId: 'run-123' });
    expect(e500.details).toMatchObject({ status: 500, attempts: 1, operationId: 'get_accounts' });
    const e503 = await failure(c.request('get_flows'));
    expect(e503.code).toBe('server');
    expect(e503.details).toMatchObject({ status: 503, attempts: 3 });
    expect(server.seen).toHaveLength(4);
  });

  it('ends a hanging server in timeout promptly, per attempt and by the caller deadline', async () => {
    server = await startTestServer(() => {
      /* never answers */
    });
    const { c } = client(server.baseUrl, { requestTimeoutMs: 150, maxAttempts: 2 });
    let t0 = Date.now();
    const e1 = await failure(c.request('get_flows'));
    expect(e1.code).toBe('timeout');
    expect(e1.details).toMatchObject({ attempts: 2, timeoutMs: 150 });
    expect(Date.now() - t0).toBeLessThan(150 * 2 + 500); // two attempts, one short backoff, a loaded machine

    const { c: c2 } = client(server.baseUrl, { requestTimeoutMs: 60_000 });
    t0 = Date.now();
    const e2 = await failure(c2.request('get_flows', { deadline: t0 + 250 }));
    expect(e2.code).toBe('timeout');
    expect(e2.details.deadlineReached).toBe(true);
    expect(Date.now() - t0).toBeLessThan(250 + 250);
  });

  it('ends a stall in the middle of the body in timeout too', async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/vnd.api+json', 'Content-Length': '1000' });
      res.write('{"data":[');
    });
    const { c } = client(server.baseUrl, { requestTimeoutMs: 200, maxAttempts: 1 });
    const t0 = Date.now();
    const e = await failure(c.request('get_flows'));
    expect(e.code).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(500);
  });

  it('maps a truncated body, malformed JSON and a wrong shape to malformed_response; retries the first two', async () => {
    server = await startTestServer((req, res, n) => {
      if (req.url!.includes('templates')) {
        return sendJson(res, 200, { data: [{ type: 'template', attributes: {} }] }); // no id
      }
      if (req.url!.includes('forms')) {
        res.writeHead(200, { 'Content-Type': 'application/vnd.api+json' });
        return res.end('{"data": [{"type": "form", "id": "1"'); // not JSON
      }
      if (n === 1) {
        res.writeHead(200, { 'Content-Type': 'application/vnd.api+json', 'Content-Length': '500' });
        res.write('{"data":[{"type":"flow","id":"f1"');
        return res.destroy(); // connection drops mid-body
      }
      ok(res);
    });
    const { c } = client(server.baseUrl, { maxAttempts: 2 });
    const flows = await c.request('get_flows');
    expect(flows.data).toHaveLength(1); // the truncated answer was retried
    const eShape = await failure(c.request('get_templates'));
    expect(eShape.code).toBe('malformed_response');
    expect(eShape.details).toMatchObject({ reason: 'schema', attempts: 1 });
    expect(String(eShape.details.issue)).toMatch(/data\.0\.id/);
    const eJson = await failure(c.request('get_forms'));
    expect(eJson.code).toBe('malformed_response');
    expect(eJson.details).toMatchObject({ reason: 'not_json', attempts: 2 });
  });

  it('never retries 401/403/400/404 and classifies them with their details', async () => {
    server = await startTestServer((req, res) => {
      const u = req.url!;
      if (u.startsWith('/api/accounts'))
        return sendJson(res, 401, klaviyoError(401, 'not_authenticated', 'Missing or invalid private key.'));
      if (u.startsWith('/api/forms')) {
        return sendJson(
          res,
          403,
          klaviyoError(403, 'permission_denied', 'This API key is missing required scopes: forms:read.'),
        );
      }
      if (u.startsWith('/api/campaigns')) {
        return sendJson(
          res,
          400,
          klaviyoError(400, 'invalid', 'A channel filter is required.', { parameter: 'filter' }),
        );
      }
      sendJson(res, 404, klaviyoError(404, 'not_found', 'A flow with id X does not exist.'));
    });
    const { c } = client(server.baseUrl);
    const auth = await failure(c.request('get_accounts'));
    expect(auth.code).toBe('auth');
    const forbidden = await failure(c.request('get_forms'));
    expect(forbidden.code).toBe('forbidden');
    expect(forbidden.details.missingScopes).toEqual(['forms:read']);
    const invalid = await failure(c.request('get_campaigns', { query: { filter: "equals(name,'x')" } }));
    expect(invalid.code).toBe('invalid');
    expect(invalid.details).toMatchObject({ parameter: 'filter', status: 400 });
    const missing = await failure(c.request('get_flow', { path: { id: 'X' } }));
    expect(missing.code).toBe('not_found');
    expect(server.seen).toHaveLength(4);
    for (const e of [auth, forbidden, invalid, missing]) {
      expect(e.requestId).toBe('run-123');
      expect(e.details.attempts).toBe(1);
      expect(JSON.stringify(e.toEnvelope())).not.toContain(apiKey);
      expect(e.message).not.toContain(apiKey);
    }
  });

  it('infers the missing scope from the operation when the 403 names none', async () => {
    server = await startTestServer((_req, res) =>
      sendJson(res, 403, klaviyoError(403, 'permission_denied', 'You do not have permission.')),
    );
    const { c } = client(server.baseUrl);
    const e = await failure(c.request('get_forms'));
    expect(e.details).toMatchObject({ missingScopes: ['forms:read'], missingScopesInferred: true });
  });

  it('retries network errors and then reports network', async () => {
    const closed = await startTestServer(() => undefined);
    const url = closed.baseUrl;
    await closed.close();
    const { c } = client(url, { maxAttempts: 3 });
    const e = await failure(c.request('get_flows'));
    expect(e.code).toBe('network');
    expect(e.details.attempts).toBe(3);
  });

  it('cancels promptly on abort, in flight and while waiting to retry', async () => {
    server = await startTestServer((req, res) => {
      if (req.url!.includes('accounts'))
        return sendJson(res, 429, klaviyoError(429, 'throttled', 'x'), { 'Retry-After': '30' });
      /* flows: hang */
    });
    const { c } = client(server.baseUrl);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    const e = await failure(c.request('get_flows', { signal: ac.signal }));
    expect(e.code).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(400);

    const ac2 = new AbortController();
    setTimeout(() => ac2.abort(), 150);
    const t1 = Date.now();
    const e2 = await failure(c.request('get_accounts', { signal: ac2.signal }));
    expect(e2.code).toBe('cancelled');
    expect(Date.now() - t1).toBeLessThan(400);
  });

  it('keeps the deadline while waiting for a place among the requests in flight', async () => {
    server = await startTestServer(() => {
      /* hangs */
    });
    const { c } = client(server.baseUrl, { maxInFlight: 1, requestTimeoutMs: 5_000, maxAttempts: 1 });
    const first = c.request('get_flows').catch((e: unknown) => e);
    const t0 = Date.now();
    const e = await failure(c.request('get_tags', { deadline: t0 + 200 }));
    expect(e.code).toBe('timeout');
    expect(e.details.deadlineReached).toBe(true);
    expect(Date.now() - t0).toBeLessThan(200 + 250);
    await server.close();
    server = null;
    expect(((await first) as AppError).code).toBe('network');
  });

  it('gives up at once when the server asks for a pause past the deadline or beyond the longest wait', async () => {
    server = await startTestServer((_req, res) =>
      sendJson(res, 429, klaviyoError(429, 'throttled', 'Request was throttled. Expected available in 3600 seconds.')),
    );
    const { c } = client(server.baseUrl);
    const t0 = Date.now();
    const e = await failure(c.request('get_flows', { deadline: t0 + 5_000 }));
    expect(e.code).toBe('throttled');
    expect(e.details).toMatchObject({ retryAfterMs: 3_600_000 });
    expect(Date.now() - t0).toBeLessThan(500);
  });

  it('refuses a report call once the daily budget is spent, without sending it', async () => {
    server = await startTestServer((_req, res) =>
      sendJson(res, 200, { data: { type: 'campaign-values-report', id: 'r', attributes: { results: [] } } }),
    );
    const limiter = new RateLimiter({ timeScale: 1000 });
    const { c } = client(server.baseUrl, { limiter, timeScale: 1000 });
    const body = { data: { type: 'campaign-values-report', attributes: {} } };
    await c.request('query_campaign_values', { body });
    const limit = c.operations.get('query_campaign_values').rateLimit;
    expect(limit.dailyCap).toBe(225);
    limiter.setDailyUsage('query_campaign_values', limit, 225); // e.g. the budget the store carried over
    const e = await failure(c.request('query_campaign_values', { body }));
    expect(e.code).toBe('throttled');
    expect(e.details).toMatchObject({ reason: 'daily_cap', dailyCap: 225, operationId: 'query_campaign_values' });
    expect(typeof e.details.resetAt).toBe('string');
    expect(server.seen).toHaveLength(1);
  });

  it('rejects unknown operations and parameters before sending anything', async () => {
    server = await startTestServer((_req, res) => ok(res));
    const { c } = client(server.baseUrl);
    expect((await failure(c.request('get_everything'))).code).toBe('validation');
    expect((await failure(c.request('get_flows', { query: { 'page[size]': 500 } }))).code).toBe('validation');
    expect((await failure(c.request('get_flow', {}))).code).toBe('validation');
    expect(server.seen).toHaveLength(0);
  });
});
