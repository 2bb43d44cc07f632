import { BarChart, ChartTooltip, LineChart } from '@mantine/charts';
import { Card, Center, ColorSwatch, EmptyState, Group, SimpleGrid, Skeleton, Text } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import type { AuditFigures } from '../../../../shared/contract/audit';
import { IconChart } from '../../components/icons';
import { on, rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { chartState, type ChartState } from './chartState';
import { bucketMetricVolume, splitIncomplete, type MetricBucket } from './metricBuckets';
import { useAuditT } from './strings';

const TOP = 8;
const CHART_H = 240;
const SERIES_COLORS = ['violet.6', 'teal.6', 'orange.6', 'blue.6', 'pink.6'];

type T = ReturnType<typeof useAuditT>;

/**
 * Flow and campaign revenue (last 90 days) and trigger-metric volume, the figures the audit rules read, drawn
 * from what the last refresh stored (no API call), each chart with the time its figures were fetched. Small
 * accounts are the common case: a chart with nothing to draw says why instead of showing empty axes.
 */
export function PerformanceCharts({ workspaceId }: { workspaceId: string }) {
  const t = useAuditT();
  const figures = useQuery(`audit-figures:${workspaceId}`, () => rpc('audit:figures', { workspaceId }));
  useEffect(
    () =>
      on('workspaces:changed', (p) => {
        if (p.workspaceId === workspaceId && p.reason === 'audited') void figures.reload();
      }),
    [workspaceId, figures],
  );

  const f = figures.data;
  if (!f) return <Skeleton h={280} />;
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }} data-testid="audit-performance">
      <RevenueCard t={t} id="flowRevenue" rows={f.flowRevenue} when={f.asOf.flows} currency={f.currency} />
      <RevenueCard t={t} id="campaignRevenue" rows={f.campaignRevenue} when={f.asOf.campaigns} currency={f.currency} />
      <MetricVolumeCard t={t} volume={f.metricVolume} when={f.asOf.metrics} />
    </SimpleGrid>
  );
}

function PerfCard(props: {
  t: T;
  id: string;
  title: string;
  when: string | null;
  state: ChartState;
  children: ReactNode;
  extra?: Record<string, string>;
}) {
  const { at, fmt } = props.t;
  return (
    <Card withBorder data-testid={`perf-${props.id}`} data-state={props.state} {...props.extra}>
      <Text fw={600}>{props.title}</Text>
      <Text size="xs" c="dimmed" mb="xs">
        {props.when ? at('perfAsOf', { when: fmt.dateTime(props.when) }) : at('noFigures')}
      </Text>
      {props.children}
    </Card>
  );
}

function ChartEmpty({ title, why }: { title: string; why: string }) {
  return (
    <Center mih={CHART_H} px="md" style={{ flex: 1 }}>
      <EmptyState
        size="sm"
        icon={<IconChart size={22} />}
        variant="light"
        color="gray"
        title={title}
        description={<span style={{ maxWidth: 300, display: 'inline-block' }}>{why}</span>}
      />
    </Center>
  );
}

function RevenueCard(props: {
  t: T;
  id: 'flowRevenue' | 'campaignRevenue';
  rows: AuditFigures['flowRevenue'];
  when: string | null;
  currency: string | null;
}) {
  const { at, fmt } = props.t;
  const { rows, currency } = props;
  const state = chartState(
    rows.map((r) => r.value),
    props.when,
  );
  const money = (v: number, compact = false) => (currency ? fmt.currency(v, currency, { compact }) : fmt.number(v));
  const data = rows
    .slice(0, TOP)
    .map((r) => ({ name: r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label, revenue: r.value }));
  return (
    <PerfCard t={props.t} id={props.id} title={at(props.id)} when={props.when} state={state}>
      {state === 'chart' ? (
        <BarChart
          h={CHART_H}
          data={data}
          dataKey="name"
          orientation="vertical"
          yAxisProps={{ width: 150, interval: 0, fontSize: 11 }}
          // full amounts in the tooltip, compact ones on the axis so ticks do not collide
          valueFormatter={(v) => money(v)}
          xAxisProps={{ tickFormatter: (v: number) => money(v, true) }}
          series={[{ name: 'revenue', color: 'teal.6', label: at('revenue') }]}
        />
      ) : state === 'empty' ? (
        <ChartEmpty title={at('noRevenue')} why={at('noRevenueWhy')} />
      ) : (
        <ChartEmpty title={at('noPerf')} why={at('noPerfWhy')} />
      )}
    </PerfCard>
  );
}

// the dashed twin of each metric's line, through the periods the window or the clock cut short
const DASHED = ' (incomplete)';

function MetricVolumeCard(props: { t: T; volume: AuditFigures['metricVolume']; when: string | null }) {
  const { at, fmt } = props.t;
  const v = props.volume;
  const b = v ? bucketMetricVolume(v.startDate, v.series, { fetchedAt: props.when }) : null;
  const state = chartState(b ? [b.total] : [], props.when);
  const unit = b?.unit ?? 'day';
  const buckets = b?.buckets ?? [];
  const complete = buckets.map((x) => x.complete);
  const someIncomplete = complete.includes(false);
  const metrics = (b?.series ?? []).map((s, i) => ({
    ...s,
    ...splitIncomplete(s.values, complete),
    color: SERIES_COLORS[i % SERIES_COLORS.length]!,
  }));
  const rows = buckets.map((bucket, i) => {
    const row: Record<string, string | number | null> = { tick: fmt.day(bucket.from, 'short'), i };
    for (const m of metrics) {
      row[m.label] = m.solid[i] ?? null;
      row[m.label + DASHED] = m.dashed[i] ?? null;
    }
    return row;
  });
  const lines = metrics.flatMap((m) => [
    { name: m.label, color: m.color },
    ...(someIncomplete ? [{ name: m.label + DASHED, color: m.color, strokeDasharray: '4 3' }] : []),
  ]);
  const tipLabel = (bucket: MetricBucket) => {
    const when = unit === 'day' ? fmt.day(bucket.from) : fmt.dayRange(bucket.from, bucket.to);
    if (bucket.complete) return when;
    const cut = bucket.days < (unit === 'week' ? 7 : 1);
    return `${when} · ${cut ? at('weekPartial', { days: bucket.days }) : at('soFar')}`;
  };
  // one row per metric with the bucket's count, whichever of the metric's two lines passes there
  const tooltip = ({ payload }: { payload?: readonly { payload?: { i?: number } }[] }) => {
    const i = payload?.[0]?.payload?.i;
    const bucket = i === undefined ? undefined : buckets[i];
    if (i === undefined || !bucket) return null;
    return (
      <ChartTooltip
        label={tipLabel(bucket)}
        payload={metrics.map((m) => ({ name: m.label, color: m.color, payload: { [m.label]: m.values[i] ?? 0 } }))}
        series={lines}
        valueFormatter={(n) => fmt.number(n)}
      />
    );
  };

  return (
    <PerfCard
      t={props.t}
      id="metricVolume"
      title={at(unit === 'week' ? 'metricVolumeWeek' : 'metricVolumeDay')}
      when={props.when}
      state={state}
      extra={{ 'data-unit': unit }}
    >
      {state === 'chart' ? (
        <>
          <LineChart
            h={CHART_H}
            data={rows}
            dataKey="tick"
            // a week's few points read better marked; ninety daily ones would be a row of beads. Straight segments:
            // a smoothed curve between counts of 0 and 2 suggests values that were never there
            withDots={unit === 'week'}
            curveType="linear"
            connectNulls={false}
            xAxisProps={{ minTickGap: 24 }}
            yAxisProps={{ allowDecimals: false }}
            valueFormatter={(n) => fmt.number(n)}
            tooltipProps={{ content: tooltip }}
            series={lines}
          />
          {/* outside the chart: five metric names wrap onto more lines than a fixed-height chart legend holds */}
          <Group gap="md" style={{ rowGap: 4 }} mt="xs" justify="center" data-testid="perf-legend">
            {metrics.map((m) => (
              <Group key={m.label} gap={6} wrap="nowrap">
                <ColorSwatch size={10} color={`var(--mantine-color-${m.color.replace('.', '-')})`} withShadow={false} />
                <Text size="xs">{m.label}</Text>
              </Group>
            ))}
            {someIncomplete && (
              <Group gap={6} wrap="nowrap">
                <svg width={16} height={10} aria-hidden="true">
                  <line x1={0} y1={5} x2={16} y2={5} stroke="currentColor" strokeWidth={2} strokeDasharray="4 3" />
                </svg>
                <Text size="xs" c="dimmed">
                  {at('incomplete')}
                </Text>
              </Group>
            )}
          </Group>
        </>
      ) : state === 'empty' ? (
        <ChartEmpty title={at('noEvents')} why={at('noEventsWhy')} />
      ) : (
        <ChartEmpty title={at('noPerf')} why={at('noPerfWhy')} />
      )}
    </PerfCard>
  );
}
