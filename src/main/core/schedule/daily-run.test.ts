import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../store';
import { startDailySyncs } from './daily-run';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-run-'));
  store = openStore(path.join(dir, 'db.sqlite'));
  for (const id of ['a', 'b', 'c', 'd']) {
    store.workspaces.insert({
      id,
      name: id,
      secretRef: `workspace:${id}`,
      createdAt: 1,
      updatedAt: 1,
      archived: id === 'd',
    });
  }
  const slot = Date.parse('2026-11-24T08:00:00Z');
  // a synced manually after the slot; b synced before it; c failed after it
  store.runs.insert({ requestId: 'r1', workspaceId: 'a', trigger: 'manual', status: 'ok', startedAt: slot + 3600_000 });
  store.runs.insert({
    requestId: 'r2',
    workspaceId: 'b',
    trigger: 'daily',
    status: 'ok',
    startedAt: slot - 86_400_000,
  });
  store.runs.insert({
    requestId: 'r3',
    workspaceId: 'c',
    trigger: 'manual',
    status: 'failed_auth',
    startedAt: slot + 60_000,
  });
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
});

describe('startDailySyncs', () => {
  it('starts every active workspace not already synced since the slot, and keeps going past a failure', async () => {
    const starts: Array<[string, string]> = [];
    const sync = {
      async start({ workspaceId, trigger }: { workspaceId: string; trigger: string }) {
        starts.push([workspaceId, trigger]);
        if (workspaceId === 'b') throw new Error('busy');
      },
    };
    const started = await startDailySyncs(store, sync, new Date('2026-11-24T08:00:00Z'));
    expect(starts).toEqual([
      ['b', 'daily'],
      ['c', 'daily'],
    ]);
    expect(started).toEqual(['c']);
  });

  it('"Sync all now" from the tray starts every active workspace', async () => {
    const starts: string[] = [];
    await startDailySyncs(
      store,
      { start: async (i) => void starts.push(`${i.workspaceId}:${i.trigger}`) },
      new Date(),
      'tray',
    );
    expect(starts).toEqual(['a:tray', 'b:tray', 'c:tray']);
  });
});
