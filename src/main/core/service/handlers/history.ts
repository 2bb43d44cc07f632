import { healthText, patternText } from '../../../../shared/history/health-words';
import type { HistoryLang } from '../../../../shared/history/words';
import { folderBytes } from '../../data-folder';
import { pruneSnapshots, pushSnapshotsOfRun, type RunFigures } from '../../history';
import type { HandlerContext } from '../handler-context';
import type { HandlersOf } from '../types';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** the figures as the contract carries them: times as ISO, each pattern in words */
function figuresOut(f: RunFigures, lang: HistoryLang) {
  return {
    ...f,
    patterns: f.patterns.map((p) => {
      const out = { ...p, firstAt: iso(p.firstAt), lastAt: iso(p.lastAt) };
      return { ...out, text: patternText(out, lang) };
    }),
  };
}

/** History analytics and the health report (C3). */
export function historyHandlers(ctx: HandlerContext): HandlersOf<'history:' | 'health:'> {
  const { deps, store, workspaceRow } = ctx;
  const nameOf = (id: string) => store.workspaces.get(id)?.name ?? id;
  return {
    // the figures are computed where the runner runs (the history worker, but in the CLI); only words are added here
    'history:analytics': async ({ workspaceId, direction, from, to, lang }, { requestId }) => {
      if (workspaceId) workspaceRow(workspaceId);
      const end = to ? Date.parse(to) : ctx.now().getTime();
      const start = from ? Date.parse(from) : end - 30 * DAY_MS;
      const window = { workspaceId, direction, from: start, to: end };
      const a = await deps.historyJobs.run({ kind: 'analytics', window }, requestId);
      return {
        from: iso(start),
        to: iso(end),
        total: figuresOut(a.total, lang),
        directions: { pull: figuresOut(a.byDirection.pull, lang), push: figuresOut(a.byDirection.push, lang) },
        workspaces: [...a.byWorkspace]
          .map(([id, f]) => ({ workspaceId: id, name: nameOf(id), ...figuresOut(f, lang) }))
          .sort((x, y) => x.name.localeCompare(y.name)),
      };
    },
    'health:get': async ({ workspaceId, lang }, { requestId }) => {
      const rows = workspaceId ? [workspaceRow(workspaceId)] : store.workspaces.list({ includeArchived: false });
      const now = ctx.now().getTime();
      const health = await deps.historyJobs.run({ kind: 'health', workspaces: rows, now }, requestId);
      return {
        items: rows.map((ws, k) => {
          const h = health[k]!;
          return {
            workspaceId: ws.id,
            name: ws.name,
            successRate: h.successRate,
            pushSuccessRate: h.pushSuccessRate,
            lastCompleteAt: h.lastCompleteAt === null ? null : iso(h.lastCompleteAt),
            state: h.recommendations.length ? ('attention' as const) : ('good' as const),
            recommendations: h.recommendations.map((r) => ({ ...r, text: healthText(r, lang) })),
          };
        }),
      };
    },
    'history:item': ({ workspaceId, item, versionHash }, { requestId }) => {
      workspaceRow(workspaceId);
      return {
        runs: store.history.itemRuns(workspaceId, item, versionHash).map((r) => {
          const sent =
            r.direction === 'push'
              ? pushSnapshotsOfRun(store, r.runId, requestId).find((p) => p.target.id === item)
              : undefined;
          return {
            runId: String(r.runId),
            direction: r.direction,
            status: r.status,
            startedAt: iso(r.startedAt),
            versionHash: r.versionHash,
            sent: sent
              ? {
                  change: sent.change,
                  payload: sent.payload,
                  state: sent.state,
                  attempts: sent.attempts,
                  answer: sent.answer,
                  error: sent.error,
                }
              : null,
          };
        }),
      };
    },
    'history:storage': async () => {
      const kept = store.snapshots.kept();
      return {
        dataDir: deps.app.dataDir,
        dataFolderBytes: await folderBytes(deps.app.dataDir),
        snapshots: kept.count,
        snapshotBytes: kept.bytes,
        oldestSnapshotAt: kept.at === null ? null : iso(kept.at),
      };
    },
    'history:prune': ({ days, runs }) => {
      const setting = deps.settings.get().snapshotRetention;
      const policy = { days: days === undefined ? setting.days : days, runs: runs === undefined ? setting.runs : runs };
      const result = pruneSnapshots(store, policy, ctx.now().getTime());
      const oldest = store.snapshots.kept().at;
      return { ...result, oldestSnapshotAt: oldest === null ? null : iso(oldest) };
    },
  };
}
