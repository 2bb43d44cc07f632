import type { FlushResult, OutboxChange, OutboxProgress } from '../../../shared/contract/outbox';
import { AppError } from '../../../shared/errors';
import { createKlaviyoClient, type KlaviyoClientOptions } from '../klaviyo';
import type { Logger } from '../log';
import { requireSecret, type SecretStore } from '../secrets';
import type { OutboxItemRow, Store } from '../store';
import { parseSettings } from '../workspaces';
import { flushWorkspace, type FlushSettings, type FlushTrigger } from './flush';
import { queueChange, queueCreations, queueImport, type ImportChunk } from './queue';

export type OutboxOptions = {
  store: Store;
  secrets: SecretStore;
  logger: Logger;
  now?: () => number;
  /** client settings for tests and benchmarks (fetch, timeouts, attempts); never the key or the base URL */
  client?: Partial<Omit<KlaviyoClientOptions, 'apiKey' | 'baseUrl' | 'requestId'>>;
  /** how an item is retried (see FlushSettings) */
  retry?: Pick<FlushSettings, 'maxAttempts' | 'backoffBaseMs' | 'backoffMaxMs' | 'random'>;
};

/**
 * The outbox domain (PRODUCT D): queue changes in one transaction with the local change, send them (flush.ts),
 * put failed ones back, discard, and pause / resume a workspace's queue around a key that Klaviyo refused.
 */
export class Outbox {
  private readonly listeners = new Set<(workspaceId: string, reason: OutboxChangeReason) => void>();
  private readonly progressListeners = new Set<(p: OutboxProgress) => void>();
  private readonly now: () => number;

  constructor(private readonly opts: OutboxOptions) {
    this.now = opts.now ?? (() => Date.now());
  }

  onChanged(l: (workspaceId: string, reason: OutboxChangeReason) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** a flush under way, after every batch or item it sent */
  onProgress(l: (p: OutboxProgress) => void): () => void {
    this.progressListeners.add(l);
    return () => this.progressListeners.delete(l);
  }

  private changed(workspaceId: string, reason: OutboxChangeReason): void {
    for (const l of this.listeners) {
      try {
        l(workspaceId, reason);
      } catch (err) {
        this.opts.logger.warn('outbox listener failed', { error: (err as Error).message });
      }
    }
  }

  /** queues the change; returns once it is committed (safe from any crash from then on) */
  queue(workspaceId: string, change: OutboxChange, requestId?: string): OutboxItemRow[] {
    const rows = queueChange(this.opts.store, workspaceId, change, {
      now: this.now(),
      ...(requestId ? { requestId } : {}),
    });
    this.changed(workspaceId, 'queued');
    return rows;
  }

  /** queues new lists and segments in one transaction, within what is left of the daily caps (all or none) */
  queueCreations(
    workspaceId: string,
    creations: Parameters<typeof queueCreations>[2],
    requestId?: string,
  ): OutboxItemRow[] {
    const rows = queueCreations(this.opts.store, workspaceId, creations, {
      now: this.now(),
      ...(requestId ? { requestId } : {}),
    });
    if (rows.length) this.changed(workspaceId, 'queued');
    return rows;
  }

  /** queues an import's bulk requests (all or none); returns once they are committed */
  queueImport(
    workspaceId: string,
    imp: { kind: 'profile_import' | 'event_import'; importId: string; fileName: string; chunks: ImportChunk[] },
    requestId?: string,
  ): OutboxItemRow[] {
    const rows = queueImport(this.opts.store, workspaceId, imp, {
      now: this.now(),
      ...(requestId ? { requestId } : {}),
    });
    if (rows.length) this.changed(workspaceId, 'queued');
    return rows;
  }

  /** a Klaviyo client for the workspace, its key read from the key store for this flush only */
  private async clientFor(workspaceId: string, requestId: string) {
    const ws = this.opts.store.workspaces.get(workspaceId);
    if (!ws) throw new AppError('not_found', 'Workspace not found.', { details: { id: workspaceId } });
    const apiKey = await requireSecret(this.opts.secrets, ws.secretRef, requestId);
    const timeScale = this.opts.client?.timeScale ?? parseSettings(ws.settingsJson).timeScale;
    const client = createKlaviyoClient({ ...this.opts.client, baseUrl: ws.baseUrl, apiKey, requestId, timeScale });
    return { client, timeScale };
  }

  flush(
    workspaceId: string,
    opts: { trigger: FlushTrigger; waitMs?: number; requestId?: string } = { trigger: 'manual' },
  ): Promise<FlushResult> {
    return flushWorkspace(
      {
        store: this.opts.store,
        now: this.now,
        client: (id, requestId) => this.clientFor(id, requestId),
        ...this.opts.retry,
        onChanged: (id) => this.changed(id, 'flushed'),
        onProgress: (p) => {
          for (const l of this.progressListeners) l(p);
        },
      },
      workspaceId,
      opts,
    );
  }

  /** failed, conflicting and rejected items (one, or all of the workspace's) go back to the queue */
  retry(workspaceId: string, itemId?: number): number {
    const { store } = this.opts;
    const now = this.now();
    const n = store.transaction(() => {
      const rows = itemId
        ? [store.outbox.get(itemId)].filter((r): r is OutboxItemRow => r?.workspaceId === workspaceId)
        : store.outbox.list({ workspaceId, states: ['failed', 'conflict', 'rejected'] });
      const again = rows.filter((r) => r.state === 'failed' || r.state === 'conflict' || r.state === 'rejected');
      for (const r of again) {
        // "apply mine again": a conflict the remote won is re-based on what Klaviyo has now
        const rebased = r.state === 'conflict' ? remoteValueOf(r) : undefined;
        store.outbox.update(r.id, {
          state: 'pending',
          attempts: 0,
          nextAttemptAt: null,
          errorJson: null,
          ...(rebased !== undefined ? { baseValueJson: rebased } : {}),
          updatedAt: now,
        });
      }
      return again.length;
    });
    if (n) this.changed(workspaceId, 'retried');
    return n;
  }

  /** removes an item that is not being sent (a `sending` item may already be applied: it is reconciled first) */
  discard(workspaceId: string, itemId: number): boolean {
    const { store } = this.opts;
    const row = store.outbox.get(itemId);
    if (!row || row.workspaceId !== workspaceId) return false;
    if (row.state === 'sending')
      throw new AppError('busy', 'This change is being sent right now; it can be discarded once the send ends.', {
        details: { itemId: String(itemId) },
      });
    const ok = store.outbox.remove(itemId);
    if (ok) this.changed(workspaceId, 'discarded');
    return ok;
  }

  /** the key was replaced: the paused queue may go again */
  resume(workspaceId: string): boolean {
    const ok = this.opts.store.outbox.resume(workspaceId);
    if (ok) this.changed(workspaceId, 'resumed');
    return ok;
  }

  /** workspaces with something to send */
  workspacesWithWork(): string[] {
    return this.opts.store.outbox.workspacesWithWork();
  }

  /** ms until the workspace's earliest retry is due (0 when one is due now), null when none waits */
  nextAttemptIn(workspaceId: string): number | null {
    const at = this.opts.store.outbox.nextAttemptAt(workspaceId);
    return at === null ? null : Math.max(0, at - this.now());
  }
}

export type OutboxChangeReason = 'queued' | 'flushed' | 'retried' | 'discarded' | 'paused' | 'resumed';

function remoteValueOf(r: OutboxItemRow): string | undefined {
  try {
    const res = JSON.parse(r.resultJson ?? 'null') as { flowStatus?: unknown } | null;
    return res && 'flowStatus' in res ? JSON.stringify(res.flowStatus) : undefined;
  } catch {
    return undefined;
  }
}
