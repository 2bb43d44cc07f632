import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { contentSecurityPolicy } from '../../shared/contract/csp';
import { createLogger, memorySink } from '../../main/core/log';
import type { Desk, Service } from '../../main/core/compose';
import { testDesk } from '../../main/core/test-desk';
import { startBridgeServer, TOKEN_HEADER, type BridgeServer } from './bridge-server';
import { DownloadRegistry } from './downloads';

let dir: string;
let desk: Desk;
let service: Service;
let server: BridgeServer;
let downloads: DownloadRegistry;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridge-'));
  const web = path.join(dir, 'web');
  fs.mkdirSync(path.join(web, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>desk</title>');
  fs.writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the web root');
  const logger = createLogger({ sink: memorySink() });
  desk = testDesk({ mode: 'web', dataDir: dir, logger });
  service = desk.service;
  downloads = new DownloadRegistry(path.join(dir, 'downloads'));
  server = await startBridgeServer({
    service,
    logger,
    staticDir: web,
    downloads,
    csp: contentSecurityPolicy(),
    keepAliveMs: 50,
  });
});

afterAll(async () => {
  await server.close();
  await desk.close();
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
});

const rpc = (channel: string, body: string, headers: Record<string, string> = { [TOKEN_HEADER]: server.token }) =>
  fetch(`${server.url}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

function rawGet(pathname: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: pathname, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web bridge server', () => {
  it('listens on 127.0.0.1 and prints the page URL with the token in the fragment', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.pageUrl).toBe(`${server.url}/#token=${encodeURIComponent(server.token)}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers POST /rpc/<channel> with the service envelope', async () => {
    const r = await rpc('settings:get', '{}');
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ ok: true, data: { dailySync: { enabled: true } } });
    const empty = await rpc('app:info', '');
    expect(await empty.json()).toMatchObject({ ok: true, data: { mode: 'web' } });
  });

  it('requires the token on every call', async () => {
    const variants: Array<Record<string, string>> = [
      {},
      { [TOKEN_HEADER]: 'wrong' },
      { [TOKEN_HEADER]: server.token + 'x' },
    ];
    for (const headers of variants) {
      const r = await rpc('settings:get', '{}', headers);
      expect(r.status).toBe(401);
      expect(await r.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect((await fetch(`${server.url}/events`)).status).toBe(401);
  });

  it('refuses foreign hosts (DNS rebinding) and cross-origin callers', async () => {
    const rebound = await rawGet('/', { host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(421);
    const cross = await rpc('settings:get', '{}', { [TOKEN_HEADER]: server.token, origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    const same = await rpc('settings:get', '{}', { [TOKEN_HEADER]: server.token, origin: server.url });
    expect(same.status).toBe(200);
  });

  it('turns bad bodies and bad inputs into validation envelopes and keeps serving', async () => {
    const notJson = await rpc('settings:update', '{nope');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ ok: false, error: { code: 'validation' } });
    const tooBig = await rpc('settings:update', JSON.stringify({ x: 'y'.repeat(2_000_000) }));
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ ok: false, error: { code: 'validation' } });
    const polluted = await rpc('settings:update', '{"__proto__":{"admin":true}}');
    expect(await polluted.json()).toMatchObject({ ok: false, error: { code: 'validation' } });
    const unknown = await rpc('nope:nothing', '{}');
    expect(await unknown.json()).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'Unknown request.' },
    });
    expect((await rpc('settings:get', '{}')).status).toBe(200);
  });

  it('streams events as named Server-Sent Events', async () => {
    const ac = new AbortController();
    const res = await fetch(`${server.url}/events?token=${encodeURIComponent(server.token)}`, { signal: ac.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    service.emit('workspaces:changed', { workspaceId: 'w1', reason: 'renamed' });
    while (!text.includes('event: workspaces:changed')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    ac.abort();
    expect(text).toContain('event: workspaces:changed\ndata: {"workspaceId":"w1","reason":"renamed"}\n\n');
  });

  it('serves the built page with the CSP, never anything outside it', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>desk</title>');
    const deep = await fetch(`${server.url}/workspaces/abc`);
    expect(await deep.text()).toContain('<title>desk</title>');
    expect((await fetch(`${server.url}/assets/app.js`)).headers.get('content-type')).toContain('text/javascript');
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
      const r = await rawGet(p, { host: `127.0.0.1:${server.port}` });
      expect(r.body, p).not.toContain('outside the web root');
      expect([400, 404]).toContain(r.status);
    }
  });

  it('hands out exports by random id with the token', async () => {
    const chosen = (await downloads.choose('acme-audit-2026-11-24.csv', 'text/csv'))!;
    fs.writeFileSync(chosen.file, 'rule,status\nF1,fail\n');
    const noToken = await fetch(`${server.url}/download/${chosen.downloadId}`);
    expect(noToken.status).toBe(401);
    const r = await fetch(`${server.url}/download/${chosen.downloadId}`, { headers: { [TOKEN_HEADER]: server.token } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="acme-audit-2026-11-24.csv"');
    expect(await r.text()).toBe('rule,status\nF1,fail\n');
    const missing = await fetch(`${server.url}/download/${'0'.repeat(32)}`, {
      headers: { [TOKEN_HEADER]: server.token },
    });
    expect(missing.status).toBe(404);
  });
});
