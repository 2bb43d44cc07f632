import { BarChart, LineChart } from '@mantine/charts';
import { Card, SimpleGrid, Skeleton, Text } from '@mantine/core';
import { useEffect } from 'react';
import { on, rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { useAuditT } from './strings';

const TOP = 8;
const SERIES_COLORS = ['violet.6', 'teal.6', 'orange.6', 'blue.6', 'pink.6'];
const DAY_MS = 86_400_000;

/**
 * Flow and campaign revenue (last 90 days) and trigger-metric volume per day: the figures the audit rules read,
 * drawn from what the last refresh stored (no API call), each chart with the time its figures were fetched.
 */
export function PerformanceCharts({ workspaceId }: { workspaceId: string }) {
  const { at, fmt } = useAuditT();
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
  const asOf = (when: string | null) => (when ? at('perfAsOf', { when: fmt.dateTime(when) }) : at('noFigures'));
  const bars = (rows: { label: string; value: number }[]) =>
    rows
      .slice(0, TOP)
      .map((r) => ({ name: r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label, revenue: r.value }));
  const volume = f.metricVolume;
  const start = volume ? Date.parse(`${volume.startDate}T00:00:00Z`) : 0;
  const days = volume ? Math.max(...volume.series.map((s) => s.values.length)) : 0;
  const volumeRows = Array.from({ length: days }, (_, i) => {
    const row: Record<string, string | number> = { day: fmt.date(new Date(start + i * DAY_MS).toISOString()) };
    for (const s of volume!.series) row[s.label] = s.values[i] ?? 0;
    return row;
  });

  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }} data-testid="audit-performance">
      {(
        [
          ['flowRevenue', f.flowRevenue, f.asOf.flows],
          ['campaignRevenue', f.campaignRevenue, f.asOf.campaigns],
        ] as const
      ).map(([key, rows, when]) => (
        <Card withBorder key={key}>
          <Text fw={600}>{at(key)}</Text>
          <Text size="xs" c="dimmed" mb="xs">
            {asOf(when)}
          </Text>
          {rows.length ? (
            <BarChart
              h={240}
              data={bars(rows)}
              dataKey="name"
              orientation="vertical"
              yAxisProps={{ width: 150, interval: 0, fontSize: 11 }}
              valueFormatter={(v) => fmt.number(v)}
              series={[{ name: 'revenue', color: 'teal.6', label: at('revenue') }]}
            />
          ) : (
            <Text size="sm" c="dimmed">
              {at('noPerf')}
            </Text>
          )}
        </Card>
      ))}
      <Card withBorder>
        <Text fw={600}>{at('metricVolume')}</Text>
        <Text size="xs" c="dimmed" mb="xs">
          {asOf(f.asOf.metrics)}
        </Text>
        {volume && volumeRows.length ? (
          <LineChart
            h={240}
            data={volumeRows}
            dataKey="day"
            withDots={false}
            withLegend
            legendProps={{ verticalAlign: 'bottom', height: 40 }}
            series={volume.series.map((s, i) => ({ name: s.label, color: SERIES_COLORS[i % SERIES_COLORS.length]! }))}
            curveType="linear"
          />
        ) : (
          <Text size="sm" c="dimmed">
            {at('noPerf')}
          </Text>
        )}
      </Card>
    </SimpleGrid>
  );
}
