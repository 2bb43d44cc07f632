import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createPrivateWriteStream,
  ensurePrivateDir,
  openPrivateFile,
  restrictFileToOwner,
  tightenFolder,
  writePrivateFile,
} from './index';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe.skipIf(process.platform === 'win32')('files readable by their owner only', () => {
  let dir: string;
  const umask = process.umask();
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-files-'));
    // the usual desktop umask, under which plain fs calls make 0755 folders and 0644 files
    process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umask);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates folders 0700 and narrows an existing wide one', () => {
    expect(ensurePrivateDir(path.join(dir, 'a', 'b'))).toBe(false);
    expect(mode(path.join(dir, 'a', 'b'))).toBe(0o700);
    const wide = path.join(dir, 'wide');
    fs.mkdirSync(wide, { mode: 0o755 });
    expect(ensurePrivateDir(wide)).toBe(true);
    expect(mode(wide)).toBe(0o700);
  });

  it('opens new and existing files 0600, whatever the old file allowed', () => {
    const fresh = path.join(dir, 'fresh.csv');
    fs.closeSync(openPrivateFile(fresh));
    expect(mode(fresh)).toBe(0o600);
    const old = path.join(dir, 'old.csv');
    fs.writeFileSync(old, 'x', { mode: 0o666 });
    expect(mode(old)).toBe(0o644);
    fs.closeSync(openPrivateFile(old, 'a'));
    expect(mode(old)).toBe(0o600);
  });

  it('streams an export into a 0600 file, also when overwriting a world-readable one', async () => {
    const file = path.join(dir, 'audit.pdf');
    fs.writeFileSync(file, 'older export');
    expect(mode(file)).toBe(0o644);
    const out = createPrivateWriteStream(file);
    out.end('%PDF-1.7 new');
    await new Promise<void>((resolve, reject) => out.on('close', resolve).on('error', reject));
    expect(fs.readFileSync(file, 'utf8')).toBe('%PDF-1.7 new');
    expect(mode(file)).toBe(0o600);
  });

  it('replaces a file atomically as 0600 and leaves no temp file', () => {
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, '{}');
    writePrivateFile(file, '{"a":1}');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"a":1}');
    expect(mode(file)).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
  });

  it('narrows a missing file to nothing and an existing one to 0600', () => {
    expect(restrictFileToOwner(path.join(dir, 'nope'))).toBe(false);
    const f = path.join(dir, 'db-wal');
    fs.writeFileSync(f, '');
    expect(restrictFileToOwner(f)).toBe(true);
    expect(mode(f)).toBe(0o600);
  });

  it('tightens a whole folder made by an older install, and leaves symbolic links alone', () => {
    fs.chmodSync(dir, 0o755);
    fs.mkdirSync(path.join(dir, 'logs'), { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'logs', 'app.log'), 'x', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'audit-desk.sqlite'), 'x', { mode: 0o664 });
    fs.writeFileSync(path.join(dir, 'already.json'), 'x', { mode: 0o600 });
    const outside = path.join(os.tmpdir(), `outside-${process.pid}`);
    fs.writeFileSync(outside, 'x', { mode: 0o644 });
    fs.symlinkSync(outside, path.join(dir, 'link'));
    try {
      const r = tightenFolder(dir);
      expect(r.failed).toEqual([]);
      expect(r.tightened.sort()).toEqual(
        [dir, path.join(dir, 'logs'), path.join(dir, 'logs', 'app.log'), path.join(dir, 'audit-desk.sqlite')].sort(),
      );
      expect([dir, path.join(dir, 'logs')].map(mode)).toEqual([0o700, 0o700]);
      expect([path.join(dir, 'logs', 'app.log'), path.join(dir, 'audit-desk.sqlite')].map(mode)).toEqual([
        0o600, 0o600,
      ]);
      expect(mode(outside)).toBe(0o644);
      expect(tightenFolder(dir).tightened).toEqual([]);
    } finally {
      fs.rmSync(outside, { force: true });
    }
  });
});
