import { AppError } from '../../../../shared/errors';
import { chooseStandard, creationCaps, standardPlan } from '../../audiences';
import { notAvailable, type HandlerContext } from '../handler-context';
import type { HandlersOf } from '../types';
import { toItem } from './outbox';

/** The standard audiences (PRODUCT D1): preview the set with its caps, queue the chosen segments. */
export function audiencesHandlers(ctx: HandlerContext): HandlersOf<'audiences:'> {
  const { deps, store, workspaceRow } = ctx;
  return {
    'audiences:standard': ({ workspaceId, thresholds }) => {
      workspaceRow(workspaceId);
      return {
        audiences: standardPlan(store, workspaceId, thresholds),
        caps: creationCaps(store, workspaceId, ctx.now().getTime()),
      };
    },
    'audiences:queueStandard': ({ workspaceId, keys, thresholds }, { requestId }) => {
      const row = workspaceRow(workspaceId);
      if (row.archived)
        throw new AppError('conflict', 'This workspace is archived. Restore it before changing its items.', {
          details: { workspaceId },
        });
      const outbox = deps.outbox ?? notAvailable('outbox');
      const plan = standardPlan(store, workspaceId, thresholds);
      const left = creationCaps(store, workspaceId, ctx.now().getTime()).segments.left;
      const { changes, skipped } = chooseStandard(plan, keys, left);
      const rows = changes.length ? outbox.queueCreations(workspaceId, changes, requestId) : [];
      return {
        items: rows.map((r) => toItem(store, r)),
        skipped,
        caps: creationCaps(store, workspaceId, ctx.now().getTime()),
      };
    },
  };
}
