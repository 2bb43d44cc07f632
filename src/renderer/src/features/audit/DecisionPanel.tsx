import { Alert, Badge, Button, Card, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Audit, Finding } from '../../../../shared/contract/audit';
import { rpc } from '../../lib/rpc';
import { useAuditT } from './strings';

/** "2026-12-24" from the date field → the end of that day in the strategist's own time zone, as ISO. */
export function snoozeUntil(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const end = new Date(`${day}T23:59:59`);
  return Number.isNaN(end.getTime()) ? null : end.toISOString();
}

/** Who decided what and when, in words: "Accepted by Ola on 3 Dec 2026" / "Snoozed until … by … on …". */
export function useDecisionWords() {
  const { at, fmt } = useAuditT();
  return (d: NonNullable<Finding['decision']>) =>
    d.state === 'accepted'
      ? at('decision.acceptedBy', { by: d.by, at: fmt.dateTime(d.at) })
      : at('decision.snoozedBy', { by: d.by, at: fmt.dateTime(d.at), until: fmt.date(d.until ?? '') });
}

/**
 * The findings workflow on a finding: accept (won't fix), snooze until a date, reopen, and a note, through the
 * `findings:*` channels; the answer carries the re-scored audit, handed to `onChanged`.
 */
export function DecisionPanel({
  workspaceId,
  finding,
  onChanged,
}: {
  workspaceId: string;
  finding: Finding;
  onChanged: (audit: Audit | null) => void;
}) {
  const { at, fmt } = useAuditT();
  const decisionWords = useDecisionWords();
  const [day, setDay] = useState('');
  const [note, setNote] = useState(finding.comment?.text ?? '');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setNote(finding.comment?.text ?? ''), [finding.ruleId, finding.comment?.text]);

  const run = async (name: string, call: () => Promise<{ audit: Audit | null }>) => {
    setBusy(name);
    setError(null);
    try {
      onChanged((await call()).audit);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const target = { workspaceId, ruleId: finding.ruleId };
  const snooze = () => {
    const until = snoozeUntil(day);
    if (!until || Date.parse(until) <= Date.now()) {
      setError(at('decision.snoozeNeedsDate'));
      return;
    }
    void run('snooze', () => rpc('findings:decide', { ...target, action: 'snooze', until }));
  };
  const d = finding.decision;
  return (
    <Card withBorder data-testid="decision-panel">
      <Stack gap="sm">
        <Text fw={600}>{at('decision.title')}</Text>
        {error && (
          <Alert color="red" data-testid="decision-error">
            {error}
          </Alert>
        )}
        {d ? (
          <Group justify="space-between" wrap="nowrap">
            <Group gap="xs" wrap="nowrap">
              <Badge color={d.state === 'accepted' ? 'gray' : 'indigo'} variant="light">
                {at(`decision.${d.state}`)}
              </Badge>
              <Text size="sm" data-testid="decision-state">
                {decisionWords(d)}
              </Text>
            </Group>
            <Button
              variant="default"
              size="xs"
              loading={busy === 'reopen'}
              onClick={() => void run('reopen', () => rpc('findings:decide', { ...target, action: 'reopen' }))}
              data-testid="decision-reopen"
            >
              {at('decision.reopen')}
            </Button>
          </Group>
        ) : (
          <Group align="flex-end" gap="xs">
            <Button
              variant="light"
              color="gray"
              loading={busy === 'accept'}
              onClick={() => void run('accept', () => rpc('findings:decide', { ...target, action: 'accept' }))}
              data-testid="decision-accept"
            >
              {at('decision.accept')}
            </Button>
            <TextInput
              type="date"
              label={at('decision.snoozeUntil')}
              value={day}
              onChange={(e) => setDay(e.currentTarget.value)}
              data-testid="decision-snooze-date"
              w={170}
            />
            <Button variant="light" loading={busy === 'snooze'} onClick={snooze} data-testid="decision-snooze">
              {at('decision.snooze')}
            </Button>
          </Group>
        )}
        <Textarea
          label={at('decision.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={2000}
          data-testid="decision-note"
        />
        <Group justify="space-between">
          <Text size="xs" c="dimmed" data-testid="decision-note-by">
            {finding.comment
              ? at('decision.noteBy', { by: finding.comment.by, at: fmt.dateTime(finding.comment.at) })
              : ''}
          </Text>
          <Button
            size="xs"
            variant="default"
            loading={busy === 'note'}
            disabled={note.trim() === (finding.comment?.text ?? '')}
            onClick={() => void run('note', () => rpc('findings:note', { ...target, note }))}
            data-testid="decision-save-note"
          >
            {at('decision.saveNote')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
