import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWebApp, type WebApp } from '../../src/web/server';
import { createLogger, memorySink } from '../../src/main/core/log';
import type { Simulator, SimulatorOptions } from '../../src/sim/types';
import type { Result } from '../../src/shared/contract';
import { WEB_OUT } from './build';

export interface Stack {
  /** the page address with the token in the fragment */
  url: string;
  sim: Simulator;
  app: WebApp;
  dataDir: string;
  /** a direct call into the same service, to check what the page did */
  call(channel: string, input?: unknown): Promise<Result<unknown>>;
  /** the same call's data, or a throw naming the channel: for the calls a test builds on rather than checks */
  data<T>(channel: string, input?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * The real stack in this process, via SHELL's `startWebApp`: simulator + core on a temp data dir + service + web
 * bridge serving out/web. Everything is closed and the folder deleted on `close`.
 */
export async function startStack(simulator: Partial<SimulatorOptions> = {}): Promise<Stack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kad-e2e-'));
  const app = await startWebApp({
    dataDir,
    port: 0,
    staticDir: WEB_OUT,
    buildIfMissing: false,
    simulator: { size: 'tiny', seed: 11, timeScale: 60, ...simulator },
    logger: createLogger({ sink: memorySink() }),
  });
  return {
    url: app.server.pageUrl,
    sim: app.simulator,
    app,
    dataDir,
    call: (channel, input) => app.service.call(channel, input ?? {}),
    async data<T>(channel: string, input?: unknown): Promise<T> {
      const r = await app.service.call(channel, input ?? {});
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.data as T;
    },
    async close() {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
