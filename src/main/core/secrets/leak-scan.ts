import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * Finds a secret in files, in every form it could plausibly take on disk: as is (UTF-8 and UTF-16),
 * base64 and base64url (also inside a longer base64 run, at each of the three byte alignments),
 * URL-encoded, JSON-escaped, hex, and the part after "pk_". Compressed content is opened first:
 * `.gz` files and the Flate streams of PDFs, plus the text `pdftotext` extracts when it is installed
 * (PDF text can be glyph-encoded, invisible to a byte scan). Used by the no-key-leak tests.
 */
export type LeakHit = {
  file: string;
  form: string;
  where: 'bytes' | 'gunzip' | 'pdf-stream' | 'pdftotext';
  offset: number;
};

/** Base64 text of `secret` as it appears inside a longer base64 run, for each of the three alignments. */
function base64Inner(secret: Buffer, url: boolean): string[] {
  const out: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const enc = Buffer.concat([Buffer.alloc(pad), secret])
      .toString(url ? 'base64url' : 'base64')
      .replace(/=+$/, '');
    // Drop the characters that mix the prefix bytes in, and the last one that may mix in what follows.
    const skip = Math.ceil((pad * 8) / 6);
    const inner = enc.slice(skip, enc.length - 1);
    if (inner.length >= 8) out.push(inner);
  }
  return out;
}

export function secretForms(secret: string): Array<{ form: string; bytes: Buffer }> {
  const utf8 = Buffer.from(secret, 'utf8');
  const forms: Array<{ form: string; bytes: Buffer }> = [
    { form: 'raw', bytes: utf8 },
    { form: 'utf16le', bytes: Buffer.from(secret, 'utf16le') },
    { form: 'base64', bytes: Buffer.from(utf8.toString('base64').replace(/=+$/, '')) },
    { form: 'url-encoded', bytes: Buffer.from(encodeURIComponent(secret)) },
    { form: 'json-escaped', bytes: Buffer.from(JSON.stringify(secret).slice(1, -1)) },
    { form: 'hex', bytes: Buffer.from(utf8.toString('hex')) },
    { form: 'hex-upper', bytes: Buffer.from(utf8.toString('hex').toUpperCase()) },
  ];
  base64Inner(utf8, false).forEach((s, i) => forms.push({ form: `base64-aligned-${i}`, bytes: Buffer.from(s) }));
  base64Inner(utf8, true).forEach((s, i) => forms.push({ form: `base64url-aligned-${i}`, bytes: Buffer.from(s) }));
  if (secret.startsWith('pk_') && secret.length >= 3 + 16) {
    forms.push({ form: 'without-prefix', bytes: Buffer.from(secret.slice(3)) });
  }
  // Distinct byte strings only (for alphanumeric keys several forms coincide).
  const seen = new Set<string>();
  return forms.filter((f) => {
    const k = f.bytes.toString('hex');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function scanBuffer(
  buf: Buffer,
  forms: ReturnType<typeof secretForms>,
  file: string,
  where: LeakHit['where'],
): LeakHit[] {
  const hits: LeakHit[] = [];
  for (const f of forms) {
    const offset = buf.indexOf(f.bytes);
    if (offset >= 0) hits.push({ file, form: f.form, where, offset });
  }
  return hits;
}

function pdfStreams(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (;;) {
    const s = buf.indexOf('stream', from, 'latin1');
    if (s < 0) break;
    let start = s + 'stream'.length;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const end = buf.indexOf('endstream', start, 'latin1');
    if (end < 0) break;
    const raw = buf.subarray(start, end);
    try {
      out.push(zlib.inflateSync(raw));
    } catch {
      // not Flate (or an image): the byte scan already covered it raw
    }
    from = end + 'endstream'.length;
  }
  return out;
}

let pdftotextAvailable: boolean | undefined;

/** Every regular file below `dir` (symlinks not followed). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Scans one file; returns every form found and where. */
export function scanFile(file: string, secret: string): LeakHit[] {
  const forms = secretForms(secret);
  const buf = fs.readFileSync(file);
  const hits = scanBuffer(buf, forms, file, 'bytes');
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      hits.push(...scanBuffer(zlib.gunzipSync(buf), forms, file, 'gunzip'));
    } catch {
      // truncated gzip: bytes already scanned
    }
  }
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') {
    for (const s of pdfStreams(buf)) hits.push(...scanBuffer(s, forms, file, 'pdf-stream'));
    pdftotextAvailable ??= spawnSync('pdftotext', ['-v']).status === 0;
    if (pdftotextAvailable) {
      const r = spawnSync('pdftotext', ['-q', file, '-'], { maxBuffer: 256 * 1024 * 1024 });
      if (r.status === 0) hits.push(...scanBuffer(r.stdout, forms, file, 'pdftotext'));
    }
  }
  return hits;
}

/** Scans every file below `dir` (or the given files) for the secret. Empty array = nothing found. */
export function scanForSecret(target: string | string[], secret: string): LeakHit[] {
  const files = Array.isArray(target) ? target : listFiles(target);
  return files.flatMap((f) => scanFile(f, secret));
}

/** Scans captured text (a process's stdout/stderr) the same way. */
export function scanText(text: string | Buffer, secret: string, label = '<text>'): LeakHit[] {
  return scanBuffer(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), secretForms(secret), label, 'bytes');
}
