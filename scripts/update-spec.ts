/**
 * `npm run spec:update -- path/to/stable.json`: swaps in a new revision of Klaviyo's OpenAPI spec.
 * The simulator and the client read every limit, filter and page size from it, so this is the whole
 * upgrade; the summary shows what changed so a reviewer can see which behaviour moves.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { buildOperationTable } from '../src/main/core/klaviyo/spec/operations';
import { loadOpenApiDocument, type OpenApiDocument } from '../src/main/core/klaviyo/spec/load-spec';

const target = path.resolve('resources/klaviyo-openapi/stable.json.gz');
const source = process.argv[2];
if (!source) {
  console.error('usage: npm run spec:update -- path/to/stable.json');
  process.exit(2);
}
const text = readFileSync(source, 'utf8');
const next = JSON.parse(text) as OpenApiDocument;
const nextTable = buildOperationTable(next); // throws on a spec we cannot read
const prevTable = buildOperationTable(loadOpenApiDocument(target));

const changes: string[] = [];
for (const op of nextTable.list) {
  const prev = prevTable.byId.get(op.operationId);
  if (!prev) {
    changes.push(`+ ${op.operationId}`);
    continue;
  }
  const a = JSON.stringify([prev.rateLimit, prev.pageSize, prev.filters, prev.scopes]);
  const b = JSON.stringify([op.rateLimit, op.pageSize, op.filters, op.scopes]);
  if (a !== b) changes.push(`~ ${op.operationId} (limits, page size, filters or scopes)`);
}
for (const op of prevTable.list) if (!nextTable.byId.has(op.operationId)) changes.push(`- ${op.operationId}`);

writeFileSync(target, gzipSync(text, { level: 9 }));
console.log(`revision ${prevTable.revision} → ${nextTable.revision}, ${nextTable.list.length} operations`);
console.log(changes.length ? changes.join('\n') : 'no operation changed');
