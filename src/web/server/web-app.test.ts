import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWebBridge } from '../bridge';
import { unwrap } from '../../shared/contract';
import { createLogger, memorySink } from '../../main/core/log';
import { startWebApp, type WebApp } from './web-app';

/**
 * `npm run web` minus the terminal: the whole stack (simulator, core, service, bridge server) driven through the
 * page-side bridge UI ships (src/web/bridge), over real HTTP — the same path the browser takes.
 */
describe('startWebApp', () => {
  let dir: string;
  let web: WebApp;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'web-app-'));
    web = await startWebApp({
      dataDir: dir,
      staticDir: false,
      simulator: { size: 'tiny', seed: 11, timeScale: 50 },
      logger: createLogger({ sink: memorySink() }),
    });
  });

  afterAll(async () => {
    await web.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });

  it('serves the demo journey through the page-side bridge: demo → sync → browse', async () => {
    const api = createWebBridge({ baseUrl: web.server.url, token: web.server.token, fetch });
    expect(await unwrap(api.workspaces.list())).toEqual([]);
    const { workspace } = await unwrap(api.demo.create());
    expect(workspace).toMatchObject({ name: 'Demo client', isDemo: true });
    await unwrap(api.sync.start({ workspaceId: workspace.id }));
    await vi.waitFor(
      async () => {
        const w = await unwrap(api.workspaces.get({ workspaceId: workspace.id }));
        expect(w.lastRun?.status).toBe('ok');
      },
      { timeout: 30_000, interval: 100 },
    );
    const flows = await unwrap(api.inventory.list({ workspaceId: workspace.id, type: 'flows' }));
    expect(flows.total).toBeGreaterThan(0);
    const detail = await unwrap(
      api.inventory.get({ workspaceId: workspace.id, type: 'flows', id: flows.items[0]!.id }),
    );
    expect(detail.item.id).toBe(flows.items[0]!.id);
  });

  it('refuses a page without the token', async () => {
    const api = createWebBridge({ baseUrl: web.server.url, token: 'not-the-token', fetch });
    const r = await api.workspaces.list();
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('re-pins the demo workspace to a restarted simulator', async () => {
    const first = await unwrap(
      createWebBridge({ baseUrl: web.server.url, token: web.server.token, fetch }).workspaces.list(),
    );
    await web.close();
    web = await startWebApp({
      dataDir: dir,
      staticDir: false,
      simulator: { size: 'tiny', seed: 11, timeScale: 50 },
      logger: createLogger({ sink: memorySink() }),
    });
    const api = createWebBridge({ baseUrl: web.server.url, token: web.server.token, fetch });
    const [demo] = await unwrap(api.workspaces.list());
    expect(demo!.id).toBe(first[0]!.id);
    expect(demo!.baseUrl).toBe(web.simulator.baseUrl);
    await unwrap(api.sync.start({ workspaceId: demo!.id }));
    await vi.waitFor(
      async () => {
        const runs = await unwrap(api.sync.runs({ workspaceId: demo!.id }));
        expect(runs.items[0]?.status).toBe('ok');
        expect(runs.total).toBe(2);
      },
      { timeout: 30_000, interval: 100 },
    );
  });
});
