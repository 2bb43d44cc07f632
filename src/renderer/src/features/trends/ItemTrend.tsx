import { Alert, Skeleton, Text } from '@mantine/core';
import { LineChart } from '@mantine/charts';
import { trendStatusWord } from '../../../../shared/trends';
import { useLive } from '../../app/live';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { itemRows, STATUS_LEVELS } from './series';
import { CHART_H, TrendCard, TrendEmpty, TrendLines, useTickFormatter } from './TrendChart';
import { useTrendsReload } from './useTrendsReload';

export type TrendItemType = 'lists' | 'segments' | 'flows';
export const hasItemTrend = (type: string): type is TrendItemType =>
  type === 'lists' || type === 'segments' || type === 'flows';

/** In an item's drawer: a list's or segment's size over the syncs, or a flow's status as a step line. */
export function ItemTrend({ workspaceId, type, id }: { workspaceId: string; type: TrendItemType; id: string }) {
  const { t, fmt, locale } = useI18n();
  const { finishedTick } = useLive();
  const q = useQuery(`trend:${workspaceId}:${type}:${id}:${finishedTick[workspaceId] ?? 0}`, () =>
    rpc('trends:get', { workspaceId, item: { type, id } }),
  );
  useTrendsReload(workspaceId, q);
  const rows = itemRows(q.data?.points ?? []);
  const tick = useTickFormatter(rows);
  if (q.error)
    return (
      <Alert color="red" title={t('errors.title')}>
        {q.error.message}
      </Alert>
    );
  if (!q.data) return <Skeleton h={CHART_H + 60} />;
  const status = type === 'flows';
  const last = rows.at(-1);
  const latest = !last ? null : status ? trendStatusWord(String(last.label), locale) : fmt.number(Number(last.value));
  return (
    <div data-testid="item-trend">
      <TrendCard
        id={status ? 'item-status' : 'item-size'}
        title={status ? t('trends.itemStatus') : t('trends.itemSize')}
        hint={t('trends.itemHint', { count: rows.length })}
        latest={latest}
        points={rows.length}
      >
        {!rows.length ? (
          <TrendEmpty title={t('trends.itemNone')} why={status ? t('trends.itemNoneWhy') : t('trends.noSizesWhy')} />
        ) : status ? (
          <LineChart
            h={CHART_H}
            data={rows.map((r) => ({ ...r, tick: tick(r) }))}
            dataKey="tick"
            curveType="stepAfter"
            withDots
            withLegend={false}
            series={[{ name: 'value', label: t('trends.itemStatus'), color: 'teal.6' }]}
            valueFormatter={(n) => trendStatusWord(STATUS_LEVELS[n] ?? '', locale)}
            yAxisProps={{
              domain: [0, STATUS_LEVELS.length - 1],
              ticks: STATUS_LEVELS.map((_, i) => i),
              tickFormatter: (n: number) => trendStatusWord(STATUS_LEVELS[n] ?? '', locale),
              width: 80,
            }}
            xAxisProps={{ minTickGap: 24, padding: { left: 16, right: 16 } }}
          />
        ) : (
          <TrendLines rows={rows} lines={[{ key: 'value', label: t('trends.itemSize'), color: 'violet.6' }]} />
        )}
      </TrendCard>
      {status && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('trends.statusSteps')}
        </Text>
      )}
    </div>
  );
}
