import { Alert, Button, Group, Loader, Modal, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import {
  orderImportFields,
  profileImportFields,
  type ImportKind,
  type ImportMapping,
  type ImportPreview,
  type ImportSource,
  type PickedFile,
} from '../../../../shared/contract/imports';
import { useBusyAction } from '../../app/live';
import { notify } from '../../components/notifications';
import { rpc } from '../../lib/rpc';
import { useOutboxT } from './strings';

type Choice = { kind?: ImportKind; source?: ImportSource; mapping?: ImportMapping };

/** The columns a sample record is shown with: what a person checks first. */
const SAMPLE_COLUMNS: Record<ImportKind, [string, (r: Record<string, unknown>) => unknown][]> = {
  customers: [
    ['email', (r) => r.email],
    ['external_id', (r) => r.external_id],
    ['first_name', (r) => r.first_name],
    ['last_name', (r) => r.last_name],
    ['phone_number', (r) => r.phone_number],
  ],
  orders: [
    ['order_id', (r) => r.unique_id],
    ['email', (r) => r.email],
    ['date', (r) => r.time],
    ['value', (r) => `${String(r.value)} ${String(r.value_currency ?? '')}`],
    ['product', (r) => ((r.properties as { ItemNames?: string[] } | undefined)?.ItemNames ?? []).join(', ')],
  ],
};

/**
 * The import wizard (PRODUCT D1): choose a file (the app's dialog, or the web page's upload: the page holds a
 * token, never a path), see what it was taken for, map a generic CSV's columns, see the first records as they will
 * be sent and every rejected row with its line and reason, then queue it in the outbox.
 */
export function ImportWizard({
  workspaceId,
  opened,
  onClose,
}: {
  workspaceId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { ot, locale: lang, fmt } = useOutboxT();
  const [file, setFile] = useState<PickedFile | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const { busy, run } = useBusyAction<'choose' | 'preview' | 'queue'>();

  const look = (f: PickedFile, choice: Choice) =>
    run('preview', async () => {
      setPreview(await rpc('imports:preview', { workspaceId, fileToken: f.fileToken, lang, ...choice }));
    });
  const choose = () =>
    run('choose', async () => {
      const r = await rpc('imports:choose', {});
      if (!r.file) return;
      setFile(r.file);
      setPreview(null);
      await look(r.file, {});
    });
  const change = (choice: Choice) => {
    if (!file || !preview) return;
    const kind = choice.kind ?? preview.kind;
    const source = choice.source ?? preview.source;
    // a new kind guesses its own mapping; a mapping is kept while only its columns change
    const mapping = choice.mapping ?? (choice.kind || choice.source ? undefined : preview.mapping);
    void look(file, { kind, source, ...(source === 'generic' && mapping ? { mapping } : {}) });
  };
  const queue = () =>
    run('queue', async () => {
      if (!file || !preview) return;
      const r = await rpc('imports:queue', {
        workspaceId,
        fileToken: file.fileToken,
        kind: preview.kind,
        source: preview.source,
        ...(preview.source === 'generic' ? { mapping: preview.mapping } : {}),
        lang,
      });
      notify({
        kind: 'success',
        title: ot('importer.queued', { accepted: r.accepted, file: r.fileName, items: r.queuedItems }),
      });
      close();
    });
  const close = () => {
    setFile(null);
    setPreview(null);
    onClose();
  };

  const fields = preview?.kind === 'orders' ? orderImportFields : profileImportFields;
  const what = (p: ImportPreview) =>
    `${ot(`importer.kinds.${p.detected.kind}`)} · ${ot(`importer.sources.${p.detected.source}`)}`;

  return (
    <Modal opened={opened} onClose={close} title={ot('importer.title')} size="xl" data-testid="import-wizard">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {ot('importer.help')}
        </Text>
        <Group>
          <Button onClick={() => void choose()} loading={busy === 'choose'} data-testid="import-choose">
            {file ? ot('importer.chooseOther') : ot('importer.choose')}
          </Button>
          {file && (
            <Text size="sm" fw={600} data-testid="import-file">
              {file.fileName}
            </Text>
          )}
        </Group>
        {busy === 'preview' && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">{ot('importer.reading')}</Text>
          </Group>
        )}
        {preview && (
          <Stack gap="md" data-testid="import-preview" data-kind={preview.kind} data-source={preview.source}>
            <Text size="sm" data-testid="import-detected">
              {ot('importer.detected', { what: what(preview) })}
            </Text>
            <SimpleGrid cols={2}>
              <Select
                label={ot('importer.kind')}
                value={preview.kind}
                allowDeselect={false}
                data={(['customers', 'orders'] as const).map((k) => ({ value: k, label: ot(`importer.kinds.${k}`) }))}
                onChange={(v) => v && change({ kind: v as ImportKind })}
                data-testid="import-kind"
              />
              <Select
                label={ot('importer.source')}
                value={preview.source}
                allowDeselect={false}
                data={(['shopify', 'generic'] as const).map((k) => ({ value: k, label: ot(`importer.sources.${k}`) }))}
                onChange={(v) => v && change({ source: v as ImportSource })}
                data-testid="import-source"
              />
            </SimpleGrid>
            {preview.source === 'generic' && (
              <Stack gap={6} data-testid="import-mapping">
                <Text fw={600} size="sm">
                  {ot('importer.mapping')}
                </Text>
                <Text size="xs" c="dimmed">
                  {ot('importer.mappingHelp')}
                </Text>
                <SimpleGrid cols={3} spacing="xs">
                  {fields.map((f) => (
                    <Select
                      key={f}
                      size="xs"
                      label={ot(`importer.fields.${f}`)}
                      placeholder={ot('importer.noColumn')}
                      clearable
                      value={preview.mapping[f] ?? null}
                      data={preview.columns}
                      onChange={(v) => {
                        const { [f]: _old, ...rest } = preview.mapping;
                        change({ mapping: v ? { ...rest, [f]: v } : rest });
                      }}
                      data-testid={`import-map-${f}`}
                    />
                  ))}
                </SimpleGrid>
                {preview.missingFields.length > 0 && (
                  <Alert color="orange" variant="light" data-testid="import-missing">
                    {ot('importer.missing', {
                      fields: preview.missingFields.map((f) => ot(`importer.fields.${f}`)).join(', '),
                    })}
                  </Alert>
                )}
              </Stack>
            )}
            <Text size="sm" fw={600} data-testid="import-counts">
              {ot('importer.counts', {
                rows: fmt.number(preview.rows),
                accepted: fmt.number(preview.accepted),
                rejected: fmt.number(preview.rejected),
              })}
            </Text>
            {preview.sample.length > 0 && (
              <Stack gap={4}>
                <Text size="sm" c="dimmed">
                  {ot('importer.preview')}
                </Text>
                <Table.ScrollContainer minWidth={600}>
                  <Table striped withTableBorder fz="xs" data-testid="import-sample">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{ot('importer.line')}</Table.Th>
                        {SAMPLE_COLUMNS[preview.kind].map(([f]) => (
                          <Table.Th key={f}>{ot(`importer.fields.${f}`)}</Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {preview.sample.map((s) => (
                        <Table.Tr key={s.line} data-testid="import-sample-row" data-line={s.line}>
                          <Table.Td>{s.line}</Table.Td>
                          {SAMPLE_COLUMNS[preview.kind].map(([f, get]) => (
                            <Table.Td key={f}>{get(s.record) === undefined ? '' : String(get(s.record))}</Table.Td>
                          ))}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Stack>
            )}
            {preview.problems.length > 0 && (
              <Stack gap={4}>
                <Text size="sm" c="dimmed">
                  {ot('importer.rejected')}
                </Text>
                <Table withTableBorder fz="xs" data-testid="import-problems">
                  <Table.Tbody>
                    {preview.problems.map((p) => (
                      <Table.Tr
                        key={`${p.line}-${p.reason}`}
                        data-testid="import-problem"
                        data-line={p.line}
                        data-severity={p.severity}
                      >
                        <Table.Td w={70}>
                          {ot('importer.line')} {p.line}
                        </Table.Td>
                        <Table.Td c={p.severity === 'rejected' ? 'red' : 'orange'}>{p.message}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {preview.problemCount > preview.problems.length && (
                  <Text size="xs" c="dimmed">
                    {ot('importer.more', { count: preview.problemCount - preview.problems.length })}
                  </Text>
                )}
              </Stack>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {ot('discard')}
              </Button>
              <Button
                onClick={() => void queue()}
                disabled={!preview.ready}
                loading={busy === 'queue'}
                data-testid="import-queue"
              >
                {ot('importer.queue', { count: preview.accepted })}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}
