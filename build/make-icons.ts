import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

/**
 * Draws the app and tray icons (the favicon's motif: three rising bars on an indigo rounded square) into PNGs,
 * so the packaged app has icons without an image editor. Run: npx tsx build/make-icons.ts
 */

type RGBA = [number, number, number, number];
const INDIGO: RGBA = [0x46, 0x59, 0xd6, 255];
const WHITE: RGBA = [255, 255, 255, 255];
const ORANGE: RGBA = [0xf0, 0x8c, 0x00, 255];

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size: number, pixel: (x: number, y: number) => RGBA): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const SS = 4;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const p = pixel((x + (sx + 0.5) / SS) / size, (y + (sy + 0.5) / SS) / size);
          r += p[0] * p[3];
          g += p[1] * p[3];
          b += p[2] * p[3];
          a += p[3];
        }
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = a ? Math.round(r / a) : 0;
      raw[o + 1] = a ? Math.round(g / a) : 0;
      raw[o + 2] = a ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round(a / (SS * SS));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function inRoundedRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** u, v in 0..1 (the favicon's 24-unit grid scaled) */
function motif(u: number, v: number, dot: boolean): RGBA {
  const X = u * 24;
  const Y = v * 24;
  if (dot && (X - 19.5) ** 2 + (Y - 4.5) ** 2 <= 4.5 ** 2) return ORANGE;
  if (!inRoundedRect(X, Y, 0.5, 0.5, 23.5, 23.5, 6)) return [0, 0, 0, 0];
  const bar = (x: number, top: number) => inRoundedRect(X, Y, x - 1.1, top - 1.1, x + 1.1, 17 + 1.1, 1.1);
  if (bar(7, 12) || bar(12, 7) || bar(17, 9)) return WHITE;
  return INDIGO;
}

const dir = path.dirname(fileURLToPath(import.meta.url));
fs.writeFileSync(
  path.join(dir, 'icon.png'),
  png(512, (u, v) => motif(u, v, false)),
);
fs.writeFileSync(
  path.join(dir, 'tray.png'),
  png(32, (u, v) => motif(u, v, false)),
);
fs.writeFileSync(
  path.join(dir, 'tray-attention.png'),
  png(32, (u, v) => motif(u, v, true)),
);
console.log('icons written to', dir);
