import {
  Alert,
  Badge,
  Button,
  Card,
  Divider,
  EmptyState,
  Group,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { changeKinds, type ChangeKind, type ItemChange } from '../../../../shared/contract/changes';
import type { ResourceType } from '../../../../shared/contract/primitives';
import { useErrorToast, useLive } from '../../app/live';
import { notify } from '../../components/notifications';
import { IconHistory } from '../../components/icons';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { deliverExport } from '../audit/exportReport';
import { ChangeRow } from './ChangeRows';

/** Changed items by resource, in the order the change set lists them. */
function byResource(items: ItemChange[]): [ResourceType, ItemChange[]][] {
  const groups = new Map<ResourceType, ItemChange[]>();
  for (const c of items) groups.set(c.type, [...(groups.get(c.type) ?? []), c]);
  return [...groups.entries()];
}

/**
 * What changed between the client's last two complete syncs (PRODUCT B3): counts per resource, filters by
 * resource and kind, the changes in words grouped by resource, each with the fields behind it.
 */
export function ChangesTab({ workspaceId }: { workspaceId: string }) {
  const { t, label, fmt, locale } = useI18n();
  const { finishedTick } = useLive();
  const showError = useErrorToast();
  const [resource, setResource] = useState<ResourceType | null>(null);
  const [kind, setKind] = useState<ChangeKind | 'all'>('all');
  const [touched, setTouched] = useState(false);
  const [exporting, setExporting] = useState(false);
  const filters = { resource: resource ?? undefined, kind: kind === 'all' ? undefined : kind };
  const set = useQuery(`${workspaceId}/${finishedTick[workspaceId] ?? 0}/${resource}/${kind}/${touched}`, () =>
    rpc('changes:between', { workspaceId, ...filters, includeTouched: touched }),
  );

  if (set.loading && !set.data)
    return (
      <Card>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} h={20} mb="md" />
        ))}
      </Card>
    );
  if (set.error)
    return (
      <Alert color="red" title={t('errors.title')}>
        {set.error.message}
      </Alert>
    );
  const data = set.data!;
  if (!data.from || !data.to)
    return (
      <Card py={48} data-testid="changes-empty">
        <EmptyState icon={<IconHistory size={26} />} withIndicatorBackground title={t('changes.notEnough')} />
      </Card>
    );

  const counts = Object.entries(data.counts) as [ResourceType, NonNullable<(typeof data.counts)[ResourceType]>][];
  const touchedCount = counts.reduce((s, [, c]) => s + c.touched, 0);
  const exportCsv = async () => {
    setExporting(true);
    try {
      const r = await rpc('changes:export', { workspaceId, ...filters, lang: locale });
      if (await deliverExport(r)) notify({ kind: 'success', title: t('changes.exported') });
    } catch (err) {
      showError(err);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Stack gap="lg" data-testid="changes-tab">
      <Card>
        <Group justify="space-between" align="flex-start" mb="sm">
          <div>
            <Title order={4} data-testid="changes-total">
              {t('changes.total', { count: data.total })}
            </Title>
            <Text size="sm" c="dimmed">
              {t('changes.between', { from: fmt.dateTime(data.from.startedAt), to: fmt.dateTime(data.to.startedAt) })}
            </Text>
          </div>
          <Button variant="default" onClick={() => void exportCsv()} loading={exporting} data-testid="changes-export">
            {t('changes.exportCsv')}
          </Button>
        </Group>
        <Group gap="xs" data-testid="changes-counts">
          {counts
            .filter(([, c]) => c.added + c.removed + c.modified > 0)
            .map(([type, c]) => (
              <Badge
                key={type}
                variant={resource === type ? 'filled' : 'light'}
                color="gray"
                size="lg"
                style={{ cursor: 'pointer', textTransform: 'none' }}
                onClick={() => setResource(resource === type ? null : type)}
                data-testid={`changes-count-${type}`}
              >
                {label('resources', type)}: {fmt.number(c.added + c.removed + c.modified)}
              </Badge>
            ))}
        </Group>
        <Group mt="md" gap="md" align="flex-end">
          <Select
            label={t('changes.filterResource')}
            placeholder={t('changes.allResources')}
            data={counts.map(([type]) => ({ value: type, label: label('resources', type) }))}
            value={resource}
            onChange={(v) => setResource(v as ResourceType | null)}
            clearable
            w={220}
            data-testid="changes-filter-resource"
          />
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as ChangeKind | 'all')}
            data={[
              { value: 'all', label: t('changes.allKinds') },
              ...changeKinds.map((k) => ({ value: k, label: t(`changes.kinds.${k}`) })),
            ]}
            data-testid="changes-filter-kind"
          />
          {touchedCount > 0 && (
            <Switch
              checked={touched}
              onChange={(e) => setTouched(e.currentTarget.checked)}
              label={t('changes.showTouched', { count: touchedCount })}
            />
          )}
        </Group>
        {data.incomplete.length > 0 && (
          <Alert color="yellow" variant="light" mt="md">
            {t('changes.incomplete', { resources: data.incomplete.map((r) => label('resources', r)).join(', ') })}
          </Alert>
        )}
      </Card>
      {data.items.length === 0 ? (
        <Card py={32}>
          <Text c="dimmed" ta="center">
            {data.total ? t('changes.noneFiltered') : t('changes.none')}
          </Text>
        </Card>
      ) : (
        byResource(data.items).map(([type, items]) => (
          <Card key={type} data-testid="changes-group" data-resource={type}>
            <Group justify="space-between" mb={4}>
              <Text fw={600}>{label('resources', type)}</Text>
              <Text size="sm" c="dimmed">
                {fmt.number(items.length)}
              </Text>
            </Group>
            <Stack gap={0}>
              {items.map((c, i) => (
                <div key={`${c.type}:${c.id}`}>
                  {i > 0 && <Divider />}
                  <ChangeRow
                    kind={c.kind}
                    summary={c.summary}
                    fields={c.fields}
                    note={c.parent?.name ? t('changes.parent', { name: c.parent.name }) : null}
                  />
                </div>
              ))}
            </Stack>
          </Card>
        ))
      )}
    </Stack>
  );
}
