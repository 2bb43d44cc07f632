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
