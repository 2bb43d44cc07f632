import type { OperationSpec, RateLimit } from '../main/core/klaviyo/spec/operations';

/** Dataset sizes of the seeded generator (xl ≈ a large real account, see src/sim/README.md). */
export type SimSize = 'tiny' | 'small' | 'medium' | 'large' | 'xl';

/** A JSON:API resource identifier. */
export type ResourceIdentifier = { type: string; id: string; meta?: Record<string, unknown> };

/** A relationship as stored in the dataset (links are added when served). */
export type SimRelationship = { data: ResourceIdentifier | ResourceIdentifier[] | null };

/**
 * One resource exactly in Klaviyo's JSON:API shape (type, id, attributes, relationships).
 * Attributes hold every field the spec declares, including additional-fields (`definition`, `profile_count`),
 * which the server strips unless asked for.
 */
export type SimResource = {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, SimRelationship>;
};

/** Events are derived lazily from (seed, index), so an xl dataset never holds a million objects. */
export type SimEventSource = {
  readonly count: number;
  /** the event at a position in datetime order (ascending) */
  at(index: number): SimResource;
  /** the position of an event id, or -1 */
  indexOf(id: string): number;
  /** events appended by writes (create event / bulk create) */
  readonly extra: SimResource[];
};

/** One account's data: resources by type and id, plus the lazy events. */
export type SimDataset = {
  accountId: string;
  /** type (e.g. 'flow', 'campaign', 'tag') → id → resource; Map iteration order is creation order */
  resources: Map<string, Map<string, SimResource>>;
  events: SimEventSource;
};

export type KeyState = 'valid' | 'revoked' | 'expired';

/** A private key as the simulator knows it. The key text itself is generated at runtime. */
export type SimKeyInfo = {
  key: string;
  accountId: string;
  /** scopes granted; '*' grants everything */
  scopes: string[];
  state: KeyState;
  /** the key turns revoked after this many authenticated requests */
  revokeAfterRequests?: number;
  requestsSeen: number;
  label: string;
};

export type SimKeySpec = {
  /** name under which the key is exposed in `simulator.keys` (e.g. 'full', 'noForms') */
  label: string;
  /** scopes granted (default: every read and write scope) */
  scopes?: string[];
  /** scopes withheld from the full set, e.g. ['forms:read'] */
  withoutScopes?: string[];
  state?: KeyState;
  revokeAfterRequests?: number;
};

export type SimAccountSpec = {
  /** account id (default generated from the seed); also the fixture key */
  id?: string;
  name?: string;
  size?: SimSize;
  seed?: number;
  /** Klaviyo-shaped resources for this account (see README "Fixture format"); replaces the generator */
  fixture?: SimFixtureAccount;
  /** keys to mint for this account (default: one full key labelled 'full') */
  keys?: SimKeySpec[];
};

/** A fixture account: resources in JSON:API shape, grouped in one flat array or by type. */
export type SimFixtureAccount = {
  id?: string;
  name?: string;
  /** generate this size first and then overlay the resources below (default: start empty) */
  baseSize?: SimSize;
  resources: SimResource[];
};

export type SimFixtureFile = { accounts: SimFixtureAccount[] };

export type FaultKind =
  | 'latency'
  | 'rate-limit-storm'
  | 'server-error'
  | 'hang'
  | 'truncate'
  | 'malformed-json'
  | 'revoke-key'
  | 'lose-answer'
  | 'remote-edit';

/** One scripted fault. Matching requests are counted per fault; the window is [afterRequests, afterRequests+count). */
export type FaultSpec = {
  kind: FaultKind;
  /** operationIds this fault applies to (default: every operation) */
  operations?: string[];
  /** account ids this fault applies to (default: every account) */
  accounts?: string[];
  /** skip this many matching requests first (default 0) */
  afterRequests?: number;
  /** apply to this many matching requests (default: unlimited) */
  count?: number;
  /** apply with this probability (seeded, default 1) */
  probability?: number;
  /** latency: fixed milliseconds (real time, not scaled) */
  ms?: number;
  /** latency: extra uniform jitter in milliseconds */
  jitterMs?: number;
  /** server-error: status to answer (500, 502, 503, 504, 524; default 503) */
  status?: number;
  /** rate-limit-storm: seconds announced in Retry-After/detail, before scaling (default 1) */
  retryAfterSeconds?: number;
};

export type RequestLogEntry = {
  seq: number;
  /** epoch ms (simulator clock) */
  time: number;
  accountId: string | null;
  keyLabel: string | null;
  operationId: string | null;
  method: string;
  /** path plus query string */
  url: string;
  status: number;
  durationMs: number;
  fault: FaultKind | null;
  /** Klaviyo error code of the answer, if it was an error */
  errorCode: string | null;
};

export type RequestLogQuery = {
  accountId?: string;
  operationId?: string;
  status?: number;
  fault?: FaultKind;
  since?: number;
};

export type RequestLog = {
  entries(): readonly RequestLogEntry[];
  find(q: RequestLogQuery): RequestLogEntry[];
  count(q?: RequestLogQuery): number;
  clear(): void;
};

export type SimulatorOptions = {
  /** 0 (default) picks a free port */
  port?: number;
  host?: string;
  /** size of the default account's generated dataset (default 'small') */
  size?: SimSize;
  seed?: number;
  /** path to a fixture JSON file or its parsed content; one account per fixture entry */
  fixture?: string | SimFixtureFile;
  /** 60 → every window (second, minute, day) is 60× shorter; Retry-After scales too (default 1) */
  timeScale?: number;
  faults?: FaultSpec[];
  /** accounts to serve (default: one generated account with keys full/invalid/revoked/expired/readOnly) */
  accounts?: SimAccountSpec[];
  /** epoch ms all generated timestamps are relative to (default: start of the current UTC day by `now`) */
  anchor?: number;
  /** the simulator's clock (epoch ms); tests move it to the next day for the daily caps */
  now?: () => number;
  /** where daily-cap counters persist across simulator restarts (JSON file); in-memory when absent */
  dailyStateFile?: string;
  /** keep at most this many request log entries (default 100000) */
  logLimit?: number;
  /** called for every logged request (the CLI's --log prints them) */
  onRequest?: (entry: RequestLogEntry) => void;
};

/** What a running account looks like from the outside. */
export type SimAccount = {
  id: string;
  name: string;
  dataset: SimDataset;
  keys: Record<string, string>;
};

export type Simulator = {
  baseUrl: string;
  port: number;
  revision: string;
  /** keys of the first account by label: full, readOnly, noForms, revoked, expired, invalid */
  keys: Record<string, string>;
  accounts: SimAccount[];
  account(id: string): SimAccount;
  requestLog: RequestLog;
  clearLog(): void;
  revokeKey(key: string, afterRequests?: number): void;
  expireKey(key: string): void;
  /** mints a new key for an account */
  addKey(accountId: string, spec: SimKeySpec): string;
  setFaults(faults: FaultSpec[]): void;
  /**
   * false: every connection is cut as soon as it opens, open ones too (the network is gone: clients see a reset);
   * true again: answers as before, with the same data, keys and port
   */
  setReachable(reachable: boolean): void;
  /** forget rate-limit windows (not daily caps unless asked) */
  resetRateLimits(opts?: { daily?: boolean }): void;
  /** calls admitted today (simulator clock) for an account and rate-limit key (an operationId) */
  dailyUsed(accountId: string, operationId: string): number;
  close(): Promise<void>;
};

/** Context handed to every operation handler (also the Reporting API handlers in src/sim/reporting). */
export type SimRequest = {
  method: string;
  url: URL;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** parsed JSON body (undefined when none) */
  body: unknown;
  op: OperationSpec;
  params: Record<string, string>;
  account: SimAccount;
  /** simulator clock, epoch ms */
  now: number;
  baseUrl: string;
  /** seeded random in [0,1) for this request */
  random: () => number;
};

export type SimResponse = {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
};

export type SimOperationHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export type { OperationSpec, RateLimit };
