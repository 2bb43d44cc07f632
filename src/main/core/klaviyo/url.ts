import { AppError } from '../../../shared/errors';
import type { QueryInput, RequestOptions } from './client-types';
import { serverAtStart } from './errors';
import type { OperationSpec, OperationTable } from './spec/operations';

function encodeQuery(query: QueryInput | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    const value = Array.isArray(v) ? v.join(',') : String(v);
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(value)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

export type UrlContext = {
  base: URL;
  baseUrl: string;
  table: OperationTable;
  requestId: string;
  /** who answers, as messages name it ("Klaviyo", or the simulator serving the demo workspace) */
  server: string;
};

/** A `links.next` is followed only to the configured host and the same endpoint: the key travels with it. */
function checkedNextLink(c: UrlContext, op: OperationSpec, url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AppError('malformed_response', `${serverAtStart(c.server)} sent a next-page link that is not a URL.`, {
      requestId: c.requestId,
      details: { operationId: op.operationId },
    });
  }
  if (u.origin !== c.base.origin) {
    throw new AppError(
      'malformed_response',
      `${serverAtStart(c.server)} sent a next-page link to another host; not following it.`,
      { requestId: c.requestId, details: { operationId: op.operationId, host: u.host } },
    );
  }
  const matched = c.table.match(op.method, u.pathname);
  if (!matched || matched.op.operationId !== op.operationId) {
    throw new AppError('malformed_response', `${serverAtStart(c.server)} sent a next-page link for another endpoint.`, {
      requestId: c.requestId,
      details: { operationId: op.operationId, path: u.pathname },
    });
  }
  return url;
}

/** The URL of one call: a checked `links.next`, or the operation's path and query, checked against the spec. */
export function buildUrl(c: UrlContext, op: OperationSpec, opts: RequestOptions<unknown>): string {
  if (opts.url) return checkedNextLink(c, op, opts.url);
  const { requestId } = c;
  let p = op.path;
  for (const name of op.pathParams) {
    const v = opts.path?.[name];
    if (!v) {
      throw new AppError('validation', `${op.operationId} needs the path parameter "${name}".`, {
        requestId,
        details: { operationId: op.operationId },
      });
    }
    p = p.replace(`{${name}}`, encodeURIComponent(v));
  }
  for (const name of Object.keys(opts.query ?? {})) {
    if (!op.queryParams.includes(name)) {
      throw new AppError('validation', `${op.operationId} has no query parameter "${name}".`, {
        requestId,
        details: { operationId: op.operationId, parameter: name },
      });
    }
  }
  const size = opts.query?.['page[size]'];
  if (op.pageSize && typeof size === 'number' && (size < op.pageSize.min || size > op.pageSize.max)) {
    throw new AppError('validation', `${op.operationId} takes page[size] ${op.pageSize.min}–${op.pageSize.max}.`, {
      requestId,
      details: { operationId: op.operationId, parameter: 'page[size]' },
    });
  }
  return `${c.baseUrl}${p}${encodeQuery(opts.query)}`;
}
