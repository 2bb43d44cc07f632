import type { AppApi } from './api';

/**
 * `window.api`: the only door from the page to the app. The desktop preload (over ipcRenderer) and the web
 * bridge (over HTTP + SSE) both install it, built by `createApi`, so the renderer codes against one shape.
 * Every input, output and payload is listed in CHANNELS.md (generated from the schemas).
 *
 *   window.api.workspaces.{ list, get, add, checkKey, setKey, rename, archive, remove }
 *   window.api.demo.create
 *   window.api.sync.{ start, startAll, cancel, status, runs, run }
 *   window.api.inventory.{ list, facets, get }
 *   window.api.settings.{ get, update }
 *   window.api.app.{ info, openExternal, installUpdate }
 *   window.api.audit.{ get, run, overview, history, answers, setAnswers }
 *   window.api.report.export
 *   window.api.on.{ syncProgress, syncFinished, workspacesChanged, appUpdateState }(listener) → unsubscribe
 *
 *   const r = await window.api.workspaces.list({ includeArchived: false });   // Result<Workspace[]>
 *   if (r.ok) show(r.data); else showError(r.error);                          // { code, message, details, requestId }
 *   const page = await unwrap(window.api.inventory.list({ workspaceId, type: 'flows', offset: 0, limit: 200 }));
 *   const off = window.api.on.syncProgress((p) => render(p));  off();
 *
 * Methods return a `Result` and never throw (a dead transport is `{ ok: false, error: { code: 'network' } }`);
 * `unwrap` turns a failure into an `ApiError` carrying the envelope, for code that prefers exceptions.
 * The same schemas validate forms in the page (e.g. `channels['workspaces:add'].input.safeParse(values)`).
 */
export type WindowApi = AppApi;

declare global {
  interface Window {
    api: WindowApi;
  }
}

export {};
