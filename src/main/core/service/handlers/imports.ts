import { AppError } from '../../../../shared/errors';
import { importFile } from '../../imports';
import { notAvailable, type HandlerContext } from '../handler-context';
import type { HandlersOf } from '../types';

/** Store exports into Klaviyo (PRODUCT D1): read and checked off the screens' thread, queued in the outbox. */
export function importsHandlers(ctx: HandlerContext): HandlersOf<'imports:'> {
  const { deps, workspaceRow } = ctx;
  return {
    'imports:file': async ({ workspaceId, kind, file, lang }, { requestId }) => {
      const row = workspaceRow(workspaceId);
      if (row.archived)
        throw new AppError('conflict', 'This workspace is archived. Restore it before importing into it.', {
          details: { workspaceId },
        });
      const outbox = deps.outbox ?? notAvailable('outbox');
      return importFile(
        { queueImport: (...a) => outbox.queueImport(...a), now: () => Date.now() },
        { workspaceId, kind, file, lang, requestId },
      );
    },
  };
}
