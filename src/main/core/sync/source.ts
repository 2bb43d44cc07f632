/**
 * What the sync engine needs from "something that lists Klaviyo resources". The Klaviyo client's resource
 * definitions are adapted to this shape in klaviyo-source.ts; keeping the engine on this small port lets it be
 * read (and reasoned about) without the HTTP details.
 */

/** A JSON:API resource object as served (links are ignored by the engine). */
export type SourceItem = {
  type: string;
  id: string;
  attributes?: Record<string, unknown> | null;
  relationships?: Record<string, unknown> | null;
};

export type SourcePage = {
  items: SourceItem[];
  /**
   * where the listing continues (links.next or a cursor), null on the last page. Saved after each page so a
   * retry can resume a half-done listing.
   */
  next: string | null;
  /** the partition this page belongs to (e.g. { channel: 'sms' } for campaigns), copied into typed columns */
  partition?: Record<string, string>;
  /** children that came with the page (JSON:API `included`), per child resource and parent */
  children?: { resource: string; parentType: string; groups: { parentId: string; items: SourceItem[] }[] }[];
};

/**
 * An incremental listing: the resource is listed once, whole, and `keep` sees every item of every page as served
 * (what is there tells removals) and returns the ones that changed; only those are staged, get their detail calls
 * and bring their children. The others stand as stored and are carried at the merge.
 */
export type ChangedPlan = { keep(items: SourceItem[]): SourceItem[] };

export type SourceResource = {
  /** plural resource name as the contract and CLI spell it: flows, flow-actions, campaigns, … */
  key: string;
  /** JSON:API type of the items (flow, flow-action, …) */
  type: string;
  /** key of the resource whose items are this one's parents (flow-actions → flows) */
  parent?: string;
  /** scopes the listing needs (reported when the key lacks one) */
  scopes: string[];
  /** the list operation, for pacing and ETA */
  operationId: string;
  /** items per page of the listing */
  pageSize: number;
  /** extra requests per item (e.g. one get_flow per flow for its definition) */
  requestsPerItem: number;
  /** requests per second the account's limits allow for this resource (already time-scaled) */
  requestsPerSecond: number;
  /** whether a saved `next` can be handed back to `list` (an opaque cursor that survives a restart) */
  resumable: boolean;
  /** the items arrive with the parent's pages (`children`); `list` yields nothing */
  derived?: boolean;
  /**
   * the items are read out of the parent's definition (flow actions and messages out of the flow's), listed only
   * under the rare parent whose definition cannot tell: they cost next to nothing beyond the parent's own requests
   */
  fromDefinition?: boolean;
  /** children are listed only under parents for which this is true (e.g. send actions only) */
  qualifies?: (parent: SourceItem) => boolean;
  /**
   * the attribute holding the item's update time, when the API can both filter on it and list it alone (sparse
   * fieldset): such a resource can be synced incrementally; without it, it is listed whole every time
   */
  cursorField?: string;
  list(args: {
    parentId?: string;
    cursor: string | null;
    signal: AbortSignal;
    /** incremental: every page whole, only the items this keeps go on */
    changed?: ChangedPlan;
  }): AsyncIterable<SourcePage>;
};

/** Counters the source reports for a resource while it lists it. */
export type SourceEvent =
  | { type: 'request'; resource: string; operationId: string; status: number | null; throttled: boolean }
  | { type: 'throttled_wait'; resource: string; waitMs: number }
  /** the listing is complete at this many items, their per-item calls still to come (what a first sync's ETA needs) */
  | { type: 'listed'; resource: string; items: number };

export type SyncSource = {
  resources: SourceResource[];
};

export type SyncSourceFactory = (args: {
  baseUrl: string;
  /** who answers at baseUrl, as error messages name it (Klaviyo, or the app's demo simulator) */
  server: string;
  apiKey: string;
  requestId: string;
  signal: AbortSignal;
  onEvent: (e: SourceEvent) => void;
  /** the workspace's time scale (simulator only; 1 for Klaviyo) */
  timeScale: number;
}) => SyncSource | Promise<SyncSource>;
