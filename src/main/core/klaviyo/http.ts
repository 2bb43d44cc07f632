/**
 * One HTTP attempt with a hard time bound: the timer covers connecting, the headers *and* reading the body, so a
 * server that stalls mid-body cannot hold a call past its timeout or its caller's deadline.
 */

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type AttemptInput = {
  fetch: FetchLike;
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
  /** per-attempt limit, ms */
  timeoutMs: number;
  /** caller's deadline, epoch ms (Infinity when none) */
  deadline: number;
  signal?: AbortSignal | undefined;
  now?: () => number;
};

export type AttemptOutcome =
  | {
      kind: 'response';
      status: number;
      headers: Headers;
      text: string;
      durationMs: number;
    }
  | {
      kind: 'failure';
      /** timeout: our per-attempt limit; deadline: the caller's; body: the connection broke while reading the body */
      reason: 'timeout' | 'deadline' | 'cancelled' | 'network' | 'body';
      status: number | null;
      message: string;
      cause: unknown;
      durationMs: number;
    };

function describeCause(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : '';
  const causeMsg = cause instanceof Error ? cause.message : '';
  return [err.message, code, causeMsg].filter(Boolean).join(': ');
}

export async function attempt(input: AttemptInput): Promise<AttemptOutcome> {
  const now = input.now ?? (() => Date.now());
  const started = now();
  const controller = new AbortController();
  let why: 'timeout' | 'deadline' | 'cancelled' | null = null;
  const budget = Math.min(input.timeoutMs, input.deadline - started);
  const byDeadline = input.deadline - started <= input.timeoutMs;
  const timer = setTimeout(
    () => {
      why = byDeadline ? 'deadline' : 'timeout';
      controller.abort();
    },
    Math.max(0, budget),
  );
  const onAbort = () => {
    why = 'cancelled';
    controller.abort();
  };
  if (input.signal?.aborted) onAbort();
  else input.signal?.addEventListener('abort', onAbort, { once: true });

  let status: number | null = null;
  try {
    const res = await input.fetch(input.url, {
      method: input.method,
      headers: input.headers,
      // bytes are a Buffer's (never a SharedArrayBuffer's), which the DOM typing of fetch cannot tell apart
      ...(input.body !== undefined ? { body: input.body as string | Uint8Array<ArrayBuffer> } : {}),
      signal: controller.signal,
    });
    status = res.status;
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      return failure(why ?? 'body', status, err, now() - started);
    }
    return { kind: 'response', status: res.status, headers: res.headers, text, durationMs: now() - started };
  } catch (err) {
    return failure(why ?? 'network', status, err, now() - started);
  } finally {
    clearTimeout(timer);
    input.signal?.removeEventListener('abort', onAbort);
  }
}

function failure(
  reason: Extract<AttemptOutcome, { kind: 'failure' }>['reason'],
  status: number | null,
  cause: unknown,
  durationMs: number,
): AttemptOutcome {
  return { kind: 'failure', reason, status, message: describeCause(cause), cause, durationMs };
}
