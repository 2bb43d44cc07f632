import { AppError } from '../../../shared/errors';
import type { Page, PaginateOptions, RequestOptions } from './client-types';
import { serverAtStart } from './errors';
import { CollectionDocumentSchema, type JsonApiDocument } from './schemas';

type Request = <T = JsonApiDocument>(operationId: string, opts?: RequestOptions<T>) => Promise<T>;

/** Pages of a list operation, following links.next verbatim, one page in memory at a time; a cursor loop is refused. */
export async function* paginate(
  request: Request,
  { requestId, server }: { requestId: string; server: string },
  operationId: string,
  opts: PaginateOptions = {},
): AsyncGenerator<Page> {
  const seen = new Set<string>();
  const { expectType, startUrl, ...rest } = opts;
  let url: string | undefined = startUrl;
  for (let index = 0; ; index++) {
    const doc = await request(operationId, {
      ...rest,
      ...(url ? { url, query: undefined } : {}),
      schema: CollectionDocumentSchema,
    });
    if (expectType) {
      const wrong = doc.data.find((r) => r.type !== expectType);
      if (wrong) {
        throw new AppError(
          'malformed_response',
          `${serverAtStart(server)} listed a "${wrong.type}" where "${expectType}" was expected.`,
          {
            requestId,
            details: { operationId, page: index, expected: expectType, got: wrong.type },
          },
        );
      }
    }
    const next = doc.links?.next ?? null;
    yield { operationId, index, data: doc.data, included: doc.included ?? [], next, meta: doc.meta };
    if (!next) return;
    if (seen.has(next)) {
      throw new AppError(
        'malformed_response',
        `${serverAtStart(server)} sent a next-page link it had already sent (a cursor loop).`,
        { requestId, details: { operationId, page: index } },
      );
    }
    seen.add(next);
    url = next;
  }
}
