import { AppError } from '../../../../shared/errors';
import { importFile, previewFile } from '../../imports';
import { notAvailable, type HandlerContext } from '../handler-context';
import type { HandlersOf } from '../types';

/**
 * Store exports into Klaviyo (PRODUCT D1): read and checked off the screens' thread, queued in the outbox. The
 * screens name a file by the token `imports:choose` (or the web page's upload) gave them, never by its path.
 */
export function importsHandlers(ctx: HandlerContext): HandlersOf<'imports:'> {
  const { deps, workspaceRow } = ctx;
  const writable = (workspaceId: string) => {
    const row = workspaceRow(workspaceId);
    if (row.archived)
      throw new AppError('conflict', 'This workspace is archived. Restore it before importing into it.', {
        details: { workspaceId },
      });
  };
  const queueDeps = () => {
    const outbox = deps.outbox ?? notAvailable('outbox');
    return { queueImport: outbox.queueImport.bind(outbox), now: () => Date.now() };
  };
  const picked = () => deps.pickedFiles ?? notAvailable('file picking');
  return {
    'imports:file': async ({ workspaceId, ...input }, { requestId }) => {
      writable(workspaceId);
      return importFile(queueDeps(), { workspaceId, ...input, requestId });
    },
    'imports:choose': async () => ({ file: await picked().choose() }),
    'imports:preview': async ({ workspaceId, fileToken, ...input }) => {
      workspaceRow(workspaceId);
      return previewFile({ now: () => Date.now() }, { ...picked().resolve(fileToken), ...input });
    },
    'imports:queue': async ({ workspaceId, fileToken, ...input }, { requestId }) => {
      writable(workspaceId);
      return importFile(queueDeps(), { workspaceId, ...picked().resolve(fileToken), ...input, requestId });
    },
  };
}
