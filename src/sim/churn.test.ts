import { churn } from './churn';
import { relIds } from './dataset';
import { generateDataset } from './generate';
import { createRng } from './random';
import type { SimDataset } from './types';
import { simChangeLog } from './write-items';

const anchor = Date.UTC(2026, 10, 24);

/** every flow's definition against its action and message resources: what a sync reads either way must agree */
function flowMismatches(ds: SimDataset): string[] {
  const out: string[] = [];
  for (const flow of ds.resources.get('flow')?.values() ?? []) {
    const def = flow.attributes.definition as { actions?: Record<string, unknown>[]; entry_action_id?: unknown };
    const steps = def?.actions ?? [];
    const rel = relIds(flow, 'flow-actions').map((x) => x.id);
    if (JSON.stringify(steps.map((s) => String(s.id))) !== JSON.stringify(rel))
      out.push(`flow ${flow.id}: its definition names other actions than it has`);
    if (steps.length && def.entry_action_id !== steps[0]!.id) out.push(`flow ${flow.id}: entry action`);
    for (const step of steps) {
      const action = ds.resources.get('flow-action')?.get(String(step.id));
      if (!action) {
        out.push(`flow ${flow.id}: action ${String(step.id)} missing`);
        continue;
      }
      if (JSON.stringify(action.attributes.definition) !== JSON.stringify(step))
        out.push(`flow-action ${action.id}: differs from its step in the flow's definition`);
      const message = (step.data as { message?: { id?: string } } | undefined)?.message;
      for (const m of relIds(action, 'flow-messages')) {
        const fm = ds.resources.get('flow-message')?.get(m.id);
        if (!fm || message?.id !== m.id || JSON.stringify(fm.attributes.definition) !== JSON.stringify(message))
          out.push(`flow-message ${m.id}: differs from the message of its step`);
      }
    }
  }
  return out;
}

describe('churn', () => {
  it('edits flow steps and messages apart from their flow, and copies flows with renumbered definitions', () => {
    const { dataset: ds } = generateDataset({ size: 'small', seed: 4, anchor });
    expect(flowMismatches(ds)).toEqual([]);
    const flowsBefore = ds.resources.get('flow')!.size;
    const rng = createRng(9);
    for (let day = 1; day <= 10; day++) churn(ds, rng, { now: anchor + day * 86_400_000, writes: 40 });
    const journal = simChangeLog(ds);
    const kinds = new Set(journal.map((c) => `${c.type}:${c.kind}`));
    expect(kinds).toContain('flow-action:modified');
    expect(kinds).toContain('flow-message:modified');
    expect(kinds).toContain('flow:added');
    // a copy is a draft whose definition names its own, new steps; an edited step reads the same everywhere
    const copies = journal.filter((c) => c.type === 'flow' && c.kind === 'added');
    const copy = copies
      .map((c) => ds.resources.get('flow')!.get(c.id))
      .find((f) => f && relIds(f, 'flow-actions').length);
    expect(copy?.attributes.status).toBe('draft');
    expect(ds.resources.get('flow')!.size).toBeGreaterThan(flowsBefore - 20);
    expect(flowMismatches(ds)).toEqual([]);
    // an edit of a step moves its flow's update time too (the editor saves the flow)
    const edited = journal.find((c) => c.type === 'flow-action' && c.kind === 'modified')!;
    const action = ds.resources.get('flow-action')!.get(edited.id);
    if (action) {
      const flow = ds.resources.get('flow')!.get(relIds(action, 'flow')[0]!.id)!;
      expect(Date.parse(flow.attributes.updated as string)).toBeGreaterThanOrEqual(edited.at - 1000);
    }
  });
});
