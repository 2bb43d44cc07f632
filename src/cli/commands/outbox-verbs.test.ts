import type { FlushResult, OutboxItem } from '../../shared/contract/outbox';
import type { SimResource } from '../../sim/types';
import { runCli, useCliWorkspace } from '../test-helpers';

/**
 * The outbox's verbs as a person runs them (issue #13): each change is its own process that returns once the change
 * is safely queued and says so; `outbox flush` sends the queue and exits; a change Klaviyo refuses is retried and
 * discarded by id. Checked against the simulator's own state.
 */
describe('tag, flow, audiences and outbox through the CLI', () => {
  const suite = useCliWorkspace({ name: 'Verbs', sim: { size: 'tiny', seed: 31 }, timeScale: 200, sync: true });
  const dataset = () => suite().sim.accounts[0]!.dataset;
  const flows = (): SimResource[] => [...dataset().resources.get('flow')!.values()];
  const resources = (type: string): SimResource[] => [...dataset().resources.get(type)!.values()];
  const cli = async (args: string[]) => {
    const r = await runCli([...args, '--workspace', 'Verbs'], suite().env);
    return { ...r, json: () => JSON.parse(r.stdout) as unknown };
  };

  it('queues tags, a flow status and the standard segments, each returning once queued; outbox flush applies them once', async () => {
    const [f1, f2, f3] = flows();
    const to = f3!.attributes.status === 'manual' ? 'draft' : 'manual';

    const tag = await cli(['tag', 'add', '--type', 'flow', '--id', `${f1!.id},${f2!.id}`, '--tag', 'Team review']);
    expect(tag.code, tag.stderr).toBe(0);
    expect(tag.stdout).toContain(
      'Queued 2 changes for "Verbs" (saved locally; nothing is lost if this computer stops now)',
    );
    const status = await cli(['flow', 'set-status', '--id', f3!.id, '--status', to, '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect((status.json() as { queued: OutboxItem[] }).queued).toEqual([
      expect.objectContaining({ kind: 'flow_status', targetId: f3!.id, state: 'pending' }),
    ]);
    const segmentsBefore = resources('segment').map((s) => String(s.attributes.name));
    const audiences = await cli(['audiences', 'create-standard', '--json']);
    expect(audiences.code, audiences.stderr).toBe(0);
    const standard = ['All Customers', 'New Subscribers', 'VIP', 'Active'];
    const plan = audiences.json() as {
      items: OutboxItem[];
      skipped: { name: string; reason: string; message: string }[];
    };
    // each standard segment is queued or skipped with its reason: one the account has by name, one whose metric
    // the account lacks (the words name it); none twice
    expect(
      [...plan.items.map((i) => (i.payload as { name: string }).name), ...plan.skipped.map((x) => x.name)].sort(),
    ).toEqual([...standard].sort());
    for (const x of plan.skipped) {
      expect(x.reason === 'exists').toBe(segmentsBefore.includes(x.name));
      if (x.reason === 'missing_metric') {
        const metric = /the metric "([^"]+)"/.exec(x.message)![1]!;
        expect(resources('metric').map((m) => m.attributes.name)).not.toContain(metric);
      }
    }
    const created = plan.items.map((i) => (i.payload as { name: string }).name);
    expect(created.length).toBeGreaterThan(0);

    // nothing has reached Klaviyo: it is all in the queue
    expect(resources('tag').some((t) => t.attributes.name === 'Team review')).toBe(false);
    const listed = await cli(['outbox', 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const pending = (listed.json() as { items: OutboxItem[] }).items.filter((i) => i.state === 'pending');
    expect(pending.filter((i) => i.kind === 'segment_create')).toHaveLength(created.length);
    expect(pending).toHaveLength(3 + created.length);

    const flush = await cli(['outbox', 'flush', '--json']);
    expect(flush.code, flush.stderr).toBe(0);
    expect(flush.json() as FlushResult).toMatchObject({ done: 3 + created.length, pending: 0, blocked: null });
    const made = resources('tag').find((t) => t.attributes.name === 'Team review')!;
    for (const f of [f1!, f2!])
      expect(((f.relationships?.tags?.data ?? []) as { id: string }[]).map((x) => x.id)).toContain(made.id);
    expect(f3!.attributes.status).toBe(to);
    for (const n of created) expect(resources('segment').filter((x) => x.attributes.name === n)).toHaveLength(1);

    // sent once: a second flush has nothing to send
    const again = await cli(['outbox', 'flush', '--json']);
    expect(again.json() as FlushResult).toMatchObject({ runId: null, done: 0, pending: 0 });
  }, 180_000);

  it('a change Klaviyo refuses is listed with its reason, queued again by retry, and dropped by discard', async () => {
    const queued = await cli(['tag', 'add', '--type', 'flow', '--id', 'NOSUCHFLOW', '--tag', 'Team review', '--json']);
    expect(queued.code, queued.stderr).toBe(0);
    const [item] = (queued.json() as { queued: OutboxItem[] }).queued;
    const flush = await cli(['outbox', 'flush', '--json']);
    expect(flush.code, flush.stderr).toBe(0);
    expect(flush.json() as FlushResult).toMatchObject({ rejected: 1, pending: 0 });

    const rejected = await cli(['outbox', 'list', '--state', 'rejected']);
    expect(rejected.stdout).toContain(item!.id);
    expect(rejected.stdout).toMatch(/\[(not_found|validation)\]/);

    const retry = await cli(['outbox', 'retry', '--item', item!.id]);
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout.trim()).toBe('1 change queued again.');
    const back = (await cli(['outbox', 'list', '--state', 'pending', '--json'])).json() as { items: OutboxItem[] };
    expect(back.items.map((i) => i.id)).toEqual([item!.id]);

    const discard = await cli(['outbox', 'discard', '--item', item!.id]);
    expect(discard.code, discard.stderr).toBe(0);
    expect(discard.stdout.trim()).toBe('Discarded.');
    const after = (await cli(['outbox', 'list', '--json'])).json() as { items: OutboxItem[] };
    expect(after.items.map((i) => i.id)).not.toContain(item!.id);
    const gone = await cli(['outbox', 'discard', '--item', item!.id]);
    expect(gone.code).toBe(1);
    expect(gone.stdout.trim()).toBe('No such item in this workspace.');
  }, 180_000);
});
