import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { watchCriticalAlerts } from './criticalAlerts';

// critical findings announced before any audit tab opens are kept for it
watchCriticalAlerts();

// The dashboard and its charts (recharts, @mantine/charts) are a third of the bundle: loaded when the Audit tab
// first opens, not with the app, so pages that never show a chart carry none of it in their heap.
const LazyAuditTab = lazy(() => import('./AuditTab').then((m) => ({ default: m.AuditTab })));

/** The audit feature's slots in the app shell (see app/slots.ts). */
export function AuditTab({ workspaceId }: { workspaceId: string }) {
  return (
    <Suspense
      fallback={
        <Center py="xl" data-testid="audit-loading">
          <Loader size="sm" />
        </Center>
      }
    >
      <LazyAuditTab workspaceId={workspaceId} />
    </Suspense>
  );
}
export { AuditOverviewCell } from './OverviewCell';
export const auditOverviewColumnKey = 'nav.audit';
