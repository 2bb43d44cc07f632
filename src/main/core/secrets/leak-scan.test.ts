import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { scanForSecret, scanText, secretForms } from './leak-scan';

const fakeKey = () => `pk_${randomBytes(17).toString('hex')}`;

describe('leak scanner', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kad-scan-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds nothing in files that do not contain the key', () => {
    const key = fakeKey();
    fs.writeFileSync(path.join(dir, 'a.log'), `{"msg":"ok","other":"${fakeKey()}"}\n`);
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'b.csv'), 'id,name\n1,x\n');
    expect(scanForSecret(dir, key)).toEqual([]);
  });

  it('finds the key raw, in UTF-16, URL-encoded, hex, without its prefix and in base64 at any alignment', () => {
    const key = fakeKey();
    const cases: Record<string, Buffer> = {
      raw: Buffer.from(`x${key}y`),
      utf16: Buffer.from(`ab${key}cd`, 'utf16le'),
      url: Buffer.from(`q=${encodeURIComponent(`${key}&`)}`),
      hex: Buffer.from(`0x${Buffer.from(key).toString('hex')}`),
      body: Buffer.from(`key body ${key.slice(3)}`),
      b64a: Buffer.from(Buffer.from(`${key}`).toString('base64')),
      b64b: Buffer.from(Buffer.from(`X${key}tail`).toString('base64')),
      b64c: Buffer.from(Buffer.from(`XY${key}tail`).toString('base64url')),
      b64d: Buffer.from(Buffer.from(`Authorization: Klaviyo-API-Key ${key}`).toString('base64')),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      expect(scanForSecret([file], key).length, name).toBeGreaterThan(0);
    }
  });

  it('opens gzip files and compressed PDF streams', () => {
    const key = fakeKey();
    fs.writeFileSync(path.join(dir, 'export.csv.gz'), zlib.gzipSync(`a,b\n${key},1\n`));
    const stream = zlib.deflateSync(`BT /F1 12 Tf (${key}) Tj ET`);
    fs.writeFileSync(
      path.join(dir, 'r.pdf'),
      Buffer.concat([
        Buffer.from('%PDF-1.4\n1 0 obj << /Filter /FlateDecode >>\nstream\n'),
        stream,
        Buffer.from('\nendstream\n'),
      ]),
    );
    const hits = scanForSecret(dir, key);
    expect(hits.map((h) => [path.basename(h.file), h.where])).toEqual(
      expect.arrayContaining([
        ['export.csv.gz', 'gunzip'],
        ['r.pdf', 'pdf-stream'],
      ]),
    );
  });

  it.skipIf(spawnSync('sh', ['-c', 'command -v pdftotext']).status !== 0)(
    'reads the text of a real PDF (pdfkit, embedded font) through pdftotext',
    async () => {
      const key = fakeKey();
      const { default: PDFDocument } = await import('pdfkit');
      const file = path.join(dir, 'report.pdf');
      await new Promise<void>((resolve, reject) => {
        const doc = new PDFDocument();
        const out = fs.createWriteStream(file);
        out.on('finish', resolve);
        out.on('error', reject);
        doc.pipe(out);
        doc.font('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf').text(`Key: ${key}`);
        doc.end();
      });
      expect(fs.readFileSync(file).includes(Buffer.from(key))).toBe(false); // invisible to a plain byte scan
      expect(scanForSecret([file], key).some((h) => h.where === 'pdftotext')).toBe(true);
    },
  );

  it('scans captured process output', () => {
    const key = fakeKey();
    expect(scanText(`error for ${key}`, key).map((h) => h.form)).toEqual(['raw', 'without-prefix']);
    expect(scanText('error for pk_[redacted]', key)).toEqual([]);
  });

  it('only lists distinct byte forms', () => {
    const forms = secretForms(fakeKey());
    expect(new Set(forms.map((f) => f.bytes.toString('hex'))).size).toBe(forms.length);
  });
});
