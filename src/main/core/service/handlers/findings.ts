import { notAvailable, type HandlerContext } from '../handler-context';
import type { HandlersOf } from '../types';

/** The findings workflow: accept, snooze, reopen and note findings (or one of their items), kept across audits. */
export function findingsHandlers(ctx: HandlerContext): HandlersOf<'findings:'> {
  const { deps, emit, workspaceRow } = ctx;
  const audit = () => deps.audit ?? notAvailable('audit');
  const decided = (workspaceId: string) => {
    // the score moved; a critical finding reopened by hand is known to whoever reopened it, so it is not announced
    audit().takeCriticalAlerts(workspaceId);
    emit('workspaces:changed', { workspaceId, reason: 'audited' });
  };
  return {
    'findings:list': ({ workspaceId }) => {
      workspaceRow(workspaceId);
      return audit().decisions(workspaceId);
    },
    'findings:decide': ({ workspaceId, ...d }) => {
      workspaceRow(workspaceId);
      const answer = audit().decide(workspaceId, d);
      decided(workspaceId);
      return answer;
    },
    'findings:note': ({ workspaceId, ...n }) => {
      workspaceRow(workspaceId);
      const answer = audit().note(workspaceId, n);
      emit('workspaces:changed', { workspaceId, reason: 'audited' });
      return answer;
    },
  };
}
