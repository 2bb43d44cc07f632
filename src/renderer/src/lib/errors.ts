import type { ErrorEnvelope } from '../../../shared/errors';

/** Whatever a call threw, as the one envelope the UI shows (message + requestId, never a stack). */
export function toEnvelope(err: unknown): ErrorEnvelope {
  if (err && typeof err === 'object') {
    const e = err as { envelope?: ErrorEnvelope; code?: unknown; message?: unknown; requestId?: unknown };
    if (e.envelope && typeof e.envelope === 'object') return e.envelope;
    if (typeof e.code === 'string' && typeof e.message === 'string') {
      return {
        code: e.code as ErrorEnvelope['code'],
        message: e.message,
        details: {},
        requestId: typeof e.requestId === 'string' ? e.requestId : '',
      };
    }
    if (err instanceof Error) return { code: 'internal', message: err.message, details: {}, requestId: '' };
  }
  return { code: 'internal', message: String(err), details: {}, requestId: '' };
}
