import { Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Workspace } from '../../../../shared/contract/workspaces';
import { on, rpc } from '../../lib/rpc';
import { useCriticalToast } from './CriticalNotice';
import { StaleBadge } from './StaleNotice';
import { useAuditT } from './strings';

type Row = Awaited<ReturnType<typeof rpc<'audit:overview'>>>[number];

// One overview request shared by every cell of the all-clients table, refreshed when an audit finishes.
let cache: Promise<Map<string, Row>> | null = null;
const listeners = new Set<() => void>();
function load(): Promise<Map<string, Row>> {
  cache ??= rpc('audit:overview', { includeArchived: true }).then(
    (rows) => new Map(rows.map((r) => [r.workspaceId, r])),
  );
  return cache;
}
let subscribed = false;
function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  if (!subscribed) {
    subscribed = true;
    on('workspaces:changed', (p) => {
      // 'synced': a sync that ends without an audit makes the workspace's score stale
      if (p.reason === 'audited' || p.reason === 'synced' || p.reason === 'removed' || p.reason === 'added') {
        cache = null;
        for (const l of listeners) l();
      }
    });
  }
  return () => listeners.delete(fn);
}

const scoreColor = (s: number) => (s >= 80 ? 'teal' : s >= 60 ? 'yellow' : 'red');

export function AuditOverviewCell({ workspace }: { workspace: Workspace }) {
  const { at, ruleTitle } = useAuditT();
  useCriticalToast();
  const [row, setRow] = useState<Row | null | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    const refresh = () =>
      load()
        .then((m) => alive && setRow(m.get(workspace.id) ?? null))
        .catch(() => alive && setRow(null));
    void refresh();
    const off = subscribe(refresh);
    return () => {
      alive = false;
      off();
    };
  }, [workspace.id]);
  if (row === undefined)
    return (
      <Text size="xs" c="dimmed">
        …
      </Text>
    );
  if (!row || row.score === null)
    return (
      <Text size="xs" c="dimmed">
        —
      </Text>
    );
  return (
    <Stack gap={2} data-testid={`audit-cell-${workspace.id}`}>
      <Group gap={6}>
        <Badge color={scoreColor(row.score)} variant="filled">
          {Math.round(row.score)}
        </Badge>
        {row.criticalCount > 0 && (
          <Badge color="red" variant="light">
            {at('critical', { count: row.criticalCount })}
          </Badge>
        )}
        {row.stale && <StaleBadge stale={row.stale} />}
      </Group>
      {row.worstFinding && (
        <Tooltip label={ruleTitle(row.worstFinding)}>
          <Text size="xs" c="dimmed" lineClamp={1} data-testid="audit-worst">
            {at('worst', { rule: row.worstFinding.ruleId, title: ruleTitle(row.worstFinding) })}
          </Text>
        </Tooltip>
      )}
    </Stack>
  );
}
