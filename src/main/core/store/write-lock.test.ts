import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from './index';
import { addWorkspace } from './test-helpers';

/**
 * Another connection (the sync worker, or the CLI beside the app) holds the write lock for a moment. A transaction
 * that reads before it writes must wait for it like any other write: SQLite does not call the busy handler for a
 * read transaction that wants to become a write one, so a deferred BEGIN fails at once with "database is locked".
 */
const HOLDER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
db.prepare('UPDATE workspaces SET updated_at = updated_at + 1').run();
process.stdout.write('locked\\n');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
db.exec('COMMIT');
db.close();
`;

async function whileAnotherConnectionWrites<T>(file: string, holdMs: number, fn: () => T): Promise<T> {
  const child = spawn(process.execPath, ['-e', HOLDER, file, String(holdMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    child.on('exit', () => reject(new Error(`the lock holder ended before it locked: ${stderr}`)));
  });
  try {
    return fn();
  } finally {
    expect(await exited, stderr).toBe(0);
  }
}

describe('writes wait for another connection holding the write lock', () => {
  let dir = '';
  let file = '';
  let store: Store;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'write-lock-'));
    file = path.join(dir, 'db.sqlite');
    store = openStore(file);
    addWorkspace(store, 'w1');
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('advancing the sync cursors (a read of each cursor, then its write)', async () => {
    const run = { runId: 1, startedAt: 1_000, full: true, now: 2_000 };
    store.cursors.advance('w1', [{ resource: 'flows', cursorField: 'updated' }], run);
    await whileAnotherConnectionWrites(file, 300, () =>
      store.cursors.advance('w1', [{ resource: 'flows', cursorField: 'updated' }], { ...run, runId: 2, full: false }),
    );
    expect(store.cursors.list('w1')).toEqual([expect.objectContaining({ resource: 'flows', lastFullRunId: 1 })]);
  });

  it("the store's own transaction, when its function reads first", async () => {
    const name = await whileAnotherConnectionWrites(file, 300, () =>
      store.transaction(() => {
        const ws = store.workspaces.get('w1')!;
        store.workspaces.update('w1', { name: `${ws.name}!`, updatedAt: 3 });
        return store.workspaces.get('w1')!.name;
      }),
    );
    expect(name).toBe('w1!');
  });
});
