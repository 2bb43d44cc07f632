import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Drawer,
  Group,
  MultiSelect,
  RingProgress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Modal,
  Title,
  Tooltip,
} from '@mantine/core';
import { locales, type Locale } from '../../i18n';
import { Name } from '../../components/Name';
import { useEffect, useMemo, useState } from 'react';
import { compareSeverity } from '../../../../shared/audit/severity';
import { severities, type Audit, type Finding } from '../../../../shared/contract/audit';
import { resourceTypes, type ResourceType } from '../../../../shared/contract/primitives';
import { DetailDrawer } from '../inventory/DetailDrawer';
import { on, rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { exportReport } from './exportReport';
import { figureLabel, figureValue, itemTypeLabel, noteLabel } from './figureLabels';
import { findingSummary } from './findingSummary';
import { PerformanceCharts } from './PerformanceCharts';
import { StaleNotice } from './StaleNotice';
import { CriticalNotice } from './CriticalNotice';
import { DecisionPanel, useDecisionWords } from './DecisionPanel';
import { ruleRecommendation } from '../../../../shared/audit/rule-recommendations';
import { useAuditT } from './strings';

const SEVERITY_COLOR: Record<string, string> = {
  critical: 'red',
  high: 'orange',
  medium: 'yellow',
  low: 'blue',
  info: 'gray',
};
const STATUS_COLOR: Record<string, string> = { pass: 'teal', fail: 'red', unknown: 'gray' };
const scoreColor = (s: number) => (s >= 80 ? 'teal' : s >= 60 ? 'yellow' : 'red');

export function AuditTab({ workspaceId }: { workspaceId: string }) {
  const { at, fmt, locale } = useAuditT();
  const audit = useQuery(`audit:${workspaceId}`, () => rpc('audit:get', { workspaceId }));
  const history = useQuery(`audit-history:${workspaceId}`, () => rpc('audit:history', { workspaceId, limit: 90 }));
  const [busy, setBusy] = useState<string | null>(null);
  // the report's language: the screen's own unless the strategist picks the client's
  const [reportLang, setReportLang] = useState<Locale>(locale);
  const [error, setError] = useState<string | null>(null);
  const [openRule, setOpenRule] = useState<string | null>(null);
  const [answersOpen, setAnswersOpen] = useState(false);
  const [status, setStatus] = useState('fail');
  const [areas, setAreas] = useState<string[]>([]);
  const [sev, setSev] = useState<string[]>([]);

  useEffect(
    () =>
      on('workspaces:changed', (p) => {
        // a sync that ends without an audit (failed, stopped early) makes the audit on show stale
        if (p.workspaceId === workspaceId && (p.reason === 'audited' || p.reason === 'synced')) {
          void audit.reload();
          void history.reload();
        }
      }),
    [workspaceId, audit, history],
  );

  const act = async (name: string, fn: () => Promise<unknown>) => {
    setBusy(name);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const a = audit.data;
  const filtered = useMemo(() => {
    if (!a) return [];
    return a.findings.filter(
      (f) =>
        // accepted and snoozed failures are listed apart, below
        (status === 'all' || (f.status === status && !(status === 'fail' && f.decision))) &&
        (!areas.length || areas.includes(f.area)) &&
        (!sev.length || sev.includes(f.severity)),
    );
  }, [a, status, areas, sev]);

  if (audit.loading && !a) return <Skeleton h={240} />;
  if (audit.error) return <Alert color="red">{audit.error.message}</Alert>;

  const header = (
    <Group justify="space-between" align="flex-start">
      <Title order={3}>{at('title')}</Title>
      <Group gap="xs">
        <Button
          variant="default"
          loading={busy === 'answers'}
          onClick={() => setAnswersOpen(true)}
          data-testid="audit-answers"
        >
          {at('answers')}
        </Button>
        <Button
          variant="default"
          loading={busy === 'run'}
          onClick={() =>
            act('run', async () => {
              await rpc('audit:run', { workspaceId });
              await audit.reload();
              await history.reload();
            })
          }
          data-testid="audit-rerun"
        >
          {at('rerun')}
        </Button>
        <Tooltip label={at('reportLanguage')}>
          <SegmentedControl
            size="xs"
            value={reportLang}
            onChange={(v) => setReportLang(v as Locale)}
            data={locales.map((l) => ({ value: l, label: l.toUpperCase() }))}
            aria-label={at('reportLanguage')}
            data-testid="audit-report-lang"
          />
        </Tooltip>
        <Button
          variant="light"
          disabled={!a}
          loading={busy === 'csv'}
          onClick={() => act('csv', () => exportReport(workspaceId, 'csv', reportLang))}
        >
          {at('exportCsv')}
        </Button>
        <Button
          disabled={!a}
          loading={busy === 'pdf'}
          onClick={() => act('pdf', () => exportReport(workspaceId, 'pdf', reportLang))}
          data-testid="audit-export-pdf"
        >
          {at('exportPdf')}
        </Button>
      </Group>
    </Group>
  );

  if (!a)
    return (
      <Stack>
        {header}
        <Card withBorder>
          <Text c="dimmed">{at('none')}</Text>
        </Card>
        <AnswersModal
          workspaceId={workspaceId}
          opened={answersOpen}
          onClose={() => setAnswersOpen(false)}
          onSaved={() => audit.reload()}
        />
      </Stack>
    );

  return (
    <Stack data-testid="audit-tab">
      {header}
      {error && (
        <Alert color="red" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {a.stale && <StaleNotice stale={a.stale} />}
      <CriticalNotice workspaceId={workspaceId} />
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder>
          <Group>
            <RingProgress
              size={120}
              thickness={12}
              roundCaps
              sections={[{ value: a.score, color: scoreColor(a.score) }]}
              label={
                <Text ta="center" fw={700} fz={28} data-testid="audit-score">
                  {Math.round(a.score)}
                </Text>
              }
            />
            <Stack gap={4}>
              <Text fw={600}>{at('score')}</Text>
              <Text size="sm">
                {at('counts', { fail: a.counts.fail, pass: a.counts.pass, unknown: a.counts.unknown })}
              </Text>
              <Badge color="red" variant="light">
                {at('critical', { count: a.counts.critical })}
              </Badge>
              <Text size="xs" c="dimmed">
                {at('coverage', { value: fmt.percent(a.coverage) })}
              </Text>
              {!a.scored && <Badge color="gray">{at('testAccount')}</Badge>}
            </Stack>
          </Group>
          <Text size="xs" c="dimmed" mt="sm">
            {at('evaluatedAt', { when: fmt.dateTime(a.evaluatedAt) })}
          </Text>
          <Text size="xs" c="dimmed">
            {a.figuresAsOf ? at('figuresAsOf', { when: fmt.dateTime(a.figuresAsOf) }) : at('noFigures')}
          </Text>
        </Card>
        <Card withBorder>
          <Text fw={600} mb="xs">
            {at('areas')}
          </Text>
          <BarChart
            h={250}
            data={a.areas.map((x) => ({ area: at(`area.${x.area}`), score: x.score }))}
            dataKey="area"
            orientation="vertical"
            yAxisProps={{ width: 110, interval: 0, fontSize: 11 }}
            xAxisProps={{ domain: [0, 100] }}
            series={[{ name: 'score', color: 'violet.6', label: at('score') }]}
          />
        </Card>
        <Card withBorder>
          <Text fw={600} mb="xs">
            {at('history')}
          </Text>
          <LineChart
            h={250}
            data={(history.data ?? []).map((p) => ({ when: fmt.date(p.evaluatedAt), score: p.score ?? 0 }))}
            dataKey="when"
            yAxisProps={{ domain: [0, 100] }}
            series={[{ name: 'score', color: 'violet.6', label: at('score') }]}
            curveType="monotone"
          />
        </Card>
      </SimpleGrid>

      <PerformanceCharts workspaceId={workspaceId} />

      <Group>
        <SegmentedControl
          value={status}
          onChange={setStatus}
          data={[
            { value: 'fail', label: at('status.fail') },
            { value: 'unknown', label: at('status.unknown') },
            { value: 'pass', label: at('status.pass') },
            { value: 'all', label: at('all') },
          ]}
          data-testid="audit-filter-status"
        />
        <MultiSelect
          placeholder={at('filterArea')}
          data={a.areas.map((x) => ({ value: x.area, label: at(`area.${x.area}`) }))}
          value={areas}
          onChange={setAreas}
          clearable
          w={260}
        />
        <MultiSelect
          placeholder={at('filterSeverity')}
          data={severities.map((s) => ({ value: s, label: at(`severity.${s}`) }))}
          value={sev}
          onChange={setSev}
          clearable
          w={240}
        />
      </Group>

      {filtered.length === 0 && <Text c="dimmed">{at('noFindings')}</Text>}
      {a.areas
        .filter((x) => filtered.some((f) => f.area === x.area))
        .map((x) => (
          <Card withBorder key={x.area} data-testid={`audit-area-${x.area}`}>
            <Group justify="space-between" mb="xs">
              <Text fw={600}>{at(`area.${x.area}`)}</Text>
              <Badge color={scoreColor(x.score)} variant="light">
                {x.score}
              </Badge>
            </Group>
            <Stack gap={6}>
              {filtered
                .filter((f) => f.area === x.area)
                .sort((p, q) => compareSeverity(p.severity, q.severity))
                .map((f) => (
                  <FindingRow key={f.ruleId} finding={f} onOpen={() => setOpenRule(f.ruleId)} />
                ))}
            </Stack>
          </Card>
        ))}

      {status === 'fail' && <DecidedFindings findings={a.findings} onOpen={setOpenRule} />}

      <FindingDrawer
        workspaceId={workspaceId}
        finding={a.findings.find((f) => f.ruleId === openRule) ?? null}
        currency={a.currency}
        onClose={() => setOpenRule(null)}
        onChanged={() => void audit.reload()}
      />
      <AnswersModal
        workspaceId={workspaceId}
        opened={answersOpen}
        onClose={() => setAnswersOpen(false)}
        onSaved={() => audit.reload()}
      />
    </Stack>
  );
}

/** One finding in the list: status, severity, rule, title and summary; its decision and whether it is new. */
function FindingRow({ finding: f, onOpen }: { finding: Finding; onOpen: () => void }) {
  const { at, locale, ruleTitle } = useAuditT();
  const decisionWords = useDecisionWords();
  return (
    <Group gap="sm" wrap="nowrap" style={{ cursor: 'pointer' }} onClick={onOpen} data-testid={`finding-${f.ruleId}`}>
      <Badge color={STATUS_COLOR[f.status]} w={100} style={{ flexShrink: 0 }}>
        {at(`status.${f.status}`)}
      </Badge>
      {f.status === 'fail' ? (
        <Badge color={SEVERITY_COLOR[f.severity]} variant="light" w={100} style={{ flexShrink: 0 }}>
          {at(`severity.${f.severity}`)}
        </Badge>
      ) : (
        // keeps rule ids and titles in one column when passing and failing rows are listed together
        <Box w={100} style={{ flexShrink: 0 }} />
      )}
      <Text size="sm" fw={600} w={44}>
        {f.ruleId}
      </Text>
      <Stack gap={0} style={{ flex: 1 }}>
        <Group gap={6}>
          <Text size="sm">{ruleTitle(f)}</Text>
          {f.isNew && f.status === 'fail' && (
            <Badge size="xs" color="red" variant="outline">
              {at('isNew')}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" data-testid="audit-finding-summary">
          {findingSummary(locale, f)}
        </Text>
        {f.decision && (
          <Text size="xs" c="dimmed" data-testid="audit-finding-decision">
            {decisionWords(f.decision)}
          </Text>
        )}
      </Stack>
    </Group>
  );
}

/** The failures a strategist accepted or snoozed, apart from the open ones. */
function DecidedFindings({ findings, onOpen }: { findings: Finding[]; onOpen: (ruleId: string) => void }) {
  const { at } = useAuditT();
  const decided = findings
    .filter((f) => f.status === 'fail' && f.decision)
    .sort((p, q) => compareSeverity(p.severity, q.severity));
  if (!decided.length) return null;
  return (
    <Card withBorder data-testid="audit-decided">
      <Text fw={600}>{at('decision.listedApart')}</Text>
      <Text size="xs" c="dimmed" mb="xs">
        {at('decision.listedApartHelp')}
      </Text>
      <Stack gap={6}>
        {decided.map((f) => (
          <FindingRow key={f.ruleId} finding={f} onOpen={() => onOpen(f.ruleId)} />
        ))}
      </Stack>
    </Card>
  );
}

function FindingDrawer({
  workspaceId,
  finding,
  currency,
  onClose,
  onChanged,
}: {
  workspaceId: string;
  onChanged: () => void;
  finding: Finding | null;
  /** the account's currency, for the revenue figures among the evidence */
  currency: string | null;
  onClose: () => void;
}) {
  const { at, fmt, locale, ruleTitle } = useAuditT();
  const f = finding;
  // the evidence item opened in the inventory's drawer, over this one
  const [item, setItem] = useState<{ type: ResourceType; id: string; name: string | null } | null>(null);
  return (
    <>
      <DetailDrawer
        workspaceId={workspaceId}
        type={item?.type ?? 'flows'}
        row={item}
        onClose={() => setItem(null)}
        zIndex={400}
      />
      <Drawer
        opened={!!f}
        onClose={onClose}
        position="right"
        size="lg"
        title={f ? `${f.ruleId} · ${ruleTitle(f)}` : ''}
      >
        {f && (
          <Stack data-testid="finding-drawer">
            <Group>
              <Badge color={STATUS_COLOR[f.status]}>{at(`status.${f.status}`)}</Badge>
              <Badge color={SEVERITY_COLOR[f.severity]} variant="light">
                {at(`severity.${f.severity}`)}
              </Badge>
            </Group>
            <Text data-testid="audit-drawer-summary">{findingSummary(locale, f)}</Text>
            {f.figuresAsOf && (
              <Text size="xs" c="dimmed">
                {at('figuresAsOf', { when: fmt.dateTime(f.figuresAsOf) })}
              </Text>
            )}
            {Object.keys(f.evidence.figures).length > 0 && (
              <>
                <Text fw={600}>{at('figures')}</Text>
                <Table>
                  <Table.Tbody>
                    {Object.entries(f.evidence.figures).map(([k, v]) => (
                      <Table.Tr key={k}>
                        <Table.Td>{figureLabel(locale, k)}</Table.Td>
                        <Table.Td>{figureValue(locale, k, v, currency)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
            <Text fw={600}>{at('evidence')}</Text>
            {f.evidence.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                {at('noEvidence')}
              </Text>
            ) : (
              <Table striped>
                <Table.Tbody>
                  {f.evidence.items.map((i) => (
                    <Table.Tr
                      key={`${i.type}:${i.id}`}
                      data-testid="evidence-row"
                      data-openable={openable(i.type) ? 'yes' : 'no'}
                      title={openable(i.type) ? at('openItem') : undefined}
                      style={openable(i.type) ? { cursor: 'pointer' } : undefined}
                      onClick={() => {
                        const type = openable(i.type);
                        if (type) setItem({ type, id: i.id, name: i.name });
                      }}
                    >
                      <Table.Td>
                        <Text size="sm">
                          <Name value={i.name ?? i.id} />
                        </Text>
                        <Text size="xs" c="dimmed">
                          {itemTypeLabel(locale, i.type)} {i.id}
                          {i.note ? ` — ${noteLabel(locale, i.note)}` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">
                          {Object.entries(i.figures)
                            .map(([k, v]) => `${figureLabel(locale, k)}: ${figureValue(locale, k, v, currency)}`)
                            .join(' · ')}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {f.status !== 'pass' && (
              <Alert color="violet" title={at('recommendation')}>
                {ruleRecommendation(locale, f)}
              </Alert>
            )}
            {f.status === 'fail' && <DecisionPanel workspaceId={workspaceId} finding={f} onChanged={onChanged} />}
          </Stack>
        )}
      </Drawer>
    </>
  );
}

/** an evidence item's type (`flow`) as the inventory's (`flows`), when the inventory has such items */
function openable(type: string): ResourceType | null {
  const plural = `${type}s`;
  return (resourceTypes as readonly string[]).includes(plural) ? (plural as ResourceType) : null;
}

const tri = ['pass', 'fail', 'unknown'];

function AnswersModal(props: { workspaceId: string; opened: boolean; onClose: () => void; onSaved: () => unknown }) {
  const { at } = useAuditT();
  const current = useQuery(`audit-answers:${props.workspaceId}:${props.opened}`, () =>
    props.opened ? rpc('audit:answers', { workspaceId: props.workspaceId }) : Promise.resolve(null),
  );
  const [form, setForm] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  useEffect(() => {
    const c = current.data;
    if (!c) return;
    setForm({
      spf: c.spf,
      dkim: c.dkim,
      dmarc: c.dmarc,
      dmarcPolicy: c.dmarcPolicy,
      brandedDomain: c.brandedDomain,
      sendingDomain: c.sendingDomain ?? '',
      mobileSubmitRate: c.mobileSubmitRate === null ? '' : String(Math.round(c.mobileSubmitRate * 1000) / 10),
      desktopSubmitRate: c.desktopSubmitRate === null ? '' : String(Math.round(c.desktopSubmitRate * 1000) / 10),
    });
  }, [current.data]);
  const sel = (k: string, values: string[]) => (
    <Select
      label={at(`answer.${k}`)}
      data={values.map((v) => ({ value: v, label: at(`answerValue.${v}`) }))}
      value={form[k] ?? 'unknown'}
      data-testid={`answer-${k}`}
      onChange={(v) => setForm({ ...form, [k]: v ?? 'unknown' })}
      allowDeselect={false}
    />
  );
  // a rate is typed as a percentage: anything that is not a number from 0 to 100 is refused here, with the words
  // of the screen; the service refuses it too, for every other caller
  const rate = (k: string): { value?: number; error?: string } => {
    const v = form[k]?.trim();
    if (!v) return {};
    const n = Number(v.replace(',', '.').replace(/\s*%$/, ''));
    if (!Number.isFinite(n) || n < 0 || n > 100) return { error: at('rateInvalid', { value: v }) };
    return { value: n / 100 };
  };
  const rates = { mobileSubmitRate: rate('mobileSubmitRate'), desktopSubmitRate: rate('desktopSubmitRate') };
  const save = async () => {
    setError(null);
    setTried(true);
    if (rates.mobileSubmitRate.error || rates.desktopSubmitRate.error) return;
    try {
      await rpc('audit:setAnswers', {
        workspaceId: props.workspaceId,
        answers: {
          spf: form.spf as 'pass',
          dkim: form.dkim as 'pass',
          dmarc: form.dmarc as 'pass',
          dmarcPolicy: form.dmarcPolicy as 'none',
          brandedDomain: form.brandedDomain as 'yes',
          ...(form.sendingDomain?.trim() ? { sendingDomain: form.sendingDomain.trim() } : {}),
          ...(rates.mobileSubmitRate.value !== undefined ? { mobileSubmitRate: rates.mobileSubmitRate.value } : {}),
          ...(rates.desktopSubmitRate.value !== undefined ? { desktopSubmitRate: rates.desktopSubmitRate.value } : {}),
        },
      });
      await props.onSaved();
      props.onClose();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={at('answersTitle')} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {at('answersHelp')}
        </Text>
        {error && (
          <Alert color="red" data-testid="answers-error">
            {error}
          </Alert>
        )}
        <SimpleGrid cols={2}>
          {sel('spf', tri)}
          {sel('dkim', tri)}
          {sel('dmarc', tri)}
          {sel('dmarcPolicy', ['none', 'quarantine', 'reject', 'unknown'])}
          {sel('brandedDomain', ['yes', 'no', 'unknown'])}
          <TextInput
            label={at('answer.sendingDomain')}
            value={form.sendingDomain ?? ''}
            onChange={(e) => setForm({ ...form, sendingDomain: e.currentTarget.value })}
          />
          <TextInput
            label={at('answer.mobileSubmitRate')}
            value={form.mobileSubmitRate ?? ''}
            error={tried ? rates.mobileSubmitRate.error : undefined}
            inputMode="decimal"
            data-testid="answer-mobileSubmitRate"
            onChange={(e) => setForm({ ...form, mobileSubmitRate: e.currentTarget.value })}
          />
          <TextInput
            label={at('answer.desktopSubmitRate')}
            value={form.desktopSubmitRate ?? ''}
            error={tried ? rates.desktopSubmitRate.error : undefined}
            inputMode="decimal"
            data-testid="answer-desktopSubmitRate"
            onChange={(e) => setForm({ ...form, desktopSubmitRate: e.currentTarget.value })}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button onClick={save} data-testid="answers-save">
            {at('save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export type { Audit };
