import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BaseUrlSchema, NameSchema } from '../../../shared/contract/primitives';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../log';
import { secretRefForWorkspace, type KeyCheckResult, type SecretStore } from '../secrets';
import type { Store, WorkspaceRow } from '../store';
import { parseSettings, WorkspaceSettingsPatchSchema, type WorkspaceSettings } from './workspace-settings';

export const DEFAULT_BASE_URL = 'https://a.klaviyo.com';

/** Stored without trailing slashes, so paths join the same way whatever was typed. */
const StoredBaseUrlSchema = BaseUrlSchema.transform((s) => s.replace(/\/+$/, ''));

export const AddWorkspaceInputSchema = z.strictObject({
  name: NameSchema,
  apiKey: z.string().min(1).max(200),
  baseUrl: StoredBaseUrlSchema.optional(),
  isDemo: z.boolean().optional(),
  settings: WorkspaceSettingsPatchSchema.optional(),
});
export type AddWorkspaceInput = z.input<typeof AddWorkspaceInputSchema>;
export const RenameWorkspaceInputSchema = z.strictObject({ workspaceId: z.string().min(1).max(64), name: NameSchema });
export const ArchiveWorkspaceInputSchema = z.strictObject({
  workspaceId: z.string().min(1).max(64),
  archived: z.boolean(),
});
export const SetKeyInputSchema = z.strictObject({
  workspaceId: z.string().min(1).max(64),
  apiKey: z.string().min(1).max(200),
});
export const UpdateSettingsInputSchema = z.strictObject({
  workspaceId: z.string().min(1).max(64),
  settings: WorkspaceSettingsPatchSchema,
});

/** A workspace as every caller sees it: never the key, only where it is kept. */
export type WorkspaceView = {
  id: string;
  name: string;
  accountId: string | null;
  accountName: string | null;
  baseUrl: string;
  archived: boolean;
  isDemo: boolean;
  scopes: string[];
  settings: WorkspaceSettings;
  secretRef: string;
  createdAt: number;
  updatedAt: number;
};

export function toWorkspaceView(r: WorkspaceRow): WorkspaceView {
  return {
    id: r.id,
    name: r.name,
    accountId: r.klaviyoAccountId,
    accountName: r.klaviyoAccountName,
    baseUrl: r.baseUrl,
    archived: r.archived,
    isDemo: r.isDemo,
    scopes: JSON.parse(r.scopesJson) as string[],
    settings: parseSettings(r.settingsJson),
    secretRef: r.secretRef,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export type CheckKeyFn = (opts: {
  baseUrl: string;
  apiKey: string;
  timeScale?: number;
  /** the caller's request id, so the check's errors and log lines carry the id the person sees */
  requestId?: string;
}) => Promise<KeyCheckResult>;

/** Who asked: a request id from the IPC call or CLI command, carried into the key check. */
export type CallerMeta = { requestId?: string };

export type WorkspacesOptions = {
  store: Store;
  secrets: SecretStore;
  checkKey: CheckKeyFn;
  logger: Logger;
  now?: () => number;
  /** refuses removal while a sync of the workspace runs */
  isSyncing?: (workspaceId: string) => boolean;
};

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new AppError('validation', issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join(' '), {
    details: { issues },
  });
}

/** The workspaces domain (PRODUCT E3): add with a live key check, list, rename, archive, remove, settings. */
export class Workspaces {
  private readonly now: () => number;
  constructor(private readonly opts: WorkspacesOptions) {
    this.now = opts.now ?? Date.now;
  }

  list(opts: { includeArchived?: boolean } = {}): WorkspaceView[] {
    return this.opts.store.workspaces.list(opts).map(toWorkspaceView);
  }

  get(workspaceId: string): WorkspaceView {
    const r = this.opts.store.workspaces.get(workspaceId);
    if (!r) throw new AppError('not_found', 'No such workspace.', { details: { workspaceId } });
    return toWorkspaceView(r);
  }

  /** by id, or by name (case-insensitive), as the CLI lets people type either */
  resolve(idOrName: string): WorkspaceView {
    const r = this.opts.store.workspaces.get(idOrName) ?? this.opts.store.workspaces.byName(idOrName.trim());
    if (!r) throw new AppError('not_found', `No workspace named "${idOrName}".`, { details: { workspace: idOrName } });
    return toWorkspaceView(r);
  }

  /**
   * Checks the key live (account id and scopes), stores it in the SecretStore under the workspace's reference,
   * then records the workspace. Nothing is stored when the check fails; the key is removed again when the
   * database write fails.
   */
  async add(
    input: AddWorkspaceInput,
    meta: CallerMeta = {},
  ): Promise<{ workspace: WorkspaceView; check: KeyCheckResult }> {
    const args = parse(AddWorkspaceInputSchema, input);
    const { store, secrets } = this.opts;
    if (store.workspaces.byName(args.name)) {
      throw new AppError('conflict', `A workspace named "${args.name}" exists already.`, {
        details: { name: args.name },
      });
    }
    const baseUrl = args.baseUrl ?? DEFAULT_BASE_URL;
    const settings = { ...parseSettings('{}'), ...(args.settings ?? {}) };
    const check = await this.opts.checkKey({
      baseUrl,
      apiKey: args.apiKey,
      timeScale: settings.timeScale,
      ...(meta.requestId ? { requestId: meta.requestId } : {}),
    });
    const id = randomUUID();
    const secretRef = secretRefForWorkspace(id);
    await secrets.set(secretRef, args.apiKey);
    const t = this.now();
    try {
      const row = store.workspaces.insert({
        id,
        name: args.name,
        klaviyoAccountId: check.accountId,
        klaviyoAccountName: check.accountName,
        baseUrl,
        settingsJson: JSON.stringify(settings),
        archived: false,
        isDemo: args.isDemo ?? false,
        secretRef,
        scopesJson: JSON.stringify(check.scopes),
        createdAt: t,
        updatedAt: t,
      });
      this.opts.logger.info('workspace.added', {
        workspaceId: id,
        accountId: check.accountId,
        requestId: check.requestId,
      });
      return { workspace: toWorkspaceView(row), check };
    } catch (err) {
      await secrets.delete(secretRef).catch(() => false);
      throw new AppError('storage', `The workspace could not be saved: ${(err as Error).message}`, { cause: err });
    }
  }

  /** replaces the key after a failed_auth; the new key must belong to the same account */
  async setKey(
    input: z.input<typeof SetKeyInputSchema>,
    meta: CallerMeta = {},
  ): Promise<{ workspace: WorkspaceView; check: KeyCheckResult }> {
    const args = parse(SetKeyInputSchema, input);
    const ws = this.get(args.workspaceId);
    const check = await this.opts.checkKey({
      baseUrl: ws.baseUrl,
      apiKey: args.apiKey,
      timeScale: ws.settings.timeScale,
      ...(meta.requestId ? { requestId: meta.requestId } : {}),
    });
    if (ws.accountId && check.accountId !== ws.accountId) {
      throw new AppError('conflict', `This key belongs to another Klaviyo account (${check.accountName}).`, {
        details: { expectedAccountId: ws.accountId, accountId: check.accountId },
      });
    }
    await this.opts.secrets.set(ws.secretRef, args.apiKey);
    const row = this.opts.store.workspaces.update(ws.id, {
      scopesJson: JSON.stringify(check.scopes),
      klaviyoAccountName: check.accountName,
      updatedAt: this.now(),
    });
    return { workspace: toWorkspaceView(row!), check };
  }

  rename(input: z.input<typeof RenameWorkspaceInputSchema>): WorkspaceView {
    const args = parse(RenameWorkspaceInputSchema, input);
    const ws = this.get(args.workspaceId);
    const other = this.opts.store.workspaces.byName(args.name);
    if (other && other.id !== ws.id) {
      throw new AppError('conflict', `A workspace named "${args.name}" exists already.`, {
        details: { name: args.name },
      });
    }
    return toWorkspaceView(this.opts.store.workspaces.update(ws.id, { name: args.name, updatedAt: this.now() })!);
  }

  archive(input: z.input<typeof ArchiveWorkspaceInputSchema>): WorkspaceView {
    const args = parse(ArchiveWorkspaceInputSchema, input);
    this.get(args.workspaceId);
    return toWorkspaceView(
      this.opts.store.workspaces.update(args.workspaceId, { archived: args.archived, updatedAt: this.now() })!,
    );
  }

  updateSettings(input: z.input<typeof UpdateSettingsInputSchema>): WorkspaceView {
    const args = parse(UpdateSettingsInputSchema, input);
    const ws = this.get(args.workspaceId);
    const settings = { ...ws.settings, ...args.settings };
    return toWorkspaceView(
      this.opts.store.workspaces.update(ws.id, { settingsJson: JSON.stringify(settings), updatedAt: this.now() })!,
    );
  }

  /** removes the workspace with its inventory, versions and history, and its keychain entry */
  async remove(workspaceId: string): Promise<{ removed: true; workspaceId: string; keyRemoved: boolean }> {
    const ws = this.get(workspaceId);
    if (this.opts.isSyncing?.(ws.id)) {
      throw new AppError('busy', `"${ws.name}" is syncing; cancel the sync first.`, { details: { workspaceId } });
    }
    this.opts.store.workspaces.remove(ws.id);
    const keyRemoved = await this.opts.secrets.delete(ws.secretRef).catch(() => false);
    this.opts.logger.info('workspace.removed', { workspaceId: ws.id, keyRemoved });
    return { removed: true, workspaceId: ws.id, keyRemoved };
  }
}
