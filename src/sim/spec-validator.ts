import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { loadOpenApiDocument } from '../main/core/klaviyo/spec/load-spec';

/**
 * Rewrites OpenAPI 3.0 schema dialect into JSON Schema ajv understands:
 * - `nullable: true` → also accept null;
 * - `oneOf` → `anyOf`: the generated Klaviyo spec has oneOf branches that overlap (e.g. the three identical
 *   `send_options` shapes), which no value could satisfy "exactly one" of;
 * - drops OpenAPI-only keywords.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const src = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) {
    if (
      k === 'nullable' ||
      k === 'discriminator' ||
      k === 'example' ||
      k === 'examples' ||
      k === 'xml' ||
      k === 'externalDocs' ||
      k.startsWith('x-')
    )
      continue;
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([pk, pv]) => [pk, toJsonSchema(pv)]),
      );
      continue;
    }
    out[k === 'oneOf' ? 'anyOf' : k] = toJsonSchema(v);
  }
  if (src.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    } else return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** A validator for a `components.schemas` entry of the bundled spec. */
export function schemaValidator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (v) return v;
  if (!ajv) {
    const doc = loadOpenApiDocument();
    ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'klaviyo-spec', components: { schemas: toJsonSchema(doc.components.schemas) } });
  }
  v = ajv.compile({ $ref: `klaviyo-spec#/components/schemas/${name}` });
  compiled.set(name, v);
  return v;
}

/** Validation errors of a body against a named schema, as short readable lines (empty when valid). */
export function validateAgainstSchema(name: string, body: unknown): string[] {
  const v = schemaValidator(name);
  if (v(body)) return [];
  return (v.errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
