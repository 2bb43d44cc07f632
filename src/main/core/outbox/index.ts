/**
 * The outbox (PRODUCT D): changes a strategist queues for Klaviyo (tags, flow status), written in one SQLite
 * transaction with the local change, sent in order with batches, retries, pauses and conflict checks, never lost
 * and never applied twice. See README in this folder.
 */
export { Outbox, type OutboxOptions, type OutboxChangeReason } from './outbox';
export { AutoFlusher, type AutoFlushOptions } from './auto-flush';
export { localValue } from './queue';
export { pendingOverlay } from './overlay';
export { decideConflict, CLOCK_TOLERANCE_MS } from './conflict';
export { classifyFailure, type FailureClass } from './failures';
export type { FlushTrigger } from './flush';
export { CREATION_CAPS, creationCapsLeft, creationCapsUsed, type CreationKind } from './caps';
