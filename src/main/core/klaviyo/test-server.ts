import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A tiny scripted HTTP server on 127.0.0.1 (port 0) for fault tests of the client. Test support only. */
export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

export type TestServer = {
  baseUrl: string;
  /** requests seen, in order */
  seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; at: number }>;
  close(): Promise<void>;
};

export async function startTestServer(handler: Handler): Promise<TestServer> {
  const seen: TestServer['seen'] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, at: Date.now() });
    req.resume();
    handler(req, res, seen.length);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        // hanging handlers keep sockets open: end them so close() returns
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/vnd.api+json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function klaviyoError(status: number, code: string, detail: string, source?: Record<string, string>) {
  return {
    errors: [{ id: 'e1', status, code, title: code, detail, ...(source ? { source } : {}) }],
  };
}

export function flowPage(ids: string[], next: string | null, self = 'http://x/api/flows') {
  return {
    data: ids.map((id) => ({ type: 'flow', id, attributes: { name: `Flow ${id}` }, links: { self: `${self}/${id}` } })),
    links: { self, ...(next ? { next } : {}) },
  };
}
