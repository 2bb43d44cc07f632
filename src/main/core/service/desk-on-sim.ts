import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Simulator } from '../../../sim/types';
import type { EventPayload } from '../../../shared/contract';
import type { Desk } from '../compose';
import { createLogger, memorySink } from '../log';
import { testDesk } from '../test-desk';

export type DeskOnSim = {
  desk: Desk;
  workspaceId: string;
  /** a service call that throws the error envelope instead of answering it */
  call<T>(channel: string, input: unknown): Promise<T>;
  /** syncs the workspace and waits for its audit */
  sync(full?: boolean): Promise<EventPayload<'sync:finished'>>;
  close(): Promise<void>;
};

/**
 * For tests: a desk in a fresh data folder, with one workspace on the simulator's first account; exports are
 * written into the data folder.
 */
export async function deskOnSim(sim: Simulator, prefix: string): Promise<DeskOnSim> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const desk = testDesk({
    mode: 'web',
    dataDir: dir,
    logger: createLogger({ sink: memorySink() }),
    exportTarget: { choose: async (name) => ({ file: path.join(dir, name), downloadId: null }) },
  });
  const { service } = desk;
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await service.call(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.data as T;
  };
  const added = await call<{ workspace: { id: string } }>('workspaces:add', {
    name: sim.accounts[0]!.name,
    apiKey: sim.keys.full!,
    baseUrl: sim.baseUrl,
  });
  const workspaceId = added.workspace.id;
  return {
    desk,
    workspaceId,
    call,
    async sync(full = false) {
      const finished = new Promise<EventPayload<'sync:finished'>>((resolve) => {
        const off = service.on('sync:finished', (p) => {
          if (p.workspaceId !== workspaceId) return;
          off();
          resolve(p);
        });
      });
      await call('sync:start', { workspaceId, ...(full ? { full } : {}) });
      const done = await finished;
      await service.auditsSettled();
      return done;
    },
    async close() {
      await desk.close();
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    },
  };
}
