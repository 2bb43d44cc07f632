import type { Session, WebContents } from 'electron';
import { isSafeExternalUrl } from './external-links';

/**
 * The renderer's Content-Security-Policy, sent as a response header for everything the app serves (the meta tag
 * in index.html says the same for pages loaded without headers). Scripts only from the app itself, no eval, no
 * plugins, no framing, and network access only back to the app's own origin.
 */
export function contentSecurityPolicy(opts: { dev?: boolean; devOrigin?: string } = {}): string {
  const connect = ["'self'"];
  const script = ["'self'"];
  if (opts.dev && opts.devOrigin) {
    // Vite's dev server: hot reload over a websocket and its inline react-refresh preamble
    connect.push(opts.devOrigin, opts.devOrigin.replace(/^http/, 'ws'));
    script.push("'unsafe-inline'");
  }
  return [
    "default-src 'self'",
    `script-src ${script.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
  ].join('; ');
}

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

export type ExternalOpener = (url: string) => Promise<void> | void;

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
