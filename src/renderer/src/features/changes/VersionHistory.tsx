import { Alert, Badge, Card, Group, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ResourceType } from '../../../../shared/contract/primitives';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { FieldTable, Sentences } from './ChangeRows';

/**
 * Every stored version of an item, newest first; choosing one shows what differs from the version before it,
 * side by side (for the item drawer).
 */
export function VersionHistory({ workspaceId, type, id }: { workspaceId: string; type: ResourceType; id: string }) {
  const { t, fmt } = useI18n();
  const history = useQuery(`${workspaceId}/${type}/${id}`, () =>
    rpc('changes:itemVersions', { workspaceId, type, id }),
  );
  const [chosen, setChosen] = useState(0);
  if (history.loading) return <Skeleton h={80} />;
  if (history.error) return <Alert color="red">{history.error.message}</Alert>;
  const versions = history.data?.versions ?? [];
  if (versions.length < 2)
    return (
      <Text size="sm" c="dimmed" data-testid="version-history-empty">
        {t('changes.historyEmpty')}
      </Text>
    );
  const v = versions[Math.min(chosen, versions.length - 1)]!;
  return (
    <Stack gap="sm" data-testid="version-history">
      {versions.map((x, i) => (
        <Card
          key={`${x.versionHash}:${x.firstRunId}`}
          withBorder
          padding="sm"
          onClick={() => setChosen(i)}
          style={{ cursor: 'pointer', borderColor: i === chosen ? 'var(--mantine-primary-color-filled)' : undefined }}
          data-testid="version"
          aria-selected={i === chosen}
        >
          <Group justify="space-between" mb={4}>
            <Text size="sm" fw={600}>
              {t('changes.version', { date: x.firstSeenAt ? fmt.dateTime(x.firstSeenAt) : '—' })}
            </Text>
            {i === 0 && (
              <Badge size="xs" variant="light">
                {t('changes.current')}
              </Badge>
            )}
          </Group>
          {x.summary.length ? (
            <Sentences summary={x.summary} />
          ) : (
            <Text size="sm" c="dimmed">
              {t('changes.firstVersion')}
            </Text>
          )}
        </Card>
      ))}
      {v.fields.length > 0 && (
        <div>
          <Text size="sm" fw={600} mb={4}>
            {t('changes.fields')}
          </Text>
          <FieldTable fields={v.fields} />
        </div>
      )}
    </Stack>
  );
}
