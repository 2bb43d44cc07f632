import '@mantine/charts/styles.css';

/** The audit feature's slots in UI's app (see app/slots.ts). */
export { AuditTab } from './AuditTab';
export { AuditOverviewCell } from './OverviewCell';
export const auditOverviewColumnKey = 'nav.audit';
