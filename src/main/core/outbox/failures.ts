import { AppError, toErrorEnvelope, type ErrorEnvelope } from '../../../shared/errors';

/**
 * What a failed send means for the item (PRODUCT D3):
 * - retry: 429, 5xx, a timeout — try again later, with backoff, a bounded number of times;
 * - offline: Klaviyo could not be reached at all — wait for the connection (no attempt is counted);
 * - reauth: 401, or 403 naming a missing write scope — the workspace's queue pauses until the key is replaced;
 * - reject: any other 4xx — it will never succeed; shown with its reason, the rest of the queue goes on.
 */
export type FailureClass = 'retry' | 'offline' | 'reauth' | 'reject';

export function classifyFailure(err: unknown, requestId: string): { kind: FailureClass; envelope: ErrorEnvelope } {
  const envelope = toErrorEnvelope(err, requestId);
  if (!(err instanceof AppError)) return { kind: 'retry', envelope };
  switch (err.code) {
    case 'auth':
    case 'keychain_unavailable':
      return { kind: 'reauth', envelope };
    case 'forbidden': {
      const missing = (err.details.missingScopes as string[] | undefined) ?? [];
      return { kind: missing.some((s) => s.endsWith(':write')) || !missing.length ? 'reauth' : 'reject', envelope };
    }
    case 'network':
      return { kind: 'offline', envelope };
    case 'invalid':
    case 'not_found':
    case 'conflict':
    case 'validation':
      return { kind: 'reject', envelope };
    default:
      return { kind: 'retry', envelope };
  }
}
