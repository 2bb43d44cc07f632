import type { AppApi } from './api';

/**
 * `window.api`: the only door from the page to the app. The desktop preload and the web bridge both install it,
 * built by `createApi`, so the renderer codes against one shape:
 *
 *   const r = await window.api.workspaces.list({ includeArchived: false });   // Result<Workspace[]>
 *   if (r.ok) show(r.data); else showError(r.error);                          // error: { code, message, details, requestId }
 *   const data = await unwrap(window.api.inventory.list({ workspaceId, type: 'flows', limit: 200 }));
 *   const off = window.api.on.syncProgress((p) => ...);  off();              // typed payload, unsubscribe
 *
 * Every method returns a `Result` and never throws (a failed transport is `{ ok: false, error: { code: 'network' } }`).
 */
export type WindowApi = AppApi;

declare global {
  interface Window {
    api: WindowApi;
  }
}

export {};
