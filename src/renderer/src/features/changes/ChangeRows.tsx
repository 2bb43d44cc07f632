import { ActionIcon, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { ChangeKind, ChangeMessage, FieldChange } from '../../../../shared/contract/changes';
import { changeSentence } from '../../../../shared/changes';
import { IconChevronDown, IconChevronRight } from '../../components/icons';
import { useI18n } from '../../i18n';

export const KIND_COLOR: Record<ChangeKind, string> = { added: 'teal', removed: 'red', modified: 'blue' };

/** A change's sentences in the screen's language; Klaviyo's names inside keep their own direction. */
export function Sentences({ summary }: { summary: ChangeMessage[] }) {
  const { locale } = useI18n();
  return (
    <Stack gap={2}>
      {summary.map((m, i) => (
        <Text key={i} size="sm" data-testid="change-sentence" dir="auto">
          {changeSentence(m, locale)}
        </Text>
      ))}
    </Stack>
  );
}

/** Before and after side by side, one row per field; timestamps that only moved are dimmed and marked. */
export function FieldTable({ fields }: { fields: FieldChange[] }) {
  const { t } = useI18n();
  return (
    <Table fz="xs" verticalSpacing={4} layout="fixed" data-testid="change-fields">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="28%">{t('changes.field')}</Table.Th>
          <Table.Th>{t('changes.before')}</Table.Th>
          <Table.Th>{t('changes.after')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {fields.map((f) => (
          <Table.Tr key={f.path} data-noise={f.noise || undefined} style={f.noise ? { opacity: 0.6 } : undefined}>
            <Table.Td style={{ wordBreak: 'break-all' }}>
              <Text size="xs" ff="monospace">
                {f.path}
              </Text>
              {f.noise && (
                <Text size="xs" c="dimmed" fs="italic">
                  {t('changes.timestamp')}
                </Text>
              )}
            </Table.Td>
            {[f.before, f.after].map((v, i) => (
              <Table.Td key={i} style={{ wordBreak: 'break-word' }}>
                <Text size="xs" ff="monospace" c={v === null ? 'dimmed' : undefined} lineClamp={6} dir="auto">
                  {v ?? '—'}
                </Text>
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** One changed item: its kind, its sentences, and on demand the fields behind them. */
export function ChangeRow({
  kind,
  summary,
  fields,
  note,
}: {
  kind: ChangeKind;
  summary: ChangeMessage[];
  fields: FieldChange[];
  note?: string | null;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <Stack gap={6} data-testid="change-row" data-kind={kind} py={8}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          aria-label={t('changes.details')}
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          disabled={!fields.length}
        >
          {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
        </ActionIcon>
        <Badge size="sm" variant="light" color={KIND_COLOR[kind]} w={96} style={{ flexShrink: 0 }}>
          {t(`changes.kinds.${kind}`)}
        </Badge>
        <div style={{ minWidth: 0 }}>
          <Sentences summary={summary} />
          {note && (
            <Text size="xs" c="dimmed" dir="auto">
              {note}
            </Text>
          )}
        </div>
      </Group>
      {open && <FieldTable fields={fields} />}
    </Stack>
  );
}
