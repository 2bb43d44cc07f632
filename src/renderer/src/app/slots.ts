import type { ComponentType } from 'react';
import type { Workspace } from '../../../shared/contract/workspaces';

/**
 * Extension points for the audit feature (`features/audit/`). The module is optional: while it does not exist
 * the glob is empty and the app shows a placeholder, so the shell builds and runs without it.
 *
 * `features/audit/index.tsx` (or `.ts`) may export:
 * - `AuditTab: ComponentType<{ workspaceId: string }>` — the workspace's "Audit" tab;
 * - `AuditOverviewCell: ComponentType<{ workspace: Workspace }>` — a cell in the all-clients table
 *   (score, critical findings, worst finding); `auditOverviewColumnKey: string` — its column header i18n key.
 */
export interface AuditModule {
  AuditTab?: ComponentType<{ workspaceId: string }>;
  AuditOverviewCell?: ComponentType<{ workspace: Workspace }>;
  auditOverviewColumnKey?: string;
}

const found = import.meta.glob<AuditModule>('../features/audit/index.{ts,tsx}', { eager: true });
export const auditModule: AuditModule = Object.values(found)[0] ?? {};
