import { Alert, Group, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { notify } from '../../components/notifications';
import { dismissCriticalAlerts, setCriticalToast, useCriticalAlerts } from './criticalAlerts';
import { useAuditT } from './strings';

/**
 * Words the toast of the core's `findings:critical` announcements in the screen's language, from wherever the audit
 * feature shows (the overview's cells, the audit tab): each announcement brings one toast on the page, as the
 * desktop brings one OS notification.
 */
export function useCriticalToast(): void {
  const { at } = useAuditT();
  const words = useRef(at);
  words.current = at;
  useEffect(
    () =>
      setCriticalToast((event) =>
        notify({
          kind: 'error',
          title: words.current('criticalToast', { name: event.workspaceName }),
          message: event.findings.map((f) => `${f.ruleId} ${f.title}`).join(' · '),
        }),
      ),
    [],
  );
}

/** Above the audit: the critical findings announced for this workspace since the strategist last dismissed them. */
export function CriticalNotice({ workspaceId }: { workspaceId: string }) {
  const { at, ruleTitle } = useAuditT();
  useCriticalToast();
  const findings = useCriticalAlerts(workspaceId);
  if (!findings.length) return null;
  return (
    <Alert
      color="red"
      variant="light"
      title={at('criticalTitle', { count: findings.length })}
      withCloseButton
      closeButtonLabel={at('dismiss')}
      onClose={() => dismissCriticalAlerts(workspaceId)}
      data-testid="critical-notice"
    >
      <Stack gap={2}>
        {findings.map((f) => (
          <Group key={f.ruleId} gap="xs" wrap="nowrap" data-testid="critical-notice-rule">
            <Text size="sm" fw={600} w={36}>
              {f.ruleId}
            </Text>
            <Text size="sm">{ruleTitle(f)}</Text>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
