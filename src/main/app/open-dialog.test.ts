import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PickedFileSchema as PickedFilesSchema } from '../../shared/contract/imports';
import { PickedFiles } from '../core/imports';

const chosen = { path: '' };
vi.mock('electron', () => ({
  BrowserWindow: { getFocusedWindow: () => null, getAllWindows: () => [] },
  dialog: {
    showOpenDialog: async () =>
      chosen.path ? { canceled: false, filePaths: [chosen.path] } : { canceled: true, filePaths: [] },
  },
}));

const { openDialogPicker } = await import('./open-dialog');

describe('the open-file dialog port', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-folder-of-ana-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('hands the page a token and the file’s own name, never the path; the core resolves the token', async () => {
    chosen.path = path.join(dir, 'customers_export.csv');
    fs.writeFileSync(chosen.path, 'Email\nana@example.com\n');
    const files = new PickedFiles({ open: openDialogPicker(() => os.homedir()) });
    const picked = await files.choose();
    expect(PickedFilesSchema.parse(picked)).toEqual(picked);
    expect(picked).toMatchObject({ fileName: 'customers_export.csv', bytes: 22 });
    expect(JSON.stringify(picked)).not.toContain(dir);
    expect(JSON.stringify(picked)).not.toContain(path.sep + 'customers_export.csv');
    expect(files.resolve(picked!.fileToken)).toEqual({ file: chosen.path, fileName: 'customers_export.csv' });
  });

  it('answers null when the person cancels, and refuses a token it never gave out', async () => {
    chosen.path = '';
    const files = new PickedFiles({ open: openDialogPicker(() => os.homedir()) });
    await expect(files.choose()).resolves.toBeNull();
    expect(() => files.resolve('0'.repeat(32))).toThrow(/choose it again/);
  });
});
