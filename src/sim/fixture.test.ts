import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from './index';
import { simCall, simPages } from './testing';
import { validateAgainstSchema } from './spec-validator';
import type { SimFixtureFile, Simulator } from './types';

const EXAMPLE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'example.json');

describe('fixture files', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ fixture: EXAMPLE, timeScale: 1000 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('serves exactly the resources of the fixture, in Klaviyo’s shapes', async () => {
    expect(sim.accounts.map((a) => a.id)).toEqual(['XMPL01']);
    const flows = await simCall(sim, '/api/flows?include=tags');
    expect(flows.body.data.map((f: { id: string }) => f.id)).toEqual(['FlwWel']);
    expect(flows.body.included.map((t: { attributes: { name: string } }) => t.attributes.name)).toEqual(['Evergreen']);
    expect(validateAgainstSchema('GetFlowResponseCollectionCompoundDocument', flows.body)).toEqual([]);
    const flow = await simCall(sim, '/api/flows/FlwWel?additional-fields[flow]=definition');
    expect(flow.body.data.attributes.definition.actions[0].data.message.subject_line).toBe('Welcome!');
    const campaigns = await simCall(sim, "/api/campaigns?filter=equals(messages.channel,'email')");
    expect(campaigns.body.data).toHaveLength(1);
    expect(campaigns.body.data[0].attributes.audiences.included).toEqual(['LstNws']);
    const msgs = await simCall(sim, '/api/campaigns/01HZZZZZZZZZZZZZZZZZZZZZZ1/campaign-messages');
    expect(msgs.body.data[0].relationships.campaign.data.id).toBe('01HZZZZZZZZZZZZZZZZZZZZZZ1'); // inverse filled in
    const actions = await simCall(sim, '/api/flows/FlwWel/flow-actions');
    expect(actions.body.data.map((a: { id: string }) => a.id)).toEqual(['5001']);
    const tagged = await simCall(sim, '/api/tags/b5d3e2a0-0000-4000-8000-000000000001/relationships/flows');
    expect(tagged.body.data).toEqual([{ type: 'flow', id: 'FlwWel' }]);
    const account = await simCall(sim, '/api/accounts');
    expect(account.body.data[0].id).toBe('XMPL01');
    expect(validateAgainstSchema('GetAccountResponseCollection', account.body)).toEqual([]);
    expect((await simCall(sim, '/api/events')).body.data).toEqual([]);
  });

  it('can sit on top of a generated base and serve several accounts', async () => {
    const file: SimFixtureFile = {
      accounts: [
        {
          id: 'ONE001',
          baseSize: 'tiny',
          resources: [
            {
              type: 'list',
              id: 'Extra1',
              attributes: {
                name: 'Extra',
                created: '2024-01-01T00:00:00+00:00',
                updated: '2024-01-01T00:00:00+00:00',
                opt_in_process: 'single_opt_in',
              },
            },
          ],
        },
        { id: 'TWO002', resources: [] },
      ],
    };
    const s = await startSimulator({ fixture: file, timeScale: 1000 });
    try {
      const lists = (await simPages(s, '/api/lists', { key: s.account('ONE001').keys.full! })).flatMap((p) => p.data);
      expect(lists.map((l: { id: string }) => l.id)).toContain('Extra1');
      expect(lists.length).toBeGreaterThan(1);
      const empty = await simCall(s, '/api/lists', { key: s.account('TWO002').keys.full! });
      expect(empty.body.data).toEqual([]);
      const groups = await simCall(s, '/api/tag-groups', { key: s.account('TWO002').keys.full! });
      expect(groups.body.data.filter((g: { attributes: { default: boolean } }) => g.attributes.default)).toHaveLength(
        1,
      );
      const loneTag = await startSimulator({
        fixture: { accounts: [{ resources: [{ type: 'tag', id: 'T1', attributes: { name: 'Lone' } }] }] },
      });
      try {
        const t = await simCall(loneTag, '/api/tags/T1');
        expect(t.body.data.relationships['tag-group'].data.id).toBeTruthy();
      } finally {
        await loneTag.close();
      }
    } finally {
      await s.close();
    }
  });

  it('rejects bad files with a clear error naming the place', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-fixture-'));
    try {
      const notJson = path.join(dir, 'broken.json');
      writeFileSync(notJson, '{ "accounts": [ ');
      await expect(startSimulator({ fixture: notJson })).rejects.toThrow(/broken\.json: not valid JSON/);
      const wrongShape = path.join(dir, 'shape.json');
      writeFileSync(wrongShape, JSON.stringify({ accounts: [{ resources: [{ type: 'flow', attributes: {} }] }] }));
      await expect(startSimulator({ fixture: wrongShape })).rejects.toThrow(/invalid at accounts\.0\.resources\.0\.id/);
      await expect(startSimulator({ fixture: path.join(dir, 'missing.json') })).rejects.toThrow(/cannot read file/);
      const dangling = {
        accounts: [
          {
            resources: [
              {
                type: 'flow',
                id: 'F1',
                attributes: { name: 'x' },
                relationships: { tags: { data: [{ type: 'tag', id: 'nope' }] } },
              },
            ],
          },
        ],
      };
      await expect(startSimulator({ fixture: dangling })).rejects.toThrow(/points at missing tag nope/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writes change the data and bump updated', () => {
  const clock = { t: Date.UTC(2026, 10, 24, 12, 0, 0) };
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ fixture: EXAMPLE, timeScale: 1000, now: () => clock.t });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('create tag → tag a flow → the flow lists it and its updated moves; untag reverses it', async () => {
    const created = await simCall(sim, '/api/tags', {
      method: 'POST',
      body: { data: { type: 'tag', attributes: { name: 'Audit 2026' } } },
    });
    expect(created.status).toBe(201);
    const tagId = created.body.data.id;
    expect(created.body.data.relationships['tag-group'].data.id).toBe('9001'); // default group
    const dup = await simCall(sim, '/api/tags', {
      method: 'POST',
      body: { data: { type: 'tag', attributes: { name: 'Audit 2026' } } },
    });
    expect(dup.status).toBe(409);
    clock.t += 5000;
    const tagged = await simCall(sim, `/api/tags/${tagId}/relationships/flows`, {
      method: 'POST',
      body: { data: [{ type: 'flow', id: 'FlwWel' }] },
    });
    expect(tagged.status).toBe(204);
    const flow = await simCall(sim, '/api/flows/FlwWel?include=tags');
    expect(flow.body.included.map((t: { id: string }) => t.id)).toContain(tagId);
    expect(flow.body.data.attributes.updated).toBe('2026-11-24T12:00:05+00:00');
    const incremental = await simCall(sim, '/api/flows?filter=greater-than(updated,2026-11-24T12:00:00Z)');
    expect(incremental.body.data.map((f: { id: string }) => f.id)).toEqual(['FlwWel']);
    clock.t += 5000;
    const untag = await simCall(sim, `/api/tags/${tagId}/relationships/flows`, {
      method: 'DELETE',
      body: { data: [{ type: 'flow', id: 'FlwWel' }] },
    });
    expect(untag.status).toBe(204);
    const after = await simCall(sim, `/api/flows/FlwWel/tags`);
    expect(after.body.data.map((t: { id: string }) => t.id)).not.toContain(tagId);
    const missing = await simCall(sim, `/api/tags/${tagId}/relationships/flows`, {
      method: 'POST',
      body: { data: [{ type: 'flow', id: 'NOPE' }] },
    });
    expect(missing.status).toBe(404);
  });

  it('tags campaigns, lists and segments the same way', async () => {
    const tag = 'b5d3e2a0-0000-4000-8000-000000000001';
    const before = (await simCall(sim, '/api/campaigns/01HZZZZZZZZZZZZZZZZZZZZZZ1')).body.data.attributes.updated_at;
    clock.t += 1000;
    expect(
      (
        await simCall(sim, `/api/tags/${tag}/relationships/campaigns`, {
          method: 'POST',
          body: { data: [{ type: 'campaign', id: '01HZZZZZZZZZZZZZZZZZZZZZZ1' }] },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await simCall(sim, `/api/tags/${tag}/relationships/lists`, {
          method: 'POST',
          body: { data: [{ type: 'list', id: 'LstNws' }] },
        })
      ).status,
    ).toBe(204);
    const c = await simCall(sim, '/api/campaigns/01HZZZZZZZZZZZZZZZZZZZZZZ1/tags');
    expect(c.body.data.map((t: { id: string }) => t.id)).toEqual([tag]);
    expect((await simCall(sim, '/api/campaigns/01HZZZZZZZZZZZZZZZZZZZZZZ1')).body.data.attributes.updated_at).not.toBe(
      before,
    );
    const ids = await simCall(sim, `/api/tags/${tag}/relationships/lists`);
    expect(ids.body.data).toEqual([{ type: 'list', id: 'LstNws' }]);
    const wrongType = await simCall(sim, `/api/tags/${tag}/relationships/lists`, {
      method: 'POST',
      body: { data: [{ type: 'flow', id: 'FlwWel' }] },
    });
    expect(wrongType.status).toBe(400);
  });

  it('create list, bulk import profiles into it, poll the job to completion, read import errors', async () => {
    const list = await simCall(sim, '/api/lists', {
      method: 'POST',
      body: { data: { type: 'list', attributes: { name: 'VIP' } } },
    });
    expect(list.status).toBe(201);
    const listId = list.body.data.id;
    const job = await simCall(sim, '/api/profile-bulk-import-jobs', {
      method: 'POST',
      body: {
        data: {
          type: 'profile-bulk-import-job',
          attributes: {
            profiles: {
              data: [
                { type: 'profile', attributes: { email: 'ola@example.com', first_name: 'Ola' } },
                { type: 'profile', attributes: { external_id: 'x-1' } },
                { type: 'profile', attributes: { first_name: 'Nobody' } },
              ],
            },
          },
          relationships: { lists: { data: [{ type: 'list', id: listId }] } },
        },
      },
    });
    expect(job.status).toBe(202);
    const statuses: string[] = [job.body.data.attributes.status];
    for (let i = 0; i < 5 && statuses.at(-1) !== 'complete'; i++)
      statuses.push(
        (await simCall(sim, `/api/profile-bulk-import-jobs/${job.body.data.id}`)).body.data.attributes.status,
      );
    expect(statuses).toEqual(['queued', 'processing', 'complete']);
    const done = await simCall(sim, `/api/profile-bulk-import-jobs/${job.body.data.id}`);
    expect(done.body.data.attributes).toMatchObject({ total_count: 3, completed_count: 2, failed_count: 1 });
    const errors = await simCall(sim, `/api/profile-bulk-import-jobs/${job.body.data.id}/import-errors`);
    expect(errors.body.data).toHaveLength(1);
    const counted = await simCall(sim, `/api/lists/${listId}?additional-fields[list]=profile_count`);
    expect(counted.body.data.attributes.profile_count).toBe(2);
    const profiles = (await simPages(sim, '/api/profiles')).flatMap((p) => p.data);
    const ola = profiles.find((p: { attributes: { email: string } }) => p.attributes.email === 'ola@example.com');
    const add = await simCall(sim, '/api/lists/LstNws/relationships/profiles', {
      method: 'POST',
      body: { data: [{ type: 'profile', id: ola.id }] },
    });
    expect(add.status).toBe(204);
  });

  it('create profile (409 on a duplicate) and create-or-update profile (201 then 200, updated moves)', async () => {
    const body = { data: { type: 'profile', attributes: { email: 'new.person@example.com', first_name: 'Ada' } } };
    const created = await simCall(sim, '/api/profiles', { method: 'POST', body });
    expect(created.status).toBe(201);
    expect(validateAgainstSchema('PostProfileResponse', created.body)).toEqual([]);
    const dup = await simCall(sim, '/api/profiles', { method: 'POST', body });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].meta.duplicate_profile_id).toBe(created.body.data.id);
    clock.t += 60_000;
    const upsert = await simCall(sim, '/api/profile-import', {
      method: 'POST',
      body: { data: { type: 'profile', attributes: { email: 'new.person@example.com', last_name: 'Lovelace' } } },
    });
    expect(upsert.status).toBe(200);
    expect(upsert.body.data.id).toBe(created.body.data.id);
    expect(upsert.body.data.attributes).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace' });
    expect(upsert.body.data.attributes.updated).not.toBe(created.body.data.attributes.updated);
    const fresh = await simCall(sim, '/api/profile-import', {
      method: 'POST',
      body: { data: { type: 'profile', attributes: { external_id: 'ext-77' } } },
    });
    expect(fresh.status).toBe(201);
  });

  it('create event and bulk create events: new metric, profile and events appear', async () => {
    const one = await simCall(sim, '/api/events', {
      method: 'POST',
      body: {
        data: {
          type: 'event',
          attributes: {
            properties: { OrderId: 'A-1' },
            value: 99.5,
            time: '2026-11-24T11:00:00Z',
            unique_id: 'A-1',
            metric: { data: { type: 'metric', attributes: { name: 'Placed Order' } } },
            profile: { data: { type: 'profile', attributes: { email: 'buyer@example.com' } } },
          },
        },
      },
    });
    expect(one.status).toBe(202);
    const bulk = await simCall(sim, '/api/event-bulk-create-jobs', {
      method: 'POST',
      body: {
        data: {
          type: 'event-bulk-create-job',
          attributes: {
            'events-bulk-create': {
              data: [
                {
                  type: 'event-bulk-create',
                  attributes: {
                    profile: { data: { type: 'profile', attributes: { email: 'buyer@example.com' } } },
                    events: {
                      data: [
                        {
                          type: 'event',
                          attributes: {
                            properties: { OrderId: 'A-2' },
                            time: '2026-11-24T11:30:00Z',
                            metric: { data: { type: 'metric', attributes: { name: 'Imported Order' } } },
                          },
                        },
                      ],
                    },
                  },
                },
              ],
            },
          },
        },
      },
    });
    expect(bulk.status).toBe(202);
    const again = await simCall(sim, '/api/events', {
      method: 'POST',
      body: {
        data: {
          type: 'event',
          attributes: {
            properties: { OrderId: 'A-1' },
            unique_id: 'A-1',
            metric: { data: { type: 'metric', attributes: { name: 'Placed Order' } } },
            profile: { data: { type: 'profile', attributes: { email: 'buyer@example.com' } } },
          },
        },
      },
    });
    expect(again.status).toBe(202); // accepted, but de-duplicated on (profile, metric, unique_id)
    const events = await simCall(sim, '/api/events?include=metric');
    expect(events.body.data).toHaveLength(2);
    expect(events.body.included.map((m: { attributes: { name: string } }) => m.attributes.name).sort()).toEqual([
      'Imported Order',
      'Placed Order',
    ]);
    expect(events.body.data[0].relationships.metric.data.id).toBe('MtrPO1'); // existing metric reused
    const bad = await simCall(sim, '/api/events', {
      method: 'POST',
      body: {
        data: { type: 'event', attributes: { metric: { data: { type: 'metric', attributes: { name: 'X' } } } } },
      },
    });
    expect(bad.status).toBe(400);
  });
});
