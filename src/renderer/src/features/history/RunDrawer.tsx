import { Alert, Badge, Divider, Drawer, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Field } from '../../components/Field';
import type { SyncRun } from '../../../../shared/contract/sync';
import type { ErrorEnvelope } from '../../../../shared/errors';
import { CopyId } from '../../components/CopyId';
import { Name } from '../../components/Name';
import { runStatus, StatusBadge } from '../../components/StatusBadge';
import { IconAlert } from '../../components/icons';
import { useI18n } from '../../i18n';
import { RunResources } from '../runs/RunsTab';
import { RunChanges } from './RunChanges';
import { runTotals } from './totals';

/** An error envelope for people: the code in words and what to do, Klaviyo's message, the reference to copy. */
export function ErrorWords({ error, testId }: { error: ErrorEnvelope; testId: string }) {
  const { t } = useI18n();
  return (
    <Alert
      color={error.code === 'cancelled' ? 'gray' : 'red'}
      variant="light"
      icon={<IconAlert size={18} />}
      title={t(`errorCodes.${error.code}.title`)}
      data-testid={testId}
      data-code={error.code}
    >
      <Stack gap={6}>
        <Text size="sm">{t(`errorCodes.${error.code}.hint`)}</Text>
        <Text size="sm" c="dimmed" data-testid="run-error-message">
          {error.message}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {t('history.drawer.errorCode', { code: error.code })}
          </Text>
          {error.requestId && (
            <>
              <Text size="xs" c="dimmed">
                ·
              </Text>
              <CopyId value={error.requestId} testId="run-error-request-id" />
            </>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}

const troubledResources = (run: SyncRun) => run.resources.filter((r) => r.error || r.missingScopes.length);

/**
 * The resources that failed, one line per kind of problem with the resources it hit: a rejected key fails every
 * resource the same way, and a list of identical lines would hide the one that differs.
 */
function ResourceProblems({ run }: { run: SyncRun }) {
  const { t, label } = useI18n();
  const groups = new Map<string, { title: string; detail: string | null; resources: string[] }>();
  for (const r of troubledResources(run)) {
    const scopes = r.missingScopes.length
      ? t('history.drawer.missingScopes', { scopes: r.missingScopes.join(', ') })
      : null;
    const title = r.error && !scopes ? t(`errorCodes.${r.error.code}.title`) : t('errorCodes.forbidden.title');
    // the run's own message is shown above; a bare code is no explanation
    const message = r.error?.message;
    const detail = scopes ?? (message && message !== run.error?.message && message !== r.error?.code ? message : null);
    const key = `${title}\n${detail ?? ''}`;
    const g = groups.get(key) ?? { title, detail, resources: [] };
    g.resources.push(r.resource);
    groups.set(key, g);
  }
  return (
    <Stack gap={8} data-testid="run-resource-errors">
      {[...groups.values()].map((g) => (
        <Stack key={`${g.title}${g.detail}`} gap={4} data-testid="run-resource-error">
          <Text size="sm" fw={500}>
            {g.title}
          </Text>
          <Group gap={6}>
            {g.resources.map((r) => (
              <Badge key={r} variant="light" color="red" miw="max-content" tt="none">
                {label('resources', r)}
              </Badge>
            ))}
          </Group>
          {g.detail && (
            <Text size="xs" c="dimmed">
              {g.detail}
            </Text>
          )}
        </Stack>
      ))}
    </Stack>
  );
}

/** One run in full: when, who, how it ended and why, its figures per resource and what it changed. */
export function RunDrawer({
  run,
  clientName,
  onClose,
}: {
  run: SyncRun | null;
  clientName: string;
  onClose: () => void;
}) {
  const { t, label, fmt } = useI18n();
  const totals = run ? runTotals(run) : null;
  const troubled = run ? troubledResources(run) : [];
  return (
    <Drawer
      opened={!!run}
      onClose={onClose}
      position="right"
      size={880}
      closeButtonProps={{ 'aria-label': t('app.close') }}
      title={
        run && (
          <Stack gap={4}>
            <Group gap="sm">
              <Title order={4} data-testid="run-drawer-title">
                {t('history.drawer.title', { date: fmt.dateTime(run.startedAt) })}
              </Title>
              <StatusBadge status={runStatus(run)} size="sm" />
            </Group>
            <Text size="sm" c="dimmed">
              <Name value={clientName} />
            </Text>
          </Stack>
        )
      }
    >
      {run && totals && (
        <Stack gap="lg" data-testid="run-drawer" data-run={run.id} data-outcome={run.outcome}>
          <SimpleGrid cols={3} spacing="md" verticalSpacing="md">
            <Field label={t('history.drawer.started')}>
              <Text size="sm">{fmt.dateTime(run.startedAt)}</Text>
            </Field>
            <Field label={t('history.drawer.finished')}>
              <Text size="sm">{run.finishedAt ? fmt.dateTime(run.finishedAt) : t('runs.inProgress')}</Text>
            </Field>
            <Field label={t('history.drawer.duration')}>
              <Text size="sm">{run.durationMs != null ? fmt.durationShort(run.durationMs) : '—'}</Text>
            </Field>
            <Field label={t('history.drawer.trigger')}>
              <Text size="sm">{label('trigger', run.trigger)}</Text>
            </Field>
            <Field label={t('history.drawer.direction')}>
              <Text size="sm">{t(`history.directions.${run.direction}`)}</Text>
            </Field>
            <Field label={t('history.drawer.requests')}>
              <Text size="sm">
                {fmt.number(totals.requests)}
                {totals.throttled > 0 && (
                  <Text span size="xs" c="orange" ml={6}>
                    {t('history.drawer.throttled')}: {fmt.number(totals.throttled)}
                  </Text>
                )}
              </Text>
            </Field>
            <Field label={t('history.drawer.requestId')}>
              <CopyId value={run.requestId} testId="run-request-id" />
            </Field>
            <Field label={t('history.drawer.runId')}>
              <Text size="sm" ff="monospace">
                {run.id}
              </Text>
            </Field>
          </SimpleGrid>

          {(run.error || troubled.length > 0) && (
            <Stack gap="sm">
              <Title order={5}>{t('history.drawer.error')}</Title>
              {run.error && <ErrorWords error={run.error} testId="run-error" />}
              {troubled.length > 0 && <ResourceProblems run={run} />}
            </Stack>
          )}

          <Divider />
          <Stack gap="sm">
            <Title order={5}>{t('history.drawer.resources')}</Title>
            <Table.ScrollContainer minWidth={780}>
              <RunResources run={run} />
            </Table.ScrollContainer>
          </Stack>

          <Divider />
          <Stack gap="sm">
            <Title order={5}>{t('history.drawer.changes')}</Title>
            <RunChanges run={run} />
          </Stack>
        </Stack>
      )}
    </Drawer>
  );
}
