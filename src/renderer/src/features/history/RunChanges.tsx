import { Alert, Skeleton, Stack, Text } from '@mantine/core';
import type { SyncRun } from '../../../../shared/contract/sync';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { ChangeGroups, IncompleteNote } from '../changes';

const WORDS = { running: 'changesRunning', push: 'changesPush', failed: 'changesFailed' } as const;

/** Why a run has no change set to show, or null when the changes channel answers for it. */
function withoutChanges(run: SyncRun): keyof typeof WORDS | null {
  if (run.outcome === 'in_progress') return 'running';
  if (run.direction === 'push') return 'push';
  // a failed or cancelled pull merges nothing (the sync's own rule), so it changed nothing by construction
  if (run.outcome === 'failure') return 'failed';
  return null;
}

function Note({ state, text }: { state: string; text: string }) {
  return (
    <Text size="sm" c="dimmed" data-testid="run-changes" data-state={state}>
      {text}
    </Text>
  );
}

/**
 * What a run changed: the change set between the complete sync before it and this run, from the changes
 * channel and drawn by the Changes tab's own components.
 */
export function RunChanges({ run }: { run: SyncRun }) {
  const { t, fmt } = useI18n();
  const reason = withoutChanges(run);
  const set = useQuery(reason ? `none/${run.id}` : run.id, () =>
    reason ? Promise.resolve(null) : rpc('changes:between', { workspaceId: run.workspaceId, toRunId: run.id }),
  );
  if (reason) return <Note state={reason} text={t(`history.drawer.${WORDS[reason]}`)} />;
  if (set.loading) return <Skeleton h={40} />;
  if (set.error)
    return (
      <Alert color="red" variant="light" title={t('errors.title')}>
        {set.error.message}
      </Alert>
    );
  const data = set.data;
  if (!data?.from) return <Note state="first" text={t('history.drawer.changesFirst')} />;
  return (
    <Stack gap="sm" data-testid="run-changes" data-state={data.total ? 'changes' : 'none'}>
      <Text size="sm" c="dimmed">
        {t('history.drawer.changesBetween', { date: fmt.dateTime(data.from.startedAt) })}
        {' · '}
        {t('changes.total', { count: data.total })}
      </Text>
      <IncompleteNote resources={data.incomplete} />
      {data.items.length ? (
        <ChangeGroups items={data.items} withBorder />
      ) : (
        <Text size="sm">{t('history.drawer.changesNone')}</Text>
      )}
    </Stack>
  );
}
