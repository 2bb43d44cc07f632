import { randomUUID } from 'node:crypto';
import { channels, checkRawInput, isChannelName, type Result } from '../../../shared/contract';
import { AppError, toErrorEnvelope } from '../../../shared/errors';
import type { Logger } from '../log';
import type { CallMeta, Handlers, Service } from './types';

/**
 * `service.call`: every transport gets the same validation (structure guard, then the channel's strict schema),
 * the same error envelope with a `requestId`, and the same logging. zod's details go to the local log only,
 * never into the envelope the caller receives; an unexpected error's text (paths, SQL) is logged and replaced
 * by a plain sentence. With `validateOutputs`, an answer that breaks the contract never leaves.
 */
export function createDispatcher(opts: {
  handlers: Handlers;
  logger: Logger;
  validateOutputs: boolean;
}): Service['call'] {
  const { handlers, logger, validateOutputs } = opts;
  return async function call(channel: string, raw?: unknown): Promise<Result<unknown>> {
    const requestId = `req_${randomUUID()}`;
    const name = typeof channel === 'string' ? channel.slice(0, 64) : '?';
    const log = logger.child({ requestId, channel: name });
    const started = performance.now();
    try {
      if (!isChannelName(channel)) {
        throw new AppError('validation', 'Unknown request.', { details: { channel: name } });
      }
      const problem = checkRawInput(raw);
      if (problem) {
        log.warn('request input rejected', { problem: problem.problem, path: problem.path.slice(0, 200) });
        throw new AppError('validation', `The request to ${channel} was not valid.`, { details: { channel } });
      }
      const parsed = channels[channel].input.safeParse(raw);
      if (!parsed.success) {
        // the issues stay here: they describe the schema, which the page has no need to learn
        log.warn('request input rejected', {
          issues: parsed.error.issues.map((i) => ({ code: i.code, path: i.path.map(String), message: i.message })),
        });
        throw new AppError('validation', `The request to ${channel} was not valid.`, { details: { channel } });
      }
      const handler = handlers[channel] as (input: unknown, meta: CallMeta) => unknown;
      const data = await handler(parsed.data, { requestId, logger: log });
      if (!validateOutputs) return { ok: true, data };
      const out = channels[channel].output.safeParse(data);
      if (!out.success) {
        log.error('answer breaks the contract', {
          issues: out.error.issues.map((i) => ({ code: i.code, path: i.path.map(String), message: i.message })),
        });
        throw new AppError('internal', 'The app produced an answer it cannot send.', { details: { channel } });
      }
      log.debug('request done', { ms: Math.round(performance.now() - started) });
      return { ok: true, data: out.data };
    } catch (err) {
      const envelope = toErrorEnvelope(err, requestId);
      if (!(err instanceof AppError)) {
        // an unexpected error's text may carry paths or SQL: log it, send a plain sentence
        log.error('request failed unexpectedly', {
          error: err instanceof Error ? err.message : String(err),
          stack: err instanceof Error ? err.stack : undefined,
        });
        envelope.message = 'Something went wrong. The log has the details for this request id.';
        envelope.details = {};
      } else {
        log[err.code === 'internal' ? 'error' : 'info']('request failed', {
          code: err.code,
          message: err.message,
        });
      }
      return { ok: false, error: envelope };
    }
  };
}
