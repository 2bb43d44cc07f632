/**
 * The Klaviyo API client: paced per account and operation from the spec's limits, retried where that is safe,
 * errors in the one envelope, bodies validated, resources described as data. See README in this folder.
 */
export { createKlaviyoClient } from './client';
export type {
  KlaviyoClient,
  KlaviyoClientOptions,
  RequestOptions,
  PaginateOptions,
  Page,
  QueryInput,
  QueryValue,
} from './client';
export { accountKeyFor } from './account-key';
export { SERVER_NAMES } from './errors';
export { RateLimiter, LimiterRefusal, limiterFor, forgetLimiter, windowsFor } from './limiter';
export type { LimiterOptions, AcquireOptions, Permit, KeyStats, Windows, RateFeedback } from './limiter';
export { PriorityGate } from './gate';
export { CounterSink } from './events';
export type { KlaviyoEvent, OperationCounters, ClientCounters } from './events';
export { parseRetryAfter, parseThrottleHint, backoffDelay } from './retry';
export { buildFilter, formatTerm, newerThanOperator } from './filter';
export type { FilterTerm, FilterValue } from './filter';
export * from './schemas';
export {
  RESOURCE_DEFS,
  RESOURCE_NAMES,
  resourceDef,
  childrenOf,
  columnsOf,
  parentQualifies,
  partitionsOf,
  pageSizeFor,
  estimateRequests,
  estimateListing,
  detailQuery,
  detailRateLimit,
  validateResourceDefs,
} from './resources';
export type {
  ResourceDef,
  ResourceName,
  ColumnDef,
  ColumnType,
  ColumnValue,
  PartitionDim,
  ParentDef,
  ResourceCounts,
} from './resources';
export { listQuery } from './list-query';
export { operationFloorMs, runFloorMs, alignedOperationFloorMs } from './floor';
export type { FloorInput } from './floor';
export type { FetchLike } from './http';
export { operationTable, type OperationTable, type OperationSpec } from './spec/operations';
export { DEFINITION_DERIVATIONS, type DefinitionDerivation } from './flow-definition';
