import type { z } from 'zod';
import type {
  ChannelName,
  ChannelParsedInput,
  Channels,
  EventName,
  EventPayload,
  Result,
} from '../../../shared/contract';
import type { HistoryRunner } from '../history';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets';
import type { SettingsStore } from '../settings';
import type { Store } from '../store';
import type { DemoAwareSecretStore } from './demo-secrets';
import type {
  AuditPort,
  DemoPort,
  SizesPort,
  ExportTarget,
  PickedFilesPort,
  OutboxPort,
  AutoFlushPort,
  ReportsPort,
  SyncPort,
  UpdatesPort,
  WorkspacesPort,
} from './ports';

/** Per call: the requestId every log line and error of this call carries. */
export type CallMeta = { requestId: string; logger: Logger };

type HandlerOutput<C extends ChannelName> = z.input<Channels[C]['output']>;
export type Handler<C extends ChannelName> = (
  input: ChannelParsedInput<C>,
  meta: CallMeta,
) => Promise<HandlerOutput<C>> | HandlerOutput<C>;
export type Handlers = { [C in ChannelName]: Handler<C> };

/** The handlers of the channels whose names start with one of `P` (`'sync:'`, `'workspaces:' | 'demo:'`). */
export type HandlersOf<P extends string> = {
  [C in ChannelName as C extends `${P}${string}` ? C : never]: Handler<C>;
};

export type ServiceDeps = {
  mode: 'electron' | 'web' | 'cli';
  store: Store;
  secrets: SecretStore;
  logger: Logger;
  settings: SettingsStore;
  app: { name: string; version: string; platform: string; packaged: boolean; dataDir: string };
  workspaces?: WorkspacesPort;
  sync?: SyncPort;
  outbox?: OutboxPort;
  autoFlush?: AutoFlushPort;
  audit?: AuditPort;
  /** history analytics and the health report: in the history worker (app, web) or on this thread (CLI) */
  historyJobs: HistoryRunner;
  sizes?: SizesPort;
  reports?: ReportsPort;
  exportTarget?: ExportTarget;
  /** files chosen for an import, by token */
  pickedFiles?: PickedFilesPort;
  updates?: UpdatesPort;
  demo?: DemoPort;
  /** the overlay that keeps the demo key in memory (see service/demo-secrets.ts) */
  demoSecrets?: DemoAwareSecretStore;
  openExternal?: (url: string) => Promise<boolean>;
  now?: () => Date;
  /** check every answer against the contract before it leaves (default true) */
  validateOutputs?: boolean;
  /** at most this many `sync:progress` events per run per second (default 4) */
  progressPerSecond?: number;
};

export type Service = {
  /** validates, runs the handler, and answers with the envelope; never throws */
  call(channel: string, input?: unknown): Promise<Result<unknown>>;
  readonly handlers: Handlers;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** every event, for transports that forward them all (ipc, SSE) */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** true while any sync runs (the updater and the tray ask) */
  isBusy(): boolean;
  /** resolves when the post-sync audits queued so far are done */
  auditsSettled(): Promise<void>;
  /**
   * With `repinDemo`, re-pins the demo workspaces to this process's simulator (its key and port change every
   * start). Only the process that owns the data folder (the app, the web version) may: a CLI beside it would
   * point the app's demo client at a simulator that dies with the CLI.
   */
  init(opts: { repinDemo: boolean }): Promise<void>;
  /** the network may be back (the shell's online events): queued changes are tried at once */
  online(): void;
  close(): void;
};
