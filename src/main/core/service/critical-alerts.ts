import type { Logger } from '../log';
import type { Store } from '../store';
import type { EventBus } from './event-bus';
import type { AuditPort } from './ports';

/**
 * After an audit: announces the critical findings not announced before (`findings:critical`; the desktop shell
 * turns it into an OS notification and a tray badge, the web page into a notice). Only a front end that can show
 * it announces: a CLI run leaves them for the app to announce.
 */
export function announceCriticalFindings(o: {
  audit: AuditPort;
  store: Store;
  emit: EventBus['emit'];
  logger: Logger;
  workspaceId: string;
  silent?: boolean;
}): void {
  if (o.silent) return;
  const findings = o.audit.takeCriticalAlerts(o.workspaceId);
  if (!findings.length) return;
  const workspaceName = o.store.workspaces.get(o.workspaceId)?.name ?? '';
  o.logger.info('critical findings announced', { workspaceId: o.workspaceId, rules: findings.map((f) => f.ruleId) });
  o.emit('findings:critical', { workspaceId: o.workspaceId, workspaceName, findings });
}
