import type { AnalyticsWindow, Store, WorkspaceRow } from '../store';
import { analyseRuns, type Analytics } from './analytics';
import type { Health } from './health';
import { workspaceHealth } from './health-report';

/**
 * What the history worker computes over the run records: the analytics of a window (every run of every workspace
 * in it, at most), and the health of some workspaces at one moment (each one's last 60 days).
 */
export type HistoryJob =
  { kind: 'analytics'; window: AnalyticsWindow } | { kind: 'health'; workspaces: WorkspaceRow[]; now: number };

/** What each job answers. */
export type HistoryAnswer = { analytics: Analytics; health: Health[] };

/** Runs history jobs: in the history worker (the app, the web version) or on the calling thread (the CLI). */
export interface HistoryRunner {
  run<K extends HistoryJob['kind']>(
    job: Extract<HistoryJob, { kind: K }>,
    requestId?: string,
  ): Promise<HistoryAnswer[K]>;
  /** lets the jobs under way finish and releases what the runner holds */
  close(): Promise<void>;
}

/** One job over the store, on the calling thread (the history worker runs this same function). */
export function answerHistoryJob(store: Store, job: HistoryJob): HistoryAnswer[HistoryJob['kind']] {
  if (job.kind === 'analytics')
    return analyseRuns(store.history.analyticsRuns(job.window), store.history.resourceIssues(job.window));
  return job.workspaces.map((ws) => workspaceHealth(store, ws, job.now));
}

/**
 * The jobs on this thread: for the CLI, which answers no screen while it works, and would only pay a thread's
 * start (its modules loaded again) for every command.
 */
export function inThreadHistoryRunner(store: Store): HistoryRunner {
  return {
    run: async <K extends HistoryJob['kind']>(job: Extract<HistoryJob, { kind: K }>) =>
      answerHistoryJob(store, job) as HistoryAnswer[K],
    close: async () => undefined,
  };
}
