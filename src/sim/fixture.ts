import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { createDataset, put, relIds, addRelated, getResource } from './dataset';
import { generateDataset } from './generate';
import type { SimDataset, SimFixtureAccount, SimFixtureFile } from './types';

const identifier = z
  .object({ type: z.string().min(1), id: z.string().min(1), meta: z.record(z.string(), z.unknown()).optional() })
  .strict();

const resourceSchema = z
  .object({
    type: z.string().min(1),
    id: z.string().min(1),
    attributes: z.record(z.string(), z.unknown()),
    // the spec lets a relationship carry `data`, `links` or both: Klaviyo sends to-many relationships with
    // `links` only unless they were included
    relationships: z
      .record(
        z.string(),
        z
          .object({
            data: z.union([identifier, z.array(identifier), z.null()]).optional(),
            links: z.object({ self: z.string().optional(), related: z.string().optional() }).passthrough().optional(),
          })
          .passthrough()
          .refine((r) => r.data !== undefined || r.links !== undefined, 'a relationship needs data or links'),
      )
      .optional(),
    links: z.unknown().optional(),
  })
  .strict();

const accountSchema = z
  .object({
    id: z.string().min(1).optional(),
    name: z.string().optional(),
    baseSize: z.enum(['tiny', 'small', 'medium', 'large', 'xl']).optional(),
    resources: z.array(resourceSchema),
  })
  .strict();

export const fixtureFileSchema = z.object({ accounts: z.array(accountSchema).min(1) }).strict();

/** Relationship pairs kept consistent on both sides when a fixture names only one. */
const INVERSE: Record<string, Record<string, string>> = {
  tag: { flows: 'tags', campaigns: 'tags', lists: 'tags', segments: 'tags', 'tag-group': 'tags' },
  flow: { tags: 'flows', 'flow-actions': 'flow' },
  campaign: { tags: 'campaigns', 'campaign-messages': 'campaign' },
  list: { tags: 'lists' },
  segment: { tags: 'segments' },
  'flow-action': { flow: 'flow-actions', 'flow-messages': 'flow-action' },
  'flow-message': { 'flow-action': 'flow-messages' },
  'campaign-message': { campaign: 'campaign-messages' },
  form: { 'form-versions': 'form' },
  'form-version': { form: 'form-versions' },
  'tag-group': { tags: 'tag-group' },
};

const TO_ONE = new Set([
  'flow',
  'campaign',
  'form',
  'flow-action',
  'tag-group',
  'template',
  'metric',
  'profile',
  'image',
]);

export function loadFixtureFile(input: string | SimFixtureFile): SimFixtureFile {
  let raw: unknown = input;
  const where = typeof input === 'string' ? input : 'fixture';
  if (typeof input === 'string') {
    let text: string;
    try {
      text = readFileSync(input, 'utf8');
    } catch (e) {
      throw new Error(`fixture ${input}: cannot read file (${(e as Error).message})`);
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new Error(`fixture ${input}: not valid JSON (${(e as Error).message})`);
    }
  }
  const r = fixtureFileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`fixture ${where}: invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return r.data as SimFixtureFile;
}

/**
 * The served relationships as data: the simulator writes its own links, so a fixture's links are dropped, and a
 * links-only relationship starts empty (to-many) or null (to-one) and is filled from the other side's data.
 */
function relationshipData(rels: Record<string, { data?: unknown }>): Record<string, { data: unknown }> {
  const out: Record<string, { data: unknown }> = {};
  for (const [name, rel] of Object.entries(rels))
    out[name] = { data: rel.data !== undefined ? structuredClone(rel.data) : TO_ONE.has(name) ? null : [] };
  return out;
}

/** Builds a dataset from a fixture account: optional generated base, then the given resources on top. */
export function datasetFromFixture(
  acc: SimFixtureAccount,
  index: number,
  seed: number,
  anchor?: number,
): { dataset: SimDataset; name: string } {
  const accountId =
    acc.id ?? acc.resources.find((r) => r.type === 'account')?.id ?? `FIXT${String(index).padStart(2, '0')}`;
  const name = acc.name ?? `Fixture account ${accountId}`;
  const dataset = acc.baseSize
    ? generateDataset({
        size: acc.baseSize,
        seed,
        accountId,
        accountName: name,
        ...(anchor !== undefined ? { anchor } : {}),
      }).dataset
    : createDataset(accountId);
  const seen = new Set<string>();
  for (const r of acc.resources) {
    const key = `${r.type}|${r.id}`;
    if (seen.has(key)) throw new Error(`fixture account ${accountId}: duplicate resource ${r.type} ${r.id}`);
    seen.add(key);
    put(dataset, {
      type: r.type,
      id: r.id,
      attributes: { ...r.attributes },
      ...(r.relationships ? { relationships: relationshipData(r.relationships) as never } : {}),
    });
  }
  if (!dataset.resources.get('account')?.size) {
    put(dataset, {
      type: 'account',
      id: accountId,
      attributes: {
        test_account: true,
        contact_information: {
          default_sender_name: name,
          default_sender_email: 'owner@example.com',
          website_url: null,
          organization_name: name,
          street_address: { address1: null, address2: null, city: null, region: null, country: null, zip: null },
        },
        industry: null,
        timezone: 'UTC',
        preferred_currency: 'USD',
        public_api_key: accountId,
        locale: 'en-US',
      },
    });
  }
  if (![...(dataset.resources.get('tag-group')?.values() ?? [])].some((g) => g.attributes.default === true)) {
    put(dataset, {
      type: 'tag-group',
      id: `${accountId}-default`,
      attributes: { name: 'Default', exclusive: false, default: true },
      relationships: { tags: { data: [] } },
    });
  }
  // POST /api/tags puts a tag without a group into the default group; fixtures get the same.
  const defaultGroup = [...(dataset.resources.get('tag-group')?.values() ?? [])].find(
    (g) => g.attributes.default === true,
  )!;
  for (const tag of dataset.resources.get('tag')?.values() ?? []) {
    if (!tag.relationships?.['tag-group']?.data) {
      tag.relationships ??= {};
      tag.relationships['tag-group'] = { data: { type: 'tag-group', id: defaultGroup.id } };
      addRelated(defaultGroup, 'tags', tag);
    }
  }
  // Complete the other side of every relationship, and check that each points at something real.
  for (const r of acc.resources) {
    const inv = INVERSE[r.type] ?? {};
    const stored = getResource(dataset, r.type, r.id)!;
    for (const rel of Object.keys(stored.relationships ?? {})) {
      for (const ident of relIds(stored, rel)) {
        const target = getResource(dataset, ident.type, ident.id);
        if (!target)
          throw new Error(
            `fixture account ${accountId}: ${r.type} ${r.id} → ${rel} points at missing ${ident.type} ${ident.id}`,
          );
        const back = inv[rel];
        if (!back) continue;
        if (TO_ONE.has(back)) {
          target.relationships ??= {};
          if (!target.relationships[back]?.data) target.relationships[back] = { data: { type: r.type, id: r.id } };
        } else addRelated(target, back, { type: r.type, id: r.id });
      }
    }
  }
  return { dataset, name };
}
