import type { Session, WebContents } from 'electron';
import { isSafeExternalUrl } from './external-links';

export { contentSecurityPolicy } from '../../shared/contract/csp';

/** Adds the CSP header to every response of the session, denies every permission request and check. */
export function hardenSession(session: Session, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
    headers['Content-Security-Policy'] = [csp];
    headers['X-Content-Type-Options'] = ['nosniff'];
    callback({ responseHeaders: headers });
  });
  // camera, microphone, notifications from the page, geolocation…: the app needs none of them
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export type ExternalOpener = (url: string) => unknown;

/**
 * `scheme://host[:port]` of a URL, also for our custom `app:` scheme (Node's URL gives non-special schemes the
 * origin "null", which would make every such URL look alike).
 */
export function originOf(raw: string): string | null {
  try {
    const u = new URL(raw);
    if (!u.host) return null;
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return null;
  }
}

/** Same origin, compared as parsed origins (`startsWith` on strings is fooled by look-alike hosts). */
export function isAppUrl(raw: string, appOrigin: string): boolean {
  const o = originOf(raw);
  return o !== null && o === originOf(appOrigin);
}

/**
 * Navigation and new windows: the page may not navigate anywhere (the app is a single page) nor open windows;
 * a vetted https link goes to the user's browser instead. `<webview>` is refused outright.
 */
export function hardenWebContents(
  contents: WebContents,
  opts: { appOrigin: string; openExternal: ExternalOpener },
): void {
  const blockNavigation = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url, opts.appOrigin)) return;
    event.preventDefault();
    if (isSafeExternalUrl(url)) void opts.openExternal(url);
  };
  contents.on('will-navigate', blockNavigation);
  contents.on('will-redirect', blockNavigation);
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url, opts.appOrigin)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void opts.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
