import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Result } from '../../shared/contract';
import type { Logger } from '../../main/core/log';
import type { Service } from '../../main/core/service';
import type { DownloadRegistry } from './downloads';
import type { PickedFiles } from '../../main/core/imports';
import { AppError } from '../../shared/errors';

/**
 * The web bridge: the same service object the desktop app registers on ipcMain, served to a plain browser page
 * on loopback. `POST /rpc/<channel>` answers with the contract's envelope, `GET /events` streams the event
 * channels as Server-Sent Events, `GET /download/<id>` hands out exports, everything else is the built renderer.
 *
 * Safety, since any local process or web page can reach 127.0.0.1: it listens on 127.0.0.1 only; every API call
 * needs the random token (header, or query for EventSource which cannot send headers); the Host header must name
 * this server (DNS-rebinding guard); a cross-origin Origin is refused; bodies are capped. The token reaches the
 * page only through the URL fragment printed on the terminal, which browsers never send to a server.
 * Never part of the packaged app: only `npm run web` and the tests start it.
 */

export const TOKEN_HEADER = 'x-bridge-token';
const MAX_BODY = 1_000_000;

export type BridgeServerOptions = {
  service: Service;
  logger: Logger;
  /** the built renderer (out/web); static serving is off when absent */
  staticDir?: string;
  downloads?: DownloadRegistry;
  /** where `POST /upload` puts a file the page chose for an import (the page gets a token, never the path) */
  uploads?: PickedFiles;
  port?: number;
  token?: string;
  /** the CSP for the page (same policy as the desktop window) */
  csp: string;
  /** SSE keep-alive period (ms) */
  keepAliveMs?: number;
};

export type BridgeServer = {
  url: string;
  port: number;
  token: string;
  /** the address to open: `http://127.0.0.1:PORT/#token=…` */
  pageUrl: string;
  close(): Promise<void>;
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refusal(code: 'forbidden' | 'validation' | 'not_found', message: string): Result<never> {
  return { ok: false, error: { code, message, details: {}, requestId: `req_${randomBytes(8).toString('hex')}` } };
}

export async function startBridgeServer(opts: BridgeServerOptions): Promise<BridgeServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const { service, logger } = opts;
  const sseClients = new Set<http.ServerResponse>();
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const ownOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(text);
  };

  /** The body as text, or null when it is over the cap (read to the end and discarded, so the answer arrives). */
  const readBody = (req: http.IncomingMessage) =>
    new Promise<string | null>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_BODY) chunks.push(c);
      });
      req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const serveStatic = (res: http.ServerResponse, pathname: string, method: string) => {
    if (!opts.staticDir) return json(res, 404, refusal('not_found', 'Not found.'));
    const root = path.resolve(opts.staticDir);
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return json(res, 400, refusal('validation', 'Bad path.'));
    }
    if (rel.includes('\0')) return json(res, 400, refusal('validation', 'Bad path.'));
    let file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
    if (file !== root && !file.startsWith(root + path.sep)) return json(res, 404, refusal('not_found', 'Not found.'));
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    // the app routes in the page: unknown paths without an extension get the page itself
    if (!stat && !path.extname(file)) {
      file = path.join(root, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!stat?.isFile()) return json(res, 404, refusal('not_found', 'Not found.'));
    const ext = path.extname(file).toLowerCase();
    res.writeHead(200, {
      'content-type': MIME[ext] ?? 'application/octet-stream',
      'content-length': stat.size,
      'content-security-policy': opts.csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cache-control': ext === '.html' ? 'no-store' : 'public, max-age=3600',
    });
    if (method === 'HEAD') return res.end();
    fs.createReadStream(file).pipe(res);
  };

  const server = http.createServer(async (req, res) => {
    try {
      const method = req.method ?? 'GET';
      if (!allowedHosts().has(String(req.headers.host ?? ''))) {
        return json(res, 421, refusal('forbidden', 'Wrong host.'));
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !ownOrigins().has(origin)) {
        return json(res, 403, refusal('forbidden', 'Cross-origin requests are not allowed.'));
      }
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      const headerToken = req.headers[TOKEN_HEADER];
      const authorised = sameToken(Array.isArray(headerToken) ? headerToken[0] : headerToken, token);

      if (url.pathname.startsWith('/rpc/')) {
        if (method !== 'POST') return json(res, 405, refusal('validation', 'Use POST.'));
        if (!authorised) return json(res, 401, refusal('forbidden', 'Missing or wrong bridge token.'));
        const channel = url.pathname.slice('/rpc/'.length);
        const text = await readBody(req);
        if (text === null) return json(res, 413, refusal('validation', 'The request body is too large.'));
        let input: unknown;
        try {
          input = text.trim() === '' ? undefined : JSON.parse(text);
        } catch {
          return json(res, 400, refusal('validation', 'The request body is not valid JSON.'));
        }
        return json(res, 200, await service.call(channel, input));
      }

      if (url.pathname === '/events') {
        if (method !== 'GET') return json(res, 405, refusal('validation', 'Use GET.'));
        if (!authorised && !sameToken(url.searchParams.get('token'), token)) {
          return json(res, 401, refusal('forbidden', 'Missing or wrong bridge token.'));
        }
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write(': connected\n\n');
        sseClients.add(res);
        req.on('close', () => sseClients.delete(res));
        return;
      }

      if (url.pathname === '/upload') {
        if (method !== 'POST') return json(res, 405, refusal('validation', 'Use POST.'));
        if (!authorised) return json(res, 401, refusal('forbidden', 'Missing or wrong bridge token.'));
        if (!opts.uploads) return json(res, 404, refusal('not_found', 'Uploads are not accepted here.'));
        let name: string;
        try {
          name = decodeURIComponent(String(req.headers['x-file-name'] ?? 'upload.csv'));
        } catch {
          return json(res, 400, refusal('validation', 'Bad file name.'));
        }
        try {
          return json(res, 200, { ok: true, data: await opts.uploads.adoptUpload(name, req) });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          req.resume();
          return json(res, 413, { ok: false, error: err.toEnvelope() });
        }
      }

      if (url.pathname.startsWith('/download/')) {
        if (!authorised && !sameToken(url.searchParams.get('token'), token)) {
          return json(res, 401, refusal('forbidden', 'Missing or wrong bridge token.'));
        }
        const entry = opts.downloads?.get(url.pathname.slice('/download/'.length));
        const stat = entry && fs.statSync(entry.file, { throwIfNoEntry: false });
        if (!entry || !stat) return json(res, 404, refusal('not_found', 'No such download.'));
        res.writeHead(200, {
          'content-type': entry.mimeType,
          'content-length': stat.size,
          'content-disposition': `attachment; filename="${entry.fileName.replace(/[^\w.-]/g, '_')}"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        });
        return fs.createReadStream(entry.file).pipe(res);
      }

      if (method !== 'GET' && method !== 'HEAD') return json(res, 405, refusal('validation', 'Method not allowed.'));
      return serveStatic(res, url.pathname, method);
    } catch (err) {
      logger.error('bridge request failed', { error: (err as Error).message });
      if (!res.headersSent) json(res, 500, refusal('forbidden', 'The bridge failed to answer.'));
      else res.end();
    }
  });

  const offEvents = service.onAny((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of sseClients) res.write(frame);
  });
  const keepAlive = setInterval(() => {
    for (const res of sseClients) res.write(': keep-alive\n\n');
  }, opts.keepAliveMs ?? 15_000);
  keepAlive.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  logger.info('web bridge listening', { url });

  return {
    url,
    port,
    token,
    pageUrl: `${url}/#token=${encodeURIComponent(token)}`,
    async close() {
      offEvents();
      clearInterval(keepAlive);
      for (const res of sseClients) res.end();
      sseClients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
