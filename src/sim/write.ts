import { randomUUID } from 'node:crypto';
import { addRelated, getResource, isoSeconds, put, relIds, removeRelated, setToOne, typeMap } from './dataset';
import { conflict, invalidBody, notFound } from './errors';
import { bumpVersion, serialize } from './read';
import { itemWriteHandlers, journaledCreate, recordApplied } from './write-items';
import {
  checkNoOversizeString,
  checkProfileSize,
  eventTime,
  MAX_EVENTS_PER_JOB,
  MAX_PROFILES_PER_JOB,
  validEmail,
} from './write-limits';
import type {
  ResourceIdentifier,
  SimDataset,
  SimOperationHandler,
  SimRequest,
  SimResource,
  SimResponse,
} from './types';

const UPDATED_FIELD: Record<string, string> = { campaign: 'updated_at', form: 'updated_at' };

/** A write changes the item, so its `updated` (or `updated_at`) moves to the simulator clock. */
export function touch(r: SimResource, now: number): void {
  const field = UPDATED_FIELD[r.type] ?? 'updated';
  r.attributes[field] = isoSeconds(now);
}

function dataOf(req: SimRequest): unknown {
  const body = req.body as { data?: unknown } | undefined;
  if (!body || typeof body !== 'object' || !('data' in body))
    throw invalidBody('/data', 'The request body must be a JSON:API document with a "data" member.');
  return body.data;
}

function identifiers(req: SimRequest, type: string, max: number): { type: string; id: string }[] {
  const data = dataOf(req);
  if (!Array.isArray(data)) throw invalidBody('/data', 'Expected an array of resource identifiers.');
  if (data.length > max) throw invalidBody('/data', `At most ${max} items may be sent in one request.`);
  return data.map((d, i) => {
    const x = d as { type?: unknown; id?: unknown };
    if (x?.type !== type) throw invalidBody(`/data/${i}/type`, `Expected type '${type}'.`);
    if (typeof x.id !== 'string' || !x.id) throw invalidBody(`/data/${i}/id`, 'Expected a string id.');
    return { type, id: x.id };
  });
}

const TAG_TARGETS: Record<string, string> = {
  flows: 'flow',
  campaigns: 'campaign',
  lists: 'list',
  segments: 'segment',
};
const MAX_TAGS_PER_OBJECT = 100;
const MAX_TAGS = 500;

function tagOp(remove: boolean): SimOperationHandler {
  return (req) => {
    const ds = req.account.dataset;
    const rel = req.op.path.split('/').pop()!;
    const targetType = TAG_TARGETS[rel]!;
    const tag = getResource(ds, 'tag', req.params.id!);
    if (!tag) throw notFound(`A tag with id ${req.params.id} does not exist.`);
    const ids = identifiers(req, targetType, 100);
    const targets = ids.map((ident) => {
      const t = getResource(ds, targetType, ident.id);
      if (!t) throw notFound(`A ${targetType} with id ${ident.id} does not exist.`);
      return t;
    });
    // the whole request is checked before anything is applied, so a refused one changes nothing
    if (!remove)
      for (const t of targets)
        if (!relIds(t, 'tags').some((x) => x.id === tag.id) && relIds(t, 'tags').length >= MAX_TAGS_PER_OBJECT)
          throw invalidBody('/data', `A ${targetType} can have at most ${MAX_TAGS_PER_OBJECT} tags.`);
    for (const t of targets) {
      recordApplied(ds, { at: req.now, operationId: req.op.operationId, type: targetType, id: t.id, value: tag.id });
      if (remove) {
        const changed = removeRelated(t, 'tags', tag);
        removeRelated(tag, rel, t);
        if (changed) touch(t, req.now);
      } else {
        const changed = addRelated(t, 'tags', tag);
        addRelated(tag, rel, t);
        if (changed) touch(t, req.now);
      }
    }
    bumpVersion(ds);
    return { status: 204 };
  };
}

function attributesOf(
  req: SimRequest,
  type: string,
): { attributes: Record<string, unknown>; relationships: Record<string, unknown> } {
  const data = dataOf(req) as { type?: unknown; attributes?: unknown; relationships?: unknown } | null;
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw invalidBody('/data', 'Expected a resource object.');
  if (data.type !== type) throw invalidBody('/data/type', `Expected type '${type}'.`);
  if (!data.attributes || typeof data.attributes !== 'object')
    throw invalidBody('/data/attributes', 'Missing attributes.');
  return {
    attributes: data.attributes as Record<string, unknown>,
    relationships: (data.relationships ?? {}) as Record<string, unknown>,
  };
}

function created(req: SimRequest, r: SimResource): SimResponse {
  return {
    status: 201,
    body: {
      data: serialize(r, req.baseUrl, { fields: {}, additional: {}, include: [] }),
      links: { self: `${req.baseUrl}/api/${r.type}s/${r.id}/` },
    },
  };
}

function addRelatedUnchecked(r: SimResource, rel: string, target: ResourceIdentifier): void {
  r.relationships ??= {};
  const cur = r.relationships[rel]?.data;
  if (Array.isArray(cur)) cur.push(target);
  else r.relationships[rel] = { data: [target] };
}

function newSixId(ds: SimDataset, type: string): string {
  const map = typeMap(ds, type);
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (;;) {
    let id = '';
    for (let i = 0; i < 6; i++) id += abc[Math.floor(Math.random() * abc.length)];
    if (!map.has(id)) return id;
  }
}

const createTag: SimOperationHandler = (req) => {
  const ds = req.account.dataset;
  const { attributes, relationships } = attributesOf(req, 'tag');
  const name = attributes.name;
  if (typeof name !== 'string' || !name.trim()) throw invalidBody('/data/attributes/name', 'A tag needs a name.');
  const tags = typeMap(ds, 'tag');
  if (tags.size >= MAX_TAGS) throw invalidBody('/data', `An account can have at most ${MAX_TAGS} tags.`);
  if ([...tags.values()].some((t) => t.attributes.name === name))
    throw conflict(`A tag named '${name}' already exists.`);
  const groupId = (relationships['tag-group'] as { data?: { id?: string } } | undefined)?.data?.id;
  const group = groupId
    ? getResource(ds, 'tag-group', groupId)
    : [...typeMap(ds, 'tag-group').values()].find((g) => g.attributes.default === true);
  if (groupId && !group) throw notFound(`A tag-group with id ${groupId} does not exist.`);
  const tag = put(ds, {
    type: 'tag',
    id: randomUUID(),
    attributes: { name },
    relationships: { flows: { data: [] }, campaigns: { data: [] }, lists: { data: [] }, segments: { data: [] } },
  });
  if (group) {
    setToOne(tag, 'tag-group', group);
    addRelated(group, 'tags', tag);
  }
  bumpVersion(ds);
  return created(req, tag);
};

const createList: SimOperationHandler = (req) => {
  const ds = req.account.dataset;
  const { attributes } = attributesOf(req, 'list');
  if (typeof attributes.name !== 'string' || !attributes.name.trim())
    throw invalidBody('/data/attributes/name', 'A list needs a name.');
  const opt = attributes.opt_in_process ?? 'single_opt_in';
  if (opt !== 'single_opt_in' && opt !== 'double_opt_in')
    throw invalidBody('/data/attributes/opt_in_process', "Must be 'single_opt_in' or 'double_opt_in'.");
  const now = isoSeconds(req.now);
  const list = put(ds, {
    type: 'list',
    id: newSixId(ds, 'list'),
    attributes: { name: attributes.name, created: now, updated: now, opt_in_process: opt, profile_count: 0 },
    relationships: { profiles: { data: [] }, tags: { data: [] }, 'flow-triggers': { data: [] } },
  });
  bumpVersion(ds);
  return created(req, list);
};

const CONDITION_TYPES = new Set([
  'profile-group-membership',
  'profile-no-group-membership',
  'profile-metric',
  'profile-marketing-consent',
  'profile-postal-code-distance',
  'profile-property',
  'profile-region',
  'profile-predictive-analytics',
  'profile-has-custom-object',
  'profile-permissions',
  'profile-metric-funnel',
]);

/**
 * What Klaviyo checks of a segment definition before it creates the segment: condition groups of known condition
 * types, a metric condition naming a metric of the account with a measurement and both filters, a consent
 * condition naming its channel. (The full schema is the spec's SegmentDefinition; tests validate against it.)
 */
function checkSegmentDefinition(ds: SimDataset, definition: unknown): void {
  const base = '/data/attributes/definition';
  const groups = (definition as { condition_groups?: unknown } | null)?.condition_groups;
  if (!definition || typeof definition !== 'object' || !Array.isArray(groups) || !groups.length)
    throw invalidBody(`${base}/condition_groups`, 'A segment definition needs at least one condition group.');
  groups.forEach((g, i) => {
    const conditions = (g as { conditions?: unknown } | null)?.conditions;
    if (!Array.isArray(conditions) || !conditions.length)
      throw invalidBody(`${base}/condition_groups/${i}/conditions`, 'A condition group needs at least one condition.');
    conditions.forEach((c, j) => {
      const at = `${base}/condition_groups/${i}/conditions/${j}`;
      const cond = (c ?? {}) as Record<string, unknown>;
      if (typeof cond.type !== 'string' || !CONDITION_TYPES.has(cond.type))
        throw invalidBody(`${at}/type`, `Unknown condition type '${String(cond.type)}'.`);
      if (cond.type === 'profile-metric') {
        if (typeof cond.metric_id !== 'string' || !getResource(ds, 'metric', cond.metric_id))
          throw invalidBody(`${at}/metric_id`, `Metric '${String(cond.metric_id)}' does not exist.`);
        if (cond.measurement !== 'count' && cond.measurement !== 'sum')
          throw invalidBody(`${at}/measurement`, "Must be 'count' or 'sum'.");
        for (const f of ['measurement_filter', 'timeframe_filter'])
          if (!cond[f] || typeof cond[f] !== 'object') throw invalidBody(`${at}/${f}`, `Missing ${f}.`);
      }
      if (cond.type === 'profile-marketing-consent') {
        const consent = cond.consent as { channel?: unknown } | undefined;
        if (!consent || !['email', 'sms', 'push'].includes(String(consent.channel)))
          throw invalidBody(`${at}/consent/channel`, "Must be 'email', 'sms' or 'push'.");
      }
    });
  });
}

const createSegment: SimOperationHandler = (req) => {
  const ds = req.account.dataset;
  const { attributes } = attributesOf(req, 'segment');
  if (typeof attributes.name !== 'string' || !attributes.name.trim())
    throw invalidBody('/data/attributes/name', 'A segment needs a name.');
  checkSegmentDefinition(ds, attributes.definition);
  const now = isoSeconds(req.now);
  const seg = put(ds, {
    type: 'segment',
    id: newSixId(ds, 'segment'),
    attributes: {
      name: attributes.name,
      definition: attributes.definition,
      created: now,
      updated: now,
      is_active: true,
      is_processing: true,
      is_starred: Boolean(attributes.is_starred),
      profile_count: 0,
    },
    relationships: { profiles: { data: [] }, tags: { data: [] }, 'flow-triggers': { data: [] } },
  });
  bumpVersion(ds);
  return created(req, seg);
};

const addProfilesToList: SimOperationHandler = (req) => {
  const ds = req.account.dataset;
  const list = getResource(ds, 'list', req.params.id!);
  if (!list) throw notFound(`A list with id ${req.params.id} does not exist.`);
  const ids = identifiers(req, 'profile', 1000);
  let added = 0;
  for (const ident of ids) {
    if (!getResource(ds, 'profile', ident.id)) throw notFound(`A profile with id ${ident.id} does not exist.`);
    if (addRelated(list, 'profiles', { ...ident, meta: { joined_group_at: isoSeconds(req.now) } })) added++;
  }
  list.attributes.profile_count = Number(list.attributes.profile_count ?? 0) + added;
  if (added) touch(list, req.now);
  bumpVersion(ds);
  return { status: 204 };
};

type ProfileIndex = Map<string, SimResource>;
const profileIndexes = new WeakMap<SimDataset, { size: number; index: ProfileIndex }>();

/** email / external_id / phone → profile, rebuilt only when profiles were added, so bulk imports stay linear. */
function profileIndex(ds: SimDataset): ProfileIndex {
  const profiles = typeMap(ds, 'profile');
  const cached = profileIndexes.get(ds);
  if (cached && cached.size === profiles.size) return cached.index;
  const index: ProfileIndex = new Map();
  for (const p of profiles.values()) indexProfile(index, p);
  profileIndexes.set(ds, { size: profiles.size, index });
  return index;
}

function indexProfile(index: ProfileIndex, p: SimResource): void {
  for (const f of ['email', 'external_id', 'phone_number'] as const) {
    const v = p.attributes[f];
    if (typeof v === 'string' && v) index.set(`${f}:${v}`, p);
  }
}

function findProfile(ds: SimDataset, attrs: Record<string, unknown>): SimResource | undefined {
  if (typeof attrs.id === 'string') {
    const byId = getResource(ds, 'profile', attrs.id);
    if (byId) return byId;
  }
  const index = profileIndex(ds);
  for (const f of ['email', 'external_id', 'phone_number'] as const) {
    const v = attrs[f];
    if (typeof v === 'string' && v) {
      const hit = index.get(`${f}:${v}`);
      if (hit) return hit;
    }
  }
  return undefined;
}

const PROFILE_FIELDS = [
  'email',
  'phone_number',
  'external_id',
  'first_name',
  'last_name',
  'organization',
  'locale',
  'title',
  'image',
  'location',
  'properties',
];

function upsertProfile(ds: SimDataset, attrs: Record<string, unknown>, now: number): SimResource {
  const existing = findProfile(ds, attrs);
  if (existing) {
    for (const f of PROFILE_FIELDS) if (attrs[f] !== undefined) existing.attributes[f] = attrs[f];
    touch(existing, now);
    indexProfile(profileIndex(ds), existing);
    return existing;
  }
  const ts = isoSeconds(now);
  const base: Record<string, unknown> = {
    email: null,
    phone_number: null,
    external_id: null,
    first_name: null,
    last_name: null,
    organization: null,
    locale: null,
    title: null,
    image: null,
    created: ts,
    updated: ts,
    last_event_date: null,
    location: null,
    properties: {},
  };
  for (const f of PROFILE_FIELDS) if (attrs[f] !== undefined) base[f] = attrs[f];
  const index = profileIndex(ds);
  const created = put(ds, {
    type: 'profile',
    id: randomUUID().replace(/-/g, '').slice(0, 26).toUpperCase(),
    attributes: base,
  });
  indexProfile(index, created);
  profileIndexes.set(ds, { size: typeMap(ds, 'profile').size, index });
  return created;
}

const bulkImportProfiles: SimOperationHandler = (req) => {
  const ds = req.account.dataset;
  const { attributes, relationships } = attributesOf(req, 'profile-bulk-import-job');
  const profiles = (attributes.profiles as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(profiles) || !profiles.length)
    throw invalidBody('/data/attributes/profiles/data', 'Expected a non-empty array of profiles.');
  if (profiles.length > MAX_PROFILES_PER_JOB)
    throw invalidBody('/data/attributes/profiles/data', 'At most 10,000 profiles per job.');
  profiles.forEach((p, i) => checkProfileSize(p, `/data/attributes/profiles/data/${i}`));
  const listIds = ((relationships.lists as { data?: { id?: string }[] } | undefined)?.data ?? []).map(
    (x) => x.id ?? '',
  );
  const lists = listIds.map((id) => {
    const l = getResource(ds, 'list', id);
    if (!l) throw notFound(`A list with id ${id} does not exist.`);
    return l;
  });
  const jobId = randomUUID().replace(/-/g, '').slice(0, 26).toUpperCase();
  const job = put(ds, {
    type: 'profile-bulk-import-job',
    id: jobId,
    attributes: {
      status: 'queued',
      created_at: isoSeconds(req.now),
      total_count: profiles.length,
      completed_count: 0,
      failed_count: 0,
      completed_at: null,
      expires_at: isoSeconds(req.now + 7 * 86_400_000),
      started_at: null,
    },
    relationships: {
      lists: { data: lists.map((l) => ({ type: 'list', id: l.id })) },
      profiles: { data: [] },
      'import-errors': { data: [] },
    },
  });
  let failed = 0;
  // membership sets keep a 10,000-profile job linear
  const jobMembers = new Set<string>();
  const listMembers = lists.map((l) => new Set(relIds(l, 'profiles').map((x) => x.id)));
  profiles.forEach((p, i) => {
    const attrs = ((p as { attributes?: unknown })?.attributes ?? {}) as Record<string, unknown>;
    const problem =
      !attrs.email && !attrs.phone_number && !attrs.external_id
        ? 'A profile needs an email, phone_number or external_id.'
        : attrs.email !== undefined && attrs.email !== null && !validEmail(attrs.email)
          ? `Invalid email address: ${String(attrs.email)}`
          : null;
    if (problem) {
      failed++;
      const err = put(ds, {
        type: 'import-error',
        id: `${jobId}-${i}`,
        attributes: {
          code: 'invalid',
          title: 'Invalid input.',
          detail: problem,
          source: { pointer: `/data/attributes/profiles/data/${i}` },
          original_payload: attrs,
        },
      });
      addRelated(job, 'import-errors', err);
      return;
    }
    const prof = upsertProfile(ds, attrs, req.now);
    if (!jobMembers.has(prof.id)) {
      jobMembers.add(prof.id);
      (job.relationships!.profiles!.data as { type: string; id: string }[]).push({ type: 'profile', id: prof.id });
    }
    lists.forEach((l, k) => {
      if (listMembers[k]!.has(prof.id)) return;
      listMembers[k]!.add(prof.id);
      addRelatedUnchecked(l, 'profiles', {
        type: 'profile',
        id: prof.id,
        meta: { joined_group_at: isoSeconds(req.now) },
      });
      l.attributes.profile_count = Number(l.attributes.profile_count ?? 0) + 1;
    });
  });
  for (const l of lists) touch(l, req.now);
  job.attributes.failed_count = failed;
  (job as SimResource & { __completed?: number }).__completed = profiles.length - failed;
  bumpVersion(ds);
  return {
    status: 202,
    body: {
      data: serialize(job, req.baseUrl, { fields: {}, additional: {}, include: [] }),
      links: { self: `${req.baseUrl}/api/profile-bulk-import-jobs/${jobId}/` },
    },
  };
};

/** Jobs move queued → processing → complete, one step per status read, so polling is observable and finite. */
export function advanceJobs(ds: SimDataset, id: string | undefined, now: number): void {
  const jobs = typeMap(ds, 'profile-bulk-import-job');
  const list = id ? [jobs.get(id)].filter((x): x is SimResource => Boolean(x)) : [...jobs.values()];
  for (const job of list) {
    const a = job.attributes;
    if (a.status === 'queued') {
      a.status = 'processing';
      a.started_at = isoSeconds(now);
    } else if (a.status === 'processing') {
      a.status = 'complete';
      a.completed_count = (job as SimResource & { __completed?: number }).__completed ?? a.total_count;
      a.completed_at = isoSeconds(now);
    }
  }
}

function metricByName(ds: SimDataset, name: string, now: number): SimResource {
  const metrics = typeMap(ds, 'metric');
  for (const m of metrics.values()) if (m.attributes.name === name) return m;
  const ts = isoSeconds(now);
  return put(ds, {
    type: 'metric',
    id: newSixId(ds, 'metric'),
    attributes: {
      name,
      created: ts,
      updated: ts,
      integration: { object: 'integration', id: '7FtS4J', key: 'api', name: 'API', category: 'API' },
    },
    relationships: { 'flow-triggers': { data: [] } },
  });
}

const uniqueEventKeys = new WeakMap<SimDataset, Set<string>>();

function recordEvent(
  req: SimRequest,
  attrs: Record<string, unknown>,
  profileAttrs: Record<string, unknown>,
  pointer: string,
  apply = true,
): void {
  const ds = req.account.dataset;
  if (!attrs.properties || typeof attrs.properties !== 'object')
    throw invalidBody(`${pointer}/properties`, 'Event properties are required.');
  const metricName = (attrs.metric as { data?: { attributes?: { name?: unknown } } } | undefined)?.data?.attributes
    ?.name;
  if (typeof metricName !== 'string' || !metricName || metricName.length >= 128)
    throw invalidBody(`${pointer}/metric`, 'A metric name (under 128 characters) is required.');
  if (
    !profileAttrs.email &&
    !profileAttrs.phone_number &&
    !profileAttrs.external_id &&
    !(profileAttrs as { id?: unknown }).id
  )
    throw invalidBody(
      `${pointer}/profile`,
      'A profile identifier (email, phone_number, external_id or id) is required.',
    );
  if (profileAttrs.email !== undefined && profileAttrs.email !== null && !validEmail(profileAttrs.email))
    throw invalidBody(`${pointer}/profile`, `Invalid email address: ${String(profileAttrs.email)}`);
  const time = eventTime(attrs.time, req.now, pointer);
  if (!apply) return;
  const metric = metricByName(ds, metricName, req.now);
  const profile = upsertProfile(ds, profileAttrs, req.now);
  const properties = { ...(attrs.properties as Record<string, unknown>) };
  if (attrs.value !== undefined) properties.$value = attrs.value;
  // Klaviyo de-duplicates on (profile, metric, unique_id)
  const uniqueId = typeof attrs.unique_id === 'string' ? attrs.unique_id : undefined;
  if (uniqueId) {
    let seen = uniqueEventKeys.get(ds);
    if (!seen) uniqueEventKeys.set(ds, (seen = new Set()));
    const k = `${profile.id}|${metric.id}|${uniqueId}`;
    if (seen.has(k)) return;
    seen.add(k);
  }
  const event: SimResource = {
    type: 'event',
    id: randomUUID().replace(/-/g, '').slice(0, 27),
    attributes: {
      timestamp: Math.floor(time / 1000),
      event_properties: properties,
      datetime: isoSeconds(time),
      uuid: randomUUID(),
    },
    relationships: {
      profile: { data: { type: 'profile', id: profile.id } },
      metric: { data: { type: 'metric', id: metric.id } },
      attributions: { data: [] },
    },
  };
  // keep API-created events in time order so listings can merge them with the generated ones
  const extra = ds.events.extra;
  let lo = 0;
  let hi = extra.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Number(extra[mid]!.attributes.timestamp) <= Math.floor(time / 1000)) lo = mid + 1;
    else hi = mid;
  }
  extra.splice(lo, 0, event);
  profile.attributes.last_event_date = isoSeconds(time);
}

const createEvent: SimOperationHandler = (req) => {
  const { attributes } = attributesOf(req, 'event');
  const profileAttrs = ((attributes.profile as { data?: { attributes?: unknown } } | undefined)?.data?.attributes ??
    {}) as Record<string, unknown>;
  recordEvent(req, attributes, profileAttrs, '/data/attributes');
  bumpVersion(req.account.dataset);
  return { status: 202 };
};

const bulkCreateEvents: SimOperationHandler = (req) => {
  const { attributes } = attributesOf(req, 'event-bulk-create-job');
  const groups = (attributes['events-bulk-create'] as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(groups) || !groups.length)
    throw invalidBody('/data/attributes/events-bulk-create/data', 'Expected a non-empty array.');
  checkNoOversizeString(groups, '/data/attributes/events-bulk-create/data');
  // the whole request is checked before any event is recorded, so a refused one records nothing
  for (const apply of [false, true]) eachBulkEvent(req, groups, apply);
  bumpVersion(req.account.dataset);
  return { status: 202 };
};

function eachBulkEvent(req: SimRequest, groups: unknown[], apply: boolean): void {
  let total = 0;
  groups.forEach((g, gi) => {
    const ga = ((g as { attributes?: unknown })?.attributes ?? {}) as Record<string, unknown>;
    const profileAttrs = ((ga.profile as { data?: { attributes?: unknown } } | undefined)?.data?.attributes ??
      {}) as Record<string, unknown>;
    const events = (ga.events as { data?: unknown } | undefined)?.data;
    if (!Array.isArray(events))
      throw invalidBody(
        `/data/attributes/events-bulk-create/data/${gi}/attributes/events`,
        'Expected an array of events.',
      );
    total += events.length;
    if (total > MAX_EVENTS_PER_JOB)
      throw invalidBody('/data/attributes/events-bulk-create/data', 'At most 1,000 events per job.');
    events.forEach((e, ei) =>
      recordEvent(
        req,
        ((e as { attributes?: unknown })?.attributes ?? {}) as Record<string, unknown>,
        profileAttrs,
        `/data/attributes/events-bulk-create/data/${gi}/attributes/events/data/${ei}/attributes`,
        apply,
      ),
    );
  });
}

function profileAttributesOf(req: SimRequest): Record<string, unknown> {
  const { attributes } = attributesOf(req, 'profile');
  if (!attributes.email && !attributes.phone_number && !attributes.external_id)
    throw invalidBody('/data/attributes', 'A profile needs an email, phone_number or external_id.');
  return attributes;
}

function profileDocument(req: SimRequest, p: SimResource, status: number): SimResponse {
  return {
    status,
    body: {
      data: serialize(p, req.baseUrl, { fields: {}, additional: {}, include: [] }),
      links: { self: `${req.baseUrl}/api/profiles/${p.id}/` },
    },
  };
}

const createProfile: SimOperationHandler = (req) => {
  const attrs = profileAttributesOf(req);
  const existing = findProfile(req.account.dataset, attrs);
  if (existing) {
    const r = conflict('A profile already exists with one of these identifiers.');
    const item = (r.response.body as { errors: { meta?: Record<string, unknown> }[] }).errors[0]!;
    item.meta = { duplicate_profile_id: existing.id };
    throw r;
  }
  const p = upsertProfile(req.account.dataset, attrs, req.now);
  bumpVersion(req.account.dataset);
  return profileDocument(req, p, 201);
};

const createOrUpdateProfile: SimOperationHandler = (req) => {
  const attrs = profileAttributesOf(req);
  const existed = Boolean(findProfile(req.account.dataset, attrs));
  const p = upsertProfile(req.account.dataset, attrs, req.now);
  bumpVersion(req.account.dataset);
  return profileDocument(req, p, existed ? 200 : 201);
};

export const writeHandlers: Record<string, SimOperationHandler> = {
  create_profile: createProfile,
  create_or_update_profile: createOrUpdateProfile,
  tag_flows: tagOp(false),
  tag_campaigns: tagOp(false),
  tag_lists: tagOp(false),
  tag_segments: tagOp(false),
  remove_tag_from_flows: tagOp(true),
  remove_tag_from_campaigns: tagOp(true),
  remove_tag_from_lists: tagOp(true),
  remove_tag_from_segments: tagOp(true),
  create_tag: createTag,
  create_list: journaledCreate('list', createList),
  create_segment: journaledCreate('segment', createSegment),
  add_profiles_to_list: addProfilesToList,
  bulk_import_profiles: bulkImportProfiles,
  create_event: createEvent,
  bulk_create_events: bulkCreateEvents,
  ...itemWriteHandlers,
};
