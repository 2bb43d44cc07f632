import { z } from 'zod';

/**
 * The parts of Klaviyo's JSON:API documents the app relies on. Everything else passes through untouched
 * (`looseObject`), so a new attribute in a later revision never breaks a sync, while a body that lacks what we
 * use (no `data`, a resource without `id`, a `links.next` that is not a string) is caught here and reported as
 * `malformed_response` instead of becoming silent garbage further down.
 */

export const ResourceObjectSchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().min(1),
  attributes: z.record(z.string(), z.unknown()).default({}),
  relationships: z.record(z.string(), z.unknown()).optional(),
  links: z.record(z.string(), z.unknown()).optional(),
});
export type ResourceObject = z.infer<typeof ResourceObjectSchema>;

/** Relationship-only endpoints (e.g. /api/tags/{id}/relationships/flows) answer with bare identifiers. */
export const ResourceIdentifierSchema = z.looseObject({ type: z.string().min(1), id: z.string().min(1) });

const LinksSchema = z.looseObject({
  self: z.string().optional(),
  next: z.string().nullish(),
  prev: z.string().nullish(),
});

export const CollectionDocumentSchema = z.looseObject({
  data: z.array(ResourceObjectSchema),
  links: LinksSchema.optional(),
  included: z.array(ResourceObjectSchema).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type CollectionDocument = z.infer<typeof CollectionDocumentSchema>;

export const SingleDocumentSchema = z.looseObject({
  data: ResourceObjectSchema,
  links: LinksSchema.optional(),
  included: z.array(ResourceObjectSchema).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type SingleDocument = z.infer<typeof SingleDocumentSchema>;

/** Any success document: a resource, a list of resources, identifiers, or null (e.g. an empty relationship). */
export const JsonApiDocumentSchema = z.looseObject({
  data: z.union([ResourceObjectSchema, z.array(ResourceObjectSchema), z.array(ResourceIdentifierSchema), z.null()]),
  links: LinksSchema.optional(),
  included: z.array(ResourceObjectSchema).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type JsonApiDocument = z.infer<typeof JsonApiDocumentSchema>;

/** Klaviyo's error document (spec `ClientError`/`ServerError`, plus the `status` real answers carry). */
export const ApiErrorSchema = z.looseObject({
  id: z.string().optional(),
  status: z.union([z.number(), z.string()]).optional(),
  code: z.string().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  source: z.looseObject({ pointer: z.string().optional(), parameter: z.string().optional() }).nullish(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const ErrorDocumentSchema = z.looseObject({ errors: z.array(ApiErrorSchema).min(1) });
export type ErrorDocument = z.infer<typeof ErrorDocumentSchema>;

/** First zod issue as a short human path, e.g. "data.3.id: expected string". */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  let path: PropertyKey[] = issue.path;
  let message = issue.message;
  // A union (e.g. data: resource | resource[]) reports "Invalid input": name the branch that got furthest.
  if (issue.code === 'invalid_union' && issue.errors.length) {
    const deepest = issue.errors
      .flat()
      .reduce<z.core.$ZodIssue | undefined>((a, b) => (!a || b.path.length > a.path.length ? b : a), undefined);
    if (deepest) {
      path = [...issue.path, ...deepest.path];
      message = deepest.message;
    }
  }
  const where = path.length ? path.map(String).join('.') : '(root)';
  return `${where}: ${message}`;
}
