import { Alert, Badge, Card, Group, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { RunFigures } from '../../../../shared/contract/history';
import { Name } from '../../components/Name';
import { IconAlert, IconCheck } from '../../components/icons';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      <Text fw={700} fz={20} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}

/** one direction's figures in a row: from Klaviyo (pull) or to Klaviyo (push), each under its own test ids */
function FigureRow({ label, f, prefix }: { label: string; f: RunFigures; prefix: string }) {
  const { t, fmt } = useI18n();
  const ms = (v: number | null) => (v == null ? t('app.none') : fmt.durationShort(v));
  return (
    <Stack gap={6} data-testid={`${prefix}-figures`}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <SimpleGrid cols={{ base: 3, lg: 6 }} spacing="lg">
        <Figure
          label={t('history.health.successRate')}
          value={f.successRate == null ? t('app.none') : fmt.percent(f.successRate)}
          testId={`${prefix}-success-rate`}
        />
        <Figure label={t('history.health.runs')} value={fmt.number(f.finished)} testId={`${prefix}-runs`} />
        <Figure label={t('history.health.avg')} value={ms(f.avgDurationMs)} testId={`${prefix}-avg`} />
        <Figure label={t('history.health.p95')} value={ms(f.p95DurationMs)} testId={`${prefix}-p95`} />
        <Figure label={t('history.health.requests')} value={fmt.number(f.requests)} testId={`${prefix}-requests`} />
        <Figure label={t('history.health.throttled')} value={fmt.number(f.throttled)} testId={`${prefix}-throttled`} />
      </SimpleGrid>
    </Stack>
  );
}

/**
 * The health report above the history (PRODUCT C3/C4): the last 30 days' figures of the clients shown, syncs from
 * Klaviyo and pushes to it apart, the failure patterns, and what to do for each client that needs attention — all
 * computed by the service.
 */
export function HealthPanel({ workspaceId, refreshKey }: { workspaceId: string | null; refreshKey: number }) {
  const { t, fmt, locale } = useI18n();
  const scope = workspaceId ? { workspaceId } : {};
  const data = useQuery(`${workspaceId}/${locale}/${refreshKey}`, () =>
    Promise.all([rpc('history:analytics', { ...scope, lang: locale }), rpc('health:get', { ...scope, lang: locale })]),
  );
  if (data.loading && !data.data) return <Skeleton h={140} radius="md" />;
  if (data.error)
    return (
      <Alert color="red" variant="light" title={t('errors.title')}>
        {data.error.message}
      </Alert>
    );
  const [analytics, health] = data.data!;
  const f = analytics.directions.pull;
  const pushes = analytics.directions.push;
  const attention = health.items.filter((h) => h.state === 'attention');
  return (
    <Card data-testid="history-health">
      <Group justify="space-between" align="flex-start" mb="md">
        <div>
          <Title order={4}>{t('history.health.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('history.health.window', { from: fmt.date(analytics.from), to: fmt.date(analytics.to) })}
          </Text>
        </div>
        <Badge
          size="lg"
          variant="light"
          color={attention.length ? 'orange' : 'teal'}
          leftSection={attention.length ? <IconAlert size={12} /> : <IconCheck size={12} />}
          data-testid="history-health-state"
          data-state={attention.length ? 'attention' : 'good'}
        >
          {attention.length ? t('history.health.attention', { count: attention.length }) : t('history.health.good')}
        </Badge>
      </Group>
      <Stack gap="md" mb={attention.length || f.patterns.length ? 'md' : 0}>
        <FigureRow label={t('history.directions.pull')} f={f} prefix="health" />
        {/* pushes only where there were any: most clients are only read */}
        {pushes.runs > 0 && <FigureRow label={t('history.directions.push')} f={pushes} prefix="health-push" />}
      </Stack>
      {attention.length > 0 && (
        <Stack gap="sm" data-testid="health-recommendations">
          {attention.map((h) => (
            <Group key={h.workspaceId} gap="sm" wrap="nowrap" align="flex-start" data-testid="health-client">
              <ThemeIcon variant="light" color="orange" size="md" radius="xl">
                <IconAlert size={14} />
              </ThemeIcon>
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text size="sm" fw={600}>
                  <Name value={h.name} />
                  {h.successRate != null && (
                    <Text span size="xs" c="dimmed" fw={400} ml={8}>
                      {t('history.health.clientRate', { rate: fmt.percent(h.successRate) })}
                    </Text>
                  )}
                  {h.pushSuccessRate != null && (
                    <Text span size="xs" c="dimmed" fw={400} ml={8} data-testid="health-client-push-rate">
                      {t('history.health.clientPushRate', { rate: fmt.percent(h.pushSuccessRate) })}
                    </Text>
                  )}
                </Text>
                {h.recommendations.map((r, i) => (
                  <Text key={i} size="sm" data-testid="health-recommendation" data-kind={r.kind}>
                    {r.text}
                  </Text>
                ))}
              </Stack>
            </Group>
          ))}
        </Stack>
      )}
      {f.patterns.length > 0 && (
        <Stack gap={4} mt="md" data-testid="health-patterns">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.03em' }}>
            {t('history.health.patterns')}
          </Text>
          {f.patterns.map((p) => (
            <Text key={`${p.code}/${p.scope}`} size="sm" data-testid="health-pattern">
              {p.text}
            </Text>
          ))}
        </Stack>
      )}
    </Card>
  );
}
