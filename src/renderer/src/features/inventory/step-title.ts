import type { FlowStepLabel } from '../../../../shared/contract/inventory';
import type { Translate } from '../../i18n/format';

/** Triggers whose source the drawer can look up in the local inventory, to show its name rather than its id. */
export const triggerSources: Partial<
  Record<FlowStepLabel['key'], { type: 'metrics' | 'lists' | 'segments'; key: string }>
> = {
  triggerMetric: { type: 'metrics', key: 'flowSteps.triggerMetric' },
  triggerList: { type: 'lists', key: 'flowSteps.triggerList' },
  triggerSegment: { type: 'segments', key: 'flowSteps.triggerSegment' },
};

/** A flow step's title in the user's language; `sourceName` is the trigger's list, segment or metric once found. */
export function stepTitle(label: FlowStepLabel, t: Translate, sourceName?: string | null): string {
  const source = triggerSources[label.key];
  if (source && sourceName) return t(source.key, { name: sourceName });
  return t(`flowSteps.step.${label.key}`, label.params);
}
