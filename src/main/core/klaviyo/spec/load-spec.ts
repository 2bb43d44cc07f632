import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * Klaviyo's OpenAPI document as shipped with the app (resources/klaviyo-openapi/stable.json.gz).
 * Both the simulator and the client read their rules (rate limits, filters, page sizes, scopes,
 * response schemas) from this file, so a new revision is a file swap (`npm run spec:update`).
 */
export type OpenApiDocument = {
  openapi: string;
  info: { version: string; title?: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown>; responses?: Record<string, unknown> };
};

export type OpenApiParameter = {
  name: string;
  in: 'query' | 'header' | 'path';
  required?: boolean;
  description?: string;
  schema?: {
    type?: string;
    enum?: string[];
    default?: unknown;
    minimum?: number;
    maximum?: number;
    items?: { type?: string; enum?: string[] };
  };
};

export type OpenApiOperation = {
  operationId: string;
  description?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
  'x-klaviyo-ratelimit'?: { burst?: string; steady?: string; daily?: string };
  'x-klaviyo-scopes'?: string[];
  'x-klaviyo-filters'?: Record<string, RawFilterSpec>;
};

type RawFilterSpec = {
  operators: { single?: string[]; list?: string[]; 'no-value'?: string[]; no_value?: string[] };
  value?: { type?: string; format?: string; enum?: string[] };
};

const SPEC_FILE_NAMES = ['stable.json.gz', 'stable.json'];

/** Where the bundled spec lives: next to the sources in dev/tests, in resources/ when packaged. */
export function defaultSpecPath(): string {
  const override = process.env.AUDIT_DESK_SPEC_PATH;
  if (override) return override;
  const candidates: string[] = [];
  const resourcesPath = (process as unknown as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(path.join(resourcesPath, 'klaviyo-openapi'));
  let dir = path.dirname(fileURLToPath(import.meta.url));
  // Walk up to the project root (works from src/… and from out/…).
  for (let i = 0; i < 8; i++) {
    candidates.push(path.join(dir, 'resources', 'klaviyo-openapi'));
    dir = path.dirname(dir);
  }
  for (const c of candidates) {
    for (const name of SPEC_FILE_NAMES) {
      const p = path.join(c, name);
      if (existsSync(p)) return p;
    }
  }
  throw new Error(`Klaviyo OpenAPI spec not found (looked in ${candidates.join(', ')})`);
}

let cached: { path: string; doc: OpenApiDocument } | undefined;

/**
 * The document, read and parsed each time: 3 MB of JSON (tens of MB as objects) that a caller needing only what it
 * derives from it (the operation table) should not keep alive in every thread of the app.
 */
export function readOpenApiDocument(specPath: string = defaultSpecPath()): OpenApiDocument {
  const raw = readFileSync(specPath);
  const text = specPath.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  const doc = JSON.parse(text) as OpenApiDocument;
  if (!doc.paths || !doc.components?.schemas) throw new Error(`${specPath} is not an OpenAPI document`);
  return doc;
}

/** The document, kept for the process (the simulator validates every answer against its schemas). */
export function loadOpenApiDocument(specPath: string = defaultSpecPath()): OpenApiDocument {
  if (cached && cached.path === specPath) return cached.doc;
  const doc = readOpenApiDocument(specPath);
  cached = { path: specPath, doc };
  return doc;
}
