import fs from 'node:fs';
import { syncFixture, type SyncFixture } from './test-helpers';

const walBytes = (dbFile: string) => (fs.existsSync(`${dbFile}-wal`) ? fs.statSync(`${dbFile}-wal`).size : 0);

describe('the WAL after a sync', () => {
  let fx: SyncFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('is folded into the database and cut back once the run has ended, so the data folder does not keep it', async () => {
    fx = await syncFixture({ size: 'medium', timeScale: 200 });
    const ws = await fx.addWorkspace('Medium');
    const res = await fx.ctx.sync.run({ workspaceId: ws, trigger: 'cli' });
    expect(res.status).toBe('ok');
    // the run wrote megabytes (every item, version and the snapshot); what is left is at most a few pages the
    // screens' side wrote after the run's end
    expect(fx.ctx.store.inventory.counts(ws).campaigns).toBeGreaterThan(500);
    expect(walBytes(fx.ctx.dbFile)).toBeLessThan(256 * 1024);
  });
});
