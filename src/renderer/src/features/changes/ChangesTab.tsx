import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
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
import { changeKinds, type ChangeKind } from '../../../../shared/contract/changes';
import type { ResourceType } from '../../../../shared/contract/primitives';
import { useErrorToast, useLive } from '../../app/live';
import { notify } from '../../components/notifications';
import { IconHistory } from '../../components/icons';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { deliverExport } from '../audit/exportReport';
import { ChangeGroups, IncompleteNote } from './ChangeGroups';

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
          <Box mt="md">
            <IncompleteNote resources={data.incomplete} />
          </Box>
        )}
      </Card>
      {data.items.length === 0 ? (
        <Card py={32}>
          <Text c="dimmed" ta="center">
            {data.total ? t('changes.noneFiltered') : t('changes.none')}
          </Text>
        </Card>
      ) : (
        <ChangeGroups items={data.items} />
      )}
    </Stack>
  );
}
