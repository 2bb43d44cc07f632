import { Alert, Card, Divider, Group, Stack, Text } from '@mantine/core';
import type { ItemChange } from '../../../../shared/contract/changes';
import type { ResourceType } from '../../../../shared/contract/primitives';
import { useI18n } from '../../i18n';
import { ChangeRow } from './ChangeRows';

/** Changed items by resource, in the order the change set lists them. */
function byResource(items: ItemChange[]): [ResourceType, ItemChange[]][] {
  const groups = new Map<ResourceType, ItemChange[]>();
  for (const c of items) groups.set(c.type, [...(groups.get(c.type) ?? []), c]);
  return [...groups.entries()];
}

/** A change set's items as cards per resource, each change in words with the fields behind it. */
export function ChangeGroups({ items, withBorder }: { items: ItemChange[]; withBorder?: boolean }) {
  const { t, label, fmt } = useI18n();
  return byResource(items).map(([type, group]) => (
    <Card key={type} data-testid="changes-group" data-resource={type} withBorder={withBorder}>
      <Group justify="space-between" mb={4}>
        <Text fw={600}>{label('resources', type)}</Text>
        <Text size="sm" c="dimmed">
          {fmt.number(group.length)}
        </Text>
      </Group>
      <Stack gap={0}>
        {group.map((c, i) => (
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
  ));
}

/** Resources one of the two syncs did not list completely: what is missing there may not be gone. */
export function IncompleteNote({ resources }: { resources: string[] }) {
  const { t, label } = useI18n();
  if (!resources.length) return null;
  return (
    <Alert color="yellow" variant="light" data-testid="changes-incomplete">
      {t('changes.incomplete', { resources: resources.map((r) => label('resources', r)).join(', ') })}
    </Alert>
  );
}
