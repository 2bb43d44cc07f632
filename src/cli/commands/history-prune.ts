import { parseArgs } from 'node:util';
import type { ChannelInput } from '../../shared/contract';
import { positiveInt } from './flags';
import type { CliCommand } from './types';

/**
 * `history prune`: drops the snapshots of runs older than the retention setting (or the limits given); the runs'
 * summaries stay. The app does this after every sync; this is for a folder that has not synced for a while.
 */
export async function historyPrune(argv: string[], io: Parameters<CliCommand['run']>[1]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'older-than': { type: 'string' }, 'keep-runs': { type: 'string' } },
    strict: true,
  });
  const input: ChannelInput<'history:prune'> = {
    ...(values['older-than'] !== undefined ? { days: positiveInt(values['older-than'], 'older-than') } : {}),
    ...(values['keep-runs'] !== undefined ? { runs: positiveInt(values['keep-runs'], 'keep-runs') } : {}),
  };
  const r = await io.call('history:prune', input);
  const n = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;
  io.print(
    [
      `Removed ${n(r.deleted, 'snapshot')} of ${n(r.workspaces, 'client')} (run summaries kept); ${n(r.rewritten, 'kept snapshot')} made whole.`,
      `Oldest kept snapshot: ${r.oldestSnapshotAt ?? 'none'}`,
    ].join('\n'),
    r,
  );
  return 0;
}
