import { BarChart, LineChart } from '@mantine/charts';
import { Card, Center, ColorSwatch, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';
import type { TrendRow } from './series';

export const CHART_H = 220;

export type TrendLine = { key: string; label: string; color: string };

/**
 * Axis ticks: the time of day when every run is on one day, else the date; runs that would share a tick (several
 * syncs in a minute, or in a day) are told apart by their run number.
 */
export function useTickFormatter(rows: TrendRow[]): (row: TrendRow) => string {
  const { fmt, t } = useI18n();
  const oneDay = new Set(rows.map((r) => r.at.slice(0, 10))).size <= 1;
  const when = (row: TrendRow) => (oneDay ? fmt.time(row.at) : fmt.date(row.at));
  const shared = new Set(rows.map(when)).size < rows.length;
  return (row) => (shared ? t('trends.run', { run: row.runId }) : when(row));
}

/**
 * A titled card around a chart of one figure family, with its latest value in large type (what a strategist reads
 * first) and the series' names beside swatches outside the chart, where long names can wrap.
 */
export function TrendCard(props: {
  id: string;
  title: string;
  latest: string | null;
  hint?: string;
  points: number;
  children: ReactNode;
  legend?: TrendLine[];
}) {
  return (
    <Card withBorder data-testid={`trend-${props.id}`} data-points={props.points}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <div>
          <Text fw={600}>{props.title}</Text>
          {props.hint && (
            <Text size="xs" c="dimmed">
              {props.hint}
            </Text>
          )}
        </div>
        {props.latest !== null && (
          <Text
            fw={700}
            size="xl"
            data-testid={`trend-latest-${props.id}`}
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            {props.latest}
          </Text>
        )}
      </Group>
      {props.children}
      {props.legend && props.legend.length > 1 && (
        <Group gap="md" style={{ rowGap: 4 }} mt="xs" justify="center">
          {props.legend.map((l) => (
            <Group key={l.key} gap={6} wrap="nowrap" data-legend={l.key}>
              <ColorSwatch size={10} color={`var(--mantine-color-${l.color.replace('.', '-')})`} withShadow={false} />
              <Text size="xs">{l.label}</Text>
            </Group>
          ))}
        </Group>
      )}
    </Card>
  );
}

/** Lines over the sync runs; a run that did not capture a figure leaves a gap. */
export function TrendLines(props: {
  rows: TrendRow[];
  lines: TrendLine[];
  format?: (n: number) => string;
  yDomain?: [number, number];
  stacked?: boolean;
}) {
  const { fmt } = useI18n();
  const tick = useTickFormatter(props.rows);
  const data = props.rows.map((r) => ({ ...r, tick: tick(r) }));
  const format = props.format ?? ((n: number) => fmt.number(n));
  const common = {
    h: CHART_H,
    data,
    dataKey: 'tick',
    valueFormatter: format,
    withLegend: false,
    series: props.lines.map((l) => ({ name: l.key, label: l.label, color: l.color })),
    // room at both ends so the first and last sync's dots are not cut by the plot's edge
    xAxisProps: { minTickGap: 24, padding: { left: 16, right: 16 } },
    yAxisProps: { allowDecimals: false, ...(props.yDomain ? { domain: props.yDomain } : {}) },
    tooltipAnimationDuration: 0,
  };
  if (props.stacked) return <BarChart {...common} type="stacked" />;
  return <LineChart {...common} curveType="linear" connectNulls={false} withDots />;
}

export function TrendEmpty({ title, why }: { title: string; why: string }) {
  return (
    <Center mih={CHART_H} px="md">
      <Stack gap={4} align="center" maw={320}>
        <Text fw={600} ta="center">
          {title}
        </Text>
        <Text size="sm" c="dimmed" ta="center">
          {why}
        </Text>
      </Stack>
    </Center>
  );
}
