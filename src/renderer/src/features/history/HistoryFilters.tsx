import {
  Button,
  Card,
  Chip,
  Group,
  Input,
  SegmentedControl,
  Select,
  MultiSelect,
  Stack,
  TextInput,
} from '@mantine/core';
import {
  resourceTypes,
  runOutcomes,
  syncTriggers,
  type ResourceType,
  type RunOutcome,
  type SyncTrigger,
} from '../../../../shared/contract/primitives';
import { Name } from '../../components/Name';
import { IconFilterOff, IconSearch } from '../../components/icons';
import { useI18n } from '../../i18n';
import { activeFilters, NO_FILTERS, type HistoryFilters } from './query';

const OUTCOME_COLOR: Record<RunOutcome, string> = {
  success: 'teal',
  failure: 'red',
  partial: 'orange',
  in_progress: 'brand',
};

/**
 * The History screen's filters: client (unless the screen is one client's), outcome, direction, who started the
 * run, resource, calendar days and a Klaviyo item. Every change goes back to the first page.
 */
export function HistoryFilterBar({
  value,
  onChange,
  clients,
  fixedWorkspace,
}: {
  value: HistoryFilters;
  onChange: (next: HistoryFilters) => void;
  clients: { id: string; name: string }[];
  fixedWorkspace: boolean;
}) {
  const { t, label } = useI18n();
  const set = <K extends keyof HistoryFilters>(key: K, v: HistoryFilters[K]) => onChange({ ...value, [key]: v });
  const count = activeFilters(value, fixedWorkspace);
  return (
    <Card data-testid="history-filters">
      <Stack gap="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          {!fixedWorkspace && (
            <Select
              label={t('history.client')}
              placeholder={t('history.allClients')}
              data={clients.map((c) => ({ value: c.id, label: c.name }))}
              renderOption={({ option }) => <Name value={option.label} />}
              value={value.workspaceId}
              onChange={(v) => set('workspaceId', v)}
              clearable
              searchable
              w={220}
              data-testid="history-filter-client"
            />
          )}
          <Stack gap={0}>
            <Input.Label>{t('history.direction')}</Input.Label>
            <SegmentedControl
              value={value.direction ?? 'all'}
              onChange={(v) => set('direction', v === 'all' ? null : (v as 'pull' | 'push'))}
              data={[
                { value: 'all', label: t('history.anyDirection') },
                { value: 'pull', label: t('history.directions.pull') },
                { value: 'push', label: t('history.directions.push') },
              ]}
              data-testid="history-filter-direction"
            />
          </Stack>
          <MultiSelect
            label={t('history.trigger')}
            placeholder={value.trigger.length ? undefined : t('history.anyTrigger')}
            data={syncTriggers.map((s) => ({ value: s, label: label('trigger', s) }))}
            value={value.trigger}
            onChange={(v) => set('trigger', v as SyncTrigger[])}
            clearable
            w={240}
            data-testid="history-filter-trigger"
          />
          <Select
            label={t('history.resource')}
            placeholder={t('history.anyResource')}
            data={resourceTypes.map((r) => ({ value: r, label: label('resources', r) }))}
            value={value.resource}
            onChange={(v) => set('resource', v as ResourceType | null)}
            clearable
            searchable
            w={200}
            data-testid="history-filter-resource"
          />
          <TextInput
            type="date"
            label={t('history.from')}
            value={value.from}
            max={value.to || undefined}
            onChange={(e) => set('from', e.currentTarget.value)}
            w={160}
            data-testid="history-filter-from"
          />
          <TextInput
            type="date"
            label={t('history.to')}
            value={value.to}
            min={value.from || undefined}
            onChange={(e) => set('to', e.currentTarget.value)}
            w={160}
            data-testid="history-filter-to"
          />
          <TextInput
            label={t('history.item')}
            placeholder={t('history.itemPlaceholder')}
            leftSection={<IconSearch size={14} />}
            value={value.item}
            onChange={(e) => set('item', e.currentTarget.value)}
            w={230}
            data-testid="history-filter-item"
          />
        </Group>
        <Group justify="space-between" gap="md">
          <Group gap="xs" aria-label={t('history.outcome')} role="group">
            <Input.Label mr={4}>{t('history.outcome')}</Input.Label>
            <Chip.Group multiple value={value.outcome} onChange={(v) => set('outcome', v as RunOutcome[])}>
              {runOutcomes.map((o) => (
                <Chip
                  key={o}
                  value={o}
                  color={OUTCOME_COLOR[o]}
                  variant="light"
                  size="sm"
                  data-testid={`history-outcome-${o}`}
                >
                  {t(`history.outcomes.${o}`)}
                </Chip>
              ))}
            </Chip.Group>
          </Group>
          {count > 0 && (
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconFilterOff size={14} />}
              onClick={() => onChange({ ...NO_FILTERS, workspaceId: fixedWorkspace ? value.workspaceId : null })}
              data-testid="history-clear"
            >
              {t('history.clear')} ({count})
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
