import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { operationTable, effectiveRateLimit, type OperationSpec } from '../main/core/klaviyo/spec/operations';
import { errorResponse, SimHttpError } from './errors';
import { defaultKeySpecs, generatePrivateKey, KeyRegistry } from './keys';
import { RateLimiter, formatSeconds } from './rate-limit';
import { FaultInjector } from './faults';
import { MemoryRequestLog } from './log';
import { generateDataset } from './generate';
import { datasetFromFixture, loadFixtureFile } from './fixture';
import { handleRead } from './read';
import { advanceJobs, writeHandlers } from './write';
import { remoteEdit } from './write-items';
import { reportingHandlers } from './reporting/index';
import { createRng } from './random';
import { stringifyAnyDepth } from '../shared/json';
import type {
  FaultKind,
  FaultSpec,
  SimAccount,
  SimAccountSpec,
  SimKeyInfo,
  SimRequest,
  SimResponse,
  Simulator,
  SimulatorOptions,
} from './types';

/** the bulk endpoints' stated payload limit (5MB); every write body is held to it */
const MAX_BODY = 5 * 1024 * 1024;
const REVISION_RE = /^(\d{4})-(\d{2})-(\d{2})(\.pre)?$/;
const FIRST_REVISION = '2023-02-22';
const JSON_API = 'application/vnd.api+json';

type Outcome = {
  response: SimResponse;
  fault: FaultKind | null;
  mangle?: 'truncate' | 'malformed-json';
  hang?: boolean;
  /** applied, then the connection is dropped without an answer */
  lose?: boolean;
  delayMs?: number;
};

function throttled(ms: number, timeScale: number): SimResponse {
  const n = formatSeconds(ms, timeScale);
  const res = errorResponse(
    429,
    'throttled',
    'Request was throttled.',
    `Request was throttled. Expected available in ${n} ${n === '1' ? 'second' : 'seconds'}.`,
    {
      source: { pointer: '/data/' },
      meta: {},
    },
  );
  const item = (res.body as { errors: Record<string, unknown>[] }).errors[0]!;
  item.links = { type: 'https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling#rate-limits' };
  res.headers = { 'Retry-After': n };
  return res;
}

function checkRevision(value: string | undefined, latest: string): SimResponse | null {
  if (!value)
    return errorResponse(400, 'invalid', 'Invalid input.', 'The revision header is required (format YYYY-MM-DD).', {
      source: { parameter: 'revision' },
    });
  const m = REVISION_RE.exec(value.trim());
  const date = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  const valid =
    m && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
  if (!valid || date < FIRST_REVISION || date > latest)
    return errorResponse(
      400,
      'invalid',
      'Invalid input.',
      `Invalid revision header '${value}': use a published revision such as ${latest}.`,
      { source: { parameter: 'revision' } },
    );
  return null;
}

async function readBody(req: http.IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) tooLarge = true;
    else chunks.push(chunk as Buffer);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), tooLarge };
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const table = operationTable();
  const timeScale = opts.timeScale ?? 1;
  if (!(timeScale > 0)) throw new Error(`timeScale must be a positive number, got ${opts.timeScale}`);
  const seed = opts.seed ?? 1;
  const now = opts.now ?? Date.now;
  const keys = new KeyRegistry();
  const limiter = new RateLimiter(timeScale, opts.dailyStateFile);
  const faults = new FaultInjector(opts.faults ?? [], seed);
  const log = new MemoryRequestLog(opts.logLimit ?? 100_000, opts.onRequest);
  const anchor = opts.anchor ?? startOfDay(now());
  const accounts: SimAccount[] = [];
  const byId = new Map<string, SimAccount>();

  const addAccount = (dataset: SimAccount['dataset'], name: string, keySpecs: SimAccountSpec['keys']): SimAccount => {
    if (byId.has(dataset.accountId)) throw new Error(`two simulator accounts share the id ${dataset.accountId}`);
    const account: SimAccount = { id: dataset.accountId, name, dataset, keys: {} };
    for (const spec of keySpecs ?? defaultKeySpecs()) account.keys[spec.label] = keys.add(account.id, spec).key;
    account.keys.invalid = generatePrivateKey();
    accounts.push(account);
    byId.set(account.id, account);
    return account;
  };

  if (opts.fixture !== undefined) {
    const file = loadFixtureFile(opts.fixture);
    file.accounts.forEach((acc, i) => {
      const { dataset, name } = datasetFromFixture(acc, i, seed + i, anchor);
      addAccount(dataset, name, undefined);
    });
  }
  (opts.accounts ?? []).forEach((spec, i) => {
    const accSeed = spec.seed ?? seed + 100 + i;
    const built = spec.fixture
      ? datasetFromFixture({ ...spec.fixture, ...(spec.id ? { id: spec.id } : {}) }, i, accSeed, anchor)
      : generateDataset({
          size: spec.size ?? opts.size ?? 'small',
          seed: accSeed,
          ...(spec.id ? { accountId: spec.id } : {}),
          ...(spec.name ? { accountName: spec.name } : {}),
          anchor,
        });
    addAccount(built.dataset, spec.name ?? built.name, spec.keys);
  });
  if (!accounts.length) {
    const { dataset, name } = generateDataset({ size: opts.size ?? 'small', seed, anchor });
    addAccount(dataset, name, undefined);
  }

  let baseUrl = '';
  const hanging = new Set<http.ServerResponse>();
  let requestCounter = 0;

  function authenticate(header: string | undefined): { key?: SimKeyInfo; error?: SimResponse } {
    if (!header)
      return {
        error: errorResponse(
          401,
          'not_authenticated',
          'Authentication credentials were not provided.',
          'Missing Authorization header: send "Authorization: Klaviyo-API-Key <private key>".',
        ),
      };
    const m = /^Klaviyo-API-Key\s+(\S+)$/.exec(header.trim());
    if (!m)
      return {
        error: errorResponse(
          401,
          'not_authenticated',
          'Incorrect authentication credentials.',
          'The Authorization header must be "Klaviyo-API-Key <private key>".',
        ),
      };
    const info = keys.get(m[1]!);
    if (!info)
      return {
        error: errorResponse(
          401,
          'not_authenticated',
          'Incorrect authentication credentials.',
          'The API key is not valid.',
        ),
      };
    if (info.state === 'revoked')
      return {
        error: errorResponse(
          401,
          'not_authenticated',
          'Incorrect authentication credentials.',
          'The API key has been revoked.',
          { meta: { key_state: 'revoked' } },
        ),
      };
    if (info.state === 'expired')
      return {
        error: errorResponse(
          401,
          'not_authenticated',
          'Incorrect authentication credentials.',
          'The API key has expired.',
          { meta: { key_state: 'expired' } },
        ),
      };
    return { key: info };
  }

  async function dispatch(
    req: http.IncomingMessage,
    url: URL,
  ): Promise<Outcome & { account: SimAccount | null; key: SimKeyInfo | null; op: OperationSpec | null }> {
    const method = (req.method ?? 'GET').toUpperCase();
    const matched = table.match(method, url.pathname);
    const base = {
      fault: null as FaultKind | null,
      account: null as SimAccount | null,
      key: null as SimKeyInfo | null,
      op: matched?.op ?? null,
    };
    if (!matched) {
      const anyMethod = table.list.some((o) => o.pathRegex.test(url.pathname));
      return {
        ...base,
        response: anyMethod
          ? errorResponse(
              405,
              'method_not_allowed',
              'Method not allowed.',
              `${method} is not allowed on ${url.pathname}.`,
            )
          : errorResponse(404, 'not_found', 'Not found.', `No endpoint at ${url.pathname}.`),
      };
    }
    const { op, params } = matched;
    const auth = authenticate(req.headers.authorization);
    if (!auth.key) return { ...base, response: auth.error! };
    const key = auth.key;
    const account = byId.get(key.accountId)!;
    Object.assign(base, { key, account });
    key.requestsSeen++;
    if (key.revokeAfterRequests !== undefined && key.requestsSeen > key.revokeAfterRequests) {
      key.state = 'revoked';
      return { ...base, response: authenticate(req.headers.authorization).error! };
    }
    const revisionError = checkRevision(req.headers.revision as string | undefined, table.revision);
    if (revisionError) return { ...base, response: revisionError };
    if (!key.scopes.includes('*')) {
      const missing = op.scopes.filter((s) => !key.scopes.includes(s));
      if (missing.length)
        return {
          ...base,
          response: errorResponse(
            403,
            'permission_denied',
            'You do not have permission to perform this action.',
            `This API key is missing required scopes: ${missing.join(', ')}.`,
            {
              meta: { missing_scopes: missing, required_scopes: op.scopes },
            },
          ),
        };
    }

    // Faults fire after authentication so they can be scoped to an account.
    const fired = faults.select(op.operationId, account.id);
    let fault: FaultKind | null = null;
    let delayMs = 0;
    let mangle: Outcome['mangle'];
    for (const f of fired) {
      if (f.kind === 'latency') {
        delayMs += (f.ms ?? 200) + faults.jitter() * (f.jitterMs ?? 0);
        fault ??= 'latency';
      }
    }
    const pick = (kind: FaultKind): FaultSpec | undefined => fired.find((f) => f.kind === kind);
    const revoke = pick('revoke-key');
    if (revoke) {
      key.state = 'revoked';
      return { ...base, fault: 'revoke-key', delayMs, response: authenticate(req.headers.authorization).error! };
    }
    if (pick('hang')) return { ...base, fault: 'hang', hang: true, delayMs, response: { status: 0 } };
    const storm = pick('rate-limit-storm');
    if (storm)
      return {
        ...base,
        fault: 'rate-limit-storm',
        delayMs,
        response: throttled(((storm.retryAfterSeconds ?? 1) * 1000) / timeScale, timeScale),
      };
    const err = pick('server-error');
    if (err) {
      const status = err.status ?? 503;
      const titles: Record<number, string> = {
        500: 'A server error occurred.',
        502: 'Bad gateway.',
        503: 'Service unavailable.',
        504: 'Gateway timeout.',
        524: 'A timeout occurred.',
      };
      return {
        ...base,
        fault: 'server-error',
        delayMs,
        response: errorResponse(
          status,
          'error',
          titles[status] ?? 'Server error.',
          'The server failed to answer (simulated fault).',
        ),
      };
    }
    // someone else edits the item in Klaviyo's own UI just before this request is served
    if (pick('remote-edit')) {
      remoteEdit(account.dataset, op, params, now());
      fault = 'remote-edit';
    }
    if (pick('truncate')) mangle = 'truncate';
    else if (pick('malformed-json')) mangle = 'malformed-json';
    fault = mangle ?? fault;

    const query = url.searchParams;
    const { key: limitKey, limit } = effectiveRateLimit(op, query);
    const decision = limiter.check(account.id, limitKey, limit, now());
    if (!decision.ok) return { ...base, fault, delayMs, response: throttled(decision.retryAfterMs, timeScale) };
    const rlHeaders = {
      'RateLimit-Limit': String(decision.limit),
      'RateLimit-Remaining': String(decision.remaining),
      'RateLimit-Reset': formatSeconds(decision.resetMs, timeScale),
    };

    let body: unknown;
    if (method === 'POST' || method === 'PATCH' || method === 'DELETE' || method === 'PUT') {
      const { text, tooLarge } = await readBody(req);
      if (tooLarge)
        return {
          ...base,
          fault,
          delayMs,
          response: errorResponse(413, 'invalid', 'Payload too large.', 'The request body exceeds 5 MB.'),
        };
      if (text.trim()) {
        try {
          body = JSON.parse(text);
        } catch {
          return {
            ...base,
            fault,
            delayMs,
            response: errorResponse(400, 'invalid', 'Invalid input.', 'The request body is not valid JSON.', {
              source: { pointer: '/data' },
            }),
          };
        }
      }
    }
    requestCounter++;
    const simReq: SimRequest = {
      method,
      url,
      query,
      headers: req.headers,
      body,
      op,
      params,
      account,
      now: now(),
      baseUrl,
      random: createRng(seed * 7919 + requestCounter).next,
    };
    let response: SimResponse;
    try {
      if (method === 'GET') {
        if (op.operationId === 'get_bulk_import_profiles_job') advanceJobs(account.dataset, params.job_id, simReq.now);
        if (op.operationId === 'get_bulk_import_profiles_jobs') advanceJobs(account.dataset, undefined, simReq.now);
        response = handleRead(simReq);
      } else {
        const handler = writeHandlers[op.operationId] ?? reportingHandlers[op.operationId];
        response = handler
          ? await handler(simReq)
          : errorResponse(
              501,
              'not_implemented',
              'Not implemented.',
              `The simulator does not implement ${op.operationId} (${method} ${op.path}) yet.`,
            );
      }
    } catch (e) {
      if (e instanceof SimHttpError) response = e.response;
      else
        response = errorResponse(500, 'error', 'A server error occurred.', `Simulator error: ${(e as Error).message}`);
    }
    if (response.status < 400) response = { ...response, headers: { ...rlHeaders, ...(response.headers ?? {}) } };
    // the write is applied, then the connection drops before the answer leaves (the client cannot tell whether
    // it happened)
    if (pick('lose-answer')) return { ...base, fault: 'lose-answer', delayMs, response, lose: true };
    return { ...base, fault, delayMs, response, ...(mangle ? { mangle } : {}) };
  }

  let reachable = true;
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', baseUrl || 'http://127.0.0.1');
    void dispatch(req, url)
      .then(async (out) => {
        if (out.delayMs) await new Promise((r) => setTimeout(r, out.delayMs));
        const entry = {
          time: now(),
          accountId: out.account?.id ?? null,
          keyLabel: out.key?.label ?? null,
          operationId: out.op?.operationId ?? null,
          method: req.method ?? 'GET',
          url: `${url.pathname}${url.search}`,
          status: out.hang ? 0 : out.response.status,
          durationMs: 0,
          fault: out.fault,
          errorCode: ((out.response.body as { errors?: { code?: string }[] } | undefined)?.errors?.[0]?.code ??
            null) as string | null,
        };
        if (out.lose) {
          log.push({ ...entry, durationMs: Date.now() - started });
          req.resume();
          res.destroy();
          return;
        }
        if (out.hang) {
          // Never answer: the client must give up on its own deadline. close() destroys the socket.
          hanging.add(res);
          req.resume();
          res.on('close', () => {
            hanging.delete(res);
            log.push({ ...entry, durationMs: Date.now() - started });
          });
          return;
        }
        const headers: Record<string, string> = { ...(out.response.headers ?? {}) };
        let payload = '';
        if (out.response.body !== undefined) {
          headers['Content-Type'] = JSON_API;
          // hostile fixtures nest deeper than JSON.stringify can: a real server still answers those
          payload = stringifyAnyDepth(out.response.body);
          if (out.mangle === 'truncate') payload = payload.slice(0, Math.max(1, Math.floor(payload.length / 2)));
          if (out.mangle === 'malformed-json') payload = `{"data": [ {"type": "oops", ${payload.slice(1, 40)}`;
        }
        if (out.mangle === 'truncate') {
          // Announce the full length, send half, then cut the connection (what a dropped proxy does).
          const full = Buffer.byteLength(JSON.stringify(out.response.body ?? {}));
          res.writeHead(out.response.status, { ...headers, 'Content-Length': String(full) });
          res.write(payload);
          setTimeout(() => res.destroy(), 5);
        } else {
          res.writeHead(out.response.status, headers);
          res.end(payload);
        }
        log.push({ ...entry, durationMs: Date.now() - started });
      })
      .catch((e: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': JSON_API });
          res.end(JSON.stringify(errorResponse(500, 'error', 'A server error occurred.', String(e)).body));
        }
      });
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', (socket) => {
    if (!reachable) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${opts.host ?? '127.0.0.1'}:${port}`;

  const keyInfo = (key: string): SimKeyInfo => {
    const info = keys.get(key);
    if (!info) throw new Error('unknown simulator key');
    return info;
  };

  return {
    baseUrl,
    port,
    revision: table.revision,
    keys: accounts[0]!.keys,
    accounts,
    account(id) {
      const a = byId.get(id);
      if (!a) throw new Error(`no simulator account ${id}`);
      return a;
    },
    requestLog: log,
    clearLog: () => log.clear(),
    revokeKey(key, afterRequests) {
      const info = keyInfo(key);
      if (afterRequests === undefined) info.state = 'revoked';
      else info.revokeAfterRequests = info.requestsSeen + afterRequests;
    },
    expireKey(key) {
      keyInfo(key).state = 'expired';
    },
    addKey(accountId, spec) {
      const a = byId.get(accountId);
      if (!a) throw new Error(`no simulator account ${accountId}`);
      const info = keys.add(accountId, spec);
      a.keys[spec.label] = info.key;
      return info.key;
    },
    setFaults: (f) => faults.set(f),
    setReachable(r) {
      reachable = r;
      if (!r) for (const socket of sockets) socket.destroy();
    },
    resetRateLimits: (o) => limiter.reset(o),
    dailyUsed: (accountId: string, operationId: string) => limiter.dailyUsed(accountId, operationId, now()),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function startOfDay(ms: number): number {
  return Math.floor(ms / 86_400_000) * 86_400_000;
}
