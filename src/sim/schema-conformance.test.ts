import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startSimulator } from './index';
import { simCall } from './testing';
import { validateAgainstSchema } from './spec-validator';
import { operationTable } from '../main/core/klaviyo/spec/operations';
import type { Simulator } from './types';

let sim: Simulator;
const first = (type: string): string => sim.accounts[0]!.dataset.resources.get(type)!.values().next().value!.id;
/** the first resource of a type whose relationship `rel` is not empty, so child listings have data */
const firstWith = (type: string, rel: string): string => {
  for (const r of sim.accounts[0]!.dataset.resources.get(type)!.values()) {
    const d = r.relationships?.[rel]?.data;
    if (Array.isArray(d) ? d.length : d) return r.id;
  }
  throw new Error(`no ${type} with ${rel}`);
};

beforeAll(async () => {
  sim = await startSimulator({ size: 'small', seed: 3, timeScale: 1000 });
});
afterAll(async () => {
  await sim.close();
});

// Every GET the client uses (ENDPOINTS.md table A inventory, single GETs and child collections), with the
// includes and additional fields that make the documents largest.
const cases: [string, () => string][] = [
  ['get_accounts', () => '/api/accounts'],
  ['get_account', () => `/api/accounts/${first('account')}`],
  ['get_flows', () => '/api/flows?include=tags,flow-actions'],
  ['get_flows', () => '/api/flows?filter=equals(archived,true)'],
  ['get_flow', () => `/api/flows/${first('flow')}?additional-fields[flow]=definition&include=tags,flow-actions`],
  ['get_actions_for_flow', () => `/api/flows/${first('flow')}/flow-actions`],
  ['get_flow_action', () => `/api/flow-actions/${first('flow-action')}?include=flow,flow-messages`],
  ['get_flow_action_messages', () => `/api/flow-actions/${first('flow-action')}/flow-messages`],
  ['get_flow_message', () => `/api/flow-messages/${first('flow-message')}?include=flow-action,template`],
  ['get_campaigns', () => "/api/campaigns?filter=equals(messages.channel,'email')&include=campaign-messages,tags"],
  ['get_campaigns', () => "/api/campaigns?filter=equals(messages.channel,'sms')&include=campaign-messages,tags"],
  ['get_campaigns', () => "/api/campaigns?filter=equals(messages.channel,'mobile_push')&include=campaign-messages"],
  ['get_campaign', () => `/api/campaigns/${first('campaign')}?include=campaign-messages,tags`],
  ['get_messages_for_campaign', () => `/api/campaigns/${first('campaign')}/campaign-messages?include=template`],
  ['get_campaign_message', () => `/api/campaign-messages/${first('campaign-message')}?include=campaign,template`],
  ['get_templates', () => '/api/templates?additional-fields[template]=definition'],
  ['get_template', () => `/api/templates/${first('template')}?additional-fields[template]=definition`],
  ['get_forms', () => '/api/forms'],
  ['get_form', () => `/api/forms/${first('form')}`],
  ['get_versions_for_form', () => `/api/forms/${first('form')}/form-versions`],
  ['get_form_version', () => `/api/form-versions/${first('form-version')}?include=form`],
  ['get_lists', () => '/api/lists?include=tags,flow-triggers'],
  ['get_list', () => `/api/lists/${first('list')}?additional-fields[list]=profile_count&include=tags,flow-triggers`],
  ['get_segments', () => '/api/segments?include=tags,flow-triggers'],
  ['get_segment', () => `/api/segments/${first('segment')}?additional-fields[segment]=profile_count&include=tags`],
  ['get_metrics', () => '/api/metrics?include=flow-triggers'],
  ['get_metric', () => `/api/metrics/${first('metric')}?include=flow-triggers`],
  ['get_tags', () => '/api/tags?include=tag-group'],
  ['get_tag', () => `/api/tags/${first('tag')}?include=tag-group`],
  ['get_tag_groups', () => '/api/tag-groups'],
  ['get_tag_group', () => `/api/tag-groups/${first('tag-group')}`],
  ['get_tags_for_tag_group', () => `/api/tag-groups/${first('tag-group')}/tags`],
  ['get_tags_for_flow', () => `/api/flows/${firstWith('flow', 'tags')}/tags`],
  ['get_tags_for_campaign', () => `/api/campaigns/${firstWith('campaign', 'tags')}/tags`],
  ['get_tags_for_list', () => `/api/lists/${firstWith('list', 'tags')}/tags`],
  ['get_tags_for_segment', () => `/api/segments/${firstWith('segment', 'tags')}/tags`],
  ['get_flow_ids_for_tag', () => `/api/tags/${firstWith('tag', 'flows')}/relationships/flows`],
  ['get_campaign_ids_for_tag', () => `/api/tags/${firstWith('tag', 'campaigns')}/relationships/campaigns`],
  ['get_list_ids_for_tag', () => `/api/tags/${firstWith('tag', 'lists')}/relationships/lists`],
  ['get_segment_ids_for_tag', () => `/api/tags/${firstWith('tag', 'segments')}/relationships/segments`],
  ['get_events', () => '/api/events?include=metric,profile&page[size]=100'],
  ['get_event', () => `/api/events/${sim.accounts[0]!.dataset.events.at(7).id}?include=metric,profile`],
  ['get_profiles', () => '/api/profiles'],
  ['get_profile', () => `/api/profiles/${first('profile')}`],
  ['get_profiles_for_list', () => `/api/lists/${firstWith('list', 'profiles')}/profiles?sort=-joined_group_at`],
  ['get_profiles_for_segment', () => `/api/segments/${firstWith('segment', 'profiles')}/profiles`],
  ['get_action_for_flow_message', () => `/api/flow-messages/${first('flow-message')}/flow-action`],
  ['get_action_id_for_flow_message', () => `/api/flow-messages/${first('flow-message')}/relationships/flow-action`],
  ['get_flow_for_flow_action', () => `/api/flow-actions/${first('flow-action')}/flow`],
  ['get_campaign_for_campaign_message', () => `/api/campaign-messages/${first('campaign-message')}/campaign`],
  ['get_form_for_form_version', () => `/api/form-versions/${first('form-version')}/form`],
  ['get_tag_group_for_tag', () => `/api/tags/${first('tag')}/tag-group`],
  ['get_metric_for_event', () => `/api/events/${sim.accounts[0]!.dataset.events.at(3).id}/metric`],
  ['get_flows_triggered_by_metric', () => `/api/metrics/${firstWith('metric', 'flow-triggers')}/flow-triggers`],
  ['get_flows_triggered_by_list', () => `/api/lists/${firstWith('list', 'flow-triggers')}/flow-triggers`],
];

describe('every response validates against the spec schema named in the operation table', () => {
  it.each(cases.map(([op, path], i) => [`${op} #${i}`, op, path] as const))('%s', async (_label, opId, path) => {
    const op = operationTable().get(opId);
    const r = await simCall(sim, path(), { retries429: 20 });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(op.responseSchema).toBeTruthy();
    expect(validateAgainstSchema(op.responseSchema!, r.body)).toEqual([]);
    const data = Array.isArray(r.body.data) ? r.body.data : [r.body.data];
    expect(data.length).toBeGreaterThan(0);
  });

  it('catches a document that breaks the schema (the check can fail)', async () => {
    const r = await simCall(sim, '/api/flows');
    const broken = structuredClone(r.body);
    broken.data[0].attributes.trigger_type = 'Not a trigger';
    expect(validateAgainstSchema('GetFlowResponseCollectionCompoundDocument', broken).length).toBeGreaterThan(0);
  });

  it('write responses validate too (create tag, create list, bulk import job)', async () => {
    const tag = await simCall(sim, '/api/tags', {
      method: 'POST',
      body: { data: { type: 'tag', attributes: { name: 'Conformance' } } },
    });
    expect(tag.status).toBe(201);
    expect(validateAgainstSchema(operationTable().get('create_tag').responseSchema!, tag.body)).toEqual([]);
    const list = await simCall(sim, '/api/lists', {
      method: 'POST',
      body: { data: { type: 'list', attributes: { name: 'Conformance list' } } },
    });
    expect(list.status).toBe(201);
    expect(validateAgainstSchema(operationTable().get('create_list').responseSchema!, list.body)).toEqual([]);
    const job = await simCall(sim, '/api/profile-bulk-import-jobs', {
      method: 'POST',
      body: {
        data: {
          type: 'profile-bulk-import-job',
          attributes: {
            profiles: {
              data: [
                { type: 'profile', attributes: { email: 'a@example.com' } },
                { type: 'profile', attributes: { first_name: 'No id' } },
              ],
            },
          },
          relationships: { lists: { data: [{ type: 'list', id: list.body.data.id }] } },
        },
      },
    });
    expect(job.status).toBe(202);
    expect(validateAgainstSchema(operationTable().get('bulk_import_profiles').responseSchema!, job.body)).toEqual([]);
    const status = await simCall(sim, `/api/profile-bulk-import-jobs/${job.body.data.id}?include=lists`);
    expect(
      validateAgainstSchema(operationTable().get('get_bulk_import_profiles_job').responseSchema!, status.body),
    ).toEqual([]);
    const errors = await simCall(sim, `/api/profile-bulk-import-jobs/${job.body.data.id}/import-errors`);
    expect(errors.body.data).toHaveLength(1);
    expect(
      validateAgainstSchema(
        operationTable().get('get_errors_for_bulk_import_profiles_job').responseSchema!,
        errors.body,
      ),
    ).toEqual([]);
    const members = await simCall(sim, `/api/lists/${list.body.data.id}/profiles`);
    expect(members.body.data).toHaveLength(1);
    expect(validateAgainstSchema(operationTable().get('get_profiles_for_list').responseSchema!, members.body)).toEqual(
      [],
    );
    const jobs = await simCall(sim, '/api/profile-bulk-import-jobs');
    expect(
      validateAgainstSchema(operationTable().get('get_bulk_import_profiles_jobs').responseSchema!, jobs.body),
    ).toEqual([]);
  });
});

describe('generated data has no field the spec lacks', () => {
  // the spec's attribute names of a response object schema (its `attributes.properties`)
  const specAttributes = (schema: string): string[] => {
    const spec = JSON.parse(
      gunzipSync(readFileSync(path.resolve('resources/klaviyo-openapi/stable.json.gz'))).toString('utf8'),
    ) as { components: { schemas: Record<string, { properties: { attributes: { properties: object } } }> } };
    return Object.keys(spec.components.schemas[schema]!.properties.attributes.properties);
  };

  it('a flow message keeps its name in its definition, never as a top-level attribute', async () => {
    const allowed = specAttributes('FlowMessageEncodedResponseObjectResource');
    expect(allowed).not.toContain('name');
    const messages = [...sim.accounts[0]!.dataset.resources.get('flow-message')!.values()];
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(
        Object.keys(m.attributes).filter((k) => !allowed.includes(k)),
        m.id,
      ).toEqual([]);
      expect(typeof (m.attributes.definition as { name?: unknown }).name, m.id).toBe('string');
    }
    // and as served
    const r = await simCall(sim, `/api/flow-messages/${first('flow-message')}`, { retries429: 20 });
    expect(Object.keys(r.body.data.attributes).filter((k: string) => !allowed.includes(k))).toEqual([]);
  });
});
