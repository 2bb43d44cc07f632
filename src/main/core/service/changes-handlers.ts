import type { ChannelParsedInput } from '../../../shared/contract';
import { changeSet, createChangeCounter, itemVersions, writeChangesCsv, type ChangesStore } from '../changes';
import { exportCsvFile } from './csv-export';
import type { ExportTarget } from './ports';

export type ChangesHandlerDeps = {
  store: ChangesStore;
  /** throws `not_found` for an unknown workspace; answers its name (file names) */
  workspaceName(workspaceId: string): string;
  exportTarget?: ExportTarget;
  now(): Date;
  /** a file-name-safe form of a workspace's name */
  slug(name: string): string;
};

const runNumber = (id: string | undefined) => (id === undefined ? undefined : Number(id));

/**
 * The "what changed" channels (PRODUCT B3): the change set between two syncs, an item's versions, and the
 * change set as CSV. Everything is read from the stored versions; nothing asks Klaviyo.
 */
export function changesHandlers(deps: ChangesHandlerDeps) {
  const counter = createChangeCounter(deps.store);
  const selection = (q: ChannelParsedInput<'changes:between'> | ChannelParsedInput<'changes:export'>) => ({
    workspaceId: q.workspaceId,
    fromRunId: runNumber(q.fromRunId),
    toRunId: runNumber(q.toRunId),
    resource: q.resource,
    kind: q.kind,
  });
  return {
    /** for the overview: items changed between the last two complete syncs (null before the second) */
    changesSinceLastSync: (workspaceId: string) => counter(workspaceId),
    handlers: {
      'changes:between': (q: ChannelParsedInput<'changes:between'>) => {
        deps.workspaceName(q.workspaceId);
        return changeSet(deps.store, { ...selection(q), includeTouched: q.includeTouched, limit: q.limit });
      },
      'changes:itemVersions': (q: ChannelParsedInput<'changes:itemVersions'>) => {
        deps.workspaceName(q.workspaceId);
        return itemVersions(deps.store, q);
      },
      'changes:export': async (q: ChannelParsedInput<'changes:export'>) => {
        const name = deps.workspaceName(q.workspaceId);
        const set = changeSet(deps.store, { ...selection(q), limit: 1_000_000 });
        const fileName = `${deps.slug(name)}-changes-${deps.now().toISOString().slice(0, 10)}.csv`;
        return exportCsvFile(deps.exportTarget, fileName, (out) => writeChangesCsv(set, q.lang, out));
      },
    },
  };
}
