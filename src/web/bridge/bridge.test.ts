import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contentSecurityPolicy } from '../../shared/contract/csp';
import { createLogger, memorySink } from '../../main/core/log';
import type { Desk, Service } from '../../main/core/compose';
import { testDesk } from '../../main/core/test-desk';
import { startBridgeServer, type BridgeServer } from '../server';
import { createWebBridge, readToken } from './index';

/** The page-side bridge against the real bridge server and service (no browser needed for the RPC half). */
describe('web bridge (page side)', () => {
  let dir: string;
  let desk: Desk;
  let service: Service;
  let server: BridgeServer;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridge-page-'));
    const logger = createLogger({ sink: memorySink() });
    desk = testDesk({ mode: 'web', dataDir: dir, logger });
    service = desk.service;
    server = await startBridgeServer({ service, logger, csp: contentSecurityPolicy() });
  });

  afterAll(async () => {
    await server.close();
    await desk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('calls a channel over HTTP and returns the validated envelope', async () => {
    const api = createWebBridge({ baseUrl: server.url, token: server.token });
    const info = await api.app.info();
    expect(info).toMatchObject({ ok: true, data: { mode: 'web', name: 'Klaviyo Audit Desk' } });
    const updated = await api.settings.update({ dailySync: { time: '06:45' } });
    expect(updated).toMatchObject({ ok: true, data: { dailySync: { time: '06:45' } } });
    expect(await api.settings.get()).toMatchObject({ ok: true, data: { dailySync: { time: '06:45' } } });
  });

  it('passes bad input through to the service, which answers with a validation envelope', async () => {
    const api = createWebBridge({ baseUrl: server.url, token: server.token });
    const r = await api.workspaces.rename({ workspaceId: 'no such id!', name: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('validation');
  });

  it('turns a wrong token into an error envelope, never a throw', async () => {
    const api = createWebBridge({ baseUrl: server.url, token: 'wrong' });
    const r = await api.settings.get();
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('turns an unreachable server into a network envelope', async () => {
    const api = createWebBridge({ baseUrl: 'http://127.0.0.1:9', token: server.token });
    const r = await api.settings.get();
    expect(r).toMatchObject({ ok: false, error: { code: 'network' } });
  });

  it('rejects a reply that does not match the contract as malformed', async () => {
    const fakeFetch = (async () => new Response(JSON.stringify({ ok: true, data: { mode: 'nope' } }))) as typeof fetch;
    const api = createWebBridge({ token: 't', fetch: fakeFetch });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const r = await api.app.info();
      expect(r).toMatchObject({ ok: false, error: { code: 'malformed_response' } });
      expect(warn).toHaveBeenCalledWith('[api] invalid reply on app:info', expect.anything());
    } finally {
      warn.mockRestore();
    }
  });

  it('reads the token from the fragment, keeps it for reloads and takes it out of the address bar', () => {
    const saved = new Map<string, string>();
    const storage = {
      getItem: (k: string) => saved.get(k) ?? null,
      setItem: (k: string, v: string) => void saved.set(k, v),
    } as unknown as Storage;
    const replaced: string[] = [];
    vi.stubGlobal('history', { replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) });
    try {
      const loc = { hash: '#token=abc%2Fdef', pathname: '/', search: '' } as Location;
      expect(readToken(loc, storage)).toBe('abc/def');
      expect(replaced).toEqual(['/']);
      // a reload without the fragment still finds it
      expect(readToken({ hash: '', pathname: '/', search: '' } as Location, storage)).toBe('abc/def');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
