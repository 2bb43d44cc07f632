import type { z } from 'zod';
import type { AppError } from '../../../shared/errors';
import {
  clientError,
  errorFromResponse,
  parseErrorDocument,
  RETRYABLE_STATUSES,
  serverAtStart,
  type CallContext,
} from './errors';
import type { AttemptOutcome } from './http';
import { serverHint } from './retry';
import { describeIssue } from './schemas';
import type { OperationSpec } from './spec/operations';

/** One attempt's outcome: the validated document, or an error with whether (and after what hint) to retry. */
export type Classified =
  | { ok: true; document: unknown }
  | {
      ok: false;
      error: AppError;
      retryable: boolean;
      status: number | null;
      hint: { ms: number; source: 'retry_after' | 'hint' } | null;
    };

type Failure = Extract<AttemptOutcome, { kind: 'failure' }>;
type Response = Extract<AttemptOutcome, { kind: 'response' }>;

/** no answer: cancelled, deadline, per-attempt timeout, broken body or network */
function classifyFailure(out: Failure, ctx: CallContext, idempotent: boolean, requestTimeoutMs: number): Classified {
  const d = { status: out.status, cause: out.message };
  const fail = (error: AppError, retryable: boolean, status: number | null = out.status): Classified => ({
    ok: false,
    retryable,
    status,
    hint: null,
    error,
  });
  switch (out.reason) {
    case 'cancelled':
      return fail(clientError('cancelled', 'The call was cancelled.', ctx, d), false, null);
    case 'deadline':
      return fail(
        clientError('timeout', 'The call ran into its deadline.', ctx, { ...d, deadlineReached: true }),
        false,
      );
    case 'timeout':
      return fail(
        clientError('timeout', `${serverAtStart(ctx.server)} did not answer within ${requestTimeoutMs} ms.`, ctx, {
          ...d,
          timeoutMs: requestTimeoutMs,
        }),
        idempotent,
      );
    case 'body':
      return fail(
        clientError('malformed_response', 'The answer broke off before its end.', ctx, { ...d, reason: 'truncated' }),
        idempotent,
      );
    case 'network': {
      const refused = /ECONNREFUSED/.test(out.message);
      return fail(
        clientError('network', `Could not reach ${ctx.server} (${out.message}).`, ctx, d),
        idempotent || refused,
        null,
      );
    }
  }
}

/** a 2xx answer: valid JSON of the expected shape, or malformed */
function classifySuccess<T>(
  out: Response,
  body: unknown,
  parseError: string | null,
  ctx: CallContext,
  idempotent: boolean,
  schema: z.ZodType<T>,
): Classified {
  const { status, text, headers } = out;
  if (parseError !== null) {
    const error = clientError(
      'malformed_response',
      `${serverAtStart(ctx.server)} answered with a body that is not valid JSON.`,
      ctx,
      {
        status,
        reason: 'not_json',
        parseError,
        bodyLength: text.length,
        contentType: headers.get('content-type'),
      },
    );
    return { ok: false, retryable: idempotent, status, hint: null, error };
  }
  const parsed = schema.safeParse(body === undefined ? { data: null } : body);
  if (!parsed.success) {
    const issue = describeIssue(parsed.error);
    const error = clientError(
      'malformed_response',
      `${serverAtStart(ctx.server)}'s answer does not have the expected shape (${issue}).`,
      ctx,
      { status, reason: 'schema', issue },
    );
    return { ok: false, retryable: false, status, hint: null, error };
  }
  return { ok: true, document: parsed.data };
}

/** What one attempt came to, and whether it may be retried (see README: Retries and errors). */
export function classify<T>(
  out: AttemptOutcome,
  ctx: CallContext,
  op: OperationSpec,
  idempotent: boolean,
  schema: z.ZodType<T>,
  requestTimeoutMs: number,
): Classified {
  if (out.kind === 'failure') return classifyFailure(out, ctx, idempotent, requestTimeoutMs);
  const { status, text, headers } = out;
  let body: unknown = undefined;
  let parseError: string | null = null;
  if (text.length) {
    try {
      body = JSON.parse(text);
    } catch (err) {
      parseError = err instanceof Error ? err.message : String(err);
    }
  }
  if (status >= 200 && status < 300) return classifySuccess(out, body, parseError, ctx, idempotent, schema);
  const errors = parseErrorDocument(body);
  const error = errorFromResponse(status, body, ctx, op.scopes);
  const retryable = status === 429 || (RETRYABLE_STATUSES.has(status) && (idempotent || status === 503));
  return {
    ok: false,
    error,
    retryable,
    status,
    hint: status === 429 || status === 503 ? serverHint(headers, errors) : null,
  };
}
