import { Alert, Button, Card, EmptyState, Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { severities } from '../../../../shared/contract/audit';
import { trendMetricWord } from '../../../../shared/trends';
import { useErrorToast, useLive } from '../../app/live';
import { notify } from '../../components/notifications';
import { IconChart } from '../../components/icons';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { deliverExport } from '../audit/exportReport';
import { seriesKey, sizeRows, workspaceRows, type TrendRow } from './series';
import { TrendCard, TrendEmpty, TrendLines, type TrendLine } from './TrendChart';
import { useTrendsReload } from './useTrendsReload';

const SEVERITY_COLOR: Record<string, string> = {
  critical: 'red.7',
  high: 'orange.6',
  medium: 'yellow.6',
  low: 'blue.5',
  info: 'gray.5',
};
const STATUS_COLOR: Record<string, string> = { live: 'teal.6', manual: 'blue.5', draft: 'gray.5' };
const SIZE_COLORS = ['violet.6', 'teal.6', 'orange.6', 'blue.6', 'pink.6', 'lime.7', 'cyan.6', 'grape.5'];

const FINDINGS = severities.map((s) => `findings.${s}`);
const STATUSES = ['flows.status.live', 'flows.status.manual', 'flows.status.draft'];
const LIVE = ['flows.live', 'messages.live'];
const WORKSPACE = ['score', ...FINDINGS, ...LIVE, ...STATUSES];

/** the last value a series has, for the large figure of its card */
function latestOf(rows: TrendRow[], key: string): number | null {
  for (let i = rows.length - 1; i >= 0; i--) {
    const v = rows[i]![key];
    if (typeof v === 'number') return v;
  }
  return null;
}
const captured = (rows: TrendRow[], keys: string[]) =>
  rows.filter((r) => keys.some((k) => typeof r[seriesKey(k)] === 'number')).length;

/**
 * A workspace's figures over its syncs (PRODUCT B5): the score, failing checks by severity, live flows and
 * messages, flows per status and the largest lists' and segments' sizes — history the Klaviyo API cannot give
 * back later, captured at every sync.
 */
export function TrendsTab({ workspaceId }: { workspaceId: string }) {
  const { t, fmt, locale } = useI18n();
  const { finishedTick } = useLive();
  const showError = useErrorToast();
  const [exporting, setExporting] = useState(false);
  const trends = useQuery(`trends:${workspaceId}:${finishedTick[workspaceId] ?? 0}`, () =>
    rpc('trends:get', { workspaceId, items: true }),
  );
  useTrendsReload(workspaceId, trends);

  if (trends.error)
    return (
      <Alert color="red" title={t('errors.title')}>
        {trends.error.message}
      </Alert>
    );
  if (!trends.data)
    return (
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} h={300} radius="md" />
        ))}
      </SimpleGrid>
    );
  const points = trends.data.points;
  if (!points.length)
    return (
      <Card py={48} data-testid="trends-empty">
        <EmptyState icon={<IconChart size={26} />} withIndicatorBackground title={t('trends.none')} />
      </Card>
    );

  const word = (m: string) => trendMetricWord(m, locale);
  const rows = workspaceRows(points, WORKSPACE);
  const lines = (metrics: string[], color: (m: string) => string): TrendLine[] =>
    metrics.map((m) => ({ key: seriesKey(m), label: word(m), color: color(m) }));
  const findingLines = severities.map((s) => ({
    key: seriesKey(`findings.${s}`),
    label: t(`trends.severity.${s}`),
    color: SEVERITY_COLOR[s]!,
  }));
  const sizes = sizeRows(points);
  // accounts re-use names ("Newsletter" twice): a shared name gets the item's id so the lines can be told apart
  const named = new Map<string, number>();
  for (const s of sizes.series) named.set(s.name, (named.get(s.name) ?? 0) + 1);
  const sizeLines: TrendLine[] = sizes.series.map((s, i) => ({
    key: s.key,
    label: `${s.name}${named.get(s.name)! > 1 ? ` · ${s.id}` : ''} (${t(`trends.${s.type}`)})`,
    color: SIZE_COLORS[i % SIZE_COLORS.length]!,
  }));
  const num = (n: number | null) => (n === null ? null : fmt.number(n));
  const findingsNow = FINDINGS.map((m) => latestOf(rows, seriesKey(m)));
  const exportCsv = async () => {
    setExporting(true);
    try {
      const r = await rpc('trends:export', { workspaceId, items: true, lang: locale });
      if (await deliverExport(r)) notify({ kind: 'success', title: t('trends.exported') });
    } catch (err) {
      showError(err);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Stack gap="lg" data-testid="trends-tab" data-runs={rows.length}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Text fw={600} size="lg">
            {t('trends.title')}
          </Text>
          <Text size="sm" c="dimmed" data-testid="trends-span">
            {t('trends.span', {
              count: rows.length,
              from: fmt.dateTime(rows[0]!.at),
              to: fmt.dateTime(rows.at(-1)!.at),
            })}
          </Text>
        </div>
        <Button variant="default" onClick={() => void exportCsv()} loading={exporting} data-testid="trends-export">
          {t('trends.exportCsv')}
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <TrendCard
          id="score"
          title={word('score')}
          hint={t('trends.scoreHint')}
          latest={num(latestOf(rows, 'score'))}
          points={captured(rows, ['score'])}
        >
          {captured(rows, ['score']) ? (
            <TrendLines rows={rows} lines={lines(['score'], () => 'violet.6')} yDomain={[0, 100]} />
          ) : (
            <TrendEmpty title={t('trends.noScore')} why={t('trends.noScoreWhy')} />
          )}
        </TrendCard>
        <TrendCard
          id="findings"
          title={t('trends.findings')}
          hint={t('trends.findingsHint')}
          latest={
            findingsNow.every((n) => n === null)
              ? null
              : fmt.number(findingsNow.reduce<number>((a, b) => a + (b ?? 0), 0))
          }
          points={captured(rows, FINDINGS)}
          legend={findingLines}
        >
          {captured(rows, FINDINGS) ? (
            <TrendLines rows={rows} stacked lines={findingLines} />
          ) : (
            <TrendEmpty title={t('trends.noScore')} why={t('trends.noScoreWhy')} />
          )}
        </TrendCard>
        <TrendCard
          id="live"
          title={t('trends.live')}
          hint={t('trends.liveHint', {
            flows: num(latestOf(rows, seriesKey('flows.live'))) ?? '—',
            messages: num(latestOf(rows, seriesKey('messages.live'))) ?? '—',
          })}
          latest={num(latestOf(rows, seriesKey('flows.live')))}
          points={captured(rows, LIVE)}
          legend={lines(LIVE, (m) => (m === 'flows.live' ? 'teal.6' : 'blue.6'))}
        >
          <TrendLines rows={rows} lines={lines(LIVE, (m) => (m === 'flows.live' ? 'teal.6' : 'blue.6'))} />
        </TrendCard>
        <TrendCard
          id="statuses"
          title={t('trends.statuses')}
          hint={t('trends.statusesHint')}
          latest={null}
          points={captured(rows, STATUSES)}
          legend={lines(STATUSES, (m) => STATUS_COLOR[m.split('.')[2]!]!)}
        >
          <TrendLines rows={rows} stacked lines={lines(STATUSES, (m) => STATUS_COLOR[m.split('.')[2]!]!)} />
        </TrendCard>
      </SimpleGrid>
      <TrendCard
        id="sizes"
        title={t('trends.sizes')}
        hint={t('trends.sizesHint', { count: sizes.series.length })}
        latest={null}
        points={sizes.rows.length}
        legend={sizeLines}
      >
        {sizes.series.length ? (
          <TrendLines rows={sizes.rows} lines={sizeLines} />
        ) : (
          <TrendEmpty title={t('trends.noSizes')} why={t('trends.noSizesWhy')} />
        )}
      </TrendCard>
    </Stack>
  );
}
