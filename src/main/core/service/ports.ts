import type { Language, SyncTrigger } from '../../../shared/contract/primitives';
import type { KeyCheck } from '../../../shared/contract/workspaces';
import type { Audit, AuditFigures, ManualAnswers } from '../../../shared/contract/audit';
import type { z } from 'zod';
import type { ManualAnswersInputSchema } from '../../../shared/contract/audit';
import type { FindingDecisionRow, FindingsCritical } from '../../../shared/contract/findings';

export type ManualAnswersInput = z.input<typeof ManualAnswersInputSchema>;
import type { UpdateState } from '../../../shared/contract/app';
import type { PickedFile } from '../../../shared/contract/imports';
import type { OutboxItemRow, WorkspaceRow } from '../store';
import type { FlushResult, OutboxChange, OutboxProgress } from '../../../shared/contract/outbox';
import type { ResourceFigures, SyncProgressEvent, SyncResult } from '../sync';
import type { SizeRefreshResult } from '../sizes';

/**
 * What the service needs from each domain, in the service's own words. The domains (workspaces and the sync
 * manager, the key check, the audit and its exports) are adapted onto these in `adapters.ts`, so a change
 * of a domain's API touches one adapter, not the handlers.
 */

export interface WorkspacesPort {
  /** checks the key live, stores it in the SecretStore and the row in SQLite; nothing is stored on failure */
  add(input: {
    name: string;
    apiKey: string;
    baseUrl?: string;
    isDemo?: boolean;
    /** the demo account's simulator runs its windows faster; the client must pace to match */
    timeScale?: number;
    /** the call's request id, carried into the key check so its error shows the id the log has */
    requestId?: string;
  }): Promise<{
    workspace: WorkspaceRow;
    check: KeyCheck;
  }>;
  setKey(
    workspaceId: string,
    apiKey: string,
    requestId?: string,
  ): Promise<{ workspace: WorkspaceRow; check: KeyCheck }>;
  rename(workspaceId: string, name: string): Promise<WorkspaceRow> | WorkspaceRow;
  archive(workspaceId: string, archived: boolean): Promise<WorkspaceRow> | WorkspaceRow;
  /** the client's name on reports (null: the workspace's own name) */
  setClientName(workspaceId: string, clientName: string | null): WorkspaceRow;
  /** removes the row (cascading to its data) and the keychain entry */
  remove(workspaceId: string): Promise<void> | void;
  checkKey(input: { apiKey: string; baseUrl?: string; requestId?: string }): Promise<KeyCheck>;
}

/** Progress and results as the sync domain reports them (epoch-ms times): the parts the service reads. */
export type ResourceFiguresLike = Pick<
  ResourceFigures,
  | 'resource'
  | 'status'
  | 'pages'
  | 'itemsSeen'
  | 'itemsAdded'
  | 'itemsChanged'
  | 'itemsUnchanged'
  | 'itemsRemoved'
  | 'requests'
  | 'throttled'
  | 'durationMs'
  | 'missingScopes'
  | 'error'
  | 'expectedItems'
>;

export type SyncProgressLike = Pick<
  SyncProgressEvent,
  | 'workspaceId'
  | 'runId'
  | 'requestId'
  | 'trigger'
  | 'startedAt'
  | 'phase'
  | 'current'
  | 'requests'
  | 'throttledWaits'
  | 'etaMs'
> & { resources: ResourceFiguresLike[] };

export type SyncResultLike = Pick<
  SyncResult,
  'workspaceId' | 'runId' | 'requestId' | 'trigger' | 'status' | 'finishedAt' | 'error'
>;

export interface SyncPort {
  /** a keychain that cannot be reached fails the start itself (`keychain_unavailable`): no run is recorded */
  start(input: {
    workspaceId: string;
    trigger: SyncTrigger;
    fresh?: boolean;
    full?: boolean;
    deadlineMs?: number;
    ifRunning?: 'join' | 'refuse';
  }): Promise<{
    runId: number;
    requestId: string;
    joined: boolean;
  }>;
  cancel(workspaceId: string): boolean;
  /** the live progress of a running sync, or null */
  progress(workspaceId: string): SyncProgressLike | null;
  /** any sync (or one workspace's) running in this process */
  isRunning(workspaceId?: string): boolean;
  onProgress(listener: (p: SyncProgressLike) => void): () => void;
  onFinished(listener: (r: SyncResultLike) => void): () => void;
}

export type AuditHistoryPoint = {
  runId: string | null;
  evaluatedAt: string;
  score: number;
  coverage: number;
  criticalCount: number;
  failCount: number;
};

export type FiguresRefresh = { fetched: string[]; spent: number; budgetLeft: number | null; error: string | null };

/** How a size refresh after a sync ended (sizes/): what it asked, carried and left for the next time. */
export type SizesRefresh = Omit<SizeRefreshResult, 'error'>;

/** List and segment sizes, asked after a complete sync on their own limit; never part of the sync's own outcome. */
export interface SizesPort {
  /** refreshes the sizes that can have changed since the last refresh, recorded against this run; never throws */
  afterSync(
    workspaceId: string,
    syncRunId: number,
    pointsAt: number,
    signal: AbortSignal,
  ): Promise<SizesRefresh | null>;
}

/** The audit domain: audits stored per sync run, manual answers, and the post-sync refresh + evaluation. */
export interface AuditPort {
  latest(workspaceId: string): Audit | null;
  run(workspaceId: string): Promise<Audit>;
  history(workspaceId: string, limit: number): AuditHistoryPoint[];
  /** the dashboard's performance charts from the stored figures (no API call) */
  figures(workspaceId: string): Promise<AuditFigures>;
  answers(workspaceId: string): ManualAnswers;
  setAnswers(workspaceId: string, answers: ManualAnswersInput): Promise<Audit>;
  /** fetches stale performance figures (all with `all`) within the account's daily reporting budget */
  refreshFigures(workspaceId: string, opts: { all: boolean }): Promise<FiguresRefresh>;
  /** after a sync that brought data (ok / partial): refresh performance figures within budget, then audit */
  afterSync(workspaceId: string): Promise<Audit | null>;
  /** the strategist's decisions and notes on findings, kept across audits */
  decisions(workspaceId: string): FindingDecisionRow[];
  decide(
    workspaceId: string,
    d: { ruleId: string; item?: FindingRef; action: 'accept' | 'snooze' | 'reopen'; until?: string; by?: string },
  ): { decision: FindingDecisionRow; audit: Audit | null };
  note(
    workspaceId: string,
    n: { ruleId: string; item?: FindingRef; note: string; by?: string },
  ): { decision: FindingDecisionRow; audit: Audit | null };
  /** the critical findings of the latest audit not announced before; they count as announced from now */
  takeCriticalAlerts(workspaceId: string): FindingsCritical['findings'];
}

type FindingRef = { type: string; id: string };

/**
 * A report written to a file chosen by the transport (save dialog, download folder, CLI path) through the one
 * export pipeline (core/exports): written off the event loop, with progress, and cancellable per workspace.
 */
export interface ReportsPort {
  write(
    input: {
      workspaceId: string;
      format: 'csv' | 'pdf';
      kind: 'findings' | 'inventory';
      inventoryType?: string;
      /** the report's language */
      lang?: Language;
      file: string;
    },
    opts?: { onProgress?: (done: number, total: number) => void },
  ): Promise<{ bytes: number; rows?: number; pages?: number }>;
  /** stops the workspace's running exports (their files are removed); false when none ran */
  cancel(workspaceId: string): boolean;
}

/**
 * Where an export goes. The desktop shell asks with a save dialog (null = the user cancelled); the web bridge
 * picks a file in its download folder and hands back a download id.
 */
export interface ExportTarget {
  choose(suggestedName: string, mimeType: string): Promise<{ file: string; downloadId: string | null } | null>;
}

/**
 * Files chosen for an import, named by token (core/imports/picked-files.ts): the desktop fills it from its open
 * dialog, the web bridge from an upload; the page only ever holds the token.
 */
export interface PickedFilesPort {
  choose(): Promise<PickedFile | null>;
  resolve(token: string): { file: string; fileName: string };
}

export interface UpdatesPort {
  getState(): UpdateState;
  requestInstall(): { scheduled: boolean };
}

/** The bundled simulator serving the demo account (E6). */
export interface DemoPort {
  /** starts the simulator if needed; the key is minted at runtime and lives only in memory */
  ensure(): Promise<{ baseUrl: string; apiKey: string; timeScale: number }>;
}

/** The outbox domain (PRODUCT D): the service passes its calls through and relays its changes as events. */
export interface OutboxPort {
  queue(workspaceId: string, change: OutboxChange, requestId?: string): OutboxItemRow[];
  /** new lists and segments in one transaction, within the daily caps (all or none) */
  queueCreations(
    workspaceId: string,
    creations: Extract<OutboxChange, { kind: 'list_create' | 'segment_create' }>[],
    requestId?: string,
  ): OutboxItemRow[];
  queueImport(
    workspaceId: string,
    imp: {
      kind: 'profile_import' | 'event_import';
      importId: string;
      fileName: string;
      /** each request's body as UTF-8 JSON text */
      chunks: { records: number; lines: number[]; body: Uint8Array }[];
    },
    requestId?: string,
  ): OutboxItemRow[];
  flush(workspaceId: string, opts: { trigger: SyncTrigger; waitMs?: number; requestId?: string }): Promise<FlushResult>;
  retry(workspaceId: string, itemId?: number): number;
  discard(workspaceId: string, itemId: number): boolean;
  onChanged(
    listener: (
      workspaceId: string,
      reason: 'queued' | 'flushed' | 'retried' | 'discarded' | 'paused' | 'resumed',
    ) => void,
  ): () => void;
  onProgress(listener: (p: OutboxProgress) => void): () => void;
}

/** The automatic flush of queued changes (absent in the CLI): told when the network may be back. */
export interface AutoFlushPort {
  online(): void;
}
